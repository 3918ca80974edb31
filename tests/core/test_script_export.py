"""Export as PyTorch script, in this process: the script is run with runpy (its own globals, torch's random state
set aside) and compared with the playground's Trainer doing the same run. The command line's export and the
script run with plain `python` are in tests/cli/test_export_script.py."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import runpy
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.script_export import MAX_EMBEDDED_POINTS, ScriptExportError, script_for, write_script
from playground.core.trained_weights import TrainedWeights
from playground.core.training import Trainer, TrainingSettings

ALLOWED_IMPORTS = {"json", "math", "time", "pathlib", "numpy", "torch"}


def run_script(path: Path) -> tuple[dict, dict]:
    """Run a written script here: (its globals, the JSON object of its last line of output)."""
    out = io.StringIO()
    with torch.random.fork_rng(devices=[]), contextlib.redirect_stdout(out):
        names = runpy.run_path(str(path), run_name="__main__")
    return names, json.loads(out.getvalue().strip().splitlines()[-1])


def trained(scenario: Scenario, steps: int) -> Trainer:
    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    if scenario.weights is not None:
        trainer.load_weights(scenario.weights, steps=scenario.weights.steps, epochs=scenario.weights.epochs)
    trainer.step(steps)
    return trainer


def assert_same_weights(model, trainer: Trainer, atol: float = 0.0) -> None:
    layers = [m for m in model if isinstance(m, torch.nn.Linear)]
    assert len(layers) == len(trainer.weights())
    for layer, (w, b) in zip(layers, trainer.weights(), strict=True):
        np.testing.assert_allclose(layer.weight.detach().numpy(), w, rtol=0, atol=atol)
        np.testing.assert_allclose(layer.bias.detach().numpy(), b, rtol=0, atol=atol)


def three_blobs(n: int = 150, seed: int = 3) -> Dataset:
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    centres = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    points = centres[labels] + rng.normal(0.0, 1.2, size=(n, 2))
    return Dataset.create(points.astype(np.float32), labels, class_names=("red", "green", "blue"), seed=seed)


def imported_modules(text: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "a relative import"
            modules.add(node.module.split(".")[0])
    return modules


VARIANTS = {
    "classify": Scenario(PresetSpec("xor", points=80), NetworkSpec(hidden=(4,))),
    "fit": Scenario(PresetSpec("wave", points=60), NetworkSpec(hidden=(5,), features=("x1", "sinx1"))),
    "line": Scenario(PresetSpec("line"), NetworkSpec(hidden=()), TrainingSettings("sgd", 0.1)),
    "many points": Scenario(PresetSpec("gauss", points=MAX_EMBEDDED_POINTS + 1), NetworkSpec(hidden=(2,))),
    "perceptron": Scenario(three_blobs(), NetworkSpec(hidden=(), activation="step")),
    "everything": Scenario(PresetSpec("circle", points=60), NetworkSpec(
        hidden=(4, 3), activation=("step", "gelu"), features=("x1sq", "x2sq", "x1x2", "sinx2"), dropout=(0.2, 0.0)),
        TrainingSettings("rmsprop", 0.01, batch_size=7, loss="mse", regularization="l1", reg_rate=0.01)),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_the_script_needs_only_torch_numpy_and_the_standard_library(name):
    text = script_for(VARIANTS[name], 10).text
    modules = imported_modules(text)
    assert "playground" not in modules
    assert modules <= ALLOWED_IMPORTS, modules - ALLOWED_IMPORTS
    assert "import playground" not in text and "from playground" not in text


@pytest.mark.parametrize("name", VARIANTS)
def test_the_script_starts_where_the_trainer_starts_and_measures_what_it_measures(name, tmp_path):
    """STEPS = 0: the seed's starting weights, the data, its split and the metrics are the Trainer's."""
    scenario = VARIANTS[name]
    names, result = run_script(write_script(scenario, 0, tmp_path / "train.py")[-1])
    trainer = trained(scenario, 0)
    assert_same_weights(names["model"], trainer)
    dataset = scenario.dataset()
    np.testing.assert_array_equal(names["train_points"].numpy(), dataset.train_points)
    np.testing.assert_array_equal(names["test_points"].numpy(), dataset.test_points)
    if not dataset.is_fit:
        np.testing.assert_array_equal(names["train_labels"].numpy(), dataset.train_labels)
        np.testing.assert_array_equal(names["test_labels"].numpy(), dataset.test_labels)
    m = trainer.metrics()
    quality = "r2" if dataset.is_fit else "accuracy"
    assert result["steps"] == 0
    assert result["train_loss"] == pytest.approx(m.train_loss, abs=1e-5)
    assert result["test_loss"] == pytest.approx(m.test_loss, abs=1e-5)
    assert result[f"train_{quality}"] == pytest.approx(m.train_accuracy, abs=1e-5)
    assert result[f"test_{quality}"] == pytest.approx(m.test_accuracy, abs=1e-5)


@pytest.mark.parametrize("name", ["classify", "fit", "line", "perceptron", "many points"])
def test_the_script_trains_exactly_as_the_trainer_does(name, tmp_path):
    """The same weights after training: features, initialisation, batches, loss, penalty and optimiser agree."""
    scenario = VARIANTS[name]
    if name in ("classify", "perceptron"):  # batches drawn in shuffled order, and a penalty
        scenario = replace(scenario, training=TrainingSettings("momentum", 0.05, batch_size=9, regularization="l2",
                                                               reg_rate=0.01))
    if name == "many points":
        scenario = replace(scenario, training=TrainingSettings("adam", 0.01, batch_size=64, loss="mse",
                                                               regularization="l1", reg_rate=0.001))
    names, result = run_script(write_script(scenario, 60, tmp_path / "train.py")[-1])
    trainer = trained(scenario, 60)
    assert_same_weights(names["model"], trainer, atol=1e-6)
    assert result["steps"] == 60
    assert result["epochs"] == pytest.approx(trainer.epoch, abs=1e-3)


def test_the_line_fit_reports_a_and_b_as_the_app_does(tmp_path):
    scenario = VARIANTS["line"]
    _, result = run_script(write_script(scenario, 200, tmp_path / "line.py")[-1])
    a, b = trained(scenario, 200).fit_line()
    assert result["a"] == pytest.approx(a, abs=1e-5) and result["b"] == pytest.approx(b, abs=1e-5)


def test_many_points_go_to_a_csv_file_beside_the_script(tmp_path):
    files = write_script(VARIANTS["many points"], 0, tmp_path / "big.py")
    assert [f.name for f in files] == ["big_data.csv", "big.py"]
    rows = files[0].read_text().splitlines()
    assert rows[0] == "x1,x2,label,is_test" and len(rows) == MAX_EMBEDDED_POINTS + 2
    few = write_script(VARIANTS["classify"], 0, tmp_path / "small.py")
    assert [f.name for f in few] == ["small.py"]
    assert "TRAIN_ROWS = [" in few[0].read_text()


def test_awkward_numbers_are_written_so_that_they_read_back_exactly(tmp_path):
    values = np.array([1e-30, -1e-30, 1.4e-45, 123456.79, -0.0, 9.999e14, -9.999e14, 0.1, 1 / 3, 2.0 ** -20,
                       np.nextafter(np.float32(1.0), np.float32(2.0))], dtype=np.float32)
    rng = np.random.default_rng(0)
    values = np.r_[values, rng.normal(0, 1, 200).astype(np.float32), (rng.normal(0, 1, 200) * 1e6).astype(np.float32)]
    points = np.c_[values, values[::-1]]
    data = Dataset.create(points, np.arange(len(points)) % 2)
    for count, name in ((len(points), "embedded.py"), (MAX_EMBEDDED_POINTS + 1, "csv.py")):
        repeat = np.resize(np.arange(len(points)), count)
        dataset = Dataset(data.points[repeat], data.labels[repeat], data.is_test[repeat])
        names, _ = run_script(write_script(Scenario(dataset, NetworkSpec(hidden=())), 0, tmp_path / name)[-1])
        np.testing.assert_array_equal(names["train_points"].numpy(), dataset.train_points)
        np.testing.assert_array_equal(names["test_points"].numpy(), dataset.test_points)


def trained_scenario() -> Scenario:
    scenario = Scenario(PresetSpec("two-curves", points=80), NetworkSpec(hidden=(3,)),
                        TrainingSettings(batch_size=10))
    trainer = trained(scenario, 150)
    return replace(scenario, weights=TrainedWeights(trainer.weights(), trainer.step_count, trainer.epoch))


def test_a_trained_scenario_goes_on_from_its_weights(tmp_path):
    scenario = trained_scenario()
    path = write_script(scenario, 40, tmp_path / "train.py")[-1]
    assert "START_FROM_TRAINED_WEIGHTS = True" in path.read_text()
    names, result = run_script(path)
    trainer = trained(scenario, 40)
    assert_same_weights(names["model"], trainer, atol=1e-6)
    assert result["steps"] == 190
    assert result["epochs"] == pytest.approx(trainer.epoch, abs=1e-3)


def test_the_trained_weights_can_be_kept_aside_to_start_from_the_seed(tmp_path):
    scenario = trained_scenario()
    path = write_script(scenario, 40, tmp_path / "train.py", start_from_weights=False)[-1]
    text = path.read_text()
    assert "START_FROM_TRAINED_WEIGHTS = False" in text and "TRAINED_WEIGHTS = [" in text
    names, result = run_script(path)
    assert_same_weights(names["model"], trained(replace(scenario, weights=None), 40), atol=1e-6)
    assert result["steps"] == 40
    path.write_text(text.replace("START_FROM_TRAINED_WEIGHTS = False", "START_FROM_TRAINED_WEIGHTS = True"))
    names, result = run_script(path)  # the switch works: the same as going on from the weights
    assert_same_weights(names["model"], trained(scenario, 40), atol=1e-6)
    assert result["steps"] == 190


def test_names_from_the_data_cannot_break_the_script(tmp_path):
    data = three_blobs(30)
    data = replace(data, class_names=('say """hi', "back\\slash", "new\nline"), feature_names=("a'b", 'c"d'))
    path = write_script(Scenario(data, NetworkSpec(hidden=(2,))), 5, tmp_path / "odd.py",
                        title='a """title""" \\ with\nodd characters')[-1]
    _, result = run_script(path)
    assert result["steps"] == 5


def test_dropout_is_in_the_network_and_the_script_says_its_draws_differ():
    text = script_for(VARIANTS["everything"], 10).text
    assert "nn.Dropout(0.2)" in text
    assert "another random stream" in text


def test_data_without_training_points_is_refused_in_plain_words():
    data = three_blobs(30)
    only_test = replace(data, is_test=np.ones(30, bool))
    with pytest.raises(ScriptExportError, match="no training points"):
        script_for(Scenario(only_test), 10)


def test_a_file_that_cannot_be_written_is_a_plain_message(tmp_path):
    scenario = VARIANTS["classify"]
    with pytest.raises(ScriptExportError, match=r"cannot write .*train\.py: its folder does not exist"):
        write_script(scenario, 10, tmp_path / "missing" / "train.py")
    (tmp_path / "folder.py").mkdir()
    with pytest.raises(ScriptExportError, match="this is a folder, not a file"):
        write_script(scenario, 10, tmp_path / "folder.py")

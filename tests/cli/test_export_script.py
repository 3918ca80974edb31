"""`playground export-script`: the exported script, run with plain `python` (in a folder of its own, where any
import of the playground fails), repeats `playground train --json` with the same options. The export and the
train commands run in this process (they take milliseconds); the scripts run as subprocesses, all at once."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from playground import cli
from playground.core.csv_io import write_csv
from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, save_scenario
from playground.core.trained_weights import TrainedWeights
from playground.core.training import Trainer, TrainingSettings

TIMEOUT_S = 240
TOLERANCE = 0.02  # on the test accuracy or R², as the issue asks; the run is in fact repeated to the last digits
LOSS_TOLERANCE = 1e-4
# The three runs of the issue, 300 steps each: a classifier with hidden layers and Adam (in batches), a
# multi-class one with L2 (dropout off) and the line fit with SGD.
RUNS = {
    "curves-adam": ["--preset", "interleaved-curves", "--hidden", "8,8", "--activation", "tanh", "--optimizer", "adam",
                    "--lr", "0.03", "--batch-size", "10", "--steps", "300"],
    "three-classes-l2": ["--csv", "{tmp}/three.csv", "--hidden", "6", "--features", "x1,x2,x1x2",
                         "--optimizer", "adam", "--lr", "0.03", "--regularization", "l2", "--reg-rate", "0.003",
                         "--steps", "300"],
    "line-sgd": ["--preset", "line", "--hidden", "", "--optimizer", "sgd", "--lr", "0.1", "--steps", "300"],
    "trained-0": ["{tmp}/trained.playground.json", "--steps", "0"],
    "trained-100": ["{tmp}/trained.playground.json", "--steps", "100"],
}


def cli_run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(argv)
    return status, out.getvalue(), err.getvalue()


def train_options(options: list[str]) -> list[str]:
    """`train` takes a scenario file as --scenario, not as the first argument."""
    return ["--scenario", *options] if options[0].endswith(".json") else options


def run_script(folder: Path, name: str) -> subprocess.CompletedProcess:
    """Plain python, in the script's folder; a `playground` package placed first on the path fails on import."""
    env = {**os.environ, "PYTHONPATH": str(folder.parent / "poison")}
    return subprocess.run([sys.executable, f"{name}.py"], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT_S, check=False)


def three_classes(tmp: Path) -> None:
    rng = np.random.default_rng(11)
    labels = np.arange(180) % 3
    points = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])[labels] + rng.normal(0.0, 1.4, size=(180, 2))
    write_csv(Dataset.create(points.astype(np.float32), labels, class_names=("red", "green", "blue")),
              tmp / "three.csv")


def trained_scenario(tmp: Path) -> None:
    scenario = Scenario(PresetSpec("spiral", points=200), NetworkSpec(hidden=(8, 8)), TrainingSettings(batch_size=20))
    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    trainer.step(300)
    weights = TrainedWeights(trainer.weights(), trainer.step_count, trainer.epoch)
    save_scenario(replace(scenario, weights=weights), tmp / "trained.playground.json")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """name -> (the app's `train --json` result, the finished run of the exported script)."""
    tmp = tmp_path_factory.mktemp("export")
    (tmp / "poison" / "playground").mkdir(parents=True)
    (tmp / "poison" / "playground" / "__init__.py").write_text(
        'raise ImportError("an exported script must not import the playground")\n')
    three_classes(tmp)
    trained_scenario(tmp)
    scripts = tmp / "scripts"
    scripts.mkdir()
    expected = {}
    for name, options in RUNS.items():
        options = [o.replace("{tmp}", str(tmp)) for o in options]
        status, out, err = cli_run(["export-script", *options, "--out", str(scripts / f"{name}.py")])
        assert status == 0 and err == "", err
        assert out.startswith(f"wrote {scripts / name}.py: ") and out.count("\n") == 1, out
        status, out, err = cli_run(["train", *train_options(options), "--device", "cpu", "--json"])
        assert status == 0, err
        expected[name] = json.loads(out)
    with ThreadPoolExecutor(max_workers=3) as pool:
        finished = dict(zip(RUNS, pool.map(lambda name: run_script(scripts, name), RUNS), strict=True))
    return {name: (expected[name], finished[name]) for name in RUNS}


def script_result(run: subprocess.CompletedProcess) -> dict:
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # no warning either
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", ["curves-adam", "three-classes-l2", "line-sgd"])
def test_the_script_repeats_the_apps_run(runs, name):
    app, run = runs[name]
    script = script_result(run)
    assert script.keys() == app.keys()  # the same keys as `train --json`, "a" and "b" of the line included
    quality = "r2" if app["task"] == "fit" else "accuracy"
    assert abs(script[f"test_{quality}"] - app[f"test_{quality}"]) <= TOLERANCE
    assert abs(script[f"train_{quality}"] - app[f"train_{quality}"]) <= TOLERANCE
    assert script["train_loss"] == pytest.approx(app["train_loss"], abs=LOSS_TOLERANCE)
    assert script["test_loss"] == pytest.approx(app["test_loss"], abs=LOSS_TOLERANCE)
    assert (script["steps"], script["network"], script["diverged"]) == (app["steps"], app["network"], False)
    assert script["epochs"] == pytest.approx(app["epochs"], abs=1e-3)
    if name == "line-sgd":
        assert script["a"] == pytest.approx(app["a"], abs=1e-4) and script["b"] == pytest.approx(app["b"], abs=1e-4)


def test_the_script_prints_progress_before_its_json_line(runs):
    lines = runs["curves-adam"][1].stdout.strip().splitlines()
    progress = [line for line in lines if line.startswith("step ")]
    assert len(progress) == 10 and progress[-1].split()[1] == "300"
    assert re.match(r"accuracy +train \d+\.\d% +test \d+\.\d%", lines[-2])


@pytest.mark.parametrize("name", ["trained-0", "trained-100"])
def test_a_trained_scenario_starts_from_its_weights(runs, name):
    """With --steps 0 the script measures the scenario's own weights as the app does; with 100 it goes on."""
    app, run = runs[name]
    script = script_result(run)
    assert script["steps"] == app["steps"] == 300 + int(name.split("-")[1])
    for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        assert script[key] == pytest.approx(app[key], abs=LOSS_TOLERANCE), key


def error_line(argv: list[str]) -> str:
    status, out, err = cli_run(argv)
    assert status == 2 and out == "", (out, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("playground: error: "), err
    message = lines[0].removeprefix("playground: error: ")
    assert not re.search(r"Traceback|Error\b|Errno", message), message
    return message


def test_bad_out_paths_are_refused_in_one_line(tmp_path):
    (tmp_path / "folder.py").mkdir()
    assert error_line(["export-script", "--out", str(tmp_path / "folder.py")]) == \
        f"--out: {tmp_path / 'folder.py'} is a folder; name a .py file"
    assert error_line(["export-script", "--out", str(tmp_path / "train.txt")]) == \
        "--out must name a .py file, like train.py"
    assert error_line(["export-script", "--out", str(tmp_path / "nowhere" / "train.py")]) == \
        f"--out: the folder {tmp_path / 'nowhere'} does not exist"
    assert error_line(["export-script", "--out", ""]) == "--out needs a file name, like train.py"
    assert error_line(["export-script"]) == "--out is required"
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a folder nobody may write in (Linux's /sys)")
def test_a_folder_that_cannot_be_written_in_is_one_plain_line():
    assert error_line(["export-script", "--preset", "xor", "--out", "/sys/train.py"]) == \
        "cannot write /sys/train.py: you do not have permission to write there"


def test_bad_scenario_files_are_refused_in_one_line(tmp_path):
    broken = tmp_path / "broken.playground.json"
    broken.write_text('{"format": "neural-playground-scenario",,}', encoding="utf-8")
    out = str(tmp_path / "train.py")
    assert error_line(["export-script", str(broken), "--out", out]).startswith(
        "broken.playground.json: not valid JSON: line 1")
    assert error_line(["export-script", str(tmp_path / "missing.json"), "--out", out]).endswith(
        "missing.json: no such file")
    assert error_line(["export-script", str(broken), "--scenario", str(broken), "--out", out]) == \
        "give the scenario file once: either SCENARIO.json or --scenario"
    assert not (tmp_path / "train.py").exists()


def test_python_dash_m_playground_exports_and_refuses_as_a_command(tmp_path):
    """The command as a user types it: status 0 and the script written; status 2 and one line for a bad file."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    good = subprocess.run([sys.executable, "-m", "playground", "export-script", "--preset", "xor", "--hidden", "3",
                           "--steps", "50", "--out", str(tmp_path / "xor.py")], capture_output=True, text=True,
                          env=env, timeout=TIMEOUT_S, check=False)
    assert good.returncode == 0 and good.stderr == "", good.stderr
    assert "python xor.py" in good.stdout
    assert "STEPS = 50" in (tmp_path / "xor.py").read_text()
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "playground", "export-script", str(tmp_path / "bad.json"), "--out",
                          str(tmp_path / "bad.py")], capture_output=True, text=True, env=env, timeout=TIMEOUT_S,
                         check=False)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and bad.stderr.startswith("playground: error: bad.json: "), bad.stderr
    assert not (tmp_path / "bad.py").exists()

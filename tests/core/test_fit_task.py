"""Curve fitting: (x, y) samples, a network that learns y from x, "linear regression the deep learning way"."""

import json

import numpy as np
import pytest

from playground.core.csv_io import format_csv, parse_csv
from playground.core.dataset import Dataset, DatasetError
from playground.core.edits import AddClass, AddPoints
from playground.core.network import NetworkSpec, SpecError
from playground.core.presets import PRESETS, PresetSpec, generate, presets_for
from playground.core.scenario import Scenario, ScenarioError, scenario_from_dict, scenario_to_dict
from playground.core.training import Trainer, TrainingSettings

SGD = TrainingSettings(optimizer="sgd", learning_rate=0.1, device="cpu")



def line(seed: int = 0) -> Dataset:
    return generate(PresetSpec("line", seed=seed))


# ----- data ----------------------------------------------------------------------------------------
def test_fit_presets_are_samples_of_their_curve():
    assert [p.name for p in presets_for("fit")] == ["line", "parabola", "wave", "step"]
    ds = line()
    assert ds.is_fit and ds.n_classes == 1 and len(ds) == 30
    assert ds.feature_names == ("x", "y")
    x, y = ds.points[:, 0], ds.points[:, 1]
    assert np.abs(y - (2 * x + 1)).max() < 1.0  # noise of 0.2 around the line
    assert (np.abs(x) <= 3).all()
    assert ds.bounds() == PRESETS["line"].domain


def test_presets_of_each_task_keep_their_own_default_size():
    assert len(generate(PresetSpec("spiral"))) == 500
    assert len(generate(PresetSpec("wave"))) == 100
    assert len(generate(PresetSpec("wave", points=40))) == 40


def test_fit_data_has_exactly_one_kind_of_point():
    with pytest.raises(DatasetError, match="one kind of point"):
        Dataset(np.zeros((2, 2)), [0, 0], [False, False], class_names=("a", "b"), task="fit")
    with pytest.raises(DatasetError, match="unknown task"):
        Dataset.create(np.zeros((2, 2)), [0, 1], task="cluster")
    with pytest.raises(DatasetError, match="one kind of point"):
        AddClass("C", "#009e73", "square").apply(line())


def test_drawing_samples_adds_points_of_the_curve():
    ds = line()
    edited, _ = AddPoints(np.array([[0.0, 5.0]], np.float32), np.array([0]), np.array([False])).apply(ds)
    assert edited.is_fit and len(edited) == 31


# ----- the network -------------------------------------------------------------------------------
def test_a_fitting_network_sees_only_x():
    with pytest.raises(SpecError, match="cannot have the input 'x2'"):
        NetworkSpec(hidden=(), task="fit", n_classes=1, features=("x1", "x2"))
    spec = NetworkSpec(features=("x1", "x2", "x1sq", "x1x2")).for_task("fit", 1)
    assert spec.features == ("x1", "x1sq") and spec.n_outputs == 1
    assert NetworkSpec(features=("x2",)).for_task("fit", 1).features == ("x1",)
    back = NetworkSpec(hidden=(), task="fit", n_classes=1, features=("x1",)).for_task("classify", 3)
    assert back.features == ("x1", "x2") and back.n_outputs == 3


def test_step_with_no_hidden_layer_is_no_perceptron_when_fitting():
    spec = NetworkSpec(hidden=(), activation="step").for_task("fit", 1)
    assert not spec.perceptron


# ----- training ----------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(5))
def test_issue4_sgd_recovers_a_and_b_of_a_noisy_line(seed):
    """Done means: 30 noisy points of y = 2x + 1, no hidden layer, SGD: a and b within 0.1."""
    trainer = Trainer(line(seed), NetworkSpec(hidden=()), SGD)
    trainer.step(1000)
    a, b = trainer.fit_line()
    assert abs(a - 2.0) < 0.1 and abs(b - 1.0) < 0.1
    # and it is what least squares gives on the training points: gradient descent found the minimum
    x, y = trainer.dataset.train_points.T
    assert np.allclose((a, b), np.polyfit(x, y, 1), atol=1e-3)


def test_r2_stands_in_for_accuracy():
    trainer = Trainer(line(), NetworkSpec(hidden=()), SGD)
    before = trainer.metrics()
    trainer.step(500)
    after = trainer.metrics()
    assert after.train_loss < before.train_loss / 10
    assert after.train_accuracy > 0.99 and after.test_accuracy > 0.99  # R², not a share of right answers
    assert before.train_accuracy < 0.9


def test_a_hidden_layer_bends_the_curve():
    wave = generate(PresetSpec("wave"))
    straight = Trainer(wave, NetworkSpec(hidden=()), TrainingSettings(device="cpu"))
    bent = Trainer(wave, NetworkSpec(hidden=(8, 8)), TrainingSettings(device="cpu"))
    straight.step(1500)
    bent.step(1500)
    assert straight.metrics().test_accuracy < 0.5
    assert bent.metrics().test_accuracy > 0.9
    assert bent.fit_line() is None  # a curve has no single a and b


def test_the_snapshot_carries_the_fitted_curve_in_data_units():
    trainer = Trainer(line(), NetworkSpec(hidden=()), SGD)
    trainer.step(1000)
    snapshot = trainer.snapshot()
    assert snapshot.task == "fit"
    assert snapshot.probabilities.size == 0 and len(snapshot.boundary_segments) == 0
    curve = snapshot.fit_curve
    xmin, xmax = snapshot.bounds[:2]
    assert curve[0, 0] == pytest.approx(xmin) and curve[-1, 0] == pytest.approx(xmax)
    a, b = snapshot.fit_line
    assert np.allclose(curve[:, 1], a * curve[:, 0] + b, atol=1e-4)
    picture = snapshot.network
    assert picture.task == "fit" and picture.data_units
    assert picture.weights[0][0, 0] == pytest.approx(a, abs=1e-5)  # the diagram shows a and b themselves
    assert picture.biases[0][0] == pytest.approx(b, abs=1e-5)


def test_typing_a_and_b_sets_the_line():
    trainer = Trainer(line(), NetworkSpec(hidden=()), SGD)
    trainer.set_weight(0, 0, 0, 3.0)
    trainer.set_weight(0, 0, None, -1.5)
    assert trainer.fit_line() == pytest.approx((3.0, -1.5), abs=1e-5)
    curve = trainer.fit_curve(trainer.dataset.bounds(), samples=5)
    assert np.allclose(curve[:, 1], 3.0 * curve[:, 0] - 1.5, atol=1e-4)


def test_switching_task_rebuilds_the_network():
    trainer = Trainer(generate(PresetSpec("xor")), NetworkSpec(hidden=(4,)), TrainingSettings(device="cpu"))
    trainer.step(10)
    generation = trainer.generation
    trainer.set_dataset(line())
    assert trainer.is_fit and trainer.spec.features == ("x1",) and trainer.step_count == 0
    assert trainer.generation > generation
    trainer.step(10)
    trainer.set_dataset(generate(PresetSpec("xor")))
    assert not trainer.is_fit and trainer.spec.n_outputs == 1 and trainer.spec.features == ("x1", "x2")


# ----- files -------------------------------------------------------------------------------------
def test_csv_of_two_columns_is_curve_fitting_data():
    ds = parse_csv("time,height\n0,1\n1,3\n2,5.5\n")
    assert ds.is_fit and ds.feature_names == ("time", "height") and len(ds) == 3
    assert parse_csv("0,1\n1,3\n").feature_names == ("x", "y")
    text = format_csv(line())
    assert text.splitlines()[0] == "x,y"
    again = parse_csv(text)
    assert again.is_fit and np.array_equal(again.points, line().points)


def test_csv_rows_must_keep_the_first_rows_shape():
    with pytest.raises(DatasetError, match="line 3: expected 2 values"):
        parse_csv("x,y\n0,1\n1,3,a\n")
    with pytest.raises(DatasetError, match="line 2: expected 3 values"):
        parse_csv("# classes: a,b\n0,1\n")


def test_scenarios_keep_the_task():
    preset = Scenario(PresetSpec("wave"), NetworkSpec(hidden=(6,), features=("x1",)))
    loaded = scenario_from_dict(json.loads(json.dumps(scenario_to_dict(preset))))
    assert loaded.data == PresetSpec("wave", points=100, noise=0.1) and loaded.network.task == "fit"
    explicit = Scenario(line(), NetworkSpec(hidden=(), features=("x1",)))
    loaded = scenario_from_dict(json.loads(json.dumps(scenario_to_dict(explicit))))
    assert loaded.data.is_fit and np.array_equal(loaded.data.points, line().points)


def test_a_fit_scenario_cannot_read_y():
    bad = scenario_to_dict(Scenario(PresetSpec("line"), NetworkSpec(hidden=(), features=("x1",))))
    bad["network"]["features"] = ["x1", "x2"]
    with pytest.raises(ScenarioError, match="network: in curve fitting"):
        scenario_from_dict(bad)

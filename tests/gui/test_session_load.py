"""Opening a scenario reproduces it field for field, whatever the session held before: the data (points,
labels, split, classes), the network and every training setting."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.dataset import Dataset
from playground.core.edits import AddClass, RemovePoints, clear_points
from playground.core.presets import PresetSpec, presets_for
from playground.core.scenario import Scenario, load_scenario, save_scenario, scenario_to_dict
from playground.core.training import TrainingSettings
from playground.gui.session import Session

from .conftest import WAIT_MS
from .scenario_factory import random_scenario, through_a_file


def assert_same_data(actual: Dataset, expected: Dataset) -> None:
    np.testing.assert_array_equal(actual.points, expected.points)
    np.testing.assert_array_equal(actual.labels, expected.labels)
    np.testing.assert_array_equal(actual.is_test, expected.is_test)
    assert (actual.class_names, actual.class_colours, actual.class_markers, actual.feature_names, actual.task) == \
        (expected.class_names, expected.class_colours, expected.class_markers, expected.feature_names,
         expected.task)
    assert actual.bounds() == expected.bounds()  # the same plane


def assert_reproduces(session: Session, scenario: Scenario) -> None:
    """The session holds exactly the scenario: what it would save, and what it trains."""
    expected_data = scenario.dataset()
    saved = session.scenario()
    assert isinstance(saved.data, PresetSpec) == isinstance(scenario.data, PresetSpec)
    if isinstance(scenario.data, PresetSpec):
        assert saved.data == scenario.data
    assert_same_data(saved.dataset(), expected_data)
    assert_same_data(session.dataset, expected_data)
    assert saved.training == scenario.training
    assert session.training == scenario.training
    network = scenario.network.for_data(expected_data)  # a file does not store the count of outputs
    assert saved.network == network and session.network == network
    assert session.network.n_classes == (1 if expected_data.is_fit else expected_data.n_classes)
    ours, theirs = scenario_to_dict(saved), scenario_to_dict(scenario)
    if not isinstance(scenario.data, PresetSpec):  # a plane the file left open is now the one shown
        ours["data"].pop("domain", None)
        theirs["data"].pop("domain", None)
    assert ours == theirs


def disturb(session: Session, rng: random.Random) -> None:
    """Leave the session in some other state: data edited, a class added, the task switched, settings changed."""
    for _ in range(rng.randint(0, 3)):
        action = rng.choice(["preset", "class", "remove", "clear", "training", "undo"])
        dataset = session.dataset
        try:
            if action == "preset":
                task = rng.choice(["classify", "fit"])
                session.set_preset(PresetSpec(rng.choice(presets_for(task)).name, points=30))
            elif action == "class" and not dataset.is_fit:
                session.edit(AddClass("new"))
            elif action == "remove" and len(dataset):
                session.edit(RemovePoints([0]))
            elif action == "clear":
                session.edit(clear_points(dataset))
            elif action == "training":
                session.set_training(replace(session.training, loss=rng.choice(["mse", "cross-entropy"]),
                                             learning_rate=0.3))
            elif action == "undo":
                session.undo_stack.undo()
        except ValueError:
            pass  # e.g. a ninth class: the session stays as it was


@pytest.mark.parametrize("seed", range(40))
def test_load_reproduces_the_scenario_whatever_came_before(qtbot, tmp_path, seed):
    rng = random.Random(seed)
    session = Session(through_a_file(random_scenario(rng), tmp_path))
    for _ in range(5):
        disturb(session, rng)
        scenario = through_a_file(random_scenario(rng), tmp_path)
        session.load(scenario)
        assert_reproduces(session, scenario)
        assert session.undo_stack.count() == 0


def test_a_classifier_saved_with_squared_error_opens_with_squared_error_over_curve_fitting(qtbot):
    """The case that was seen: the window held curve-fitting data, the file a classifier trained with mse."""
    session = Session(Scenario(PresetSpec("wave")))
    assert session.training.loss == "mse"
    scenario = Scenario(PresetSpec("xor", points=40), training=TrainingSettings(loss="mse"))
    session.load(scenario)
    assert session.training.loss == "mse"
    session.load(Scenario(PresetSpec("wave")))
    session.load(Scenario(PresetSpec("xor", points=40), training=TrainingSettings(loss="cross-entropy")))
    assert session.training.loss == "cross-entropy"


def trains(window, scenario: Scenario) -> bool:
    """Whether the newest frame from the training process has the scenario's network and data: its layers,
    inputs and activations, and one output per class."""
    snapshot = window.latest_snapshot
    data = scenario.dataset()
    network = scenario.network.for_data(data)
    picture = snapshot.network
    if picture is None or snapshot.task != data.task:
        return False
    outputs = 1 if data.is_fit else data.n_classes
    same_outputs = data.is_fit or snapshot.probabilities.shape[2] == outputs
    return picture.layer_sizes == (network.n_inputs, *network.hidden, 1 if outputs == 2 else outputs) and \
        picture.feature_names == network.features and picture.activations == network.activations and same_outputs


def test_opening_files_in_the_window_reproduces_them_in_the_session_the_panels_and_the_training(
        qtbot, make_window, tmp_path):
    rng = random.Random(2024)
    window = make_window(through_a_file(random_scenario(rng), tmp_path))
    for i in range(12):
        disturb(window.session, rng)
        scenario = random_scenario(rng)
        path = tmp_path / f"s{i}.playground.json"
        save_scenario(scenario, path)
        assert window.open_scenario(str(path))
        scenario = load_scenario(path)
        assert_reproduces(window.session, scenario)
        data, training = scenario.dataset(), window.training_panel
        assert training.loss_combo.currentData() == scenario.training.loss
        assert training.optimizer_combo.currentData() == scenario.training.optimizer
        assert training.rate_slider.value == scenario.training.learning_rate
        assert training.batch_slider.value == scenario.training.batch_size
        assert training.seed_spin.value() == scenario.training.seed
        if not data.is_fit:
            assert [edit.text() for edit in window.class_panel.name_edits] == list(data.class_names)
        qtbot.waitUntil(lambda s=scenario: trains(window, s), timeout=WAIT_MS)


def test_a_classifier_opened_over_curve_fitting_trains_with_its_own_inputs(qtbot, make_window, tmp_path):
    """The training process gets the new data before the new network: adapting the network to the old
    (curve-fitting) data first would drop its inputs of x2 and train on x1, x2 instead."""
    from playground.core.network import NetworkSpec

    window = make_window(Scenario(PresetSpec("wave", points=40), NetworkSpec((3,), "tanh")))
    scenario = Scenario(PresetSpec("xor", points=40), NetworkSpec((3,), "tanh", features=("x1", "x2", "x1x2")),
                        TrainingSettings(loss="mse"))
    path = tmp_path / "xor.playground.json"
    save_scenario(scenario, path)
    assert window.open_scenario(str(path))
    assert_reproduces(window.session, load_scenario(path))
    qtbot.waitUntil(lambda: window.latest_snapshot.task == "classify", timeout=WAIT_MS)
    qtbot.mouseClick(window.transport.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 1, timeout=WAIT_MS)
    assert window.latest_snapshot.network.feature_names == ("x1", "x2", "x1x2")
    assert trains(window, scenario)

"""Lesson goals: read strictly from data, evaluated on hand-built states (expected results derived from the
condition's meaning, not copied from a run)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from playground.core.dataset import Dataset
from playground.core.lesson_goals import GoalError, GoalState, goal_from_dict, goal_met, goal_progress
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.snapshot import Metrics
from playground.core.training import TrainingSettings

STATE = GoalState(train_accuracy=0.95, test_accuracy=0.9, train_loss=0.2, test_loss=0.3, steps=120,
                  hidden=(3, 2), activations=("tanh", "tanh"), features=("x1", "x2"), optimizer="adam",
                  learning_rate=0.03, training_points=20, test_points=80)


def met(goal: dict, state: GoalState = STATE, task: str = "classify") -> bool:
    return goal_met(goal_from_dict({"says": "the goal", **goal}, task=task), state)


@pytest.mark.parametrize(("accuracy", "expected"), [
    (0.9, True), (0.8999, False), (0.95, True), (1.0, True), (0.0, False),
    (float(np.float32(9) / np.float32(10)), True),  # 9 of 10 right, computed in float32 as the Trainer does
    (float(np.float32(89) / np.float32(100)), False),
    (math.nan, False),  # not known yet: no snapshot, or no test points
])
def test_at_least_is_met_from_the_threshold_up(accuracy, expected):
    state = replace(STATE, test_accuracy=accuracy)
    assert met({"metric": "test_accuracy", "at_least": 0.9}, state) is expected
    assert met({"test_accuracy": {"at_least": 0.9}}, state) is expected  # the same condition, other spelling


@pytest.mark.parametrize(("loss", "expected"), [(0.1, True), (0.1000001, True), (0.1001, False), (math.nan, False)])
def test_at_most_is_met_up_to_the_threshold(loss, expected):
    assert met({"metric": "train_loss", "at_most": 0.1}, replace(STATE, train_loss=loss)) is expected


@pytest.mark.parametrize(("hidden", "at_most_3", "at_least_3"), [
    ((3, 2), True, False), ((3, 3), True, True), ((4,), False, True), ((), False, False), ((1, 3, 3), True, False),
])
def test_neurons_per_layer_looks_at_every_layer(hidden, at_most_3, at_least_3):
    state = replace(STATE, hidden=hidden, activations=("tanh",) * len(hidden))
    assert met({"neurons_per_layer": {"at_most": 3}}, state) is at_most_3  # the widest layer
    assert met({"neurons_per_layer": {"at_least": 3}}, state) is at_least_3  # the narrowest layer
    assert met({"neurons_per_layer": 3}, state) is (at_most_3 and at_least_3)


def test_counts_of_layers_neurons_steps_and_points():
    assert met({"hidden_layers": 2}) and not met({"hidden_layers": 1}) and not met({"hidden_layers": 0})
    assert met({"hidden_layers": {"at_most": 2}}) and not met({"hidden_layers": {"at_least": 3}})
    assert met({"total_neurons": 5}) and not met({"total_neurons": {"at_least": 6}})
    assert met({"steps": {"at_most": 120}}) and not met({"steps": {"at_most": 119}})
    assert met({"training_points": {"at_most": 20}}) and not met({"training_points": {"at_least": 21}})
    assert met({"test_points": 80}) and met({"classes": 2})


def test_names_is_in_includes_and_excludes():
    assert met({"activation": "tanh"}) and not met({"activation": "relu"})
    mixed = replace(STATE, activations=("tanh", "relu"))
    assert not met({"activation": "tanh"}, mixed)  # "is": every layer
    assert met({"activation": {"includes": ["relu"]}}, mixed)
    assert met({"activation": {"in": ["relu", "tanh"]}}, mixed) and not met({"activation": {"in": ["tanh"]}}, mixed)
    assert met({"features": ["x2", "x1"]}) and not met({"features": ["x1"]})  # exactly these, in any order
    assert met({"features": {"includes": ["x1"]}}) and not met({"features": {"includes": ["x1sq"]}})
    assert met({"features": {"excludes": ["x1sq", "x2sq"]}}) and not met({"features": {"excludes": ["x2"]}})
    assert met({"optimizer": {"in": ["adam", "rmsprop"]}}) and not met({"optimizer": "sgd"})
    assert met({"regularization": "none"}) and met({"loss": "cross-entropy"})


def test_a_perceptron_counts_as_the_step_activation_and_no_hidden_layer_as_none():
    perceptron = replace(STATE, hidden=(), activations=(), perceptron=True)
    assert met({"activation": "step"}, perceptron)
    single = replace(perceptron, perceptron=False)
    assert not met({"activation": "tanh"}, single) and not met({"activation": {"in": ["tanh"]}}, single)


def test_diverged_and_learning_rate():
    assert met({"diverged": False}) and not met({"diverged": True})
    assert met({"diverged": True}, replace(STATE, diverged=True))
    assert met({"learning_rate": {"at_least": 0.03}}) and not met({"learning_rate": {"at_least": 0.1}})


def test_all_and_any_combine_and_progress_ticks_each_part():
    goal = goal_from_dict({"says": "Test accuracy at least 90% with one hidden layer of at most 3 neurons", "all": [
        {"metric": "test_accuracy", "at_least": 0.9}, {"hidden_layers": {"at_most": 1}},
        {"neurons_per_layer": {"at_most": 3}, "says": "at most 3 neurons"}]})
    parts = goal_progress(goal, STATE)  # two layers: the middle part fails
    assert [p.met for p in parts] == [True, False, True]
    assert [p.says for p in parts] == ["test accuracy at least 90%", "hidden layers at most 1", "at most 3 neurons"]
    assert not goal_met(goal, STATE)
    assert goal_met(goal, replace(STATE, hidden=(3,), activations=("tanh",)))
    either = {"any": [{"metric": "test_accuracy", "at_least": 0.99}, {"steps": {"at_most": 200}}]}
    assert met(either) and not met(either, replace(STATE, steps=201))
    single = goal_from_dict({"says": "Make it blow up", "diverged": True})
    assert [p.says for p in goal_progress(single, STATE)] == ["Make it blow up"]


def test_r2_goals_read_the_fit_score():
    fit = replace(STATE, task="fit", train_accuracy=0.97, test_accuracy=0.95)
    assert met({"metric": "test_r2", "at_least": 0.95}, fit, task="fit")
    assert not met({"metric": "train_r2", "at_least": 0.98}, fit, task="fit")
    assert met({"metric": "test_r2", "at_least": -0.5}, replace(fit, test_accuracy=-0.2), task="fit")


def test_state_from_the_windows_parts():
    data = generate(PresetSpec("xor", points=40, test_ratio=0.25))
    metrics = Metrics(step=7, epoch=7.0, train_loss=0.5, test_loss=0.6, train_accuracy=0.7, test_accuracy=0.8)
    network = NetworkSpec(hidden=(4, 2), activation=("relu", "tanh"), dropout=(0.1, 0.3))
    settings = TrainingSettings(optimizer="sgd", learning_rate=0.5, regularization="l2", reg_rate=0.01)
    state = GoalState.from_parts(metrics, network, settings, data)
    assert (state.steps, state.test_accuracy, state.train_loss) == (7, 0.8, 0.5)
    assert (state.hidden, state.activations, state.dropout) == ((4, 2), ("relu", "tanh"), 0.3)
    assert (state.optimizer, state.learning_rate, state.regularization, state.reg_rate) == ("sgd", 0.5, "l2", 0.01)
    assert (state.training_points, state.test_points, state.classes) == (30, 10, 2)  # a quarter of 40 for testing
    before_any_snapshot = GoalState.from_parts(None, network, settings, data)
    assert before_any_snapshot.steps == 0 and math.isnan(before_any_snapshot.test_accuracy)
    assert not met({"metric": "test_accuracy", "at_most": 1.0}, before_any_snapshot)
    three = Dataset(np.zeros((3, 2)), np.array([0, 1, 2]), np.array([False, False, True]), ("a", "b", "c"),
                    class_colours=("#000000", "#111111", "#222222"))
    assert GoalState.from_parts(None, NetworkSpec(hidden=()), settings, three).classes == 3


def test_perceptron_state_from_parts():
    data = generate(PresetSpec("rabbits-unicorns", points=20))
    state = GoalState.from_parts(None, NetworkSpec(hidden=(), activation="step"), TrainingSettings(), data)
    assert state.perceptron and met({"activation": "step"}, state)


@pytest.mark.parametrize(("goal", "words"), [
    ({"metric": "test_accuracy", "at_least": 0.9}, "'goal.says' is missing"),
    ({"says": "x", "metric": "test_acc", "at_least": 0.9}, "unknown metric 'test_acc'; did you mean 'test_accuracy'?"),
    ({"says": "x", "metric": "test_accuracy", "at_least": 90}, "as a share from 0 to 1 (0.9 for 90%)"),
    ({"says": "x", "metric": "test_accuracy", "above": 0.9}, "takes one of at_least, at_most"),
    ({"says": "x", "metric": "test_accuracy", "at_least": "high"}, "must be a number"),
    ({"says": "x", "metric": "test_r2", "at_least": 0.9}, "this step classifies points; use test_accuracy"),
    ({"says": "x", "neurons": {"at_most": 3}}, "'neurons' is not something a goal can check"),
    ({"says": "x", "hidden_layers": 1, "steps": 3}, "must hold one condition"),
    ({"says": "x", "activation": "tahn"}, "did you mean 'tanh'?"),
    ({"says": "x", "features": {"has": ["x1"]}}, "takes one of is, in, includes, excludes"),
    ({"says": "x", "diverged": "yes"}, "'goal.diverged' must be true or false"),
    ({"says": "x", "all": []}, "'goal.all' needs at least one condition"),
    ({"says": "x", "all": [{"steps": {"at_most": -1}}]}, "'goal.all[1].steps.at_most' cannot be below 0"),
    ({"says": "x", "hidden_layers": 1.5}, "give a whole number"),
    ({"says": "", "diverged": True}, "must say the goal in words"),
    ({"says": "x", "all": [{"diverged": True}], "extra": 1}, "unknown field 'goal.extra'"),
])
def test_goals_that_cannot_be_used_are_refused_with_the_field_named(goal, words):
    with pytest.raises(GoalError) as refused:
        goal_from_dict(goal)
    assert words in str(refused.value)


def test_a_curve_fit_refuses_accuracy_goals():
    with pytest.raises(GoalError, match="this step fits a curve; use test_r2"):
        goal_from_dict({"says": "x", "metric": "test_accuracy", "at_least": 0.9}, task="fit")


@pytest.mark.parametrize("obj", [
    {"says": "Few steps", "steps": {"\r0": None}},  # an unknown test, named with a line break in it
    {"says": "Something", "\r": None},  # an unknown quantity
    {"says": "Two", "\r": 1, "\n": 2},
])
def test_a_field_named_with_invisible_characters_is_shown_escaped_on_one_line(obj):
    with pytest.raises(GoalError) as info:
        goal_from_dict(obj, "goal", "classify")
    assert len(str(info.value).splitlines()) == 1 and "\\r" in str(info.value)


def test_an_unknown_controls_field_with_a_line_break_is_shown_escaped():
    from playground.core.controls import ControlsError, ControlsSpec

    with pytest.raises(ControlsError) as info:
        ControlsSpec.from_dict({"hide": [], "\r": None})
    assert len(str(info.value).splitlines()) == 1 and "\\r" in str(info.value)

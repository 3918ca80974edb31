"""The loss chart's history in scenario files: kept beside the trained weights, read back to float32's precision
(diverged values as null), and anything off refused by name."""

from __future__ import annotations

import copy
import json
import math

import pytest

from playground.core.loss_history import MAX_ENTRIES, LossHistory, history_from_rows
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, ScenarioError, load_scenario, save_scenario, scenario_to_dict
from playground.core.trained_weights import TrainedWeights
from playground.core.training import Trainer, TrainingSettings

SPEC = NetworkSpec(hidden=(3,), activation="tanh")
DATA = PresetSpec("xor", points=80, seed=2)


@pytest.fixture(scope="module")
def trained() -> tuple[TrainedWeights, LossHistory]:
    """Weights after 30 steps and the metrics measured every 5 steps on the way, as the chart collects them."""
    trainer = Trainer(Scenario(DATA).dataset(), SPEC, TrainingSettings(device="cpu"))
    rows = []
    for _ in range(7):
        m = trainer.metrics()
        rows.append((m.step, m.train_loss, m.test_loss, m.train_accuracy, m.test_accuracy))
        if m.step < 30:
            trainer.step(5)
    weights = TrainedWeights(trainer.weights(), steps=trainer.step_count, epochs=trainer.epoch)
    return weights, history_from_rows(tuple(zip(*rows, strict=True)))


def test_a_history_saved_with_weights_reads_back_to_seven_digits(tmp_path, trained):
    weights, history = trained
    path = tmp_path / "trained.playground.json"
    save_scenario(Scenario(DATA, SPEC, weights=weights, history=history), path)
    loaded = load_scenario(path).history
    assert loaded.steps == (0, 5, 10, 15, 20, 25, 30) == history.steps
    for name in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        assert getattr(loaded, name) == pytest.approx(getattr(history, name), rel=5e-7)
    assert loaded.train_loss[0] > loaded.train_loss[-1]  # it is the run's own: the loss went down


def test_a_diverged_value_is_written_null_and_read_back_as_not_a_number(tmp_path, trained):
    weights, history = trained
    broken = LossHistory(history.steps, (math.inf, *history.train_loss[1:]), history.test_loss,
                         history.train_accuracy, (math.nan, *history.test_accuracy[1:]))
    obj = scenario_to_dict(Scenario(DATA, SPEC, weights=weights, history=broken))
    assert obj["history"]["train_loss"][0] is None and obj["history"]["test_accuracy"][0] is None
    path = tmp_path / "diverged.playground.json"
    path.write_text(json.dumps(obj, allow_nan=False), encoding="utf-8")  # valid JSON: no NaN
    loaded = load_scenario(path).history
    assert math.isnan(loaded.train_loss[0]) and math.isnan(loaded.test_accuracy[0])


def test_no_history_without_weights_and_old_files_have_none(tmp_path, trained):
    _, history = trained
    obj = scenario_to_dict(Scenario(DATA, SPEC, history=history))  # untrained: a history means nothing
    assert "history" not in obj and "weights" not in obj
    path = tmp_path / "old.playground.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    assert load_scenario(path).history is None


def edited(trained, change) -> dict:
    weights, history = trained
    obj = copy.deepcopy(scenario_to_dict(Scenario(DATA, SPEC, weights=weights, history=history)))
    change(obj)
    return obj


@pytest.mark.parametrize(("change", "words"), [
    (lambda o: o.pop("weights"), "'history' is the loss chart of trained weights, but the file has no 'weights'"),
    (lambda o: o["history"]["test_loss"].pop(), "'history.test_loss' has 6 values for 7 steps"),
    (lambda o: o["history"]["steps"].reverse(), "'history.steps' must go from the first step to the last"),
    (lambda o: o["history"]["steps"].__setitem__(6, 31), "goes on to step 31, past the weights' own step (30)"),
    (lambda o: o["history"]["steps"].__setitem__(0, True), "'history.steps' must be a list of training step"),
    (lambda o: o["history"]["steps"].__setitem__(0, -1), "'history.steps' must be a list of training step"),
    (lambda o: o["history"]["train_accuracy"].__setitem__(2, "0.5"), "'history.train_accuracy' must be a list"),
    (lambda o: o["history"].pop("train_loss"), "'history.train_loss' is missing"),
    (lambda o: o["history"].__setitem__("lr", []), "unknown field 'history.lr'"),
    (lambda o: o["history"].update(steps=list(range(MAX_ENTRIES + 1))), "a history keeps at most 10,000"),
])
def test_a_bad_history_is_refused_by_name(tmp_path, trained, change, words):
    path = tmp_path / "bad.playground.json"
    path.write_text(json.dumps(edited(trained, change)), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value).startswith(path.name) and words in str(info.value)


def test_up_to_keeps_the_entries_at_or_before_the_weights_step(trained):
    _, history = trained
    assert history.up_to(17).steps == (0, 5, 10, 15)
    assert history.up_to(17).test_loss == history.test_loss[:4]

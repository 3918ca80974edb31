"""Weights in and out of the Trainer, and in scenario files: exact round trips, strict refusal of anything off."""

import copy
import json

import numpy as np
import pytest
import torch

from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.scenario import Scenario, ScenarioError, load_scenario, save_scenario, scenario_to_dict
from playground.core.trained_weights import TrainedWeights, WeightsError
from playground.core.training import Trainer, TrainingError, TrainingSettings

CPU = TrainingSettings(device="cpu")
SPEC = NetworkSpec(hidden=(4, 3), activation="tanh")


@pytest.fixture(scope="module")
def xor() -> Dataset:
    return generate(PresetSpec("xor", points=200))


def parameters(trainer: Trainer) -> list[torch.Tensor]:
    return [p.detach().clone() for p in trainer.model.parameters()]


def bits(array: np.ndarray) -> np.ndarray:
    return np.asarray(array, dtype=np.float32).view(np.uint32)


# ----- the Trainer --------------------------------------------------------------------------------
def test_weights_are_fresh_float32_copies_of_the_layers(xor):
    trainer = Trainer(xor, SPEC, CPU)
    trainer.step(20)
    weights = trainer.weights()
    assert [(w.shape, b.shape) for w, b in weights] == [((4, 2), (4,)), ((3, 4), (3,)), ((1, 3), (1,))]
    for (w, b), layer in zip(weights, trainer.linear_layers(), strict=True):
        assert w.dtype == np.float32 and b.dtype == np.float32
        assert np.array_equal(w, layer.weight.detach().numpy()) and np.array_equal(b, layer.bias.detach().numpy())
    weights[0][0][0, 0] += 1.0  # the copies are the caller's: the network does not change
    assert trainer.weights()[0][0][0, 0] != weights[0][0][0, 0]


def test_loaded_weights_give_the_same_network_and_counts(xor):
    trained = Trainer(xor, SPEC, CPU)
    trained.step(100)
    fresh = Trainer(xor, SPEC, TrainingSettings(seed=9, device="cpu"))
    fresh.step(3)  # Adam's moments exist now; loading must clear them
    fresh.load_weights(trained.weights(), steps=100)
    assert all(torch.equal(a, b) for a, b in zip(parameters(fresh), parameters(trained), strict=True))
    assert fresh.step_count == 100
    assert fresh.epoch == pytest.approx(100.0)  # full batches: at the present settings, 100 steps are 100 epochs
    assert not fresh.optimizer.state
    assert fresh.metrics() == trained.metrics()
    fresh.load_weights(trained.weights(), steps=7, epochs=2.5)
    assert (fresh.step_count, fresh.epoch) == (7, 2.5)


def test_training_on_from_loaded_weights_continues_the_run(xor):
    """SGD has no state, so loading the weights halfway gives exactly the weights of the run that went on."""
    settings = TrainingSettings(optimizer="sgd", learning_rate=0.1, device="cpu")
    whole = Trainer(xor, SPEC, settings)
    whole.step(40)
    half = Trainer(xor, SPEC, settings)
    half.step(20)
    again = Trainer(xor, SPEC, settings)
    again.load_weights(half.weights(), steps=20)
    again.step(20)
    assert all(torch.equal(a, b) for a, b in zip(parameters(again), parameters(whole), strict=True))
    assert again.step_count == 40


@pytest.mark.parametrize(("change", "words"), [
    (lambda ws: ws[:2], "2-4-3-1"),
    (lambda ws: [*ws[:2], (np.zeros((1, 4), np.float32), np.zeros(1, np.float32))], "2-4-3-1"),
    (lambda ws: [(ws[0][0].T, ws[0][1]), *ws[1:]], "2-4-3-1"),
    (lambda ws: [(np.full((4, 2), np.nan, np.float32), ws[0][1]), *ws[1:]], "not ordinary numbers"),
    (lambda ws: [*ws[:2], (ws[2][0], np.array([np.inf], np.float32))], "not ordinary numbers"),
])
def test_weights_that_do_not_fit_are_refused_and_nothing_changes(xor, change, words):
    trainer = Trainer(xor, SPEC, CPU)
    trainer.step(10)
    before, state = parameters(trainer), dict(trainer.optimizer.state)
    with pytest.raises(TrainingError, match=words) as info:
        trainer.load_weights(change(list(trainer.weights())), steps=500)
    assert "nan" not in str(info.value).lower() and "inf" not in str(info.value).lower()
    assert all(torch.equal(a, b) for a, b in zip(parameters(trainer), before, strict=True))
    assert trainer.step_count == 10 and trainer.optimizer.state.keys() == state.keys()


def test_trained_weights_value(xor):
    trainer = Trainer(xor, SPEC, CPU)
    trainer.step(5)
    value = TrainedWeights(trainer.weights(), steps=5, epochs=5.0)
    assert value.shapes == ((4, 2), (3, 4), (1, 3))
    assert value == TrainedWeights(trainer.weights(), steps=5, epochs=5.0)
    assert value != TrainedWeights(trainer.weights(), steps=6, epochs=5.0)
    with pytest.raises(ValueError):
        value.layers[0][0][0, 0] = 1.0  # read-only
    with pytest.raises(WeightsError):
        TrainedWeights(((np.zeros((2, 2)), np.zeros(3)),))
    with pytest.raises(WeightsError):
        TrainedWeights(((np.zeros((4, 2)), np.zeros(4)), (np.zeros((1, 3)), np.zeros(1))))
    with pytest.raises(WeightsError):
        TrainedWeights(trainer.weights(), steps=-1)


# ----- scenario files ---------------------------------------------------------------------------
def tricky_weights() -> TrainedWeights:
    """Float32 values whose decimals are long: tiny, huge, negative zero, one ulp from 1 and random ones."""
    rng = np.random.default_rng(3)
    special = np.array([1e-45, -3.4e38, -0.0, np.nextafter(np.float32(1), np.float32(2)), 1 / 3], np.float32)
    first = np.r_[special, rng.normal(0, 5, 3)].astype(np.float32).reshape(4, 2)
    return TrainedWeights(((first, rng.normal(size=4).astype(np.float32)),
                           (rng.normal(size=(3, 4)).astype(np.float32), rng.normal(size=3).astype(np.float32)),
                           (rng.normal(size=(1, 3)).astype(np.float32), np.float32([0.1]))),
                          steps=1200, epochs=12.0 + 1 / 3)


def scenario_with(weights: TrainedWeights | None) -> Scenario:
    return Scenario(PresetSpec("xor", points=200, noise=0.0), SPEC, TrainingSettings(), weights)


def test_weights_round_trip_exactly_through_a_file(tmp_path):
    path = tmp_path / "trained.playground.json"
    weights = tricky_weights()
    save_scenario(scenario_with(weights), path)
    written = json.loads(path.read_text(encoding="utf-8"))["weights"]
    assert written.keys() == {"steps", "epochs", "layers"}
    assert written["layers"][1].keys() == {"weight", "bias"}
    loaded = load_scenario(path)
    assert loaded == scenario_with(weights)
    assert (loaded.weights.steps, loaded.weights.epochs) == (1200, 12.0 + 1 / 3)
    for (w, b), (w0, b0) in zip(loaded.weights.layers, weights.layers, strict=True):
        assert w.dtype == np.float32
        assert np.array_equal(bits(w), bits(w0)) and np.array_equal(bits(b), bits(b0))  # bit for bit


def test_a_file_without_weights_has_none(tmp_path):
    path = tmp_path / "plain.playground.json"
    save_scenario(scenario_with(None), path)
    assert "weights" not in json.loads(path.read_text(encoding="utf-8"))
    assert load_scenario(path).weights is None


def test_weights_for_an_explicit_three_class_data_set_have_three_outputs(tmp_path):
    points = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32)
    data = Dataset.create(points, np.array([0, 1, 2, 0]), test_ratio=0.0)
    trainer = Trainer(data, NetworkSpec(hidden=(2,)), CPU)
    weights = TrainedWeights(trainer.weights(), steps=1, epochs=1.0)
    path = tmp_path / "three.playground.json"
    save_scenario(Scenario(data, NetworkSpec(hidden=(2,)), CPU, weights), path)
    assert load_scenario(path).weights == weights
    obj = scenario_to_dict(Scenario(data, NetworkSpec(hidden=(2,)), CPU, weights))
    obj["weights"]["layers"][1]["weight"] = obj["weights"]["layers"][1]["weight"][:1]  # one output, not three
    path.write_text(json.dumps(obj), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"weights\.layers\[2\]\.weight"):
        load_scenario(path)


def edited(change) -> dict:
    obj = copy.deepcopy(scenario_to_dict(scenario_with(tricky_weights())))
    change(obj["weights"])
    return obj


@pytest.mark.parametrize(("change", "words"), [
    (lambda w: w["layers"].pop(), "'weights.layers' has 2 layers"),
    (lambda w: w["layers"][0]["weight"].pop(), "'weights.layers[1].weight' must be 4 rows of 2 numbers"),
    (lambda w: w["layers"][0]["weight"][1].append(1.0), "'weights.layers[1].weight' must be 4 rows of 2 numbers"),
    (lambda w: w["layers"][1]["bias"].pop(), "'weights.layers[2].bias' must be 3 numbers"),
    (lambda w: w["layers"][2]["bias"].__setitem__(0, "0.5"), "'weights.layers[3].bias' must be 1 number"),
    (lambda w: w["layers"][2]["bias"].__setitem__(0, True), "'weights.layers[3].bias' must be 1 number"),
    (lambda w: w["layers"][0]["weight"][0].__setitem__(0, 1e39), "too large"),
    (lambda w: w["layers"][0]["weight"][0].__setitem__(0, float("nan")), "'weights.layers[1].weight'"),
    (lambda w: w["layers"][0].pop("bias"), "'weights.layers[1].bias' is missing"),
    (lambda w: w["layers"][0].__setitem__("scale", 2.0), "unknown field 'weights.layers[1].scale'"),
    (lambda w: w.__setitem__("optimizer_state", {}), "unknown field 'weights.optimizer_state'"),
    (lambda w: w.__setitem__("steps", -3), "'weights.steps'"),
    (lambda w: w.__setitem__("steps", 2.5), "'weights.steps' must be a whole number"),
    (lambda w: w.__setitem__("epochs", -1.0), "'weights.epochs'"),
    (lambda w: w.pop("layers"), "'weights.layers' is missing"),
    (lambda w: w.__setitem__("layers", {"weight": []}), "'weights.layers' must be a list"),
    (lambda w: w["layers"].__setitem__(0, [1, 2]), "weights.layers[1] must be a JSON object"),
])
def test_bad_weights_in_a_file_are_refused_by_name(tmp_path, change, words):
    path = tmp_path / "bad.playground.json"
    path.write_text(json.dumps(edited(change)), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert message.startswith(path.name) and words in message
    assert "nan" not in message.lower().replace(path.name.lower(), "")


def test_weights_must_fit_the_network_in_the_same_file(tmp_path):
    obj = scenario_to_dict(scenario_with(tricky_weights()))
    obj["network"]["hidden"] = [4, 4]
    path = tmp_path / "other.playground.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"'weights\.layers\[2\]\.weight' must be 4 rows of 4 numbers"):
        load_scenario(path)


def test_a_trainer_starts_from_a_loaded_scenarios_weights(tmp_path, xor):
    trainer = Trainer(xor, SPEC, CPU)
    trainer.step(30)
    path = tmp_path / "go-on.playground.json"
    save_scenario(Scenario(PresetSpec("xor", points=200), SPEC, CPU,
                           TrainedWeights(trainer.weights(), trainer.step_count, trainer.epoch)), path)
    loaded = load_scenario(path)
    again = Trainer(loaded.dataset(), loaded.network, loaded.training)
    again.load_weights(loaded.weights.layers, steps=loaded.weights.steps, epochs=loaded.weights.epochs)
    assert again.metrics() == trainer.metrics()

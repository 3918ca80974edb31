"""The grid pass without module calls (grid_pass.py): its probabilities and focused neuron's maps are the network's,
called module by module, for every activation, several classes, a perceptron and curve fitting; the module path is
what other networks take; and the evaluation mode is never skipped where dropout makes it matter."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from playground.core import grid_pass
from playground.core.network import NetworkSpec, class_probabilities
from playground.core.network_spec import ACTIVATION_NAMES
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings

from .test_snapshot_maker import TOLERANCE, grid_of, three_classes

SETTINGS = TrainingSettings("adam", 0.03, batch_size=10, device="cpu")


@torch.no_grad()
def every_layer(trainer: Trainer, points: np.ndarray) -> list[np.ndarray]:
    """The network called module by module (torch's own modules, in evaluation mode): the features, each hidden
    layer after its activation, and the output (class probabilities; a fit's y)."""
    trainer.model.eval()
    x = trainer.model[0](torch.as_tensor(points))
    found = []
    for module in trainer.model[1]:
        x = torch.tanh(x) if isinstance(module, nn.Tanh) else module(x)
        if not isinstance(module, nn.Linear | nn.Dropout):
            found.append(x.numpy().copy())
    if trainer.spec.perceptron:
        found.pop()
    if trainer.is_fit:
        return [*found, x.numpy().copy()]
    p = class_probabilities(x, trainer.spec.perceptron).numpy()
    return [*found, p[:, 1:] if p.shape[1] == 2 else p]


CASES = {
    **{f"{name} 5,3": (lambda: generate(PresetSpec("spiral", points=120)), NetworkSpec((5, 3), name))
       for name in ACTIVATION_NAMES},
    "mixed, features": (lambda: generate(PresetSpec("circle", points=120)),
                        NetworkSpec((4, 3, 2), ("tanh", "relu", "linear"), features=("x1", "x2", "x1x2", "sinx1"))),
    "three classes": (three_classes, NetworkSpec((6, 4), ("tanh", "gelu"), n_classes=3)),
    "perceptron": (lambda: generate(PresetSpec("gauss", points=100)), NetworkSpec((), "step")),
    "no hidden layer": (lambda: generate(PresetSpec("gauss", points=100)), NetworkSpec((), "tanh")),
    "fit": (lambda: generate(PresetSpec("wave", points=60)),
            NetworkSpec((6, 3), "tanh", n_classes=1, features=("x1", "x1sq"), task="fit")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_fast_grid_pass_is_the_network_called_module_by_module(case):
    make_data, spec = CASES[case]
    trainer = Trainer(make_data(), spec, SETTINGS)
    trainer.step(30)
    maker = trainer._maker
    bounds = trainer.dataset.bounds()
    size = trainer.grid_size
    layers = every_layer(trainer, grid_of(bounds, size))
    assert grid_pass.plain(trainer.model)
    calls = []
    run = maker._fast_grid.run
    maker._fast_grid.run = lambda *args: calls.append(1) or run(*args)
    if not trainer.is_fit:
        probabilities, _ = maker.grid_pass(bounds)
        expected = class_probabilities(torch.as_tensor(every_layer_logits(trainer, grid_of(bounds, size))),
                                       trainer.spec.perceptron).numpy()
        np.testing.assert_allclose(probabilities.reshape(size * size, -1), expected, **TOLERANCE)
    for layer, values in enumerate(layers):
        for neuron in range(values.shape[1]):
            _, focus_map = maker.grid_pass(bounds, (layer, neuron), probabilities=False)
            np.testing.assert_allclose(focus_map, values[:, neuron].reshape(size, size), **TOLERANCE)
    assert maker.grid_pass(bounds, (len(layers), 0))[1] is None  # gone: no map
    assert maker.grid_pass(bounds, (1, 99))[1] is None
    assert len(calls) == (0 if trainer.is_fit else 1) + sum(v.shape[1] for v in layers) + 2
    # The data's points (the metrics, the mistakes) go through the same computation.
    np.testing.assert_allclose(maker.point_values().numpy(),
                               every_layer_logits(trainer, trainer.dataset.points.astype(np.float32)), **TOLERANCE)


@torch.no_grad()
def every_layer_logits(trainer: Trainer, points: np.ndarray) -> np.ndarray:
    trainer.model.eval()
    return trainer.model(torch.as_tensor(points)).numpy()


def test_a_new_plane_or_new_scaling_is_not_read_from_the_kept_features():
    trainer = Trainer(generate(PresetSpec("spiral", points=120)), NetworkSpec((4,), "tanh"), SETTINGS)
    size = trainer.grid_size
    first = trainer.dataset.bounds()
    trainer._maker.grid_pass(first)
    moved = (first[0] + 1.0, first[1] + 2.0, first[2] - 1.0, first[3])
    expected = every_layer(trainer, grid_of(moved, size))[-1]
    np.testing.assert_allclose(trainer._maker.grid_pass(moved)[0][:, :, 1].reshape(-1), expected[:, 0], **TOLERANCE)
    with torch.no_grad():
        trainer.model[0].centre += 0.5  # the data's scaling changed (kept features would be stale)
    expected = every_layer(trainer, grid_of(moved, size))[-1]
    np.testing.assert_allclose(trainer._maker.grid_pass(moved)[0][:, :, 1].reshape(-1), expected[:, 0], **TOLERANCE)


def test_the_module_path_gives_the_same_maps():
    trainer = Trainer(three_classes(), NetworkSpec((5, 4), ("relu", "tanh"), n_classes=3), SETTINGS)
    trainer.step(30)
    maker, bounds = trainer._maker, trainer.dataset.bounds()
    fast = maker.grid_pass(bounds, (2, 3))
    maker.fast_grid = False
    slow = maker.grid_pass(bounds, (2, 3))
    for a, b in zip(fast, slow, strict=True):
        np.testing.assert_allclose(a, b, **TOLERANCE)


def test_with_dropout_the_snapshot_is_taken_in_evaluation_mode():
    """Dropout's steps leave the network in training mode (autograd's path): the snapshot must switch it to
    evaluation mode, or dropout would zero values at random in the maps."""
    trainer = Trainer(generate(PresetSpec("circle", points=200)), NetworkSpec((8, 8), "relu", dropout=0.5), SETTINGS)
    trainer.step(5)
    assert trainer.model.training  # (else this test would not test anything)
    assert not grid_pass.plain(trainer.model)  # the fast pass refuses a network in training mode
    trainer.focus = (1, 0)
    snapshot = trainer.snapshot()
    size = trainer.grid_size
    layers = every_layer(trainer, grid_of(snapshot.bounds, size))
    np.testing.assert_allclose(snapshot.probabilities[:, :, 1].reshape(-1), layers[-1][:, 0], **TOLERANCE)
    np.testing.assert_allclose(snapshot.focus_map.reshape(-1), layers[1][:, 0], **TOLERANCE)
    logits = torch.as_tensor(every_layer_logits(trainer, trainer.dataset.points.astype(np.float32)))
    predicted = class_probabilities(logits).argmax(dim=1).numpy()
    np.testing.assert_array_equal(snapshot.misclassified, predicted != trainer.dataset.labels)
    for _n in (1, 2):
        trainer.step(3)
        assert trainer.model.training
        trainer.hidden_request = None
        again = trainer.snapshot()
        expected = every_layer(trainer, grid_of(again.bounds, size))[-1]
        np.testing.assert_allclose(again.probabilities[:, :, 1].reshape(-1), expected[:, 0], **TOLERANCE)


@pytest.mark.parametrize("fast", [True, False])
def test_weights_that_are_no_longer_numbers_give_an_even_map_not_nan(fast):
    trainer = Trainer(three_classes(), NetworkSpec((4,), "tanh", n_classes=3), SETTINGS)
    trainer._maker.fast_grid = fast
    with torch.no_grad():
        trainer.linear_layers()[0].weight[0, 0] = float("nan")
    snapshot = trainer.snapshot()
    assert np.isfinite(snapshot.probabilities).all()
    np.testing.assert_array_equal(snapshot.probabilities, 0.5)
    assert snapshot.hidden is None


def test_a_snapshot_reads_the_weights_once_and_the_next_one_reads_the_new_weights(monkeypatch):
    trainer = Trainer(generate(PresetSpec("spiral", points=120)), NetworkSpec((5, 4), "tanh"), SETTINGS)
    made = []
    plan = grid_pass._plan
    monkeypatch.setattr(grid_pass, "_plan", lambda modules: made.append(1) or plan(modules))
    for _ in range(3):
        trainer.step(5)
        made.clear()
        snapshot = trainer.snapshot()
        assert len(made) == 1  # the data's points, the grid and the diagram: one plan
        expected = every_layer(trainer, grid_of(snapshot.bounds, trainer.grid_size))[-1]
        np.testing.assert_allclose(snapshot.probabilities[:, :, 1].reshape(-1), expected[:, 0], **TOLERANCE)
        logits = every_layer_logits(trainer, trainer.dataset.points.astype(np.float32))
        predicted = class_probabilities(torch.as_tensor(logits)).argmax(dim=1).numpy()
        np.testing.assert_array_equal(snapshot.misclassified, predicted != trainer.dataset.labels)
    trainer.step(5)  # outside a snapshot, each pass reads the weights as they are
    expected = every_layer(trainer, grid_of(snapshot.bounds, trainer.grid_size))[-1]
    np.testing.assert_allclose(trainer.probability_grid()[0][:, :, 1].reshape(-1), expected[:, 0], **TOLERANCE)
    trainer.step(5)
    expected = every_layer(trainer, grid_of(snapshot.bounds, trainer.grid_size))[-1]
    np.testing.assert_allclose(trainer.probability_grid()[0][:, :, 1].reshape(-1), expected[:, 0], **TOLERANCE)


def test_the_kept_features_of_the_data_follow_its_points_and_scaling_and_stay_intact():
    trainer = Trainer(generate(PresetSpec("spiral", points=120)), NetworkSpec((4, 2), ("relu", "tanh")), SETTINGS)
    trainer.step(20)
    maker, fast = trainer._maker, trainer._maker._fast_grid

    def expected(points: torch.Tensor) -> np.ndarray:
        return every_layer_logits(trainer, points.numpy())

    points = maker.data_tensor()
    for _ in range(3):  # again and again from the kept features: the layers never write into them
        np.testing.assert_allclose(maker.point_values().numpy(), expected(points), **TOLERANCE)
    other = points.flip(0) * 1.5  # other points (another tensor)
    np.testing.assert_allclose(fast.logits(trainer, other).numpy(), expected(other), **TOLERANCE)
    with torch.no_grad():
        trainer.model[0].scale *= 1.7  # the scaling changed: the kept features would be stale
    np.testing.assert_allclose(maker.point_values().numpy(), expected(points), **TOLERANCE)


def test_a_parameters_kept_view_follows_training_and_a_replaced_storage():
    trainer = Trainer(generate(PresetSpec("spiral", points=120)), NetworkSpec((4,), "tanh"), SETTINGS)
    weight = trainer.linear_layers()[0].weight
    view = grid_pass.parameter_values(weight)
    trainer.step(5)  # the optimiser changes the values in place: the view shows them
    assert grid_pass.parameter_values(weight) is view
    np.testing.assert_array_equal(view, weight.detach().numpy())
    with torch.no_grad():
        weight.data = weight.data.clone() + 1.0  # a new storage: a new view
    again = grid_pass.parameter_values(weight)
    assert again is not view
    np.testing.assert_array_equal(again, weight.detach().numpy())
    picture = trainer.network_picture(trainer.dataset.bounds())
    np.testing.assert_array_equal(picture.weights[1], trainer.linear_layers()[1].weight.detach().numpy())

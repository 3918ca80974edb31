"""The backprop force field (core/push_arrows.py): each training point's arrow is minus the gradient of its own
loss with respect to its representation, checked one point at a time against autograd and by finite
differences; the views get it in their own coordinates."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from playground.core.hidden_frames import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.push_arrows import point_pushes
from playground.core.training import Trainer, TrainingSettings

SETTINGS = TrainingSettings("adam", 0.03, device="cpu")


@pytest.fixture(scope="module")
def trained():
    """Two curves, 3 and 2 neurons (tanh), trained a little: some points right, some still wrong."""
    trainer = Trainer(generate(PresetSpec("two-curves", points=80)), NetworkSpec((3, 2), "tanh"), SETTINGS)
    trainer.step(40)
    return trainer


def one_point_loss(trainer, representation: torch.Tensor, label: int, layer: int, stage: str) -> torch.Tensor:
    """The loss of one point from its representation, through the model's own modules after that layer."""
    layers = trainer.model[1]
    if layer == 0:
        logits = trainer.model(representation[None])
    else:
        linears = [i for i, m in enumerate(layers) if isinstance(m, nn.Linear)]
        start = linears[layer - 1] + (1 if stage == "affine" else 2)
        logits = layers[start:](representation[None])
    return trainer.loss_of(logits, torch.tensor([label]))


def representation_of(trainer, point: np.ndarray, layer: int, stage: str) -> torch.Tensor:
    x = torch.as_tensor(np.array(point), dtype=torch.float32)
    if layer == 0:
        return x
    layers = trainer.model[1]
    linears = [i for i, m in enumerate(layers) if isinstance(m, nn.Linear)]
    end = linears[layer - 1] + (1 if stage == "affine" else 2)
    with torch.no_grad():
        return layers[:end](trainer.model[0](x[None]))[0]


@pytest.mark.parametrize(("layer", "stage"), [(0, "activation"), (1, "affine"), (1, "activation"),
                                              (2, "activation")])
def test_each_arrow_is_minus_the_gradient_of_that_points_loss(trained, layer, stage):
    trained.model.eval()
    pushes = point_pushes(trained, layer, stage)
    dataset = trained.dataset
    assert pushes.shape == (len(dataset), 2 if layer == 0 else (3, 2)[layer - 1])
    train = np.flatnonzero(~dataset.is_test)
    for i in train[:12]:
        h = representation_of(trained, dataset.points[i], layer, stage).clone().requires_grad_(True)
        loss = one_point_loss(trained, h, int(dataset.labels[i]), layer, stage)
        (gradient,) = torch.autograd.grad(loss, h)
        np.testing.assert_allclose(pushes[i], -gradient.double().numpy(), rtol=1e-4, atol=1e-7)


@pytest.mark.parametrize(("layer", "stage"), [(0, "activation"), (2, "activation")])
def test_moving_a_point_a_little_along_its_arrow_lowers_its_loss(trained, layer, stage):
    trained.model.eval()
    pushes = point_pushes(trained, layer, stage)
    dataset = trained.dataset
    checked = 0
    for i in np.flatnonzero(~dataset.is_test):
        length = np.linalg.norm(pushes[i])
        if length < 1e-3:  # a point the network is sure of: nothing to check
            continue
        h = representation_of(trained, dataset.points[i], layer, stage).double()
        direction = torch.as_tensor(pushes[i] / length)
        step = 1e-3 * (1 if layer else float(np.ptp(dataset.points)))

        def loss_at(t: float, h=h, direction=direction, label=int(dataset.labels[i])) -> float:
            with torch.no_grad():
                return float(one_point_loss(trained, (h + t * direction).float(), label, layer, stage))

        before, after = loss_at(0.0), loss_at(step)
        assert after < before
        # ...at the rate the arrow's length says: the directional derivative along it is minus its length.
        slope = (loss_at(step) - loss_at(-step)) / (2 * step)
        assert slope == pytest.approx(-length, rel=0.05, abs=1e-4)
        checked += 1
    assert checked >= 10


def test_test_points_get_no_arrow_and_fitting_none():
    trainer = Trainer(generate(PresetSpec("xor", points=40)), NetworkSpec((4,), "tanh"), SETTINGS)
    pushes = point_pushes(trainer, 1)
    test = trainer.dataset.is_test
    assert np.isnan(pushes[test]).all() and np.isfinite(pushes[~test]).all()
    fit = Trainer(generate(PresetSpec("line")), NetworkSpec((), task="fit", n_classes=1, features=("x1",)),
                  TrainingSettings("sgd", 0.1, loss="mse", device="cpu"))
    assert point_pushes(fit, 0) is None


def test_the_snapshot_carries_the_arrows_only_when_asked_in_the_views_coordinates(trained):
    trained.hidden_request = HiddenRequest(2)  # the last layer, 2 neurons: drawn as it is
    assert trained.snapshot().plane_arrows is None and trained.snapshot().hidden.arrows is None
    trained.arrows = True
    try:
        snapshot = trained.snapshot()
        np.testing.assert_allclose(snapshot.plane_arrows, point_pushes(trained, 0), rtol=1e-5, equal_nan=True)
        np.testing.assert_allclose(snapshot.hidden.arrows, point_pushes(trained, 2), rtol=1e-5, equal_nan=True)
        # Chosen neurons: the arrow's components along them, in the order of the axes.
        trained.hidden_request = HiddenRequest(1, neurons=(2, 0))
        arrows = trained.snapshot().hidden.arrows
        np.testing.assert_allclose(arrows, point_pushes(trained, 1)[:, [2, 0]], rtol=1e-5, equal_nan=True)
        # PCA axes: the picture maps a representation h to (h - centre)·Bᵀ. Recover B from the points drawn (least
        # squares of their coordinates on their representations), and the arrows must be the pushes through B.
        trained.hidden_request = HiddenRequest(1)
        frame = trained.snapshot().hidden
        dataset = trained.dataset
        h = np.stack([representation_of(trained, p, 1, "activation").double().numpy() for p in dataset.points])
        solution, *_ = np.linalg.lstsq(np.c_[h, np.ones(len(h))], frame.points.astype(np.float64), rcond=None)
        basis_t = solution[:3]
        np.testing.assert_allclose(np.c_[h, np.ones(len(h))] @ solution, frame.points, atol=1e-4)  # it is that map
        np.testing.assert_allclose(frame.arrows, point_pushes(trained, 1) @ basis_t, rtol=1e-3, atol=1e-6,
                                   equal_nan=True)
    finally:
        trained.arrows = False
        trained.hidden_request = None

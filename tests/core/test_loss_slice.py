"""A slice of the loss landscape of any network (core/loss_slice.py): the surface is the optimiser's objective at
each weight set of the slice, the directions are filter-normalised (or the path's own), and any weights project
onto the slice by least squares."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core.loss_slice import flat_parameters, objective_grid, random_plane, trajectory_plane
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings


def trainer_with(settings: TrainingSettings, hidden=(5, 3), activation="tanh") -> Trainer:
    trainer = Trainer(generate(PresetSpec("two-curves", points=80)), NetworkSpec(hidden, activation), settings)
    trainer.step(20)
    return trainer


def objective_of(trainer: Trainer, weights: np.ndarray) -> float:
    """The Trainer's own loss on its training points plus its own penalty, with these weights loaded."""
    saved = [p.detach().clone() for p in trainer.model.parameters()]
    start = 0
    with torch.no_grad():
        for p in trainer.model.parameters():
            p.copy_(torch.as_tensor(weights[start:start + p.numel()].reshape(p.shape), dtype=torch.float32))
            start += p.numel()
        trainer.model.eval()
        value = float(trainer.loss_of(trainer.model(trainer._x_train), trainer._y_train) + trainer.penalty())
        for p, s in zip(trainer.model.parameters(), saved, strict=True):
            p.copy_(s)
    return value


@pytest.mark.parametrize("settings", [
    TrainingSettings("adam", 0.03, device="cpu"),
    TrainingSettings("sgd", 0.1, loss="mse", regularization="l2", reg_rate=0.01, device="cpu"),
    TrainingSettings("momentum", 0.05, regularization="l1", reg_rate=0.003, device="cpu"),
])
def test_each_cell_is_the_objective_at_those_weights(settings):
    trainer = trainer_with(settings)
    plane = random_plane(trainer.model, seed=3)
    alphas, betas = np.array([-0.5, 0.0, 0.25, 1.0]), np.array([-1.0, 0.0, 0.5])
    grid = objective_grid(trainer, plane, alphas, betas)
    assert grid.shape == (3, 4)
    for i, beta in enumerate(betas):
        for j, alpha in enumerate(alphas):
            assert grid[i, j] == pytest.approx(objective_of(trainer, plane.weights_at(alpha, beta)), rel=1e-5)
    # The slice passes through the weights it was taken at.
    assert grid[1, 1] == pytest.approx(objective_of(trainer, flat_parameters(trainer.model)[2]), rel=1e-6)


def test_a_perceptron_and_three_classes_work_too():
    for hidden, activation, preset in (((), "step", "xor"), ((4,), "relu", "gauss")):
        trainer = Trainer(generate(PresetSpec(preset, points=60)), NetworkSpec(hidden, activation),
                          TrainingSettings("sgd", 0.1, device="cpu"))
        plane = random_plane(trainer.model)
        grid = objective_grid(trainer, plane, np.array([0.0, 0.5]), np.array([0.0]))
        assert grid[0, 0] == pytest.approx(objective_of(trainer, plane.centre), rel=1e-5)
        assert grid[0, 1] == pytest.approx(objective_of(trainer, plane.weights_at(0.5, 0.0)), rel=1e-5)


def test_random_directions_are_filter_normalised():
    trainer = trainer_with(TrainingSettings("adam", 0.03, device="cpu"))
    plane = random_plane(trainer.model, seed=1)
    start = 0
    for shape in plane.shapes:
        size = int(np.prod(shape))
        for direction in (plane.d1, plane.d2):
            part = direction[start:start + size].reshape(shape)
            own = plane.centre[start:start + size].reshape(shape)
            if len(shape) == 2:  # each neuron's incoming weights: as long as that neuron's own
                np.testing.assert_allclose(np.linalg.norm(part, axis=1), np.linalg.norm(own, axis=1), rtol=1e-9)
            else:  # biases stay where they are
                assert not part.any()
        start += size
    assert abs(plane.d1 @ plane.d2) < 0.5 * np.linalg.norm(plane.d1) * np.linalg.norm(plane.d2)  # two directions
    assert not np.allclose(random_plane(trainer.model, seed=2).d1, plane.d1)  # the seed chooses them


def test_weights_project_onto_the_slice_by_least_squares():
    trainer = trainer_with(TrainingSettings("adam", 0.03, device="cpu"))
    plane = random_plane(trainer.model)
    inside = np.stack([plane.weights_at(a, b) for a, b in ((0.3, -0.2), (1.5, 0.7))])
    coordinates, distance = plane.coordinates(inside)
    np.testing.assert_allclose(coordinates, [[0.3, -0.2], [1.5, 0.7]], atol=1e-9)
    np.testing.assert_allclose(distance, 0.0, atol=1e-9)
    # A step off the slice, at right angles to it: the same place in the slice, that far from it.
    basis = np.stack([plane.d1, plane.d2], axis=1)
    step = np.random.default_rng(0).standard_normal(len(plane.centre))
    step -= basis @ np.linalg.lstsq(basis, step, rcond=None)[0]
    coordinates, moved = plane.coordinates(plane.weights_at(0.5, 0.5) + step)
    np.testing.assert_allclose(coordinates, [[0.5, 0.5]], atol=1e-9)
    assert moved[0] == pytest.approx(np.linalg.norm(step))


def test_the_trajectory_plane_holds_a_path_that_moved_in_two_directions():
    trainer = trainer_with(TrainingSettings("adam", 0.03, device="cpu"))
    names, shapes, end = flat_parameters(trainer.model)
    rng = np.random.default_rng(0)
    u, v = rng.standard_normal(len(end)), rng.standard_normal(len(end))
    t = np.linspace(1, 0, 40)
    path = end + np.outer(t, u) + np.outer(np.sin(3 * t), v)  # a curved path ending at `end`, in one plane
    plane = trajectory_plane(path, names, shapes)
    coordinates, distance = plane.coordinates(path)
    np.testing.assert_allclose(distance, 0.0, atol=1e-8)  # the whole path lies in the slice
    np.testing.assert_allclose(coordinates[-1], 0.0, atol=1e-9)  # which passes through where it ended
    assert 0.5 < np.abs(coordinates).max() < 4  # scaled to its spread
    with pytest.raises(ValueError, match="hardly moved"):
        trajectory_plane(np.repeat(end[None], 5, axis=0), names, shapes)

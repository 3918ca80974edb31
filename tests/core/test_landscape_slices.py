"""The landscape of any network, as the training process draws it (core/slice_landscape.py): the slice is taken
once and held, each cell is the objective at those weights, the path is the real weights' shadow on it, the arrow
is autograd's gradient as it falls on it, the grid gets finer when paused; and optimisers compared from one start
(core/landscape_race.py) are the runs each optimiser makes alone."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch

from playground.core.landscape_frames import RACE_STEPS, LandscapeRequest
from playground.core.loss_slice import flat_parameters, random_plane
from playground.core.network import NetworkSpec
from playground.core.optimizer_race import race
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings

from .test_loss_slice import objective_of

DATA = generate(PresetSpec("two-curves", points=80))


def deep_trainer(settings=None) -> Trainer:
    return Trainer(DATA, NetworkSpec((5, 3), "tanh"), settings or TrainingSettings("adam", 0.03, device="cpu"))


def settled(trainer: Trainer, request: LandscapeRequest, fine: bool = True, limit: int = 400):
    """Frames until the picture has no work left (the training process takes one per snapshot)."""
    trainer.landscape_request = request
    for _ in range(limit):
        frame, note = trainer.landscape_frame(fine=fine)
        if not trainer.landscape_pending:
            return frame, note
    raise AssertionError("the landscape never finished")


def test_each_cell_is_the_objective_at_those_weights_of_a_slice_taken_once():
    trainer = deep_trainer()
    trainer.step(5)
    plane = random_plane(copy.deepcopy(trainer.model), seed=2)  # what a slice taken now, seed 2, must be
    frame, note = settled(trainer, LandscapeRequest(kind="random", take=2))
    assert note == "" and frame.is_slice and frame.complete
    xs, ys = frame.axes()
    for i, j in ((0, 0), (3, 7), (frame.resolution // 2, frame.resolution - 1), (frame.resolution - 1, 2)):
        assert frame.loss[i, j] == pytest.approx(objective_of(trainer, plane.weights_at(xs[j], ys[i])), rel=1e-5)
    assert frame.current == pytest.approx((0.0, 0.0), abs=1e-6)  # the slice passes through the weights then
    # Training on, the slice stays: the same grid, the current point walks off the centre.
    surface = frame.surface_id
    trainer.step(10)
    later, _ = settled(trainer, trainer.landscape_request)
    assert later.surface_id == surface and np.array_equal(later.loss, frame.loss)
    assert np.hypot(*later.current) > 1e-4
    # A new slice goes through the weights as they are now.
    renewed, _ = settled(trainer, LandscapeRequest(kind="random", take=3))
    assert renewed.surface_id != surface and renewed.current == pytest.approx((0.0, 0.0), abs=1e-6)


def test_the_path_is_the_optimisers_real_weights_shadow_on_the_slice():
    trainer, twin = deep_trainer(), deep_trainer()
    trainer.step(4)
    twin.step(4)
    plane = random_plane(copy.deepcopy(trainer.model), seed=0)
    settled(trainer, LandscapeRequest(kind="random"))
    weights = [flat_parameters(twin.model)[2]]
    for _ in range(9):  # the twin, one step at a time: the weights after each step
        trainer.step(1)
        twin.step(1)
        weights.append(flat_parameters(twin.model)[2])
    frame, _ = settled(trainer, trainer.landscape_request)
    expected, _ = plane.coordinates(np.array(weights))
    assert list(frame.path_steps) == list(range(4, 14))
    np.testing.assert_allclose(frame.path, expected, rtol=1e-4, atol=1e-5)
    assert frame.off_slice > 0  # the weights have left the slice a little: the path is a shadow


def test_the_arrow_is_minus_the_gradient_as_it_falls_on_the_slice():
    trainer = deep_trainer(TrainingSettings("sgd", 0.1, regularization="l2", reg_rate=0.01, device="cpu"))
    trainer.step(3)
    plane = random_plane(copy.deepcopy(trainer.model), seed=0)
    frame, _ = settled(trainer, LandscapeRequest(kind="random"))
    model = trainer.model
    model.eval()
    loss = trainer.loss_of(model(trainer._x_train), trainer._y_train) + trainer.penalty()
    gradient = torch.cat([g.reshape(-1) for g in torch.autograd.grad(loss, list(model.parameters()))]).double()
    basis = np.stack([plane.d1, plane.d2], axis=1)
    expected = np.linalg.lstsq(basis, -gradient.numpy(), rcond=None)[0]
    np.testing.assert_allclose(frame.descent, expected, rtol=1e-4, atol=1e-7)
    assert frame.current_loss == pytest.approx(float(loss.detach()), rel=1e-5)


def test_the_grid_is_coarse_while_training_and_finer_when_paused():
    trainer = deep_trainer()
    busy, _ = settled(trainer, LandscapeRequest(kind="random"), fine=False)
    assert 21 <= busy.resolution <= 41
    paused, _ = settled(trainer, trainer.landscape_request, fine=True)
    assert paused.resolution > busy.resolution and paused.bounds == busy.bounds


def test_a_slice_along_the_path_needs_a_path_and_then_holds_it():
    trainer = deep_trainer()
    frame, note = settled(trainer, LandscapeRequest(kind="trajectory"))
    assert frame is None and "Train a few steps first" in note
    trainer.step(30)
    frame, note = settled(trainer, trainer.landscape_request)
    assert note == "" and frame.titles == ("path direction 1", "path direction 2")
    # The slice holds the path it was fitted to: every recorded point lies in it, to a small share of its reach.
    assert frame.off_slice == pytest.approx(0.0, abs=1e-6)
    reach = np.abs(frame.path).max()
    assert reach == pytest.approx(1.0, rel=1e-3)


def test_compared_optimisers_are_each_optimisers_own_run_from_one_start():
    trainer = deep_trainer(TrainingSettings("sgd", 0.05, device="cpu"))
    trainer.step(3)
    start = trainer.weights()
    alone = race(trainer, ("sgd", "momentum", "adam"), RACE_STEPS, start=start)
    frame, _ = settled(trainer, LandscapeRequest(kind="random", race=("sgd", "momentum", "adam")))
    assert [run.optimizer for run in frame.race] == ["sgd", "momentum", "adam"]
    for run in frame.race:
        np.testing.assert_allclose(run.objective, alone[run.optimizer].objective, rtol=1e-6)
        assert len(run.path) == RACE_STEPS + 1
    assert frame.titles == ("paths' direction 1", "paths' direction 2")
    assert frame.race[0].path[0] == pytest.approx(frame.race[1].path[0])  # one start for all
    assert trainer.weights()[0][0] == pytest.approx(start[0][0])  # the comparison leaves the network alone


def test_a_new_learning_rate_runs_the_comparison_again_from_the_same_start():
    """Plain gradient descent's first step is the learning rate times the gradient: twice the rate, twice as long."""
    line = generate(PresetSpec("line"))
    spec = NetworkSpec((), features=("x1",), task="fit", n_classes=1)
    trainer = Trainer(line, spec, TrainingSettings("sgd", 0.05, batch_size=0, device="cpu"))
    request = LandscapeRequest(race=("sgd", "momentum"))
    first, _ = settled(trainer, request)
    trainer.set_settings(trainer.with_settings(learning_rate=0.1))
    second, _ = settled(trainer, request)
    (sgd1, _), (sgd2, _) = first.race, second.race
    assert sgd1.path[0] == pytest.approx(sgd2.path[0])
    step1, step2 = (np.hypot(*(run.path[1] - run.path[0])) for run in (sgd1, sgd2))
    assert step2 == pytest.approx(2 * step1, rel=1e-4)


def test_a_comparison_of_one_optimiser_is_refused_in_words():
    trainer = deep_trainer()
    frame, note = settled(trainer, LandscapeRequest(kind="random", race=("adam",)))
    assert note == "" and frame.race == ()
    assert frame.race_note == "Choose at least two different optimizers to compare."

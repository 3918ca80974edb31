"""The loss landscape of a one-neuron network: its grid is the trainer's own objective, a line fit's lowest point
is least squares, the path is the optimiser's real parameters, and the arrow is autograd's gradient step."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core.landscape_frames import LandscapeRequest, parameter_names, why_no_landscape
from playground.core.loss_landscape import PathRecorder
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings

FIT = NetworkSpec((), features=("x1",), task="fit", n_classes=1)


def line_trainer(**settings) -> Trainer:
    dataset = generate(PresetSpec("line"))
    trainer = Trainer(dataset, FIT, TrainingSettings(**{"optimizer": "sgd", "learning_rate": 0.1, "device": "cpu",
                                                        **settings}))
    trainer.landscape_request = LandscapeRequest()
    return trainer


def least_squares(trainer: Trainer) -> np.ndarray:
    points = trainer.dataset.train_points.astype(np.float64)
    return np.linalg.lstsq(np.c_[points[:, 0], np.ones(len(points))], points[:, 1], rcond=None)[0]


def test_the_grid_is_the_mean_squared_error_and_its_lowest_point_is_least_squares():
    trainer = line_trainer()
    frame = trainer.snapshot().landscape
    xs, ys = frame.axes()
    a, b = np.meshgrid(xs, ys)
    points = trainer.dataset.train_points.astype(np.float64)
    x, y = points[:, 0], points[:, 1]
    _, _, ymin, ymax = trainer.dataset.bounds()
    scale = (ymax - ymin) / 2  # the trainer measures y on the plane's scale, [-1, 1]
    closed_form = ((a[..., None] * x + b[..., None] - y) ** 2).mean(axis=-1) / scale**2
    assert frame.loss == pytest.approx(closed_form.astype(np.float32), rel=1e-5, abs=1e-7)
    # A quadratic fitted to the grid's values has its lowest point where least squares puts a and b.
    design = np.c_[np.ones(a.size), a.ravel(), b.ravel(), a.ravel() ** 2, a.ravel() * b.ravel(), b.ravel() ** 2]
    c = np.linalg.lstsq(design, frame.loss.astype(np.float64).ravel(), rcond=None)[0]
    lowest = np.linalg.solve([[2 * c[3], c[4]], [c[4], 2 * c[5]]], [-c[1], -c[2]])
    assert lowest == pytest.approx(least_squares(trainer), abs=1e-3)
    assert frame.minimum == pytest.approx(least_squares(trainer), abs=1e-9)
    assert frame.bounds[0] < frame.minimum[0] < frame.bounds[1] and frame.bounds[2] < frame.minimum[1] < frame.bounds[3]
    assert frame.bounds[0] < frame.current[0] < frame.bounds[1] and frame.bounds[2] < frame.current[1] < frame.bounds[3]
    assert frame.titles == ("a (slope)", "b (intercept)") and len(frame.contours) > 0


def test_every_cell_is_the_trainers_own_loss_penalty_included():
    """Cells of the classifier's grid (w1 and b, w2 held), set into the trainer as typed weights, give its loss."""
    dataset = generate(PresetSpec("rabbits-unicorns", points=120))
    for settings in (TrainingSettings(device="cpu", regularization="l2", reg_rate=0.01),
                     TrainingSettings(device="cpu", loss="mse", regularization="l1", reg_rate=0.003)):
        trainer = Trainer(dataset, NetworkSpec(()), settings)
        trainer.step(30)
        trainer.landscape_request = LandscapeRequest((0, 2))
        frame = trainer.snapshot().landscape
        assert frame.names == ("w1", "b") and frame.held[0] == "w2" and frame.regularised
        xs, ys = frame.axes()
        for i, j in ((3, 5), (40, 20), (frame.resolution - 2, frame.resolution // 2)):
            trainer.set_weight(0, 0, 0, float(xs[j]))
            trainer.set_weight(0, 0, None, float(ys[i]))
            with torch.no_grad():
                trainer.model.eval()
                expected = float(trainer.loss_of(trainer.model(trainer._x_train), trainer._y_train) + trainer.penalty())
            assert frame.loss[i, j] == pytest.approx(expected, rel=2e-4)


def test_the_path_is_the_optimisers_real_parameters_at_each_step():
    """Trained in chunks between frames (as the training process does), the path holds (a, b) after every step,
    as a trainer stepping one at a time reads them off its weights."""
    trainer = line_trainer()
    trainer.snapshot()  # the landscape is asked for: the path starts here
    for chunk in (1, 7, 3, 25):
        trainer.step(chunk)
        frame = trainer.snapshot().landscape
    assert list(frame.path_steps) == list(range(37))
    other = line_trainer()
    expected = [other.fit_line()]
    for _ in range(36):
        other.step(1)
        expected.append(other.fit_line())
    assert frame.path == pytest.approx(np.array(expected), abs=1e-5)
    assert tuple(frame.path[-1]) == pytest.approx(frame.current, abs=1e-6)


def test_a_long_path_is_thinned_but_keeps_its_start_and_real_points():
    trainer = line_trainer(learning_rate=0.01)
    trainer.snapshot()
    trainer._landscape.recorder = PathRecorder(capacity=64)  # a small buffer, so thinning starts soon
    trainer._landscape.moved(trainer)
    trainer.step(300)
    frame = trainer.snapshot().landscape
    steps = frame.path_steps
    assert steps[0] == 0 and steps[-1] == 300 and 32 <= len(steps) <= 65 and np.all(np.diff(steps) > 0)
    other = line_trainer(learning_rate=0.01)
    lines = [other.fit_line()]
    for _ in range(300):
        other.step(1)
        lines.append(other.fit_line())
    assert frame.path == pytest.approx(np.array(lines)[steps], abs=1e-5)


def test_setting_the_weights_starts_the_path_again_there():
    trainer = line_trainer()
    trainer.snapshot()
    trainer.step(5)
    trainer.set_weight(0, 0, 0, -1.0)  # a and b, as a click on the landscape sets them
    trainer.set_weight(0, 0, None, 6.0)
    frame = trainer.snapshot().landscape
    assert len(frame.path) == 1 and tuple(frame.path[0]) == pytest.approx((-1.0, 6.0), abs=1e-5)
    trainer.step(2)
    frame = trainer.snapshot().landscape
    assert list(frame.path_steps) == [5, 6, 7] and tuple(frame.path[0]) == pytest.approx((-1.0, 6.0), abs=1e-5)


def test_the_arrow_is_where_a_plain_gradient_step_goes():
    """For full-batch SGD, one step moves (a, b) by exactly the learning rate times the arrow; and the arrow is
    minus autograd's gradient in the network's units carried to a and b (2/n Σ(ax + b - y)(x, 1) scaled)."""
    trainer = line_trainer(learning_rate=0.05)
    trainer.step(3)
    frame = trainer.snapshot().landscape
    before = np.array(trainer.fit_line())
    trainer.step(1)
    moved = np.array(trainer.fit_line()) - before
    assert moved == pytest.approx(0.05 * np.array(frame.descent), rel=1e-4, abs=1e-7)
    points = trainer.dataset.train_points.astype(np.float64)
    x, y = points[:, 0], points[:, 1]
    xmin, xmax, ymin, ymax = trainer.dataset.bounds()
    sx, sy = (xmax - xmin) / 2, (ymax - ymin) / 2
    a, b = before
    residual = a * x + b - y
    gradient_ab = 2 * np.array([(residual * x).mean(), residual.mean()]) / sy**2  # of the loss in (a, b)
    # The network's units are w = a·sx/sy and c = (b - cy)/sy (the data's x is centred): a step of -g in (w, c)
    # is -g_w·sy/sx in a and -g_c·sy in b, and g_w = g_a·sy/sx, g_c = g_b·sy.
    expected = -gradient_ab * np.array([(sy / sx) ** 2, sy**2])
    assert (xmin + xmax) / 2 == 0 and frame.descent == pytest.approx(expected, rel=1e-4)


def test_the_landscape_is_for_one_neuron_on_the_plain_inputs_only():
    assert parameter_names(FIT) == ("a", "b") and parameter_names(NetworkSpec(())) == ("w1", "w2", "b")
    for spec in (NetworkSpec((4,)), NetworkSpec((), features=("x1", "x1sq")), NetworkSpec((), n_classes=3)):
        assert why_no_landscape(spec) and parameter_names(spec) is None
    trainer = Trainer(generate(PresetSpec("xor", points=40)), NetworkSpec((3,)), TrainingSettings(device="cpu"))
    trainer.landscape_request = LandscapeRequest()
    snapshot = trainer.snapshot()
    assert snapshot.landscape is None and "hidden layers" in snapshot.landscape_note
    trainer.step(10)
    assert len(trainer._landscape.recorder) == 0  # nothing is recorded for it


def test_nothing_is_recorded_unless_a_landscape_is_asked_for():
    trainer = line_trainer()
    trainer.landscape_request = None
    trainer.step(20)
    snapshot = trainer.snapshot()
    assert snapshot.landscape is None and snapshot.landscape_note == "" and len(trainer._landscape.recorder) == 0

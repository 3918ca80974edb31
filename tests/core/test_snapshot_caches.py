"""What the snapshot keeps between frames (the hidden picture's carried grid and points, the boundary grid's
features) is made again when the plane shown, the data or its scaling change: a kept tracker's frame is then the
same as a new tracker's."""

from __future__ import annotations

import numpy as np
import torch

from playground.core.hidden_frames import HiddenRequest
from playground.core.hidden_space import HiddenSpaceTracker
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings

SETTINGS = TrainingSettings("sgd", 0.03, batch_size=10, device="cpu")


def frame(tracker: HiddenSpaceTracker, trainer: Trainer, bounds, points: np.ndarray):
    trainer.model.eval()
    return tracker.frame(trainer.model, trainer.spec.hidden, trainer.spec.activations, bounds, points,
                         HiddenRequest(2), trainer._output_values)


def test_the_hidden_picture_follows_the_plane_the_data_and_its_scaling():
    trainer = Trainer(generate(PresetSpec("spiral", points=120)), NetworkSpec((4, 2), "tanh"), SETTINGS)
    trainer.step(20)
    kept = HiddenSpaceTracker()
    bounds = trainer.dataset.bounds()
    other_bounds = (bounds[0] - 1.0, bounds[1] + 0.5, bounds[2], bounds[3] + 2.0)
    other_points = generate(PresetSpec("circle", points=90)).points
    for plane, points in ((bounds, trainer.dataset.points), (other_bounds, trainer.dataset.points),
                          (other_bounds, other_points), (bounds, other_points)):
        got, expected = frame(kept, trainer, plane, points), frame(HiddenSpaceTracker(), trainer, plane, points)
        np.testing.assert_array_equal(got.grid, expected.grid)
        np.testing.assert_array_equal(got.points, expected.points)
        np.testing.assert_array_equal(got.cell_values, expected.cell_values)
    with torch.no_grad():
        trainer.model[0].scale *= 1.5  # the input scaling changed
    got, expected = frame(kept, trainer, bounds, other_points), frame(HiddenSpaceTracker(), trainer, bounds,
                                                                        other_points)
    np.testing.assert_array_equal(got.grid, expected.grid)
    np.testing.assert_array_equal(got.points, expected.points)

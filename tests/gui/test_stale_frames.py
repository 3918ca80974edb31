"""Frames computed before a change of the data can still arrive after it (the training process runs
behind the window). A view shows a frame only when it fits the data it shows now; a stale one is skipped,
never drawn in the wrong classes' colours or allowed to raise."""

from __future__ import annotations

import numpy as np
import pytest

from playground.core.dataset import CLASS_COLOURS, Dataset
from playground.core.edits import RemoveClass
from playground.core.hidden_space import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.training import Trainer, TrainingSettings
from playground.gui.hidden_space_view import HiddenSpaceView


def four_classes(n: int = 30) -> Dataset:
    """Points of classes 0 to 2, and a fourth class with no points yet (just added)."""
    rng = np.random.default_rng(1)
    return Dataset(rng.uniform(-5, 5, (n, 2)), np.arange(n) % 3, np.zeros(n, bool),
                   class_names=("a", "b", "c", "d"), class_colours=CLASS_COLOURS[:4])


def frame_of(dataset: Dataset):
    trainer = Trainer(dataset, NetworkSpec((2,), "tanh"), TrainingSettings(device="cpu", seed=3))
    trainer.hidden_request = HiddenRequest(1, "activation")
    return trainer.snapshot()


@pytest.mark.parametrize("change", ["remove the empty class", "switch to curve fitting"])
def test_a_frame_from_before_a_change_of_classes_is_skipped(qtbot, change):
    before = four_classes()
    snapshot = frame_of(before)
    frame = snapshot.hidden
    assert frame is not None and frame.regions is not None and frame.regions.shape[2] == 4
    assert (frame.regions.argmax(axis=2) == 3).any()  # the fourth class's region is on the picture
    view = HiddenSpaceView()
    qtbot.addWidget(view)
    view.set_dataset(before)
    view.show_frame(frame, snapshot.misclassified)
    assert view.frame is frame
    if change == "remove the empty class":
        after, _ = RemoveClass(3).apply(before)
    else:
        after = Dataset.fit_samples(before.points)
    assert len(after) == len(before)  # the same number of points: only the classes tell the frame is stale
    view.set_dataset(after)
    view.show_frame(frame, snapshot.misclassified)  # arrives late
    assert view.frame is None
    fresh = frame_of(after)
    view.show_frame(fresh.hidden, fresh.misclassified)
    assert view.frame is fresh.hidden

"""A teacher hands out a trained network: the scenario saved with its weights opens in another window with the same
predictions to the last digit, the same views and the same loss curves, and training goes on from there."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from playground.core.hidden_space import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, load_scenario

from .conftest import WAIT_MS, ask_process
from .monkey import post_wheel

STEPS = 12


def frame_at(qtbot, window, step: int, after: int = -1):
    """The first frame painted at `step` of a run newer than generation `after`."""
    def ready() -> bool:
        shown = window.latest_snapshot
        return shown is not None and shown.generation > after and shown.metrics.step == step

    qtbot.waitUntil(ready, timeout=WAIT_MS)
    return window.latest_snapshot


def test_a_trained_scenario_opens_exactly_as_it_was_saved(qtbot, make_window, tmp_path):
    window = make_window(Scenario(PresetSpec("two-curves", points=120, seed=3), NetworkSpec(hidden=(3,))))
    window.hidden_panel.choose(HiddenRequest(1, "affine", (2, 0), dims=2))  # neurons 3 and 1, before tanh
    viewport = window.boundary_view.viewport()
    post_wheel(viewport, viewport.rect().center() + QPoint(25, 10), 2)  # the teacher zooms in a little
    qtbot.waitUntil(lambda: window.boundary_view.looked_at() is not None)
    # the training process draws the part looked at before the steps (the view goes to it after a short pause in
    # the gesture; steps clicked sooner could all be done, and their frames made, before it arrives)
    qtbot.waitUntil(lambda: window.latest_snapshot is not None
                    and window.latest_snapshot.bounds == pytest.approx(window.boundary_view.looked_at()),
                    timeout=WAIT_MS)
    for _ in range(STEPS):
        qtbot.mouseClick(window.transport.step_button, Qt.MouseButton.LeftButton)
    saved_frame = frame_at(qtbot, window, STEPS)
    qtbot.waitUntil(lambda: saved_frame.bounds == pytest.approx(window.boundary_view.looked_at()), timeout=WAIT_MS)
    window.questions.save = str(tmp_path / "handout")
    assert window.document.save_as()
    saved = load_scenario(tmp_path / "handout.playground.json")
    kept = window.loss_chart.history()
    assert saved.weights.steps == STEPS and saved.history.steps == kept.steps and kept.steps[-1] == STEPS

    other = make_window(Scenario(PresetSpec("xor", points=60), NetworkSpec(hidden=(5, 5))))
    before = other.latest_snapshot.generation if other.latest_snapshot is not None else -1
    assert other.open_scenario(str(tmp_path / "handout.playground.json"))
    frame_at(qtbot, other, STEPS, before)
    qtbot.waitUntil(lambda: other.latest_snapshot.bounds == saved_frame.bounds
                    and other.latest_snapshot.hidden is not None, timeout=WAIT_MS)
    opened = other.latest_snapshot
    # the same predictions, to the last bit: over the plane, on the points, and in the hidden space
    assert np.array_equal(opened.probabilities, saved_frame.probabilities)
    assert opened.metrics.train_loss == saved_frame.metrics.train_loss
    assert opened.metrics.test_accuracy == saved_frame.metrics.test_accuracy
    assert np.array_equal(opened.hidden.points, saved_frame.hidden.points)
    # the same views
    assert other.hidden_panel.choice() == window.hidden_panel.choice()
    assert other.boundary_view.looked_at() == pytest.approx(window.boundary_view.looked_at())
    assert ask_process(qtbot, other).hidden == HiddenRequest(1, "affine", (2, 0), dims=2)
    # the same loss curves, and training goes on from the saved step
    shown = other.loss_chart.history()
    assert shown.steps == kept.steps
    assert shown.train_loss == pytest.approx(kept.train_loss, rel=5e-7)
    assert shown.test_accuracy == pytest.approx(kept.test_accuracy, rel=5e-7)
    qtbot.waitUntil(lambda: other.loss_chart.train_loss_curve.getData()[0].tolist() == list(kept.steps),
                    timeout=WAIT_MS)  # what the learner sees is the whole run, from step 0
    qtbot.mouseClick(other.transport.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: other.loss_chart.history_length == len(kept) + 1, timeout=WAIT_MS)
    assert other.loss_chart.history().steps[-2:] == (STEPS, STEPS + 1)

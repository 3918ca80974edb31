"""Arrows (View > Arrows, or the hidden space's Arrows button): the training process computes where gradient
descent pushes each point, and both views draw an arrow from each training point in that direction."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training_settings import TrainingSettings
from playground.gui.push_arrows_item import LONGEST, MAX_ARROWS, TYPICAL_SHARE, arrow_segments

from .conftest import WAIT_MS, ask_process


def shafts(item) -> tuple[np.ndarray, np.ndarray]:
    """(starts, tips) of the arrows an item draws: every third pair of vertices is a shaft."""
    x, y = item.getData()
    pairs = np.c_[x, y].reshape(-1, 3, 2, 2)
    return pairs[:, 0, 0], pairs[:, 0, 1]


def parallel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine of the angle between matching rows."""
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_arrows_start_at_the_training_points_and_point_where_the_process_says(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("two-curves", points=60), NetworkSpec((4, 2), "tanh"),
                                  TrainingSettings("adam", 0.03)))
    qtbot.waitUntil(lambda: window.latest_snapshot is not None, timeout=WAIT_MS)
    plane, hidden = window.boundary_view.arrows, window.hidden_panel.view.arrows
    assert not plane.isVisible() and not hidden.isVisible()
    qtbot.mouseClick(window.hidden_panel.arrows_button, Qt.MouseButton.LeftButton)
    assert window.arrows_action.isChecked()
    qtbot.waitUntil(lambda: ask_process(qtbot, window).arrows, timeout=WAIT_MS)
    window.worker.step()
    qtbot.waitUntil(lambda: window.latest_snapshot.plane_arrows is not None and plane.isVisible()
                    and hidden.isVisible(), timeout=WAIT_MS)
    snapshot = window.latest_snapshot
    dataset = window.session.dataset
    starts, tips = shafts(plane)
    train = np.flatnonzero(~dataset.is_test)
    assert np.isnan(snapshot.plane_arrows[dataset.is_test]).all()
    np.testing.assert_allclose(starts, dataset.points[train], rtol=1e-5)  # one from each training point
    assert (parallel(tips - starts, snapshot.plane_arrows[train]) > 0.999).all()  # the process's direction
    # The hidden space: from each training point as drawn there, along the frame's own arrows.
    frame = snapshot.hidden
    starts, tips = shafts(hidden)
    np.testing.assert_allclose(starts, frame.points[train], rtol=1e-5)
    assert (parallel(tips - starts, frame.arrows[train]) > 0.999).all()
    # Off: gone at once, and the process stops computing them.
    window.arrows_action.trigger()
    assert not window.hidden_panel.arrows_button.isChecked()
    assert not plane.isVisible() and not hidden.isVisible()
    qtbot.waitUntil(lambda: not ask_process(qtbot, window).arrows, timeout=WAIT_MS)


def test_arrow_lengths_are_scaled_to_be_seen_with_real_ratios_below_the_cap():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(200, 2))
    angles = rng.uniform(0, 2 * np.pi, 200)
    arrows = np.c_[np.cos(angles), np.sin(angles)] * rng.uniform(0.5, 1, size=(200, 1))
    arrows[0] *= 100  # one huge push
    arrows[1] = np.nan  # a test point
    pixel = (0.01, 0.02)  # one pixel in data units: a view twice as tall in data as it is wide
    diagonal = 500.0
    pairs = arrow_segments(points, arrows, pixel, diagonal).reshape(-1, 3, 2, 2)
    assert len(pairs) == 199
    shaft = (pairs[:, 0, 1] - pairs[:, 0, 0]) / pixel  # in pixels
    drawn = np.linalg.norm(shaft, axis=1)
    real = np.linalg.norm(arrows[2:] / pixel, axis=1)
    assert np.percentile(drawn, 90) == pytest.approx(TYPICAL_SHARE * diagonal, rel=0.02)
    assert drawn.max() == pytest.approx(LONGEST * TYPICAL_SHARE * diagonal)  # the huge one, capped
    below = drawn[1:] < LONGEST * TYPICAL_SHARE * diagonal - 1e-6
    np.testing.assert_allclose(drawn[1:][below] / real[below], (drawn[1:][below] / real[below])[0], rtol=1e-6)
    # Heads: two strokes from the tip, mirror images about the shaft.
    tip = pairs[:, 1, 0]
    left, right = (pairs[:, 1, 1] - tip) / pixel, (pairs[:, 2, 1] - tip) / pixel
    np.testing.assert_allclose(np.linalg.norm(left, axis=1), np.linalg.norm(right, axis=1), rtol=1e-6)
    np.testing.assert_allclose(parallel(left, -shaft), parallel(right, -shaft), rtol=1e-6)
    many = arrow_segments(rng.normal(size=(10_000, 2)), rng.normal(size=(10_000, 2)), pixel, diagonal)
    assert len(many) // 6 <= MAX_ARROWS

"""A big data set's hidden space in the window: a sample of its points is drawn, and what is hovered, ringed
and captioned is mapped between the sample and the data set."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF

from playground.core.hidden_sample import HIDDEN_SAMPLE
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.hidden_space_view import HiddenSpaceView

from .conftest import WAIT_MS

BIG = 12_000


@pytest.fixture
def window(make_window):
    return make_window(Scenario(PresetSpec("two-curves", points=BIG), NetworkSpec((2,), "tanh"), TrainingSettings()))


def sampled_frame(qtbot, window):
    view = window.hidden_panel.view
    qtbot.waitUntil(lambda: view.frame is not None and view.frame.sampled, timeout=WAIT_MS)
    return view, view.frame


def to_viewport(view, xy) -> QPoint:
    scene = view.plot.getViewBox().mapViewToScene(QPointF(float(xy[0]), float(xy[1])))
    return view.mapFromScene(scene)


def loneliest(pixels: np.ndarray) -> int:
    """The point farthest (in pixels) from any other: hovering it can name no other."""
    nearest = np.empty(len(pixels))
    for start in range(0, len(pixels), 500):
        block = pixels[start:start + 500]
        gaps = np.linalg.norm(block[:, None] - pixels[None], axis=2)
        gaps[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf
        nearest[start:start + len(block)] = gaps.min(axis=1)
    return int(np.argmax(nearest))


def test_hovering_a_sampled_point_rings_its_data_point_on_the_plane(qtbot, window):
    view, frame = sampled_frame(qtbot, window)
    window.pause()
    assert len(frame.points) == HIDDEN_SAMPLE and frame.data_size == len(window.session.dataset) == BIG
    pixels = np.array([[p.x(), p.y()] for p in (to_viewport(view, xy) for xy in frame.points)], float)
    position = loneliest(pixels)
    data_index = int(frame.point_index[position])
    assert data_index != position  # (a sample's place is not the data point's index)
    hovered = []
    view.point_hovered.connect(hovered.append)
    qtbot.mouseMove(view.viewport(), to_viewport(view, frame.points[position]))
    qtbot.waitUntil(lambda: bool(hovered) and hovered[-1] == data_index, timeout=WAIT_MS)
    x, y = view.marks.highlight_item.getData()
    assert np.allclose((x[0], y[0]), frame.points[position])
    plane = window.boundary_view.marks.highlight_item
    assert plane.isVisible()
    x, y = plane.getData()
    assert np.allclose((x[0], y[0]), window.session.dataset.points[data_index])


def test_a_data_point_hovered_on_the_plane_is_ringed_where_the_sample_has_it(qtbot, window):
    view, frame = sampled_frame(qtbot, window)
    window.pause()
    position = 777
    window.boundary_view.point_hovered.emit(int(frame.point_index[position]))
    x, y = view.marks.highlight_item.getData()
    assert view.marks.highlight_item.isVisible() and np.allclose((x[0], y[0]), frame.points[position])
    left_out = int(np.setdiff1d(np.arange(BIG), frame.point_index)[0])
    window.boundary_view.point_hovered.emit(left_out)  # not drawn here: no ring on another point
    assert not view.marks.highlight_item.isVisible()


def test_the_mistakes_rings_sit_on_the_sampled_points_that_are_wrong(qtbot, window):
    view, frame = sampled_frame(qtbot, window)
    wrong = window.latest_snapshot.misclassified
    assert len(wrong) == BIG
    expected = frame.points[wrong[frame.point_index]]
    assert len(expected)  # (untrained: plenty of mistakes)
    qtbot.waitUntil(lambda: len(view.marks.rings()) == len(expected), timeout=WAIT_MS)
    np.testing.assert_allclose(view.marks.rings(), expected)


def test_the_caption_says_how_many_points_are_shown(qtbot, window, make_window):
    view, _frame = sampled_frame(qtbot, window)
    assert f"showing {HIDDEN_SAMPLE:,} of {BIG:,} points" in view._caption.toPlainText()
    small = make_window(Scenario(PresetSpec("two-curves", points=300), NetworkSpec((2,), "tanh"),
                                 TrainingSettings()))
    qtbot.waitUntil(lambda: small.hidden_panel.view.frame is not None, timeout=WAIT_MS)
    caption = small.hidden_panel.view._caption.toPlainText()
    assert "showing" not in caption and caption == small.hidden_panel.view.stage_title()


def test_many_rings_are_moved_not_rebuilt_when_the_number_of_mistakes_changes(qtbot):
    """The rings are a spot per point, styled once, the wrong ones shown: the same spots are moved."""
    view = HiddenSpaceView()
    qtbot.addWidget(view)
    marks = view.marks
    rng = np.random.default_rng(0)
    positions = rng.normal(size=(2010, 2)).astype(np.float32)
    marks.set_positions(positions)
    for share in (0.3, 0.1, 0.5):
        wrong = rng.random(len(positions)) < share
        marks.show_wrong(wrong)
        np.testing.assert_array_equal(marks.rings(), positions[wrong])
        assert len(marks.wrong_item.data) == len(positions)
    spots = marks.wrong_item.data
    marks.set_positions(positions + 1)
    marks.show_wrong(wrong)
    assert marks.wrong_item.data is spots  # (moved in place)
    np.testing.assert_array_equal(marks.rings(), positions[wrong] + 1)
    marks.show_wrong(np.zeros(len(positions), bool))
    assert len(marks.rings()) == 0


def test_a_replayed_sampled_frame_rings_its_own_mistakes(qtbot, window):
    view, frame = sampled_frame(qtbot, window)
    window.pause()
    panel, first = window.hidden_panel, window.latest_snapshot
    later = replace(first, metrics=replace(first.metrics, step=first.metrics.step + 1),
                    misclassified=np.zeros(BIG, bool))
    panel.show_snapshot(first)
    panel.show_snapshot(later)
    assert len(view.marks.rings()) == 0
    assert all(len(kept) == HIDDEN_SAMPLE for _, _, kept in panel._history)  # (the sample's flags, not every point's)
    panel.replay_slider.setValue(panel.replay_slider.maximum() - 1)
    expected = frame.points[first.misclassified[frame.point_index]]
    assert len(expected)
    np.testing.assert_allclose(view.marks.rings(), expected)

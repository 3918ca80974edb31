"""What the plane actually draws after each drawing tool, undo and redo: the boundary view's scatter items
hold exactly the session's points, class by class and training/test apart, and the hidden-space view carries
every one of them through the network. Mouse events are real, posted to the plane's viewport."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.data_tools import Tool

from .conftest import WAIT_MS
from .plane_input import choose, move, press, release, stroke


@pytest.fixture
def window(make_window):
    # One hidden layer of 2 linear neurons: the hidden space is then exactly W·x + b, which the test can compute.
    scenario = Scenario(PresetSpec("gauss", points=40), NetworkSpec((2,), "linear"), TrainingSettings())
    return make_window(scenario)


def sorted_rows(points: np.ndarray) -> np.ndarray:
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return points[np.lexsort((points[:, 1], points[:, 0]))]


def hidden_points_expected(window) -> np.ndarray | None:
    """Where the hidden layer puts every data point, from the weights in the newest frame (data units)."""
    picture = window.latest_snapshot.network
    w, b = picture.weights[0].astype(np.float64), picture.biases[0].astype(np.float64)
    return window.session.dataset.points.astype(np.float64) @ w.T + b


def hidden_points_shown(window) -> np.ndarray:
    x, y = window.hidden_panel.view._points.getData()
    return np.c_[x, y]


def assert_drawn(qtbot, window) -> None:
    """The plane shows exactly the session's points; the hidden space shows each of them where the network
    (as of the frame on screen) puts it."""
    data = window.session.dataset
    view = window.boundary_view
    items = view.point_items()
    assert {(c, t) for c, t, _ in items} == {(c, t) for c in range(data.n_classes) for t in (False, True)}
    for c, test, item in items:
        x, y = item.getData()
        expected = data.points[(data.labels == c) & (data.is_test == test)]
        np.testing.assert_array_equal(sorted_rows(np.c_[x, y]), sorted_rows(expected),
                                      err_msg=f"class {c}, {'test' if test else 'training'} points")
        assert item.isVisible()

    def hidden_ok() -> bool:
        shown = hidden_points_shown(window)
        expected = hidden_points_expected(window)
        return shown.shape == expected.shape and np.allclose(shown, expected, rtol=1e-4, atol=1e-4)

    qtbot.waitUntil(hidden_ok, timeout=WAIT_MS)


def undo(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def test_put_brush_and_curve_draw_every_new_point_and_undo_redo_follow(qtbot, window):
    assert_drawn(qtbot, window)
    choose(qtbot, window, Tool.PUT)
    qtbot.keyClick(window, Qt.Key.Key_2)
    for point in ((1.5, -2.0), (-3.0, 4.0), (0.5, 0.5)):
        stroke(window, [point])
        assert_drawn(qtbot, window)
    choose(qtbot, window, Tool.BRUSH)
    qtbot.keyClick(window, Qt.Key.Key_1)
    stroke(window, [(-4.0 + 0.5 * i, 3.0) for i in range(9)])
    assert_drawn(qtbot, window)
    choose(qtbot, window, Tool.CURVE)
    stroke(window, [(-5.0 + i, -4.0 + 0.1 * i) for i in range(11)])
    assert_drawn(qtbot, window)
    for _ in range(3):
        undo(qtbot, window)
        assert_drawn(qtbot, window)
    for _ in range(3):
        redo(qtbot, window)
        assert_drawn(qtbot, window)


def test_eraser_select_drag_jitter_magnet_and_delete_redraw_the_points_where_they_are(qtbot, window):
    session = window.session
    window.data_toolbar.size_slider.setValue(8)
    choose(qtbot, window, Tool.ERASER)
    stroke(window, [(-2.0, -2.0), (-1.0, -2.0), (0.0, -2.0)])
    assert_drawn(qtbot, window)
    choose(qtbot, window, Tool.SELECT)
    stroke(window, [(2.0, 2.0), (3.0, 3.0), (3.8, 3.8)])  # a rectangle over part of class 1's cloud
    selected = window.data_tools.selection
    assert 0 < len(selected) < len(session.dataset)
    grab = session.dataset.points[selected[0]]
    before = session.dataset.points.copy()
    press(window, *grab)
    move(window, [(grab[0] - 1.0, grab[1]), (grab[0] - 2.0, grab[1] - 1.0)])
    release(window, grab[0] - 2.0, grab[1] - 1.0)
    np.testing.assert_allclose(session.dataset.points[selected], before[selected] + [-2.0, -1.0], atol=0.1)
    assert_drawn(qtbot, window)
    window.boundary_view.setFocus()
    qtbot.keyClick(window.boundary_view, Qt.Key.Key_Delete)
    assert len(session.dataset) == len(before) - len(selected)
    assert_drawn(qtbot, window)
    for tool in (Tool.JITTER, Tool.MAGNET):
        choose(qtbot, window, tool)
        moved = session.dataset.points.copy()
        stroke(window, [tuple(moved[0])] * 5)  # over a point, so there is something to shake or pull
        assert not np.array_equal(session.dataset.points, moved)
        assert_drawn(qtbot, window)
    for _ in range(4):
        undo(qtbot, window)
        assert_drawn(qtbot, window)
    redo(qtbot, window)
    assert_drawn(qtbot, window)
    qtbot.mouseClick(window.data_toolbar.clear_button, Qt.MouseButton.LeftButton)
    assert len(session.dataset) == 0
    assert all(len(item.getData()[0]) == 0 for _, _, item in window.boundary_view.point_items())
    undo(qtbot, window)
    assert_drawn(qtbot, window)

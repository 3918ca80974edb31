"""Deleting or clearing points in the middle of a drag: the drag ends cleanly and the history stays
sensible. Mouse events are posted and handled by the event loop (see plane_input), so an error raised in the
data tools' event filter fails the test instead of vanishing."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.data_tools import Tool

from .plane_input import choose, move, press, release, stroke

CORNER = [(-5.0, 5.0), (-4.5, 4.5), (-4.0, 5.2)]


@pytest.fixture
def window(make_window):
    scenario = Scenario(PresetSpec("gauss", points=40), NetworkSpec((4,), "tanh"), TrainingSettings())
    return make_window(scenario)


def select_corner(qtbot, window, tool: Tool) -> np.ndarray:
    """Put three points in the upper left corner and select exactly them with the select or lasso tool."""
    choose(qtbot, window, Tool.PUT)
    for point in CORNER:
        stroke(window, [point])
    points = window.session.dataset.points
    corner = np.flatnonzero((points[:, 0] < -3.5) & (points[:, 1] > 4.0))
    assert len(corner) == 3
    choose(qtbot, window, tool)
    if tool == Tool.SELECT:
        stroke(window, [(-5.6, 5.8), (-4.5, 4.8), (-3.6, 4.2)])
    else:
        stroke(window, [(-4.5 + 1.1 * np.cos(a), 4.9 + 1.1 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 20)])
    assert set(window.data_tools.selection) == set(corner)
    return corner


@pytest.mark.parametrize(("tool", "key", "modifier"), [
    (Tool.SELECT, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
    (Tool.LASSO, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier),
    (Tool.SELECT, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier),  # clear every point
])
def test_deleting_during_a_drag_ends_the_drag_and_undo_restores_the_points(qtbot, window, tool, key, modifier):
    session = window.session
    corner = select_corner(qtbot, window, tool)
    original = session.dataset
    steps = session.undo_stack.count()
    press(window, -4.5, 4.5)  # on a selected point: this drags the selection
    move(window, [(-4.0, 4.0), (-3.5, 3.5)])  # moved by (+1, -1) so far
    dragged = session.dataset
    np.testing.assert_allclose(dragged.points[corner], original.points[corner] + [1.0, -1.0], atol=0.1)
    window.boundary_view.setFocus()
    qtbot.keyClick(window.boundary_view, key, modifier)
    deleted = session.dataset
    expected = 0 if modifier == Qt.KeyboardModifier.ShiftModifier else len(original) - 3
    assert len(deleted) == expected
    move(window, [(-3.0, 3.0), (-2.0, 2.0), (-1.0, 1.0)])  # the drag is over: these moves change nothing
    release(window, -1.0, 1.0)
    assert session.dataset is deleted
    assert len(window.data_tools.selection) == 0
    assert session.undo_stack.count() == steps + 2  # the move, then the deletion
    session.undo_stack.undo()  # the points come back where the drag had put them
    np.testing.assert_array_equal(session.dataset.points, dragged.points)
    session.undo_stack.undo()
    np.testing.assert_array_equal(session.dataset.points, original.points)
    # The tool still works afterwards: a new selection can be dragged.
    stroke(window, [(-5.6, 5.8), (-4.5, 4.8), (-3.6, 4.2)] if tool == Tool.SELECT else
           [(-4.5 + 1.1 * np.cos(a), 4.9 + 1.1 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 20)])
    stroke(window, [(-4.5, 4.5), (-3.5, 4.5)])
    np.testing.assert_allclose(session.dataset.points[corner], original.points[corner] + [1.0, 0.0], atol=0.1)

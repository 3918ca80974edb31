"""Drawing on the plane with real mouse events, and undoing it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from playground.core.edits import RemovePoints
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.data_tools import Tool

from .conftest import WAIT_MS


@pytest.fixture
def window(make_window):
    scenario = Scenario(PresetSpec("gauss", points=40), NetworkSpec((6,), "tanh"), TrainingSettings("adam", 0.03))
    return make_window(scenario)


def at(window, x: float, y: float) -> QPoint:
    """Where the data point (x, y) is on the boundary view's viewport."""
    view = window.boundary_view
    scene = view.plot.getViewBox().mapViewToScene(QPointF(x, y))
    return view.mapFromScene(scene)


def choose(qtbot, window, tool: Tool) -> None:
    qtbot.mouseClick(window.data_toolbar.tool_buttons[tool], Qt.MouseButton.LeftButton)
    assert window.data_tools.tool == tool


def stroke(qtbot, window, path: list[tuple[float, float]]) -> None:
    viewport = window.boundary_view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(window, *path[0]))
    for x, y in path[1:]:
        qtbot.mouseMove(viewport, at(window, x, y))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(window, *path[-1]))


def test_put_adds_one_point_per_click_then_undo_and_redo(qtbot, window):
    session = window.session
    before = session.dataset
    choose(qtbot, window, Tool.PUT)
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert window.data_tools.current_class == 1
    stroke(qtbot, window, [(1.5, -2.0)])
    stroke(qtbot, window, [(-3.0, 4.0)])
    assert len(session.dataset) == len(before) + 2
    np.testing.assert_allclose(session.dataset.points[-2:], [[1.5, -2.0], [-3.0, 4.0]], atol=0.05)
    assert list(session.dataset.labels[-2:]) == [1, 1]
    assert len(window.boundary_view.dataset) == len(before) + 2
    qtbot.mouseClick(window.data_toolbar.undo_button, Qt.MouseButton.LeftButton)
    assert len(session.dataset) == len(before) + 1
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(session.dataset.points, before.points)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(session.dataset) == len(before) + 1
    assert window.session.edited and "(edited)" in window.windowTitle()


def test_a_brush_stroke_sprays_near_the_cursor_and_is_one_undo_step(qtbot, window):
    session = window.session
    before = session.dataset
    steps = session.undo_stack.count()
    choose(qtbot, window, Tool.BRUSH)
    path = [(-4.0 + 0.5 * i, 3.0) for i in range(9)]
    stroke(qtbot, window, path)
    added = session.dataset.points[len(before):]
    assert len(added) >= len(path) * window.data_tools.intensity
    assert np.all(added[:, 1] > 3.0 - 1.5) and np.all(added[:, 1] < 3.0 + 1.5)
    assert np.all(session.dataset.labels[len(before):] == 0)
    assert session.undo_stack.count() == steps + 1
    assert session.undo_stack.text(steps) == "Brush stroke"
    session.undo_stack.undo()
    np.testing.assert_array_equal(session.dataset.points, before.points)
    session.undo_stack.redo()
    np.testing.assert_array_equal(session.dataset.points[len(before):], added)


def test_the_eraser_removes_what_it_passes_over_and_undo_restores_the_order(qtbot, window):
    session = window.session
    choose(qtbot, window, Tool.PUT)
    for x in (-1.0, 0.0, 1.0):
        stroke(qtbot, window, [(x, -5.0)])
    before = session.dataset
    choose(qtbot, window, Tool.ERASER)
    stroke(qtbot, window, [(-1.0, -5.0), (0.0, -5.0), (1.0, -5.0)])
    remaining = session.dataset.points
    assert len(remaining) == len(before) - 3 or len(remaining) < len(before) - 3
    assert not np.any(np.hypot(remaining[:, 0] - 0.0, remaining[:, 1] + 5.0) < 0.5)
    session.undo_stack.undo()
    np.testing.assert_array_equal(session.dataset.points, before.points)
    np.testing.assert_array_equal(session.dataset.labels, before.labels)
    session.undo_stack.redo()
    np.testing.assert_array_equal(session.dataset.points, remaining)


def test_clear_removes_everything_and_can_be_undone(qtbot, window):
    before = window.session.dataset
    qtbot.keyClick(window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert len(window.session.dataset) == 0
    assert window.session.dataset.bounds() == before.bounds()
    window.session.undo_stack.undo()
    np.testing.assert_array_equal(window.session.dataset.points, before.points)


def test_look_tool_ignores_clicks(qtbot, window):
    before = len(window.session.dataset)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.data_tools.tool == Tool.LOOK
    stroke(qtbot, window, [(0.0, 0.0)])
    assert len(window.session.dataset) == before


def test_classes_are_added_renamed_recoloured_and_removed_as_edits(qtbot, window, monkeypatch):
    session, panel = window.session, window.class_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert session.dataset.n_classes == 3
    assert session.scenario().dataset().n_classes == 3  # a saved scenario keeps the new class
    assert len(window.data_toolbar.class_buttons) == 3
    assert session.network.n_outputs == 3
    assert window.network_panel.shape_label.text().startswith("2 → 6 → 3")
    panel.name_edits[2].clear()
    qtbot.keyClicks(panel.name_edits[2], "unicorns")
    qtbot.keyClick(panel.name_edits[2], Qt.Key.Key_Return)
    assert session.dataset.class_names[2] == "unicorns"
    monkeypatch.setattr("playground.gui.class_panel.QColorDialog.getColor",
                        lambda *args: __import__("PySide6.QtGui", fromlist=["QColor"]).QColor("#123456"))
    qtbot.mouseClick(panel.colour_buttons[2], Qt.MouseButton.LeftButton)
    assert session.dataset.class_colours[2] == "#123456"
    choose(qtbot, window, Tool.PUT)
    qtbot.keyClick(window, Qt.Key.Key_3)
    stroke(qtbot, window, [(0.0, 5.0)])
    assert session.dataset.labels[-1] == 2
    assert panel.count_labels[2].text() == "1"
    with_three = session.dataset
    qtbot.mouseClick(panel.remove_buttons[0], Qt.MouseButton.LeftButton)
    assert session.dataset.class_names == ("B", "unicorns")
    assert not np.any(session.dataset.labels == 2)
    assert not panel.remove_buttons[0].isEnabled()  # two classes is the least
    session.undo_stack.undo()
    np.testing.assert_array_equal(session.dataset.labels, with_three.labels)
    assert session.dataset.class_names == with_three.class_names


def test_editing_while_training_keeps_the_weights(qtbot, window):
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step > 50, timeout=WAIT_MS)
    generation = window.latest_snapshot.generation
    choose(qtbot, window, Tool.PUT)
    stroke(qtbot, window, [(5.0, 5.0)])
    count = len(window.session.dataset)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step > 300, timeout=WAIT_MS)
    assert window.latest_snapshot.generation == generation  # no reset
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)
    assert len(window.boundary_view.dataset) == count


def test_three_hand_drawn_classes_train_to_three_regions(qtbot, window):
    session = window.session
    qtbot.mouseClick(window.data_toolbar.clear_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.class_panel.add_button, Qt.MouseButton.LeftButton)
    choose(qtbot, window, Tool.BRUSH)
    window.data_toolbar.amount_slider.setValue(12)
    for key, centre in ((Qt.Key.Key_1, (-3.5, -3.0)), (Qt.Key.Key_2, (3.5, -3.0)), (Qt.Key.Key_3, (0.0, 3.5))):
        qtbot.keyClick(window, key)
        x, y = centre
        stroke(qtbot, window, [(x - 0.6, y), (x, y + 0.6), (x + 0.6, y), (x, y - 0.6)])
    counts = np.bincount(session.dataset.labels, minlength=3)
    assert np.all(counts >= 40)
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.probabilities.shape[2] == 3
                    and window.latest_snapshot.metrics.train_accuracy >= 0.99, timeout=WAIT_MS)
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)
    predicted = window.latest_snapshot.predicted_class()
    assert set(np.unique(predicted)) == {0, 1, 2}
    image = window.boundary_view.image_array()
    assert image.shape == (200, 200, 3)


def test_csv_import_is_undoable_and_a_bad_file_loses_nothing(qtbot, window, tmp_path):
    warnings = window.questions.warnings
    good = tmp_path / "animals.csv"
    good.write_text("weight,height,animal\n1,2,cat\n3,4,dog\n5,6,cat\n7,8,bird\n")
    bad = tmp_path / "broken.csv"
    bad.write_text("x,y,label\n1,2,a\n3,oops,b\n")
    before = window.session.dataset
    assert not window.import_csv(str(bad))
    assert window.session.dataset is before
    assert "line 3" in warnings[0]
    assert window.import_csv(str(good))
    data = window.session.dataset
    plane = data.bounds()
    window.session.edit(RemovePoints([3]))  # the outermost point: the plane stays put, so training goes on
    assert window.session.dataset.bounds() == plane
    window.session.undo_stack.undo()
    assert data.class_names == ("cat", "dog", "bird") and len(data) == 4
    # An imported file is no preset: saving keeps its points, and the panel and title say so.
    assert window.session.preset is None
    np.testing.assert_array_equal(window.session.scenario().dataset().points, data.points)
    assert window.data_panel.preset_combo.currentData() is None and "custom data" in window.windowTitle()
    assert window.boundary_view.plot.getAxis("bottom").labelText == "weight"
    assert len(window.class_panel.name_edits) == 3
    out = tmp_path / "out.csv"
    assert window.export_csv(str(out))
    assert out.read_text().count("\n") >= 5
    window.session.undo_stack.undo()
    np.testing.assert_array_equal(window.session.dataset.points, before.points)


def test_curve_scatters_points_along_the_stroke_as_one_step(qtbot, window):
    session = window.session
    before = len(session.dataset)
    steps = session.undo_stack.count()
    choose(qtbot, window, Tool.CURVE)
    qtbot.keyClick(window, Qt.Key.Key_2)
    path = [(-5.0 + i, -4.0 + 0.1 * i) for i in range(11)]
    stroke(qtbot, window, path)
    added = session.dataset.points[before:]
    assert len(added) >= 50
    assert np.all(np.abs(added[:, 1] - (-4.0 + 0.1 * (added[:, 0] + 5.0))) < 1.5)  # near the drawn line
    assert added[:, 0].min() < -4.0 and added[:, 0].max() > 4.0  # along all of it
    assert np.all(session.dataset.labels[before:] == 1)
    assert session.undo_stack.count() == steps + 1
    session.undo_stack.undo()
    assert len(session.dataset) == before
    session.undo_stack.redo()
    np.testing.assert_array_equal(session.dataset.points[before:], added)


def test_select_moves_the_selection_and_delete_removes_it(qtbot, window):
    session = window.session
    choose(qtbot, window, Tool.PUT)
    for x, y in ((-5.0, 5.0), (-4.5, 4.5), (-4.0, 5.2)):
        stroke(qtbot, window, [(x, y)])
    corner = np.flatnonzero((session.dataset.points[:, 0] < -3.5) & (session.dataset.points[:, 1] > 4.0))
    choose(qtbot, window, Tool.SELECT)
    stroke(qtbot, window, [(-5.5, 5.8), (-4.5, 4.8), (-3.5, 4.2)])
    assert set(window.data_tools.selection) == set(corner)
    ringed = window.data_tools._selected  # the rings drawn around the selection
    assert ringed.isVisible() and len(ringed.data) == len(corner)
    before_move = session.dataset
    steps = session.undo_stack.count()
    stroke(qtbot, window, [(-4.5, 4.5), (-3.0, 3.0), (-1.5, 1.5)])  # drag a selected point by (+3, -3)
    moved = session.dataset.points[corner]
    np.testing.assert_allclose(moved, before_move.points[corner] + [3.0, -3.0], atol=0.1)
    assert session.undo_stack.count() == steps + 1
    window.boundary_view.setFocus()
    qtbot.keyClick(window.boundary_view, Qt.Key.Key_Delete)
    assert len(session.dataset) == len(before_move) - len(corner)
    assert len(window.data_tools.selection) == 0 and not ringed.isVisible()
    after_delete = session.dataset
    session.undo_stack.undo()
    session.undo_stack.undo()
    np.testing.assert_array_equal(session.dataset.points, before_move.points)
    session.undo_stack.redo()
    np.testing.assert_allclose(session.dataset.points[corner], moved)
    session.undo_stack.redo()
    np.testing.assert_array_equal(session.dataset.points, after_delete.points)


def test_lasso_selects_what_it_encircles(qtbot, window):
    session = window.session
    choose(qtbot, window, Tool.LASSO)
    # around the class-1 cloud of the gauss preset, centred at (2, 2)
    ring = [(2.0 + 3.5 * np.cos(a), 2.0 + 3.5 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 24)]
    stroke(qtbot, window, ring)
    selected = window.data_tools.selection
    points = session.dataset.points
    expected = np.flatnonzero(np.hypot(points[:, 0] - 2.0, points[:, 1] - 2.0) < 3.3)
    assert set(expected) <= set(selected)
    assert np.all(np.hypot(points[selected, 0] - 2.0, points[selected, 1] - 2.0) < 3.6)


def test_magnet_pulls_points_in_and_jitter_shakes_them(qtbot, window):
    session = window.session
    centre = np.array([2.0, 2.0])
    window.data_toolbar.size_slider.setValue(30)
    choose(qtbot, window, Tool.MAGNET)
    before = session.dataset.points.copy()
    near = np.hypot(*(before - centre).T) < 0.3 * 12 * 0.9
    stroke(qtbot, window, [(2.0, 2.0)] * 6)
    after = session.dataset.points
    spread_before = np.hypot(*(before[near] - centre).T).mean()
    spread_after = np.hypot(*(after[near] - centre).T).mean()
    assert spread_after < spread_before * 0.8
    choose(qtbot, window, Tool.JITTER)
    pulled = session.dataset.points.copy()
    stroke(qtbot, window, [(2.0, 2.0)] * 4)
    assert not np.array_equal(session.dataset.points[near], pulled[near])
    assert len(session.dataset) == len(before)


def test_new_samples_from_the_real_world_replace_only_the_test_points(qtbot, window):
    session = window.session
    qtbot.mouseClick(window.transport.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 1, timeout=WAIT_MS)
    generation = window.latest_snapshot.generation
    before = session.dataset
    qtbot.mouseClick(window.data_panel.world_button, Qt.MouseButton.LeftButton)
    after = session.dataset
    np.testing.assert_array_equal(after.train_points, before.train_points)
    assert len(after.test_points) == len(before.test_points)
    assert not np.array_equal(after.test_points, before.test_points)
    qtbot.mouseClick(window.transport.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 2, timeout=WAIT_MS)
    assert window.latest_snapshot.generation == generation  # the network keeps what it learned
    session.undo_stack.undo()
    np.testing.assert_array_equal(session.dataset.test_points, before.test_points)


def test_a_class_marker_is_chosen_from_the_class_panel(qtbot, window):
    combo = window.class_panel.marker_combos[1]
    combo.setCurrentIndex(combo.findData("unicorn"))
    assert window.session.dataset.class_markers == ("circle", "unicorn")
    window.session.undo_stack.undo()
    assert window.session.dataset.class_markers == ("circle", "square")
    assert window.class_panel.marker_combos[1].currentData() == "square"


def test_rabbits_and_unicorns_wear_their_own_shapes(make_window):
    window = make_window(Scenario())
    assert window.session.dataset.class_markers == ("rabbit", "unicorn")
    assert window.class_panel.marker_combos[0].currentData() == "rabbit"


def wheel(window, x: float, y: float, steps: int) -> None:
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    viewport = window.boundary_view.viewport()
    pos = QPointF(at(window, x, y))
    event = QWheelEvent(pos, QPointF(viewport.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)


def test_zooming_in_maps_the_boundary_over_the_visible_part_and_fit_goes_back(qtbot, window):
    full = window.session.dataset.bounds()
    wheel(window, 2.0, 2.0, 3)
    assert window.boundary_view.is_zoomed
    qtbot.waitUntil(lambda: window.latest_snapshot.bounds != full, timeout=WAIT_MS)
    xmin, xmax, ymin, ymax = window.latest_snapshot.bounds
    assert xmax - xmin < 0.8 * (full[1] - full[0])
    assert xmin < 2.0 < xmax and ymin < 2.0 < ymax  # zoomed around the cursor
    qtbot.mouseClick(window.data_toolbar.fit_button, Qt.MouseButton.LeftButton)
    assert not window.boundary_view.is_zoomed
    qtbot.waitUntil(lambda: window.latest_snapshot.bounds == full, timeout=WAIT_MS)


def test_a_double_click_with_put_is_two_points_not_a_fit(qtbot, window):
    before = len(window.session.dataset)
    choose(qtbot, window, Tool.PUT)
    qtbot.mouseDClick(window.boundary_view.viewport(), Qt.MouseButton.LeftButton, pos=at(window, 1.0, -1.0))
    assert len(window.session.dataset) >= before + 1

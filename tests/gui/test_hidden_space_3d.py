"""The hidden space in 3D: chosen in the panel, turned by dragging, hovered on the projected points."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from playground.core.hidden_space import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.hidden_space_panel import MORPH_STEPS
from playground.gui.projection_3d import DEFAULT_AZIMUTH, DEFAULT_ELEVATION, project

from .conftest import WAIT_MS


@pytest.fixture
def window(make_window):
    # The last layer has 3 tanh neurons: drawn as it is in 3D, in a fixed cube, so a paused picture stays put.
    return make_window(Scenario(PresetSpec("xor", points=100), NetworkSpec((4, 3), "tanh"), TrainingSettings()))


def choose_3d(qtbot, panel, axes: str = "pca3"):
    panel.axes_combo.setCurrentIndex(panel.axes_combo.findData(axes))
    qtbot.waitUntil(lambda: panel.view.frame is not None and panel.view.frame.dims == 3, timeout=WAIT_MS)
    return panel.view


def drawn_points(view) -> np.ndarray:
    """Where the view draws the data points now, as the rings and hovering see them."""
    return view.marks._positions


def expected_points(view) -> np.ndarray:
    frame = view.frame
    return project(frame.points, frame.view, view.orbit.rotation())[0]


def to_viewport(view, xy) -> QPoint:
    scene = view.plot.getViewBox().mapViewToScene(QPointF(float(xy[0]), float(xy[1])))
    return view.mapFromScene(scene)


def test_choosing_3d_in_the_panel_gives_3d_frames(qtbot, window):
    panel = window.hidden_panel
    texts = [panel.axes_combo.itemText(i) for i in range(panel.axes_combo.count())]
    assert texts == ["PCA", "2 neurons", "3D", "3 neurons"]  # a layer of exactly 3: drawn as it is in 3D
    view = choose_3d(qtbot, panel)
    assert panel.request() == HiddenRequest(2, "activation", dims=3)
    frame = view.frame
    assert frame.axis_titles == ("neuron 1", "neuron 2", "neuron 3") and frame.decision_plane is not None
    assert view.is_3d and view.toolTip().startswith("Drag to turn")
    assert not view.plot.getAxis("bottom").isVisible() and not view._grid.isVisible()
    assert len(view.scene_3d.points_front.data) + len(view.scene_3d.points_behind.data) == len(frame.points)
    np.testing.assert_allclose(drawn_points(view), expected_points(view), atol=1e-5)
    panel.axes_combo.setCurrentIndex(panel.axes_combo.findData("neurons3"))
    assert all(spin.isVisibleTo(panel) for spin in panel.neuron_spins)
    panel.neuron_spins[0].setValue(3)
    panel.neuron_spins[2].setValue(1)
    assert panel.request() == HiddenRequest(2, "activation", (2, 1, 0), dims=3)
    qtbot.waitUntil(lambda: view.frame.axis_titles == ("neuron 3", "neuron 2", "neuron 1"), timeout=WAIT_MS)
    # narrower layers offer no 3D, and back in 2D the flat picture and its axes return
    panel.layer_combo.setCurrentIndex(panel.layer_combo.findData(1))
    assert panel.axes_combo.findData("pca3") >= 0  # layer 1 has 4 neurons
    assert panel.axes_combo.itemText(panel.axes_combo.findData("pca3")) == "3D PCA"
    panel.axes_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: view.frame.dims == 2 and view.frame.layer == 1, timeout=WAIT_MS)
    assert not view.is_3d and view.plot.getAxis("bottom").isVisible() and view._grid.isVisible()
    assert not view.scene_3d.points_front.isVisible() and view.toolTip() == ""


def test_the_panel_chooses_3d_as_a_user_would(qtbot, window):
    panel = window.hidden_panel
    panel.choose(HiddenRequest(1, "affine", (3, 0, 2), dims=3))
    assert panel.axes_combo.currentData() == "neurons3"
    assert panel.request() == HiddenRequest(1, "affine", (3, 0, 2), dims=3)
    qtbot.waitUntil(lambda: panel.view.frame is not None and panel.view.frame.axis_titles
                    == ("neuron 4", "neuron 1", "neuron 3"), timeout=WAIT_MS)


def test_dragging_turns_the_picture_and_a_double_click_turns_it_back(qtbot, window):
    view = choose_3d(qtbot, window.hidden_panel)
    before = drawn_points(view).copy()
    centre = view.viewport().rect().center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(view.viewport(), centre + QPoint(40, 30))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(40, 30))
    assert (view.orbit.azimuth, view.orbit.elevation) != (DEFAULT_AZIMUTH, DEFAULT_ELEVATION)
    assert not np.allclose(drawn_points(view), before, atol=1e-3)
    np.testing.assert_allclose(drawn_points(view), expected_points(view), atol=1e-5)
    turned = (view.orbit.azimuth, view.orbit.elevation)
    y_range = view.plot.getViewBox().viewRange()[1]
    view.show_frame(view.frame, window.latest_snapshot.misclassified)  # a new frame keeps the turn ...
    assert (view.orbit.azimuth, view.orbit.elevation) == turned
    assert view.plot.getViewBox().viewRange()[1] == pytest.approx(y_range)  # ... and the range: no breathing
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert view.orbit.is_default
    np.testing.assert_allclose(drawn_points(view), before, atol=1e-5)


def test_hovering_rings_the_projected_point(qtbot, window):
    view = choose_3d(qtbot, window.hidden_panel)
    window.pause()
    points = drawn_points(view)
    pixels = np.array([[p.x(), p.y()] for p in (to_viewport(view, xy) for xy in points)], float)
    gaps = np.linalg.norm(pixels[:, None] - pixels[None], axis=2) + np.eye(len(pixels)) * 1e9
    index = int(np.argmax(gaps.min(axis=1)))  # the point farthest from any other: no ambiguity
    hovered = []
    view.point_hovered.connect(hovered.append)
    qtbot.mouseMove(view.viewport(), to_viewport(view, points[index]))
    qtbot.waitUntil(lambda: hovered and hovered[-1] == index, timeout=WAIT_MS)
    x, y = view.marks.highlight_item.getData()
    assert np.allclose((x[0], y[0]), points[index])


def test_the_morph_and_misclassified_rings_work_in_3d(qtbot, window):
    panel = window.hidden_panel
    view = choose_3d(qtbot, panel)
    wrong = window.latest_snapshot.misclassified
    qtbot.waitUntil(lambda: len(view.marks.rings()) == window.latest_snapshot.misclassified.sum(),
                    timeout=WAIT_MS)
    assert wrong is not None
    panel.morph_slider.setValue(0)
    qtbot.waitUntil(lambda: view.stage_count >= 2 and view._caption.toPlainText() == "input plane",
                    timeout=WAIT_MS)
    frame = view.frame
    start = frame.stage_positions[0][frame.n_vertices:]
    assert np.all(start[:, 2] == 0)  # flat
    np.testing.assert_allclose(drawn_points(view), project(start, frame.stage_views[0], view.orbit.rotation())[0],
                               atol=1e-5)
    panel.morph_slider.setValue(MORPH_STEPS)
    np.testing.assert_allclose(drawn_points(view), expected_points(view), atol=1e-5)

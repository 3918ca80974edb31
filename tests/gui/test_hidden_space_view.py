"""The hidden-space view's range: a new one is shown with everything placed for it before the view is painted (so
it is painted once), and a move of the range under half a pixel is not shown (the points still move), while the
moves add up until they show."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from playground.core.dataset import Dataset
from playground.core.hidden_space import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.training import Trainer, TrainingSettings
from playground.gui.hidden_space_view import HiddenSpaceView


@pytest.fixture(scope="module")
def frame():
    """A layer of 8 ReLUs drawn on its PCA axes: a view that follows the data (no fixed range), with regions."""
    rng = np.random.default_rng(2)
    points = rng.uniform(-5, 5, (60, 2))
    dataset = Dataset(points, (points[:, 0] * points[:, 1] > 0).astype(int), np.zeros(60, bool))
    trainer = Trainer(dataset, NetworkSpec((8, 8), "relu"), TrainingSettings(device="cpu", seed=3))
    trainer.hidden_request = HiddenRequest(2, "activation")
    frame = trainer.snapshot().hidden
    assert frame.regions is not None and frame.width == 8
    return dataset, frame


@pytest.fixture
def view(qtbot, frame):
    view = HiddenSpaceView()
    qtbot.addWidget(view)
    view.resize(420, 420)
    view.show()
    qtbot.waitExposed(view)
    view.set_dataset(frame[0])
    return view


def moved(frame, scale: float = 1.0, shift: float = 0.0):
    """The frame with its picture scaled about the origin and shifted along x (view, grid, points, line)."""
    def move(a):
        a = np.array(a, np.float32) * scale
        a[..., 0] += shift
        return a
    xmin, xmax, ymin, ymax = frame.view
    view = (xmin * scale + shift, xmax * scale + shift, ymin * scale, ymax * scale)
    segments = None if frame.decision_segments is None else move(frame.decision_segments)
    return replace(frame, view=view, grid=move(frame.grid), points=move(frame.points), decision_segments=segments,
                   stage_positions=(move(frame.stage_positions[-1]),), stage_views=(view,))


def shown_range(view: HiddenSpaceView) -> tuple[float, float, float, float]:
    """The range the view box was asked for (the view range is wider along one side: the aspect is locked)."""
    (xmin, xmax), (ymin, ymax) = view.plot.getViewBox().targetRange()
    return xmin, xmax, ymin, ymax


def pixels_per_unit(view: HiddenSpaceView) -> float:
    box = view.plot.getViewBox()
    xmin, xmax, ymin, ymax = shown_range(view)
    return min(box.width() / (xmax - xmin), box.height() / (ymax - ymin))


def test_a_big_change_of_range_is_placed_before_painting_and_drawn_there(qtbot, view, frame):
    _, first = frame
    view.show_frame(first)
    qtbot.wait(20)  # painted
    second = moved(first, scale=3.0, shift=2.0)
    view.show_frame(second)
    box = view.plot.getViewBox()
    assert shown_range(view) == pytest.approx(second.view)
    # Before any paint, the items are already where the new range puts them: the centre of the range is the
    # centre of the box (pyqtgraph would move them while painting, and paint the whole view again).
    xmin, xmax, ymin, ymax = second.view
    centre = box.childGroup.transform().map(QPointF((xmin + xmax) / 2, (ymin + ymax) / 2))
    assert (centre.x(), centre.y()) == pytest.approx((box.width() / 2, box.height() / 2), abs=0.01)
    # The axes show the new range, the items hold the new positions, the regions cover the range shown.
    (vx0, vx1), (vy0, vy1) = box.viewRange()
    assert view.plot.getAxis("bottom").range == pytest.approx([vx0, vx1])
    assert view.plot.getAxis("left").range == pytest.approx([vy0, vy1])
    assert np.allclose(view._points.getData()[0], second.points[:, 0])
    assert np.allclose(view._points.getData()[1], second.points[:, 1])
    x, _y = view._grid.getData()
    assert x.min() == pytest.approx(second.grid[..., 0].min()) and x.max() == pytest.approx(second.grid[..., 0].max())
    rect = view._regions.mapRectToParent(view._regions.boundingRect())
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx(second.view, abs=1e-6)
    # And on screen: a lone point is painted in its class's colour where the new range puts it.
    image = view.viewport().grab().toImage()
    pixels = np.array([[box.mapViewToScene(QPointF(*p)).x(), box.mapViewToScene(QPointF(*p)).y()]
                       for p in second.points])
    gaps = np.linalg.norm(pixels[:, None] - pixels[None], axis=2) + np.eye(len(pixels)) * 1e9
    lone = int(np.argmax(gaps.min(axis=1)))
    assert gaps[lone].min() > 12
    where = view.mapFromScene(box.mapViewToScene(QPointF(*second.points[lone])))
    label = frame[0].labels[lone]
    expected = QColor(view._display.class_colours(frame[0].class_colours)[label]).getRgb()[:3]
    assert image.pixelColor(where.x(), where.y()).getRgb()[:3] == expected


def test_a_move_under_half_a_pixel_is_not_shown_until_the_moves_add_up(qtbot, view, frame):
    _, first = frame
    view.show_frame(first)
    qtbot.wait(20)
    unit = 1.0 / pixels_per_unit(view)  # one pixel, in the picture's units
    nudged = moved(first, shift=0.3 * unit)
    view.show_frame(nudged)
    assert shown_range(view) == pytest.approx(first.view)  # not re-laid out for 0.3 px
    assert np.allclose(view._points.getData()[0], nudged.points[:, 0])  # the points moved all the same
    rect = view._regions.mapRectToParent(view._regions.boundingRect())
    assert (rect.left(), rect.right()) == pytest.approx(first.view[:2], abs=1e-6)  # flush with the range shown
    further = moved(first, shift=0.6 * unit)  # 0.6 px from the range shown
    view.show_frame(further)
    assert shown_range(view) == pytest.approx(further.view)
    rect = view._regions.mapRectToParent(view._regions.boundingRect())
    assert (rect.left(), rect.right()) == pytest.approx(further.view[:2], abs=1e-6)
    zoomed = moved(further, scale=1.01)  # a change of scale: the edges move by more than half a pixel
    view.show_frame(zoomed)
    assert shown_range(view) == pytest.approx(zoomed.view)


def test_arrows_put_away_hold_no_points(qtbot, view, frame):
    _, first = frame
    pushes = np.full_like(first.points, 0.05)
    view.show_frame(replace(first, arrows=pushes))
    assert view.arrows.isVisible() and len(view.arrows.getData()[0])
    for _ in range(2):  # (emptied once; the next frames without arrows leave it empty)
        view.show_frame(first)
        assert not view.arrows.isVisible() and not len(view.arrows.getData()[0])


def test_a_new_range_lays_out_only_the_axes_shown(qtbot, view, frame, monkeypatch):
    """The plot's top and right axes are never shown: a new range leaves them (and their labels) alone, while
    the left and bottom axes follow it."""
    _, first = frame
    view.show_frame(first)
    qtbot.wait(20)
    relaid = []
    for side in ("top", "right"):
        axis = view.plot.getAxis(side)
        assert not axis.isVisible()
        monkeypatch.setattr(axis, "_updateLabel", lambda side=side: relaid.append(side))
    second = moved(first, scale=2.0, shift=1.0)
    view.show_frame(second)
    (vx0, vx1), (vy0, vy1) = view.plot.getViewBox().viewRange()
    assert view.plot.getAxis("bottom").range == pytest.approx([vx0, vx1])
    assert view.plot.getAxis("left").range == pytest.approx([vy0, vy1])
    assert relaid == []


def test_the_plot_keeps_its_size_while_the_labels_of_a_growing_cloud_change_width(qtbot, view, frame):
    """A cloud that grows from hundredths to units changes the left axis's labels from "-0.025" to "-2". The axis
    keeps one width for them, so the square picture does not jump in size frame after frame, and the labels are
    drawn whole, inside the axis."""
    _, first = frame
    sizes, labels = [], []
    for scale in (0.004, 0.02, 0.3, 1.0, 4.0, 0.02):
        view.show_frame(moved(first, scale=scale))
        view.viewport().grab()  # (painted: the axis measures its labels as it paints them)
        qtbot.wait(5)
        box, axis = view.plot.getViewBox(), view.plot.getAxis("left")
        sizes.append((axis.width(), box.width(), box.height()))
        _, _, texts = axis._drawn
        axis_box = axis.boundingRect()
        assert len(texts) >= 3
        assert all(axis_box.contains(rect) for rect, _, _ in texts)
        labels.append(max((text for _, _, text in texts), key=len))
    assert max(len(label) for label in labels) >= 6 and min(len(label) for label in labels) <= 2  # (as described)
    assert len(set(sizes)) == 1, sizes

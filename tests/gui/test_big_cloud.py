"""A big cloud (more points than DENSE_POINTS) is drawn as one image in the view's pixels: every class's colour
where its points are and nowhere else, made again when the points change and only then (a new boundary image
repaints the view without remaking it), and hovering and the mistakes' marks still work on it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec
from playground.core.training import Trainer, TrainingSettings
from playground.gui.boundary_view import BoundaryView
from playground.gui.scatter import DENSE_POINTS

N = 3 * DENSE_POINTS  # well past the limit


def two_halves(left_class: int = 0, test_ratio: float = 0.0, extra: tuple[float, float] | None = None) -> Dataset:
    """N points: one class fills x in [-5, -1], the other x in [1, 5] (y in [-5, 5]); nothing in between,
    except `extra` (a lone point of the left class, last in the data)."""
    rng = np.random.default_rng(7)
    points = rng.uniform((-5, -5), (5, 5), size=(N, 2))
    points[:, 0] = np.sign(points[:, 0] + 1e-9) * (1 + 4 * np.abs(points[:, 0]) / 5)
    labels = np.where(points[:, 0] < 0, left_class, 1 - left_class)
    if extra is not None:
        points, labels = np.vstack([points, extra]), np.append(labels, left_class)
    return Dataset.create(points.astype(np.float32), labels, test_ratio=test_ratio, seed=3,
                          domain=(-6.0, 6.0, -6.0, 6.0))


@pytest.fixture
def view(qtbot):
    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(420, 420)
    view.show()
    qtbot.waitExposed(view)
    return view


def pixel_at(view: BoundaryView, image, x: float, y: float) -> QColor:
    scene = view.plot.getViewBox().mapViewToScene(QPointF(x, y))
    where = view.mapFromScene(scene)
    return image.pixelColor(where.x(), where.y())


def colours(view, dataset: Dataset) -> list[tuple[int, int, int]]:
    return [QColor(c).getRgb()[:3] for c in view._display.class_colours(dataset.class_colours)]


def grab(view: BoundaryView):
    return view.viewport().grab().toImage()


def sample_grid(xmin: float, xmax: float, n: int = 12) -> list[tuple[float, float]]:
    return [(x, y) for x in np.linspace(xmin, xmax, n) for y in np.linspace(-4.5, 4.5, n)]


def assert_halves(view: BoundaryView, dataset: Dataset, left_class: int) -> None:
    image = grab(view)
    rgb = colours(view, dataset)
    for x, y in sample_grid(-4.6, -1.4):
        assert pixel_at(view, image, x, y).getRgb()[:3] == rgb[left_class], (x, y)
    for x, y in sample_grid(1.4, 4.6):
        assert pixel_at(view, image, x, y).getRgb()[:3] == rgb[1 - left_class], (x, y)
    for x, y in sample_grid(-0.5, 0.5, 5):  # the empty band between them: no point's colour at all
        assert pixel_at(view, image, x, y).getRgb()[:3] not in rgb, (x, y)


def test_a_big_cloud_is_one_image_with_each_class_exactly_where_its_points_are(view):
    dataset = two_halves()
    view.set_dataset(dataset)
    assert len(view.cloud) == N
    assert all(len(item.getData()[0]) == 0 for _c, _test, item in view.point_items())  # not drawn twice
    assert_halves(view, dataset, left_class=0)


def test_new_points_are_drawn_and_a_new_frame_alone_does_not_draw_the_cloud_again(view):
    dataset = two_halves()
    view.set_dataset(dataset, version=1)
    trainer = Trainer(dataset, NetworkSpec((2,)), TrainingSettings(device="cpu"))
    grab(view)
    made = view.cloud.rasterised
    view.show_snapshot(trainer.snapshot())  # the boundary image changes and the view repaints
    grab(view)
    assert view.cloud.rasterised == made
    swapped = two_halves(left_class=1)
    view.set_dataset(swapped, version=2)  # the same places, the classes swapped: the image must change
    assert_halves(view, swapped, left_class=1)
    assert view.cloud.rasterised == made + 1


def test_hidden_test_points_leave_the_big_cloud(view):
    dataset = two_halves(test_ratio=0.5)
    view.set_dataset(dataset)
    assert len(view.cloud) == N
    view.set_show_test(False)
    np.testing.assert_array_equal(view.cloud.positions, dataset.points[~dataset.is_test])
    view.set_show_test(True)
    assert len(view.cloud) == N


def test_hovering_a_point_of_a_big_cloud_names_it(qtbot, view):
    lone = (0.0, 2.0)
    dataset = two_halves(extra=lone)
    view.set_dataset(dataset)
    hovered = []
    view.point_hovered.connect(hovered.append)

    def hover() -> bool:  # (moved again while the layout settles: the plane may still move under the mouse)
        scene = view.plot.getViewBox().mapViewToScene(QPointF(*lone))
        qtbot.mouseMove(view.viewport(), view.mapFromScene(scene))
        return bool(hovered) and hovered[-1] == len(dataset) - 1

    qtbot.waitUntil(hover, timeout=3000)
    x, y = view.marks.highlight_item.getData()
    assert (x[0], y[0]) == lone


def test_the_mistakes_of_a_big_cloud_are_marked_and_drawn_again_only_when_they_change(view):
    dataset = two_halves()
    view.set_dataset(dataset, version=1)
    trainer = Trainer(dataset, NetworkSpec((2,)), TrainingSettings(device="cpu"))
    snapshot = trainer.snapshot()
    wrong = dataset.points[:, 1] > 3.0  # a band across both halves
    view.show_snapshot(replace(snapshot, data_version=1, misclassified=wrong))
    marks = view.marks.wrong_cloud
    np.testing.assert_array_equal(marks.positions, dataset.points[wrong])
    assert len(view.marks.rings()) == 0  # no ring symbols for a big cloud
    image = grab(view)
    made = marks.rasterised
    view.show_snapshot(replace(snapshot, data_version=1, misclassified=wrong.copy()))  # the same mistakes
    grab(view)
    assert marks.rasterised == made
    red = QColor(view._display.mistake_colour).getRgb()[:3]
    # The marks lie under the points: they show at the cloud's edge, beside a mistaken point, never far away.
    top = view.mapFromScene(view.plot.getViewBox().mapViewToScene(QPointF(-5.0, 5.0)))
    column = [image.pixelColor(top.x() - k, top.y()).getRgb()[:3] for k in range(1, 8)]
    assert red in column
    bottom = view.mapFromScene(view.plot.getViewBox().mapViewToScene(QPointF(-5.0, -5.0)))
    assert red not in [image.pixelColor(bottom.x() - k, bottom.y()).getRgb()[:3] for k in range(1, 8)]
    view.show_snapshot(replace(snapshot, data_version=1, misclassified=~wrong))
    np.testing.assert_array_equal(marks.positions, dataset.points[~wrong])


def test_the_hidden_space_draws_a_big_cloud_where_the_layer_puts_each_point(qtbot):
    """A hidden layer of 2 linear neurons: the hidden space is W·x + b, so the image's points are derivable. The
    training process sends a sample of a big cloud (drawn point by point); a frame of every point is one image."""
    from playground.core.hidden_frames import HiddenRequest
    from playground.core.hidden_space import HiddenSpaceTracker
    from playground.gui.hidden_space_view import HiddenSpaceView

    dataset = two_halves()
    trainer = Trainer(dataset, NetworkSpec((2,), "linear"), TrainingSettings(device="cpu"))
    trainer.hidden_request = HiddenRequest(1)
    snapshot = trainer.snapshot()
    view = HiddenSpaceView()
    qtbot.addWidget(view)
    view.resize(400, 400)
    view.show()
    view.set_dataset(dataset)
    w, b = snapshot.network.weights[0].astype(np.float64), snapshot.network.biases[0].astype(np.float64)
    sampled = snapshot.hidden
    view.show_frame(sampled, snapshot.misclassified)
    x, y = view._points.getData()
    np.testing.assert_allclose(np.c_[x, y], dataset.points[sampled.point_index] @ w.T + b, rtol=1e-4, atol=1e-4)
    assert len(view.cloud) == 0
    whole = HiddenSpaceTracker().frame(trainer.model, trainer.spec.hidden, trainer.spec.activations,
                                       dataset.bounds(), dataset.points, trainer.hidden_request,
                                       trainer._output_values)
    view.show_frame(whole, snapshot.misclassified)
    np.testing.assert_allclose(view.cloud.positions, dataset.points @ w.T + b, rtol=1e-4, atol=1e-4)
    assert len(view._points.data) == 0  # not drawn twice
    image = view.viewport().grab().toImage()
    rgb = colours(view, dataset)
    counts = {colour: 0 for colour in rgb}
    for x in range(0, image.width(), 3):
        for y in range(0, image.height(), 3):
            colour = image.pixelColor(x, y).getRgb()[:3]
            if colour in counts:
                counts[colour] += 1
    assert all(count > 0 for count in counts.values())  # both classes are on the picture

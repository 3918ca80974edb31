"""What the network diagram paints, read back from its pixels: every neuron's map in its own box, and every weight's
line in the colour of its sign."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from playground.core.snapshot import NetworkPicture
from playground.gui.display import WEIGHT_COLOURS
from playground.gui.network_diagram import NetworkDiagram

R = 28


def hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], float)


def picture(sizes, maps, weights) -> NetworkPicture:
    return NetworkPicture(tuple(maps), tuple(weights), tuple(np.zeros(n, np.float32) for n in sizes[1:]),
                          ("x1", "x2"), ("tanh",) * (len(sizes) - 2), bounds=(-1.0, 1.0, -1.0, 1.0))


def diagram_of(qtbot, pic: NetworkPicture, width: int, height: int) -> tuple[NetworkDiagram, np.ndarray]:
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(width, height)
    diagram.show_picture(pic)
    image = diagram.grab().toImage()
    rgb = np.array([[image.pixelColor(x, y).getRgb()[:3] for x in range(image.width())]
                    for y in range(image.height())], float)
    return diagram, rgb


def colour_at(rgb: np.ndarray, point: QPointF) -> np.ndarray:
    return rgb[int(point.y()), int(point.x())]


@pytest.mark.parametrize("sizes", [(2, 5, 3, 1), (2, 64, 64, 1)], ids=["small layers", "wide layers"])
def test_each_neuron_box_shows_its_own_map(qtbot, sizes):
    """Each hidden neuron's map holds its own value on the left half (and its peak, 1, on the right): the left of
    its box is painted in the colour of that value, the right in the strongest blue, whatever the layer's width."""
    rng = np.random.default_rng(5)
    maps, values = [], []
    for n in sizes:
        value = rng.uniform(-0.95, 0.95, n).astype(np.float32)
        m = np.ones((n, R, R), np.float32)
        m[:, :, :R // 2] = value[:, None, None]
        maps.append(m)
        values.append(value)
    weights = [np.zeros((b, a), np.float32) for a, b in itertools.pairwise(sizes)]
    diagram, rgb = diagram_of(qtbot, picture(sizes, maps, weights), 520, 1100)
    boxes = diagram.node_boxes()
    lut = diagram._lut  # the diagram's colour scale, from orange (-1) through white (0) to blue (+1)
    strongest = lut[255].astype(float)
    np.testing.assert_allclose(strongest, hex_rgb(WEIGHT_COLOURS[0]), atol=2)
    for k in range(1, len(sizes) - 1):
        assert boxes[k][0].width() >= 8
        for i, box in enumerate(boxes[k]):
            left = QPointF(box.left() + 0.3 * box.width(), box.center().y())
            right = QPointF(box.left() + 0.75 * box.width(), box.center().y())
            expected = lut[int(np.clip((values[k][i] + 1.0) * 127.5, 0, 255))]
            np.testing.assert_allclose(colour_at(rgb, left), expected, atol=1, err_msg=f"layer {k} neuron {i}")
            np.testing.assert_allclose(colour_at(rgb, right), strongest, atol=1, err_msg=f"layer {k} neuron {i}")
        gap = QPointF(boxes[k][0].center().x(), (boxes[k][0].bottom() + boxes[k][1].top()) / 2)
        assert colour_at(rgb, gap).min() > 200  # between two boxes: no map (white, or a faint line)


def test_each_weight_is_a_line_in_the_colour_of_its_sign(qtbot):
    sizes = (2, 3, 1)
    weights = [np.array([[1.0, -0.9], [-1.0, 0.8], [0.9, 1.0]], np.float32), np.array([[-1.0, 0.9, -0.8]], np.float32)]
    maps = [np.zeros((n, R, R), np.float32) for n in sizes]
    diagram, rgb = diagram_of(qtbot, picture(sizes, maps, weights), 500, 400)
    boxes = diagram.node_boxes()
    blue, orange = hex_rgb(WEIGHT_COLOURS[0]), hex_rgb(WEIGHT_COLOURS[1])
    for k, w in enumerate(weights):
        for target in range(w.shape[0]):
            for source in range(w.shape[1]):
                a = boxes[k][source].center() + QPointF(boxes[k][source].width() / 2, 0)
                b = boxes[k + 1][target].center() - QPointF(boxes[k + 1][target].width() / 2, 0)
                on_line = colour_at(rgb, a + (b - a) * 0.3)
                nearer, farther = (blue, orange) if w[target, source] > 0 else (orange, blue)
                assert np.abs(on_line - nearer).sum() < np.abs(on_line - farther).sum() - 60, \
                    f"weight {k} {target} {source}: {on_line}"


def test_live_pictures_come_at_most_every_live_refresh_and_the_newest_is_drawn(qtbot, monkeypatch):
    """While training (live), a picture that comes sooner than LIVE_REFRESH after the last one drawn waits, and
    then the newest is drawn (by the painted pixels); a paused frame's picture is drawn at once."""
    from playground.gui import pace_timer

    now = [50.0]
    monkeypatch.setattr(pace_timer.time, "monotonic", lambda: now[0])
    sizes = (2, 3, 1)

    def uniform(value: float) -> NetworkPicture:
        maps = [np.full((n, R, R), value, np.float32) for n in sizes]
        return picture(sizes, maps, [np.zeros((b, a), np.float32) for a, b in itertools.pairwise(sizes)])

    def centre_colour(diagram: NetworkDiagram) -> np.ndarray:
        box = diagram.node_boxes()[1][1]
        return np.array(diagram.grab().toImage().pixelColor(box.center().toPoint()).getRgb()[:3], float)

    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(400, 300)
    first, second, third, paused = uniform(-0.9), uniform(0.2), uniform(0.9), uniform(-0.3)
    diagram.show_picture(first, live=True)
    assert diagram.picture is first  # the first after a quiet spell: at once
    orange = centre_colour(diagram)
    now[0] += 0.01
    diagram.show_picture(second, live=True)
    diagram.show_picture(third, live=True)
    assert diagram.picture is first and (centre_colour(diagram) == orange).all()  # not yet
    qtbot.waitUntil(lambda: diagram.picture is third)  # then the newest, not the one in between
    blue = centre_colour(diagram)
    assert blue[2] > blue[0] and orange[0] > orange[2]
    now[0] += 0.01
    diagram.show_picture(second, live=True)  # waits ...
    diagram.show_picture(paused)  # ... but a paused frame is drawn at once, and the waiting one is dropped
    assert diagram.picture is paused and not diagram._live_timer.isActive()  # (nothing left to bring it back)

"""The network diagram draws all layers' marks in a few calls (lines by pen, pictures by column, outlines and
handles at once) and still paints exactly what drawing every neuron, line and handle one by one paints: the
expected picture is drawn here from its parts, not stored."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from playground.core.snapshot import NetworkPicture
from playground.gui import network_diagram
from playground.gui.diagram_lines import STRENGTH_LEVELS
from playground.gui.diagram_pixels import layer_pixels, network_pixels, neuron_image
from playground.gui.display import WEIGHT_COLOURS
from playground.gui.network_diagram import NetworkDiagram, bias_handle

SIX_OF_EIGHT = (2, 8, 8, 8, 8, 8, 8, 1)


def random_picture(sizes, seed: int = 0) -> NetworkPicture:
    rng = np.random.default_rng(seed)
    maps = [np.tanh(rng.normal(size=(n, 28, 28))).astype(np.float32) for n in sizes]
    maps[-1] = (maps[-1] + 1.0) / 2.0  # the output: a probability
    weights = [rng.normal(size=(b, a)).astype(np.float32) for a, b in itertools.pairwise(sizes)]
    biases = [rng.normal(size=b).astype(np.float32) for b in sizes[1:]]
    return NetworkPicture(tuple(maps), tuple(weights), tuple(biases), ("x1", "x2"), ("tanh",) * (len(sizes) - 2),
                          bounds=(-1.0, 1.0, -1.0, 1.0))


def pixels_of(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), image.bytesPerLine() // 4)
    return rows[:, :image.width()].copy()


def painted(diagram: NetworkDiagram) -> np.ndarray:
    image = QImage(diagram.size(), QImage.Format.Format_ARGB32_Premultiplied)
    diagram.render(image)
    return pixels_of(image)


def one_by_one(diagram: NetworkDiagram, picture: NetworkPicture) -> np.ndarray:
    """The diagram of a network of small layers (every line drawn, antialiased, neurons too large to subsample
    their maps) drawn mark by mark: each layer's lines weakest first, one drawLine each; each neuron's picture
    drawn into its box; each outline and bias handle on its own."""
    boxes = diagram.node_boxes()
    z = 1.0
    image = QImage(diagram.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    blue, orange = QColor(WEIGHT_COLOURS[0]), QColor(WEIGHT_COLOURS[1])
    for k, weights in enumerate(picture.weights):
        side = min(boxes[k][0].width(), boxes[k + 1][0].width())
        thinner = min(1.0, side / 22.0)
        strengths = np.abs(weights) / np.abs(weights).max()
        levels = np.rint(strengths * (STRENGTH_LEVELS - 1)).astype(int)
        for target, source in sorted(np.ndindex(weights.shape),
                                     key=lambda ts: (levels[ts], weights[ts] > 0)):  # (stable: weights' order)
            strength = levels[target, source] / (STRENGTH_LEVELS - 1)
            opacity = 0.25 + 0.75 * strength
            colour = blue if weights[target, source] > 0 else orange
            rgb = (colour.redF(), colour.greenF(), colour.blueF())
            tint = QColor.fromRgbF(*(1.0 - opacity * (1.0 - c) for c in rgb))
            painter.setPen(QPen(tint, max(0.5, (0.5 + 4.5 * strength) * thinner) * z))
            a, b = boxes[k][source], boxes[k + 1][target]
            painter.drawLine(QPointF(a.right(), a.center().y()), QPointF(b.left(), b.center().y()))
    last = len(boxes) - 1
    for k, layer in enumerate(boxes):
        for i, box in enumerate(layer):
            painter.drawImage(box, neuron_image(picture.maps[k][i], k != last))
            painter.setPen(QPen(QColor("#90a4ae"), z))
            painter.drawRect(box)
        for i, box in enumerate(layer if k > 0 else []):
            painter.setPen(QPen(QColor("#546e7a"), z))
            painter.setBrush(blue if picture.biases[k - 1][i] > 0 else orange)
            painter.drawRect(bias_handle(box))
            painter.setBrush(Qt.BrushStyle.NoBrush)
    diagram._paint_labels(painter, boxes)  # (the counts and the footer: not what this test is about)
    painter.end()
    return pixels_of(image)


def test_six_layers_of_eight_look_as_drawn_one_mark_at_a_time(qtbot):
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(271, 361)  # its size in a 1600 x 1000 window
    for seed in (0, 1):
        picture = random_picture(SIX_OF_EIGHT, seed)
        diagram.show_picture(picture)
        got = painted(diagram)
        assert 12 <= diagram.node_boxes()[1][0].width() < 28  # handles shown, maps not subsampled
        np.testing.assert_array_equal(got, one_by_one(diagram, picture))


class CountingPainter(QPainter):
    """A QPainter that counts the drawing calls made through it."""

    calls: dict[str, int] = {}

    def drawLines(self, *args):
        CountingPainter.calls["lines"] = CountingPainter.calls.get("lines", 0) + 1
        super().drawLines(*args)

    def drawRects(self, *args):
        CountingPainter.calls["rects"] = CountingPainter.calls.get("rects", 0) + 1
        super().drawRects(*args)

    def drawImage(self, *args):
        CountingPainter.calls["images"] = CountingPainter.calls.get("images", 0) + 1
        super().drawImage(*args)


def test_all_layers_marks_are_drawn_in_a_few_calls(qtbot, monkeypatch):
    """One drawLines call per pen for all layers (not one per layer and pen: 175 calls a frame for six layers of
    8), one image per column, and the outlines and each sign's handles in one call each."""
    monkeypatch.setattr(network_diagram, "QPainter", CountingPainter)
    CountingPainter.calls = {}
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(271, 361)
    diagram.show_picture(random_picture(SIX_OF_EIGHT))
    diagram.grab()
    assert CountingPainter.calls["lines"] <= 2 * STRENGTH_LEVELS
    assert CountingPainter.calls["images"] == len(SIX_OF_EIGHT)
    assert CountingPainter.calls["rects"] <= 3


@pytest.mark.parametrize("shapes", [[(2, 28, 28), (8, 28, 28), (8, 14, 28), (1, 28, 28)],
                                    [(4, 7, 7), (6, 7, 7), (2, 7, 7)]])
def test_a_networks_pixels_are_each_neurons_as_its_own_image(shapes):
    """Layers of one shape are coloured together, each neuron scaled by its own peak (the output by 0..1)."""
    rng = np.random.default_rng(2)
    maps = [rng.normal(0.0, 2.0, size=shape).astype(np.float32) for shape in shapes]
    maps[0][1] = 0.0  # a silent neuron
    maps[1][2, 3, 4], maps[1][5, 0, 0] = np.nan, np.inf  # a diverged network's values
    maps[-1] = 1.0 / (1.0 + np.exp(-maps[-1]))
    symmetric = [k != len(maps) - 1 for k in range(len(maps))]
    together = network_pixels(maps, symmetric)
    for layer, flag, pixels in zip(maps, symmetric, together, strict=True):
        np.testing.assert_array_equal(pixels, layer_pixels(layer, flag))
        for values, picture in zip(layer, pixels, strict=True):
            image = neuron_image(values, flag)
            expected = pixels_of(image)
            np.testing.assert_array_equal(picture, expected)
    assert network_pixels([np.zeros((0, 28, 28), np.float32)], [True]) == [None]


def test_what_is_kept_between_paints_follows_every_change(qtbot):
    """The text, the line plan and the columns' gathers are kept between paints: after each change the diagram
    paints what a new diagram shown the same picture paints."""
    from dataclasses import replace

    from playground.gui.display import HIGH_CONTRAST, Display

    display = Display()
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.set_display(display)
    diagram.resize(271, 361)
    picture = random_picture(SIX_OF_EIGHT)

    def fresh() -> np.ndarray:
        other = NetworkDiagram()
        qtbot.addWidget(other)
        other_display = Display()
        other.set_display(other_display)
        other_display.set_palette(display.palette)
        other_display.set_zoom(display.zoom)
        other.resize(diagram.size())
        other.show_picture(diagram.picture)
        return painted(other)

    steps = [lambda: diagram.show_picture(picture),
             lambda: diagram.show_picture(replace(picture, activations=("relu",) * 6)),  # the footer's text
             lambda: diagram.show_picture(random_picture((2, 8, 8, 8, 8, 8, 1), 3)),  # one layer fewer: counts
             lambda: display.set_palette(HIGH_CONTRAST),  # text and lines in other colours
             lambda: diagram.resize(500, 420),  # room for the activations above the columns
             lambda: display.set_zoom(1.25),
             lambda: diagram.show_picture(random_picture(SIX_OF_EIGHT, 4))]
    for step in steps:
        step()
        np.testing.assert_array_equal(painted(diagram), fresh())

"""The network diagram stays readable however deep and wide the network: columns too tall for boxes of a readable
size are drawn as thin strips that fit above the footer, the layers' counts never run into one another, and a click
on anything drawn as a neuron picks that neuron."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage

from playground.core.feature_names import FEATURES
from playground.core.snapshot import NetworkPicture
from playground.gui.display import Display
from playground.gui.network_diagram import NetworkDiagram

TEN_OF_64 = (2, *[64] * 10, 1)
# The diagram's size in the window at 1366x768 and at 1920x1080 (measured under Xvfb with ten layers of 64), and a
# small one, at the diagram's minimum height.
SIZES = [(263, 247), (295, 403), (330, 260), (220, 160)]


def picture_of(sizes: tuple[int, ...], seed: int = 0) -> NetworkPicture:
    rng = np.random.default_rng(seed)
    maps = tuple(rng.normal(size=(n, 28, 28)).astype(np.float32) for n in sizes)
    weights = tuple(rng.normal(size=(b, a)).astype(np.float32) for a, b in itertools.pairwise(sizes))
    biases = tuple(rng.normal(size=b).astype(np.float32) for b in sizes[1:])
    return NetworkPicture(maps, weights, biases, FEATURES[:sizes[0]], ("tanh",) * (len(sizes) - 2),
                          bounds=(-1, 1, -1, 1))


def diagram_of(qtbot, sizes: tuple[int, ...], size: tuple[int, int], zoom: float = 1.0) -> NetworkDiagram:
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    if zoom != 1.0:
        display = Display()
        display.set_zoom(zoom)
        diagram.set_display(display)
    diagram.setMinimumSize(1, 1)  # the sizes the window gives it, whatever its own minimum
    diagram.resize(*size)
    diagram.show_picture(picture_of(sizes))
    diagram.show()
    diagram.grab()  # paints: what it reports is where it has just drawn
    return diagram


def pixels(diagram: NetworkDiagram) -> np.ndarray:
    """The diagram as painted, (H, W, 3) RGB."""
    image = diagram.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return raw[:, :image.width(), 2::-1].astype(int)


@pytest.mark.parametrize("zoom", [1.0, 1.5])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_ten_layers_of_64_fit_between_the_counts_and_the_footer(qtbot, size, zoom):
    diagram = diagram_of(qtbot, TEN_OF_64, size, zoom)
    boxes = diagram.node_boxes()
    assert [len(layer) for layer in boxes] == list(TEN_OF_64)
    inside = QRectF(diagram.rect())
    for k, layer in enumerate(boxes):
        for i, box in enumerate(layer):
            assert inside.contains(box), f"layer {k} neuron {i} {box.getRect()} outside {size}"
    footer = diagram.footer_rect()
    labels = [rect for _k, _text, rect in diagram.label_rects()]
    assert footer is not None and inside.contains(footer)
    for k, layer in enumerate(boxes):
        for i, box in enumerate(layer):
            assert box.bottom() <= footer.top(), f"layer {k} neuron {i} {box.getRect()} over the footer {footer}"
            assert not any(box.intersects(label) for label in labels), f"layer {k} neuron {i} under a count"
            assert box.width() >= 1 and box.height() >= 0.5
        # One above another, in order, none over the next.
        assert all(a.bottom() <= b.top() + 1e-9 for a, b in itertools.pairwise(layer)), f"layer {k}"
    # Nothing but the footer's grey text is painted in the footer's band: no line, no map runs into it.
    rgb = pixels(diagram)
    band = rgb[int(footer.top()):int(footer.bottom()) + 1]
    saturation = band.max(axis=2) - band.min(axis=2)
    assert saturation.max() < 40, "a coloured line or map in the footer's band"
    assert (band.sum(axis=2) < 600).any(), "the footer's text is painted"


@pytest.mark.parametrize("zoom", [1.0, 1.5])
@pytest.mark.parametrize("sizes", [TEN_OF_64, (2, 4, 2, 1), (2, 8, 8, 1), (2, *[8] * 6, 1), (6, *[64] * 3, 3),
                                   (2, *[5] * 10, 1)],
                         ids=["ten of 64", "4,2", "8,8", "six of 8", "three of 64", "ten of 5"])
@pytest.mark.parametrize("size", [*SIZES, (560, 420), (900, 700)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_layers_counts_never_overlap_and_sit_over_their_columns(qtbot, sizes, size, zoom):
    diagram = diagram_of(qtbot, sizes, size, zoom)
    boxes = diagram.node_boxes()
    labels = diagram.label_rects()
    assert labels, "no counts at all"
    assert labels[0][0] == 0 and labels[-1][0] == len(sizes) - 1, "the inputs and the output are always named"
    inside = QRectF(diagram.rect())
    for (k, text, rect), (k2, _text2, rect2) in itertools.pairwise(labels):
        assert k < k2
        assert rect.right() < rect2.left(), f"{text!r} {rect.getRect()} runs into the next {rect2.getRect()}"
    for k, text, rect in labels:
        assert inside.contains(rect), f"{text!r} {rect.getRect()} outside the diagram {size}"
        assert rect.width() >= diagram.fontMetrics().horizontalAdvance(text) * 0.6  # a readable font
        centre = boxes[k][0].center().x()
        if 0 < k < len(sizes) - 1:
            assert text.split()[0] == str(sizes[k])
            assert abs(rect.center().x() - centre) <= 1.0, f"{text!r} is not over its column"
        else:  # the inputs' and the output's: over their columns, moved outwards a little where room is short
            assert rect.left() <= centre <= rect.right(), f"{text!r} is not over its column"


@pytest.mark.parametrize("sizes", [(2, 4, 2, 1), (2, 8, 8, 1), (2, *[8] * 6, 1)], ids=["4,2", "8,8", "six of 8"])
@pytest.mark.parametrize("size", [(263, 247), (295, 403), (560, 420)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_usual_networks_keep_square_boxes_with_their_counts_and_activations(qtbot, sizes, size):
    diagram = diagram_of(qtbot, sizes, size)
    sides = {(round(box.width(), 6), round(box.height(), 6)) for layer in diagram.node_boxes() for box in layer}
    assert len(sides) == 1 and len({*sides.pop()}) == 1, "one square size for every neuron"
    labels = diagram.label_rects()
    assert len(labels) == len(sizes), "every layer named"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_click_on_any_neuron_drawn_focuses_that_neuron(qtbot, size):
    diagram = diagram_of(qtbot, TEN_OF_64, size)
    diagram.ask_value = lambda title, current: pytest.fail(f"a click on a neuron asked for a {title.lower()}")
    boxes = diagram.node_boxes()
    for k, layer in enumerate(boxes):
        for i, box in enumerate(layer):
            assert diagram._hit(box.center()) == ("neuron", k, i, None), f"hovering layer {k} neuron {i}"
    for k, i in [(0, 0), (0, 1), (1, 0), (1, 63), (5, 31), (5, 32), (10, 17), (11, 0)]:
        with qtbot.waitSignal(diagram.neuron_clicked, timeout=1000) as clicked:
            qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=boxes[k][i].center().toPoint())
        assert clicked.args == [k, i]


def test_between_two_thin_strips_a_click_picks_the_nearer(qtbot):
    diagram = diagram_of(qtbot, TEN_OF_64, (263, 247))
    layer = diagram.node_boxes()[4]
    for i in (0, 20, 62):
        below = layer[i].bottom() + 0.2 * (layer[i + 1].top() - layer[i].bottom())
        hit = diagram._hit(QPointF(layer[i].center().x(), below))
        assert hit is not None and hit[:3] == ("neuron", 4, i)

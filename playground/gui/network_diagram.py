"""The network diagram, live: every neuron a small map of its output over the plane, every weight a line
whose colour is its sign (blue positive, orange negative, as in the TensorFlow Playground) and whose width
is its size. Hovering shows a value; clicking a weight, or a neuron (for its bias), lets the user type a new
value, also while training. Big layers shrink their neurons to fit, down to thin strips (diagram_layout); the
many lines of wide layers are thinned to the strongest, so the picture stays readable."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QInputDialog, QSizePolicy, QToolTip, QWidget

from ..core.feature_names import feature_title
from ..core.snapshot import NetworkPicture
from . import theme
from .diagram_layout import LABEL_HEIGHT, LABEL_TOP, MAX_SIDE, ColumnLayout, lay_out_columns, place_labels
from .display import WEIGHT_COLOURS, Display
from .pace_timer import PaceTimer

MAX_LINES_PER_LAYER = 400  # beyond this only the strongest weights are drawn (neurons at their largest)
MIN_LINES_PER_LAYER = 100  # the strongest this many are drawn however small the neurons
ANTIALIASED_LINES = 200  # between two layers with more lines than this, they are drawn without antialiasing
LIVE_REFRESH = 1 / 30  # while training, seconds between the pictures drawn at the least (see show_picture)
STRENGTH_LEVELS = 24  # the lines' widths and tints, in this many steps from the weakest to the strongest
POSITIVE, NEGATIVE = QColor(WEIGHT_COLOURS[0]), QColor(WEIGHT_COLOURS[1])
LABEL_POINTS = (9.5, 8.5, 7.5, 7.0)  # the layers' counts: the first size they all fit in
BIAS_SIDE = 12.0  # the biases' handles are drawn (and can be clicked) on neurons this large or larger, in pixels


def _tint(colour: QColor, opacity: float) -> QColor:
    """`colour` at `opacity` over white, as an opaque colour."""
    return QColor.fromRgbF(*(1.0 - opacity * (1.0 - c) for c in (colour.redF(), colour.greenF(), colour.blueF())))


def _rgb(colour: QColor) -> tuple[float, float, float]:
    return colour.redF(), colour.greenF(), colour.blueF()


def _lut(positive: str = WEIGHT_COLOURS[0], negative: str = WEIGHT_COLOURS[1]) -> np.ndarray:
    """(256, 3) uint8 from orange (-1) through near-white (0) to blue (+1) (or the colours given)."""
    t = np.linspace(-1.0, 1.0, 256)[:, None]
    white = np.array([245.0, 246.0, 247.0])
    side = np.where(t < 0, theme.hex_to_rgb(negative), theme.hex_to_rgb(positive))
    return np.clip(white + (side - white) * np.abs(t) ** 0.8, 0, 255).astype(np.uint8)


_LUT = _lut()


def _packed(lut: np.ndarray) -> np.ndarray:
    """A (256, 3) uint8 colour table as (256,) uint32 pixels of QImage's RGB32 format (0xffRRGGBB), which the
    painter draws without converting: an RGB888 image is converted pixel by pixel at every paint, and the
    diagram paints every picture every frame."""
    rgb = lut.astype(np.uint32)
    return np.uint32(0xFF000000) | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]


def neuron_image(values: np.ndarray, symmetric: bool = True, lut: np.ndarray = _LUT) -> QImage:
    """A neuron's (R, R) map as an image; values scaled by their largest size (outputs: 0..1 as -1..1)."""
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)  # a diverged network: neutral maps
    if symmetric:
        peak = float(np.abs(values).max()) or 1.0
        scaled = values / peak
    else:
        scaled = 2.0 * values - 1.0
    index = np.clip(((scaled + 1.0) * 127.5).astype(np.int32), 0, 255)
    pixels = np.ascontiguousarray(_packed(lut)[index[::-1]])  # row 0 is the top of the picture
    h, w = pixels.shape
    return QImage(pixels.data, w, h, 4 * w, QImage.Format.Format_RGB32).copy()


def layer_images(maps: np.ndarray, symmetric: bool = True, lut: np.ndarray = _LUT) -> list[QImage]:
    """A layer's (N, R, R) maps as N images, exactly as neuron_image makes each, in one pass over the layer."""
    atlas = layer_atlas(maps, symmetric, lut)
    if atlas is None:
        return []
    side = atlas.width()
    return [atlas.copy(0, i * side, side, side) for i in range(atlas.height() // side)]


def layer_atlas(maps: np.ndarray, symmetric: bool = True, lut: np.ndarray = _LUT) -> QImage | None:
    """A layer's (N, R, R) maps as one image of N pictures stacked top to bottom (neuron i in rows i·R to
    (i + 1)·R), each exactly as neuron_image makes it; None for no neurons."""
    pixels = layer_pixels(maps, symmetric, lut)
    if pixels is None:
        return None
    n, h, w = pixels.shape
    return QImage(pixels.data, w, n * h, 4 * w, QImage.Format.Format_RGB32).copy()


def layer_pixels(maps: np.ndarray, symmetric: bool = True, lut: np.ndarray = _LUT) -> np.ndarray | None:
    """A layer's (N, R, R) maps as (N, R, R) uint32 RGB32 pixels, row 0 the top of each picture, each exactly as
    neuron_image colours it; None for no neurons. The diagram remakes every picture every frame, a layer at once."""
    values = np.nan_to_num(np.asarray(maps), nan=0.0, posinf=0.0, neginf=0.0)
    if not len(values):
        return None
    if symmetric:
        peak = np.abs(values).max(axis=(1, 2), keepdims=True)
        scaled = values / np.where(peak == 0, 1.0, peak).astype(values.dtype)
    else:
        scaled = 2.0 * values - 1.0
    index = np.clip(((scaled + 1.0) * 127.5).astype(np.int32), 0, 255)
    return np.ascontiguousarray(_packed(lut)[index[:, ::-1]])  # row 0 is the top of each picture


def column_pixels(pixels: np.ndarray, left: float, tops: np.ndarray, side: float,
                  tall: float | None = None) -> tuple[int, int, np.ndarray]:
    """A layer's pictures ((N, R, C) uint32, layer_pixels) in their boxes of `side` pixels (`side` wide and `tall`
    high, for strips) at x = left, y = tops[i] (ascending), as one image in the widget's pixels, each picture
    nearest-sampled as QPainter.drawImage draws it into its box: (x, y, (H, W) uint32 ARGB32-premultiplied
    pixels, transparent between the boxes). One image per layer instead of one drawImage per neuron: 640 calls a
    frame for ten layers of 64 were a fifth of the cost of painting the diagram."""
    n, r, r_across = pixels.shape
    tall = side if tall is None else tall
    x0, y0 = math.floor(left), math.floor(tops[0])
    x1, y1 = max(x0 + 1, math.ceil(left + side)), max(y0 + 1, math.ceil(tops[-1] + tall))
    # Where each pixel's centre falls in its box, 0 to 1 inside it (above -1: the first pixels start at most
    # half a pixel before the boxes, so truncating gives row or column 0 there).
    across = (np.arange(x0, x1) + 0.5 - left) / side
    neuron = np.maximum(np.searchsorted(tops, np.arange(y0, y1) + 0.5, side="right") - 1, 0)
    down = (np.arange(y0, y1) + 0.5 - tops[neuron]) / tall
    rows = neuron * r + np.minimum((down * r).astype(np.intp), r - 1)
    columns = np.minimum((across * r_across).astype(np.intp), r_across - 1)
    image = pixels.reshape(n * r, r_across)[rows[:, None], columns[None, :]]
    image[(down < 0) | (down >= 1)] = 0  # between the boxes
    image[:, (across < 0) | (across >= 1)] = 0
    return x0, y0, image


def biases_shown(box: QRectF) -> bool:
    """Whether a layer whose neurons are this size has its biases' handles drawn (not on small or thin boxes,
    where they would cover the neighbours)."""
    return min(box.width(), box.height()) >= BIAS_SIDE


def bias_handle(box: QRectF) -> QRectF:
    """The small square at a neuron's lower left corner that stands for its bias."""
    side = max(6.0, box.width() / 4)
    return QRectF(box.left() - side / 2, box.bottom() - side / 2, side, side)


class NetworkDiagram(QWidget):
    weight_edited = Signal(int, int, object, float)  # layer, target neuron, source neuron (None: bias), value
    neuron_clicked = Signal(int, int)  # layer (0: the inputs), neuron
    painted = Signal()  # a paint has finished (the bench times clicks to the repaint they cause)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weights_editable = True  # clicking a weight or bias asks for a new value
        self.setMouseTracking(True)
        self._display = Display(self)  # the window's, once it gives it (set_display)
        self._line = self.fontMetrics().height()  # at zoom 1
        self._label_font = QFont(self.font())  # the application's, at zoom 1
        self.setMinimumSize(self._line * 12, self._line * 9)  # neurons shrink to fit; below this they get hard to read
        self._positive, self._negative, self._lut = POSITIVE, NEGATIVE, _LUT
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # It paints its whole area (white first) every frame: Qt need not paint the panels behind it each time.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._picture: NetworkPicture | None = None
        self._pixels: list[np.ndarray | None] = []  # each layer's neuron pictures (layer_pixels)
        self._boxes: list[list[QRectF]] = []  # where each neuron is drawn, per layer
        self._squeezed: tuple[bool, ...] = ()  # which of those layers are drawn as strips
        self._focus: tuple[int, int] | None = None
        self._exposed = None  # the part being painted (None: all)
        self._laid_out: tuple[tuple, ColumnLayout] | None = None  # (what it was made for, the layout)
        self._labels: tuple[tuple, list[tuple[int, str, QRectF]], QFont] | None = None  # (made for, counts, font)
        # Per layer, where its lines leave (the boxes' right middles) and arrive (left middles), (N, 2) each, and
        # its boxes' tops (N,): made with the boxes, not at every paint.
        self._ends: list[tuple[np.ndarray, np.ndarray]] = []
        self._tops: list[np.ndarray] = []
        self._pens: dict[tuple, QPen] = {}  # the weights' pens by sign and strength, for the layout and zoom now
        self._marked: tuple[float, float] | None = None  # a hovered data point, shown on every map
        self._waiting: NetworkPicture | None = None  # a live picture that came sooner than LIVE_REFRESH after one
        self._live_timer = PaceTimer(LIVE_REFRESH, self)
        self._live_timer.timeout.connect(self._show_waiting)

    @property
    def picture(self) -> NetworkPicture | None:
        return self._picture

    # ----- zoom and palette ---------------------------------------------------------------------
    def set_display(self, display: Display) -> None:
        """Draw at this display's zoom and in its palette, and follow its changes."""
        self._display = display
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()

    def _on_display_changed(self) -> None:
        d = self._display
        self.setMinimumSize(d.minimum(self._line * 12), d.minimum(self._line * 9))
        positive, negative = d.weight_colours
        self._positive, self._negative, self._lut = QColor(positive), QColor(negative), _lut(positive, negative)
        self._pens.clear()
        self.show_picture(self._picture)  # its neurons' maps in the new colours

    def node_boxes(self) -> list[list[QRectF]]:
        """Where each neuron is drawn at the diagram's size now, layer by layer."""
        return self._layout()

    def set_focus(self, focus: tuple[int, int] | None) -> None:
        """Outline the neuron shown large in the boundary view."""
        self._focus = focus
        self.update()

    def show_picture(self, picture: NetworkPicture | None, live: bool = False) -> None:
        """Draw this picture of the network. `live` (a frame while training): shown at most LIVE_REFRESH times a
        second, the newest then; the neurons' small maps change no faster to the eye, and a wide network's
        picture is one of the window's dearest to paint."""
        if live and picture is not None and self._picture is not None and \
                picture.layer_sizes == self._picture.layer_sizes and self._live_timer.due_in() > 0:
            self._waiting = picture
            self._live_timer.start_paced()
            return
        self._waiting = None
        self._live_timer.stop()
        self._show(picture)

    def _show_waiting(self) -> None:
        if self._waiting is not None:
            picture, self._waiting = self._waiting, None
            self._show(picture)

    def _show(self, picture: NetworkPicture | None) -> None:
        self._live_timer.ran()
        self._picture = picture
        if picture is not None:
            last = len(picture.maps) - 1
            # Pictures at about the size they are shown: a 28 x 28 map drawn in 4 x 4 pixels is coloured from every
            # 7th value along each side; in a strip 3 pixels high, from every 9th row.
            boxes = self._layout()
            r = picture.maps[0].shape[-1]
            self._pixels = []
            for k, layer in enumerate(picture.maps):
                box = boxes[k][0] if len(boxes) > k and boxes[k] else QRectF(0, 0, MAX_SIDE, MAX_SIDE)
                down, across = (max(1, int(r // max(1.0, length))) for length in (box.height(), box.width()))
                self._pixels.append(layer_pixels(layer[:, ::down, ::across], k != last or picture.task == "fit",
                                                 self._lut))
        self.update()

    # ----- layout -------------------------------------------------------------------------------
    def _layout(self) -> list[list[QRectF]]:
        laid_out = self._column_layout()
        return [] if laid_out is None else [list(layer) for layer in laid_out.boxes]

    def _column_layout(self) -> ColumnLayout | None:
        """The neurons' places at the diagram's size now (diagram_layout), made again only after a resize, a new
        shape of network or a zoom, with what painting needs of it (line ends, tops, pens)."""
        picture = self._picture
        if picture is None:
            return None
        sizes = picture.layer_sizes
        z = self._display.zoom
        key = (self.width(), self.height(), sizes, z)
        if self._laid_out is not None and self._laid_out[0] == key:  # the same every frame, until a resize
            return self._laid_out[1]
        laid_out = lay_out_columns(sizes, self.width(), self.height(), z)
        boxes = laid_out.boxes
        self._laid_out = (key, laid_out)
        self._pens.clear()  # (their widths follow the neurons' size)
        self._tops = [np.array([b.top() for b in layer]) for layer in boxes]
        self._ends = [(np.array([(b.right(), b.center().y()) for b in layer]),
                       np.array([(b.left(), b.center().y()) for b in layer])) for layer in boxes]
        return laid_out

    def footer_rect(self) -> QRectF | None:
        """Where the footer (the hidden layers' activation) is written at the diagram's size now (None: none)."""
        laid_out = self._column_layout()
        return None if laid_out is None or not self._picture.activations else laid_out.footer

    def label_rects(self) -> list[tuple[int, str, QRectF]]:
        """The layers' titles written above their columns at the diagram's size now: (layer, text, rectangle of
        the text), left to right."""
        return self._placed_labels()[0]

    def _placed_labels(self) -> tuple[list[tuple[int, str, QRectF]], QFont]:
        """The titles above the columns and the font they are written in, made again only when the layout, the
        titles or the zoom change."""
        laid_out, picture, d = self._column_layout(), self._picture, self._display
        if laid_out is None:
            return [], self._label_font
        z = d.zoom
        narrow = laid_out.footer is not None  # deep networks: the count above each layer, the activation below
        last = len(laid_out.boxes) - 1
        titles = []
        for k, layer in enumerate(laid_out.boxes):
            if k == 0:
                titles.append("In" if narrow else "Inputs")
            elif k == last:
                titles.append("Out" if narrow else "Output")
            else:
                titles.append(f"{len(layer)}" if narrow else f"{len(layer)} {picture.activations[k - 1]}")
        key = (self._laid_out[0], tuple(titles), self._label_font.key())
        if self._labels is not None and self._labels[0] == key:
            return self._labels[1], self._labels[2]

        def font_at(points: float) -> QFont:
            return d.font(self._label_font, points)

        def widths_at(points: float) -> list[float]:
            metrics = QFontMetricsF(font_at(points))
            return [metrics.horizontalAdvance(title) for title in titles]

        centres = [layer[0].center().x() for layer in laid_out.boxes]
        points, placed = place_labels(centres, widths_at, LABEL_POINTS, self.width(), z)
        labels = [(k, titles[k], QRectF(left, LABEL_TOP * z, width, LABEL_HEIGHT * z)) for k, left, width in placed]
        self._labels = (key, labels, font_at(points))
        return labels, self._labels[2]

    # ----- painting -----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        # The painter as a context: should drawing raise, the painter still ends (an active painter left on a
        # widget being grabbed crashes Qt) and the error is reported rather than taking the process down.
        self._exposed = event.rect()
        try:
            with QPainter(self) as painter:
                self._paint(painter)
        finally:
            self._exposed = None
        self.painted.emit()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        picture = self._picture
        if picture is None:
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "The network appears here")
            return
        self._boxes = boxes = self._layout()
        self._squeezed = squeezed = self._laid_out[1].squeezed
        z = self._display.zoom
        smallest = [min(layer[0].width(), layer[0].height()) for layer in boxes]
        for k, weights in enumerate(picture.weights):
            self._paint_weights(painter, weights, k, min(smallest[k], smallest[k + 1]))
        visible = QRectF(event_rect) if (event_rect := self._exposed) is not None else QRectF(self.rect())
        outline, handle_pen = QPen(QColor("#90a4ae"), z), QPen(QColor("#546e7a"), z)
        for k, layer in enumerate(boxes):
            pixels = self._pixels[k]
            shown = [(i, box) for i, box in enumerate(layer) if box.intersects(visible)]  # none scrolled out
            if pixels is not None and shown:
                x, y, column = column_pixels(pixels, layer[0].left(), self._tops[k], layer[0].width(),
                                             layer[0].height())
                h, w = column.shape
                painter.drawImage(QPointF(x, y), QImage(column.data, w, h, 4 * w,
                                                        QImage.Format.Format_ARGB32_Premultiplied))
            painter.setPen(outline)
            if squeezed[k]:  # strips: one frame around the column (an outline each would hide them)
                painter.drawRect(QRectF(layer[0].topLeft(), layer[-1].bottomRight()))
            else:
                painter.drawRects([box for _i, box in shown])
            if k > 0 and biases_shown(layer[0]):  # the biases, as in the TensorFlow Playground
                painter.setPen(handle_pen)
                biases = picture.biases[k - 1]
                for brush, sign in ((self._positive, True), (self._negative, False)):
                    painter.setBrush(brush)
                    painter.drawRects([bias_handle(box) for i, box in shown if (float(biases[i]) > 0) == sign])
                painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._focus is not None and self._focus[0] < len(boxes) and self._focus[1] < len(boxes[self._focus[0]]):
            painter.setPen(QPen(QColor(theme.BOUNDARY), 3 * z))
            painter.drawRect(boxes[self._focus[0]][self._focus[1]])
        self._paint_labels(painter, boxes)
        self._paint_marked_point(painter, boxes)

    def mark_point(self, point: tuple[float, float] | None) -> None:
        """Show where one data point (in the data's units) falls on every neuron's map: the colour under the
        dot is what that neuron says about the point, layer after layer (None: no dot)."""
        self._marked = point
        self.update()

    def _paint_marked_point(self, painter: QPainter, boxes: list[list[QRectF]]) -> None:
        point, bounds = self._marked, self._picture.bounds
        if point is None or bounds is None:
            return
        fx = (point[0] - bounds[0]) / (bounds[1] - bounds[0])
        fy = (point[1] - bounds[2]) / (bounds[3] - bounds[2])
        if not (0 <= fx <= 1 and 0 <= fy <= 1):
            return
        painter.setBrush(Qt.BrushStyle.NoBrush)
        z = self._display.zoom
        for layer, squeezed in zip(boxes, self._laid_out[1].squeezed, strict=True):
            for box in () if squeezed else layer:  # (a strip is too thin to show where a point falls)
                centre = QPointF(box.left() + fx * box.width(), box.bottom() - fy * box.height())
                radius = max(2.0, box.width() / 9)
                painter.setPen(QPen(QColor("#ffffff"), 2.5 * z))
                painter.drawEllipse(centre, radius, radius)
                painter.setPen(QPen(QColor("#111111"), 1.2 * z))
                painter.drawEllipse(centre, radius, radius)

    def _paint_weights(self, painter: QPainter, weights: np.ndarray, k: int, side: float) -> None:
        """One line per weight: blue positive, orange negative, thicker and stronger in colour the larger it is.

        The colours are opaque tints (blended with the white background here, not by the painter): Qt strokes a
        translucent wide line through a slow path, about ten times the cost, and the diagram repaints every
        frame. The weakest lines are drawn first so the strong ones lie on top. Lines are drawn in groups of one
        sign and one of STRENGTH_LEVELS strengths, one drawLines call each (a call per line was most of the cost of
        a deep network's diagram). `k`: the weights lead from layer k to k + 1; `side`: their neurons' size."""
        magnitude = np.abs(weights).ravel()
        finite = magnitude[np.isfinite(magnitude)]
        peak = float(finite.max()) if len(finite) else 1.0
        # A diverged network's weights are not numbers: drawn faint (infinite ones strongest), never a colour
        # computed from NaN (Qt warns "QColor::fromRgbF: RGB parameters out of range" at every repaint).
        with np.errstate(invalid="ignore", divide="ignore"):
            strengths = np.clip(np.nan_to_num(magnitude / (peak or 1.0), nan=0.0, posinf=1.0), 0.0, 1.0)
        z = self._display.zoom
        # Wide layers: the strongest lines only, fewer still between small neurons (where more are a blur).
        shown = max(MIN_LINES_PER_LAYER, round(MAX_LINES_PER_LAYER * min(1.0, side / (MAX_SIDE * z))))
        # The strongest `shown`, picked by a partition: only they are sorted.
        order = np.arange(len(strengths)) if shown >= len(strengths) else \
            np.argpartition(strengths, len(strengths) - shown)[len(strengths) - shown:]
        # Small neurons (deep, wide networks) get lines in proportion, and many lines go without antialiasing:
        # thousands of wide antialiased lines were most of the cost of painting ten layers of 64.
        thinner = min(1.0, side / (0.5 * MAX_SIDE * z))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(order) <= ANTIALIASED_LINES)
        levels = np.rint(strengths[order] * (STRENGTH_LEVELS - 1)).astype(int)
        # Weakest first, each level's two signs together; within a group, in the weights' order.
        groups = 2 * levels + (weights.ravel()[order] > 0)
        by_group = np.lexsort((order, groups))
        order, groups = order[by_group], groups[by_group]
        targets_of, sources_of = np.divmod(order, weights.shape[1])
        ends_of = np.concatenate([self._ends[k][0][sources_of], self._ends[k + 1][1][targets_of]], axis=1).tolist()
        lines = [QLineF(*line) for line in ends_of]
        cuts = (np.flatnonzero(np.diff(groups)) + 1).tolist()
        for first, last in zip([0, *cuts], [*cuts, len(groups)], strict=True):
            painter.setPen(self._weight_pen(int(groups[first]), thinner))
            painter.drawLines(lines[first:last])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    def _weight_pen(self, group: int, thinner: float) -> QPen:
        """The pen of one strength level and sign (group = 2 · level + positive), made once for the layout."""
        z = self._display.zoom
        pen = self._pens.get((group, thinner, z))
        if pen is None:
            level, sign = divmod(group, 2)
            strength = level / (STRENGTH_LEVELS - 1)
            opacity, width = 0.25 + 0.75 * strength, max(0.5, (0.5 + 4.5 * strength) * thinner) * z
            side = _rgb(self._positive if sign else self._negative)
            pen = self._pens[(group, thinner, z)] = QPen(QColor.fromRgbF(*(1.0 - opacity * (1.0 - c) for c in side)),
                                                         width)
        return pen

    def _paint_labels(self, painter: QPainter, boxes: list[list[QRectF]]) -> None:
        picture, d = self._picture, self._display
        z = d.zoom
        labels, font = self._placed_labels()
        painter.setFont(font)
        painter.setPen(QColor(d.text_colour))
        for _k, title, rect in labels:  # (a little wider than the text: no pixel of it clipped)
            painter.drawText(rect.adjusted(-z, 0, z, 0), Qt.AlignmentFlag.AlignCenter, title)
        painter.setFont(d.font(self._label_font, LABEL_POINTS[0]))
        footer, activations = self.footer_rect(), picture.activations
        if footer is not None:
            same = len(set(activations)) == 1
            text = f"hidden layers: {activations[0]}" if same else "hidden layers: " + ", ".join(activations)
            text = QFontMetricsF(painter.font()).elidedText(text, Qt.TextElideMode.ElideRight, footer.width())
            painter.setPen(QColor(d.muted_colour))
            painter.drawText(footer, Qt.AlignmentFlag.AlignCenter, text)
        inputs = boxes[0]
        pitch = inputs[1].top() - inputs[0].top() if len(inputs) > 1 else math.inf
        if pitch < 0.85 * QFontMetricsF(painter.font()).height():  # the names would run into one another
            return
        for name, box in zip(picture.feature_names, inputs, strict=True):
            if box.height() >= 10:
                painter.drawText(QRectF(box.left() - 52 * z, box.top(), 48 * z, box.height()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 feature_title(name, picture.task == "fit"))

    # ----- hovering and clicking ----------------------------------------------------------------
    def _hit(self, pos: QPointF) -> tuple[str, int, int, int | None] | None:
        """('bias' or 'neuron', layer, index, None) or ('weight', weight layer, target, source) under the cursor."""
        picture = self._picture
        if picture is None or [len(layer) for layer in self._boxes] != list(picture.layer_sizes):
            return None  # the network changed and has not been painted yet: nothing to point at
        for k, layer in enumerate(self._boxes):
            handles = k > 0 and biases_shown(layer[0])
            for i, box in enumerate(layer):
                if handles and bias_handle(box).adjusted(-2, -2, 2, 2).contains(pos):
                    return ("bias", k, i, None)
                if box.contains(pos):
                    return ("neuron", k, i, None)
            column = QRectF(layer[0].topLeft(), layer[-1].bottomRight())
            if self._squeezed[k] and column.contains(pos):  # on the hairline between two strips: the nearer
                middles = np.array([box.center().y() for box in layer])
                return ("neuron", k, int(np.argmin(np.abs(middles - pos.y()))), None)
        best, best_distance = None, 5.0 * self._display.zoom
        for k in range(len(picture.weights)):
            sources, targets = self._boxes[k], self._boxes[k + 1]
            if not (sources[0].right() <= pos.x() <= targets[0].left()):
                continue
            # Every line's distance at once (a deep network has thousands; one by one took a tenth of a second).
            a = np.array([(b.right(), b.center().y()) for b in sources])[None, :, :]  # (1, sources, 2)
            b = np.array([(b.left(), b.center().y()) for b in targets])[:, None, :]  # (targets, 1, 2)
            ab = b - a
            p = np.array([pos.x(), pos.y()])
            length = (ab ** 2).sum(axis=2)
            with np.errstate(invalid="ignore", divide="ignore"):
                t = np.clip(np.where(length > 0, ((p - a) * ab).sum(axis=2) / length, 0.0), 0.0, 1.0)
            distance = np.hypot(*np.moveaxis(a + ab * t[..., None] - p, 2, 0))
            target, source = np.unravel_index(int(np.argmin(distance)), distance.shape)
            if distance[target, source] < best_distance:
                best, best_distance = ("weight", k, int(target), int(source)), float(distance[target, source])
        return best

    def _describe(self, hit) -> str:
        picture = self._picture
        kind, k, i, source = hit
        units = " (in the data's units)" if picture.data_units and k in (0, 1) else ""
        last = len(picture.maps) - 1
        name = "Output" if k == last else f"Layer {k}, neuron {i + 1}"
        if kind == "neuron":
            if k == 0:
                title = feature_title(picture.feature_names[i], picture.task == "fit")
                return f"Input {title}\nClick to see it large on the plane"
            if k == last:
                if picture.task == "fit":
                    return "Output: the y the network predicts for each x, drawn as the curve"
                return "Output: the network's answer, shown on the plane"
            return f"{name}\nClick to see its output large on the plane (click again to go back)"
        if kind == "bias":
            bias = float(picture.biases[k - 1][i])
            units = units if k == 1 else ""
            return f"{name}: bias {bias:.3f}{units}\nClick to type a new bias"
        w = float(picture.weights[k][i, source])
        units = units if k == 0 else ""
        return f"Weight {w:.3f}{units}\nClick to type a new value"

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position()) if self._picture is not None else None
        if hit is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self._describe(hit), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._picture is None:
            return
        hit = self._hit(event.position())
        if hit is None:
            return
        kind, k, i, source = hit
        if kind == "neuron":
            self.neuron_clicked.emit(k, i)
            return
        if not self.weights_editable:  # the scenario locks or hides typing weights
            return
        if kind == "bias":
            layer, current, title = k - 1, float(self._picture.biases[k - 1][i]), "Bias"
        else:
            layer, current, title = k, float(self._picture.weights[k][i, source]), "Weight"
        value = self.ask_value(title, current)
        if value is not None:
            self.weight_edited.emit(layer, i, source, value)

    def ask_value(self, title: str, current: float) -> float | None:
        """A dialog for the new value (tests replace it)."""
        value, ok = QInputDialog.getDouble(self, f"New {title.lower()}", f"{title}:", current, -1e6, 1e6, 4)
        return value if ok and math.isfinite(value) else None


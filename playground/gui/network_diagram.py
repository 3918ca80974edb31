"""The network diagram, live: every neuron a small map of its output over the plane, every weight a line
whose colour is its sign (blue positive, orange negative, as in the TensorFlow Playground) and whose width
is its size. Hovering shows a value; clicking a weight, or a neuron (for its bias), lets the user type a new
value, also while training. Big layers shrink their neurons to fit, down to thin strips (diagram_layout); the
many lines of wide layers are thinned to the strongest, so the picture stays readable."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QMouseEvent, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QInputDialog, QSizePolicy, QToolTip, QWidget

from ..core.feature_names import feature_title
from ..core.snapshot import NetworkPicture
from . import theme
from .diagram_hits import bias_handle, biases_shown, describe_hit, hit_at
from .diagram_layout import LABEL_HEIGHT, LABEL_TOP, MAX_SIDE, ColumnLayout, lay_out_columns, place_labels
from .diagram_lines import STRENGTH_LEVELS, LinePlan, plan_lines, weight_runs
from .diagram_pixels import _LUT, _lut, column_gather, network_pixels
from .display import WEIGHT_COLOURS, Display
from .pace_timer import PaceTimer
from .qt_arrays import as_array

LIVE_REFRESH = 1 / 30  # while training, seconds between the pictures drawn at the least (see show_picture)
POSITIVE, NEGATIVE = QColor(WEIGHT_COLOURS[0]), QColor(WEIGHT_COLOURS[1])
LABEL_POINTS = (9.5, 8.5, 7.5, 7.0)  # the layers' counts: the first size they all fit in
_ZERO = np.zeros(1, np.uint32)  # a transparent pixel: what a column's image shows between its boxes


def _rgb(colour: QColor) -> tuple[float, float, float]:
    return colour.redF(), colour.greenF(), colour.blueF()


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
        self._pixels: list[np.ndarray | None] = []  # each layer's neuron pictures (network_pixels)
        self._columns: tuple[tuple, list[tuple[int, int, QImage]], np.ndarray] | None = None  # (made for, images)
        self._boxes: list[list[QRectF]] = []  # where each neuron is drawn, per layer
        self._squeezed: tuple[bool, ...] = ()  # which of those layers are drawn as strips
        self._focus: tuple[int, int] | None = None
        self._laid_out: tuple[tuple, ColumnLayout] | None = None  # (what it was made for, the layout)
        self._labels: tuple[tuple, list[tuple[int, str, QRectF]], QFont] | None = None  # (made for, counts, font)
        # Made with the boxes, not at every paint: the boxes as lists; the weights' lines (diagram_lines); the
        # outlines and the biases' handles as (N, 4) float64 rectangles (x, y, width, height), the handles those
        # of the layers listed, in order; what each column's pixels show (column_gather), per shape of pictures.
        self._box_lists: list[list[QRectF]] = []
        self._line_plan: LinePlan | None = None
        self._outlines = np.zeros((0, 4))
        self._handles = np.zeros((0, 4))
        self._handle_layers: list[int] = []
        self._gathers: tuple[tuple, list[tuple[int, int, int, int]], np.ndarray] | None = None
        self._backdrop: tuple[tuple, QPixmap | None] | None = None  # (made for, the ground and text; None: unfit)
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
        return [list(layer) for layer in self._layout()]

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
            boxes = self._column_layout().boxes
            r = picture.maps[0].shape[-1]
            sampled = []
            for k, layer in enumerate(picture.maps):
                box = boxes[k][0] if len(boxes) > k and boxes[k] else QRectF(0, 0, MAX_SIDE, MAX_SIDE)
                down, across = (max(1, int(r // max(1.0, length))) for length in (box.height(), box.width()))
                sampled.append(layer[:, ::down, ::across])
            self._pixels = network_pixels(sampled, [k != last or picture.task == "fit" for k in range(last + 1)],
                                          self._lut)
        self._columns = None  # (made at the next paint, for the layout then)
        self.update()

    # ----- layout -------------------------------------------------------------------------------
    def _layout(self) -> list[list[QRectF]]:
        return [] if self._column_layout() is None else self._box_lists

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
        self._box_lists = [list(layer) for layer in boxes]
        self._line_plan = plan_lines([np.array([(b.right(), b.center().y()) for b in layer]) for layer in boxes],
                                     [np.array([(b.left(), b.center().y()) for b in layer]) for layer in boxes],
                                     [min(layer[0].width(), layer[0].height()) for layer in boxes], z)
        outlines, handles, self._handle_layers = [], [], []
        for k, layer in enumerate(boxes):
            # Strips: one frame around the column (an outline each would hide them).
            frames = [QRectF(layer[0].topLeft(), layer[-1].bottomRight())] if laid_out.squeezed[k] else layer
            outlines += [frame.getRect() for frame in frames]
            if k > 0 and biases_shown(layer[0]):  # the biases, as in the TensorFlow Playground
                handles += [bias_handle(box).getRect() for box in layer]
                self._handle_layers.append(k)
        self._outlines = np.array(outlines, np.float64).reshape(-1, 4)
        self._handles = np.array(handles, np.float64).reshape(-1, 4)
        self._gathers = None
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
        with QPainter(self) as painter:
            self._paint(painter)
        self.painted.emit()

    def _paint(self, painter: QPainter) -> None:
        # Each kind of mark is drawn for all layers at once (one call per pen): the layers' columns, lines and
        # handles never overlap one another, so this gives the pixels of drawing the layers one after another.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        picture = self._picture
        if picture is None:
            painter.fillRect(self.rect(), QColor("#ffffff"))
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "The network appears here")
            return
        self._boxes = boxes = self._layout()
        self._squeezed = self._laid_out[1].squeezed
        z = self._display.zoom
        self._paint_backdrop(painter, boxes)
        self._paint_weights(painter, picture.weights)
        for x, y, image in self._column_images():
            painter.drawImage(QPointF(x, y), image)
        painter.setPen(QPen(QColor("#90a4ae"), z))
        painter.drawRects(*as_array(self._outlines, QRectF))
        if self._handle_layers:
            painter.setPen(QPen(QColor("#546e7a"), z))
            positive = np.concatenate([picture.biases[k - 1] for k in self._handle_layers]) > 0
            for brush, sign in ((self._positive, positive), (self._negative, ~positive)):
                if len(handles := self._handles[sign]):
                    painter.setBrush(brush)
                    painter.drawRects(*as_array(handles, QRectF))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._focus is not None and self._focus[0] < len(boxes) and self._focus[1] < len(boxes[self._focus[0]]):
            painter.setPen(QPen(QColor(theme.BOUNDARY), 3 * z))
            painter.drawRect(boxes[self._focus[0]][self._focus[1]])
        self._paint_marked_point(painter, boxes)

    def _paint_backdrop(self, painter: QPainter, boxes: list[list[QRectF]]) -> None:
        """The white ground and the text (the layers' counts, the footer, the inputs' names), drawn first: nothing
        else reaches them (they lie above, below and left of the columns and lines). Kept as a picture made again
        only when the layout, the text or its colours change, where it gives the same pixels as drawing the text
        (at the screen's own pixels: no scaling, the picture's dots per inch the widget's)."""
        d, picture = self._display, self._picture
        to_device = painter.deviceTransform()  # (a widget's painter is moved to its place in the window)
        if to_device.type().value <= QTransform.TransformationType.TxTranslate.value and \
                to_device.dx() == round(to_device.dx()) and to_device.dy() == round(to_device.dy()):
            key = (self._laid_out[0], picture.activations, picture.feature_names, picture.task, d.text_colour,
                   d.muted_colour, self._label_font.key(), self.logicalDpiX(), self.logicalDpiY())
            if self._backdrop is None or self._backdrop[0] != key:
                backdrop = QPixmap(self.size())
                backdrop.fill(QColor("#ffffff"))
                fits = (backdrop.logicalDpiX(), backdrop.logicalDpiY()) == key[-2:]
                if fits:
                    with QPainter(backdrop) as text:
                        text.setRenderHint(QPainter.RenderHint.Antialiasing)
                        self._paint_labels(text, boxes)
                self._backdrop = (key, backdrop if fits else None)
            if self._backdrop[1] is not None:
                painter.drawPixmap(0, 0, self._backdrop[1])
                return
        painter.fillRect(self.rect(), QColor("#ffffff"))
        self._paint_labels(painter, boxes)

    def _column_images(self) -> list[tuple[int, int, QImage]]:
        """Each layer's pictures in their boxes as one image, (x, y, image) per layer: made once per picture and
        layout, all layers with one gather (column_gather) from their pixels."""
        key = (self._laid_out[0], tuple(None if p is None else p.shape for p in self._pixels))
        if self._columns is not None and self._columns[0] == key:
            return self._columns[1]
        if self._gathers is None or self._gathers[0] != key:
            boxes, places, gathers, start = self._laid_out[1].boxes, [], [], 0
            for layer, pixels in zip(boxes, self._pixels, strict=True):
                if pixels is None:
                    continue
                tops = np.array([box.top() for box in layer])
                x, y, index = column_gather(pixels.shape, layer[0].left(), tops, layer[0].width(), layer[0].height())
                places.append((x, y, *index.shape))
                gathers.append(np.where(index < 0, -1, index + start).ravel())
                start += pixels.size
            # (-1: the transparent pixel put after every layer's pixels)
            self._gathers = (key, places, np.concatenate(gathers) if gathers else np.zeros(0, np.intp))
        _key, places, gather = self._gathers
        source = np.concatenate([p.ravel() for p in self._pixels if p is not None] + [_ZERO])
        pixels, images, start = source[gather], [], 0
        for x, y, h, w in places:
            images.append((x, y, QImage(pixels[start:start + h * w].data, w, h, 4 * w,
                                        QImage.Format.Format_ARGB32_Premultiplied)))
            start += h * w
        self._columns = (key, images, pixels)  # (the images show the array's memory: it is kept with them)
        return images

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

    def _paint_weights(self, painter: QPainter, weights: Sequence[np.ndarray]) -> None:
        """One line per weight: blue positive, orange negative, thicker and stronger in colour the larger it is
        (diagram_lines says which and in what order), one drawLines call per pen for all layers.

        The colours are opaque tints (blended with the white background here, not by the painter): Qt strokes a
        translucent wide line through a slow path, about ten times the cost, and the diagram repaints every
        frame."""
        lines, runs = weight_runs(self._line_plan, weights)
        styles, antialiased, address = self._line_plan.styles, None, lines.ctypes.data
        for style, group, first, last in runs:
            smooth, thinner = styles[style]
            if smooth != antialiased:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
                antialiased = smooth
            painter.setPen(self._weight_pen(group, thinner))
            painter.drawLines(*as_array(lines, QLineF, first, last - first, address))
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
        """What is under the cursor (see diagram_hits.hit_at)."""
        return hit_at(self._picture, self._boxes, self._squeezed, pos, self._display.zoom)

    def _describe(self, hit) -> str:
        return describe_hit(self._picture, hit)

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


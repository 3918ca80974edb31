"""An axis that works out its ticks and labels quickly: the same picture as pyqtgraph's AxisItem, made in a
fraction of the time.

The hidden space's range eases toward the data's every frame while a network learns, and each new range has the
axes work out their ticks and labels again. pyqtgraph does it tick by tick in Python (two Point objects per tick,
a text measurement per label of every level, a pen and a line per tick): about a millisecond per axis per frame.
Here labels are measured once per text (and font), the tick pens are made once, each level's ticks are drawn
with one pen and one drawLines, and all is drawn straight onto the painter (pyqtgraph records a QPicture and
plays it back, twice the work: Qt keeps the axis as a picture on the screen anyway). The rules (which ticks,
which levels get labels, where, which are left out) are pyqtgraph's, step for step; an unusual style (grid,
fixed ticks, ticks set by hand, the axis stopped at its ticks, fixed tick alpha, no values) falls back to
pyqtgraph's own code."""

from __future__ import annotations

from math import ceil

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPicture

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "right": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "top": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
    "bottom": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
}
_FLAGS = {side: int(align | Qt.TextFlag.TextDontClip) for side, align in _ALIGN.items()}
_MEASURE = QRectF(0, 0, 100, 100)
MEASURES_KEPT = 2000  # label sizes kept (the labels are round numbers: few of them come back and forth)
_DRAWN = object()  # in place of pyqtgraph's QPicture: the axis's specs are kept and drawn as they are


class QuickAxis(pg.AxisItem):
    """pg.AxisItem with a faster generateDrawSpecs, drawPicture and paint (tick specs are (pen, lines) per level;
    the specs drawn are kept until pyqtgraph marks the axis changed by setting `picture` to None)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._text_sizes: dict[tuple[str, str], tuple[float, float]] = {}  # (font key, text) -> (w, 0.8 h)
        self._pens: tuple[QPen, list[QPen]] | None = None  # the tick pen, and each level's made from it
        self._drawn = None  # the specs drawn while `picture` is _DRAWN (pyqtgraph sets it to None on a change)
        self._ticks_key: tuple | None = None  # what the ticks kept were worked out from, and the ticks
        self._ticks: list = []
        self._labels_key: tuple | None = None  # the ticks, scale and font the labels kept are for, and the labels:
        self._labels: list[tuple[list[str], list[tuple[float, float]]]] = []  # each level's texts and their sizes

    def _usual(self) -> bool:
        style = self.style
        return self.grid is False and self._tickLevels is None and not any(style["stopAxisAtTick"]) and \
            style["showValues"] and style["tickAlpha"] is None

    def tickValues(self, low: float, high: float, size: float):
        """pyqtgraph's ticks, with its test for a tick already on a higher level (np.isclose with rtol=0) written
        out as what it is: within a hundredth of the level's spacing. The ticks are kept while each level's
        spacing, first tick and count stay (as the range eases, most frames): the same list is given back."""
        if self.logMode:
            return super().tickValues(low, high, size)
        low, high = sorted((low, high))
        low *= self.scale
        high *= self.scale
        levels = []
        for spacing, offset in self.tickSpacing(low, high, size):
            start = (ceil((low - offset) / spacing) * spacing) + offset
            levels.append((spacing, start, int((high - start) / spacing) + 1))
        key = (self.scale, levels)
        if key == self._ticks_key:
            return self._ticks
        ticks = []
        seen = np.zeros(0)
        for spacing, start, count in levels:
            values = (np.arange(count) * spacing + start) / self.scale
            if len(seen):
                values = values[~(np.abs(seen - values[:, np.newaxis]) <= spacing / self.scale * 0.01).any(axis=1)]
            seen = np.concatenate([seen, values])
            ticks.append((spacing / self.scale, values.tolist()))
        self._ticks_key, self._ticks = key, ticks
        return ticks

    def generateDrawSpecs(self, p):
        if not self._usual():
            specs = super().generateDrawSpecs(p)
            if specs is not None:  # (as this class draws them: one pen and a list of lines at a time)
                axis_spec, ticks, texts = specs
                specs = axis_spec, [(pen, [QLineF(a, b)]) for pen, a, b in ticks], texts
            return specs
        style = self.style
        if style["tickFont"] is not None:
            p.setFont(style["tickFont"])
        return self._specs(p.font(), p)

    def _specs(self, font: QFont, measurer: QPainter | None):
        """The usual style's specs; labels not measured yet are measured with `measurer` (a painter on a picture,
        as pyqtgraph measures them), or, when it is None, with a painter made for the purpose."""
        style = self.style
        bounds = self.mapRectFromParent(self.geometry())
        orientation = self.orientation
        if orientation == "left":
            span = (bounds.topRight() + QPointF(-1.0, -1.0), bounds.bottomRight() + QPointF(-1.0, 1.0))
            tick_start, tick_stop, tick_dir, axis = bounds.right(), bounds.right(), -1, 0
        elif orientation == "right":
            span = (bounds.topLeft() + QPointF(1.0, -1.0), bounds.bottomLeft() + QPointF(1.0, 1.0))
            tick_start, tick_stop, tick_dir, axis = bounds.left(), bounds.left(), 1, 0
        elif orientation == "top":
            span = (bounds.bottomLeft() + QPointF(-1.0, -1.0), bounds.bottomRight() + QPointF(1.0, -1.0))
            tick_start, tick_stop, tick_dir, axis = bounds.bottom(), bounds.bottom(), -1, 1
        else:
            span = (bounds.topLeft() + QPointF(-1.0, 1.0), bounds.topRight() + QPointF(1.0, 1.0))
            tick_start, tick_stop, tick_dir, axis = bounds.top(), bounds.top(), 1, 1
        device = self.deviceTransform_()
        if device is None:
            return None
        length = QLineF(device.map(span[0]), device.map(span[1])).length()
        if length == 0:
            return None
        low_value, high_value = self.range
        levels = self.tickValues(low_value, high_value, length)

        dif = high_value - low_value
        if dif == 0:
            scale, offset = 1, 0
        elif axis == 0:
            scale = -bounds.height() / dif
            offset = low_value * scale - bounds.height()
        else:
            scale = bounds.width() / dif
            offset = low_value * scale
        ends = (low_value * scale - offset, high_value * scale - offset)
        low, high = min(ends), max(ends)

        positions: list[list] = []  # each level's ticks in the axis's pixels, None where not drawn
        tick_specs = []
        pens = self._level_pens(len(levels))
        tick_length = style["tickLength"]
        for i, (_spacing, values) in enumerate(levels):
            x = [v * scale - offset for v in values]
            where = [v if low <= v <= high else None for v in x]
            positions.append(where)
            tip = tick_stop + tick_length / ((i * 0.5) + 1.0) * tick_dir
            if axis == 0:
                lines = [QLineF(tick_start, v, tip, v) for v in where if v is not None]
            else:
                lines = [QLineF(v, tick_start, v, tip) for v in where if v is not None]
            tick_specs.append((pens[i], lines))
        axis_spec = (self.pen(), QPointF(span[0]), QPointF(span[1]))

        text_offset = style["tickTextOffset"][axis]
        offset_out = max(0, tick_length) + text_offset
        flags = _FLAGS[orientation]
        box = self.boundingRect()
        widths: list[float] = []  # every label measured so far, all levels (pyqtgraph's textRects)
        heights: list[float] = []
        text_specs: list = []
        last_size2 = 0
        labels = self._level_labels(levels, min(len(levels), style["maxTextLevel"] + 1), font, measurer)
        for i, (strings, level_sizes) in enumerate(labels):
            if len(strings) == 0:
                continue
            where = positions[i]
            measured = [None if x is None else size for x, size in zip(where, level_sizes, strict=True)]
            for size in measured:
                if size is not None:
                    widths.append(size[0])
                    heights.append(size[1])
            if widths:
                along, across = (heights, widths) if axis == 0 else (widths, heights)
                # (NumPy's sum, as pyqtgraph's: from 8 terms on it adds in another order than Python's)
                text_size = sum(along) if len(along) < 8 else np.sum(along)
                text_size2 = max(across)
            else:
                text_size = text_size2 = 0
            if i > 0:  # the first level is always labelled; the others while the labels are not too crowded
                ratio = float(text_size) / length
                if any(len(text_specs) >= count and ratio >= limit for count, limit in style["textFillLimits"]):
                    break
            last_size2 = text_size2
            for j, text in enumerate(strings):
                size = measured[j]
                if size is None:
                    continue
                x = where[j]
                width, height = size
                if orientation == "left":
                    rect = QRectF(tick_stop - offset_out - width, x - (height / 2), width, height)
                elif orientation == "right":
                    rect = QRectF(tick_stop + offset_out, x - (height / 2), width, height)
                elif orientation == "top":
                    rect = QRectF(x - width / 2., tick_stop - offset_out - height, width, height)
                else:
                    rect = QRectF(x - width / 2., tick_stop + offset_out, width, height)
                if box & rect != rect:
                    continue
                text_specs.append((rect, flags, text))
        self._updateMaxTextSize(last_size2)
        return axis_spec, tick_specs, text_specs

    def _level_labels(self, levels: list, count: int, font: QFont, measurer: QPainter | None) -> list:
        """The labels of the first `count` levels, texts and sizes (of every tick, drawn or not), kept while the
        ticks, the scale and the font stay. Labels not measured yet are measured with `measurer` (a painter on a
        picture, as pyqtgraph measures them), or, when it is None, with a painter made for the purpose."""
        font_key = font.key()
        key = (levels, count, self.autoSIPrefixScale * self.scale, font_key)
        kept = self._labels_key
        if kept is not None and kept[0] is levels and kept[1:] == key[1:]:
            return self._labels
        sizes = self._text_sizes
        painter = None  # made when a label must be measured and no painter was given
        labels = []
        for spacing, values in levels[:count]:
            strings = self.tickStrings(values, self.autoSIPrefixScale * self.scale, spacing)
            level_sizes = []
            for text in strings:
                size = sizes.get((font_key, text))
                if size is None:
                    if len(sizes) >= MEASURES_KEPT:
                        sizes.clear()
                    if measurer is None:
                        painter = measurer = _Measurer(font)
                    rect = measurer.boundingRect(_MEASURE, Qt.AlignmentFlag.AlignCenter, text)
                    size = sizes[(font_key, text)] = (rect.width(), rect.height() * 0.8)
                level_sizes.append(size)
            labels.append((strings, level_sizes))
        if painter is not None:
            painter.end()
        self._labels_key, self._labels = key, labels
        return labels

    def _level_pens(self, count: int) -> list[QPen]:
        """The tick pen of each level, fainter level by level (made again only when the tick pen changes)."""
        base = self.tickPen()
        kept = self._pens
        if kept is None or kept[0] != base or len(kept[1]) < count:
            solid = base.brush().style() == Qt.BrushStyle.SolidPattern
            pens = []
            for i in range(max(count, 4)):
                pen = base
                if solid:  # (only simple colour pens are faded)
                    pen = QPen(base)
                    colour = QColor(pen.color())
                    colour.setAlpha(int(255 / (i + 1)))
                    pen.setColor(colour)
                pens.append(pen)
            self._pens = kept = (base, pens)
        return kept[1]

    def paint(self, p: QPainter, *args) -> None:
        """Draw straight onto the painter (pyqtgraph records a QPicture, then plays it: twice the work, and the
        axis is kept as a picture on the screen by Qt's cache anyway)."""
        if not self._usual():
            if self.picture is _DRAWN:
                self.picture = None
            super().paint(p, *args)
            return
        font = self.style["tickFont"] if self.style["tickFont"] is not None else p.font()
        if self.picture is None:  # (pyqtgraph's mark that the axis changed)
            self._drawn = self._specs(font, None)
            self.picture = _DRAWN
        specs = self._drawn
        if specs is not None:
            p.save()
            p.setFont(font)
            self.drawPicture(p, *specs)
            p.restore()

    def drawPicture(self, p: QPainter, axis_spec, tick_specs, text_specs) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        pen, start, end = axis_spec
        p.setPen(pen)
        p.drawLine(start, end)
        for pen, lines in tick_specs:
            if lines:
                p.setPen(pen)
                p.drawLines(lines)
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        p.setClipRect(self.boundingRect().toAlignedRect())
        for rect, flags, text in text_specs:
            p.drawText(rect, int(flags), text)


class _Measurer(QPainter):
    """A painter on a picture of its own, in `font`: where pyqtgraph measures the labels."""

    def __init__(self, font: QFont) -> None:
        self._picture = QPicture()
        super().__init__(self._picture)
        self.setFont(font)

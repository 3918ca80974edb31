"""An axis that works out its ticks and labels quickly: the same picture as pyqtgraph's AxisItem, made in a
fraction of the time.

The hidden space's range eases toward the data's every frame while a network learns, and each new range has the
axes work out their ticks and labels again. pyqtgraph does it tick by tick in Python (two Point objects per tick,
a text measurement per label of every level, a pen and a line per tick): about a millisecond per axis per frame.
Here the positions are worked out for each level at once with NumPy, labels are measured once per text (and
font), and each level's ticks are drawn with one pen and one drawLines. The rules (which ticks, which levels get
labels, where, which are left out) are pyqtgraph's, step for step; an unusual style (grid, fixed ticks, ticks set
by hand, the axis stopped at its ticks, fixed tick alpha, no values) falls back to pyqtgraph's own code."""

from __future__ import annotations

from math import ceil

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "right": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "top": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
    "bottom": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
}
_FLAGS = {side: int(align | Qt.TextFlag.TextDontClip) for side, align in _ALIGN.items()}
_MEASURE = QRectF(0, 0, 100, 100)
MEASURES_KEPT = 2000  # label sizes kept (the labels are round numbers: few of them come back and forth)


class QuickAxis(pg.AxisItem):
    """pg.AxisItem with a faster generateDrawSpecs and drawPicture (tick specs are (pen, lines) per level)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._text_sizes: dict[tuple[str, str], tuple[float, float]] = {}  # (font key, text) -> (w, 0.8 h)

    def _usual(self) -> bool:
        style = self.style
        return self.grid is False and self._tickLevels is None and not any(style["stopAxisAtTick"]) and \
            style["showValues"] and style["tickAlpha"] is None

    def tickValues(self, low: float, high: float, size: float):
        """pyqtgraph's ticks, with its test for a tick already on a higher level (np.isclose with rtol=0) written
        out as what it is: within a hundredth of the level's spacing."""
        if self.logMode:
            return super().tickValues(low, high, size)
        low, high = sorted((low, high))
        low *= self.scale
        high *= self.scale
        ticks = []
        seen = np.zeros(0)
        for spacing, offset in self.tickSpacing(low, high, size):
            start = (ceil((low - offset) / spacing) * spacing) + offset
            values = (np.arange(int((high - start) / spacing) + 1) * spacing + start) / self.scale
            if len(seen):
                values = values[~(np.abs(seen - values[:, np.newaxis]) <= spacing / self.scale * 0.01).any(axis=1)]
            seen = np.concatenate([seen, values])
            ticks.append((spacing / self.scale, values.tolist()))
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
        bounds = self.mapRectFromParent(self.geometry())
        orientation = self.orientation
        if orientation == "left":
            span = (bounds.topRight() + pg.Point(-1.0, -1.0), bounds.bottomRight() + pg.Point(-1.0, 1.0))
            tick_start, tick_stop, tick_dir, axis = bounds.right(), bounds.right(), -1, 0
        elif orientation == "right":
            span = (bounds.topLeft() + pg.Point(1.0, -1.0), bounds.bottomLeft() + pg.Point(1.0, 1.0))
            tick_start, tick_stop, tick_dir, axis = bounds.left(), bounds.left(), 1, 0
        elif orientation == "top":
            span = (bounds.bottomLeft() + pg.Point(-1.0, -1.0), bounds.bottomRight() + pg.Point(1.0, -1.0))
            tick_start, tick_stop, tick_dir, axis = bounds.bottom(), bounds.bottom(), -1, 1
        else:
            span = (bounds.topLeft() + pg.Point(-1.0, 1.0), bounds.topRight() + pg.Point(1.0, 1.0))
            tick_start, tick_stop, tick_dir, axis = bounds.top(), bounds.top(), 1, 1
        points = list(map(self.mapToDevice, span))
        if None in points:
            return None
        length = pg.Point(points[1] - points[0]).length()
        if length == 0:
            return None
        levels = self.tickValues(self.range[0], self.range[1], length)

        dif = self.range[1] - self.range[0]
        if dif == 0:
            scale, offset = 1, 0
        elif axis == 0:
            scale = -bounds.height() / dif
            offset = self.range[0] * scale - bounds.height()
        else:
            scale = bounds.width() / dif
            offset = self.range[0] * scale
        ends = [x * scale - offset for x in self.range]
        low, high = min(ends), max(ends)

        positions: list[list] = []  # each level's ticks in the axis's pixels, None where not drawn
        tick_specs = []
        base_pen = self.tickPen()
        solid = base_pen.brush().style() == Qt.BrushStyle.SolidPattern
        for i, (_spacing, values) in enumerate(levels):
            x = np.asarray(values, np.float64) * scale - offset
            drawn = (x >= low) & (x <= high)
            positions.append([v if d else None for v, d in zip(x.tolist(), drawn.tolist(), strict=True)])
            pen = base_pen
            if solid:  # (only simple colour pens are faded)
                pen = QPen(base_pen)
                colour = QColor(pen.color())
                colour.setAlpha(int(255 / (i + 1)))
                pen.setColor(colour)
            tip = tick_stop + style["tickLength"] / ((i * 0.5) + 1.0) * tick_dir
            if axis == 0:
                lines = [QLineF(tick_start, v, tip, v) for v in x[drawn].tolist()]
            else:
                lines = [QLineF(v, tick_start, v, tip) for v in x[drawn].tolist()]
            tick_specs.append((pen, lines))
        axis_spec = (self.pen(), span[0], span[1])

        text_offset = style["tickTextOffset"][axis]
        offset_out = max(0, style["tickLength"]) + text_offset
        flags = _FLAGS[orientation]
        box = self.boundingRect()
        font_key = p.font().key()
        sizes = self._text_sizes
        widths: list[float] = []  # every label measured so far, all levels (pyqtgraph's textRects)
        heights: list[float] = []
        text_specs: list = []
        last_size2 = 0
        for i in range(min(len(levels), style["maxTextLevel"] + 1)):
            spacing, values = levels[i]
            strings = self.tickStrings(values, self.autoSIPrefixScale * self.scale, spacing)
            if len(strings) == 0:
                continue
            where = positions[i]
            measured = []
            for j, text in enumerate(strings):
                if where[j] is None:
                    measured.append(None)
                    continue
                size = sizes.get((font_key, text))
                if size is None:
                    if len(sizes) >= MEASURES_KEPT:
                        sizes.clear()
                    rect = p.boundingRect(_MEASURE, Qt.AlignmentFlag.AlignCenter, text)
                    size = sizes[(font_key, text)] = (rect.width(), rect.height() * 0.8)
                measured.append(size)
                widths.append(size[0])
                heights.append(size[1])
            if widths:
                if axis == 0:
                    text_size, text_size2 = np.sum(heights), np.max(widths)
                else:
                    text_size, text_size2 = np.sum(widths), np.max(heights)
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

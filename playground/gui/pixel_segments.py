"""Separate line segments (a contour's: the decision line) drawn in the screen's own pixels.

A trained spiral's decision line is 1,000-1,300 short segments, drawn every frame. Qt's raster painter has a
fast path for antialiased wide segments with flat or square caps, but only where the painter does not scale:
through the plot's scaling from data units to pixels it strokes each segment as a general path, three times the
cost (2.3 ms a frame for 1,250 segments, against 0.8 ms). So the segments are mapped to pixels here, in NumPy,
and drawn with no transform, in one drawLines call; the pen is a cosmetic one (its width is in pixels either
way), so the picture is the same."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF
from PySide6.QtGui import QPainter

from .qt_arrays import as_array


class PixelSegments(pg.PlotCurveItem):
    """pg.PlotCurveItem(connect="pairs") whose segments are mapped to pixels before they are drawn. Anything
    else pyqtgraph's item can do (a fill, a shadow, a pen in data units, a perspective) is drawn its way."""

    def __init__(self, pen) -> None:
        super().__init__(connect="pairs", pen=pen)
        self.setSegmentedLineMode("on")  # (pyqtgraph's own path, where it is taken: one drawLines call)
        self._pixels = np.zeros((0, 4))  # (x1, y1, x2, y2) of each segment, in pixels, reused frame to frame

    def _mappable(self, painter: QPainter) -> bool:
        opts = self.opts
        pen = opts["pen"]
        return opts["connect"] == "pairs" and pen.isCosmetic() and opts["shadowPen"] is None and \
            opts["fillLevel"] is None and opts["brush"] is None and painter.transform().isAffine()

    def paint(self, painter: QPainter, option, widget) -> None:
        x, y = self.xData, self.yData
        if x is None or len(x) < 2 or not self._mappable(painter):
            super().paint(painter, option, widget)
            return
        count = len(x) // 2
        if len(self._pixels) < count:
            self._pixels = np.zeros((count, 4))
        t = painter.transform()
        pixels = self._pixels[:count]
        x, y = x[: 2 * count], y[: 2 * count]
        across = t.m11() * x + t.m21() * y + t.dx()
        down = t.m12() * x + t.m22() * y + t.dy()
        pixels[:, 0], pixels[:, 2] = across[0::2], across[1::2]
        pixels[:, 1], pixels[:, 3] = down[0::2], down[1::2]
        shown = np.isfinite(pixels).all(axis=1)
        if not shown.all():  # (a segment with a point that is not a number is left out, as pyqtgraph leaves it)
            pixels = np.ascontiguousarray(pixels[shown])
            count = len(pixels)
        export = self._exportOpts
        antialias = export.get("antialias", True) if export is not False else self.opts["antialias"]
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
        painter.setPen(self.opts["pen"])
        painter.drawLines(*as_array(pixels, QLineF, 0, count))
        painter.restore()

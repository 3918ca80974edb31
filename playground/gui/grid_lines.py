"""The hidden space's carried grid: the input plane's rows and columns, bent by the layers, drawn as polylines.

A PlotCurveItem drew them as one path with a break between lines: pyqtgraph builds a QPainterPath of a couple of
thousand points from its arrays at every frame, which cost more than the stroking itself (the grid was a ninth of
the cost of painting a frame). Here each line is a QPolygonF, kept from frame to frame and overwritten in place,
and drawn with one drawPolyline: Qt strokes the same thin, antialiased lines, joins included (a translucent line
drawn as separate segments would darken every joint)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPen


class GridLines(pg.GraphicsObject):
    def __init__(self, pen: QPen) -> None:
        super().__init__()
        self._pen = QPen(pen)
        self._polygons: list = []  # one QPolygonF per line, reused while the number and length of lines stay
        self._arrays: list[np.ndarray] = []  # each polygon's points as a NumPy view, written in place
        self._shown = 0  # how many of the polygons are drawn (lines with a point that is not a number are not)
        self._rect = QRectF()

    def pen(self) -> QPen:
        return QPen(self._pen)

    def setPen(self, pen: QPen) -> None:
        self._pen = QPen(pen)
        self.update()

    def set_lines(self, lines: np.ndarray) -> None:
        """`lines`: (L, V, 2), L polylines of V points each, in the plot's coordinates. A line with a point that
        is not a finite number (a diverged network) is left out."""
        self.prepareGeometryChange()
        lines = lines[np.isfinite(lines).all(axis=(1, 2))] if len(lines) else lines
        count, length = (lines.shape[0], lines.shape[1]) if lines.ndim == 3 else (0, 0)
        if count > len(self._polygons) or (self._arrays and len(self._arrays[0]) != length):
            self._polygons = [pg.functions.create_qpolygonf(length) for _ in range(count)]
            self._arrays = [pg.functions.ndarray_from_qpolygonf(polygon) for polygon in self._polygons]
        for array, line in zip(self._arrays, lines, strict=False):
            array[:] = line
        self._shown = count
        if count:
            # (x and y each reduced on its own: NumPy reduces an (L, V, 2) array over its first two axes 15 times
            # slower, a seventh of a millisecond a frame for the hidden space's grid)
            xs, ys = lines[..., 0], lines[..., 1]
            left, right, bottom, top = xs.min(), xs.max(), ys.min(), ys.max()
            self._rect = QRectF(float(left), float(bottom), float(right - left), float(top - bottom))
        else:
            self._rect = QRectF()
        self.update()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        """Every drawn point's x and y, line after line (as PlotCurveItem.getData gives them)."""
        if not self._shown:
            return np.zeros(0), np.zeros(0)
        points = np.concatenate(self._arrays[: self._shown])
        return points[:, 0].copy(), points[:, 1].copy()

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter: QPainter, *_args) -> None:
        if not self._shown:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self._pen)
        for polygon in self._polygons[: self._shown]:
            painter.drawPolyline(polygon)

"""A class's marker shape in its colour, as a small icon (the same shapes the boundary view draws)."""

from __future__ import annotations

from functools import cache

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QTransform

from . import theme


@cache
def marker_icon(index: int, colour: str, size: int = 22) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QPen(QColor("#37474f"), 1.0))
    path = pg.graphicsItems.ScatterPlotItem.Symbols[theme.MARKERS[index % len(theme.MARKERS)]]
    scale = size * 0.72
    # pyqtgraph draws symbols in pixel space (y down), so no flip here.
    painter.setTransform(QTransform().translate(size / 2, size / 2).scale(scale, scale))
    pen = QPen(QColor("#37474f"), 1.0 / scale)
    painter.setPen(pen)
    painter.drawPath(path)
    painter.end()
    return QIcon(pixmap)

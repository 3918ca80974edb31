"""A class's marker shape in its colour, as a small icon (the same shapes the boundary view draws)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QTransform

from .marker_paths import symbol
from .symbol_shapes import shape as built_in_shape


@cache
def marker_icon(marker: str, colour: str, size: int = 22) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    shape = symbol(marker)
    path = shape if isinstance(shape, QPainterPath) else built_in_shape(shape)
    scale = size * (0.55 if marker in ("rabbit", "unicorn") else 0.8)
    # pyqtgraph draws symbols in pixel space (y down), so no flip here.
    painter.setTransform(QTransform().translate(size / 2, size / 2).scale(scale, scale))
    painter.setPen(QPen(QColor("#37474f"), 1.0 / scale))
    painter.drawPath(path)
    painter.end()
    return QIcon(pixmap)

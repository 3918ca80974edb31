"""Transport icons drawn with QPainter, so they are crisp at any size and need no image files."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap


def _canvas(size: int) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def _disc(p: QPainter, size: int, colour: str | None) -> None:
    """The round button face behind a symbol, if any."""
    if colour:
        p.setBrush(QColor(colour))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(QRectF(0, 0, size, size))


def play_icon(size: int, colour: str, background: str | None = None) -> QIcon:
    pixmap, p = _canvas(size)
    s = size
    _disc(p, size, background)
    path = QPainterPath(QPointF(0.38 * s, 0.27 * s))
    path.lineTo(0.76 * s, 0.5 * s)
    path.lineTo(0.38 * s, 0.73 * s)
    path.closeSubpath()
    p.fillPath(path, QColor(colour))
    p.end()
    return QIcon(pixmap)


def pause_icon(size: int, colour: str, background: str | None = None) -> QIcon:
    pixmap, p = _canvas(size)
    s = size
    _disc(p, size, background)
    for x in (0.33, 0.56):
        p.fillRect(QRectF(x * s, 0.28 * s, 0.12 * s, 0.44 * s), QColor(colour))
    p.end()
    return QIcon(pixmap)


def step_icon(size: int, colour: str) -> QIcon:
    pixmap, p = _canvas(size)
    s = size
    path = QPainterPath(QPointF(0.22 * s, 0.22 * s))
    path.lineTo(0.62 * s, 0.5 * s)
    path.lineTo(0.22 * s, 0.78 * s)
    path.closeSubpath()
    p.fillPath(path, QColor(colour))
    p.fillRect(QRectF(0.66 * s, 0.22 * s, 0.12 * s, 0.56 * s), QColor(colour))
    p.end()
    return QIcon(pixmap)


def reset_icon(size: int, colour: str) -> QIcon:
    pixmap, p = _canvas(size)
    s = size
    pen = QPen(QColor(colour), 0.1 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
    p.setPen(pen)
    rect = QRectF(0.22 * s, 0.22 * s, 0.56 * s, 0.56 * s)
    p.drawArc(rect, 100 * 16, 290 * 16)  # an almost full circle, open at the top right
    # Arrow head at the arc's start (angle 100 degrees), pointing along the turning direction.
    angle = math.radians(100)
    cx, cy, r = 0.5 * s, 0.5 * s, 0.28 * s
    tip = QPointF(cx + r * math.cos(angle), cy - r * math.sin(angle))
    head = QPainterPath(QPointF(tip.x() + 0.16 * s, tip.y()))
    head.lineTo(tip.x() - 0.02 * s, tip.y() - 0.13 * s)
    head.lineTo(tip.x() - 0.02 * s, tip.y() + 0.13 * s)
    head.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.fillPath(head, QColor(colour))
    p.end()
    return QIcon(pixmap)

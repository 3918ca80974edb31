"""Small pictures of each preset's points, for the preset chooser."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from ..core.presets import PresetSpec, generate


@cache
def preset_icon(name: str, size: int = 48) -> QIcon:
    dataset = generate(PresetSpec(name, points=160, seed=3))
    xmin, xmax, ymin, ymax = dataset.bounds()
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor("#ffffff"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#cfd8dc"), 1))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.setPen(Qt.PenStyle.NoPen)
    radius = max(1.2, size / 40)
    for (x, y), label in zip(dataset.points, dataset.labels, strict=True):
        painter.setBrush(QColor(dataset.class_colours[label]))
        px = 2 + (x - xmin) / (xmax - xmin) * (size - 4)
        py = size - 2 - (y - ymin) / (ymax - ymin) * (size - 4)
        painter.drawEllipse(QPointF(px, py), radius, radius)
    painter.end()
    return QIcon(pixmap)

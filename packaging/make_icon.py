"""Draws assets/icon.png: a plane split by a curved decision boundary, orange points on one side and blue
on the other. Run once with `python packaging/make_icon.py`; the PNG is committed."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

SIZE = 256


def draw() -> QImage:
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    frame = QPainterPath()
    frame.addRoundedRect(QRectF(8, 8, SIZE - 16, SIZE - 16), 44, 44)
    p.setClipPath(frame)
    p.fillRect(0, 0, SIZE, SIZE, QColor("#fbd9b0"))
    blue = QPainterPath(QPointF(0, SIZE))
    blue.lineTo(0, 175)
    blue.cubicTo(70, 120, 110, 230, 165, 150)
    blue.cubicTo(200, 100, 220, 70, SIZE, 40)
    blue.lineTo(SIZE, SIZE)
    blue.closeSubpath()
    p.fillPath(blue, QColor("#a9cde6"))
    p.setPen(QPen(QColor("#263238"), 7))
    boundary = QPainterPath(QPointF(0, 175))
    boundary.cubicTo(70, 120, 110, 230, 165, 150)
    boundary.cubicTo(200, 100, 220, 70, SIZE, 40)
    p.drawPath(boundary)
    p.setPen(QPen(QColor("#ffffff"), 4))
    for x, y, colour in ((60, 70, "#f59322"), (120, 100, "#f59322"), (85, 140, "#f59322"), (165, 60, "#f59322"),
                         (110, 215, "#0877bd"), (180, 195, "#0877bd"), (205, 130, "#0877bd"),
                         (60, 220, "#0877bd")):
        p.setBrush(QColor(colour))
        p.drawEllipse(QPointF(x, y), 17, 17)
    p.setClipping(False)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#183d4e"), 6))
    p.drawRoundedRect(QRectF(8, 8, SIZE - 16, SIZE - 16), 44, 44)
    p.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication(sys.argv)
    out = Path(__file__).resolve().parent.parent / "assets" / "icon.png"
    sys.exit(0 if draw().save(str(out)) else 1)

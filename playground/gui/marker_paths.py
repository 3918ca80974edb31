"""The marker shapes named in core (dataset.MARKERS) as pyqtgraph symbols: its built-in shapes, plus a
rabbit and a unicorn head drawn here (unit-sized paths centred on 0, y pointing down as on screen)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF, QTransform

# The animals have thin parts (ears, horn), so they are drawn larger than the plain shapes to read as well.
_ANIMAL_SCALE = QTransform().scale(1.5, 1.5)


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QRectF(cx - rx, cy - ry, 2 * rx, 2 * ry))
    return path


def _polygon(*points: tuple[float, float]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    path.closeSubpath()
    return path


@cache
def rabbit() -> QPainterPath:
    """A round head with two long ears."""
    head = _ellipse(0.0, 0.15, 0.3, 0.26)
    left_ear = _ellipse(-0.14, -0.2, 0.11, 0.26)
    right_ear = _ellipse(0.14, -0.2, 0.11, 0.26)
    return _ANIMAL_SCALE.map(head.united(left_ear).united(right_ear))


@cache
def unicorn() -> QPainterPath:
    """A round head with a pointed ear and a long horn."""
    head = _ellipse(0.0, 0.15, 0.3, 0.28)
    horn = _polygon((-0.13, -0.06), (0.09, -0.1), (0.2, -0.48))
    ear = _polygon((-0.32, 0.0), (-0.26, -0.3), (-0.1, -0.08))
    return _ANIMAL_SCALE.map(head.united(horn).united(ear))


_BUILT_IN = {"circle": "o", "square": "s", "triangle": "t1", "diamond": "d", "star": "star",
             "pentagon": "p", "hexagon": "h", "cross": "x"}


def symbol(marker: str):
    """What pyqtgraph's `symbol=` takes for this marker name."""
    if marker == "rabbit":
        return rabbit()
    if marker == "unicorn":
        return unicorn()
    return _BUILT_IN.get(marker, "o")


TITLES = {"circle": "Circle", "square": "Square", "triangle": "Triangle", "diamond": "Diamond", "star": "Star",
          "pentagon": "Pentagon", "hexagon": "Hexagon", "cross": "Cross", "rabbit": "Rabbit", "unicorn": "Unicorn"}

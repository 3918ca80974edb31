"""pyqtgraph's built-in marker shapes ("o", "s", "t1", "d", "star", "p", "h", "x") as unit paths centred on 0,
made here without importing pyqtgraph: the class panel's icons are painted in the window's first stage, before
pyqtgraph is loaded (app.py's progressive start). The same coordinates as pyqtgraph's ScatterPlotItem.Symbols
(tests/gui/test_symbol_shapes.py checks that they stay equal)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath, QTransform

_POLYGONS = {
    "t1": [(-0.5, 0.5), (0, -0.5), (0.5, 0.5)],
    "d": [(0.0, -0.5), (-0.4, 0.0), (0, 0.5), (0.4, 0)],
    "+": [(-0.5, -0.1), (-0.5, 0.1), (-0.1, 0.1), (-0.1, 0.5), (0.1, 0.5), (0.1, 0.1), (0.5, 0.1), (0.5, -0.1),
          (0.1, -0.1), (0.1, -0.5), (-0.1, -0.5), (-0.1, -0.1)],
    "p": [(0, -0.5), (-0.4755, -0.1545), (-0.2939, 0.4045), (0.2939, 0.4045), (0.4755, -0.1545)],
    "h": [(0.433, 0.25), (0.0, 0.5), (-0.433, 0.25), (-0.433, -0.25), (0, -0.5), (0.433, -0.25)],
    "star": [(0, -0.5), (-0.1123, -0.1545), (-0.4755, -0.1545), (-0.1816, 0.059), (-0.2939, 0.4045), (0, 0.1910),
             (0.2939, 0.4045), (0.1816, 0.059), (0.4755, -0.1545), (0.1123, -0.1545)],
}
NAMES = ("o", "s", "t1", "d", "star", "p", "h", "x")


@cache
def shape(name: str) -> QPainterPath:
    """The unit path of pyqtgraph's symbol `name` (one of NAMES)."""
    path = QPainterPath()
    if name == "o":
        path.addEllipse(QRectF(-0.5, -0.5, 1, 1))
    elif name == "s":
        path.addRect(QRectF(-0.5, -0.5, 1, 1))
    elif name == "x":
        return QTransform().rotate(45).map(shape("+"))
    else:
        first, *rest = _POLYGONS[name]
        path.moveTo(*first)
        for x, y in rest:
            path.lineTo(x, y)
        path.closeSubpath()
    return path

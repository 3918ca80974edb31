"""The hidden space's grid lines: each row and column of the carried grid drawn as one polyline, where the
frame puts it; a line with a point that is not a number is left out."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from playground.gui.grid_lines import GridLines

from .lone_plot import lone_plot


def _dark_pixels(widget, rows: range, cols: range) -> int:
    image = widget.grab().toImage()
    return sum(1 for y in rows for x in cols if QColor(image.pixel(x, y)).value() < 128)


def test_each_line_is_drawn_where_it_lies_and_only_there(qtbot):
    item = GridLines(pg.mkPen("k", width=1.0))
    widget = lone_plot(qtbot, item, size=220, background="w")
    # a horizontal line at y = 3 and a bent one from (2, 8) through (5, 5) to (8, 8)
    item.set_lines(np.array([[[1.0, 3.0], [5.0, 3.0], [9.0, 3.0]], [[2.0, 8.0], [5.0, 5.0], [8.0, 8.0]]]))

    def pixel(x: float, y: float):
        return widget.mapFromScene(item.mapToScene(pg.Point(x, y))).toTuple()

    def dark_near(x: float, y: float) -> int:
        px, py = pixel(x, y)
        return _dark_pixels(widget, range(py - 2, py + 3), range(px - 2, px + 3))

    assert dark_near(3.0, 3.0) > 0 and dark_near(7.0, 3.0) > 0  # along the first line
    assert dark_near(3.5, 6.5) > 0 and dark_near(6.5, 6.5) > 0  # along both arms of the second
    assert dark_near(5.0, 8.0) == 0 and dark_near(5.0, 1.0) == 0  # nothing between or off the lines
    x, y = item.getData()
    np.testing.assert_allclose(np.c_[x, y], [[1, 3], [5, 3], [9, 3], [2, 8], [5, 5], [8, 8]])
    # new places: the old ones are gone (the polygons are reused)
    item.set_lines(np.array([[[1.0, 6.0], [9.0, 6.0]]]))
    assert dark_near(7.0, 3.0) == 0 and dark_near(5.0, 6.0) > 0
    # a diverged network's line is left out, the others drawn
    item.set_lines(np.array([[[1.0, 2.0], [9.0, 2.0]], [[1.0, 7.0], [np.nan, 7.0]]]))
    assert dark_near(5.0, 2.0) > 0 and dark_near(1.5, 7.0) == 0
    assert item.boundingRect().getRect() == (1.0, 2.0, 8.0, 0.0)
    item.set_lines(np.zeros((0, 0, 2)))
    assert dark_near(5.0, 2.0) == 0 and item.getData()[0].size == 0

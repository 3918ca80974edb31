"""Moving scatter spots in place keeps their styles and is drawn where setData would draw them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from playground.gui.scatter import move_spots


def render(item: pg.ScatterPlotItem, qtbot) -> np.ndarray:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(200, 200)
    widget.addItem(item)
    widget.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    image = widget.grab().toImage()
    return np.array([[image.pixel(x, y) for x in range(0, 200, 3)] for y in range(0, 200, 3)])


def test_moved_spots_keep_their_styles_and_land_where_set_data_puts_them(qtbot):
    before = np.array([[1.0, 1.0], [2.0, 8.0], [5.0, 5.0]])
    after = np.array([[8.0, 2.0], [3.0, 3.0], [6.0, 9.0]])
    styles = {"brush": [pg.mkBrush("r"), pg.mkBrush("b"), pg.mkBrush("g")], "symbol": ["o", "s", "t"], "size": 14}
    moved = pg.ScatterPlotItem(pos=before, **styles)
    assert move_spots(moved, after)
    x, y = moved.getData()
    np.testing.assert_allclose(np.c_[x, y], after)
    assert [moved.points()[i].brush().color().name() for i in range(3)] == ["#ff0000", "#0000ff", "#00ff00"]
    fresh = pg.ScatterPlotItem(pos=after, **styles)
    assert moved.dataBounds(0) == fresh.dataBounds(0) and moved.dataBounds(1) == fresh.dataBounds(1)
    np.testing.assert_array_equal(render(moved, qtbot), render(fresh, qtbot))


def test_a_different_number_of_spots_is_left_to_set_data(qtbot):
    item = pg.ScatterPlotItem(pos=np.zeros((2, 2)))
    assert not move_spots(item, np.ones((3, 2)))
    np.testing.assert_allclose(item.getData()[0], [0.0, 0.0])

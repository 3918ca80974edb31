"""The red rings over the points the network gets wrong, read back from the screen."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from playground.gui import theme
from playground.gui.point_marks import PointMarks

from .conftest import WAIT_MS
from .lone_plot import lone_plot


def red_pixels_around(widget: pg.PlotWidget, point: np.ndarray) -> int:
    """How many pixels within 15 of a point (drawn over 0..10 both ways, 20 pixels a unit) are the mistakes' red."""
    image = widget.grab().toImage()
    red = np.array(pg.mkColor(theme.ERROR).getRgb()[:3])
    cx, cy = round(point[0] * 20), round((10 - point[1]) * 20)
    count = 0
    for y in range(cy - 15, cy + 16):
        for x in range(cx - 15, cx + 16):
            if np.abs(np.array(image.pixelColor(x, y).getRgb()[:3]) - red).sum() < 60:
                count += 1
    return count


def test_rings_over_points_that_stay_put_follow_the_mistakes_on_screen(qtbot):
    """The plane's points stay put while training and only which of them are wrong changes: each change must
    repaint the view (the scene reports it changed) and show the rings of the new mistakes, and only those."""
    widget = lone_plot(qtbot, pg.ScatterPlotItem(), background="w")
    marks = PointMarks(widget.getPlotItem(), widget)
    positions = np.array([[2.0, 2.0], [8.0, 8.0], [2.0, 8.0]], np.float32)
    marks.set_positions(positions)
    for wrong in ([True, False, False], [False, True, True], [True, True, False], [False, False, False]):
        with qtbot.waitSignal(widget.scene().changed, timeout=WAIT_MS):
            marks.show_wrong(np.array(wrong))
        for point, ringed in zip(positions, wrong, strict=True):
            assert (red_pixels_around(widget, point) > 20) == ringed, (wrong, point)

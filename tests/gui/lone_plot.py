"""A plot widget holding one item, without axes, over 0 to 10 both ways: for tests that look at an item's pixels."""

from __future__ import annotations

import pyqtgraph as pg


def lone_plot(qtbot, item, size: int = 200, background="k") -> pg.PlotWidget:
    widget = pg.PlotWidget(background=background)
    qtbot.addWidget(widget)
    widget.resize(size, size)
    widget.hideAxis("left")
    widget.hideAxis("bottom")
    widget.addItem(item)
    widget.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    widget.show()
    qtbot.waitExposed(widget)
    return widget

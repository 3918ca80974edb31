"""The plots' axes are painted from a cached picture: a new frame of what lies under them (the map, the points)
does not lay out and draw their ticks and labels again, which was the largest part of painting a frame."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from playground.gui.plot_axes import style_axes


class CountingAxis(pg.AxisItem):
    """pyqtgraph's axis, counting the times it is drawn."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.paints = 0

    def paint(self, *args) -> None:
        self.paints += 1
        super().paint(*args)


def _plot_with_a_map(qtbot, styled: bool):
    axes = {side: CountingAxis(side) for side in ("left", "bottom", "top", "right")}
    widget = pg.PlotWidget(axisItems=axes)
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    if styled:
        style_axes(plot, widget.font().family(), 11.0)
    plot.showAxes(True)
    image = pg.ImageItem(np.zeros((50, 50), np.float32))
    plot.addItem(image)
    plot.setRange(xRange=(0, 50), yRange=(0, 50), padding=0)
    widget.resize(400, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.grab()
    return widget, image, axes


@pytest.mark.parametrize("styled", [True, False])
def test_a_new_frame_under_the_axes_does_not_draw_them_again(qtbot, styled):
    widget, image, axes = _plot_with_a_map(qtbot, styled)
    assert all(axis.paints >= 1 for axis in axes.values())  # all four drawn when shown
    before = {side: axis.paints for side, axis in axes.items()}
    rng = np.random.default_rng(1)
    for _ in range(5):
        image.setImage(rng.random((50, 50)).astype(np.float32), autoLevels=False, levels=(0, 1))
        widget.grab()
    drawn_again = sum(axis.paints - before[side] for side, axis in axes.items())
    if styled:
        assert drawn_again == 0  # the cached pictures were used
    else:  # pyqtgraph's own: every frame draws the axes again (what the cache saves)
        assert drawn_again >= 5
    # The range moving is the axes' own change: then they are drawn again.
    before = axes["bottom"].paints
    widget.getPlotItem().setXRange(0, 25, padding=0)
    widget.grab()
    assert axes["bottom"].paints > before

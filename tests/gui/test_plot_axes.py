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


class TextAxis(pg.AxisItem):
    """pyqtgraph's axis, keeping the tick labels it last drew."""

    def drawPicture(self, p, axis_spec, tick_specs, text_specs) -> None:
        self.texts = [text for _rect, _flags, text in text_specs]
        super().drawPicture(p, axis_spec, tick_specs, text_specs)


def test_restyling_a_small_range_keeps_its_ticks_in_its_own_numbers(qtbot):
    """Styled again (a zoom, the presentation) while the range is under 1 and the axis has a title, the ticks still
    read 0.1, 0.2 ... and not 100, 200 (pyqtgraph then worked out a milli- prefix it never showed, and kept it
    for every range after, so a range of -5 to 5 read -5000 to 5000)."""
    from playground.gui.display import Display

    axis = TextAxis("bottom")
    widget = pg.PlotWidget(axisItems={"bottom": axis})
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    style_axes(plot, widget.font().family(), 11.0)
    plot.setLabel("bottom", "toward the output")
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    plot.setXRange(-0.25, 0.25, padding=0)
    style_axes(plot, widget.font().family(), 11.0, Display())  # e.g. the presentation's zoom
    widget.grab()
    assert "0.2" in axis.texts and "200" not in axis.texts
    plot.setXRange(-5.0, 5.0, padding=0)
    widget.grab()
    assert "4" in axis.texts and "4000" not in axis.texts

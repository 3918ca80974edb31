"""QuickAxis draws what pyqtgraph's AxisItem draws: the same ticks, the same labels in the same places, the same
pixels, for ranges of every size and both orientations, as the range moves."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage, QPainter, QPicture

from playground.gui.plot_axes import style_axes
from playground.gui.quick_axis import QuickAxis

RANGES = [(-1.0, 1.0), (-0.995, 1.078), (-0.431, 0.429), (-13.7, 42.1), (0.0012, 0.0049), (-250.0, 3.5),
          (1e5, 1.0004e5), (-2.0, -1.99)]


@pytest.fixture
def plots(qtbot):
    """Two plots of the same size, one with pyqtgraph's axes, one with QuickAxis, styled as the views' are."""
    made = []
    for kind in (pg.AxisItem, QuickAxis):
        widget = pg.GraphicsLayoutWidget()
        qtbot.addWidget(widget)
        widget.resize(360, 330)
        plot = widget.ci.addPlot(axisItems={side: kind(side) for side in ("left", "bottom")})
        plot.getViewBox().setAspectLocked(True)
        style_axes(plot, widget.font().family(), 10)
        widget.show()
        qtbot.waitExposed(widget)
        made.append((widget, plot))
    yield [plot for _widget, plot in made]  # (the widgets kept alive: pytest-qt holds weak references)


def specs(axis) -> tuple:
    """The axis's line, its ticks as (alpha, x1, y1, x2, y2) in drawing order, and its labels."""
    picture = QPicture()
    painter = QPainter(picture)
    drawn = axis.generateDrawSpecs(painter)
    painter.end()
    (_pen, start, end), ticks, texts = drawn
    if isinstance(axis, QuickAxis):
        ticks = [(p, line.p1(), line.p2()) for p, lines in ticks for line in lines]
    tick_rows = [(p.color().alpha(), a.x(), a.y(), b.x(), b.y()) for p, a, b in ticks]
    text_rows = [(r.x(), r.y(), r.width(), r.height(), int(flags), text) for r, flags, text in texts]
    return (start.x(), start.y(), end.x(), end.y()), tick_rows, text_rows


def pixels(axis) -> np.ndarray:
    """The axis painted afresh (its kept picture thrown away)."""
    axis.picture = None
    return _painted(axis)


@pytest.mark.parametrize("side", ["left", "bottom"])
def test_quick_axes_draw_what_pyqtgraphs_draw(qtbot, plots, side):
    for low, high in RANGES:
        for plot in plots:
            plot.getViewBox().setRange(xRange=(low, high), yRange=(low, high), padding=0)
        qtbot.wait(1)  # (the axes' sizes follow their labels)
        slow, quick = (plot.getAxis(side) for plot in plots)
        assert slow.range == quick.range and slow.geometry() == quick.geometry()
        size = 300.0
        assert quick.tickValues(low, high, size) == slow.tickValues(low, high, size)
        wanted, got = specs(slow), specs(quick)
        assert got[0] == wanted[0]
        assert got[1] == wanted[1] and len(got[1]) > 5, (low, high)
        assert got[2] == wanted[2] and got[2], (low, high)
        assert (slow.textWidth, slow.textHeight) == (quick.textWidth, quick.textHeight)
        assert np.array_equal(pixels(quick), pixels(slow)), (low, high)


def _painted(axis) -> np.ndarray:
    """The axis as painted now, with what it kept from its last painting (no picture thrown away by hand)."""
    image = QImage(400, 400, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    axis.paint(painter, None, None)
    painter.end()
    return np.array(image.constBits(), np.uint8).copy()


@pytest.mark.parametrize("side", ["left", "bottom"])
def test_a_kept_drawing_follows_the_range_and_the_style(qtbot, plots, side):
    """QuickAxis keeps what it drew until the axis changes: a new range, or a new pen, is drawn at once."""
    slow, quick = (plot.getAxis(side) for plot in plots)
    for low, high in RANGES[:4]:
        for plot in plots:
            plot.getViewBox().setRange(xRange=(low, high), yRange=(low, high), padding=0)
        qtbot.wait(1)
        assert np.array_equal(_painted(quick), _painted(slow)), (low, high)
        assert np.array_equal(_painted(quick), _painted(slow)), (low, high)  # drawn again from what was kept
    for axis in (slow, quick):
        axis.setTickPen(pg.mkPen("#c00000", width=2))
    assert np.array_equal(_painted(quick), _painted(slow))


@pytest.mark.parametrize("side", ["left", "bottom"])
def test_ticks_kept_while_the_range_eases_are_pyqtgraphs(qtbot, plots, side):
    """As the range eases a little each frame, QuickAxis keeps its ticks and labels until a tick comes in or
    goes out: at every step they are what pyqtgraph works out afresh."""
    slow, quick = (plot.getAxis(side) for plot in plots)
    kept = 0
    for step in range(40):
        low, high = -1.0 + 0.013 * step, 1.0 + 0.009 * step
        before = quick._ticks
        for plot in plots:
            plot.getViewBox().setRange(xRange=(low, high), yRange=(low, high), padding=0)
        qtbot.wait(1)
        assert specs(quick) == specs(slow), step
        kept += quick._ticks is before
        assert np.array_equal(_painted(quick), _painted(slow)), step
    assert 5 < kept < 40  # (kept on most steps, worked out again on some)

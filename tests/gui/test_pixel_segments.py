"""The decision line's segments, mapped to pixels before they are drawn, look as pyqtgraph's own item draws them:
on the screen, in a plot scaled differently along each axis, and in an exported image at twice the size."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from playground.core.contour import zero_crossings
from playground.gui import theme
from playground.gui.pixel_segments import PixelSegments
from playground.gui.view_images import render_widget

XS, YS = np.linspace(-3.0, 5.0, 41), np.linspace(-1.0, 2.0, 31)


def ellipse_segments() -> np.ndarray:
    """An ellipse's contour on a grid of another pitch along each axis: (M, 2, 2) segments, as a map's."""
    field = ((XS[None, :] - 1.0) / 3.0) ** 2 + ((YS[:, None] - 0.5) / 1.2) ** 2 - 1.0
    return zero_crossings(field, XS, YS)


def plot_of(qtbot, item, segments: np.ndarray) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    qtbot.addWidget(plot)
    plot.resize(320, 260)
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    plot.addItem(item)
    plot.setRange(xRange=(-3.0, 5.0), yRange=(-1.0, 2.0), padding=0)
    flat = segments.reshape(-1, 2)
    item.setData(flat[:, 0], flat[:, 1])
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def pixels(image) -> np.ndarray:
    image = image.convertToFormat(image.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)[..., :3].astype(int)


def pyqtgraphs_own() -> pg.PlotCurveItem:
    item = pg.PlotCurveItem(connect="pairs", pen=theme.boundary_pen(2.2))
    item.setSegmentedLineMode("on")
    return item


@pytest.mark.parametrize("export", [False, True])
def test_the_segments_look_as_pyqtgraph_draws_them(qtbot, export):
    segments = ellipse_segments()
    assert len(segments) > 60

    def picture(item, drawn=segments):
        plot = plot_of(qtbot, item, drawn)
        if export:
            return pixels(render_widget(plot, 2.0))
        return pixels(plot.grab().toImage())

    ours, theirs = picture(PixelSegments(theme.boundary_pen(2.2))), picture(pyqtgraphs_own())
    blank = picture(PixelSegments(theme.boundary_pen(2.2)), segments[:0])
    inked = np.abs(theirs - blank).max(axis=2) > 64
    assert inked.sum() > (600 if export else 300)  # (the line is drawn, all around)
    assert (np.abs(ours - blank).max(axis=2) > 64).sum() == pytest.approx(inked.sum(), rel=0.03)
    difference = np.abs(ours - theirs).max(axis=2)
    assert difference.mean() < 0.5 and np.percentile(difference[inked], 95) <= 24


def test_a_segment_with_a_point_that_is_not_a_number_is_left_out(qtbot):
    segments = ellipse_segments()
    broken = segments.copy()
    broken[::7, 1, 0] = np.nan
    ours = pixels(plot_of(qtbot, PixelSegments(theme.boundary_pen(2.2)), broken).grab().toImage())
    kept = pixels(plot_of(qtbot, PixelSegments(theme.boundary_pen(2.2)), np.delete(segments, np.s_[::7], axis=0))
                  .grab().toImage())
    assert np.array_equal(ours, kept)

"""Lines mapped to pixels before they are drawn look as pyqtgraph's own items draw them: the decision line's
segments and the chart's curves (solid or dashed, with gaps), on the screen, in a plot scaled differently along
each axis, and in an exported image at twice the size."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from playground.core.contour import zero_crossings
from playground.gui import theme
from playground.gui.pixel_lines import PixelCurve, PixelSegments, dash_pieces
from playground.gui.view_images import render_widget

XS, YS = np.linspace(-3.0, 5.0, 41), np.linspace(-1.0, 2.0, 31)


def ellipse_segments() -> np.ndarray:
    """An ellipse's contour on a grid of another pitch along each axis: (M, 2, 2) segments, as a map's."""
    field = ((XS[None, :] - 1.0) / 3.0) ** 2 + ((YS[:, None] - 0.5) / 1.2) ** 2 - 1.0
    return zero_crossings(field, XS, YS)


class OnePlot:
    """One plot, its range fixed and its layout settled, that draws one item at a time: pictures of different
    items are then made at the very same scale and place."""

    def __init__(self, qtbot) -> None:
        self.plot = plot = pg.PlotWidget(background="w")
        qtbot.addWidget(plot)
        plot.resize(320, 260)
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        plot.setRange(xRange=(-3.0, 5.0), yRange=(-1.0, 2.0), padding=0)
        plot.show()
        qtbot.waitExposed(plot)
        plot.grab()  # (laid out)
        self._shown = None

    def picture(self, item, x: np.ndarray, y: np.ndarray, scale: float | None = None) -> np.ndarray:
        """The plot with `item` alone, holding x, y; at `scale`, as an exported image is drawn."""
        if self._shown is not None:
            self.plot.removeItem(self._shown)
        self.plot.addItem(item)
        self._shown = item
        item.setData(x, y)
        image = render_widget(self.plot, scale) if scale is not None else self.plot.grab().toImage()
        return pixels(image)

    def segments(self, item, segments: np.ndarray, scale: float | None = None) -> np.ndarray:
        flat = segments.reshape(-1, 2)
        return self.picture(item, flat[:, 0], flat[:, 1], scale)


def pixels(image) -> np.ndarray:
    image = image.convertToFormat(image.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)[..., :3].astype(int)


def pyqtgraphs_own() -> pg.PlotCurveItem:
    item = pg.PlotCurveItem(connect="pairs", pen=theme.boundary_pen(2.2), antialias=True)
    item.setSegmentedLineMode("on")
    return item


@pytest.mark.parametrize("export", [False, True])
def test_the_segments_look_as_pyqtgraph_draws_them(qtbot, export):
    segments = ellipse_segments()
    assert len(segments) > 60

    plot, scale = OnePlot(qtbot), 2.0 if export else None
    ours = plot.segments(PixelSegments(theme.boundary_pen(2.2), antialias=True), segments, scale)
    theirs = plot.segments(pyqtgraphs_own(), segments, scale)
    blank = plot.segments(PixelSegments(theme.boundary_pen(2.2), antialias=True), segments[:0], scale)
    inked = np.abs(theirs - blank).max(axis=2) > 64
    assert inked.sum() > (600 if export else 300)  # (the line is drawn, all around)
    same_look(ours, theirs, blank, 0.9)


def same_look(ours: np.ndarray, theirs: np.ndarray, blank: np.ndarray, overlap: float) -> None:
    """About as much ink (Qt's fast path antialiases a little differently, and segments' ends overlap at the
    joints), on the same pixels (at least `overlap` of Qt's), none further than a pixel from Qt's."""
    ink, their_ink = (np.abs(picture - blank).sum() for picture in (ours, theirs))
    assert their_ink > 0 and 0.8 * their_ink <= ink <= 1.25 * their_ink
    inked = np.abs(theirs - blank).max(axis=2) > 96
    ours_inked = np.abs(ours - blank).max(axis=2) > 96
    assert (inked & ours_inked).sum() >= overlap * inked.sum()
    near = inked.copy()
    for shift in (1, -1):
        near |= np.roll(inked, shift, axis=0) | np.roll(inked, shift, axis=1)
    assert not (ours_inked & ~near).any()


def test_a_segment_with_a_point_that_is_not_a_number_is_left_out(qtbot):
    segments = ellipse_segments()
    broken = segments.copy()
    broken[::7, 1, 0] = np.nan
    plot = OnePlot(qtbot)
    ours = plot.segments(PixelSegments(theme.boundary_pen(2.2), antialias=True), broken)
    kept = plot.segments(PixelSegments(theme.boundary_pen(2.2), antialias=True),
                         np.delete(segments, np.s_[::7], axis=0))
    assert np.array_equal(ours, kept)


def wavy_curve() -> tuple[np.ndarray, np.ndarray]:
    """A falling, wavy curve with a gap (a value that is not a number), as a loss curve can be."""
    x = np.linspace(-3.0, 5.0, 300)
    y = 1.5 * np.exp(-(x + 3.0) / 3.0) - 0.8 + 0.25 * np.sin(3.0 * x)
    y[120:126] = np.nan
    return x, y


@pytest.mark.parametrize("style", [Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine])
def test_a_curve_looks_as_pyqtgraph_draws_it(qtbot, style):
    x, y = wavy_curve()
    pen = pg.mkPen("#0877bd", width=2, style=style)
    plot = OnePlot(qtbot)
    ours = plot.picture(PixelCurve(pen, antialias=True), x, y)
    theirs = plot.picture(pg.PlotCurveItem(pen=pen, antialias=True, connect="finite"), x, y)
    blank = plot.picture(PixelCurve(pen, antialias=True), x[:0], y[:0])
    # (dashed: the dashes fall where Qt's do, within a pixel or two along the curve)
    same_look(ours, theirs, blank, 0.97 if style == Qt.PenStyle.SolidLine else 0.75)
    inked = np.abs(theirs - blank).max(axis=2) > 96
    ours_inked = np.abs(ours - blank).max(axis=2) > 96
    # The gap is left open: no ink over it (the view is 8 units wide, 320 pixels).
    gap = (x[119] + 0.1, x[126] - 0.1)
    columns = slice(int((gap[0] + 3.0) * 40) + 2, int((gap[1] + 3.0) * 40) - 1)
    assert not ours_inked[:, columns].any() and not inked[:, columns].any()


def test_a_straight_dashed_line_has_dashes_four_widths_long_and_gaps_two():
    """Qt's dash pattern (in pen widths: 4 on, 2 off), from the line's start; a square cap adds half a width at
    each end of a dash, so each piece is drawn that much shorter."""
    points = np.array([[0.0, 10.0], [7.0, 10.0], [30.0, 10.0], [61.0, 10.0]])  # (vertices inside the dashes too)
    width = 2.0
    pieces = dash_pieces(points, [4 * width, 2 * width], width / 2)
    starts, ends = pieces[:, 0], pieces[:, 2]
    assert (pieces[:, 1] == 10.0).all() and (pieces[:, 3] == 10.0).all() and (ends > starts).all()
    # the pieces, joined where they meet at a vertex, are the dashes less their caps
    dashes = []
    for start, end in zip(starts, ends, strict=True):
        if dashes and start == dashes[-1][1]:
            dashes[-1][1] = end
        else:
            dashes.append([start, end])
    expected = [[12.0 * k + 1.0, min(12.0 * k + 7.0, 61.0)] for k in range(6) if 12.0 * k + 1.0 < 61.0]
    assert np.allclose(dashes, expected)


def test_a_failure_while_mapping_draws_the_curve_the_slow_way(qtbot, monkeypatch, caplog):
    """An exception out of a paint would end the app: the curve is drawn pyqtgraph's way instead, and logged."""
    x, y = wavy_curve()
    pen = pg.mkPen("#0877bd", width=2)
    plot = OnePlot(qtbot)
    theirs = plot.picture(pg.PlotCurveItem(pen=pen, antialias=True, connect="finite"), x, y)

    def fail(*_args):
        raise ValueError("a bad mapping")

    monkeypatch.setattr(PixelCurve, "_segments", fail)
    with caplog.at_level("ERROR"):
        ours = plot.picture(PixelCurve(pen, antialias=True), x, y)
    assert np.array_equal(ours, theirs)
    assert "a bad mapping" in caplog.text


@pytest.mark.parametrize("kind", [PixelSegments, PixelCurve])
@pytest.mark.parametrize("gap", [None, np.nan, np.inf])
def test_the_bounds_are_pyqtgraphs(qtbot, monkeypatch, kind, gap):
    """The bounds (what the plot's range and the item's bounding rectangle come from) are pyqtgraph's own: the
    data's smallest and largest values, whatever is not a number left out, for a curve or segments. Finite data
    takes the plain min and max; only data with a point that is not a finite number goes pyqtgraph's way."""
    x = np.array([0.5, -2.0, 3.25, 1.0, 0.0, 7.5], np.float32)
    y = np.array([4.0, 1.5, -0.75, 2.0, 9.0, -3.0], np.float32)
    if gap is not None:
        x[4], y[1] = gap, -gap
    item = kind(theme.boundary_pen(2.0))
    plain = pg.PlotCurveItem(pen=theme.boundary_pen(2.0))
    for curve in (item, plain):
        curve.setData(x, y, connect=kind.CONNECT)
    theirs = pg.PlotCurveItem.dataBounds
    slow = []

    def counted(self, *args, **kwargs):
        if self is item:
            slow.append(args)
        return theirs(self, *args, **kwargs)

    monkeypatch.setattr(pg.PlotCurveItem, "dataBounds", counted)
    bounds = [item.dataBounds(ax) for ax in (0, 1)]
    assert (len(slow) > 0) == (gap is not None)
    for ax in (0, 1):
        assert bounds[ax] == plain.dataBounds(ax)
        assert item.dataBounds(ax) == bounds[ax]  # (the kept answer the same)
    assert item.dataBounds(0)[0] == pytest.approx(float(np.min(x[np.isfinite(x)])))
    assert item.dataBounds(1)[1] == pytest.approx(float(np.max(y[np.isfinite(y)])))
    item.setData(x[:3] * 2, y[:3] * 2, connect=kind.CONNECT)  # new points: new bounds
    assert item.dataBounds(0) == (float(np.nanmin(x[:3] * 2)), float(np.nanmax(x[:3] * 2)))

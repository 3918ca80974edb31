"""Lines drawn in the screen's own pixels: a contour's separate segments (the decision line) and a plot's curves
(the loss chart's), as Qt's raster painter draws them quickly.

Qt has a fast path for antialiased wide line segments with flat or square caps, but only where the painter does
not scale; through a plot's scaling from data units to pixels it strokes each segment as a general path, and a
polyline (with its joins) or a dashed line always goes that way:
- a trained spiral's decision line, 1,000-1,300 short segments, cost 2.3 ms a frame, against 0.8 ms;
- the loss chart's four curves of a few hundred points each, the test ones dashed, cost 6-7 ms a redraw a minute
  into a run.
So the points are mapped to pixels here, in NumPy, a curve is cut into its segments (and a dashed one into its
dashes' pieces), and all are drawn with no transform in one drawLines call. The pens are cosmetic ones (their
width is in pixels either way) with square caps: at each joint the segments' ends overlap, as a joined line's
would, so the picture is the same."""

from __future__ import annotations

import logging
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, Qt
from PySide6.QtGui import QPainter, QPen

from .qt_arrays import as_array

log = logging.getLogger("playground.window")
DRAWN_CAPS = (Qt.PenCapStyle.SquareCap, Qt.PenCapStyle.FlatCap)  # (Qt's fast path)


def dash_pieces(points: np.ndarray, on_off: list[float], trim: float) -> np.ndarray:
    """The pieces of the polyline `points` (n, 2) that the dash pattern `on_off` (lengths in pixels: on, off,
    on, off ...) leaves drawn, from its start, as (k, 4) segments; each dash is `trim` shorter at both ends (a
    square cap of half the pen's width then brings it back to its length)."""
    steps = np.hypot(*np.diff(points, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    total, period = along[-1], float(sum(on_off))
    if total <= 0 or period <= 0:
        return np.zeros((0, 4))
    offsets = np.concatenate([[0.0], np.cumsum(on_off)])
    periods = np.arange(math.ceil(total / period) + 1)[:, None] * period
    starts = (periods + offsets[0:-1:2]).ravel() + trim
    ends = np.minimum((periods + offsets[1::2]).ravel() - trim, total)
    kept = (ends > starts) & (starts < total)
    starts, ends = starts[kept], ends[kept]
    if not len(starts):
        return np.zeros((0, 4))
    cuts = np.union1d(along, np.concatenate([starts, ends]))
    middles = 0.5 * (cuts[:-1] + cuts[1:])
    dash = np.searchsorted(starts, middles, side="right") - 1
    inside = (dash >= 0) & (middles < ends[np.maximum(dash, 0)])
    xs, ys = np.interp(cuts, along, points[:, 0]), np.interp(cuts, along, points[:, 1])
    return np.stack([xs[:-1], ys[:-1], xs[1:], ys[1:]], axis=1)[inside]


class _PixelLines(pg.PlotCurveItem):
    """A pg.PlotCurveItem whose lines are mapped to pixels and drawn in one call (see the module's text). Anything
    else pyqtgraph's item can do (a fill, a shadow, a pen in data units or with round caps, a perspective) is
    drawn its way."""

    CONNECT = ""
    STYLES: tuple[Qt.PenStyle, ...] = (Qt.PenStyle.SolidLine,)

    def __init__(self, pen, **kwargs) -> None:
        super().__init__(connect=self.CONNECT, pen=pen, **kwargs)

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N803 (pyqtgraph's name)
        """pyqtgraph's bounds, with plain min and max where every value is a number and the pens are cosmetic (its
        nanmin and nanmax under a guard against warnings took two thirds of working out the bounding rectangle,
        which a curve whose points change every frame does every frame); anything else pyqtgraph's way."""
        opts, data, pen = self.opts, self.xData if ax == 0 else self.yData, self.opts["pen"]
        if frac >= 1.0 and orthoRange is None and self._boundsCache[ax] is None and data is not None and \
                len(data) and pen is not None and pen.isCosmetic() and opts["shadowPen"] is None and \
                opts["fillLevel"] is None:
            low, high = float(data.min()), float(data.max())
            if math.isfinite(low) and math.isfinite(high):
                self._boundsCache[ax] = [(frac, orthoRange), (low, high)]
                return low, high
        return super().dataBounds(ax, frac, orthoRange)

    def _mappable(self, painter: QPainter) -> bool:
        opts = self.opts
        pen = opts["pen"]
        return opts["connect"] == self.CONNECT and pen.isCosmetic() and pen.style() in self.STYLES and \
            pen.capStyle() in DRAWN_CAPS and opts["shadowPen"] is None and opts["fillLevel"] is None and \
            opts["brush"] is None and painter.transform().isAffine()

    def _segments(self, across: np.ndarray, down: np.ndarray, pen: QPen) -> np.ndarray:
        """The segments to draw, (k, 4) C-contiguous float64 (x1, y1, x2, y2), from the points in pixels."""
        raise NotImplementedError

    def paint(self, painter: QPainter, option, widget) -> None:
        x, y = self.xData, self.yData
        if x is None or len(x) < 2 or not self._mappable(painter):
            super().paint(painter, option, widget)
            return
        try:
            self._paint_in_pixels(painter, x, y)
        except Exception:  # (an exception out of a paint ends the app: drawn pyqtgraph's way instead)
            log.exception("lines drawn the slow way")
            super().paint(painter, option, widget)

    def _paint_in_pixels(self, painter: QPainter, x: np.ndarray, y: np.ndarray) -> None:
        t = painter.transform()
        pen = self.opts["pen"]
        segments = self._segments(t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy(), pen)
        if not len(segments):
            return
        export = self._exportOpts
        antialias = export.get("antialias", True) if export is not False else self.opts["antialias"]
        drawn = QPen(pen)
        drawn.setStyle(Qt.PenStyle.SolidLine)  # (a dashed curve's dashes are its segments)
        painter.save()
        try:
            painter.resetTransform()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
            painter.setPen(drawn)
            painter.drawLines(*as_array(segments, QLineF))
        finally:
            painter.restore()


class PixelSegments(_PixelLines):
    """Separate segments, each from a pair of points (pyqtgraph's connect="pairs"); a segment with a point that
    is not a number is left out."""

    CONNECT = "pairs"

    def __init__(self, pen, **kwargs) -> None:
        super().__init__(pen, **kwargs)
        self.setSegmentedLineMode("on")  # (where pyqtgraph draws them its way: one drawLines call)

    def _segments(self, across: np.ndarray, down: np.ndarray, pen: QPen) -> np.ndarray:
        count = len(across) // 2
        segments = np.empty((count, 4))
        segments[:, 0], segments[:, 2] = across[0 : 2 * count : 2], across[1 : 2 * count : 2]
        segments[:, 1], segments[:, 3] = down[0 : 2 * count : 2], down[1 : 2 * count : 2]
        shown = np.isfinite(segments).all(axis=1)
        return segments if shown.all() else np.ascontiguousarray(segments[shown])


class PixelCurve(_PixelLines):
    """A curve through its points in order, broken where a point is not a number (pyqtgraph's
    connect="finite"), solid or dashed."""

    CONNECT = "finite"
    STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine)

    def _segments(self, across: np.ndarray, down: np.ndarray, pen: QPen) -> np.ndarray:
        points = np.stack([across, down], axis=1)
        finite = np.isfinite(points).all(axis=1)
        if pen.style() == Qt.PenStyle.SolidLine:
            joined = finite[:-1] & finite[1:]
            segments = np.concatenate([points[:-1], points[1:]], axis=1)
            return segments if joined.all() else np.ascontiguousarray(segments[joined])
        width = max(pen.widthF(), 1.0)
        on_off = [length * width for length in pen.dashPattern()]
        # Each unbroken run on its own, its dashes from its start (as Qt dashes each piece of a broken path).
        edges = np.flatnonzero(np.diff(np.concatenate([[0], finite.view(np.int8), [0]])))
        trim = width / 2 if pen.capStyle() == Qt.PenCapStyle.SquareCap else 0.0
        pieces = [dash_pieces(points[start:stop], on_off, trim)
                  for start, stop in zip(edges[0::2], edges[1::2], strict=True) if stop - start > 1]
        return np.ascontiguousarray(np.concatenate(pieces)) if pieces else np.zeros((0, 4))

"""Arrows on points, for the backprop force field: one line and a two-stroke head per arrow, all in one curve
item (pairs of vertices), so thousands cost one draw call. Lengths are scaled for legibility: the typical
(90th percentile) arrow is a fixed share of the view, longer ones at most a few times that; the directions and
the ratios of lengths below that cap are the real ones."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

TYPICAL_SHARE = 0.06  # of the view's diagonal: the 90th-percentile arrow's drawn length
LONGEST = 2.5  # times the typical length: the longest an arrow is drawn
HEAD_SHARE, HEAD_MAX = 0.35, 7.0  # a head's length: this share of its arrow, at most this many pixels
HEAD_ANGLE = np.radians(28)
MAX_ARROWS = 1500  # more points than this: every k-th point gets an arrow
COLOUR = (38, 50, 56, 200)


def arrow_segments(points: np.ndarray, arrows: np.ndarray, pixel: tuple[float, float],
                   view_diagonal_px: float) -> np.ndarray:
    """(M * 6, 2) vertices, in pairs, of each arrow's shaft and two head strokes, in data coordinates. `pixel`:
    the size of one screen pixel in data units along x and y (heads and lengths are worked out on the screen,
    so they look right whatever the view's aspect)."""
    keep = np.isfinite(arrows).all(axis=1) & np.isfinite(points).all(axis=1)
    index = np.flatnonzero(keep)
    if len(index) > MAX_ARROWS:
        index = index[:: int(np.ceil(len(index) / MAX_ARROWS))]
    if not len(index):
        return np.zeros((0, 2))
    px, py = pixel
    start = points[index].astype(np.float64)
    vector = arrows[index].astype(np.float64) / (px, py)  # in pixels, y up
    length = np.linalg.norm(vector, axis=1)
    typical = np.percentile(length, 90)
    if typical <= 0:
        return np.zeros((0, 2))
    drawn = np.minimum(length * (TYPICAL_SHARE * view_diagonal_px / typical), LONGEST * TYPICAL_SHARE *
                       view_diagonal_px)
    visible = drawn >= 1.0  # shorter than a pixel: a point training no longer pushes
    start, vector, length, drawn = start[visible], vector[visible], length[visible], drawn[visible]
    direction = vector / length[:, None]
    tip_px = direction * drawn[:, None]
    head = np.minimum(drawn * HEAD_SHARE, HEAD_MAX)[:, None]
    cos, sin = np.cos(HEAD_ANGLE), np.sin(HEAD_ANGLE)
    back = -direction
    left = np.c_[back[:, 0] * cos - back[:, 1] * sin, back[:, 0] * sin + back[:, 1] * cos] * head
    right = np.c_[back[:, 0] * cos + back[:, 1] * sin, -back[:, 0] * sin + back[:, 1] * cos] * head
    scale = np.array([px, py])
    tip = start + tip_px * scale
    pairs = np.stack([start, tip, tip, tip + left * scale, tip, tip + right * scale], axis=1)
    return pairs.reshape(-1, 2)


class PushArrowsItem(pg.PlotCurveItem):
    """The arrows of one view; `show_arrows` with the points and their arrows in the view's coordinates, or
    None to hide them."""

    def __init__(self, plot: pg.PlotItem, z: float) -> None:
        super().__init__(pen=pg.mkPen(COLOUR, width=1.3), antialias=True)
        self._plot = plot
        self.setZValue(z)  # over the points, under the captions
        plot.addItem(self)

    def show_arrows(self, points: np.ndarray | None, arrows: np.ndarray | None) -> None:
        view_box = self._plot.getViewBox()
        width, height = view_box.width(), view_box.height()
        (x0, x1), (y0, y1) = view_box.viewRange()
        if points is None or arrows is None or width <= 0 or height <= 0 or len(points) != len(arrows):
            if self.xData is None or len(self.xData):  # (emptied once, not every frame: setData tells the view)
                self.setData([], [])
            self.setVisible(False)
            return
        pixel = ((x1 - x0) / width, (y1 - y0) / height)
        vertices = arrow_segments(points, arrows, pixel, float(np.hypot(width, height)))
        self.setData(vertices[:, 0], vertices[:, 1], connect="pairs")
        self.setVisible(len(vertices) > 0)

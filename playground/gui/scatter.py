"""Moving a scatter plot's spots without styling them again, and drawing very many points as one image.

`ScatterPlotItem.setData` rebuilds every spot, and with a brush, pen and symbol per point that costs about
1.5 ms for 500 points, every frame. When only the positions change (the hidden space while training), the
spots' x and y are written in place instead; the item's cached bounds and picture are dropped, as setData does.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem


class SteadyScatter(pg.ScatterPlotItem):
    """A ScatterPlotItem whose bounding rectangle is kept until its points, their sizes or the view change.

    pyqtgraph works it out at every call (the data's bounds, then the size of a pixel through the item's chain of
    transforms), and Qt asks for it a dozen times a frame while the map beneath repaints. Every change that moves
    it replaces the item's `bounds` list (setData, new sizes, the view's transform, move_spots), so the rectangle
    is kept with the list it was worked out from."""

    _kept_rect: tuple[list, QRectF] | None = None

    def boundingRect(self) -> QRectF:
        kept = self._kept_rect
        if kept is not None and kept[0] is self.bounds:
            return QRectF(kept[1])
        rect = super().boundingRect()
        self._kept_rect = (self.bounds, QRectF(rect))
        return rect

    def setExportMode(self, *args, **kwargs):
        self._kept_rect = None  # (an export draws at its own scale)
        return super().setExportMode(*args, **kwargs)

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N803 (pyqtgraph's name)
        """pyqtgraph's bounds, with plain min and max (its nanmin and nanmax copy the data to skip what is not a
        number: twice the time) unless the data holds such points."""
        data = self.data
        if frac >= 1.0 and orthoRange is None and self.bounds[ax] is None and data is not None and len(data):
            values = data["x" if ax == 0 else "y"]
            low, high = values.min(), values.max()
            if not (np.isnan(low) or np.isnan(high)):
                pad = self._maxSpotWidth * 0.7072
                self.bounds[ax] = (low - pad, high + pad)
                return self.bounds[ax]
        return super().dataBounds(ax, frac, orthoRange)

    def paint(self, p, option, widget):
        """pyqtgraph's drawing of pixel-sized symbols from its atlas, in fewer steps: the points outside the view
        are not sought out first (the view box clips what its items draw, and Qt skips what falls outside), only
        the hidden ones and those that are not numbers are left out. Anything else is pyqtgraph's own path."""
        opts = self.opts
        atlas = self.fragmentAtlas
        if self._exportOpts is not False or opts["pxMode"] is not True or not opts["useCache"] \
                or opts.get("compositionMode") is not None \
                or (widget is not None and widget.devicePixelRatioF() != atlas.devicePixelRatio()):
            super().paint(p, option, widget)
            return
        data = self.data
        points = pg.functions.transformCoordinates(p.transform(), np.vstack([data["x"], data["y"]]))
        points = np.clip(points, -2 ** 30, 2 ** 30)  # (as pyqtgraph: far-off points crash Qt)
        keep = data["visible"] & ~np.isnan(points).any(axis=0)
        where, sources = points[:, keep].T, data["sourceRect"][keep]  # (copies: the atlas's rectangles packed)
        if not len(sources):
            return
        p.resetTransform()
        dpr = atlas.devicePixelRatio()
        fragments = self._pixmapFragments
        fragments.resize(sources.size)
        array = fragments.ndarray()
        array[:, 0:2] = where
        array[:, 2:6] = np.frombuffer(sources, dtype=int).reshape((-1, 4))  # sx, sy, sw, sh
        array[:, 6:10] = [1 / dpr, 1 / dpr, 0.0, 1.0]  # scale x, scale y, rotation, opacity
        p.drawPixmapFragments(*fragments.drawargs(), atlas.pixmap)


class StillScatter(SteadyScatter):
    """Points that stay put while the map beneath them changes every frame (the plane's data points): Qt keeps
    their picture, in the screen's pixels, and copies it at each repaint, instead of pyqtgraph drawing every
    symbol again each frame (a fifteenth of the cost of a frame's painting for 500 points). The picture is made
    again whenever the points, their style or the view change (pyqtgraph calls update() for each). The picture
    belongs to the view on screen: an export draws the symbols themselves, at its own resolution (an SVG gets
    a shape per point, not a picture)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def setExportMode(self, export, *args, **kwargs):
        cache = QGraphicsItem.CacheMode.NoCache if export else QGraphicsItem.CacheMode.DeviceCoordinateCache
        self.setCacheMode(cache)
        return super().setExportMode(export, *args, **kwargs)


def move_spots(item: pg.ScatterPlotItem, positions: np.ndarray) -> bool:
    """Put the item's spots at `positions` (N, 2), keeping their styles; False (and nothing done) when the
    item does not hold exactly N spots, so the caller must set them up with setData."""
    if len(item.data) != len(positions):
        return False
    item.prepareGeometryChange()
    item.data["x"] = positions[:, 0]
    item.data["y"] = positions[:, 1]
    item.bounds = [None, None]
    item.invalidate()
    item.informViewBoundsChanged()
    return True


# Clouds of more points than this are drawn as one image (DenseCloud): a symbol per point costs pyqtgraph about
# a tenth of a second per 100,000 points, every time the view repaints (and it repaints with every frame).
DENSE_POINTS = 10_000


def class_palette(colours: list[str], shown_test: bool = True) -> np.ndarray:
    """(2 · classes, 4) RGBA for a DenseCloud whose kinds are class · 2 + is_test: each class's colour for its
    training points and, for its test points (outlined in black when drawn one by one), the colour darkened
    by half (transparent when test points are hidden)."""
    palette = np.zeros((2 * len(colours), 4), np.uint8)
    for c, colour in enumerate(colours):
        rgb = np.array(pg.mkColor(colour).getRgb()[:3], np.float64)
        palette[2 * c] = (*rgb, 255)
        palette[2 * c + 1] = (*(0.55 * rgb + 0.45 * 17), 255 if shown_test else 0)
    return palette


def _grow(owner: np.ndarray, side: int) -> np.ndarray:
    """Each pixel takes the largest value within a side x side square around it (the later point wins where
    squares overlap, as when symbols are drawn one after another)."""
    before, after = (side - 1) // 2, side - 1 - (side - 1) // 2
    for axis in (1, 0):
        source = owner
        owner = source.copy()
        for k in range(1, before + 1):  # from the neighbours before this pixel
            if axis == 1:
                np.maximum(owner[:, k:], source[:, :-k], out=owner[:, k:])
            else:
                np.maximum(owner[k:], source[:-k], out=owner[k:])
        for k in range(1, after + 1):
            if axis == 1:
                np.maximum(owner[:, :-k], source[:, k:], out=owner[:, :-k])
            else:
                np.maximum(owner[:-k], source[k:], out=owner[:-k])
    return owner


class DenseCloud(pg.GraphicsObject):
    """Very many points drawn as one image in the view's own pixels: each point a square of about a symbol's
    area, in its kind's colour, later points over earlier ones. The image is made again only when the points,
    their colours or the view (pan, zoom, size) change, so a repaint for anything else (a new boundary image)
    costs one drawImage instead of one symbol per point."""

    def __init__(self) -> None:
        super().__init__()
        self._positions = np.zeros((0, 2), np.float64)
        self._kinds = np.zeros(0, np.intp)
        self._colours = np.zeros(1, np.uint32)  # premultiplied ARGB per kind, after a transparent 0
        self._side = 1
        self._bounds = QRectF()
        self._version = 0  # counts changes of what is drawn
        self._cache: tuple[tuple, QImage, QPointF] | None = None
        self.rasterised = 0  # how many times the image was made (tests and benches count them)

    def __len__(self) -> int:
        return len(self._positions)

    @property
    def positions(self) -> np.ndarray:
        return self._positions

    def set_points(self, positions: np.ndarray, kinds: np.ndarray, palette: np.ndarray, size: float) -> None:
        """Draw `positions` (N, 2) in data units, point i in colour palette[kinds[i]] (RGBA uint8 rows), each
        about `size` pixels across (a symbol's size)."""
        self.prepareGeometryChange()
        rgba = np.asarray(palette, np.float64).reshape(-1, 4)
        kinds = np.asarray(kinds, np.intp)
        seen = rgba[kinds, 3] > 0  # a transparent point must not cover one drawn before it
        self._positions = np.asarray(positions, np.float64).reshape(-1, 2)[seen]
        self._kinds = kinds[seen]
        alpha = rgba[:, 3:] / 255.0
        rgb = np.rint(rgba[:, :3] * alpha).astype(np.uint32)  # premultiplied
        argb = (np.rint(rgba[:, 3]).astype(np.uint32) << 24) | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]
        self._colours = np.concatenate([np.zeros(1, np.uint32), argb])
        self._side = max(1, round(0.85 * size))  # a square of about a round symbol's area
        finite = self._positions[np.isfinite(self._positions).all(axis=1)]
        if len(finite):
            (xmin, ymin), (xmax, ymax) = finite.min(axis=0), finite.max(axis=0)
            pad_x, pad_y = 0.05 * (xmax - xmin) + 1e-9, 0.05 * (ymax - ymin) + 1e-9
            self._bounds = QRectF(xmin - pad_x, ymin - pad_y, xmax - xmin + 2 * pad_x, ymax - ymin + 2 * pad_y)
        else:
            self._bounds = QRectF()
        self._version += 1
        self._cache = None
        self.update()

    def clear(self) -> None:
        if len(self._positions):
            self.set_points(np.zeros((0, 2)), np.zeros(0, np.intp), np.zeros((1, 4), np.uint8), 1)

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not len(self._positions):
            return
        t = painter.transform()  # data units to the device's pixels
        view_box = self.getViewBox()
        shown = view_box.viewRect() if view_box is not None else self._bounds
        area = t.mapRect(shown.intersected(self._bounds)).toAlignedRect()
        if area.isEmpty():
            return
        key = (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(), area.getRect(), self._version)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._rasterise(t, area), QPointF(area.left(), area.top()))
        painter.save()
        painter.resetTransform()
        painter.drawImage(self._cache[2], self._cache[1])
        painter.restore()

    def _rasterise(self, t, area) -> QImage:
        self.rasterised += 1
        margin = self._side
        width, height = area.width() + 2 * margin, area.height() + 2 * margin
        x, y = self._positions[:, 0], self._positions[:, 1]
        with np.errstate(invalid="ignore"):
            column = np.floor(t.m11() * x + t.m21() * y + t.dx() - area.left() + margin)
            row = np.floor(t.m12() * x + t.m22() * y + t.dy() - area.top() + margin)
            inside = (column >= 0) & (column < width) & (row >= 0) & (row < height)
        owner = np.zeros(height * width, np.int32)  # 0: no point; else the point's place in the order, from 1
        owner[(row[inside] * width + column[inside]).astype(np.intp)] = np.flatnonzero(inside) + 1
        owner = _grow(owner.reshape(height, width), self._side)[margin:-margin, margin:-margin]
        kinds = np.concatenate([np.zeros(1, np.intp), self._kinds + 1])
        pixels = np.ascontiguousarray(self._colours[kinds[owner]])
        h, w = pixels.shape
        return QImage(pixels.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied).copy()

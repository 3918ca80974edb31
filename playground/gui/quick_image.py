"""An ImageItem that hands the painter an image it can draw as it is.

pyqtgraph renders a one-channel map with a colour table as an 8-bit indexed QImage (and colour data as RGB888 or
RGBA8888). Qt's raster painter cannot draw those directly: it converts every pixel, every time the item is painted,
through its slow generic path: about 1 ms for a 128 x 128 map, ten times the cost of drawing a 32-bit image of
the same size. The maps change every frame while training, and each view paints its map once or more a frame, so
the image is converted once, when pyqtgraph renders it, to the 32-bit format the painter draws natively.

The common case, a float map with an opaque colour table of up to 256 colours, is rendered straight to 32 bits:
the same indices as pyqtgraph's (its own rescaling), looked up in the table packed as 32-bit pixels. pyqtgraph
made a Python list of 256 colours for the indexed image at every frame, then Qt converted it: most of the cost."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage, QPainter

DRAWN_AS_IS = (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32_Premultiplied)


class QuickImage(pg.ImageItem):
    """pg.ImageItem whose rendered QImage is 32-bit (opaque: RGB32; with transparency: premultiplied ARGB32).
    `smooth_below`: an image narrower than this many cells is drawn smoothed (each cell's value at its centre,
    blended between), not in blocks: a coarse map (a big network's while it trains) then reads as the field it is."""

    def __init__(self, *args, smooth_below: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.smooth_below = smooth_below
        self._packed: tuple[bytes, np.ndarray] | None = None  # (a colour table's bytes, its colours as RGB32)

    def paint(self, painter, *args) -> None:
        image = self.image
        coarse = image is not None and image.shape[1 if self.axisOrder == "row-major" else 0] < self.smooth_below
        if not coarse:
            super().paint(painter, *args)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        super().paint(painter, *args)
        painter.restore()

    def render(self, *args, **kwargs):
        if self._render_indexed():
            return
        super().render(*args, **kwargs)
        image = self.qimage
        if image is not None and image.format() not in DRAWN_AS_IS:
            target = (QImage.Format.Format_ARGB32_Premultiplied if image.hasAlphaChannel()
                      else QImage.Format.Format_RGB32)
            self.qimage = image.convertToFormat(target)

    def _render_indexed(self) -> bool:
        """Render a float map with an opaque colour table of up to 256 colours straight to RGB32, as pyqtgraph's
        indexed image converted would be; False (nothing done) for any other image."""
        image, lut, levels = self.image, self.lut, self.levels
        if image is None or image.ndim != 2 or image.dtype.kind != "f" or image.size == 0 or self.autoDownsample \
                or not isinstance(lut, np.ndarray) or lut.dtype != np.uint8 or lut.ndim != 2 \
                or lut.shape[1] != 3 or not 0 < len(lut) <= 256 or levels is None or np.ndim(levels) != 1:
            return False
        if self._imageHasNans is None:  # (as pyqtgraph finds out, and keeps for its own path)
            self._imageHasNans = bool(np.isnan(image.min()))
            self._imageNanLocations = None
        if self._imageHasNans:
            return False
        low, high = levels
        span = high - low
        span = 1 if span == 0 else span
        count = len(lut)
        # (pyqtgraph's own rescaling, for the very indices it would give: its _rescale_and_lookup_float)
        indices = pg.functions.rescaleData(image, count / span, low, dtype=np.uint8, clip=(0, count - 1))
        if self.axisOrder == "col-major":
            indices = indices.T
        key = lut.tobytes()
        if self._packed is None or self._packed[0] != key:
            rgb = lut.astype(np.uint32)
            self._packed = key, 0xFF000000 | rgb[:, 0] << 16 | rgb[:, 1] << 8 | rgb[:, 2]
        pixels = np.ascontiguousarray(np.take(self._packed[1], indices))
        self.qimage = pg.functions.ndarray_to_qimage(pixels, QImage.Format.Format_RGB32)
        self._processingBuffer = self._displayBuffer = None
        self._renderRequired = False
        self._unrenderable = False
        return True

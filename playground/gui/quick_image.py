"""An ImageItem that hands the painter an image it can draw as it is.

pyqtgraph renders a one-channel map with a colour table as an 8-bit indexed QImage (and colour data as RGB888 or
RGBA8888). Qt's raster painter cannot draw those directly: it converts every pixel, every time the item is painted,
through its slow generic path: about 1 ms for a 128 x 128 map, ten times the cost of drawing a 32-bit image of
the same size. The maps change every frame while training, and each view paints its map once or more a frame, so
the image is converted once, when pyqtgraph renders it, to the 32-bit format the painter draws natively."""

from __future__ import annotations

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
        super().render(*args, **kwargs)
        image = self.qimage
        if image is not None and image.format() not in DRAWN_AS_IS:
            target = (QImage.Format.Format_ARGB32_Premultiplied if image.hasAlphaChannel()
                      else QImage.Format.Format_RGB32)
            self.qimage = image.convertToFormat(target)

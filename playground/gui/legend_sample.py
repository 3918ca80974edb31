"""A legend's sample of a plot item (its marker, or a stroke of its line) that grows with the window's zoom:
pyqtgraph's own sample is a fixed 20-pixel square, which would cut off a marker drawn larger than that."""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter

SIDE = 20  # pixels, pyqtgraph's sample at zoom 1


class LegendSample(ItemSample):
    def __init__(self, item) -> None:
        super().__init__(item)
        self.zoom = 1.0

    def set_zoom(self, zoom: float) -> None:
        if zoom == self.zoom:
            return
        self.prepareGeometryChange()
        self.zoom = zoom
        self.setFixedWidth(SIDE * zoom)
        self.setFixedHeight(SIDE * zoom)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, SIDE * self.zoom, SIDE * self.zoom)

    def paint(self, painter: QPainter, *args) -> None:
        if self.zoom == 1.0 or not self.item.isVisible():
            super().paint(painter, *args)  # exactly pyqtgraph's sample
            return
        opts, zoom = self.item.opts, self.zoom
        if opts.get("antialias"):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not isinstance(self.item, pg.ScatterPlotItem):  # a line: a stroke of its pen (already at the zoom)
            painter.setPen(pg.mkPen(opts["pen"]))
            painter.drawLine(QPointF(0, 11 * zoom), QPointF(SIDE * zoom, 11 * zoom))
            return
        painter.translate(SIDE * zoom / 2, SIDE * zoom / 2)
        drawSymbol(painter, opts["symbol"], opts["size"], pg.mkPen(opts["pen"]), pg.mkBrush(opts["brush"]))

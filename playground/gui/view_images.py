"""Pictures of the window's views, as the learner sees them: a widget rendered to a QImage at any scale (for
image exports, the clipboard and recordings of the views), or to SVG where the view is drawn as vectors.

`render_widget` paints the widget again into an image `scale` times its size (not a screenshot blown up: text,
lines and points are drawn at the new resolution); at scale 1 it gives the same pixels as `widget.grab()` on a
screen without display scaling. pyqtgraph's point items draw their symbols from a cache of small pictures made
for the screen's pixel density; above scale 1 they are switched to drawing each symbol as a shape for the
time of the render, so points stay sharp."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QRegion
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

MAX_SIDE = 16_000  # pixels: larger images are refused (a 4x export of a huge window would need gigabytes)


def scaled_size(widget: QWidget, scale: float) -> QSize:
    """The size in pixels of `widget`'s picture at `scale` (its size on screen, in logical pixels, times scale)."""
    return QSize(max(1, round(widget.width() * scale)), max(1, round(widget.height() * scale)))


def render_widget(widget: QWidget, scale: float = 1.0, overlays: Sequence[QWidget] = ()) -> QImage:
    """`widget` (and its children) painted into a new image `scale` times its size, with the part of each
    visible widget in `overlays` that lies over it painted on top (e.g. the presentation pen's sheet, which
    belongs to no single view); ValueError if that image would be larger than MAX_SIDE pixels on a side. Only
    the GUI thread may call it."""
    size = scaled_size(widget, scale)
    if max(size.width(), size.height()) > MAX_SIDE:
        raise ValueError(f"{size.width()} x {size.height()} pixels is too large")
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(Qt.GlobalColor.transparent)
    with _sharp_points(widget, scale):
        _prepare(widget)
        painter = QPainter(image)
        try:
            _paint(widget, painter, overlays)
        finally:
            painter.end()
    image.setDevicePixelRatio(1.0)  # its pixels are the picture's pixels, whoever shows or saves it
    return image


def _paint(widget: QWidget, painter: QPainter, overlays: Sequence[QWidget]) -> None:
    # QWidget's render: a QGraphicsView's own render() draws its scene, not the widget.
    QWidget.render(widget, painter, QPoint(0, 0))
    for overlay in overlays:
        if overlay.isVisible() and overlay is not widget:
            offset = widget.mapFromGlobal(overlay.mapToGlobal(QPoint(0, 0)))
            QWidget.render(overlay, painter, offset, QRegion(overlay.rect()), QWidget.RenderFlag.DrawChildren)


@contextlib.contextmanager
def _sharp_points(widget: QWidget, scale: float | None) -> Iterator[None]:
    """Above scale 1 (or for vectors, scale None), pyqtgraph's scatter items inside `widget` draw each symbol as
    a shape (their export mode) rather than from their cache of screen-sized pictures, which would come out
    blurred (or as pictures in an SVG)."""
    items = []
    if scale != 1.0:
        for view in _graphics_views(widget):
            items += [item for item in view.scene().items() if isinstance(item, pg.ScatterPlotItem)]
    for item in items:
        item.setExportMode(True, {"antialias": True, "resolutionScale": 1.0})
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)


def _graphics_views(widget: QWidget) -> list[QGraphicsView]:
    views = widget.findChildren(QGraphicsView)
    if isinstance(widget, QGraphicsView):
        views.insert(0, widget)
    return [view for view in views if view.scene() is not None]


def _prepare(widget: QWidget) -> None:
    """Let pyqtgraph lay out what changed since the last paint (as it does before painting on screen)."""
    for view in _graphics_views(widget):
        scene = view.scene()
        if hasattr(scene, "prepareForPaint"):
            scene.prepareForPaint()


def widget_svg(widget: QWidget, title: str = "", overlays: Sequence[QWidget] = ()) -> bytes:
    """`widget` as an SVG document, painted into Qt's SVG generator: lines, text and each point a vector shape
    (pyqtgraph's points in their export mode), the heat maps embedded pictures. (pyqtgraph's own SVG exporter
    fails on the paths Qt 6.11 writes, so it is not used.)"""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    generator.setResolution(96)  # CSS pixels: an SVG program opens it at the size it had on the screen
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title)
    generator.setDescription("Made with Neural Network Playground")
    with _sharp_points(widget, None):
        _prepare(widget)
        painter = QPainter(generator)
        try:
            _paint(widget, painter, overlays)
        finally:
            painter.end()
    buffer.close()
    return bytes(data)

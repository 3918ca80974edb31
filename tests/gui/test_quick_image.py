"""Images are handed to the painter in a 32-bit format it draws as it is (an 8-bit indexed or 24-bit image is
converted pixel by pixel at every paint), with the same colours as before."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage

from playground.gui.diagram_pixels import _LUT, layer_atlas, neuron_image
from playground.gui.quick_image import DRAWN_AS_IS, QuickImage

LUT = np.array([[20 + i // 2, 255 - i, (37 * i) % 256] for i in range(256)], dtype=np.uint8)


def _shown(qtbot, data: np.ndarray, **kwargs) -> tuple[QuickImage, QImage, pg.PlotWidget]:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    item = QuickImage(axisOrder="row-major")
    widget.addItem(item)
    widget.hideAxis("left")
    widget.hideAxis("bottom")
    item.setImage(data, autoLevels=False, **kwargs)
    item.setRect(QRectF(0, 0, data.shape[1], data.shape[0]))
    widget.setRange(xRange=(0, data.shape[1]), yRange=(0, data.shape[0]), padding=0)
    widget.show()
    qtbot.waitExposed(widget)
    grab = widget.grab().toImage()
    return item, grab, widget


def _colour_at_cell(widget, grab: QImage, row: int, col: int) -> tuple[int, int, int]:
    """The painted colour at the centre of image cell (row, col) (row 0 at the bottom, as the plot shows it)."""
    view = widget.getPlotItem().getViewBox()
    scene_point = view.mapViewToScene(pg.Point(col + 0.5, row + 0.5))
    point = widget.mapFromScene(scene_point)
    colour = QColor(grab.pixel(point.x(), point.y()))
    return colour.red(), colour.green(), colour.blue()


def test_a_map_with_a_colour_table_is_drawn_from_a_32_bit_image_in_the_tables_colours(qtbot):
    data = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    item, grab, widget = _shown(qtbot, data, levels=(0.0, 1.0), lut=LUT)
    assert item.qimage.format() == QImage.Format.Format_RGB32
    for row in range(2):
        for col in range(2):
            expected = tuple(int(c) for c in LUT[255 if data[row, col] else 0])
            assert _colour_at_cell(widget, grab, row, col) == expected


def test_colours_with_transparency_stay_translucent_over_the_background(qtbot):
    data = np.zeros((2, 2, 4), dtype=np.uint8)
    data[...] = (200, 40, 10, 255)
    data[0, 1] = (0, 0, 255, 0)  # fully transparent: the plot's background shows through
    item, grab, widget = _shown(qtbot, data, levels=(0, 255))
    assert item.qimage.format() == QImage.Format.Format_ARGB32_Premultiplied
    assert _colour_at_cell(widget, grab, 0, 0) == (200, 40, 10)
    background = widget.backgroundBrush().color()
    assert _colour_at_cell(widget, grab, 0, 1) == (background.red(), background.green(), background.blue())


def test_the_diagrams_pictures_are_32_bit_images_in_the_tables_colours():
    values = np.array([[-2.0, 0.0], [1.0, 2.0]], dtype=np.float32)  # peak 2: scaled to -1, 0, 0.5, 1
    for image in (neuron_image(values), layer_atlas(values[None])):
        assert image.format() in DRAWN_AS_IS
        for (row, col), scaled in {(0, 0): -1.0, (0, 1): 0.0, (1, 0): 0.5, (1, 1): 1.0}.items():
            index = min(255, int((scaled + 1.0) * 127.5))
            colour = QColor(image.pixel(col, 1 - row))  # the picture's top row is the map's last
            assert (colour.red(), colour.green(), colour.blue()) == tuple(int(c) for c in _LUT[index])


def test_a_coarse_image_is_drawn_smoothed_and_a_fine_one_in_cells(qtbot):
    """Two cells, 0 and 1 through the colour table: narrower than smooth_below, the middle between their centres
    is a blend of their colours; otherwise each half is its cell's colour, up to the edge between them."""
    data = np.array([[0.0, 1.0]], np.float32)
    left, right = LUT[0].astype(int), LUT[255].astype(int)
    for smooth_below, blended in ((0, False), (100, True)):
        widget = pg.PlotWidget()
        qtbot.addWidget(widget)
        widget.resize(300, 300)
        item = QuickImage(axisOrder="row-major", smooth_below=smooth_below)
        widget.addItem(item)
        widget.hideAxis("left")
        widget.hideAxis("bottom")
        item.setImage(data, autoLevels=False, levels=(0.0, 1.0), lut=LUT)
        item.setRect(QRectF(0, 0, 2, 1))
        widget.setRange(xRange=(0, 2), yRange=(0, 1), padding=0)
        widget.show()
        qtbot.waitExposed(widget)
        grab = widget.grab().toImage()
        view = widget.getPlotItem().getViewBox()
        quarter = widget.mapFromScene(view.mapViewToScene(pg.Point(0.75, 0.5)))  # between the centre and the edge
        colour = np.array(QColor(grab.pixel(quarter.x(), quarter.y())).getRgb()[:3])
        if blended:  # a quarter of the way from the left cell's centre to the right one's
            np.testing.assert_allclose(colour, 0.75 * left + 0.25 * right, atol=12)
        else:
            np.testing.assert_array_equal(colour, left)


def test_a_float_map_with_a_colour_table_gets_pyqtgraphs_colours_cell_for_cell(qtbot):
    """The map rendered straight to 32 bits holds, cell for cell, what pyqtgraph's indexed image converted holds:
    values below, inside and above the levels, on the edges between two colours, row-major and column-major."""
    rng = np.random.default_rng(5)
    data = rng.uniform(-0.2, 1.2, (37, 23)).astype(np.float32)
    data[0, :5] = [0.0, 1.0, 0.5, 1 / 256, 255 / 256]
    for order in ("row-major", "col-major"):
        for levels, lut in (((0.0, 1.0), LUT), ((0.25, 0.75), LUT[:100]), ((0.3, 0.3), LUT)):
            item = QuickImage(axisOrder=order)
            item.setImage(data[:, ::-1], levels=levels, lut=lut, autoLevels=False)  # (a view with strides)
            item.render()
            assert item.qimage.format() == QImage.Format.Format_RGB32
            quick = item.qimage.copy()
            pg.ImageItem.render(item)  # pyqtgraph's own
            assert item.qimage.format() == QImage.Format.Format_Indexed8
            slow = item.qimage.convertToFormat(QImage.Format.Format_RGB32)
            assert quick == slow, (order, levels)

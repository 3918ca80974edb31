"""Moving scatter spots in place keeps their styles and is drawn where setData would draw them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from playground.gui.scatter import SteadyScatter, StillScatter, move_spots

from .lone_plot import lone_plot


def render(item: pg.ScatterPlotItem, qtbot) -> np.ndarray:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(200, 200)
    widget.addItem(item)
    widget.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    image = widget.grab().toImage()
    return np.array([[image.pixel(x, y) for x in range(0, 200, 3)] for y in range(0, 200, 3)])


def test_moved_spots_keep_their_styles_and_land_where_set_data_puts_them(qtbot):
    before = np.array([[1.0, 1.0], [2.0, 8.0], [5.0, 5.0]])
    after = np.array([[8.0, 2.0], [3.0, 3.0], [6.0, 9.0]])
    styles = {"brush": [pg.mkBrush("r"), pg.mkBrush("b"), pg.mkBrush("g")], "symbol": ["o", "s", "t"], "size": 14}
    moved = pg.ScatterPlotItem(pos=before, **styles)
    assert move_spots(moved, after)
    x, y = moved.getData()
    np.testing.assert_allclose(np.c_[x, y], after)
    assert [moved.points()[i].brush().color().name() for i in range(3)] == ["#ff0000", "#0000ff", "#00ff00"]
    fresh = pg.ScatterPlotItem(pos=after, **styles)
    assert moved.dataBounds(0) == fresh.dataBounds(0) and moved.dataBounds(1) == fresh.dataBounds(1)
    np.testing.assert_array_equal(render(moved, qtbot), render(fresh, qtbot))


def test_a_different_number_of_spots_is_left_to_set_data(qtbot):
    item = pg.ScatterPlotItem(pos=np.zeros((2, 2)))
    assert not move_spots(item, np.ones((3, 2)))
    np.testing.assert_allclose(item.getData()[0], [0.0, 0.0])


def test_a_steady_scatter_keeps_its_bounds_until_they_change_and_they_are_always_pyqtgraphs(qtbot, monkeypatch):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(200, 200)
    item = SteadyScatter(pos=np.array([[1.0, 1.0], [4.0, 6.0]]), size=12)
    widget.addItem(item)
    widget.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    widget.grab()

    def pyqtgraphs() -> tuple:
        return pg.ScatterPlotItem.boundingRect(item).getRect()

    def asked() -> tuple:
        return item.boundingRect().getRect()

    assert asked() == pyqtgraphs()
    computed = []
    real = pg.ScatterPlotItem.boundingRect
    monkeypatch.setattr(pg.ScatterPlotItem, "boundingRect", lambda self: computed.append(1) or real(self))
    for _ in range(5):
        asked()
    assert computed == []  # kept, not worked out again
    monkeypatch.undo()
    for change in (lambda: item.setData(pos=np.array([[2.0, 2.0], [9.0, 3.0], [5.0, 8.0]]), size=12),
                   lambda: move_spots(item, np.array([[0.5, 0.5], [7.0, 7.0], [3.0, 9.5]])),
                   lambda: item.setSize(30),
                   lambda: widget.setRange(xRange=(0, 40), yRange=(0, 40), padding=0),
                   lambda: widget.resize(120, 300)):
        change()
        widget.grab()
        assert asked() == pyqtgraphs()  # each change gives the new rectangle


def _red_pixels(image) -> set[tuple[int, int]]:
    return {(x, y) for y in range(image.height()) for x in range(image.width())
            if (c := image.pixelColor(x, y)).red() > 200 and c.green() < 60 and c.blue() < 60}


def _counting_still_scatter(painted: list):
    """A StillScatter that notes each time pyqtgraph draws its symbols (a type of its own: Qt looks up a Python
    override once per type, so patching pyqtgraph's paint later would not be seen)."""

    class Counting(StillScatter):
        def paint(self, *args):
            painted.append(self)
            return super().paint(*args)

    return Counting


def test_still_points_are_painted_once_while_what_lies_beneath_them_repaints(qtbot):
    painted = []
    item = _counting_still_scatter(painted)(pos=np.array([[2.0, 2.0], [7.0, 7.0]]), size=12, brush=pg.mkBrush("r"),
                                            pen=None)
    widget = lone_plot(qtbot, item)
    maps = []

    class Map(pg.ImageItem):
        def paint(self, *args):
            maps.append(self)
            return super().paint(*args)

    beneath = Map(np.random.default_rng(0).random((8, 8)))
    beneath.setRect(0, 0, 10, 10)
    beneath.setZValue(-1)
    widget.addItem(beneath)
    qtbot.waitUntil(lambda: len(maps) > 0)
    painted.clear()
    for k in range(5):  # the map changes every frame, as while training
        shown = len(maps)
        beneath.setImage(np.random.default_rng(k + 1).random((8, 8)))
        qtbot.waitUntil(lambda shown=shown: len(maps) > shown)
    assert painted == []  # copied from Qt's cache, not drawn again
    image = widget.grab().toImage()
    x, y = widget.mapFromScene(item.mapToScene(pg.Point(7.0, 7.0))).toTuple()
    assert (x, y) in _red_pixels(image)
    # new places: drawn again, at the new places only
    item.setData(pos=np.array([[5.0, 2.0]]), size=12, brush=pg.mkBrush("r"), pen=None)
    image = widget.grab().toImage()
    assert painted
    red = _red_pixels(image)
    assert widget.mapFromScene(item.mapToScene(pg.Point(5.0, 2.0))).toTuple() in red
    assert (x, y) not in red


def test_an_export_draws_still_points_at_its_own_resolution(qtbot):
    from pyqtgraph.exporters import ImageExporter

    painted = []
    item = _counting_still_scatter(painted)(pos=np.array([[5.0, 5.0]]), size=20, brush=pg.mkBrush("r"), pen=None)
    widget = lone_plot(qtbot, item)
    widget.grab()  # (the cache made at the screen's size)
    on_screen = len(_red_pixels(widget.grab().toImage()))
    painted.clear()
    exporter = ImageExporter(widget.getPlotItem())
    exporter.parameters()["width"] = 2 * widget.getPlotItem().sceneBoundingRect().width()
    exported = len(_red_pixels(exporter.export(toBytes=True)))
    assert painted == [item]  # drawn for the export, not copied from the screen's picture
    assert 3.0 * on_screen < exported < 5.0 * on_screen  # a symbol twice as wide


def _grabbed(widget: pg.PlotWidget) -> np.ndarray:
    image = widget.grab().toImage()
    return np.array(image.constBits(), np.uint8).reshape(image.height(), -1).copy()


def test_steady_spots_are_painted_as_pyqtgraph_paints_them(qtbot):
    """SteadyScatter's quicker painting gives pyqtgraph's pixels, and its bounds: spots inside the view, across
    its edges and outside it, hidden spots, a spot that is not a number, each with its own style."""
    rng = np.random.default_rng(4)
    points = rng.uniform(-2, 12, (60, 2))
    points[3] = [np.nan, 4.0]
    styles = {"brush": [pg.mkBrush(int(c), 90, 200 - int(c)) for c in rng.integers(0, 200, 60)],
              "symbol": ["o", "s", "t", "d"] * 15, "size": 13, "pen": pg.mkPen("k", width=1.5)}
    hidden = rng.random(60) < 0.3
    widgets, items = [], []
    for kind in (pg.ScatterPlotItem, SteadyScatter):
        item = kind(pos=points, **styles)
        item.data["visible"] = ~hidden
        widget = pg.PlotWidget()
        qtbot.addWidget(widget)
        widget.resize(200, 200)
        widget.addItem(item)
        widget.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
        widgets.append(widget)
        items.append(item)
    slow, quick = items
    assert quick.dataBounds(0) == slow.dataBounds(0) and quick.dataBounds(1) == slow.dataBounds(1)
    wanted = _grabbed(widgets[0])
    assert (wanted != wanted[0, 0]).any()
    np.testing.assert_array_equal(_grabbed(widgets[1]), wanted)
    moved = rng.uniform(0, 10, (60, 2))
    for item in items:
        move_spots(item, moved)
    np.testing.assert_array_equal(_grabbed(widgets[1]), _grabbed(widgets[0]))
    assert quick.dataBounds(0) == slow.dataBounds(0) and quick.dataBounds(1) == slow.dataBounds(1)

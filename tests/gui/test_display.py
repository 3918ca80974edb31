"""The window's zoom and palette (issue 12, presenting to a class): at a zoom every view draws its text, points,
lines and diagram that much larger; the high-contrast palette draws the classes in Okabe and Ito's colours with
their own marker shapes. Neither touches the data, and zoom 1 in the standard palette looks as before.

What is checked is what the items really hold or paint (spot sizes and pens, fonts of the text items, pixels of a
grab), not the Display's own numbers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import Trainer, TrainingSettings
from playground.gui import theme
from playground.gui.boundary_view import BoundaryView
from playground.gui.display import HIGH_CONTRAST, HIGH_CONTRAST_COLOURS, MINIMUM_ZOOM, STANDARD, Display
from playground.gui.loss_chart import LOSS_AXIS_WIDTH, MIN_TITLE_POINTS, LossChart
from playground.gui.network_diagram import NetworkDiagram

from .conftest import WAIT_MS

ZOOM = 2.0
RABBITS = Scenario(PresetSpec("rabbits-unicorns", points=120), NetworkSpec((4, 3), "tanh"), TrainingSettings())


def text_points(item) -> float:
    """The point size a text item (an axis title, a legend entry) really draws its text in."""
    return item.document().firstBlock().begin().fragment().charFormat().font().pointSizeF()


def spot_sizes(item) -> set[float]:
    return {spot.size() for spot in item.points()}


def spot_pens(item) -> set[float]:
    return {spot.pen().widthF() for spot in item.points()}


def pen_width(item) -> float:
    return item.opts["pen"].widthF()


def measure(window) -> dict[str, float | set]:
    """The sizes the window's views draw with now: points, rings, lines and text, in pixels or points."""
    view, hidden, chart = window.boundary_view, window.hidden_panel.view, window.loss_chart
    items = [item for _c, _test, item in view.point_items()]
    axis = view.plot.getAxis("bottom")
    chart_axis = chart.accuracy_plot.getAxis("left")
    return {
        "points": set().union(*(spot_sizes(item) for item in items)),
        "point outlines": set().union(*(spot_pens(item) for item in items)),
        "boundary": pen_width(view._boundary),
        "mistake ring": view.marks.wrong_item.opts["size"],
        "mistake ring pen": view.marks.wrong_item.opts["pen"].widthF(),
        "hover ring": view.marks.highlight_item.opts["size"],
        "selection ring": window.data_tools._selected.opts["size"],
        "tick font": axis.style["tickFont"].pointSizeF(),
        "axis title": text_points(axis.label),
        "legend text": {text_points(label.item) for _sample, label in view._legend.items},
        "legend sample": {sample.boundingRect().width() for sample, _label in view._legend.items},
        "caption font": view._caption.textItem.font().pointSizeF(),
        "hidden points": spot_sizes(hidden._points),
        "hidden outlines": spot_pens(hidden._points),
        "hidden decision": pen_width(hidden._decision),
        "hidden grid": hidden._grid.pen().widthF(),
        "hidden tick font": hidden.plot.getAxis("left").style["tickFont"].pointSizeF(),
        "chart lines": {pen_width(curve) for curve in (chart.train_loss_curve, chart.test_loss_curve,
                                                        chart.train_accuracy_curve, chart.test_accuracy_curve)},
        "chart tick font": chart_axis.style["tickFont"].pointSizeF(),
        "chart title": text_points(chart.accuracy_plot.getAxis("bottom").label),
        "chart axis width": chart_axis.maximumWidth(),  # the room it is given, laid out with the next paint
        "diagram minimum": window.network_diagram.minimumWidth(),
        "chart minimum": window.loss_chart.minimumHeight(),
        "caption text": window.metrics_panel.captions["train_loss"].font().pointSizeF(),
        "swatch": window.class_panel.colour_buttons[0].width(),
        "class icon": window.data_toolbar.class_buttons[0].iconSize().width(),
    }


def scaled(sizes: dict, zoom: float) -> dict:
    return {key: {v * zoom for v in value} if isinstance(value, set) else value * zoom
            for key, value in sizes.items()}


def test_zoom_draws_every_view_larger_and_zoom_1_gives_back_the_fresh_window(qtbot, make_window):
    window = make_window(RABBITS)
    qtbot.waitUntil(lambda: window.hidden_panel.view.frame is not None, timeout=WAIT_MS)
    fresh = measure(window)
    # Zoom 1 in the standard palette is the look the window had before it could zoom.
    assert fresh["points"] == {theme.BASE_POINT_SIZE} and fresh["point outlines"] == {1.2, 1.6}
    assert fresh["boundary"] == 2.2 and fresh["tick font"] == 10 and fresh["axis title"] == 13
    assert fresh["legend text"] == {11} and fresh["legend sample"] == {20}
    assert fresh["chart lines"] == {2} and fresh["chart tick font"] == 11
    assert fresh["chart axis width"] == LOSS_AXIS_WIDTH

    window.display.set_zoom(ZOOM)
    zoomed = measure(window)
    expected = scaled(fresh, ZOOM)
    for key in ("diagram minimum", "chart minimum"):  # so that the window still fits the screen at any zoom
        expected[key] = fresh[key] * min(ZOOM, MINIMUM_ZOOM)
    for key in ("diagram minimum", "chart minimum", "swatch", "class icon", "chart axis width"):  # whole pixels
        assert abs(zoomed[key] - expected[key]) <= 1, key
        zoomed[key] = expected[key]
    assert zoomed == expected

    window.display.set_zoom(1.0)
    assert measure(window) == fresh


def test_the_large_numbers_keep_room_for_the_widest_at_any_zoom(qtbot, make_window):
    window = make_window(RABBITS)
    label = window.metrics_panel.values["test_accuracy"]
    at_one = label.font().pointSizeF()
    for zoom in (ZOOM, 3.0, 1.0):
        window.display.set_zoom(zoom)
        assert (label.font().pointSizeF() > at_one) == (zoom > 1)  # the window's style sheet sizes them
        assert label.minimumWidth() >= label.fontMetrics().horizontalAdvance("100.0%")  # no jump, no cut


def test_the_diagram_draws_its_neurons_larger(qtbot):
    dataset = Scenario(PresetSpec("xor", points=60)).dataset()
    picture = Trainer(dataset, NetworkSpec((4,)), TrainingSettings(device="cpu")).snapshot().network
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    display = Display()
    diagram.set_display(display)
    diagram.resize(900, 700)  # room for neurons at their largest, at both zooms
    diagram.show_picture(picture)

    def painted_sides() -> set[float]:
        diagram.grab()  # paints: the boxes are where the neurons were just drawn
        return {box.width() for layer in diagram._boxes for box in layer}

    at_one = painted_sides()
    display.set_zoom(ZOOM)
    assert painted_sides() == {ZOOM * side for side in at_one}
    assert abs(diagram.minimumWidth() - MINIMUM_ZOOM * diagram.fontMetrics().height() * 12) <= 1
    display.set_zoom(1.0)
    assert painted_sides() == at_one


def test_a_small_screens_chart_keeps_its_titles_along_its_plots_and_its_end_labels_whole_and_apart(qtbot):
    """The chart at its size on a 1366x768 screen with the hidden space shown (its two plots about 60 pixels
    high): each title shrinks to fit along its plot, and the loss's 0 and the accuracy's 100% (labels at the
    plots' facing ends) are both drawn, whole, without touching."""
    chart = LossChart()
    qtbot.addWidget(chart)
    chart.set_display(Display())
    chart.resize(263, 249)
    chart.show()
    plots = (chart.loss_plot, chart.accuracy_plot)
    qtbot.waitUntil(lambda: all(plot.getViewBox().height() > 1 for plot in plots), timeout=WAIT_MS)
    for plot in plots:
        axis = plot.getAxis("left")
        font = QFont(axis.label.font())
        font.setPointSizeF(text_points(axis.label))
        assert text_points(axis.label) >= MIN_TITLE_POINTS
        assert QFontMetricsF(font).horizontalAdvance(axis.labelText) <= plot.getViewBox().height() + 0.5

    def labels(plot) -> dict[str, object]:
        """Each label the axis draws, as the rectangle it is drawn in (scene coordinates); and its clip."""
        axis = plot.getAxis("left")
        image = QImage(8, 8, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        texts = axis.generateDrawSpecs(painter)[2]
        painter.end()
        return {text: axis.mapRectToScene(rect) for rect, _flags, text in texts}, \
            axis.mapRectToScene(axis.boundingRect())

    (loss, loss_clip), (accuracy, accuracy_clip) = (labels(plot) for plot in plots)
    zero, hundred = loss.get("0"), accuracy.get("100%")
    assert zero is not None and hundred is not None  # both drawn
    assert loss_clip.contains(zero) and accuracy_clip.contains(hundred)  # whole: not cut by the axis's clip
    assert zero.bottom() < hundred.top()  # apart


@pytest.mark.parametrize("height", [330, 900])
def test_the_charts_titles_grow_but_never_run_past_their_plots(qtbot, height):
    """At a zoom, Loss and Accuracy are drawn larger, but a short chart keeps each title along its own plot."""
    chart = LossChart()
    qtbot.addWidget(chart)
    display = Display()
    chart.set_display(display)
    chart.resize(420, height)
    chart.show()
    plots = (chart.loss_plot, chart.accuracy_plot)

    def titles() -> list[tuple[float, float, float]]:
        """(points, length, plot height) of each plot's title, as drawn."""
        found = []
        for plot in plots:
            label = plot.getAxis("left").label
            font = QFont(label.font())
            font.setPointSizeF(text_points(label))
            length = QFontMetricsF(font).horizontalAdvance(plot.getAxis("left").labelText)
            found.append((text_points(label), length, plot.getViewBox().height()))
        return found

    qtbot.waitUntil(lambda: all(h > 1 for _p, _l, h in titles()), timeout=WAIT_MS)
    assert {points for points, _l, _h in titles()} == {12}
    display.set_zoom(ZOOM)

    def fitted() -> bool:
        drawn = titles()
        return all(points == drawn[0][0] for points, _l, _h in drawn) and \
            all(length <= plot + 1 or points == 12 for points, length, plot in drawn)

    qtbot.waitUntil(fitted, timeout=WAIT_MS)
    points = titles()[0][0]
    assert 12 < points <= 24 and (points == 24) == (height == 900)  # the full zoom where there is room


def test_zoom_reaches_the_3d_picture(qtbot, make_window):
    window = make_window(RABBITS)
    panel = window.hidden_panel
    panel.axes_combo.setCurrentIndex(panel.axes_combo.findData("pca3"))
    qtbot.waitUntil(lambda: panel.view.frame is not None and panel.view.frame.dims == 3, timeout=WAIT_MS)
    scene = panel.view.scene_3d

    def sizes():
        return (spot_sizes(scene.points_front) | spot_sizes(scene.points_behind), pen_width(scene._axes),
                scene._titles[0].textItem.font().pointSizeF(), scene._plane.pen().widthF())

    before = sizes()
    window.display.set_zoom(ZOOM)
    points, axes, title, plane = sizes()
    assert (points, axes, title, plane) == ({ZOOM * s for s in before[0]}, ZOOM * before[1], ZOOM * before[2],
                                            ZOOM * before[3])


# ----- the palette ----------------------------------------------------------------------------------------------
def washed(colour: str, strength: float) -> np.ndarray:
    """A class colour washed toward white, as the regions under the points are painted where the network is sure."""
    c = QColor(colour)
    return 255.0 + (np.array([c.red(), c.green(), c.blue()], float) - 255.0) * strength


def pixel_at(view, image: QImage, x: float, y: float) -> np.ndarray:
    """The median colour of a small patch of a grab of `view` around the data point (x, y)."""
    scene = view.plot.getViewBox().mapViewToScene(QPointF(x, y))
    centre = view.mapFromScene(scene)
    ratio = image.devicePixelRatio()
    patch = [QColor(image.pixel(round((centre.x() + dx) * ratio), round((centre.y() + dy) * ratio)))
             for dx in range(-3, 4) for dy in range(-3, 4)]
    return np.median([[c.red(), c.green(), c.blue()] for c in patch], axis=0)


def settle_plane(qtbot, window) -> None:
    """Let the controls column take the width its panels ask for, and the plane its square once its axes have
    their size (grabs taken later are then comparable)."""
    box, controls = window.boundary_view.plot.getViewBox(), window.controls_column

    def settled() -> bool:
        window.plane.fit_child()
        return controls.width() == controls.sizeHint().width() and abs(box.width() - box.height()) < 1

    qtbot.waitUntil(settled, timeout=WAIT_MS)


def colours_in(image: QImage) -> set[str]:
    return {QColor(image.pixel(x, y)).name() for x in range(image.width()) for y in range(image.height())}


def test_high_contrast_recolours_every_view_but_not_the_data(qtbot, make_window):
    window = make_window(RABBITS)
    session, view = window.session, window.boundary_view
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.train_accuracy >= 0.97, timeout=WAIT_MS)
    window.pause()
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)
    dataset, modified, undo = session.dataset, window.document.modified, session.undo_stack.count()
    own = dataset.class_colours
    symbols = [item.opts["symbol"] for _c, _test, item in view.point_items()]
    # The window's own style sheet, as every change of the display sets it (in the app the application has one
    # already; here, without one, it changes the panels' sizes, and with them the plane's).
    window.display.apply_to(window)
    settle_plane(qtbot, window)
    standard_grab = view.grab().toImage()
    # The far corners of the plane: rabbits (class 0) slow and small, unicorns (class 1) fast and big.
    corners = [(0.3, 0.3), (9.7, 9.7)]
    for (x, y), colour in zip(corners, own, strict=True):
        assert np.abs(pixel_at(view, standard_grab, x, y) - washed(colour, 0.42)).max() <= 12

    window.display.set_palette(HIGH_CONTRAST)
    brushes = {(c, item.opts["brush"].color().name()) for c, _test, item in view.point_items()}
    assert brushes == {(0, HIGH_CONTRAST_COLOURS[0]), (1, HIGH_CONTRAST_COLOURS[1])}
    assert [item.opts["symbol"] for _c, _test, item in view.point_items()] == symbols  # rabbits stay rabbits
    contrast_grab = view.grab().toImage()
    for (x, y), colour in zip(corners, HIGH_CONTRAST_COLOURS[:2], strict=True):
        assert np.abs(pixel_at(view, contrast_grab, x, y) - washed(colour, 0.6)).max() <= 12
    assert view.marks.wrong_item.opts["pen"].color().name() == "#000000"  # not red beside vermillion
    hidden = window.hidden_panel.view
    assert {spot.brush().color().name() for spot in hidden._points.points()} == set(HIGH_CONTRAST_COLOURS[:2])
    assert window.loss_chart.test_loss_curve.opts["pen"].color().name() == "#0072b2"
    swatch = window.class_panel.colour_buttons[1].styleSheet()
    assert HIGH_CONTRAST_COLOURS[1] in swatch and own[1] not in swatch
    icon = colours_in(window.data_toolbar.class_buttons[0].icon().pixmap(22).toImage())
    assert HIGH_CONTRAST_COLOURS[0] in icon and own[0] not in icon
    diagram = colours_in(window.network_diagram.grab().toImage())
    assert {"#0072b2", "#d55e00"} <= diagram and not {"#0877bd", "#f59322"} & diagram  # weights at full strength
    # The palette is the window's, not the data's: nothing to save, nothing to undo.
    assert session.dataset is dataset and session.dataset.class_colours == own
    assert window.document.modified == modified and session.undo_stack.count() == undo

    window.display.set_palette(STANDARD)
    # Today's colours, exactly (once the legend, made anew, has been laid out).
    qtbot.waitUntil(lambda: view.grab().toImage() == standard_grab, timeout=WAIT_MS)
    assert {(c, item.opts["brush"].color().name()) for c, _test, item in view.point_items()} == \
        {(0, own[0]), (1, own[1])}
    assert view.marks.wrong_item.opts["pen"].color() == QColor(theme.ERROR)


def test_high_contrast_colours_the_regions_of_three_classes(qtbot):
    rng = np.random.default_rng(3)
    centres = np.array([[-4.0, -3.0], [4.0, -3.0], [0.0, 4.0]])
    labels = np.repeat(np.arange(3), 40)
    dataset = Dataset(centres[labels] + rng.normal(0, 0.6, (120, 2)), labels, np.zeros(120, bool),
                      class_names=("a", "b", "c"), class_colours=("#e53935", "#43a047", "#8e24aa"),
                      class_markers=("circle", "square", "triangle"))
    trainer = Trainer(dataset, NetworkSpec((6,), "tanh", n_classes=3), TrainingSettings(device="cpu"))
    trainer.step(300)
    snapshot = trainer.snapshot()
    view = BoundaryView()
    qtbot.addWidget(view)
    display = Display()
    view.set_display(display)
    view.set_dataset(dataset)
    view.show_snapshot(snapshot)
    standard = view.image_array()
    display.set_palette(HIGH_CONTRAST)
    contrast = view.image_array()
    p = snapshot.probabilities
    sure = np.unravel_index(np.argmax(p.max(axis=2)), p.shape[:2])  # the pixel the network is surest of
    top = int(p[sure].argmax())
    assert np.abs(standard[sure] - washed(dataset.class_colours[top], 0.42)).max() <= 6
    assert np.abs(contrast[sure] - washed(HIGH_CONTRAST_COLOURS[top], 0.6)).max() <= 6
    display.set_palette(STANDARD)
    np.testing.assert_array_equal(view.image_array(), standard)

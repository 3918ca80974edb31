"""The boundary view: the network's class probabilities as a heatmap over the plane, the decision boundary
as a line, and the data points on top (one shape per class; test points outlined in black). In curve fitting
it shows the samples, the network's curve through them and each training point's error (its residual).

Plot items are created once; each snapshot only updates their data.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QFont

from ..core.dataset import Dataset
from ..core.snapshot import Snapshot
from . import marker_paths, theme
from .display import Display
from .legend_sample import LegendSample
from .pixel_lines import PixelSegments
from .plot_axes import style_axes
from .point_marks import PointMarks
from .push_arrows_item import PushArrowsItem
from .quick_image import QuickImage
from .scatter import DENSE_POINTS, DenseCloud, SteadyScatter, StillScatter, class_palette

LEGEND_SPACING = 18  # pixels between legend entries (at zoom 1, as every size here)
LEGEND_MARGIN = 24  # the layout's margins around the legend, and some air
# Maps with fewer cells across than this (a big network's while it trains: 32 x 32) are drawn smoothed, not in blocks.
SMOOTH_BELOW = 100
TICK_POINTS, TITLE_POINTS, LEGEND_POINTS = 10, 13, 11  # font sizes of the axes' numbers and titles, the legend
TRAIN_OUTLINE, TEST_OUTLINE = 1.2, 1.6  # widths of the white outline of training points, the black one of test points
BOUNDARY_WIDTH, CURVE_WIDTH, RESIDUAL_WIDTH = 2.2, 3.0, 1.2

class BoundaryView(pg.GraphicsLayoutWidget):
    view_changed = Signal(object)  # (xmin, xmax, ymin, ymax) the user panned or zoomed to, or None: the data
    point_hovered = Signal(int)  # the data point under the mouse (its index), or -1

    def __init__(self, parent=None) -> None:
        theme.configure_pyqtgraph()
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("boundary_view")
        self.setMinimumSize(360, 360)
        self._display = Display(self)  # the window's, once it gives it (set_display)
        # The legend sits in its own row above the plot, so it never hides points.
        self._legend = pg.LegendItem(colCount=4, labelTextColor=theme.TEXT, labelTextSize="11pt",
                                     horSpacing=LEGEND_SPACING, sampleType=LegendSample)
        self.ci.addItem(self._legend, row=0, col=0)
        self.plot = plot = self.ci.addPlot(row=1, col=0, enableMenu=False)  # (no context menus built)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        # Drag pans and the wheel zooms (the drawing tools take the drag for themselves).
        plot.setMouseEnabled(True, True)
        plot.getViewBox().setMenuEnabled(False)
        self._zoomed = False
        self._setting_range = False
        self._view_timer = QTimer(self)
        self._view_timer.setSingleShot(True)
        self._view_timer.setInterval(60)  # one request per pause in the gesture, not one per pixel
        self._view_timer.timeout.connect(self._on_view_timer_timeout)
        plot.getViewBox().sigRangeChangedManually.connect(self._on_range_changed_manually)
        plot.showGrid(False, False)
        style_axes(plot, self.font().family(), TICK_POINTS)
        for side in ("top", "right"):
            plot.showAxis(side)
            plot.getAxis(side).setStyle(showValues=False, tickLength=0)
            plot.getAxis(side).setPen(pg.mkPen(theme.MUTED))

        self._image = QuickImage(axisOrder="row-major", smooth_below=SMOOTH_BELOW)
        self._image.setZValue(-10)
        plot.addItem(self._image)
        self._boundary = PixelSegments(theme.boundary_pen(2.2))
        self._boundary.setZValue(5)
        plot.addItem(self._boundary)
        self._curve = pg.PlotCurveItem(pen=pg.mkPen(theme.BOUNDARY, width=3.0))
        self._curve.setZValue(6)
        self._residuals = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(theme.MUTED, width=1.2))
        self._residuals.setZValue(4)
        for item in (self._curve, self._residuals):
            item.setVisible(False)
            plot.addItem(item)
        self.cloud = DenseCloud()  # a cloud of more than DENSE_POINTS points, in place of the scatter items
        self.cloud.setZValue(10)
        plot.addItem(self.cloud)
        # Points the network gets wrong wear a red ring; the point hovered here or in the hidden space, a black one.
        self.marks = PointMarks(plot, self)
        self.arrows = PushArrowsItem(plot, z=12)  # where training pushes each point, when asked for
        self.marks.hovered.connect(self.point_hovered)
        self._show_wrong = True
        self._caption = pg.TextItem(color=theme.TEXT, fill=pg.mkBrush(255, 255, 255, 220), anchor=(0, 0))
        self._caption.setParentItem(plot.getViewBox())
        self._caption.setPos(6, 6)
        self._caption.setZValue(30)
        self._caption.hide()
        self._caption_font = QFont(self._caption.textItem.font())  # at zoom 1
        self._focus_lut = theme.diverging_lut(*reversed(self._display.weight_colours))
        self._train_items: list[pg.ScatterPlotItem] = []
        self._test_items: list[pg.ScatterPlotItem] = []
        self._dataset: Dataset | None = None
        self._data_version = -1
        self._show_test = True
        self._lut: np.ndarray | None = None
        self._class_rgb: np.ndarray | None = None
        self._snapshot: Snapshot | None = None  # the frame shown, painted again in new colours

    # ----- zoom and palette ---------------------------------------------------------------------
    def set_display(self, display: Display) -> None:
        """Draw at this display's zoom and in its palette, and follow its changes."""
        self._display = display
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()

    @property
    def point_size(self) -> float:
        """The data points' size in pixels, at the zoom."""
        return self._display.size(theme.BASE_POINT_SIZE)

    def _on_display_changed(self) -> None:
        d = self._display
        plot = self.plot
        style_axes(plot, self.font().family(), TICK_POINTS, d)
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setLabel(axis.labelText, **self._label_style())
        for side in ("top", "right"):
            plot.getAxis(side).setPen(pg.mkPen(d.muted_colour, width=d.size(1)))
        self._boundary.setPen(theme.boundary_pen(d.size(BOUNDARY_WIDTH), d.outline_colour))
        self._curve.setPen(pg.mkPen(d.outline_colour, width=d.size(CURVE_WIDTH)))
        self._residuals.setPen(pg.mkPen(d.muted_colour, width=d.size(RESIDUAL_WIDTH)))
        self._caption.setColor(d.text_colour)
        self._caption.setFont(d.font(self._caption_font))
        self._legend.layout.setHorizontalSpacing(d.size(LEGEND_SPACING))
        self._legend.setLabelTextColor(d.text_colour)
        self._legend.setLabelTextSize(d.css_points(LEGEND_POINTS))
        self._focus_lut = theme.diverging_lut(*reversed(d.weight_colours))
        self.marks.set_display(d)
        if self._dataset is not None:  # new items in the new sizes and colours, and the legend with them
            self._rebuild_class_items(self._dataset)
            self._update_points(None, self._dataset)
        if self._snapshot is not None:
            self.show_snapshot(self._snapshot)

    def _label_style(self) -> dict[str, str]:
        return {"font-size": self._display.css_points(TITLE_POINTS), "color": self._display.text_colour}

    # ----- data ---------------------------------------------------------------------------------
    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    def set_dataset(self, dataset: Dataset, version: int = -1) -> None:
        """Show these points; the plane's extent and the axis titles follow the data set. `version`: the
        window's number for this data (frames computed from another version keep their rings off)."""
        previous = self._dataset
        self._dataset = dataset
        self._data_version = version
        rebuilt = previous is None or previous.class_colours != dataset.class_colours or \
            previous.class_names != dataset.class_names or previous.class_markers != dataset.class_markers or \
            previous.task != dataset.task
        if rebuilt:
            self._rebuild_class_items(dataset)
        self._update_points(previous if not rebuilt else None, dataset)
        plot = self.plot
        if previous is None or previous.feature_names != dataset.feature_names:
            plot.setLabel("bottom", dataset.feature_names[0], **self._label_style())
            plot.setLabel("left", dataset.feature_names[1], **self._label_style())
        if previous is None or previous.bounds() != dataset.bounds():
            self.fit()
        self.marks.set_positions(dataset.points, None if self._show_test else ~dataset.is_test)
        self.marks.show_wrong(None)
        self.marks.highlight(-1)

    def point_items(self) -> list[tuple[int, bool, pg.ScatterPlotItem]]:
        """(class, is_test, scatter item) for every class's training and test points, as drawn."""
        return [(c, test, item) for c, pair in enumerate(zip(self._train_items, self._test_items, strict=True))
                for item, test in zip(pair, (False, True), strict=True)]

    def _update_points(self, previous: Dataset | None, dataset: Dataset) -> None:
        """Give each scatter item its points. Re-setting 100,000 spots costs pyqtgraph a tenth of a second,
        so points only appended (brush, put, curve) are added, and items whose points did not change are
        left alone. A cloud of more than DENSE_POINTS points is drawn as one image instead (self.cloud)."""
        dense = len(dataset) > DENSE_POINTS
        self._update_cloud(dataset if dense else None)
        if dense:
            for _c, _test, item in self.point_items():
                if len(self._shown_points.get(id(item), ())):
                    item.setData([])
                self._shown_points[id(item)] = np.zeros((0, 2), np.float32)
            return
        n = len(previous) if previous is not None else 0
        appended = previous is not None and len(dataset) > n and \
            np.array_equal(dataset.points[:n], previous.points) and \
            np.array_equal(dataset.labels[:n], previous.labels) and \
            np.array_equal(dataset.is_test[:n], previous.is_test)
        for c, test, item in self.point_items():
            shown = self._shown_points.get(id(item))
            if appended and shown is not None:
                new = (dataset.labels[n:] == c) & (dataset.is_test[n:] == test)
                if new.any():
                    item.addPoints(pos=dataset.points[n:][new])
                    self._shown_points[id(item)] = np.concatenate([shown, dataset.points[n:][new]])
                continue
            points = dataset.points[(dataset.labels == c) & (dataset.is_test == test)]
            if shown is None or not np.array_equal(shown, points):
                item.setData(pos=points)
                self._shown_points[id(item)] = points
        for item in self._test_items:
            item.setVisible(self._show_test)

    def _update_cloud(self, dataset: Dataset | None) -> None:
        """The big cloud's points and colours (None: no big cloud)."""
        if dataset is None:
            self.cloud.clear()
            return
        colours = self._display.class_colours(dataset.class_colours[:1] if dataset.is_fit else dataset.class_colours)
        labels = np.zeros(len(dataset), np.intp) if dataset.is_fit else dataset.labels.astype(np.intp)
        self.cloud.set_points(dataset.points, 2 * labels + dataset.is_test, class_palette(colours, self._show_test),
                              self.point_size)

    def _rebuild_class_items(self, dataset: Dataset) -> None:
        plot = self.plot
        for item in self._train_items + self._test_items:
            plot.removeItem(item)
        self._legend.clear()
        self._shown_points: dict[int, np.ndarray] = {}  # what each scatter item shows now
        if dataset.is_fit:
            self._rebuild_fit_items(dataset)
            return
        self._image.setVisible(True)
        for item in (self._curve, self._residuals):
            item.setVisible(False)
        self._train_items, self._test_items = [], []
        colours = self._display.class_colours(dataset.class_colours)
        for name, colour, marker in zip(dataset.class_names, colours, dataset.class_markers, strict=True):
            symbol = marker_paths.symbol(marker)
            train = StillScatter(symbol=symbol, size=self.point_size, brush=pg.mkBrush(colour),
                                 pen=self._train_pen(), name=name)
            test = StillScatter(symbol=symbol, size=self.point_size, brush=pg.mkBrush(colour),
                                pen=self._test_pen())
            for item in (train, test):
                item.setZValue(10)
                plot.addItem(item)
            self._legend.addItem(train, name)
            self._train_items.append(train)
            self._test_items.append(test)
        legend_test = SteadyScatter(symbol="o", size=self.point_size, brush=pg.mkBrush("#ffffff"),
                                         pen=self._test_pen())
        self._legend.addItem(legend_test, "test points")
        self._fit_legend()
        self._lut, self._class_rgb = self._display.class_heatmap(dataset.class_colours)

    def _rebuild_fit_items(self, dataset: Dataset) -> None:
        """Curve fitting: the samples (test ones outlined), the network's curve and the training errors."""
        colour = self._display.class_colours(dataset.class_colours[:1])[0]
        train = StillScatter(symbol="o", size=self.point_size, brush=pg.mkBrush(colour), pen=self._train_pen())
        test = StillScatter(symbol="o", size=self.point_size, brush=pg.mkBrush(colour), pen=self._test_pen())
        for item in (train, test):
            item.setZValue(10)
            self.plot.addItem(item)
        self._train_items, self._test_items = [train], [test]
        legend_test = SteadyScatter(symbol="o", size=self.point_size, brush=pg.mkBrush("#ffffff"),
                                         pen=self._test_pen())
        self._legend.addItem(train, "training samples")
        self._legend.addItem(legend_test, "test samples")
        self._legend.addItem(self._curve, "network's curve")
        self._legend.addItem(self._residuals, "errors")
        self._fit_legend()
        self._image.setVisible(False)
        self._boundary.setVisible(False)
        self._lut, self._class_rgb = None, self._display.class_heatmap([colour])[1]

    def _train_pen(self):
        return pg.mkPen("w", width=self._display.size(TRAIN_OUTLINE))

    def _test_pen(self):
        return pg.mkPen("#111111", width=self._display.size(TEST_OUTLINE))

    def set_show_test(self, show: bool) -> None:
        self._show_test = show
        for item in self._test_items:
            item.setVisible(show)
        if self._dataset is not None and len(self.cloud):
            self._update_cloud(self._dataset)
        if self._dataset is not None:  # hidden test points cannot be hovered
            self.marks.set_positions(self._dataset.points, None if show else ~self._dataset.is_test)

    def fit(self) -> None:
        """Show the data's whole plane again."""
        if self._dataset is None:
            return
        xmin, xmax, ymin, ymax = self._dataset.bounds()
        self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        if self._zoomed:
            self._zoomed = False
            self.view_changed.emit(None)

    @property
    def is_zoomed(self) -> bool:
        return self._zoomed

    def show_range(self, plane: tuple[float, float, float, float]) -> None:
        """Look at this part of the plane (xmin, xmax, ymin, ymax), as if the user had panned and zoomed there."""
        xmin, xmax, ymin, ymax = plane
        self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        self._zoomed = True
        self.view_changed.emit((float(xmin), float(xmax), float(ymin), float(ymax)))

    def looked_at(self) -> tuple[float, float, float, float] | None:
        """The part of the plane looked at, when the user panned or zoomed; None while it shows the whole data."""
        if not self._zoomed:
            return None
        (xmin, xmax), (ymin, ymax) = self.plot.getViewBox().viewRange()
        return float(xmin), float(xmax), float(ymin), float(ymax)

    def _on_range_changed_manually(self, *_args) -> None:
        self._zoomed = True
        self._view_timer.start()

    def _on_view_timer_timeout(self) -> None:
        (xmin, xmax), (ymin, ymax) = self.plot.getViewBox().viewRange()
        self.view_changed.emit((float(xmin), float(xmax), float(ymin), float(ymax)))

    def mouseDoubleClickEvent(self, event) -> None:
        self.fit()
        event.accept()

    def _fit_legend(self) -> None:
        """As many legend entries side by side as the widget's width holds; the rest wrap onto more rows, so
        long class names never push the plane out of its place."""
        legend = self._legend
        for sample, _label in legend.items:
            sample.set_zoom(self._display.zoom)
        available = self.width() - self._display.size(LEGEND_MARGIN)
        for columns in range(max(1, len(legend.items)), 0, -1):
            if columns != legend.columnCount:
                legend.setColumnCount(columns)
            if legend.layout.preferredWidth() <= available:
                break

    def resizeEvent(self, event) -> None:
        # The legend's columns first, for the new width: the base class then lays the plot out within the width
        # the legend leaves (the other way round, a legend narrowed after the layout left the plot as wide as the
        # old legend, cut off at the widget's edge). The base class resizes before __init__ has made the legend,
        # and again while closing, after it has deleted the scene's items (touching the legend then would crash).
        if hasattr(self, "_legend") and not self.closed:
            self._fit_legend()
        super().resizeEvent(event)

    def decorations(self) -> QSize:
        """How much of this widget the axes, labels and legend take (the rest is the plane)."""
        plane = self.plot.getViewBox().size()
        if plane.width() <= 1 or plane.height() <= 1:
            return QSize(60, 100)  # before the first layout: about right at the default font
        return QSize(round(self.width() - plane.width()), round(self.height() - plane.height()))

    # ----- snapshots ----------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Paint the probabilities and the decision boundary of one frame (or the neuron clicked in the
        network diagram, large). In curve fitting: the network's curve through the samples."""
        p = snapshot.probabilities
        self._snapshot = snapshot
        if self._dataset is None or (snapshot.task == "fit") != self._dataset.is_fit or \
                (not self._dataset.is_fit and p.shape[2] != self._dataset.n_classes):
            return  # a frame from before a change of classes or task; the next one will fit
        focused = snapshot.focus_map is not None
        self._caption.setVisible(focused)
        fit = snapshot.task == "fit"
        if focused:
            layer, neuron = snapshot.focus
            what = "Input" if layer == 0 else f"Layer {layer}, neuron {neuron + 1}"
            self._caption.setText(f"{what}: its output\n(click it again to go back)")
            values = np.nan_to_num(snapshot.focus_map)
            peak = float(np.abs(values).max()) or 1.0
            self._image.setImage(values / peak, levels=(-1.0, 1.0), lut=self._focus_lut, autoLevels=False)
        elif not fit and p.shape[2] == 2 and self._lut is not None:
            self._image.setImage(p[:, :, 1], levels=(0.0, 1.0), lut=self._lut, autoLevels=False)
        elif not fit:
            self._image.setImage(theme.regions_rgb(p, self._class_rgb), levels=(0, 255), autoLevels=False)
        # After the image: setRect scales by the image's size, so before the first image it does nothing.
        xmin, xmax, ymin, ymax = snapshot.bounds
        self._image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        if fit:
            self.arrows.show_arrows(None, None)
            self._show_fit(snapshot, focused)
            return
        self._boundary.setVisible(not focused)
        # The rings mark points by their place in the data: only a frame of the data shown can place them.
        current = snapshot.data_version == self._data_version and snapshot.misclassified is not None and \
            len(snapshot.misclassified) == len(self._dataset)
        if current:
            wrong = snapshot.misclassified if self._show_test else snapshot.misclassified & ~self._dataset.is_test
            self.marks.show_wrong(wrong if self._show_wrong else None)
        segments = snapshot.boundary_segments.reshape(-1, 2)
        self._boundary.setData(segments[:, 0], segments[:, 1], connect="pairs")
        arrows = snapshot.plane_arrows if current and snapshot.plane_arrows is not None and \
            len(snapshot.plane_arrows) == len(self._dataset) else None
        self.arrows.show_arrows(self._dataset.points if arrows is not None else None, arrows)

    def _show_fit(self, snapshot: Snapshot, focused: bool) -> None:
        self._image.setVisible(focused)  # a neuron's output over the plane, when one was clicked
        curve = snapshot.fit_curve
        self._curve.setData(curve[:, 0], curve[:, 1])
        self._curve.setVisible(True)
        # Each training sample's error: a line from it to the curve, straight up or down.
        train = self._dataset.train_points
        if len(train):
            predicted = np.interp(train[:, 0], curve[:, 0], curve[:, 1])
            ends = np.empty((2 * len(train), 2), np.float32)
            ends[0::2] = train
            ends[1::2, 0], ends[1::2, 1] = train[:, 0], predicted
            self._residuals.setData(ends[:, 0], ends[:, 1], connect="pairs")
        self._residuals.setVisible(bool(len(train)) and not focused)
        if not focused and snapshot.fit_line is not None:
            a, b = snapshot.fit_line
            # A diverged fit has no equation to show (never "nan" on the plane; the metrics panel says why).
            finite = bool(np.isfinite([a, b]).all())
            self._caption.setText(f"network: y = {a:.2f} · x {'−' if b < 0 else '+'} {abs(b):.2f}" if finite else "")
            self._caption.setVisible(finite)

    # ----- linked hovering ----------------------------------------------------------------------
    def highlight(self, index: int) -> None:
        """Ring one data point (-1: none), e.g. the one hovered in the hidden space."""
        self.marks.highlight(index)

    def set_show_mistakes(self, show: bool) -> None:
        self._show_wrong = show
        if not show:
            self.marks.show_wrong(None)

    def leaveEvent(self, event) -> None:
        self.marks.leave()
        super().leaveEvent(event)

    def image_array(self) -> np.ndarray | None:
        """The heatmap currently shown (for tests)."""
        return None if self._image.image is None else np.array(self._image.image)


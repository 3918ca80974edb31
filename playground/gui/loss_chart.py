"""The loss chart: loss and accuracy on the training and test points over the training steps, live.

Two stacked plots share the step axis. The history lives in preallocated arrays of bounded size: when they
fill up, older points are thinned to one per step interval while the newest stay at full resolution, so a run
of millions of steps is shown whole, from its first step. The four curves are created once and only get new
data, at most once per pass of the event loop however many snapshots arrive.

The axes move in steps, not every frame: the step axis ends at a round number a little past the newest step, and
the loss axis runs from 0 to a round number above the highest loss. A moving range makes pyqtgraph lay out an
axis's ticks and labels again, the costliest part of a frame; with round ends that happens a few times a
second early in a run and then hardly at all, while the curves still grow every frame.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..core.loss_history import LossHistory, history_from_rows
from ..core.snapshot import Metrics, Snapshot
from . import theme
from .chart_axes import LossAxis, StepAxis, round_end
from .chart_legend import ChartLegend
from .curve_columns import column_samples
from .display import Display
from .pace_timer import PaceTimer
from .pixel_lines import PixelCurve
from .plot_axes import style_axes

TRAIN_COLOUR = theme.TEXT
TEST_COLOUR = "#0877bd"
MIN_STEP_SPAN = 10.0  # the step axis shows at least this many steps (a run that just began, one step at a time)
LOG_FLOOR = 1e-6  # losses at or below zero are drawn here on the log scale, which cannot show them
# Sizes at zoom 1: fonts in points, the rest in pixels.
TICK_POINTS, TITLE_POINTS = 11.0, 12
MIN_TITLE_POINTS = 9.0  # a title may shrink to this on a plot too short for it (a small screen)
LINE_WIDTH = 2
# While training, the curves are handed their history at most this often (a new point per frame moves a line by
# under a pixel; redrawing four curves at every frame cost a fifth of a 4,2 frame's work in the window).
REFRESH_SECONDS = 0.05
LOSS_AXIS_WIDTH = 66
MARGINS = (2, 9, 10, 2)  # around the plots; room for a tick label at the top edge
PLOT_GAP = 14  # between the two plots: room for the loss's lowest label and the accuracy's highest, apart

_TIPS = {
    "chart": "How wrong the network is (loss, lower is better) and how often it is right (accuracy), "
             "as training goes on",
    "train": "Training points: the ones the network learns from",
    "test": "Test points: kept aside, to see how the network does on points it never learned from",
    "log": "Stretch the loss axis so that small improvements near zero stay visible (a logarithmic scale)",
}

# Rows of the history array.
_STEP, _TRAIN_LOSS, _TEST_LOSS, _TRAIN_ACCURACY, _TEST_ACCURACY = range(5)


def _pen(colour: str, style: Qt.PenStyle = Qt.PenStyle.SolidLine, width: float = LINE_WIDTH):
    return pg.mkPen(colour, width=width, style=style)


def _for_display(loss: np.ndarray, log: bool = False) -> np.ndarray:
    """Losses as drawn: no value below the log floor, and anything not finite left as a gap; on the log scale,
    their log10 (what a plot in log mode draws)."""
    with np.errstate(invalid="ignore"):
        shown = np.where(np.isfinite(loss), np.maximum(loss, LOG_FLOOR), np.nan)
    return np.log10(shown) if log else shown


class LossChart(QWidget):
    """Train and test loss (top) and accuracy in percent (bottom) against the training step."""

    MAX_POINTS = 2000

    def __init__(self, parent: QWidget | None = None) -> None:
        theme.configure_pyqtgraph()
        super().__init__(parent)
        self.setObjectName("loss_chart")
        self._display = Display(self)  # the window's, once it gives it (set_display)
        self._line = self.fontMetrics().height()  # at zoom 1
        self.setMinimumSize(self._line * 13, self._line * 11)  # two small plots, their axes and the legend row
        self.setAutoFillBackground(True)  # one white card: the legend row matches the plots
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
        self.setPalette(palette)
        # Newest points kept at full resolution when the history is thinned, and room for the thinned rest.
        self._recent_capacity = self.MAX_POINTS // 4
        self._archive_capacity = self.MAX_POINTS // 2
        self._data = np.full((5, self.MAX_POINTS), np.nan, dtype=np.float64)
        self._count = 0
        self._last_estimated = False  # whether the newest point's figures were estimated on a sample
        self._stride = 0.0  # steps per kept point in the thinned part of the history; 0 while nothing is thinned
        self._generation: int | None = None
        self._waiting: tuple[LossHistory, int, int] | None = None  # see go_on_from
        self._task = "classify"
        self._title_points: float | None = None  # the plots' titles' size; None: at the zoom

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.legend = ChartLegend(TRAIN_COLOUR, TEST_COLOUR, LINE_WIDTH, _TIPS)
        self.log_scale_checkbox = self.legend.log_scale_checkbox
        self.log_scale_checkbox.toggled.connect(self._on_log_scale_checkbox_toggled)
        layout.addWidget(self.legend)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.graphics.setToolTip(_TIPS["chart"])
        self.graphics.ci.setContentsMargins(*MARGINS)
        self.graphics.ci.setSpacing(6)
        layout.addWidget(self.graphics, 1)

        self.loss_plot = self._add_plot(row=0, label="Loss", step_axis=False)
        self.accuracy_plot = self._add_plot(row=1, label="Accuracy", step_axis=True)
        self.accuracy_plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.getViewBox().sigResized.connect(self._fit_titles)
        self.loss_plot.getViewBox().sigResized.connect(self._on_plot_resized)
        self.loss_plot.disableAutoRange()
        self._x_range: tuple[float, float] | None = None  # the step axis's ends as last set (see _show_x_range)
        self._loss_range: tuple[float, float] | None = None  # the loss axis's, on the linear scale
        self.loss_plot.getAxis("bottom").setStyle(showValues=False)
        self.accuracy_plot.disableAutoRange()
        self.accuracy_plot.setYRange(0, 100, padding=0.06)
        accuracy_axis = self.accuracy_plot.getAxis("left")
        accuracy_axis.setTicks([[(0, "0%"), (50, "50%"), (100, "100%")], []])
        accuracy_axis.setStyle(textFillLimits=[(0, 0.95)])  # all three labels, even on a short plot
        # The first step's label sits on the left edge; let it stick out a little rather than vanish.
        self.accuracy_plot.getAxis("bottom").setStyle(hideOverlappingLabels=8)
        self.accuracy_plot.setLabel("bottom", "Training steps", **self._label_style())

        dashed = Qt.PenStyle.DashLine
        self.train_loss_curve = self._add_curve(self.loss_plot, TRAIN_COLOUR, Qt.PenStyle.SolidLine)
        self.test_loss_curve = self._add_curve(self.loss_plot, TEST_COLOUR, dashed)
        self.train_accuracy_curve = self._add_curve(self.accuracy_plot, TRAIN_COLOUR, Qt.PenStyle.SolidLine)
        self.test_accuracy_curve = self._add_curve(self.accuracy_plot, TEST_COLOUR, dashed)

        self._refresh_pending = False
        self._drawn_columns = 0  # the plot's width in pixels the curves were last drawn for (see refresh)
        self._refresh_timer = PaceTimer(REFRESH_SECONDS, self)
        self._refresh_timer.timeout.connect(self.refresh)
        self._show_x_range()
        self._show_loss_range()

    # ----- zoom and palette ---------------------------------------------------------------------
    def set_display(self, display: Display) -> None:
        """Draw at this display's zoom and in its palette, and follow its changes."""
        self._display = display
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()

    def _series_colours(self) -> tuple[str, str]:
        """(training, test) curves: dark grey and blue, or black and Okabe and Ito's blue in high contrast."""
        return self._display.text_colour, self._display.weight_colours[0]

    def _on_display_changed(self) -> None:
        d = self._display
        zoom = d.zoom
        self.setMinimumSize(d.minimum(self._line * 13), d.minimum(self._line * 11))
        self.graphics.ci.setContentsMargins(*(d.size(m) for m in MARGINS))
        self.graphics.ci.setSpacing(d.size(6))
        self.graphics.ci.layout.setRowSpacing(0, d.size(PLOT_GAP))
        for plot in (self.loss_plot, self.accuracy_plot):
            style_axes(plot, self.font().family(), TICK_POINTS, d)
            plot.getAxis("left").setWidth(round(d.size(LOSS_AXIS_WIDTH)))
            # A label at a plot's end may reach past it by half its height, drawn whole, not cut in two.
            plot.getAxis("left").setStyle(hideOverlappingLabels=round(d.size(PLOT_GAP / 2)))
        steps = self.accuracy_plot.getAxis("bottom")
        steps.setLabel(steps.labelText, **self._label_style())
        self._title_points = None
        self._fit_titles()
        self.loss_plot.getAxis("left").label_spacing = d.size(22)
        train, test = self._series_colours()
        dashed = Qt.PenStyle.DashLine
        for curve, colour, style in ((self.train_loss_curve, train, Qt.PenStyle.SolidLine),
                                     (self.test_loss_curve, test, dashed),
                                     (self.train_accuracy_curve, train, Qt.PenStyle.SolidLine),
                                     (self.test_accuracy_curve, test, dashed)):
            curve.setPen(_pen(colour, style, d.size(LINE_WIDTH)))
        self.legend.show_samples(train, test, zoom)

    # ----- building ----------------------------------------------------------------------------
    def _label_style(self, points: float | None = None) -> dict[str, str]:
        """An axis title's style: at the zoom, or at `points`."""
        size = self._display.css_points(TITLE_POINTS) if points is None else f"{points:g}pt"
        return {"color": self._display.text_colour, "font-size": size}

    def _fit_titles(self, *_args) -> None:
        """The plots' own titles (Loss, Accuracy) at the zoom, but no longer than the plots are high: in a short
        chart they would run into each other and into the labels. Never smaller than MIN_TITLE_POINTS."""
        font = QFont(self.font().family())
        font.setPointSizeF(TITLE_POINTS)
        metrics = QFontMetricsF(font)
        axes = [plot.getAxis("left") for plot in (self.loss_plot, self.accuracy_plot)]
        longest = max(metrics.horizontalAdvance(axis.labelText) for axis in axes)
        room = min(plot.getViewBox().height() for plot in (self.loss_plot, self.accuracy_plot))
        points = self._display.points(TITLE_POINTS)
        if longest > 0 and room > 1:
            points = max(MIN_TITLE_POINTS, min(points, TITLE_POINTS * room / longest))
        points = round(points, 1)
        if points != self._title_points:
            self._title_points = points
            for axis in axes:
                axis.setLabel(axis.labelText, **self._label_style(points))

    def _add_plot(self, row: int, label: str, step_axis: bool) -> pg.PlotItem:
        axis_items = {"bottom": StepAxis("bottom")} if step_axis else {"left": LossAxis("left")}
        plot = self.graphics.ci.addPlot(row=row, col=0, axisItems=axis_items, enableMenu=False)
        plot.setMenuEnabled(False)
        plot.getViewBox().setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(False, False)  # the chart always follows the run; nothing to pan or zoom
        style_axes(plot, self.font().family(), TICK_POINTS)
        plot.getAxis("left").setWidth(LOSS_AXIS_WIDTH)  # the same for both plots, so their step axes line up
        plot.setLabel("left", label, **self._label_style())
        return plot

    @staticmethod
    def _add_curve(plot: pg.PlotItem, colour: str, style: Qt.PenStyle) -> PixelCurve:
        """A curve broken where a value is not a number (see pixel_lines.py: drawn in two fifths of the time). On the
        log scale it is handed log10 of the values (refresh)."""
        curve = PixelCurve(_pen(colour, style), antialias=True)
        plot.addItem(curve)
        return curve

    # ----- history -----------------------------------------------------------------------------
    def set_task(self, task: str) -> None:
        """Classification charts accuracy; curve fitting charts R² (how much of y the curve explains)."""
        if task == self._task:
            return
        self._task = task
        fit = task == "fit"
        axis = self.accuracy_plot.getAxis("left")
        axis.setTicks([[(0, "0"), (50, "0.5"), (100, "1")] if fit else [(0, "0%"), (50, "50%"), (100, "100%")],
                       []])
        self.accuracy_plot.setLabel("left", "Fit (R²)" if fit else "Accuracy", **self._label_style(self._title_points))
        self.refresh()

    @property
    def history_length(self) -> int:
        """How many points the chart holds now (at most MAX_POINTS)."""
        return self._count

    def add_snapshot(self, snapshot: Snapshot) -> None:
        """Add one frame's metrics (see add_metrics)."""
        self.add_metrics(snapshot.generation, snapshot.metrics)

    def add_metrics(self, generation: int, m: Metrics) -> None:
        """Add one frame's metrics. A new generation or a step going backwards starts a new history; a
        frame at the step last shown (paused training) adds nothing, except that figures measured on every point
        take the place of ones estimated on a sample at that step (training paused there). Drawing waits for the
        event loop."""
        step = float(m.step)
        last_step = self._data[_STEP, self._count - 1] if self._count else math.nan
        if generation != self._generation or step < last_step:
            self._clear_history()
            self._generation = generation
            self._take_waiting_history(step)
            last_step = self._data[_STEP, self._count - 1] if self._count else math.nan
        if step == last_step:
            if self._last_estimated and not m.estimated:
                self._data[:, self._count - 1] = (step, m.train_loss, m.test_loss, m.train_accuracy, m.test_accuracy)
                self._last_estimated = False
                self._schedule_refresh()
            return
        if self._count == self.MAX_POINTS:
            self._thin_history()
        self._data[:, self._count] = (step, m.train_loss, m.test_loss, m.train_accuracy, m.test_accuracy)
        self._count += 1
        self._last_estimated = m.estimated
        self._schedule_refresh()

    def history(self) -> LossHistory | None:
        """What the chart holds now (thinned as shown), for a scenario file; None when it is empty."""
        return history_from_rows(self._data[:, :self._count]) if self._count else None

    def go_on_from(self, history: LossHistory | None, weights_step: int) -> None:
        """A scenario with trained weights (at `weights_step`) and its `history` was opened: the first new run
        of frames that starts at that step or later (the loaded weights' own) carries the history on. Frames
        of the one or two runs begun before the weights arrived (step 0: the network being rebuilt) do not."""
        self._waiting = (history, weights_step, 3) if history is not None and len(history) else None

    def _take_waiting_history(self, step: float) -> None:
        if self._waiting is None:
            return
        history, weights_step, runs_left = self._waiting
        if step < weights_step:
            self._waiting = (history, weights_step, runs_left - 1) if runs_left > 1 else None
            return
        self._waiting = None
        rows = np.array(history.rows(), dtype=np.float64)
        rows = rows[:, rows[_STEP] < step]  # this frame's own comes next
        if rows.shape[1] > self._archive_capacity:  # evenly thinned, the newest kept
            keep = np.unique(np.linspace(rows.shape[1] - 1, 0, self._archive_capacity).round().astype(int))
            rows = rows[:, keep]
        self._data[:, :rows.shape[1]] = rows
        self._count = rows.shape[1]

    def clear(self) -> None:
        """Forget the history; the next snapshot starts a new one, whatever its generation."""
        self._clear_history()
        self._waiting = None
        self._generation = None
        self._schedule_refresh()

    def _clear_history(self) -> None:
        self._count = 0
        self._last_estimated = False  # whether the newest point's figures were estimated on a sample
        self._stride = 0.0

    def _thin_history(self) -> None:
        """Make room: keep the newest points as they are and, before them, only the first point of each
        `stride`-step interval, doubling the stride until that part fits its share of the arrays."""
        split = self._count - self._recent_capacity
        steps = self._data[_STEP, :split]
        if self._stride == 0.0:
            span = max(steps[-1] - steps[0], 1.0)
            self._stride = 2.0 ** math.ceil(math.log2(max(span / self._archive_capacity, 1.0)))
        kept = _first_in_each_interval(steps, self._stride)
        while kept.size > self._archive_capacity:
            # Power-of-two intervals nest, so a point dropped now never comes back later.
            self._stride *= 2.0
            kept = _first_in_each_interval(steps, self._stride)
        n_kept = kept.size
        self._data[:, :n_kept] = self._data[:, kept]
        self._data[:, n_kept:n_kept + self._recent_capacity] = self._data[:, split:self._count]
        self._count = n_kept + self._recent_capacity

    # ----- drawing -----------------------------------------------------------------------------
    def _schedule_refresh(self) -> None:
        # A flag, not a timer call per snapshot: a burst of snapshots costs one redraw and no Qt calls. The first
        # change after a quiet spell is drawn at once; the next waits until REFRESH_SECONDS after that.
        if not self._refresh_pending:
            self._refresh_pending = True
            self._refresh_timer.start_paced()

    def _columns(self) -> int:
        """The plot's width in the screen's own pixels (twice its width on a high-density screen)."""
        return int(self.loss_plot.getViewBox().width() * self.graphics.devicePixelRatioF())

    def _on_plot_resized(self, *_args) -> None:
        """A long history is drawn for the plot's width in pixels (see refresh): again at a new width."""
        columns = self._columns()
        if columns != self._drawn_columns and self._count > 4 * max(1, min(columns, self._drawn_columns)):
            self._schedule_refresh()

    def refresh(self) -> None:
        """Hand the history to the curves now (normally done by a timer after add_snapshot: see
        _schedule_refresh)."""
        self._refresh_pending = False
        self._refresh_timer.ran()
        n = self._count
        self._show_x_range()
        # (fresh arrays: pyqtgraph keeps the arrays it is given, and the history arrays are rewritten in place)
        steps = self._data[_STEP, :n]
        # Accuracy in percent; R² (curve fitting) on the same 0 to 100 scale, below 0 shown as 0.
        low = 0.0 if self._task == "fit" else -np.inf
        columns = self._drawn_columns = self._columns()
        log = self.log_scale_checkbox.isChecked()
        for curve, values in ((self.train_loss_curve, _for_display(self._data[_TRAIN_LOSS, :n], log)),
                              (self.test_loss_curve, _for_display(self._data[_TEST_LOSS, :n], log)),
                              (self.train_accuracy_curve, 100.0 * np.maximum(self._data[_TRAIN_ACCURACY, :n], low)),
                              (self.test_accuracy_curve, 100.0 * np.maximum(self._data[_TEST_ACCURACY, :n], low))):
            drawn = column_samples(steps, values, self._x_range, columns)  # (see curve_columns.py)
            curve.setData(steps[drawn], values[drawn])
        self._show_loss_range()

    def _show_x_range(self) -> None:
        """The step axis runs from the first step to a round number of steps at or past the newest (see
        round_end), without padding; it is set again only when that changes."""
        if self._count:
            first, last = self._data[_STEP, 0], self._data[_STEP, self._count - 1]
        else:
            first, last = 0.0, 100.0
        wanted = (first, first + round_end(max(last - first, MIN_STEP_SPAN)))
        if self._x_range != wanted:
            self._x_range = wanted
            self.loss_plot.setXRange(*wanted, padding=0.0)

    def _show_loss_range(self) -> None:
        """On the linear scale the loss axis runs from 0 to a round number at or above the highest loss drawn,
        set again only when that changes; the log scale ranges itself (pyqtgraph's autorange)."""
        if self.log_scale_checkbox.isChecked():
            return
        n = self._count
        drawn = _for_display(self._data[_TRAIN_LOSS:_TEST_LOSS + 1, :n]) if n else np.empty(0)
        finite = drawn[np.isfinite(drawn)]
        highest = float(finite.max()) if finite.size else 1.0
        wanted = (0.0, round_end(max(highest, LOG_FLOOR)))
        if self._loss_range != wanted:
            self._loss_range = wanted
            self.loss_plot.setYRange(*wanted, padding=0.0)

    def _on_log_scale_checkbox_toggled(self, checked: bool) -> None:
        self.loss_plot.setLogMode(y=checked)
        self._x_range = self._loss_range = None  # switching the log mode turns autorange back on for both axes
        self.refresh()  # the curves' values on the new scale; the step range, and the linear scale's loss range
        if checked:  # the log scale ranges itself, from the new values, at once
            self.loss_plot.enableAutoRange(axis="y")
            self.loss_plot.getViewBox().updateAutoRange()


def _first_in_each_interval(steps: np.ndarray, stride: float) -> np.ndarray:
    """Indices of the first of the (sorted) steps in each interval [k * stride, (k + 1) * stride)."""
    interval = np.floor(steps / stride)
    first = np.ones(steps.size, dtype=bool)
    first[1:] = interval[1:] != interval[:-1]
    return np.flatnonzero(first)

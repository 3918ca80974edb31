"""The optimisers' losses side by side: one line each (the training loss with the penalty, after each step of the
comparison), in the colours of their paths on the loss landscape, with a legend naming them. Under the landscape
while optimisers are compared."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ..core.landscape_frames import RacePath
from . import theme
from .display import Display
from .plot_axes import style_axes

RACE_COLOURS = {"sgd": "#ff1744", "momentum": "#ff9100", "rmsprop": "#d500f9", "adam": "#00b8d4"}
TICK_POINTS = 9


def race_colour(optimizer: str) -> str:
    return RACE_COLOURS.get(optimizer, "#ffffff")


class RaceChart(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None) -> None:
        theme.configure_pyqtgraph()
        super().__init__(parent)
        self._display = Display(self)
        self.setBackground("w")
        self.setObjectName("race_chart")
        self.setMinimumHeight(140)
        self.setMaximumHeight(170)
        self.setToolTip("The training loss after each step of each optimizer, from the same start: lower is better. "
                        "The same colours as their paths on the landscape.")
        # The legend in a row of its own above the plot, so that it never hides a line.
        self.legend = pg.LegendItem(colCount=4, labelTextColor=theme.TEXT, horSpacing=12, verSpacing=-6)
        self.ci.addItem(self.legend, row=0, col=0)
        self.plot_item = item = self.ci.addPlot(row=1, col=0, enableMenu=False)
        self.ci.layout.setRowStretchFactor(1, 1)
        self.ci.setContentsMargins(2, 0, 2, 2)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        item.enableAutoRange(y=False)
        style_axes(item, self.font().family(), TICK_POINTS)
        self._lines: dict[str, pg.PlotDataItem] = {}
        self._labels: dict[str, str] = {}

    def set_display(self, display: Display) -> None:
        self._display = display
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()

    def _on_display_changed(self) -> None:
        d = self._display
        item = self.plot_item
        style_axes(item, self.font().family(), TICK_POINTS, d)
        labels = {"font-size": f"{d.points(TICK_POINTS):.0f}pt", "color": d.text_colour}
        item.setLabel("left", "Loss", **labels)
        item.setLabel("bottom", "Steps", **labels)
        self.setMinimumHeight(round(d.size(140)))
        self.setMaximumHeight(round(d.size(170)))
        for name, line in self._lines.items():
            line.setPen(pg.mkPen(race_colour(name), width=d.size(2)))
        self.legend.setLabelTextSize(f"{d.points(TICK_POINTS):.0f}pt")
        self._relabel()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "legend"):  # (not while it is being made)
            self._fit_legend()

    def _fit_legend(self) -> None:
        """Four names in a row when they fit, else two rows of two."""
        columns = 4 if self.width() >= self._display.size(370) else 2
        if self.legend.columnCount != columns:
            self.legend.setColumnCount(columns)

    def show_race(self, race: tuple[RacePath, ...]) -> None:
        """One line per optimiser (made when first needed, then updated)."""
        names = [run.optimizer for run in race]
        for name in list(self._lines):
            if name not in names:
                self.legend.removeItem(self._lines[name])
                self.plot_item.removeItem(self._lines.pop(name))
                self._labels.pop(name, None)
        for run in race:
            line = self._lines.get(run.optimizer)
            if line is None:
                line = self._lines[run.optimizer] = self.plot_item.plot(
                    pen=pg.mkPen(race_colour(run.optimizer), width=self._display.size(2)))
            objective = np.asarray(run.objective, np.float64)
            finite = np.isfinite(objective)
            line.setData(np.arange(len(objective))[finite], objective[finite])
            self._labels[run.optimizer] = run.label + (" (blew up)" if run.diverged else "")
        # From zero to a little above where they started: a wild first step (RMSprop's, often) runs off the top
        # rather than squash every other line flat.
        starts = [float(run.objective[0]) for run in race if len(run.objective) and np.isfinite(run.objective[0])]
        if starts and max(starts) > 0:
            self.plot_item.setYRange(0.0, 1.3 * max(starts), padding=0.02)
        self._relabel()

    def _relabel(self) -> None:
        """The legend in the runs' order, named as they did."""
        self.legend.clear()
        for name, line in self._lines.items():
            self.legend.addItem(line, self._labels.get(name, name))
        self._fit_legend()

    def lines(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """What each line shows, (steps, losses), by optimiser (for tests and exports)."""
        return {name: (np.asarray(line.xData), np.asarray(line.yData)) for name, line in self._lines.items()}

"""Holds one plot widget and sizes it so its plot area (not the whole widget) is square, centred across and at
the top (so it sits right under the toolbar), with optional widgets kept right above and below it (controls
that belong to the plot). It can shrink to a small square: the window, not the plot, decides how much room
there is."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_SIDE = 120  # the smallest plot square, in layout pixels
REFITS = 3  # fit_soon fits this many times, a few milliseconds apart


class SquareContainer(QWidget):
    def __init__(self, child: QWidget, decorations: Callable[[], QSize], parent: QWidget | None = None,
                 above: QWidget | None = None, below: QWidget | None = None) -> None:
        """`decorations()` tells how much of the child's size its axes, labels and legend take."""
        super().__init__(parent)
        self._child = child
        self._decorations = decorations
        self._above, self._below = above, below
        for widget in (child, above, below):
            if widget is not None:
                widget.setParent(self)
        child.setMinimumSize(0, 0)  # placed by hand here: its own minimum would push it out of this box
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(20)
        self._refit_timer.timeout.connect(self._on_refit_timer_timeout)
        self._refits_left = 0

    def fit_soon(self) -> None:
        """Fit the child again once it has taken its new decorations (at another zoom, pyqtgraph's axes measure
        their text when they next paint, and lay the plot out again after that)."""
        self._refits_left = REFITS
        self._refit_timer.start()
        self.updateGeometry()  # the minimum size follows the decorations too

    def _on_refit_timer_timeout(self) -> None:
        self.fit_child()
        self.updateGeometry()
        self._refits_left -= 1
        if self._refits_left > 0:
            self._refit_timer.start()

    def sizeHint(self) -> QSize:
        return QSize(700, 700)

    def _extras(self) -> tuple[int, int]:
        """The heights of the widgets above and below the plot."""
        top = self._above.sizeHint().height() if self._above is not None else 0
        bottom = self._below.sizeHint().height() if self._below is not None else 0
        return top, bottom

    def minimumSizeHint(self) -> QSize:
        extra = self._decorations()
        top, bottom = self._extras()
        width = max([extra.width() + MIN_SIDE] + [w.minimumSizeHint().width() for w in (self._above, self._below)
                                                  if w is not None])
        return QSize(width, extra.height() + MIN_SIDE + top + bottom)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_child()

    def fit_child(self) -> None:
        extra = self._decorations()
        top, bottom = self._extras()
        side = max(50, min(self.width() - extra.width(), self.height() - extra.height() - top - bottom))
        width, height = side + extra.width(), side + extra.height()
        x, y = (self.width() - width) // 2, 0
        for widget, widget_y, widget_height in ((self._above, y, top), (self._below, y + top + height, bottom)):
            if widget is not None:  # as wide as the plot, or as its own controls need, within this box
                across = min(self.width(), max(width, widget.minimumSizeHint().width()))
                widget.setGeometry((self.width() - across) // 2, widget_y, across, widget_height)
        self._child.setGeometry(x, y + top, width, height)

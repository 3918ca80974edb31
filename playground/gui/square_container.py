"""Holds one plot widget and sizes it so its plot area (not the whole widget) is square, centred across and at
the top (so it sits right under the toolbar), with optional widgets kept right above and below it (controls
that belong to the plot)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


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
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(child.minimumSize())

    def sizeHint(self) -> QSize:
        return QSize(700, 700)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_child()

    def fit_child(self) -> None:
        extra = self._decorations()
        top = self._above.sizeHint().height() if self._above is not None else 0
        bottom = self._below.sizeHint().height() if self._below is not None else 0
        side = max(50, min(self.width() - extra.width(), self.height() - extra.height() - top - bottom))
        width, height = side + extra.width(), side + extra.height()
        x, y = (self.width() - width) // 2, 0
        if self._above is not None:
            self._above.setGeometry(x, y, width, top)
        self._child.setGeometry(x, y + top, width, height)
        if self._below is not None:
            self._below.setGeometry(x, y + top + height, width, bottom)

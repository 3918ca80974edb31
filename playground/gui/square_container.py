"""Holds one plot widget and sizes it so its plot area (not the whole widget) is square and centred."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class SquareContainer(QWidget):
    def __init__(self, child: QWidget, decorations: Callable[[], QSize], parent: QWidget | None = None) -> None:
        """`decorations()` tells how much of the child's size its axes, labels and legend take."""
        super().__init__(parent)
        self._child = child
        self._decorations = decorations
        child.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(child.minimumSize())

    def sizeHint(self) -> QSize:
        return QSize(700, 700)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_child()

    def fit_child(self) -> None:
        extra = self._decorations()
        side = max(50, min(self.width() - extra.width(), self.height() - extra.height()))
        width, height = side + extra.width(), side + extra.height()
        self._child.setGeometry((self.width() - width) // 2, (self.height() - height) // 2, width, height)

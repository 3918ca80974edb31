"""Two square views (the plane and the hidden space) side by side, or one above the other, whichever gives
them the larger squares: a wide window puts them side by side, a narrow or tall one stacks them."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget

# What a view needs beyond its square: axes, legend or controls, roughly (pixels across, pixels down).
DECORATIONS = (70, 150)


class ViewsPair(QWidget):
    def __init__(self, first: QWidget, second: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._second = second
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(first, 1)
        self._layout.addWidget(second, 1)

    @property
    def stacked(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.TopToBottom

    def arrange(self) -> None:
        """Choose the arrangement for the current size. Only the visible views share the space."""
        width, height = self.width(), self.height()
        across, down = DECORATIONS
        if not self._second.isVisibleTo(self):
            return
        side_by_side = min(width / 2 - across, height - down)
        stacked = min(width - across, height / 2 - down)
        direction = QBoxLayout.Direction.TopToBottom if stacked > side_by_side * 1.05 \
            else QBoxLayout.Direction.LeftToRight  # a small margin, so it does not flip back and forth
        if direction != self._layout.direction():
            self._layout.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

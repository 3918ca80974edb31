"""Two square views (the plane and the hidden space) side by side, or one above the other, whichever gives
them the larger squares: a wide window puts them side by side, a narrow or tall one stacks them. The first
view (the plane) gets the larger share: it is what everyone came to see. When the window is too small for
both (the plane would get too small a square), only the first is shown, with a note saying how to make room
for the second."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

# What a view needs beyond its square: axes, legend or controls, roughly (pixels across, pixels down).
DECORATIONS = (70, 150)
FIRST_SHARE = 3, 2  # the plane's share of the room against the hidden space's
SHARED_SIDE_LINES = 16  # the plane's smallest square beside the second view, in lines of text (about 270 pixels)
SQUEEZED_NOTE = "The hidden space needs more room: hide the controls (Ctrl+B) or widen the window."


class ViewsPair(QWidget):
    second_shown_changed = Signal(bool)  # the second view appeared or went (wanted, and room for it, or not)

    def __init__(self, first: QWidget, second: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first, self._second = first, second
        self._wanted = True  # the user wants the second view (it is shown when there is room)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(first, FIRST_SHARE[0])
        self._layout.addWidget(second, FIRST_SHARE[1])
        self.note = QLabel(SQUEEZED_NOTE)
        self.note.setProperty("role", "caption")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.note.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._layout, 1)
        outer.addWidget(self.note)

    @property
    def stacked(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.TopToBottom

    @property
    def second_shown(self) -> bool:
        return self._second.isVisibleTo(self)

    def set_second_wanted(self, wanted: bool) -> None:
        """Show the second view when there is room for it (True), or never (False)."""
        self._wanted = wanted
        self.arrange()

    def minimumSizeHint(self) -> QSize:
        """Room for the first view: the second one goes when there is no room for it."""
        return self._first.minimumSizeHint().expandedTo(self._first.minimumSize())

    def _fits(self, direction: QBoxLayout.Direction, width: int, height: int) -> bool:
        first, second = (w.minimumSizeHint().expandedTo(w.minimumSize()) for w in (self._first, self._second))
        if direction == QBoxLayout.Direction.LeftToRight:
            return first.width() + second.width() <= width and max(first.height(), second.height()) <= height
        return max(first.width(), second.width()) <= width and first.height() + second.height() <= height

    def _min_shared_side(self) -> int:
        """The smallest square the plane may have to share the room with the second view."""
        return self.fontMetrics().height() * SHARED_SIDE_LINES

    def arrange(self) -> None:
        """Choose the arrangement for the current size, and whether there is room for the second view: both
        views' controls must fit, and the plane keep a square of a fair size."""
        width, height = self.width(), self.height()
        across, down = DECORATIONS
        second_min = self._second.minimumSizeHint().expandedTo(self._second.minimumSize())
        spacing = self._layout.spacing()
        share = FIRST_SHARE[0] / sum(FIRST_SHARE)
        # The plane's square in each arrangement (the second view takes at least its minimum)
        side_by_side = min(min(width * share, width - second_min.width() - spacing) - across, height - down)
        stacked = min(width - across, min(height * share, height - second_min.height() - spacing) - down)
        direction = QBoxLayout.Direction.TopToBottom if stacked > side_by_side * 1.05 \
            else QBoxLayout.Direction.LeftToRight  # a small margin, so it does not flip back and forth
        room = self._fits(direction, width, height) and max(side_by_side, stacked) >= self._min_shared_side()
        show = self._wanted and room
        if direction != self._layout.direction() and show:
            self._layout.setDirection(direction)
        self.note.setVisible(self._wanted and not room)
        if show != self.second_shown:
            self._second.setVisible(show)
            self.second_shown_changed.emit(show)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

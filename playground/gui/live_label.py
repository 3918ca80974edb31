"""A one-line label for a number that changes every frame (loss, accuracy, the epoch and step counters).

QLabel.setText asks the layouts above the label to lay out again, unless the label's size is fixed: the
request climbs to the window, and every frame the whole window's layout was worked out again (each word-wrapped
line measured anew). A LiveLabel keeps a fixed size: as wide as the widest text it has shown (or a sample of the
widest it will show), so a new value that fits is only repainted, and one that needs more room widens it once.
Its font changing (the display's zoom, the style sheet) measures it again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLabel, QWidget

_REMEASURE = (QEvent.Type.FontChange, QEvent.Type.StyleChange)


class LiveLabel(QLabel):
    """QLabel at a fixed size that only grows with its text. `widest`: a text at least as wide as any it will
    show (e.g. "100.0%"), so that it keeps its size from the start."""

    def __init__(self, text: str = "", widest: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._widest = widest
        self._room = QSize(0, 0)
        self._fit()

    def setText(self, text: str) -> None:
        if text == self.text():
            return
        super().setText(text)
        self._fit()

    def set_widest(self, widest: str) -> None:
        """A new sample of the widest text (measured now, in the current font)."""
        self._widest = widest
        self._measure_again()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in _REMEASURE:
            self._measure_again()  # (a smaller font may take less room)

    def _measure_again(self) -> None:
        self._room = QSize(0, 0)
        self.setMinimumSize(0, 0)  # (QLabel's size hint is never below its minimum size)
        self._fit()

    def _fit(self) -> None:
        """Fix the size to the room the text (and the widest sample) needs, never less than before."""
        needed = self.sizeHint()
        if self._widest:
            margins = self.contentsMargins()
            sample = self.fontMetrics().horizontalAdvance(self._widest) + margins.left() + margins.right() \
                + 2 * self.margin()
            needed.setWidth(max(needed.width(), sample))
        room = self._room.expandedTo(needed)
        if room != self._room or self.minimumSize() != room or self.maximumSize() != room:
            self._room = room
            self.setFixedSize(room)

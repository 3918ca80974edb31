"""The hidden-space replay's slider, whose range grows with every frame while training.

Qt repaints a slider at every change of its range or value, and the replay's history gets a frame (a new range and
value) with every frame shown: a repaint of the slider each frame, about a twentieth of the hidden space's cost.
While the handle sits at the right end ("live") before and after, nothing moves on screen, so the range and value
are then set without one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider, QWidget


class HistorySlider(QSlider):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._quiet = False  # changes of range and value repaint nothing

    def at_end(self) -> bool:
        """The handle is drawn at the right end (a slider of one position draws it at the left)."""
        return self.maximum() > self.minimum() and self.value() == self.maximum()

    def set_range_and_value(self, maximum: int, value: int) -> None:
        """Range 0 to `maximum` and `value` (signals as set up by the caller), repainted only when the handle
        moves on screen."""
        was_at_end = self.at_end()
        self._quiet = True
        try:
            self.setRange(0, maximum)
            self.setValue(value)
        finally:
            self._quiet = False
        if not (was_at_end and self.at_end()):
            self.update()

    def sliderChange(self, change: QSlider.SliderChange) -> None:
        if not self._quiet:
            super().sliderChange(change)

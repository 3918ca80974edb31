"""A slider over a list of values (points, noise, learning rates, speeds...), with the chosen value written
beside it. It reports a value once, when the user lets go (or uses the keys), not at every pixel."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget


class ValueSlider(QWidget):
    value_chosen = Signal(object)

    def __init__(self, values: Sequence, fmt: Callable[[object], str], tip: str, last: object = ...) -> None:
        """`last`: a special value that always stays at the end ("all" points, "full" speed)."""
        super().__init__()
        self.values = list(values)
        self._fmt = fmt
        self._last = last
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, len(self.values) - 1)
        self.slider.setPageStep(max(1, len(self.values) // 10))
        self.slider.setTracking(False)
        self.slider.setToolTip(tip)
        self.label = QLabel()
        self.label.setProperty("role", "value")
        self.label.setMinimumWidth(52)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self.slider.sliderMoved.connect(lambda i: self.label.setText(self._fmt(self.values[i])))
        self.slider.valueChanged.connect(self._on_slider_value_changed)

    def _on_slider_value_changed(self, index: int) -> None:
        self.label.setText(self._fmt(self.values[index]))
        self.value_chosen.emit(self.values[index])

    @property
    def value(self):
        return self.values[self.slider.value()]

    def set_value(self, value) -> None:
        """Show a value without emitting; one not in the list (from a file or the command line) is added
        in its place."""
        if value not in self.values:
            ordinary = sorted([v for v in self.values if v != self._last] + [value])
            self.values = ordinary + ([self._last] if self._last in self.values else [])
            self.slider.setRange(0, len(self.values) - 1)
        with QSignalBlocker(self.slider):
            self.slider.setValue(self.values.index(value))
        self.label.setText(self._fmt(value))

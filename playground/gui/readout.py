"""A number in large type under its caption (the epoch and step counters, the presentation's test score)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .live_label import LiveLabel


def readout(caption: str, initial: str, margin: int) -> tuple[QWidget, QLabel, LiveLabel]:
    """(the box, its caption, its value label: set every frame, so a LiveLabel)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(margin, 0, margin, 0)
    layout.setSpacing(0)
    title = QLabel(caption)
    title.setProperty("role", "caption")
    value = LiveLabel(initial)
    value.setProperty("role", "big")
    layout.addWidget(title)
    layout.addWidget(value)
    return box, title, value

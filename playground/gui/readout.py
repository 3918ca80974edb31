"""A number in large type under its caption (the epoch and step counters, the presentation's test score)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def readout(caption: str, initial: str, margin: int) -> tuple[QWidget, QLabel, QLabel]:
    """(the box, its caption, its value label)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(margin, 0, margin, 0)
    layout.setSpacing(0)
    title = QLabel(caption)
    title.setProperty("role", "caption")
    value = QLabel(initial)
    value.setProperty("role", "big")
    layout.addWidget(title)
    layout.addWidget(value)
    return box, title, value

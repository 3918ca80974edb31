"""A bar above the plane that offers something and waits for the learner: a line of text, a button that
accepts and one that declines. Hidden until shown; neither button takes focus, so Space stays Play."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class OfferBar(QFrame):
    def __init__(self, name: str, background: str, border: str, accept: str, decline: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(f"#{name} {{ background: {background}; border: 1px solid {border}; border-radius: 4px; }}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.accept_button = QPushButton(accept)
        self.decline_button = QPushButton(decline)
        layout.addWidget(self.label, 1)
        for button in (self.accept_button, self.decline_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

"""The very first start's welcome: a bar above the plane that offers the first lesson ("Start here") or lets the
learner explore on their own. It changes nothing until clicked, and is shown only once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

WELCOME = "New here? The lessons lead you through neural networks one idea at a time."
WELCOME_TIP = ("Lesson 1 starts with a single neuron telling rabbits from unicorns. You can also just explore: pick "
               "data, build a network, press Play. The lessons stay in View > Lessons (Ctrl+L).")


class StartHere(QFrame):
    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_here")
        self.setStyleSheet("#start_here { background: #e8f5e9; border: 1px solid #9ccc9f; border-radius: 4px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel(WELCOME)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        self.setToolTip(WELCOME_TIP)
        self.start_button = QPushButton("Start here")
        self.start_button.setToolTip("Open lesson 1: a neuron is a weighted sum and an activation")
        self.later_button = QPushButton("Not now")
        self.later_button.setToolTip("The lessons stay in View > Lessons (Ctrl+L)")
        for button in (self.start_button, self.later_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space stays Play
        layout.addWidget(self.label, 1)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.later_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.later_button.clicked.connect(self.hide)
        self.hide()

    def _on_start_button_clicked(self) -> None:
        self.hide()
        self.start_requested.emit()

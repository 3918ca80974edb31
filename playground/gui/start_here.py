"""The very first start's welcome: a bar above the plane that offers the first lesson ("Start here") or lets the
learner explore on their own. It changes nothing until clicked, and is shown only once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy, QWidget

from .offer_bar import OfferBar

WELCOME = "New here? The lessons lead you through neural networks one idea at a time."
WELCOME_TIP = ("Lesson 1 starts with a single neuron telling rabbits from unicorns. You can also just explore: pick "
               "data, build a network, press Play. The lessons stay in View > Lessons (Ctrl+L).")


class StartHere(OfferBar):
    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("start_here", "#e8f5e9", "#9ccc9f", "Start here", "Not now", parent)
        self.start_button, self.later_button = self.accept_button, self.decline_button
        self.label.setText(WELCOME)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        self.setToolTip(WELCOME_TIP)
        self.start_button.setToolTip("Open lesson 1: a neuron is a weighted sum and an activation")
        self.later_button.setToolTip("The lessons stay in View > Lessons (Ctrl+L)")
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.later_button.clicked.connect(self.hide)

    def _on_start_button_clicked(self) -> None:
        self.hide()
        self.start_requested.emit()

"""A bar above the views for what the training process wants the learner to know: that it is not responding
or keeps stopping (with a button to start it again), or a notice (it was restarted, a value could not be used)
that goes away by itself or with its button. Hidden while all is well."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

HUNG_TEXT = ("The training process is not responding. It may be busy with a very large step; "
             "if it stays like this, restart it (the data, network and settings are kept).")
CRASHED_TEXT = "The training process stopped and could not be started again by itself."
NOTICE_MS = 20_000  # a notice stays this long unless dismissed


class ProcessBanner(QFrame):
    restart_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("process_banner")
        self.setStyleSheet("#process_banner { background: #fff4e0; border: 1px solid #f0c27a; border-radius: 4px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.clicked.connect(self._on_button_clicked)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._health = "ok"
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self._on_notice_timeout)
        self.hide()

    def show_health(self, health: str) -> None:
        """'ok' hides a health warning; 'hung' and 'crashed' say what happened and offer a restart."""
        self._health = health
        text = {"hung": HUNG_TEXT, "crashed": CRASHED_TEXT}.get(health)
        if text is None:
            if not self._notice_timer.isActive():
                self.hide()
            return
        self._notice_timer.stop()
        self.label.setText(text)
        self.button.setText("Restart training")
        self.button.setToolTip("Start the training process again, from the data, network and settings shown "
                               "(the weights start over from the seed)")
        self.show()

    def show_notice(self, text: str) -> None:
        """A message that needs no action; it goes after a while (a health warning stays in front)."""
        if self._health != "ok":
            return
        self.label.setText(text)
        self.button.setText("OK")
        self.button.setToolTip("Hide this message")
        self.show()
        self._notice_timer.start()

    def _on_button_clicked(self) -> None:
        if self._health != "ok":
            self.restart_requested.emit()
        self._notice_timer.stop()
        self.hide()

    def _on_notice_timeout(self) -> None:
        if self._health == "ok":
            self.hide()

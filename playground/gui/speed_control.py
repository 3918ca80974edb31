"""The speed of training, beside Play: a slider from slow motion (each step shown) to fast, and a button for
full speed that goes back to the slower speed when clicked again. It shows and changes the session's speed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ..core.scenario import WATCHABLE_SPEED
from .session import Session
from .value_slider import ValueSlider

SPEEDS = (1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 300.0, 1000.0, None)  # steps per second; None: full speed
FULL_BUTTON_STYLE = """
QToolButton { border: 1px solid #cfd8dc; border-radius: 4px; padding: 3px 8px; background: #ffffff; }
QToolButton:hover { background: #e3e8eb; }
QToolButton:checked { background: #d6e6f2; border: 1px solid #8fb8d8; }
"""


def speed_text(speed: float | None) -> str:
    return "full" if speed is None else f"{speed:g} steps/s"


class SpeedControl(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._slow = WATCHABLE_SPEED  # where the full-speed button goes back to
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        caption = QLabel("Speed")
        caption.setProperty("role", "caption")
        tip = ("Speed: from slow motion (a few steps a second, each one shown) to as fast as the computer can go. "
               "Slow enough to watch the boundary move; full speed to get the result at once.")
        caption.setToolTip(tip)
        layout.addWidget(caption)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.slider = ValueSlider(SPEEDS, speed_text, tip, last=None)
        self._size_to_text()
        self.slider.label.installEventFilter(self)  # its font changes with the zoom, after ours
        self.full_button = QToolButton()
        self.full_button.setText("Full speed")
        self.full_button.setCheckable(True)
        self.full_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.full_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep Space for Play
        self.full_button.setStyleSheet(FULL_BUTTON_STYLE)
        row.addWidget(self.slider, 1)
        row.addWidget(self.full_button)
        row.addStretch(0)
        layout.addLayout(row)
        self.slider.value_chosen.connect(session.set_speed)
        self.full_button.clicked.connect(self._on_full_button_clicked)
        session.speed_changed.connect(self._on_session_speed_changed)
        self._on_session_speed_changed(session.speed)

    def _size_to_text(self) -> None:
        """Room for the longest speed in the label's font (it grows with the zoom); a longer slider is no more
        precise."""
        em = self.fontMetrics().horizontalAdvance("M")
        label = self.slider.label
        label.ensurePolished()
        label_width = label.fontMetrics().horizontalAdvance("1000 steps/s") + 4
        self.slider.slider.setMinimumWidth(em * 5)
        label.setMinimumWidth(label_width)
        self.slider.setMaximumWidth(em * 14 + label_width)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_to_text()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.slider.label and event.type() == QEvent.Type.FontChange:
            self._size_to_text()
        return super().eventFilter(watched, event)

    @property
    def value(self) -> float | None:
        """The speed shown (steps per second; None: full speed)."""
        return self.slider.value

    def _on_full_button_clicked(self, checked: bool) -> None:
        self._session.set_speed(None if checked else self._slow)

    def _on_session_speed_changed(self, speed: float | None) -> None:
        if speed is not None:
            self._slow = speed
        self.slider.set_value(speed)
        with QSignalBlocker(self.full_button):
            self.full_button.setChecked(speed is None)
        self.full_button.setToolTip(f"Back to {speed_text(self._slow)}" if speed is None
                                    else "Full speed: train as fast as the computer can go")

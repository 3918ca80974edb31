"""The bar across the top: reset, play/pause and step, the speed, and the epoch and step counters."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget

from ..core.snapshot import Snapshot
from . import icons, theme
from .live_label import LiveLabel
from .readout import readout
from .session import Session
from .speed_control import SpeedControl


def _counter(caption: str) -> tuple[QWidget, LiveLabel]:
    box, _, value = readout(caption, "0", 12)
    value.set_widest("00,000")  # no jumps as it counts (in the large font, at any zoom)
    return box, value


class TransportBar(QWidget):
    play_requested = Signal()
    pause_requested = Signal()
    step_requested = Signal()
    reset_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._playing = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(10)

        self.reset_button = self._button(icons.reset_icon(64, theme.TEXT), 36,
                                         "Reset: new starting weights from the seed, back to step 0 (R)")
        self.play_button = self._button(icons.play_icon(128, "#ffffff", theme.ACCENT), 60,
                                        "Play: train continuously (Space)")
        self.play_button.setObjectName("play_button")
        self.step_button = self._button(icons.step_icon(64, theme.TEXT), 36,
                                        "Step: one training step, then look (S, or →; after you click a slider "
                                        "or a list, the arrows move it instead)")
        self.reset_button.clicked.connect(self.reset_requested)
        self.play_button.clicked.connect(self._on_play_button_clicked)
        self.step_button.clicked.connect(self.step_requested)
        for button in (self.reset_button, self.play_button, self.step_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.step_size_combo = QComboBox()
        self.step_size_combo.addItem("1 step", "step")
        self.step_size_combo.addItem("1 epoch", "epoch")
        self.step_size_combo.setToolTip("What Step does: one update of the weights, or a whole epoch "
                                        "(every training point seen once)")
        self.step_size_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep Space and the arrows for playing
        layout.addWidget(self.step_size_combo, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addSpacing(12)
        self.speed_control = SpeedControl(session)
        layout.addWidget(self.speed_control, 1, Qt.AlignmentFlag.AlignVCenter)  # its slider grows a little
        layout.addSpacing(4)

        epoch_box, self.epoch_label = _counter("Epoch")
        epoch_box.setToolTip("Epochs: how many times the network has seen the whole training set")
        step_box, self.step_label = _counter("Step")
        step_box.setToolTip("Steps: how many times the weights have been updated")
        for box in (epoch_box, step_box):
            layout.addWidget(box)
        layout.addStretch(1)

        self._play_icon = self.play_button.icon()
        self._pause_icon = icons.pause_icon(128, "#ffffff", theme.ACCENT)
        for keys, slot in (("Space", self._on_play_button_clicked), ("S", self.step_requested.emit),
                           ("Right", self.step_requested.emit), ("R", self.reset_requested.emit)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    @staticmethod
    def _button(icon, size: int, tip: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setIconSize(QSize(size, size))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    @property
    def steps_by_epoch(self) -> bool:
        return self.step_size_combo.currentData() == "epoch"

    @property
    def is_playing(self) -> bool:
        return self._playing

    def set_playing(self, playing: bool) -> None:
        """Show the state; emits nothing."""
        self._playing = playing
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self.play_button.setToolTip("Pause (Space)" if playing else "Play: train continuously (Space)")
        self.step_button.setEnabled(not playing)

    def _on_play_button_clicked(self) -> None:
        if self._playing:
            self.pause_requested.emit()
        else:
            self.play_requested.emit()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        m = snapshot.metrics
        self.epoch_label.setText(f"{m.epoch:,.1f}" if m.epoch < 100 else f"{m.epoch:,.0f}")
        self.step_label.setText(f"{m.step:,}")

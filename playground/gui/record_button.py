"""The Record button, at the right end of the menu bar: a click starts recording (its arrow chooses the view and
the format), a red dot with the time and the frame count shows that it records, and a second click stops and asks
where to save. The recording itself is done by gui/recorder.py."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from ..core.animation import FORMATS
from . import theme
from .recorder import VIEW_NAMES, Recorder

RECORD_RED = "#d32f2f"
TICK_MS = 250  # how often the time shown is updated
IDLE_TIP = ("Record {view} as {format} while it trains (the arrow chooses what and how). "
            "Click again to stop and save")


def _icon(shape: str, colour: str, size: int = 64) -> QIcon:
    """A red disc (record) or a square (stop), drawn so it is crisp at any size."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    if shape == "disc":
        p.drawEllipse(QRectF(0.2 * size, 0.2 * size, 0.6 * size, 0.6 * size))
    else:
        p.drawRoundedRect(QRectF(0.24 * size, 0.24 * size, 0.52 * size, 0.52 * size), 0.06 * size, 0.06 * size)
    p.end()
    return QIcon(pixmap)


class RecordButton(QWidget):
    def __init__(self, recorder: Recorder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recorder = recorder
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.button = QToolButton()
        self.button.setObjectName("record_button")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep Space for Play
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self._on_button_clicked)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # no taller than the menu bar's own items, so the bar (and the views under it) keep their height
        self.button.setAutoRaise(True)
        self.button.setStyleSheet("QToolButton#record_button { padding: 0px 3px; margin: 0px; }")
        self.button.setIconSize(QSize(14, 14))
        self._record_icon, self._stop_icon = _icon("disc", RECORD_RED), _icon("square", theme.TEXT)
        menu = QMenu(self.button)
        menu.addSection("Record")
        self.view_actions = self._choices(menu, [(VIEW_NAMES[v].capitalize(), v) for v in VIEW_NAMES],
                                          recorder.view)
        menu.addSection("As")
        self.format_actions = self._choices(menu, [("MP4 video", ".mp4"), ("Animated GIF", ".gif")],
                                            recorder.suffix)
        self.button.setMenu(menu)
        self.indicator = QLabel()
        self.indicator.setObjectName("record_indicator")
        self.indicator.setStyleSheet(f"color: {RECORD_RED}; font-weight: bold;")
        self.indicator.setToolTip("Recording: the time so far and the frames taken")
        self.indicator.hide()
        layout.addWidget(self.button)
        layout.addWidget(self.indicator)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._show_progress)
        recorder.started.connect(self._on_recorder_started)
        recorder.stopped.connect(self._on_recorder_stopped)
        self._show_idle()

    def _choices(self, menu: QMenu, items, chosen) -> dict[str, QAction]:
        group = QActionGroup(self)
        actions = {}
        for text, value in items:
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(value == chosen)
            action.setData(value)
            action.toggled.connect(self._show_idle)
            group.addAction(action)
            actions[value] = action
        return actions

    @property
    def chosen_view(self) -> str:
        return next(v for v, a in self.view_actions.items() if a.isChecked())

    @property
    def chosen_format(self) -> str:
        return next(v for v, a in self.format_actions.items() if a.isChecked())

    def _on_button_clicked(self) -> None:
        if self.recorder.recording:
            self.recorder.stop()
        else:
            self.recorder.start(self.chosen_view, self.chosen_format)

    def _on_recorder_started(self) -> None:
        self.button.setText("Stop")
        self.button.setIcon(self._stop_icon)
        self.button.setToolTip("Stop recording, and choose where to save it")
        for action in (*self.view_actions.values(), *self.format_actions.values()):
            action.setEnabled(False)
        self.indicator.show()
        self._show_progress()
        self._tick.start()

    def _on_recorder_stopped(self) -> None:
        self._tick.stop()
        self.indicator.hide()
        for action in (*self.view_actions.values(), *self.format_actions.values()):
            action.setEnabled(True)
        self._show_idle()

    def _show_idle(self, *_args) -> None:
        if self.recorder.recording:
            return
        self.button.setText("Record")
        self.button.setIcon(self._record_icon)
        self.button.setToolTip(IDLE_TIP.format(view=VIEW_NAMES[self.chosen_view],
                                               format="an " + FORMATS[self.chosen_format]))

    def _show_progress(self) -> None:
        seconds = int(self.recorder.elapsed)
        frames = self.recorder.frames
        dropped = self.recorder.dropped
        text = f"● REC {seconds // 60}:{seconds % 60:02d} · {frames:,} frame{'s' if frames != 1 else ''}"
        if self.recorder.preparing:
            text = "● Getting the video encoder ready (only the first time)…"
        if dropped:
            text += f" · {dropped:,} dropped"
        self.indicator.setText(text)


def install_recording(window) -> Recorder:
    """Give the window a recorder and put its button at the right end of the menu bar: the top bar has no room
    left on a 1024-pixel screen, and the menu bar has plenty (and is not in a recording of the window)."""
    recorder = Recorder(window)
    window.record_button = button = RecordButton(recorder)
    bar = window.menuBar()
    bar.setCornerWidget(button, Qt.Corner.TopRightCorner)
    window.snapshot_shown.connect(lambda _snapshot: recorder.mark_changed() if recorder.recording else None)
    # Presenting hides the menu bar, and Record with it; a recording keeps the bar, so its Stop and its indicator
    # stay on screen.
    presentation = window.presentation
    presentation.active_changed.connect(lambda active: bar.setVisible(not active or recorder.recording))
    recorder.stopped.connect(lambda: bar.setVisible(not presentation.active))
    return recorder

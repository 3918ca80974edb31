"""Where the window was: its size and place, the splitters and whether the controls column is shown, kept in
QSettings between runs. The first start fills the screen's free area (maximised), and on a small screen starts
with the controls column hidden. PLAYGROUND_HOME, when set,
keeps the settings in an INI file there instead of the user's own settings (the tests use it)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QMainWindow

SETTINGS_FILE = "settings.ini"
GEOMETRY, CONTROLS = "window/geometry", "window/controls_shown"
SPLITTERS = ("window/views_splitter", "window/results_splitter")
COMPACT_WIDTH = 1200  # a window narrower than this starts without the controls column (a 1024x768 projector)


def open_settings() -> QSettings:
    """The app's settings: the platform's own place (named after the application), or PLAYGROUND_HOME's."""
    home = os.environ.get("PLAYGROUND_HOME")
    if home:
        return QSettings(str(Path(home) / SETTINGS_FILE), QSettings.Format.IniFormat)
    return QSettings()


def fit_to_screen(window: QMainWindow) -> None:
    """Size the window to its screen's free area (the desktop less task bars), never under its minimum size."""
    screen = window.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    size = area.size().expandedTo(window.minimumSizeHint()).expandedTo(window.minimumSize())
    window.resize(size)
    window.move(area.topLeft())


def restore_window(window: QMainWindow, settings: QSettings | None) -> bool:
    """Put the window where `settings` say it was; with none saved, fill the screen (maximised). True when it
    was restored."""
    geometry = settings.value(GEOMETRY) if settings is not None else None
    if geometry is None or not window.restoreGeometry(geometry):
        fit_to_screen(window)
        if settings is not None:  # the real app's first start; tests without settings keep a plain window
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return False
    return True


def restored_layout(settings: QSettings | None, width: int) -> tuple[tuple[bytes | None, bytes | None], bool]:
    """(the splitters' saved states, whether the controls column is shown) from `settings`. The first start on a
    small screen (a window narrower than COMPACT_WIDTH) hides the controls, so the views get the room: the
    button at the top left shows them."""
    if settings is None:
        return (None, None), True
    first, second = (_bytes(settings.value(key)) for key in SPLITTERS)
    shown = settings.value(CONTROLS, width >= COMPACT_WIDTH) not in (False, "false", "0", 0)  # INI gives text
    return (first, second), shown


def _bytes(value) -> bytes | None:
    try:
        return bytes(value.data() if isinstance(value, QByteArray) else value) if value else None
    except (TypeError, ValueError):
        return None  # something else than what was saved: keep the first sizes


def save_window(window: QMainWindow, settings: QSettings, splitters: tuple[bytes, bytes], controls_shown: bool) -> None:
    settings.setValue(GEOMETRY, window.saveGeometry())
    for key, state in zip(SPLITTERS, splitters, strict=True):
        settings.setValue(key, QByteArray(state))
    settings.setValue(CONTROLS, controls_shown)
    settings.sync()

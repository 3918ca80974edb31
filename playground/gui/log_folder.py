"""The window's side of the log files: the line each start writes (what runs: the app, Python, Qt), and
Help > Open log folder, so that a learner can hand the files to whoever helps them."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication

from .. import paths

log = logging.getLogger("playground.window")


def start_window_log() -> Path | None:
    """Start the window process's log file with its start line; returns the file, None if it cannot be written.
    The training process writes its own file (paths.TRAINING_LOG), with torch's version and the device."""
    display = QGuiApplication.platformName() if QGuiApplication.instance() is not None else "none"
    return paths.start_logging(f"Qt {qVersion()} (PySide6 {pyside_version}), display {display}")


def training_log_file(window_log: Path | None) -> Path | None:
    """The training process's log file, beside the window's (None when the window has none)."""
    return window_log.with_name(paths.TRAINING_LOG) if window_log is not None else None


def open_log_folder(questions) -> bool:
    """Open the log folder in the file manager, making it first; on failure say where it is (through the window's
    `questions`, so tests answer it). True when the file manager was asked to open it."""
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        questions.warn("Cannot open the log folder",
                       f"The log folder {folder} could not be made, so there are no log files to look at. Check "
                       "that your home folder has room and that you may write in it.")
        return False
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    log.warning("the file manager did not open %s", folder)
    questions.warn("Cannot open the log folder",
                   f"No file manager opened it. The log files are in this folder:\n\n{folder}\n\n"
                   f"{paths.WINDOW_LOG} is the window's, {paths.TRAINING_LOG} the training's; open the folder in "
                   "your file manager to find them.")
    return False


def add_log_folder_action(window, help_menu) -> QAction:
    """Help > Open log folder in `window`'s Help menu."""
    action = QAction("Open &log folder", window)
    tip = "Shows the folder with the app's log files, for whoever helps you when something goes wrong"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda _=False: open_log_folder(window.questions))
    help_menu.addAction(action)
    return action

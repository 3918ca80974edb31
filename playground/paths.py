"""Where the app keeps its files: the autosaved session in the user data folder, the log in the user log folder,
what can be made again in the user cache folder (platformdirs picks the platform's own places). PLAYGROUND_HOME,
when set, puts them all under one folder instead (the tests use it, so they never touch the real home folder)."""

from __future__ import annotations

import logging
import os
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

APP_NAME = "neural-playground"
# Each process writes its own file: two processes rotating one file would rename it under each other (on Windows
# the rename fails while the other holds it open). The window's process writes WINDOW_LOG, the training process
# TRAINING_LOG; each file is rotated by its own writer.
WINDOW_LOG = "playground.log"
TRAINING_LOG = "training.log"
MAX_LOG_BYTES = 1_000_000  # past this, a log file moves to .1 (and .1 to .2 ...)
LOG_BACKUPS = 3


def _home() -> Path | None:
    home = os.environ.get("PLAYGROUND_HOME")
    return Path(home) if home else None


def data_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """What the app can make again if it is lost (the packaged app's unpacked video encoder)."""
    home = _home()
    if home is not None:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def own_lessons_dir() -> Path:
    """Where File > Save as lesson step keeps the teacher's own lessons (one file per lesson)."""
    return data_dir() / "lessons"


def log_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "log"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file(name: str = WINDOW_LOG) -> Path | None:
    """A log file (the window's, or TRAINING_LOG), its folder made; None when no folder can be made there (then
    nothing is logged)."""
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / name


def attach_log(path: str | Path, who: str) -> logging.Handler | None:
    """Send the app's log records (logger "playground", INFO and up) to `path`, rotated: past MAX_LOG_BYTES it
    becomes `path`.1 (.1 becomes .2 ... up to LOG_BACKUPS). One such handler per process: a previous one (another
    PLAYGROUND_HOME, in tests) is closed. Returns the handler, or None when the file cannot be opened."""
    root = logging.getLogger("playground")
    path = Path(path)
    for old in [h for h in root.handlers if getattr(h, "playground_log", False)]:
        if Path(old.baseFilename) == path.resolve():
            return old
        root.removeHandler(old)
        old.close()
    try:
        handler = RotatingFileHandler(path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8",
                                      delay=True)
    except OSError:
        return None
    handler.playground_log = True
    handler.setFormatter(logging.Formatter(f"%(asctime)s {who}: %(levelname)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


def start_logging(about: str = "") -> Path | None:
    """Send the window's warnings and errors to its log file (a windowed app has no console), and write one line
    that says what started (`about`: what only the caller knows, e.g. the Qt version); returns the file's path."""
    path = log_file(WINDOW_LOG)
    if path is None or attach_log(path, "window") is None:
        return None
    logging.getLogger("playground").info("%s", start_line(about))
    return path


def start_line(about: str = "") -> str:
    """"Neural Network Playground 0.1.0 started (Python 3.11.9, Linux-6.1.0-x86_64-with-glibc2.36, frozen), ..."."""
    from . import __version__

    where = f"Python {platform.python_version()}, {platform.platform()}"
    if getattr(sys, "frozen", False):
        where += ", frozen"
    return f"Neural Network Playground {__version__} started ({where})" + (f", {about}" if about else "")

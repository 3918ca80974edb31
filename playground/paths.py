"""Where the app keeps its files: the autosaved session in the user data folder, the log in the user log folder
(platformdirs picks the platform's own places). PLAYGROUND_HOME, when set, puts both under one folder instead
(the tests use it, so they never touch the real home folder)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

APP_NAME = "neural-playground"
LOG_NAME = "playground.log"
MAX_LOG_BYTES = 1_000_000  # a log above this is moved aside (to .old) at start-up


def _home() -> Path | None:
    home = os.environ.get("PLAYGROUND_HOME")
    return Path(home) if home else None


def data_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def own_lessons_dir() -> Path:
    """Where File > Save as lesson step keeps the teacher's own lessons (one file per lesson)."""
    return data_dir() / "lessons"


def log_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "log"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path | None:
    """The log file, its folder made; None when no folder can be made there (then nothing is logged)."""
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / LOG_NAME


def start_logging() -> Path | None:
    """Send the app's warnings and errors to the log file (a windowed app has no console); returns its path."""
    path = log_file()
    if path is None:
        return None
    try:
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            path.replace(path.with_suffix(".old"))
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s window: %(levelname)s %(message)s"))
    root = logging.getLogger("playground")
    if not any(getattr(h, "baseFilename", None) == handler.baseFilename for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path

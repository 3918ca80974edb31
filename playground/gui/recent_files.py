"""File > Open recent: the scenario files opened or saved last, newest first, kept between runs (QSettings).
A file that has gone since is taken off the list when chosen, with a word to say so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

RECENT_KEY = "recent/files"
MOST = 8


class RecentFiles(QObject):
    chosen = Signal(str)  # the path of a file picked from the menu

    def __init__(self, settings: QSettings | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._paths: list[str] = self._read()
        self.menu = QMenu("Open recen&t", parent)
        self.menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self._fill)
        self._fill()

    @property
    def paths(self) -> list[str]:
        return list(self._paths)

    def add(self, path: Path | str) -> None:
        """`path` was just opened or saved: first on the list."""
        text = str(Path(path).resolve())
        self._paths = [text, *[p for p in self._paths if p != text][: MOST - 1]]
        self._write()

    def remove(self, path: str) -> None:
        self._paths = [p for p in self._paths if p != path]
        self._write()

    def clear(self) -> None:
        self._paths = []
        self._write()

    # ----- the menu -----------------------------------------------------------------------------
    def _fill(self) -> None:
        self.menu.clear()
        for number, path in enumerate(self._paths, start=1):
            name = Path(path).name
            action = QAction(f"&{number} {name}" if number < 10 else name, self.menu)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.chosen.emit(p))
            self.menu.addAction(action)
        if not self._paths:
            empty = self.menu.addAction("No recent files")
            empty.setEnabled(False)
            return
        self.menu.addSeparator()
        self.menu.addAction("&Clear the list", self.clear)

    # ----- kept between runs --------------------------------------------------------------------
    def _read(self) -> list[str]:
        if self._settings is None:
            return []
        value = self._settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # an INI file gives a list of one as a plain string
            value = [value]
        if not isinstance(value, list):
            return []
        return [p for p in value if isinstance(p, str) and p][:MOST]

    def _write(self) -> None:
        if self._settings is not None:
            self._settings.setValue(RECENT_KEY, self._paths)
            self._settings.sync()
        self._fill()

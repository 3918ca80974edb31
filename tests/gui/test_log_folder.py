"""The window's log files, as support gets them: a started window writes its start line and its training process
writes its own (with the device), and Help > Open log folder opens the folder that holds them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl, qVersion

from playground import __version__, paths
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.gui import log_folder

WAIT_MS = 20_000


class FileManager:
    """Stands in for QDesktopServices.openUrl: remembers the URLs, answers `answer`."""

    def __init__(self) -> None:
        self.urls: list[QUrl] = []
        self.answer = True

    def open_url(self, url: QUrl) -> bool:
        self.urls.append(url)
        return self.answer


@pytest.fixture
def opened(monkeypatch) -> FileManager:
    manager = FileManager()
    monkeypatch.setattr(log_folder.QDesktopServices, "openUrl", manager.open_url)
    return manager


def help_action(window, text: str):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    return next(a for a in help_menu.actions() if a.text() == text)


def test_both_processes_write_their_start_line(qtbot, make_window, log_home):
    make_window(Scenario(PresetSpec("xor", points=60), NetworkSpec((3,))))
    window_log = log_home / "log" / paths.WINDOW_LOG
    training_log = log_home / "log" / paths.TRAINING_LOG
    window_lines = window_log.read_text(encoding="utf-8").splitlines()
    assert f"window: INFO Neural Network Playground {__version__} started" in window_lines[0]
    assert f"Qt {qVersion()}" in window_lines[0] and "display offscreen" in window_lines[0]
    assert "torch" not in window_lines[0]  # the window's process has no torch to ask
    qtbot.waitUntil(lambda: training_log.exists() and "training on" in training_log.read_text(encoding="utf-8"),
                    timeout=WAIT_MS)
    line = training_log.read_text(encoding="utf-8").splitlines()[0]
    assert f"training process: INFO Neural Network Playground {__version__} started" in line
    assert "training on CPU" in line


def test_help_opens_the_log_folder_and_makes_it_first(qtbot, make_window, log_home, opened):
    window = make_window(Scenario(PresetSpec("xor", points=60), NetworkSpec((3,))))
    folder = log_home / "log"
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()  # gone since the start (cleaned up by hand): the menu makes it again
    help_action(window, "Open &log folder").trigger()
    assert opened.urls == [QUrl.fromLocalFile(str(folder))]
    assert folder.is_dir()
    assert window.questions.warnings == []


def test_a_folder_the_file_manager_cannot_open_is_named_in_a_message(qtbot, make_window, log_home, opened):
    window = make_window(Scenario(PresetSpec("xor", points=60), NetworkSpec((3,))))
    opened.answer = False
    help_action(window, "Open &log folder").trigger()
    assert len(opened.urls) == 1
    [message] = window.questions.warnings
    assert str(log_home / "log") in message and paths.WINDOW_LOG in message and paths.TRAINING_LOG in message

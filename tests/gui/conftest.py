"""Opening main windows for GUI tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from playground.core.scenario import Scenario
from playground.gui import theme
from playground.gui.main_window import MainWindow
from playground.gui.session import Session

WAIT_MS = 20_000


class ScriptedQuestions:
    """Answers the window's questions without a dialog, and remembers what was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple] = []
        self.unsaved = "discard"  # the answer to "save the changes?"
        self.open: str | None = None  # the file chosen to open
        self.save: str | None = None  # the file chosen to save to
        self.restore_answer = False
        self.warnings: list[str] = []

    def unsaved_changes(self, action: str, name: str) -> str:
        self.asked.append(("unsaved", action, name))
        return self.unsaved

    def open_path(self, title: str, filters: str) -> str | None:
        self.asked.append(("open", title))
        return self.open

    def save_path(self, title: str, suggested: str, filters: str) -> str | None:
        self.asked.append(("save", title, suggested))
        return self.save

    def restore(self, when: str, what: str) -> bool:
        self.asked.append(("restore", when, what))
        return self.restore_answer

    def warn(self, title: str, text: str) -> None:
        self.asked.append(("warn", title, text))
        self.warnings.append(text)


@pytest.fixture
def make_window(qtbot):
    """Opens windows and keeps them alive until pytest-qt closes them (it holds only weak references). Their
    questions are answered by a ScriptedQuestions (`window.questions`): unsaved changes are discarded. They train
    at full speed (the app's first start is slower, to be watched) unless `own_speed` keeps the scenario's."""
    windows = []

    def make(scenario: Scenario, own_speed: bool = False) -> MainWindow:
        window = MainWindow(Session(scenario if own_speed else replace(scenario, speed=None)))
        window.set_questions(ScriptedQuestions())
        windows.append(window)
        qtbot.addWidget(window)
        window.resize(1500, 900)  # room for every view (offscreen, the screen is 800x800); layout tests set theirs
        window.show()
        qtbot.waitUntil(lambda: window.latest_snapshot is not None, timeout=WAIT_MS)
        return window

    yield make
    for window in windows:
        window.questions.unsaved = "discard"
        window.close()


def ask_process(qtbot, window):
    """What the training process itself is using (a StateReport), not the window's copy of what it sent."""
    number = window.worker.request_report()
    with qtbot.waitSignal(window.worker.report_ready, timeout=WAIT_MS,
                          check_params_cb=lambda n, _report: n == number) as blocker:
        pass
    return blocker.args[1]


@pytest.fixture
def app_theme(qapp):
    """The app's own style, font and sizes (layouts and text sizes depend on them), and the test run's back
    afterwards."""
    before = (qapp.style().name(), qapp.font(), qapp.palette(), qapp.styleSheet())
    theme.apply(qapp)
    yield
    style, font, palette, sheet = before
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)

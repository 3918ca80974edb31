"""Opening main windows for GUI tests."""

from __future__ import annotations

import pytest

from playground.core.scenario import Scenario
from playground.gui.main_window import MainWindow
from playground.gui.session import Session

WAIT_MS = 20_000


@pytest.fixture
def make_window(qtbot):
    """Opens windows and keeps them alive until pytest-qt closes them (it holds only weak references)."""
    windows = []

    def make(scenario: Scenario) -> MainWindow:
        window = MainWindow(Session(scenario))
        windows.append(window)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.latest_snapshot is not None, timeout=WAIT_MS)
        return window

    yield make
    for window in windows:
        window.close()


def ask_process(qtbot, window):
    """What the training process itself is using (a StateReport), not the window's copy of what it sent."""
    with qtbot.waitSignal(window.worker.report_ready, timeout=WAIT_MS) as blocker:
        window.worker.request_report()
    return blocker.args[0]

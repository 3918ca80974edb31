"""What the installed app shows of itself: the About box names the device that trains, and a scenario file the
system hands over (macOS: a QFileOpenEvent on double-click) opens in the window."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from playground.app import handle_file_open_events
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, save_scenario
from playground.gui.about_dialog import about_html
from playground.gui.main_window import MainWindow
from playground.gui.session import Session

WAIT_MS = 20_000


@pytest.fixture
def window(qtbot):
    window = MainWindow(Session(Scenario(PresetSpec("xor", points=100), NetworkSpec((4,)))))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.latest_snapshot is not None, timeout=WAIT_MS)
    yield window
    window.close()


def test_the_about_box_names_the_device_that_trains(qtbot, window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.about_action in help_menu.actions()
    window.about_action.trigger()
    dialog = window.about_dialog
    qtbot.waitExposed(dialog)
    device = window.latest_snapshot.device
    assert device == window.metrics_panel.speed_label.text().rsplit("on ", 1)[1]  # the readout says the same
    text = dialog.text()
    assert f"Training runs on: <b>{device}</b>" in text
    assert metadata.version("torch") in text and "PySide6" in text and "Python" in text
    dialog.accept()
    assert not dialog.isVisible()


def test_the_about_text_names_a_gpu_when_one_trains():
    assert "Training runs on: <b>CUDA (NVIDIA H100)</b>" in about_html("CUDA (NVIDIA H100)")


def test_a_file_open_event_opens_the_scenario(window, tmp_path):
    path = tmp_path / "spiral.playground.json"
    save_scenario(Scenario(PresetSpec("spiral", points=120), NetworkSpec((6, 6))), path)
    app = QApplication.instance()
    handler = handle_file_open_events(app, window)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(path)))
    finally:
        app.removeEventFilter(handler)
    assert window.session.preset.name == "spiral"
    assert len(window.session.dataset) == 120
    assert window.statusBar().currentMessage() == "Opened spiral.playground.json"

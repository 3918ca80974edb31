"""The app's progressive start (app.py's open_window): the window's first stage (top bar, controls, numbers,
diagram, the views' places) is painted before pyqtgraph is imported; its second stage (MainWindow.build_views)
makes the views, and whatever happened before it (a frame, Play, another preset) shows once it is done."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.gui.main_window import MainWindow
from playground.gui.session import Session

from .conftest import WAIT_MS, ScriptedQuestions, ask_process
from .monkey import post_key

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
from playground import app as app_module
from playground.core.scenario import Scenario

app, window = app_module.open_window(Scenario())  # PLAYGROUND_FIRST_STAGE_ONLY=1: the views are not made
result = {"painted": app_module.window_painted_at is not None, "built": window.is_built,
          "pyqtgraph_first": "pyqtgraph" in sys.modules, "torch_first": "torch" in sys.modules}
window.build_views()
result.update(built_after=window.is_built, pyqtgraph_after="pyqtgraph" in sys.modules)
print(json.dumps(result))
window.close_without_asking()
"""


def test_the_first_stage_is_painted_before_pyqtgraph_is_imported(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLAYGROUND_HOME": str(tmp_path / "home"),
           "PLAYGROUND_FIRST_STAGE_ONLY": "1"}
    run = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"painted": True, "built": False, "pyqtgraph_first": False, "torch_first": False,
                      "built_after": True, "pyqtgraph_after": True}


def _first_stage(qtbot, scenario: Scenario) -> MainWindow:
    window = MainWindow(Session(replace(scenario, speed=None)), progressive=True)
    window.set_questions(ScriptedQuestions())
    qtbot.addWidget(window)
    window.resize(1500, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def _places(window: MainWindow) -> dict:
    """Where the controls, the top bar, the numbers and the diagram are in the window, and its size."""
    parts = {"controls": window.controls_column, "data": window.data_panel, "network": window.network_panel,
             "top bar": window.transport, "play": window.transport.play_button, "numbers": window.metrics_panel,
             "diagram": window.network_diagram, "menus": window.menuBar()}
    places = {name: (widget.mapTo(window, QPoint(0, 0)), widget.size()) for name, widget in parts.items()}
    places["window"] = window.size()
    return places


def test_early_frame_play_and_preset_change_show_once_the_views_are_made(qtbot):
    from playground.core.training import Trainer

    scenario = Scenario(PresetSpec("circle", points=120), NetworkSpec((4,), "tanh"))
    window = _first_stage(qtbot, scenario)
    assert not window.is_built and not hasattr(window, "boundary_view") and window.worker.is_running
    before = _places(window)
    early = Trainer(scenario.dataset(), scenario.network, scenario.training).snapshot()
    window.show_snapshot(early)  # a frame before the views: kept
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)  # Play before the views
    assert window.transport.play_button.toolTip().startswith("Pause")  # shown as playing
    post_key(window.data_panel.preset_combo, Qt.Key.Key_Down)  # another preset before the views
    QApplication.processEvents()
    chosen = window.session.preset.name
    assert chosen != "circle"

    window.build_views()
    assert window.is_built and window.latest_snapshot is early  # the early frame, shown at once
    QApplication.processEvents()
    assert _places(window) == before  # nothing moved when the views came
    qtbot.waitUntil(lambda: window.latest_snapshot is not early and window.latest_snapshot.metrics.step > 0,
                    timeout=WAIT_MS)  # Play pressed early: it trains
    assert window.worker.is_playing
    report = ask_process(qtbot, window)
    assert report.data_version == window.session.data_version and report.n_points == len(window.session.dataset)
    assert window.session.preset.name == chosen and report.hidden == window.hidden_panel.request()
    assert window.boundary_view.dataset is window.session.dataset  # the plane shows the preset chosen early
    window.close_without_asking()


def test_a_file_and_a_lesson_asked_for_early_open_once_the_views_are_made(qtbot, tmp_path):
    from playground.core.scenario import save_scenario

    path = tmp_path / "xor.playground.json"
    save_scenario(Scenario(PresetSpec("xor", points=80), NetworkSpec((3,), "relu")), path)
    window = _first_stage(qtbot, Scenario())
    assert window.open_scenario(str(path)) is False  # not yet: the views come first
    order = []
    window.when_built(lambda: order.append(window.session.network.hidden))
    window.build_views()
    assert order == [(3,)] and window.document.path == path
    window.close_without_asking()


def test_a_window_closed_before_its_views_closes_cleanly_and_keeps_its_size(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from playground.gui.window_settings import GEOMETRY

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(Scenario()), settings=settings, progressive=True)
    qtbot.addWidget(window)
    window.showNormal()
    window.setGeometry(40, 50, 1100, 720)
    window.close()
    assert not window.isVisible() and not window.is_built
    assert bytes(settings.value(GEOMETRY).data()) == bytes(window.saveGeometry().data())  # what the next start opens


def test_a_scenario_that_hides_controls_is_built_whole_so_nothing_moves_later(qtbot):
    from playground.core.controls import ControlsSpec

    window = _first_stage(qtbot, replace(Scenario(), controls=ControlsSpec(frozenset({"classes"}), frozenset())))
    assert window.is_built and not window.class_panel.isVisible()  # hidden from the first paint
    window.close_without_asking()

"""The window's process never imports torch (a second of every start): its training process does. The import
contract checks the modules; this checks a real window that trains, opens a lesson and saves a trained scenario."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
from PySide6.QtCore import QTimer
from playground.app import _application
from playground.core.scenario import Scenario, save_scenario
from playground.gui.main_window import MainWindow
from playground.gui.session import Session

app = _application()
window = MainWindow(Session(Scenario()), autosave=False)
window.show()
result = {"torch_at_start": "torch" in sys.modules}

def trained():
    shown = window.latest_snapshot
    if shown is None or shown.metrics.step < 5:
        QTimer.singleShot(50, trained)
        return
    window.pause()
    save_scenario(window.document.scenario(), sys.argv[1])  # what File > Save writes, weights asked of the process
    result["saved"] = True
    window.lessons.open_lesson(4)
    result["torch"] = "torch" in sys.modules
    print(json.dumps(result))
    window.close_without_asking()
    app.quit()

def start():
    if window.latest_snapshot is None:
        QTimer.singleShot(50, start)
        return
    window.play()
    trained()

QTimer.singleShot(0, start)
QTimer.singleShot(90_000, app.quit)
app.exec()
"""


def test_a_window_that_trains_opens_a_lesson_and_saves_never_imports_torch(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLAYGROUND_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "trained.playground.json")],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"torch_at_start": False, "saved": True, "torch": False}
    saved = json.loads((tmp_path / "trained.playground.json").read_text(encoding="utf-8"))
    assert saved["weights"]["steps"] >= 5  # the weights came from the training process, which has torch

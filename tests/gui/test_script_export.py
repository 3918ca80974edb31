"""File > Export as PyTorch script: the script repeats the run the window trained, and carries its weights."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings

from .conftest import WAIT_MS, ask_process


@pytest.fixture
def window(make_window):
    scenario = Scenario(PresetSpec("gauss", points=40), NetworkSpec((4,), "tanh"),
                        TrainingSettings("adam", 0.03, batch_size=8, device="cpu"))  # as the script: the same digits
    return make_window(scenario)


def export_action(window):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    return next(a for a in file_menu.actions() if a.text() == "Export as &PyTorch script…")


def assigned(text: str, name: str):
    """The value a script assigns to `name` at its top level, read without running it."""
    node = next(n for n in ast.parse(text).body if isinstance(n, ast.Assign) and
                any(isinstance(t, ast.Name) and t.id == name for t in n.targets))
    return ast.literal_eval(node.value)


def test_the_exported_script_repeats_the_windows_run_and_holds_its_weights(qtbot, window, tmp_path):
    for _ in range(5):
        qtbot.mouseClick(window.transport.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 5, timeout=WAIT_MS)
    shown = window.latest_snapshot.metrics
    process = ask_process(qtbot, window)
    window.questions.save = str(tmp_path / "my-run")  # no .py typed: it is added
    export_action(window).trigger()
    assert ("save", "Export as PyTorch script", "two-blobs.py") in window.questions.asked
    path = tmp_path / "my-run.py"
    text = path.read_text(encoding="utf-8")
    assert window.questions.warnings == []
    assert assigned(text, "STEPS") == 5 and assigned(text, "START_FROM_TRAINED_WEIGHTS") is False
    assert "trained it for 5 steps" in " ".join(text.split())
    for (w, b), (w0, b0) in zip(assigned(text, "TRAINED_WEIGHTS"), process.weights, strict=True):
        np.testing.assert_array_equal(np.array(w, np.float32), w0)
        np.testing.assert_array_equal(np.array(b, np.float32), b0)
    run = subprocess.run([sys.executable, path.name], cwd=tmp_path, capture_output=True, text=True, timeout=240,
                         check=False)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["steps"] == 5
    assert abs(result["test_accuracy"] - shown.test_accuracy) <= 0.02
    assert result["train_loss"] == pytest.approx(shown.train_loss, abs=1e-4)
    assert result["test_loss"] == pytest.approx(shown.test_loss, abs=1e-4)


def test_an_untrained_network_gets_1000_steps_from_the_weights_it_has(qtbot, window, tmp_path):
    window.questions.save = None  # the dialog cancelled: nothing happens
    assert not window.export_script()
    assert window.questions.warnings == [] and list(tmp_path.iterdir()) == []
    window.questions.save = str(tmp_path / "fresh.py")
    export_action(window).trigger()
    text = (tmp_path / "fresh.py").read_text(encoding="utf-8")
    assert assigned(text, "STEPS") == 1000 and assigned(text, "START_FROM_TRAINED_WEIGHTS") is True
    assert "had not trained it yet" in " ".join(text.split())


def test_a_file_that_cannot_be_written_gets_a_plain_message(qtbot, window, tmp_path):
    window.questions.save = str(tmp_path / "missing" / "train.py")
    export_action(window).trigger()
    assert window.questions.asked[-1][:2] == ("warn", "Cannot export the script")
    assert window.questions.warnings == [f"Cannot write {tmp_path / 'missing' / 'train.py'}: its folder does not exist"]

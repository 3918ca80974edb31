"""Unsaved changes are asked about, and the work is autosaved and offered back after a crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.desired_state import dataset_digest
from playground.core.hidden_space import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, load_scenario, save_scenario
from playground.core.training import TrainingSettings
from playground.gui import autosave as autosave_module
from playground.gui.data_tools import Tool

from .conftest import WAIT_MS, ask_process
from .test_data_tools import at, choose


@pytest.fixture
def window(make_window):
    scenario = Scenario(PresetSpec("gauss", points=40), NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    return make_window(scenario)


def put_point(qtbot, window, x: float, y: float) -> None:
    choose(qtbot, window, Tool.PUT)
    qtbot.mouseClick(window.boundary_view.viewport(), Qt.MouseButton.LeftButton, pos=at(window, x, y))


def leave_orphaned_autosave(qtbot, window) -> Path:
    """Autosave now, and copy the file as a window whose process died (a crash) would have left it."""
    saves = window.autosave.saves
    window.autosave.schedule()
    qtbot.waitUntil(lambda: window.autosave.saves > saves, timeout=WAIT_MS)
    window.autosave.wait()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = window.autosave.path.with_name(f"autosave-{int(dead.stdout)}.playground-autosave.json")
    orphan.write_bytes(window.autosave.path.read_bytes())
    return orphan


def quit_with_keys(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def test_quit_with_drawn_points_asks_and_cancel_keeps_everything(qtbot, window):
    assert not window.isWindowModified()
    put_point(qtbot, window, 1.0, 1.0)
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    window.questions.unsaved = "cancel"
    quit_with_keys(qtbot, window)
    assert window.isVisible()
    assert window.questions.asked[-1][0] == "unsaved"
    assert len(window.session.dataset) == 41
    window.questions.unsaved = "discard"
    quit_with_keys(qtbot, window)
    assert not window.isVisible()
    assert not window.worker.is_running


def test_undo_back_to_the_saved_state_is_not_a_change(qtbot, window):
    put_point(qtbot, window, 1.0, 1.0)
    assert window.document.modified
    window.session.undo_stack.undo()
    assert not window.document.modified and not window.isWindowModified()
    window.training_panel.optimizer_combo.setCurrentIndex(window.training_panel.optimizer_combo.findData("sgd"))
    assert window.document.modified  # settings are part of the work too


def test_save_at_the_question_writes_every_point_then_closes(qtbot, window, tmp_path):
    put_point(qtbot, window, -2.0, 3.0)
    window.questions.unsaved = "save"
    window.questions.save = str(tmp_path / "mine")
    quit_with_keys(qtbot, window)
    assert not window.isVisible()
    saved = load_scenario(tmp_path / "mine.playground.json")
    assert dataset_digest(saved.dataset()) == dataset_digest(window.session.dataset)
    assert saved.weights is not None and saved.weights.shapes == ((4, 2), (1, 4))  # the trained weights too


def test_cancelling_the_save_dialog_cancels_the_quit(qtbot, window):
    put_point(qtbot, window, -2.0, 3.0)
    window.questions.unsaved = "save"
    window.questions.save = None  # the learner closes the file dialog
    quit_with_keys(qtbot, window)
    assert window.isVisible() and window.document.modified


def test_open_asks_first_and_cancel_changes_nothing(qtbot, window, tmp_path):
    other = tmp_path / "circle.playground.json"
    save_scenario(Scenario(PresetSpec("circle", points=100)), other)
    put_point(qtbot, window, 0.5, 0.5)
    before = window.session.dataset
    window.questions.unsaved = "cancel"
    assert not window.open_scenario(str(other))
    assert window.session.dataset is before and window.document.modified
    window.questions.unsaved = "discard"
    assert window.open_scenario(str(other))
    assert window.session.preset.name == "circle" and not window.document.modified
    assert window.windowTitle().startswith("circle")


def test_save_then_save_again_goes_to_the_same_file(qtbot, window, tmp_path):
    window.questions.save = str(tmp_path / "first.playground.json")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # no file yet: Save As
    assert (tmp_path / "first.playground.json").exists() and not window.document.modified
    put_point(qtbot, window, 0.5, 0.5)
    window.questions.save = None
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert sum(1 for q in window.questions.asked if q[0] == "save") == 1  # the second save asked nothing
    assert len(load_scenario(tmp_path / "first.playground.json").dataset()) == 41


def test_switching_preset_after_drawing_asks(qtbot, window):
    put_point(qtbot, window, 0.5, 0.5)
    combo = window.data_panel.preset_combo
    window.questions.unsaved = "cancel"
    combo.setCurrentIndex(combo.findData("spiral"))
    assert len(window.session.dataset) == 41 and window.session.preset.name == "gauss"
    assert combo.currentData() == "gauss"
    window.questions.unsaved = "discard"
    combo.setCurrentIndex(combo.findData("spiral"))
    assert window.session.preset.name == "spiral"


def test_new_scenario_asks_and_starts_afresh(qtbot, window):
    put_point(qtbot, window, 0.5, 0.5)
    window.questions.unsaved = "discard"
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.questions.asked[-1][0] == "unsaved"
    assert window.session.preset == PresetSpec() and not window.document.modified


def test_the_work_is_autosaved_soon_after_each_change(qtbot, window):
    saves = window.autosave.saves
    put_point(qtbot, window, 2.5, -1.5)
    qtbot.waitUntil(lambda: window.autosave.saves > saves, timeout=WAIT_MS)
    window.autosave.wait()
    scenario, source, _ = autosave_module.read_autosave(window.autosave.path)
    assert dataset_digest(scenario.dataset()) == dataset_digest(window.session.dataset)
    assert source is None
    window.close()  # a clean exit removes the autosave
    assert not window.autosave.path.exists()


def test_an_orphaned_autosave_is_offered_back_with_its_trained_weights(qtbot, window, make_window, tmp_path):
    put_point(qtbot, window, 2.5, -1.5)
    window.hidden_panel.choose(HiddenRequest(1, "affine", (3, 1)))  # what the hidden space shows comes back too
    for _ in range(3):
        qtbot.mouseClick(window.transport.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 3, timeout=WAIT_MS)
    trained = ask_process(qtbot, window)
    orphan = leave_orphaned_autosave(qtbot, window)
    expected = dataset_digest(window.session.dataset)
    fresh = make_window(Scenario(PresetSpec("xor", points=50)))
    fresh.questions.restore_answer = True
    assert fresh.offer_restore()
    assert fresh.questions.asked[-1][0] == "restore" and "41 points" in fresh.questions.asked[-1][2]
    assert dataset_digest(fresh.session.dataset) == expected
    assert fresh.document.modified  # restored work is not saved anywhere yet
    assert not orphan.exists()
    restored = ask_process(qtbot, fresh)  # the training process goes on from the trained weights
    assert restored.step == 3
    assert fresh.hidden_panel.choice() == window.hidden_panel.choice()
    kept = window.loss_chart.history().steps
    assert kept[-1] == 3
    qtbot.waitUntil(lambda: fresh.loss_chart.history() is not None and fresh.loss_chart.history().steps == kept,
                    timeout=WAIT_MS)  # the loss curves from step 0, not just from where the weights were
    for (w, b), (w0, b0) in zip(restored.weights, trained.weights, strict=True):
        np.testing.assert_array_equal(w, w0)
        np.testing.assert_array_equal(b, b0)


CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QPointF, Qt, QTimer
    from PySide6.QtTest import QTest
    from playground.app import _application
    from playground.core.desired_state import dataset_digest
    from playground.core.presets import PresetSpec
    from playground.core.scenario import Scenario
    from playground.gui.data_tools import Tool
    from playground.gui.main_window import MainWindow
    from playground.gui.session import Session

    app = _application()
    window = MainWindow(Session(Scenario(PresetSpec("gauss", points=30))))
    window.show()

    def draw():
        if window.latest_snapshot is None:
            QTimer.singleShot(50, draw)
            return
        window.data_tools.set_tool(Tool.PUT)
        view = window.boundary_view
        for x, y in ((1.0, 1.0), (-2.0, 0.5), (3.0, -3.0)):
            scene = view.plot.getViewBox().mapViewToScene(QPointF(x, y))
            QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene))
        window.play()
        wait_for_save(window.autosave.saves)

    def wait_for_save(saves):
        if window.autosave.saves <= saves:
            QTimer.singleShot(50, lambda: wait_for_save(saves))
            return
        print(dataset_digest(window.session.dataset), len(window.session.dataset), flush=True)

    QTimer.singleShot(0, draw)
    app.exec()
""")


def test_kill_9_during_training_then_start_again_offers_every_point_back(qtbot, make_window):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, env=env,
                             cwd=Path(__file__).resolve().parents[2])
    try:
        line = child.stdout.readline()  # printed once the drawn points are autosaved, while training
        digest, count = line.split()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
        child.stdout.close()
    assert int(count) == 33
    window = make_window(Scenario(PresetSpec("xor", points=50)))
    window.questions.restore_answer = True
    assert window.offer_restore()
    assert dataset_digest(window.session.dataset) == digest  # every point in place
    assert json.dumps(window.questions.asked[-1][2]).count("33 points") == 1


def test_an_orphaned_autosave_of_a_preset_is_offered_back(qtbot, window, make_window):
    """A preset's data is kept in the autosave as its recipe (a PresetSpec, whose `points` is a count or None):
    describing it for the question must not take the recipe for a list of points."""
    orphan = leave_orphaned_autosave(qtbot, window)
    fresh = make_window(Scenario(PresetSpec("xor", points=50)))
    fresh.questions.restore_answer = True
    assert fresh.offer_restore()
    assert "40 points" in fresh.questions.asked[-1][2]  # the gauss preset's 40, as the recipe makes them
    assert not orphan.exists()  # taken back, not left to pile up
    assert dataset_digest(fresh.session.dataset) == dataset_digest(window.session.dataset)


def test_a_report_that_arrives_after_a_clean_exit_writes_no_autosave(qtbot, window):
    """The autosave asks the training process for the weights before it writes; if the window closes while the
    answer is on its way, the answer (queued from the reader thread) must not write the file the clean exit
    removed (the next start would offer back work that was deliberately closed) nor start a writer thread."""
    report = ask_process(qtbot, window)
    autosave = window.autosave
    autosave._ask_for_weights()  # the autosave is waiting for the process's answer...
    number = autosave._waiting_for
    saves = autosave.saves
    window.close()  # ...when the window closes
    assert not autosave.path.exists()
    window.worker.report_ready.emit(number, report)  # the answer, delivered late
    autosave.wait()
    assert autosave.saves == saves and not autosave.path.exists()

"""The window and the training process stay in step under a stream of edits: checked by asking the process."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground import worker as worker_module
from playground.core.desired_state import dataset_digest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.data_tools import Tool

from .conftest import WAIT_MS, ask_process
from .test_data_tools import at, choose


@pytest.fixture
def window(make_window):
    scenario = Scenario(PresetSpec("xor", points=200), NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    return make_window(scenario)


def record_updates(window) -> list:
    """Every update the worker hands to its sender thread, from now on."""
    sent = []
    post = window.worker._post

    def recording(message) -> None:
        sent.append(message)
        post(message)

    window.worker._post = recording
    return sent


def new_frame(qtbot, window) -> None:
    """Wait until the window has received at least one more frame."""
    count = window.worker.frames_received
    qtbot.waitUntil(lambda: window.worker.frames_received > count, timeout=WAIT_MS)


def brush_while_training(qtbot, window, moves: int) -> None:
    choose(qtbot, window, Tool.BRUSH)
    viewport = window.boundary_view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(window, -0.8, 0.8))
    for i in range(moves):
        qtbot.mouseMove(viewport, at(window, -0.8 + 0.05 * i, 0.8 - 0.03 * i))
        new_frame(qtbot, window)
        yield i
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(window, -0.8 + 0.05 * moves, 0.5))


def test_drawing_while_training_keeps_the_hidden_space_and_its_replay(qtbot, window):
    panel = window.hidden_panel
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.history_length >= 5 and panel.view.frame is not None, timeout=WAIT_MS)
    history = panel.history_length
    for _ in brush_while_training(qtbot, window, 12):
        assert panel.view.frame is not None  # never blanked
        assert panel.history_length >= min(history, 100)  # the replay is not wiped
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    # Once a frame of the new data arrives, the hidden view draws every point, coloured by its class.
    version = window.session.data_version
    qtbot.waitUntil(lambda: panel.view.frame is not None and panel.view.frame.data_version == version,
                    timeout=WAIT_MS)
    frame = panel.view.frame
    assert len(frame.points) == len(window.session.dataset)
    np.testing.assert_array_equal(frame.labels, window.session.dataset.labels)
    assert len(panel.view._points.data) == len(window.session.dataset)


def test_a_brush_stroke_sends_only_the_new_points(qtbot, window):
    sent = record_updates(window)
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    before = len(window.session.dataset)
    list(brush_while_training(qtbot, window, 10))
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    report = ask_process(qtbot, window)  # travels after the last change: every patch has gone by then
    patches = [value for update in sent if hasattr(update, "items")
               for kind, name, value in update.items if name == "dataset"]
    added = len(window.session.dataset) - before
    assert added > 0 and patches
    assert all(patch.kind == "append" for patch in patches)
    assert sum(patch.size for patch in patches) == added  # each new point travels once
    assert report.data_digest == dataset_digest(window.session.dataset)
    assert report.data_version == window.session.data_version


def test_a_bad_weight_does_not_drop_the_points_sent_after_it(qtbot, window):
    """A weight typed for a layer that no longer exists, then new points: the process has the new points."""
    window.worker.set_weight(5, 0, 0, 1.0)
    choose(qtbot, window, Tool.PUT)
    viewport = window.boundary_view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at(window, 0.3, -0.4))
    banner = window.process_banner
    qtbot.waitUntil(lambda: banner.isVisible() and "weight" in banner.label.text(), timeout=WAIT_MS)
    report = ask_process(qtbot, window)
    assert report.n_points == len(window.session.dataset) == 201
    assert report.data_digest == dataset_digest(window.session.dataset)


def test_settings_reach_the_process_as_the_window_shows_them(qtbot, window):
    panel = window.training_panel
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("rmsprop"))
    panel.rate_slider.slider.setValue(panel.rate_slider.values.index(0.1))
    window.network_panel.width_spins[0].setValue(7)
    report = ask_process(qtbot, window)
    assert (report.optimizer, report.learning_rate) == ("rmsprop", 0.1)  # read off the optimiser object
    assert report.layer_shapes[0] == (7, 2)  # read off the model's layers
    assert report.settings == window.session.training and report.network == window.session.network


def test_a_hung_process_is_seen_and_can_be_restarted(qtbot, window, monkeypatch):
    monkeypatch.setattr(worker_module, "HUNG_AFTER", 1.0)
    window.network_panel.width_spins[0].setValue(3)
    pid = window.worker.pid
    os.kill(pid, signal.SIGSTOP)  # as if stuck in a computation that never ends
    try:
        banner = window.process_banner
        qtbot.waitUntil(lambda: banner.isVisible() and "not responding" in banner.label.text(), timeout=WAIT_MS)
        assert window.worker.health == "hung"
        qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)  # Restart training
    finally:
        with contextlib.suppress(ProcessLookupError):  # the restart has ended it
            os.kill(pid, signal.SIGCONT)
    assert window.worker.pid != pid and not banner.isVisible()
    report = ask_process(qtbot, window)
    assert report.layer_shapes[0] == (3, 2)  # the new process has the network the window shows
    assert window.worker.health == "ok"


def test_closing_ends_even_a_hung_process_within_a_second(qtbot, window, monkeypatch):
    """The promise to the user: closing never hangs. Checked by what closing waits for (every wait bounded, a
    second in all), not by a clock: the hung process is ended the hard way."""
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    new_frame(qtbot, window)
    process = window.worker._process
    os.kill(process.pid, signal.SIGSTOP)
    waits = []
    join_process, join_thread = process.join, threading.Thread.join
    monkeypatch.setattr(process, "join", lambda timeout=None: waits.append(timeout) or join_process(timeout))
    monkeypatch.setattr(threading.Thread, "join",
                        lambda thread, timeout=None: waits.append(timeout) or join_thread(thread, timeout))
    window.close()
    monkeypatch.undo()
    assert waits and None not in waits and sum(waits) <= 1.0 + 1e-9, waits
    assert not window.worker.is_running
    process.join(WAIT_MS / 1000)
    assert process.exitcode == -signal.SIGKILL  # it did not answer, nor SIGTERM (stopped): killed


def test_a_stalled_window_keeps_only_the_newest_frame(qtbot, window):
    """While the GUI thread is busy, frames pile up in no queue: one waits, plus each frame's metrics."""
    shown = []
    window.snapshot_shown.connect(shown.append)
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    new_frame(qtbot, window)
    received = window.worker.frames_received
    # Unacknowledged, the process sends the next frame only after ACK_PATIENCE (a second): three frames, not more,
    # so that a slow machine does not run into the deadline.
    deadline = time.monotonic() + 60
    while window.worker.frames_received < received + 3 and time.monotonic() < deadline:
        time.sleep(0.01)  # the GUI thread stalls (no events handled) while the reader thread goes on
    stalled = window.worker.frames_received - received
    assert stalled >= 3
    latest, metrics = window.worker._mail_latest, list(window.worker._mail_metrics)
    assert latest is not None and len(metrics) >= stalled  # one frame kept, the chart loses no numbers
    count = len(shown)
    qtbot.waitUntil(lambda: len(shown) > count, timeout=WAIT_MS)
    assert shown[count].metrics.step >= latest.metrics.step  # the first frame painted is the newest, not the oldest
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)


def test_an_epoch_step_shows_as_playing_and_pause_stops_it(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("spiral", points=20_000), NetworkSpec((8, 8), "tanh"),
                                  TrainingSettings("sgd", 0.01, batch_size=1)))  # an epoch: 10,000 steps
    transport = window.transport
    transport.step_size_combo.setCurrentIndex(transport.step_size_combo.findData("epoch"))
    qtbot.mouseClick(transport.step_button, Qt.MouseButton.LeftButton)
    assert transport.is_playing  # busy: the play button has become Pause
    qtbot.waitUntil(lambda: window.latest_snapshot.playing and window.latest_snapshot.metrics.step > 0,
                    timeout=WAIT_MS)
    qtbot.mouseClick(transport.play_button, Qt.MouseButton.LeftButton)
    assert not transport.is_playing
    report = ask_process(qtbot, window)
    assert 0 < report.step < 10_000 and not report.playing
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)
    assert window.latest_snapshot.metrics.step == report.step  # it stopped where the report says

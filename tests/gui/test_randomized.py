"""The randomized test: thousands of random user actions through the real widgets while training runs, for
several seeds. Every CHECK_EVERY actions: no exception, no Qt warning, no deadlock, frames keep arriving while
playing, and the training process's data, network and settings (asked of the process itself) equal what the
window shows. PLAYGROUND_MONKEY_ACTIONS sets the actions per seed (the long run: 20,000)."""

from __future__ import annotations

import os
import random
import sys

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QApplication

from playground.core.desired_state import dataset_digest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings

from .conftest import WAIT_MS, ask_process
from .monkey import Monkey

ACTIONS = int(os.environ.get("PLAYGROUND_MONKEY_ACTIONS", "800"))
SEEDS = [int(s) for s in os.environ.get("PLAYGROUND_MONKEY_SEEDS", "11,12,13").split(",")]
CHECK_EVERY = 100
HARMLESS = ("This plugin does not support propagateSizeHints()",)


def qt_problems(qtlog) -> list[str]:
    return [record.message for record in qtlog.records
            if record.type != QtMsgType.QtDebugMsg and record.type != QtMsgType.QtInfoMsg
            and not record.message.startswith(HARMLESS)]


def check(qtbot, window, monkey: Monkey, errors: list, qtlog) -> None:
    where = f"after {len(monkey.log)} actions (last: {monkey.log[-5:]})"
    QApplication.processEvents()
    assert not errors, f"{where}: {errors[0]}"
    assert not qt_problems(qtlog), f"{where}: Qt said {qt_problems(qtlog)[:3]}"
    worker, session = window.worker, window.session
    assert worker.is_running and worker.health == "ok", where
    # What the window shows now; the report, asked now, comes after everything the window has sent so far.
    state, dataset, version, network, training = (worker.state, session.dataset, session.data_version,
                                                  session.network, session.training)
    assert (state.dataset, state.data_version, state.network, state.settings) == \
        (dataset, version, network, training), where
    assert state.hidden == window.hidden_panel.request(), where
    assert state.landscape == window.landscape_panel.request(), where  # (a one-neuron network's, while shown)
    assert state.speed == window.transport.speed_control.value == session.speed, where
    assert window.transport.is_playing == (state.playing or window.stepping), where
    panel = window.network_panel
    assert tuple(spin.value() for spin in panel.width_spins) == network.hidden, where
    assert tuple(combo.currentData() for combo in panel.activation_combos) == network.activations, where
    controls = window.training_panel
    assert controls.optimizer_combo.currentData() == training.optimizer, where
    assert controls.rate_slider.value == training.learning_rate, where
    assert controls.batch_slider.value == training.batch_size, where
    view = window.boundary_view
    assert view.dataset is dataset, where
    assert sum(len(item.data) for item in view._train_items + view._test_items) == len(dataset), where
    report = ask_process(qtbot, window)  # a deadlock shows here, as no answer
    assert report.data_digest == dataset_digest(dataset), where
    assert report.data_version == version and report.n_points == len(dataset), where
    assert report.network == network and report.settings == training, where
    sizes = (network.n_inputs, *network.hidden, network.n_outputs)
    assert report.layer_shapes == tuple(zip(sizes[1:], sizes[:-1], strict=True)), where
    assert (report.optimizer, report.learning_rate) == (training.optimizer, training.learning_rate), where
    assert (report.hidden, report.landscape, report.focus, report.speed, report.view) == \
        (state.hidden, state.landscape, state.focus, state.speed, state.view), where
    # The process may have stopped by itself since (it diverged, the steps asked for are done): never the reverse.
    assert report.playing == state.playing or (state.playing and not worker.is_playing), where
    if worker.is_playing:  # frames keep arriving
        count = worker.frames_received
        qtbot.waitUntil(lambda: worker.frames_received > count or not worker.is_playing, timeout=WAIT_MS)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_actions_keep_the_window_and_the_training_process_in_step(qtbot, make_window, tmp_path, monkeypatch,
                                                                         qtlog, seed):
    rng = random.Random(seed)
    window = make_window(Scenario(PresetSpec("xor", points=200), NetworkSpec((4,), "tanh"),
                                  TrainingSettings("adam", 0.03)))
    window.resize(1400, 900)
    monkey = Monkey(window, rng, tmp_path)
    monkeypatch.setattr("playground.gui.network_diagram.QInputDialog.getDouble",
                        lambda *args, **kwargs: (monkey.typed_weight(), True))
    monkeypatch.setattr("playground.gui.class_panel.QColorDialog.getColor", lambda *args, **kwargs:
                        monkey.picked_colour())
    errors: list[str] = []
    previous_hook = sys.excepthook

    def hook(kind, value, traceback) -> None:
        errors.append(f"{kind.__name__}: {value} (during {monkey.log[-3:]})")
        previous_hook(kind, value, traceback)

    monkeypatch.setattr(sys, "excepthook", hook)
    for i in range(ACTIONS):
        monkey.act()
        QApplication.processEvents()
        if rng.random() < 0.05:  # now and then let training and painting go on for a moment
            qtbot.wait(rng.choice([10, 50, 100]))
        if (i + 1) % CHECK_EVERY == 0:
            check(qtbot, window, monkey, errors, qtlog)
    check(qtbot, window, monkey, errors, qtlog)

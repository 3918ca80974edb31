"""Training > Device: the devices the training process found, Automatic naming what it picks, the choice sent to
the process and saved; a device this computer lacks (a scenario from another) trains on the automatic one and
says so."""

from __future__ import annotations

import torch
from PySide6.QtCore import Qt

from playground.core.devices import available_devices, device_label, resolve_device
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training_settings import TrainingSettings

from .conftest import WAIT_MS, ask_process


def choices(combo) -> list[tuple[str, str]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def test_the_choices_are_what_the_training_process_found(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("xor", points=60)))
    combo = window.training_panel.device_combo
    found = available_devices()  # what torch finds on this computer: the process finds the same
    gpus = [name for key, name in found if key != "cpu"]
    expected = [(f"Automatic ({gpus[0] if gpus else 'CPU'})", "auto"), *((name, key) for key, name in found)]
    qtbot.waitUntil(lambda: choices(combo) == expected, timeout=WAIT_MS)
    assert combo.currentData() == "auto"
    # Picked with the keyboard, as a learner would: the process trains on it, and the readout says where.
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == found[0][0] == "cpu"
    qtbot.waitUntil(lambda: ask_process(qtbot, window).settings.device == "cpu", timeout=WAIT_MS)
    window.worker.step()
    qtbot.waitUntil(lambda: window.latest_snapshot is not None and window.latest_snapshot.metrics.step >= 1,
                    timeout=WAIT_MS)
    assert window.latest_snapshot.device == "CPU"
    assert "on CPU" in window.metrics_panel.speed_label.text()
    assert window.document.scenario().training.device == "cpu"  # saved with the work


def test_gpus_found_are_offered_by_name(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("xor", points=60)))
    combo = window.training_panel.device_combo
    qtbot.waitUntil(lambda: combo.count() >= 2, timeout=WAIT_MS)  # the real list came first
    window.worker.devices_found.emit((("cpu", "CPU"), ("cuda:0", "CUDA 0: Big GPU"), ("cuda:1", "CUDA 1: Small")))
    assert choices(combo) == [("Automatic (CUDA 0: Big GPU)", "auto"), ("CPU", "cpu"),
                              ("CUDA 0: Big GPU", "cuda:0"), ("CUDA 1: Small", "cuda:1")]
    assert combo.currentData() == "auto"


def test_a_device_this_computer_lacks_trains_on_the_automatic_one_and_says_so(qtbot, make_window):
    missing = f"cuda:{torch.cuda.device_count() + 1}"
    window = make_window(Scenario(PresetSpec("xor", points=60), training=TrainingSettings(device=missing)))
    combo = window.training_panel.device_combo
    qtbot.waitUntil(lambda: combo.count() >= 3, timeout=WAIT_MS)
    assert combo.currentText() == f"{missing} (not on this computer)"
    window.worker.step()
    qtbot.waitUntil(lambda: window.latest_snapshot is not None and window.latest_snapshot.metrics.step >= 1,
                    timeout=WAIT_MS)
    assert window.latest_snapshot.device == device_label(resolve_device("auto"))
    assert "which this computer does not have" in window.latest_snapshot.message
    assert ask_process(qtbot, window).settings.device == missing  # kept, for the computer it was made for

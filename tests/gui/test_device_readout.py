"""The device readout with a GPU chosen for a small network (device_policy.py): the training process trains it on
the CPU, and the window says so. The training processes of these tests find a pretend CUDA GPU (a sitecustomize
on their PYTHONPATH answers torch.cuda's questions as a computer with one would); this torch cannot put anything
on it, so a process that tried to train there would fail to start."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario

from .conftest import WAIT_MS, ask_process

PRETEND = """import torch

torch.cuda.is_available = lambda: True
torch.cuda.device_count = lambda: 1
torch.cuda.get_device_name = lambda *args, **kwargs: "Pretend GPU"
"""
READOUT = "CPU (faster than the GPU at this size)"


@pytest.fixture
def pretend_gpu(tmp_path, monkeypatch):
    (tmp_path / "sitecustomize.py").write_text(PRETEND, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), *filter(None, [os.environ.get("PYTHONPATH")])]))


def test_a_small_network_with_a_gpu_chosen_trains_on_the_cpu_and_the_readout_says_why(qtbot, make_window,
                                                                                      pretend_gpu):
    window = make_window(Scenario(PresetSpec("xor", points=60)))
    combo = window.training_panel.device_combo
    qtbot.waitUntil(lambda: combo.count() == 3, timeout=WAIT_MS)  # Automatic, CPU and the GPU the process found
    assert combo.itemText(0) == "Automatic (CUDA 0: Pretend GPU)" and combo.currentData() == "auto"
    window.worker.step()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step >= 1, timeout=WAIT_MS)
    assert window.latest_snapshot.device == READOUT
    assert window.metrics_panel.speed_label.text().endswith(f"on {READOUT}")
    # The GPU picked by name, with the keyboard: the same
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert combo.currentData() == "cuda:0"
    qtbot.waitUntil(lambda: ask_process(qtbot, window).settings.device == "cuda:0", timeout=WAIT_MS)
    window.worker.step()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step >= 2, timeout=WAIT_MS)
    assert window.latest_snapshot.device == READOUT
    assert not window.metrics_panel.message_label.isVisible()  # no error: nothing went to the GPU

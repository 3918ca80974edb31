"""Qt prints no warnings while the window shows what training does: removing hidden layers and classes, and a
network whose weights blew up (a diverged run). pytest-qt fails these tests on any Qt warning."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings

from .conftest import WAIT_MS

# The offscreen platform's one harmless complaint about window size hints.
pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def blown_up(picture):
    """The network picture of a diverged run: weights and biases not a number, or infinite."""
    weights = [np.array(w) for w in picture.weights]
    for k, w in enumerate(weights):
        w.flat[::2] = np.nan
        w.flat[1::3] = np.inf if k % 2 else -np.inf
    biases = tuple(np.full_like(b, np.nan) for b in picture.biases)
    return replace(picture, weights=tuple(weights), biases=biases)


def test_removing_layers_and_classes_then_a_diverged_frame_warns_nothing(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("xor", points=60), NetworkSpec((4, 3), "tanh"), TrainingSettings()))
    for _ in range(2):
        qtbot.mouseClick(window.class_panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    while window.network_panel.remove_buttons:
        qtbot.mouseClick(window.network_panel.remove_buttons[0], Qt.MouseButton.LeftButton)
        step = window.latest_snapshot.metrics.step
        qtbot.waitUntil(lambda s=step: window.latest_snapshot.metrics.step > s, timeout=WAIT_MS)
    while window.class_panel.remove_buttons[-1].isEnabled():
        qtbot.mouseClick(window.class_panel.remove_buttons[-1], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.latest_snapshot.probabilities.shape[2] == window.session.dataset.n_classes,
                        timeout=WAIT_MS)
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)
    assert window.latest_snapshot.network.layer_sizes == (2, 1)
    diverged = window.latest_snapshot
    window.show_snapshot(replace(diverged, network=blown_up(diverged.network)))
    window.network_diagram.repaint()  # paint now, with the weights that are not numbers


@pytest.mark.parametrize("hidden", [(), (3, 2)])
def test_a_network_picture_with_weights_that_are_not_numbers_paints_without_warnings(qtbot, make_window, hidden):
    window = make_window(Scenario(PresetSpec("gauss", points=30), NetworkSpec(hidden, "relu"), TrainingSettings()))
    snapshot = window.latest_snapshot
    window.show_snapshot(replace(snapshot, network=blown_up(snapshot.network)))
    window.network_diagram.repaint()
    assert window.network_diagram.picture.layer_sizes == (2, *hidden, 1)

"""Divergence in the window: training pauses, the weights go back to the last good ones, the learner is told
what happened and what to try, and no "nan" or "inf" appears anywhere."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.training_panel import LEARNING_RATES

from .conftest import WAIT_MS, ask_process

NOT_A_NUMBER = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


def every_text(window) -> list[str]:
    texts = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    texts.append(window.process_banner.label.text())
    texts.append(window.statusBar().currentMessage())
    return texts


def test_a_too_high_learning_rate_pauses_rolls_back_and_says_what_to_try(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("xor", points=200), NetworkSpec((4,), "tanh"),
                                  TrainingSettings("adam", 10.0)))
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.diverged and not window.transport.is_playing,
                    timeout=WAIT_MS)
    message = window.metrics_panel.message_label.text()
    assert window.metrics_panel.message_label.isVisible()
    assert "learning rate" in message.lower() and "went back" in message
    assert not any(NOT_A_NUMBER.search(text) for text in every_text(window)), every_text(window)
    report = ask_process(qtbot, window)
    assert not report.playing
    assert all(math.isfinite(float(w.sum())) and math.isfinite(float(b.sum())) for w, b in report.weights)
    metrics = window.latest_snapshot.metrics
    assert math.isfinite(metrics.train_loss) and metrics.train_loss < 5  # the restored weights' loss
    # Lower the rate and press Play again: training goes on from the good weights.
    window.training_panel.rate_slider.slider.setValue(LEARNING_RATES.index(0.03))
    step = metrics.step
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step > step + 50, timeout=WAIT_MS)
    assert not window.latest_snapshot.metrics.diverged
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)


def test_a_huge_typed_weight_is_explained(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("xor", points=200), NetworkSpec((4,), "tanh")))
    window.network_diagram.weight_edited.emit(1, 0, 0, 1e6)  # what the diagram sends for a typed 1,000,000
    qtbot.waitUntil(lambda: "weight" in window.metrics_panel.message_label.text().lower(), timeout=WAIT_MS)
    assert not any(NOT_A_NUMBER.search(text) for text in every_text(window))

"""The metrics panel: the numbers, and the speed only while training runs."""

from __future__ import annotations

import numpy as np
import pytest

from playground.core.snapshot import Metrics, Snapshot
from playground.gui.metrics_panel import MetricsPanel


def frame(playing: bool, rate: float, **metrics) -> Snapshot:
    return Snapshot(metrics=Metrics(**metrics), device="CPU", steps_per_second=rate,
                    probabilities=np.zeros((2, 2, 2), np.float32), bounds=(-1.0, 1.0, -1.0, 1.0),
                    boundary_segments=np.zeros((0, 2, 2), np.float32), playing=playing)


def test_the_speed_shows_while_playing_and_paused_shows_no_stale_rate(qtbot):
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    panel.show_snapshot(frame(True, 2345.0, step=500))
    assert panel.speed_label.text() == "2,345 steps/s  ·  on CPU"
    panel.show_snapshot(frame(False, 2345.0, step=800))  # the last rate, still in the paused frame
    text = panel.speed_label.text()
    assert text.startswith("Paused") and "CPU" in text
    assert "steps/s" not in text and "2,345" not in text
    panel.show_snapshot(frame(True, 3100.0, step=900))
    assert panel.speed_label.text() == "3,100 steps/s  ·  on CPU"


@pytest.mark.parametrize("rate", [0.0, 1500.0])
def test_a_stopped_run_shows_no_rate(qtbot, rate):
    """Training that stopped by itself (diverged) sends a frame that is not playing: no speed either."""
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    panel.show_snapshot(frame(False, rate, step=10, diverged=True))
    assert "steps/s" not in panel.speed_label.text()


def test_before_the_first_step_it_says_ready(qtbot):
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    panel.show_snapshot(frame(False, 0.0))
    assert panel.speed_label.text() == "Ready  ·  on CPU"


def test_figures_estimated_on_a_sample_say_so_and_exact_ones_do_not(qtbot):
    """While training a big data set through a big network the numbers come from a sample: a line under them
    says on how many of the points; the paused frame's exact numbers take the line away."""
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_snapshot(frame(True, 1700.0, step=500, train_loss=0.25, sample_size=10_000, data_size=100_000))
    assert panel.sample_label.isVisible()
    assert panel.sample_label.text() == "Estimated on 10,000 of 100,000 points while training"
    assert panel.values["train_loss"].text() == "0.250"
    panel.show_snapshot(frame(False, 0.0, step=500, train_loss=0.26))
    assert not panel.sample_label.isVisible() and panel.sample_label.text() == ""
    panel.show_snapshot(frame(True, 1700.0, step=600))  # a small case: never estimated
    assert not panel.sample_label.isVisible()

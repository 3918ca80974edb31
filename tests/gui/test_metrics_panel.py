"""The metrics panel: the numbers, and the speed only while training runs."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QWidget

from playground.core.snapshot import Metrics, Snapshot
from playground.gui import metrics_panel
from playground.gui.metrics_panel import RATE_REFRESH, MetricsPanel

from .test_live_label import LayoutRequests


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


class Clock:
    """time.monotonic, moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now


def test_while_training_the_speed_is_shown_anew_a_few_times_a_second(qtbot, monkeypatch):
    """A rate redrawn 60 times a second cannot be read: while training it changes at most every RATE_REFRESH
    seconds; pausing shows at once."""
    clock = Clock()
    monkeypatch.setattr(metrics_panel, "time", clock)
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    panel.show_snapshot(frame(True, 2345.0, step=500))
    assert panel.speed_label.text() == "2,345 steps/s  ·  on CPU"
    clock.now += RATE_REFRESH / 2
    panel.show_snapshot(frame(True, 3000.0, step=600))
    assert panel.speed_label.text() == "2,345 steps/s  ·  on CPU"
    clock.now += RATE_REFRESH / 2
    panel.show_snapshot(frame(True, 3100.0, step=700))
    assert panel.speed_label.text() == "3,100 steps/s  ·  on CPU"
    clock.now += 0.01
    panel.show_snapshot(frame(False, 3100.0, step=710))
    assert panel.speed_label.text() == "Paused  ·  on CPU"


def test_frames_while_training_redraw_the_numbers_without_laying_the_panel_out(qtbot, monkeypatch):
    """Every frame brings new numbers; laying the window out again for each (as a QLabel's new text asks) was a
    share of every frame's time. The numbers are redrawn in place."""
    clock = Clock()
    monkeypatch.setattr(metrics_panel, "time", clock)
    holder = QWidget()
    qtbot.addWidget(holder)
    panel = MetricsPanel(holder)
    holder.resize(400, 300)
    holder.show()
    qtbot.waitExposed(holder)
    panel.show_snapshot(frame(True, 2000.0, step=100, train_loss=0.5, test_loss=0.6, train_accuracy=0.5,
                              test_accuracy=0.5))
    qtbot.wait(1)
    requests = LayoutRequests(panel)
    for i in range(8):  # (within RATE_REFRESH: the speed line is not due again)
        clock.now += RATE_REFRESH / 10
        panel.show_snapshot(frame(True, 2000.0 + 37 * i, step=200 + i, train_loss=0.25 - 0.01 * i,
                                  test_loss=0.3 - 0.01 * i, train_accuracy=0.8 + 0.01 * i,
                                  test_accuracy=0.75 + 0.01 * i))
        qtbot.wait(1)
    assert requests.count == 0
    assert panel.values["train_loss"].text() == "0.180"
    assert panel.values["test_accuracy"].text() == "82.0%"

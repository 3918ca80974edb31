"""Presentation mode's big readouts: the test score and loss, and "≈" while they are estimated on a sample."""

from __future__ import annotations

from playground.gui.display import Display
from playground.gui.presentation_tools import PresentationTools

from .test_metrics_panel import frame


def test_readouts_show_the_frames_test_figures_and_mark_estimates(qtbot):
    tools = PresentationTools(Display())
    qtbot.addWidget(tools)
    tools.show_snapshot(frame(False, 0.0, step=500, test_loss=0.125, test_accuracy=0.875))
    assert (tools.score_label.text(), tools.loss_label.text()) == ("87.5%", "0.125")
    assert tools.score_label.toolTip() == ""
    # while training a big case: the same figures from a sample of the points
    tools.show_snapshot(frame(True, 9.0, step=600, test_loss=0.25, test_accuracy=0.75, sample_size=10_000,
                              data_size=100_000))
    assert (tools.score_label.text(), tools.loss_label.text()) == ("≈ 75.0%", "≈ 0.250")
    assert tools.score_label.toolTip() == "Estimated on 10,000 of 100,000 points while training"
    tools.show_snapshot(frame(True, 9.0, step=700, test_loss=1e-5, test_accuracy=1.0, sample_size=10_000,
                              data_size=100_000))
    assert (tools.score_label.text(), tools.loss_label.text()) == ("≈ 100.0%", "< 0.001")  # (a bound already)
    # paused: measured on every point again
    tools.show_snapshot(frame(False, 0.0, step=600, test_loss=0.5, test_accuracy=0.625))
    assert (tools.score_label.text(), tools.loss_label.text()) == ("62.5%", "0.500")
    assert tools.loss_label.toolTip() == ""

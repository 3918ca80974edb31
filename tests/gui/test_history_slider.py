"""The replay's slider: a growing history while live (the handle at the right end) repaints nothing, since nothing
moves on screen; any change that moves the handle repaints it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from playground.gui.history_slider import HistorySlider


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _painted(slider: HistorySlider, paints: _Paints) -> int:
    paints.count = 0
    QApplication.processEvents()
    return paints.count


def test_a_live_history_grows_without_repaints_and_looks_the_same(qtbot):
    slider = HistorySlider()
    qtbot.addWidget(slider)
    slider.resize(200, 24)
    slider.show()
    qtbot.waitExposed(slider)
    paints = _Paints()
    slider.installEventFilter(paints)
    slider.set_range_and_value(0, 0)  # one frame: the handle at the left
    _painted(slider, paints)
    slider.set_range_and_value(1, 1)  # two: it moves to the right end
    assert _painted(slider, paints) > 0 and slider.at_end()
    short = slider.grab().toImage()
    for last in range(2, 40):  # live: more frames, the handle stays at the right end
        slider.set_range_and_value(last, last)
        assert _painted(slider, paints) == 0
        assert (slider.maximum(), slider.value()) == (last, last)
    assert slider.grab().toImage() == short  # (what a repaint would have drawn)
    slider.set_range_and_value(40, 20)  # replaying: the handle moves back
    assert _painted(slider, paints) > 0 and not slider.at_end()
    slider.set_range_and_value(41, 20)  # a frame more while replaying: the handle moves a little
    assert _painted(slider, paints) > 0
    slider.setValue(slider.maximum())  # dragged back to live
    assert _painted(slider, paints) > 0 and slider.at_end()

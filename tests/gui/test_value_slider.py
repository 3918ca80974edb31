"""The value slider shared by the data and training panels."""

from __future__ import annotations

from PySide6.QtCore import Qt

from playground.gui.value_slider import ValueSlider


def test_values_from_files_are_added_in_order_and_the_special_value_stays_last(qtbot):
    batch = ValueSlider((1, 10, 100, 0), lambda b: "all" if b == 0 else str(b), "batch", last=0)
    qtbot.addWidget(batch)
    batch.set_value(32)
    assert batch.values == [1, 10, 32, 100, 0]
    assert batch.value == 32 and batch.label.text() == "32"
    noise = ValueSlider(range(0, 51), str, "noise")  # here 0 is an ordinary value, the lowest
    qtbot.addWidget(noise)
    noise.set_value(75)
    assert noise.values[0] == 0 and noise.values[-1] == 75


def test_moving_the_slider_reports_the_value_once_the_user_lets_go(qtbot):
    rates = ValueSlider((0.001, 0.01, 0.1), lambda r: f"{r:g}", "rate")
    qtbot.addWidget(rates)
    rates.show()
    chosen = []
    rates.value_chosen.connect(chosen.append)
    rates.set_value(0.001)
    assert chosen == []  # showing a value is not choosing one
    rates.slider.setFocus()
    qtbot.keyClick(rates.slider, Qt.Key.Key_Right)
    assert chosen == [0.01] and rates.label.text() == "0.01"

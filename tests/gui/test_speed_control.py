"""The speed control beside Play: what it sets is the speed the training process uses; full speed is one click
away (and one click back); scenario files keep the speed; the first start is slow enough to watch."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import WATCHABLE_SPEED, Scenario
from playground.gui.speed_control import SPEEDS

from .conftest import ask_process

SCENARIO = Scenario(PresetSpec("xor", points=100), NetworkSpec((4,)))


def click_groove(qtbot, slider, right: bool) -> None:
    """A click on the slider's groove beside its handle: one step toward the click, as the learner does."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderHandle, slider)
    x = handle.right() + 6 if right else handle.left() - 6
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x, handle.center().y()))


def test_the_speed_control_sits_beside_play(qtbot, make_window):
    window = make_window(SCENARIO)
    control, play = window.transport.speed_control, window.transport.play_button
    assert control.parentWidget() is window.transport and control.isVisible()
    where, play_at = control.geometry(), play.geometry()
    assert where.left() > play_at.right() and where.left() - play_at.right() < 4 * play_at.width()
    assert where.top() < play_at.center().y() < where.bottom()  # on the same row


def test_the_speed_chosen_beside_play_is_the_speed_the_training_process_uses(qtbot, make_window):
    window = make_window(SCENARIO, own_speed=True)
    control = window.transport.speed_control
    assert control.value == WATCHABLE_SPEED == ask_process(qtbot, window).speed
    click_groove(qtbot, control.slider.slider, right=True)
    faster = SPEEDS[SPEEDS.index(WATCHABLE_SPEED) + 1]
    assert control.value == faster and window.session.speed == faster
    assert ask_process(qtbot, window).speed == faster
    qtbot.mouseClick(control.full_button, Qt.MouseButton.LeftButton)  # full speed: one click
    assert control.full_button.isChecked() and control.slider.label.text() == "full"
    assert ask_process(qtbot, window).speed is None
    qtbot.mouseClick(control.full_button, Qt.MouseButton.LeftButton)  # and one click back
    assert not control.full_button.isChecked() and control.value == faster
    assert ask_process(qtbot, window).speed == faster


def test_the_first_start_trains_at_a_speed_to_watch(qtbot, make_window):
    window = make_window(Scenario(), own_speed=True)  # what the app opens with no file
    report = ask_process(qtbot, window)
    assert report.speed == WATCHABLE_SPEED and window.transport.speed_control.value == WATCHABLE_SPEED
    assert window.transport.speed_control.slider.label.text() == f"{WATCHABLE_SPEED:g} steps/s"


def test_saving_and_opening_a_scenario_keeps_its_speed(qtbot, make_window, tmp_path):
    window = make_window(SCENARIO, own_speed=True)
    control = window.transport.speed_control
    click_groove(qtbot, control.slider.slider, right=False)
    slower = SPEEDS[SPEEDS.index(WATCHABLE_SPEED) - 1]
    assert window.session.speed == slower
    path = tmp_path / "slow.playground.json"
    window.questions.save = str(path)
    assert window.document.save_as()
    assert json.loads(path.read_text(encoding="utf-8"))["view"]["speed"] == slower
    assert not window.document.modified
    qtbot.mouseClick(control.full_button, Qt.MouseButton.LeftButton)
    assert ask_process(qtbot, window).speed is None
    assert window.open_scenario(str(path))
    assert window.session.speed == slower == control.value and not control.full_button.isChecked()
    assert ask_process(qtbot, window).speed == slower
    window.document.new()  # a new scenario starts as the app does
    assert window.session.speed == WATCHABLE_SPEED == ask_process(qtbot, window).speed

"""The wheel scrolls the control column and changes a setting only once its control was clicked; arrow keys act
on the focused control, and the window's Step and Play keys still work. Real events: wheel turns go through
Qt's window-system path (QTest.wheelEvent on the window), keys are posted to the window as a keyboard sends them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollArea,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.training_panel import LEARNING_RATES

from .conftest import WAIT_MS, ask_process

NOTCH = 120  # one click of a mouse wheel, in eighths of a degree
NOTCHES = 3


@pytest.fixture
def window(make_window):
    scenario = Scenario(PresetSpec("xor", points=200), NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    window = make_window(scenario)
    window.activateWindow()
    return window


def scroll_area_of(widget: QWidget) -> QScrollArea:
    while not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    return widget


def value_controls(root: QWidget) -> list[QWidget]:
    """The visible combo boxes, spin boxes and sliders under root, top to bottom."""
    found = [w for w in root.findChildren(QWidget) if isinstance(w, (QComboBox, QAbstractSpinBox, QSlider))
             and w.isVisible()]
    return sorted(found, key=lambda w: (w.mapTo(root, QPoint(0, 0)).y(), w.mapTo(root, QPoint(0, 0)).x()))


def turn_wheel(window, widget: QWidget, notches: int) -> None:
    """Turns the wheel over the middle of widget, one notch at a time (negative: towards the user, down)."""
    for _ in range(abs(notches)):
        where = QPointF(widget.mapTo(window, widget.rect().center()))
        QTest.wheelEvent(window.windowHandle(), where, QPoint(0, NOTCH if notches > 0 else -NOTCH))


def press_key(window, key: Qt.Key, text: str = "") -> None:
    """A key press and release posted to the window: it goes to the focused widget, shortcuts first."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.postEvent(window.windowHandle(),
                               QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
    QApplication.processEvents()


def click(qtbot, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos if pos is not None else widget.rect().center())


def click_slider_handle(qtbot, slider: QSlider) -> None:
    """Clicks on the handle itself, which gives the slider focus and leaves its value alone."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                          QStyle.SubControl.SC_SliderHandle, slider)
    click(qtbot, slider, handle.center())
    assert slider.hasFocus()


def click_combo(qtbot, combo: QComboBox) -> None:
    """Clicks a combo box (its list opens), then closes the list with Esc: the combo box keeps the focus.
    (The offscreen platform leaves the window inactive once the list is closed; a desktop gives it back.)"""
    click(qtbot, combo)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=WAIT_MS)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=WAIT_MS)
    QApplication.processEvents()
    combo.window().activateWindow()
    qtbot.waitUntil(lambda: combo.window().isActiveWindow() and combo.hasFocus(), timeout=WAIT_MS)


def everything_set(qtbot, window) -> dict:
    """Every setting the column shows, as the session holds it, as the panels show it, and as the training
    process uses it."""
    session, data, hidden = window.session, window.data_panel, window.hidden_panel
    report = ask_process(qtbot, window)
    return {
        "training": session.training, "network": session.network, "preset": session.preset,
        "markers": session.dataset.class_markers, "task": session.dataset.task,
        "data panel": (data.task_combo.currentIndex(), data.preset_combo.currentIndex(), data.points_slider.value,
                       data.noise_slider.value, data.test_slider.value, data.seed_spin.value()),
        "speed": (window.transport.speed_control.value, window.transport.step_size_combo.currentIndex()),
        "hidden": (hidden.layer_combo.currentIndex(), hidden.stage_combo.currentIndex(),
                   hidden.axes_combo.currentIndex(), [s.value() for s in hidden.neuron_spins],
                   hidden.morph_slider.value(), hidden.replay_slider.value()),
        "process": (report.settings, report.network, report.speed, report.hidden, report.data_digest),
    }


@pytest.fixture
def grown_window(qtbot, window):
    """The window with a second hidden layer and a third class added by clicks, so that some rows of the column
    were created after the window was built; small enough that the column scrolls."""
    click(qtbot, window.network_panel.add_layer_button)
    click(qtbot, window.class_panel.add_button)
    qtbot.waitUntil(lambda: len(window.session.network.hidden) == 2 and window.session.dataset.n_classes == 3,
                    timeout=WAIT_MS)
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: scroll_area_of(window.data_panel).verticalScrollBar().maximum() > 100, timeout=WAIT_MS)
    return window


def test_the_wheel_over_the_column_scrolls_it_and_changes_no_setting(qtbot, grown_window):
    window = grown_window
    before = everything_set(qtbot, window)
    focused = QApplication.focusWidget()
    scroll = scroll_area_of(window.data_panel)
    bar = scroll.verticalScrollBar()
    controls = value_controls(scroll.widget())
    assert len(controls) >= 20  # task, preset, 3 sliders, seed, 2 classes x marker, 2 layers x 3, 5 + 2 ...
    assert window.network_panel.activation_combos[1] in controls and window.class_panel.marker_combos[2] in controls
    positions = {bar.value()}
    for control in controls:
        scroll.ensureWidgetVisible(control)
        for notches in (-NOTCHES, NOTCHES, -NOTCHES):
            turn_wheel(window, control, notches)
            positions.add(bar.value())
    assert max(positions) - min(positions) >= bar.singleStep() * NOTCHES  # the column scrolled
    assert everything_set(qtbot, window) == before
    assert QApplication.focusWidget() is focused  # no control was picked up by the wheel


def test_the_wheel_beside_the_plane_changes_nothing_until_clicked(qtbot, grown_window):
    window = grown_window
    hidden = window.hidden_panel
    window.resize(1366, 768)  # a laptop's screen: room for the hidden space beside the plane
    qtbot.waitUntil(hidden.isVisible, timeout=WAIT_MS)
    before = everything_set(qtbot, window)
    controls = value_controls(hidden) + value_controls(window.transport)  # and the speed, in the bar at the top
    assert {hidden.layer_combo, hidden.stage_combo, hidden.morph_slider} <= set(controls)
    assert {window.transport.speed_control.slider.slider, window.transport.step_size_combo} <= set(controls)
    for control in controls:
        for notches in (-NOTCHES, NOTCHES, -NOTCHES):
            turn_wheel(window, control, notches)
    assert everything_set(qtbot, window) == before
    click_combo(qtbot, hidden.layer_combo)
    turn_wheel(window, hidden.layer_combo, -1)
    assert hidden.layer_combo.currentData() == 2  # layers are counted from 1
    qtbot.waitUntil(lambda: ask_process(qtbot, window).hidden.layer == 2, timeout=WAIT_MS)


def test_after_a_click_the_wheel_changes_the_control(qtbot, grown_window):
    window = grown_window
    panel = window.training_panel
    scroll = scroll_area_of(panel)

    scroll.ensureWidgetVisible(panel.optimizer_combo)
    click_combo(qtbot, panel.optimizer_combo)
    position = scroll.verticalScrollBar().value()
    turn_wheel(window, panel.optimizer_combo, -1)  # down: the next optimizer in the list
    assert window.session.training.optimizer == panel.optimizer_combo.itemData(1) == "sgd"
    assert scroll.verticalScrollBar().value() == position  # the wheel went to the control, not the column
    qtbot.waitUntil(lambda: ask_process(qtbot, window).optimizer == "sgd", timeout=WAIT_MS)

    rate = panel.rate_slider
    scroll.ensureWidgetVisible(rate)
    click_slider_handle(qtbot, rate.slider)
    assert window.session.training.learning_rate == 0.03
    turn_wheel(window, rate.slider, 1)
    assert window.session.training.learning_rate == LEARNING_RATES[LEARNING_RATES.index(0.03) + 1]

    seed = window.data_panel.seed_spin
    scroll.ensureWidgetVisible(seed)
    click(qtbot, seed)
    shown = seed.value()
    turn_wheel(window, seed, 2)
    assert seed.value() == shown + 2


def test_arrow_keys_move_the_focused_slider_and_do_not_step(qtbot, window):
    rate = window.training_panel.rate_slider
    click_slider_handle(qtbot, rate.slider)
    press_key(window, Qt.Key.Key_Right)
    assert window.session.training.learning_rate == LEARNING_RATES[LEARNING_RATES.index(0.03) + 1]
    press_key(window, Qt.Key.Key_Left)
    press_key(window, Qt.Key.Key_Left)
    assert window.session.training.learning_rate == LEARNING_RATES[LEARNING_RATES.index(0.03) - 1]
    report = ask_process(qtbot, window)
    assert report.learning_rate == window.session.training.learning_rate
    assert report.step == 0 and window.latest_snapshot.metrics.step == 0 and not report.playing

    press_key(window, Qt.Key.Key_S, "s")  # S steps, whatever has the focus
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 1, timeout=WAIT_MS)

    click(qtbot, window.boundary_view)  # the plane takes the focus: the arrow steps again
    assert window.boundary_view.hasFocus()
    press_key(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 2, timeout=WAIT_MS)
    assert rate.slider.value() == LEARNING_RATES.index(0.03) - 1


def test_space_plays_from_the_plane_and_after_a_click_but_presses_a_tabbed_check_box(qtbot, window):
    check = window.data_panel.show_test_check
    check.setFocus(Qt.FocusReason.TabFocusReason)  # reached with the Tab key
    press_key(window, Qt.Key.Key_Space, " ")
    assert not check.isChecked()
    assert not window.transport.is_playing

    click(qtbot, check, QPoint(6, check.height() // 2))  # a click on the box ticks it; Space then means Play
    assert check.isChecked()
    press_key(window, Qt.Key.Key_Space, " ")
    assert check.isChecked() and window.transport.is_playing
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step > 0, timeout=WAIT_MS)

    click(qtbot, window.boundary_view)
    press_key(window, Qt.Key.Key_Space, " ")  # pause
    assert not window.transport.is_playing
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)
    press_key(window, Qt.Key.Key_Space, " ")  # and play
    assert window.transport.is_playing
    press_key(window, Qt.Key.Key_Space, " ")
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)

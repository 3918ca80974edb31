"""Controls a teacher hides and locks (saved in the scenario), and the simple mode for beginners."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from playground.core.controls import SIMPLE_HIDDEN, ControlsSpec
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, load_scenario, save_scenario
from playground.core.training import TrainingSettings
from playground.gui.data_tools import Tool

from .conftest import ask_process
from .monkey import post_click, post_key, post_wheel
from .plane_input import stroke

LESSON = ControlsSpec(hidden=frozenset({"noise", "optimizer", "hidden_space"}),
                      locked=frozenset({"learning_rate", "layers", "drawing", "weight_typing"}))


@pytest.fixture
def window(make_window, tmp_path):
    path = tmp_path / "lesson.playground.json"
    save_scenario(Scenario(PresetSpec("xor", points=100), NetworkSpec((4,), "tanh"),
                           TrainingSettings("adam", 0.03), controls=LESSON), path)
    window = make_window(Scenario())
    assert window.open_scenario(str(path))
    return window


def shown(widget) -> bool:
    return widget.isVisibleTo(widget.window())


def test_a_handed_out_file_hides_its_controls(window):
    data, training = window.data_panel, window.training_panel
    assert not shown(data.noise_slider) and not shown(training.optimizer_combo)
    assert shown(data.points_slider) and shown(training.rate_slider)
    assert not shown(window.hidden_panel)
    post_key(window.windowHandle(), Qt.Key.Key_H, text="h")  # the View menu's key cannot bring it back
    QApplication.processEvents()
    assert not shown(window.hidden_panel) and not window.hidden_action.isEnabled()


def test_locked_controls_show_their_value_but_take_no_input(qtbot, window):
    slider = window.training_panel.rate_slider.slider
    before = slider.value()
    post_click(slider, QPoint(slider.width() - 4, slider.height() // 2))  # far right: the largest rate
    post_key(slider, Qt.Key.Key_End)
    post_wheel(slider, slider.rect().center(), 3)
    post_click(window.network_panel.add_layer_button)
    QApplication.processEvents()
    assert shown(slider) and slider.value() == before
    assert window.session.training.learning_rate == 0.03 and window.session.network.hidden == (4,)
    assert ask_process(qtbot, window).learning_rate == 0.03
    assert "Locked" in slider.toolTip()


def test_locked_drawing_keeps_the_plane_as_it_is(qtbot, window):
    post_key(window.windowHandle(), Qt.Key.Key_B, text="b")  # the brush's key
    QApplication.processEvents()
    assert window.data_tools.tool == Tool.LOOK
    points = len(window.session.dataset)
    stroke(window, [(0.2, 0.2), (0.4, 0.4)])
    assert len(window.session.dataset) == points


def test_locked_weights_are_not_typed(qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(window.network_diagram, "ask_value", lambda *args: asked.append(args) or 1.0)
    diagram = window.network_diagram
    qtbot.waitUntil(lambda: diagram.picture is not None)
    for x in range(0, diagram.width(), 6):  # click across the middle: over weights, biases and neurons
        post_click(diagram, QPoint(x, diagram.height() // 2))
    QApplication.processEvents()
    assert asked == []


def test_the_choice_is_saved_with_the_scenario(window, tmp_path):
    window.questions.save = str(tmp_path / "again.playground.json")
    assert window.document.save_as()
    assert load_scenario(tmp_path / "again.playground.json").controls == LESSON


def test_the_teacher_chooses_in_a_dialog(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("xor", points=100), NetworkSpec((4,), "tanh")))
    window.choose_controls()
    dialog = window.controls_dialog
    qtbot.mouseClick(dialog.hide_boxes["classes"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.lock_boxes["preset"], Qt.MouseButton.LeftButton)
    dialog.accept()
    assert window.session.controls == ControlsSpec(frozenset({"classes"}), frozenset({"preset"}))
    assert not shown(window.class_panel) and window.document.modified
    combo = window.data_panel.preset_combo
    post_key(combo, Qt.Key.Key_Down)
    QApplication.processEvents()
    assert window.session.preset.name == "xor"
    window.choose_controls()  # and back: everything shows again
    window.controls_dialog._on_reset_clicked()
    window.controls_dialog.accept()
    assert shown(window.class_panel)
    post_key(combo, Qt.Key.Key_Down)
    QApplication.processEvents()
    assert window.session.preset.name != "xor"


def test_simple_mode_tucks_the_advanced_controls_away_and_back(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("xor", points=100), NetworkSpec((4,), "tanh")))

    def advanced():
        return [window.training_panel.optimizer_combo, window.data_panel.noise_slider,
                *window.network_panel.dropout_spins, window.history_box]

    window.simple_action.trigger()
    assert window.control_states.effective().hidden == SIMPLE_HIDDEN
    assert not any(shown(widget) for widget in advanced())
    assert shown(window.data_panel.preset_combo) and shown(window.network_panel.width_spins[0])
    assert shown(window.transport.play_button)
    qtbot.mouseClick(window.network_panel.add_layer_button, Qt.MouseButton.LeftButton)
    assert not shown(window.network_panel.dropout_spins[1])  # a row added later is tucked away too
    window.simple_action.trigger()
    assert all(shown(widget) for widget in advanced())

"""The main window driven as a user would: real clicks and keys through pytest-qt, offscreen."""

from __future__ import annotations

import os
import signal

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.desired_state import dataset_digest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.main_window import MainWindow
from playground.gui.speed_control import SPEEDS
from playground.gui.training_panel import BATCH_SIZES, LEARNING_RATES

from .conftest import WAIT_MS, ask_process


@pytest.fixture
def window(make_window):
    scenario = Scenario(PresetSpec("xor", points=200), NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    return make_window(scenario)


def latest(window: MainWindow):
    return window.latest_snapshot


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_for_pause(qtbot, window) -> int:
    """Wait for the frame the worker emits once it has paused; returns its step."""
    qtbot.waitUntil(lambda: not latest(window).playing, timeout=WAIT_MS)
    return latest(window).metrics.step


def test_first_frame_shows_the_untrained_network(window):
    snapshot = latest(window)
    assert snapshot.metrics.step == 0
    assert snapshot.probabilities.shape == (200, 200, 2)
    image = window.boundary_view.image_array()
    assert image is not None and image.shape == (200, 200)
    assert window.boundary_view.plot.getAxis("bottom").labelText == "x1"


def test_play_trains_and_the_heatmap_changes(qtbot, window):
    before = window.boundary_view.image_array()
    click(qtbot, window.transport.play_button)
    assert window.transport.is_playing
    qtbot.waitUntil(lambda: latest(window).metrics.step >= 300 and latest(window).playing, timeout=WAIT_MS)
    after = window.boundary_view.image_array()
    assert np.abs(after - before).max() > 0.1
    assert window.metrics_panel.values["train_accuracy"].text().endswith("%")
    assert "steps/s" in window.metrics_panel.speed_label.text()
    click(qtbot, window.transport.play_button)
    wait_for_pause(qtbot, window)


def test_pause_stops_training_and_step_does_exactly_one(qtbot, window):
    click(qtbot, window.transport.play_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step > 0, timeout=WAIT_MS)
    click(qtbot, window.transport.play_button)  # pause
    assert not window.transport.is_playing
    assert window.transport.step_button.isEnabled()
    paused_at = wait_for_pause(qtbot, window)
    click(qtbot, window.transport.step_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step != paused_at, timeout=WAIT_MS)
    assert latest(window).metrics.step == paused_at + 1


def test_space_plays_and_pauses(qtbot, window):
    window.activateWindow()
    qtbot.keyClick(window.transport.play_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: latest(window).metrics.step > 0, timeout=WAIT_MS)
    qtbot.keyClick(window.transport.play_button, Qt.Key.Key_Space)
    wait_for_pause(qtbot, window)
    assert not window.worker.is_playing


def test_reset_restores_the_initial_weights(qtbot, window):
    initial = latest(window)
    click(qtbot, window.transport.play_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step > 100, timeout=WAIT_MS)
    click(qtbot, window.transport.play_button)
    wait_for_pause(qtbot, window)
    trained = latest(window)
    assert not np.array_equal(trained.probabilities, initial.probabilities)
    click(qtbot, window.transport.reset_button)
    qtbot.waitUntil(lambda: latest(window).generation > trained.generation, timeout=WAIT_MS)
    after_reset = latest(window)
    assert after_reset.metrics.step == 0
    # The same seed gives the same starting weights, hence the same map to the last bit.
    np.testing.assert_array_equal(after_reset.probabilities, initial.probabilities)


def test_closing_while_training_joins_the_thread(qtbot, window):
    click(qtbot, window.transport.play_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step > 0, timeout=WAIT_MS)
    assert window.worker.is_running
    window.close()
    assert not window.worker.is_running


def test_choosing_a_preset_trains_on_the_new_data(qtbot, window):
    combo = window.data_panel.preset_combo
    combo.setCurrentIndex(combo.findData("spiral"))
    assert window.session.preset.name == "spiral"
    assert len(window.boundary_view.dataset) == 200
    spiral_points = window.session.dataset.points
    qtbot.waitUntil(lambda: latest(window).generation >= 2, timeout=WAIT_MS)
    click(qtbot, window.transport.play_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step > 50, timeout=WAIT_MS)
    click(qtbot, window.transport.play_button)
    wait_for_pause(qtbot, window)
    np.testing.assert_array_equal(window.boundary_view.dataset.points, spiral_points)
    assert "Spiral" in window.windowTitle()


def test_layers_are_added_edited_and_removed_in_the_layer_editor(qtbot, window):
    panel = window.network_panel
    assert window.session.network.hidden == (4,)
    click(qtbot, panel.add_layer_button)
    assert window.session.network.hidden == (4, 4)
    panel.width_spins[1].setValue(2)
    assert window.session.network.hidden == (4, 2)
    assert "2 → 4 → 2 → 1" in panel.shape_label.text()
    panel.activation_combos[0].setCurrentIndex(panel.activation_combos[0].findData("gelu"))
    assert window.session.network.activations == ("gelu", "tanh")
    panel.dropout_spins[1].setValue(0.3)
    assert window.session.network.dropouts == (0.0, 0.3)
    click(qtbot, panel.remove_buttons[0])
    assert window.session.network.hidden == (2,)
    assert window.session.network.activations == ("tanh",)
    click(qtbot, panel.remove_buttons[0])
    assert window.session.network.hidden == ()
    assert panel.single_neuron_combo.isVisible()
    for _ in range(10):
        click(qtbot, panel.add_layer_button)
    assert len(window.session.network.hidden) == 10
    assert not panel.add_layer_button.isEnabled()


def test_input_features_are_toggled_and_one_must_stay(qtbot, window):
    panel = window.network_panel
    click(qtbot, panel.feature_buttons["x1sq"])
    click(qtbot, panel.feature_buttons["x2sq"])
    assert window.session.network.features == ("x1", "x2", "x1sq", "x2sq")
    for name in ("x1", "x2", "x1sq"):
        click(qtbot, panel.feature_buttons[name])
    assert window.session.network.features == ("x2sq",)
    click(qtbot, panel.feature_buttons["x2sq"])
    assert window.session.network.features == ("x2sq",)
    assert panel.feature_buttons["x2sq"].isChecked()
    assert "at least one input" in panel.note_label.text()


def test_the_step_activation_says_gradients_do_not_flow(qtbot, window):
    panel = window.network_panel
    panel.activation_combos[0].setCurrentIndex(panel.activation_combos[0].findData("step"))
    assert panel.note_label.isVisible() and "no slope" in panel.note_label.text()
    click(qtbot, panel.remove_buttons[0])
    panel.single_neuron_combo.setCurrentIndex(panel.single_neuron_combo.findData("step"))
    assert window.session.network.perceptron
    assert panel.note_label.isVisible()


def test_a_new_architecture_reaches_the_worker(qtbot, window):
    generation = latest(window).generation
    combo = window.network_panel.activation_combos[0]
    combo.setCurrentIndex(combo.findData("relu"))
    assert window.session.network.activation == "relu"
    qtbot.waitUntil(lambda: latest(window).generation > generation, timeout=WAIT_MS)
    assert latest(window).metrics.step == 0


def test_learning_rate_changes_without_a_reset(qtbot, window):
    click(qtbot, window.transport.step_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step == 1, timeout=WAIT_MS)
    generation = latest(window).generation
    window.training_panel.rate_slider.slider.setValue(LEARNING_RATES.index(0.1))
    assert window.session.training.learning_rate == 0.1
    assert window.training_panel.rate_slider.label.text() == "0.1"
    click(qtbot, window.transport.step_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step == 2, timeout=WAIT_MS)
    assert latest(window).generation == generation


def test_diverging_training_stops_with_a_message(qtbot, make_window):
    scenario = Scenario(PresetSpec("gauss", points=200), NetworkSpec((8, 8, 8, 8), "linear"),
                        TrainingSettings("sgd", 10.0))
    window = make_window(scenario)
    click(qtbot, window.transport.play_button)
    qtbot.waitUntil(lambda: latest(window).metrics.diverged and not window.transport.is_playing, timeout=WAIT_MS)
    assert window.metrics_panel.message_label.isVisible()
    assert "learning rate" in window.metrics_panel.message_label.text()
    # The app is not stuck: reset and a gentler rate train again.
    window.training_panel.rate_slider.slider.setValue(LEARNING_RATES.index(0.01))
    click(qtbot, window.transport.reset_button)
    click(qtbot, window.transport.step_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step == 1 and not latest(window).metrics.diverged,
                    timeout=WAIT_MS)


def test_a_bad_scenario_file_is_refused_and_nothing_is_lost(qtbot, window, tmp_path):
    warnings = window.questions.warnings
    bad = tmp_path / "broken.playground.json"
    bad.write_text('{"format": "neural-playground-scenario", "version": 1, "data": {')
    before = window.session.dataset
    assert not window.open_scenario(str(bad))
    assert window.session.dataset is before
    assert warnings and "broken.playground.json" in warnings[0] and "line" in warnings[0]


def test_a_scenario_file_opens(qtbot, window, tmp_path):
    from playground.core.scenario import save_scenario

    path = tmp_path / "circle.playground.json"
    save_scenario(Scenario(PresetSpec("circle", points=300), NetworkSpec((6,), "relu")), path)
    assert window.open_scenario(str(path))
    assert window.session.preset.name == "circle"
    assert [spin.value() for spin in window.network_panel.width_spins] == [6]
    assert window.network_panel.activation_combos[0].currentData() == "relu"
    assert window.data_panel.points_slider.value == 300


def test_a_crashed_training_process_is_restarted_from_the_desired_state(qtbot, window):
    window.network_panel.width_spins[0].setValue(5)
    for _ in range(3):
        click(qtbot, window.transport.step_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step == 3, timeout=WAIT_MS)
    saves = window.autosave.saves
    window.autosave.schedule()  # as it does a little after every change
    qtbot.waitUntil(lambda: window.autosave.saves > saves, timeout=WAIT_MS)
    pid = window.worker.pid
    os.kill(pid, signal.SIGKILL)
    banner = window.process_banner
    qtbot.waitUntil(lambda: banner.isVisible() and "stopped unexpectedly" in banner.label.text(), timeout=WAIT_MS)
    assert window.worker.is_running and window.worker.pid != pid
    report = ask_process(qtbot, window)  # the new process has everything the window wants
    assert report.network.hidden == (5,)
    assert report.data_digest == dataset_digest(window.session.dataset)
    assert report.step == 3  # and goes on from the weights last autosaved
    for (w, b), (saved_w, saved_b) in zip(report.weights, window.autosave.last_weights.layers, strict=True):
        np.testing.assert_array_equal(w, saved_w)
        np.testing.assert_array_equal(b, saved_b)
    click(qtbot, window.transport.play_button)
    assert ask_process(qtbot, window).playing
    # A second crash right after the first is not retried by itself: the banner offers a restart.
    os.kill(window.worker.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: window.worker.health == "crashed", timeout=WAIT_MS)
    assert banner.isVisible() and banner.button.text() == "Restart training"
    assert not window.transport.is_playing and not window.worker.is_running
    click(qtbot, banner.button)
    assert window.worker.is_running and not banner.isVisible()
    qtbot.waitUntil(lambda: latest(window).metrics.step == 0 and not latest(window).playing, timeout=WAIT_MS)
    click(qtbot, window.transport.step_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step == 1, timeout=WAIT_MS)


def test_training_controls_reach_the_model_without_a_reset(qtbot, window):
    panel = window.training_panel
    click(qtbot, window.transport.step_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step == 1, timeout=WAIT_MS)
    generation = latest(window).generation
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("momentum"))
    panel.batch_slider.slider.setValue(BATCH_SIZES.index(10))
    panel.reg_combo.setCurrentIndex(panel.reg_combo.findData("l2"))
    panel.reg_rate_combo.setCurrentIndex(panel.reg_rate_combo.findData(0.01))
    settings = window.session.training
    assert (settings.optimizer, settings.batch_size, settings.regularization, settings.reg_rate) == \
        ("momentum", 10, "l2", 0.01)
    window.transport.step_size_combo.setCurrentIndex(1)  # a whole epoch: 100 training points in tens
    click(qtbot, window.transport.step_button)
    qtbot.waitUntil(lambda: latest(window).metrics.step == 11, timeout=WAIT_MS)
    assert latest(window).metrics.epoch == pytest.approx(2.0, abs=1e-9)  # a full-batch step, then 10 x 10 points
    # (approx: the epochs are summed in chunks whose size follows the load, so the last bit may differ)
    assert latest(window).generation == generation


def test_slow_motion_shows_each_step(qtbot, window):
    window.transport.speed_control.slider.slider.setValue(SPEEDS.index(10.0))
    click(qtbot, window.transport.play_button)
    seen = set()
    qtbot.waitUntil(lambda: seen.add(latest(window).metrics.step) or len(seen) >= 6, timeout=WAIT_MS)
    click(qtbot, window.transport.play_button)
    wait_for_pause(qtbot, window)
    steps = sorted(seen)
    assert steps[-1] - steps[0] <= 2 * len(steps)  # frames step by about one, not by hundreds

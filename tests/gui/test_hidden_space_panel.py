"""The hidden-space panel in the window: live frames, layer and stage choice, morph, replay, linked hovering."""

from __future__ import annotations

import numpy as np
import pytest

from playground.core.hidden_space import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import Trainer, TrainingSettings
from playground.gui import hidden_space_panel
from playground.gui.hidden_space_panel import HISTORY_CAPACITY, MORPH_STEPS, NO_HIDDEN_NOTE

from .conftest import WAIT_MS


@pytest.fixture
def window(make_window):
    return make_window(Scenario(PresetSpec("xor", points=100), NetworkSpec((3, 2), "tanh"), TrainingSettings()))


def test_the_last_hidden_layer_is_shown_live(qtbot, window):
    panel = window.hidden_panel
    assert panel.request() == HiddenRequest(2, "activation")
    qtbot.waitUntil(lambda: panel.view.frame is not None, timeout=WAIT_MS)
    frame = panel.view.frame
    assert frame.layer == 2 and frame.exact and frame.decision_segments is not None
    first = frame.points.copy()
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step > 200, timeout=WAIT_MS)
    window.pause()
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)
    assert not np.allclose(panel.view.frame.points, first)  # the warp changed as the network learned


def test_choosing_layer_and_stage_reaches_the_worker(qtbot, window):
    panel = window.hidden_panel
    panel.layer_combo.setCurrentIndex(panel.layer_combo.findData(1))
    panel.stage_combo.setCurrentIndex(panel.stage_combo.findData("affine"))
    assert panel.request() == HiddenRequest(1, "affine")
    qtbot.waitUntil(lambda: panel.view.frame is not None and panel.view.frame.layer == 1
                    and panel.view.frame.stage == "affine", timeout=WAIT_MS)
    panel.axes_combo.setCurrentIndex(panel.axes_combo.findData("neurons"))
    assert panel.neuron_spins[0].isVisibleTo(panel)  # 3 neurons: pick two of them
    panel.neuron_spins[1].setValue(3)
    assert panel.request() == HiddenRequest(1, "affine", (0, 2))
    qtbot.waitUntil(lambda: panel.view.frame.axis_titles == ("neuron 1", "neuron 3"), timeout=WAIT_MS)


def test_the_morph_goes_from_the_input_plane_to_the_layer(qtbot, window):
    panel, view = window.hidden_panel, window.hidden_panel.view
    qtbot.waitUntil(lambda: view.frame is not None, timeout=WAIT_MS)
    panel.morph_slider.setValue(0)
    x, _y = view._grid.getData()
    frame = view.frame
    start = frame.stage_positions[0][: frame.n_vertices].reshape(frame.grid.shape)
    assert np.allclose(np.sort(x), np.sort(np.concatenate([start[..., 0].ravel(), start[..., 0].T.ravel()])))
    assert view._caption.toPlainText() == "input plane"
    panel.morph_slider.setValue(MORPH_STEPS // 2)
    assert "→" in view._caption.toPlainText() or view._caption.toPlainText().startswith("layer")
    panel.morph_slider.setValue(MORPH_STEPS)
    assert view._caption.toPlainText() == "layer 2: tanh"
    panel.morph_button.click()
    assert panel.morph_button.text() == "■ Stop"
    qtbot.waitUntil(lambda: panel.morph_button.text() == "▶ Morph", timeout=WAIT_MS)
    assert panel.morph_slider.value() == MORPH_STEPS


def test_while_training_the_morph_stages_are_sent_only_while_the_morph_is_in_use(qtbot, window, monkeypatch):
    monkeypatch.setattr(hidden_space_panel, "MORPH_MS_PER_STAGE", 60)
    panel, view = window.hidden_panel, window.hidden_panel.view
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.playing and view.stage_count == 1, timeout=WAIT_MS)
    assert not panel.request().morph  # training at full speed: the layer's own stage only
    panel.morph_button.click()
    assert panel.request().morph and panel.morph_button.text() == "■ Stop"
    qtbot.waitUntil(lambda: view.stage_count == 7, timeout=WAIT_MS)  # the stages come, the morph plays
    qtbot.waitUntil(lambda: panel.morph_button.text() == "▶ Morph", timeout=WAIT_MS)
    assert not panel.request().morph
    panel.morph_slider.setValue(0)  # dragging the slider asks for the stages too
    assert panel.request().morph
    qtbot.waitUntil(lambda: view.stage_count == 7 and view._caption.toPlainText() == "input plane", timeout=WAIT_MS)
    panel.morph_slider.setValue(MORPH_STEPS)
    assert not panel.request().morph
    window.pause()
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing and view.stage_count == 7, timeout=WAIT_MS)


def test_a_replayed_frame_without_stages_has_no_morph(qtbot, window):
    panel = window.hidden_panel
    trainer = Trainer(window.session.dataset, window.session.network, TrainingSettings(device="cpu"))
    trainer.hidden_request = panel.request()
    qtbot.waitUntil(lambda: panel.view.frame is not None, timeout=WAIT_MS)
    panel._clear_history()
    for _ in range(3):
        trainer.step(2)
        panel.show_snapshot(trainer.snapshot())  # as sent while training: no stages
    panel.replay_slider.setValue(0)
    assert not panel.morph_slider.isEnabled() and not panel.morph_button.isEnabled()
    panel.replay_slider.setValue(panel.replay_slider.maximum())
    assert panel.morph_slider.isEnabled()


def test_replay_memory_is_bounded_and_dragging_back_shows_an_old_frame(qtbot, window):
    panel = window.hidden_panel
    trainer = Trainer(window.session.dataset, window.session.network, TrainingSettings(device="cpu"))
    trainer.hidden_request = panel.request()
    snapshots = []
    for _ in range(HISTORY_CAPACITY + 40):
        trainer.step(2)
        snapshots.append(trainer.snapshot())
    qtbot.waitUntil(lambda: panel.view.frame is not None, timeout=WAIT_MS)  # the worker's first frame is in
    panel._clear_history()
    for snapshot in snapshots:
        panel.show_snapshot(snapshot)
    assert panel.history_length <= HISTORY_CAPACITY
    assert panel.replay_label.text() == "live"
    panel.replay_slider.setValue(0)
    assert panel.replay_label.text() == "step 2"  # the oldest frame is never thinned away
    np.testing.assert_allclose(panel.view.frame.points, snapshots[0].hidden.points)
    panel.show_snapshot(snapshots[-1])  # live frames keep coming in while replaying
    np.testing.assert_allclose(panel.view.frame.points, snapshots[0].hidden.points)
    panel.replay_slider.setValue(panel.replay_slider.maximum())
    assert panel.replay_label.text() == "live"


def test_hovering_a_point_rings_it_in_both_views(qtbot, window):
    qtbot.waitUntil(lambda: window.hidden_panel.view.frame is not None, timeout=WAIT_MS)
    window.boundary_view.point_hovered.emit(5)
    hidden = window.hidden_panel.view
    x, y = hidden.marks.highlight_item.getData()
    assert np.allclose((x[0], y[0]), hidden.frame.points[5]) and hidden.marks.highlight_item.isVisible()
    hidden.point_hovered.emit(7)
    x, y = window.boundary_view.marks.highlight_item.getData()
    assert np.allclose((x[0], y[0]), window.session.dataset.points[7])
    assert window.boundary_view.marks.highlight_item.isVisible()
    assert window.network_diagram._marked == tuple(window.session.dataset.points[7])  # its path through the layers
    window.boundary_view.point_hovered.emit(-1)
    assert len(hidden.marks.highlight_item.data) == 0 and not hidden.marks.highlight_item.isVisible()
    assert window.network_diagram._marked is None


def test_misclassified_points_are_marked_in_both_views(qtbot, window):
    qtbot.waitUntil(lambda: window.hidden_panel.view.frame is not None, timeout=WAIT_MS)
    wrong = window.latest_snapshot.misclassified
    assert wrong.any()  # untrained: plenty of mistakes
    frame = window.hidden_panel.view.frame
    np.testing.assert_allclose(window.hidden_panel.view.marks.rings(), frame.points[wrong], rtol=1e-6)
    np.testing.assert_allclose(window.boundary_view.marks.rings(), window.session.dataset.points[wrong], rtol=1e-6)


def test_no_hidden_layer_says_how_to_get_one(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("xor", points=100), NetworkSpec((), "tanh"), TrainingSettings()))
    panel = window.hidden_panel
    assert panel.request() is None and not panel.layer_combo.isEnabled()
    assert panel.view._note.toPlainText() == NO_HIDDEN_NOTE
    window.network_panel.add_layer_button.click()
    assert panel.request() == HiddenRequest(1, "activation")
    qtbot.waitUntil(lambda: panel.view.frame is not None, timeout=WAIT_MS)


def test_hiding_the_panel_stops_asking_for_frames(qtbot, window):
    window.hidden_action.setChecked(False)
    assert window.hidden_panel.isHidden() and window.hidden_panel.request() is None
    qtbot.waitUntil(lambda: window.latest_snapshot.hidden is None, timeout=WAIT_MS)
    window.hidden_action.setChecked(True)
    qtbot.waitUntil(lambda: window.latest_snapshot.hidden is not None, timeout=WAIT_MS)


def test_the_plot_stays_square_when_the_axes_labels_change_width(qtbot, window):
    """Wider tick labels ("-4000" for "-4") take room from the plot: the square is fitted again, so the range shown
    is the frame's (the regions drawn over it reach every edge), not one widened to keep the aspect."""
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    view = window.hidden_panel.view
    qtbot.waitUntil(lambda: view.frame is not None, timeout=WAIT_MS)
    frame = view.frame
    box = view.plot.getViewBox()

    def square() -> bool:
        return abs(box.width() - box.height()) <= 2

    for scale in (1000.0, 1.0, 1e5):
        grown = replace(frame, grid=frame.grid * scale, points=frame.points * scale,
                        view=tuple(v * scale for v in frame.view), regions=None, decision_segments=None)
        view.show_frame(grown)
        view.grab()  # painted: the axes measure their new labels and ask for room
        QApplication.processEvents()  # (and get it)
        qtbot.waitUntil(square, timeout=WAIT_MS)
        (x0, x1), (y0, y1) = box.viewRange()
        assert x1 - x0 == pytest.approx(y1 - y0, rel=0.02)

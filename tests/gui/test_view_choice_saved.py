"""A saved scenario opens with the views as they were: the hidden space's layer, stage and axes (and whether
it was shown), and the part of the plane looked at; the training process draws what the panel shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from playground.core.hidden_space import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, load_scenario

from .conftest import ask_process
from .monkey import post_wheel


def test_a_saved_scenario_opens_with_the_views_as_they_were(qtbot, make_window, tmp_path):
    window = make_window(Scenario(PresetSpec("spiral", points=120), NetworkSpec(hidden=(5, 4))))
    panel = window.hidden_panel
    panel.choose(HiddenRequest(2, "affine", (3, 0), dims=2))  # layer 2, after its affine map, neurons 4 and 1
    viewport = window.boundary_view.viewport()
    post_wheel(viewport, viewport.rect().center() + QPoint(30, -20), 3)  # the learner zooms into the plane
    qtbot.waitUntil(lambda: window.boundary_view.looked_at() is not None)
    looked_at = window.boundary_view.looked_at()
    window.questions.save = str(tmp_path / "spiral")
    assert window.document.save_as()
    saved = load_scenario(tmp_path / "spiral.playground.json")
    assert saved.view.hidden_space.layer == 2 and saved.view.hidden_space.neurons == (3, 0)
    assert saved.view.plane == pytest.approx(looked_at)

    other = make_window(Scenario(PresetSpec("xor", points=60), NetworkSpec(hidden=(3,))))
    assert other.open_scenario(str(tmp_path / "spiral.playground.json"))
    assert other.hidden_panel.layer_combo.currentData() == 2
    assert other.hidden_panel.stage_combo.currentData() == "affine"
    assert [s.value() for s in other.hidden_panel.neuron_spins[:2]] == [4, 1]
    assert other.boundary_view.looked_at() == pytest.approx(looked_at)
    # and the training process draws that layer, stage and pair of neurons, over that part of the plane
    qtbot.waitUntil(lambda: ask_process(qtbot, other).hidden == HiddenRequest(2, "affine", (3, 0), dims=2))
    assert ask_process(qtbot, other).view == pytest.approx(looked_at)


def test_a_hidden_space_saved_hidden_opens_hidden(qtbot, make_window, tmp_path):
    window = make_window(Scenario(PresetSpec("two-curves", points=80), NetworkSpec(hidden=(2,))))
    window.hidden_action.trigger()  # View > Hidden space off
    assert not window.hidden_panel.isVisible()
    window.questions.save = str(tmp_path / "curves")
    assert window.document.save_as()
    other = make_window(Scenario(PresetSpec("xor", points=60), NetworkSpec(hidden=(3,))))
    assert other.hidden_panel.isVisible()
    assert other.open_scenario(str(tmp_path / "curves.playground.json"))
    assert not other.hidden_action.isChecked() and not other.hidden_panel.isVisible()
    qtbot.waitUntil(lambda: ask_process(qtbot, other).hidden is None)  # no frames of it are made

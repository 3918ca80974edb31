"""Picking a preset made to teach something offers the network it is made for; one click loads it (and the
training process uses it), another keeps the learner's; nothing is offered for the same preset again, for a
preset without a lesson, or when a scenario file is opened."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from playground.core.meant_networks import MeantNetworksError, read_meant_networks
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, save_scenario

from .conftest import ask_process


def pick_preset(qtbot, window, name: str) -> None:
    """Choose a preset in the Data panel's list, as a learner does."""
    combo = window.data_panel.preset_combo
    combo.setCurrentIndex(combo.findData(name))
    qtbot.waitUntil(lambda: window.session.preset is not None and window.session.preset.name == name)


@pytest.fixture
def window(make_window):
    return make_window(Scenario(PresetSpec("spiral", points=100), NetworkSpec(hidden=(8, 8))))


def test_two_curves_offers_two_tanh_neurons_and_one_click_loads_them(qtbot, window):
    offer = window.preset_offer
    assert not offer.isVisible()
    pick_preset(qtbot, window, "two-curves")
    assert offer.isVisible()
    assert "2 tanh" in offer.label.text() and "2-8-8-1" in offer.label.text()
    qtbot.mouseClick(offer.use_button, Qt.MouseButton.LeftButton)
    assert not offer.isVisible()
    assert window.session.network.hidden == (2,) and window.session.network.activations == ("tanh",)
    qtbot.waitUntil(lambda: ask_process(qtbot, window).layer_shapes == ((2, 2), (1, 2)))  # the process uses it
    assert window.network_panel.width_spins[0].value() == 2 and len(window.network_panel.width_spins) == 1


def test_keep_mine_keeps_the_network_and_the_same_preset_does_not_ask_again(qtbot, window):
    offer = window.preset_offer
    pick_preset(qtbot, window, "xor")
    assert offer.isVisible()
    qtbot.mouseClick(offer.keep_button, Qt.MouseButton.LeftButton)
    assert not offer.isVisible() and window.session.network.hidden == (8, 8)
    points = window.data_panel.points_slider
    points.slider.setValue(points.values.index(200))  # more points of the same preset: no new offer
    qtbot.waitUntil(lambda: window.session.preset.points == 200)
    assert not offer.isVisible()
    pick_preset(qtbot, window, "gauss")  # two blobs: nothing to teach about the network
    assert not offer.isVisible()


def test_building_the_offered_network_by_hand_withdraws_the_offer(qtbot, window):
    pick_preset(qtbot, window, "rabbits-unicorns")
    assert window.preset_offer.isVisible()
    window.session.set_network(window.preset_offer.offered.network)
    assert not window.preset_offer.isVisible()


def test_a_scenario_file_brings_its_own_network_and_no_offer(qtbot, window, tmp_path):
    path = tmp_path / "curves.playground.json"
    save_scenario(Scenario(PresetSpec("two-curves", points=80), NetworkSpec(hidden=(6,))), path)
    assert window.open_scenario(str(path))
    assert window.session.network.hidden == (6,)
    assert not window.preset_offer.isVisible()


def test_every_offer_fits_its_preset(tmp_path):
    offers = read_meant_networks()
    assert {"rabbits-unicorns", "two-curves", "line"} <= set(offers)
    assert offers["two-curves"].network.hidden == (2,)
    assert offers["line"].network.task == "fit" and offers["line"].network.hidden == ()
    assert offers["circle"].network.features == ("x1sq", "x2sq")
    broken = tmp_path / "meant.json"
    broken.write_text(json.dumps({"presets": {"moons": {"network": {}, "why": "?"}}}))
    with pytest.raises(MeantNetworksError, match="there is no preset 'moons'"):
        read_meant_networks(broken)
    broken.write_text(json.dumps({"presets": {"xor": {"network": {"hidden": [0]}, "why": "?"}}}))
    with pytest.raises(MeantNetworksError, match="'xor'"):
        read_meant_networks(broken)
    broken.write_text("{not json")
    with pytest.raises(MeantNetworksError, match="cannot be read"):
        read_meant_networks(broken)

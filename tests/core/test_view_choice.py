"""A scenario file keeps what the views show (the hidden space's layer, stage and axes, the part of the plane),
checked against its own network when read, and old files without it still open."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, ScenarioError, scenario_from_dict, scenario_to_dict
from playground.core.view_choice import HiddenSpaceChoice, ViewChoice

BASE = Scenario(PresetSpec("spiral", points=100), NetworkSpec(hidden=(5, 3)))


def with_view(**view) -> dict:
    obj = scenario_to_dict(BASE)
    obj["view"] = {"speed": 30, **view}
    return obj


@pytest.mark.parametrize("view", [
    ViewChoice(),
    ViewChoice(HiddenSpaceChoice()),
    ViewChoice(HiddenSpaceChoice(False, 2, "affine", (0, 2, 1), 3), (-1.5, 2.0, -3.0, 4.25)),
    ViewChoice(HiddenSpaceChoice(True, 1, "activation", (4, 0), 2)),
    ViewChoice(None, (0.0, 1e-3, -1e15, 1e15)),
])
def test_what_the_views_show_goes_through_a_file_unchanged(view):
    scenario = replace(BASE, view=view)
    text = json.dumps(scenario_to_dict(scenario))
    assert scenario_from_dict(json.loads(text)).view == view


def test_the_axes_are_written_as_a_learner_counts_them():
    obj = scenario_to_dict(replace(BASE, view=ViewChoice(HiddenSpaceChoice(True, 1, "affine", (0, 4), 2))))
    assert obj["view"]["hidden_space"] == {"shown": True, "layer": 1, "stage": "affine", "axes": [1, 5], "dims": 2}


def test_a_file_without_a_view_choice_opens_with_the_apps_own():
    obj = scenario_to_dict(BASE)
    del obj["view"]
    assert scenario_from_dict(obj).view == ViewChoice()
    obj["view"] = {"speed": 5}
    assert scenario_from_dict(obj).view == ViewChoice()


def test_a_network_without_hidden_layers_has_no_hidden_space_to_show():
    obj = scenario_to_dict(replace(BASE, network=NetworkSpec(hidden=())))
    obj["view"]["hidden_space"] = {"layer": 1}
    assert scenario_from_dict(obj).view.hidden_space is None


@pytest.mark.parametrize(("view", "message"), [
    ({"hidden_space": {"layer": 3}}, "'view.hidden_space.layer' must be a hidden layer of the network, 1 to 2"),
    ({"hidden_space": {"layer": 0}}, "1 to 2, not 0"),
    ({"hidden_space": {"layer": 1, "dims": 3, "axes": [1, 2]}}, "must list 3 neurons for a 3D view"),
    ({"hidden_space": {"layer": 2, "axes": [1, 4]}}, "different neurons of layer 2, 1 to 3"),
    ({"hidden_space": {"layer": 1, "axes": [2, 2]}}, "different neurons of layer 1, 1 to 5"),
    ({"hidden_space": {"axes": "umap"}}, "must be \"pca\" or a list of neurons"),
    ({"hidden_space": {"axes": [True, False]}}, "must be \"pca\" or a list of neurons"),
    ({"hidden_space": {"stage": "before"}}, "'view.hidden_space.stage' must be one of affine, activation"),
    ({"hidden_space": {"dims": 4}}, "must be 2 or 3, not 4"),
    ({"hidden_space": {"shown": 1}}, "'view.hidden_space.shown' must be true or false"),
    ({"hidden_space": {"colour": "red"}}, "unknown field 'view.hidden_space.colour'"),
    ({"hidden_space": []}, "'view.hidden_space' must be an object"),
    ({"plane": [1, 0, 0, 1]}, "from smaller to larger"),
    ({"plane": [0, 1, 0]}, "four numbers"),
    ({"plane": [0, 1, 0, float("nan")]}, "between -1e15 and 1e15"),
    ({"plane": [0, 1e16, 0, 1]}, "between -1e15 and 1e15"),
    ({"plane": "all"}, "'view.plane' must be a list"),
    ({"zoom": 2}, "unknown field 'view.zoom'"),
])
def test_a_view_choice_that_does_not_fit_is_refused_in_words(view, message):
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(with_view(**view))
    assert message in str(caught.value)


def test_a_3d_view_needs_three_neurons():
    narrow = scenario_to_dict(replace(BASE, network=NetworkSpec(hidden=(5, 2))))
    narrow["view"]["hidden_space"] = {"layer": 2, "dims": 3}
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(narrow)
    assert "'view.hidden_space.dims' is 3, but layer 2 has only 2 neurons" in str(caught.value)

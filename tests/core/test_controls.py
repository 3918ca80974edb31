"""Which controls a scenario hides or locks: names checked strictly, saved and read back."""

from __future__ import annotations

import json

import pytest

from playground.core.controls import CONTROLS, SIMPLE_HIDDEN, ControlsError, ControlsSpec
from playground.core.scenario import Scenario, ScenarioError, scenario_from_dict, scenario_to_dict


def round_trip(scenario: Scenario) -> Scenario:
    return scenario_from_dict(json.loads(json.dumps(scenario_to_dict(scenario))))


def test_a_file_keeps_what_it_hides_and_locks():
    spec = ControlsSpec(frozenset({"noise", "features"}), frozenset({"optimizer"}))
    assert round_trip(Scenario(controls=spec)).controls == spec
    assert scenario_to_dict(Scenario(controls=spec))["controls"] == {"hide": ["noise", "features"],
                                                                      "lock": ["optimizer"]}


def test_a_file_without_controls_shows_everything_and_writes_nothing():
    assert "controls" not in scenario_to_dict(Scenario())
    assert round_trip(Scenario()).controls == ControlsSpec()


@pytest.mark.parametrize(("controls", "message"), [
    ({"hide": ["nois"]}, "'nois' in 'controls.hide' is not a control (did you mean 'noise'?)"),
    ({"lock": "optimizer"}, "'controls.lock' must be a list of control names"),
    ({"hide": [3]}, "'controls.hide' must be a list of control names"),
    ({"show": []}, "unknown field 'controls.show'"),
    ([], "'controls' must be an object"),
])
def test_bad_controls_are_refused_naming_what_is_wrong(controls, message):
    data = scenario_to_dict(Scenario())
    data["controls"] = controls
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data)
    assert message in str(info.value)


def test_the_simple_mode_hides_only_known_controls_and_keeps_the_essentials():
    assert set(CONTROLS) >= SIMPLE_HIDDEN
    assert not {"preset", "layers", "step", "reset"} & SIMPLE_HIDDEN
    with pytest.raises(ControlsError):
        ControlsSpec(frozenset({"everything"}))

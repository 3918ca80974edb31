"""The speed training is shown at, in scenario files: written on save, read strictly, optional (files without it
open at the speed of a first start), and chosen so that a learner can watch the boundary move."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from playground import cli
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.scenario import (
    MAX_SPEED,
    MIN_SPEED,
    WATCHABLE_SPEED,
    Scenario,
    ScenarioError,
    load_scenario,
    save_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from playground.core.training import Trainer, TrainingSettings

BASE = Scenario(PresetSpec("xor", points=100), NetworkSpec((4,)), TrainingSettings())


def with_view(view) -> dict:
    obj = scenario_to_dict(BASE)
    if view is ...:
        del obj["view"]
    else:
        obj["view"] = view
    return obj


@pytest.mark.parametrize("speed", [1.0, 2.5, 30.0, 1000.0, None, MIN_SPEED, MAX_SPEED])
def test_the_speed_is_saved_and_read_back(tmp_path, speed):
    path = tmp_path / "s.playground.json"
    save_scenario(Scenario(BASE.data, BASE.network, BASE.training, speed=speed), path)
    assert json.loads(path.read_text(encoding="utf-8"))["view"] == {"speed": speed}  # null for full speed
    assert load_scenario(path).speed == speed


def test_a_file_without_a_speed_opens_at_the_first_start_speed():
    assert scenario_from_dict(with_view(...)).speed == WATCHABLE_SPEED
    assert scenario_from_dict(with_view({})).speed == WATCHABLE_SPEED
    assert Scenario().speed == WATCHABLE_SPEED  # the app's first start


@pytest.mark.parametrize(("view", "words"), [
    ({"speed": "fast"}, "'view.speed' must be a number"),
    ({"speed": True}, "'view.speed' must be a number"),
    ({"speed": [30]}, "'view.speed' must be a number"),
    ({"speed": 0}, "'view.speed' must be between 0.1 and 100,000 steps per second, or null for full speed"),
    ({"speed": -5}, "'view.speed' must be between"),
    ({"speed": 1e9}, "'view.speed' must be between"),
    ({"speed": 30, "zoom": 2}, "unknown field 'view.zoom'"),
    ({"sped": 30}, "unknown field 'view.sped'; did you mean 'speed'?"),
    (30, "'view' must be an object, not 30"),
])
def test_a_wrong_speed_is_refused_in_words(view, words):
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(with_view(view))
    assert words in str(info.value)


def test_a_scenario_given_on_the_command_line_keeps_its_speed(tmp_path):
    path = tmp_path / "slow.playground.json"
    save_scenario(Scenario(BASE.data, BASE.network, BASE.training, speed=5.0), path)
    args = cli._gui_parser().parse_args([str(path), "--lr", "0.1"])
    assert cli.scenario_from_args(args, args.scenario_file).speed == 5.0
    args = cli._build_parser().parse_args(["train", "--scenario", str(path)])
    assert cli.scenario_from_args(args).speed == 5.0
    assert cli.scenario_from_args(cli._gui_parser().parse_args([])).speed == WATCHABLE_SPEED  # the first start


def steps_until_the_boundary_settles(name: str, network: NetworkSpec, limit: int = 3000) -> int:
    """Training steps until the predicted class stops changing: under 0.1% of the plane flips in 10 steps."""
    trainer = Trainer(generate(PresetSpec(name)), network, TrainingSettings())
    before = trainer.snapshot().probabilities.argmax(axis=2)
    for step in range(10, limit + 1, 10):
        trainer.step(10)
        now = trainer.snapshot().probabilities.argmax(axis=2)
        if np.mean(now != before) < 0.001 and step > 10:
            return step
        before = now
    return limit


def test_at_the_first_start_speed_the_boundary_moves_for_seconds_not_an_instant():
    """Rabbits vs unicorns (the first start) settles in about 150 steps: at full speed (thousands of steps a
    second) that is over in a blink; at the first start's speed it moves for several seconds. The spiral, which
    takes a few hundred steps more, is still learnt within a minute."""
    rabbits = steps_until_the_boundary_settles("rabbits-unicorns", NetworkSpec())
    spiral = steps_until_the_boundary_settles("spiral", NetworkSpec((8, 8, 8)))
    assert rabbits / WATCHABLE_SPEED >= 3.0, rabbits
    assert spiral / WATCHABLE_SPEED <= 60.0, spiral
    trainer = Trainer(generate(PresetSpec("rabbits-unicorns")), NetworkSpec(), TrainingSettings())
    started = time.perf_counter()
    trainer.step(rabbits)
    assert time.perf_counter() - started < rabbits / WATCHABLE_SPEED / 2  # full speed: much faster than that

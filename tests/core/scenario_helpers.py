"""Shared by the scenario-file tests: a scenario of each kind of data, its dictionary, a file of it, and the
plain message a refused file gives."""

import copy
import json
from pathlib import Path

import numpy as np
import pytest

from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, ScenarioError, load_scenario, scenario_to_dict
from playground.core.training import TrainingSettings

PRESET_SCENARIO = Scenario(
    PresetSpec("xor", points=300, noise=0.1, seed=4, test_ratio=0.3),
    NetworkSpec(hidden=(4, 3), activation="relu"),
    TrainingSettings(optimizer="sgd", learning_rate=0.1, batch_size=16, loss="mse", seed=7),
)


def explicit_dataset() -> Dataset:
    return Dataset(
        points=np.array([[0.25, -1.5], [3.0, 2.0], [-0.125, 7.5], [1e-3, -2e5]], dtype=np.float32),
        labels=np.array([0, 2, 1, 2]),
        is_test=np.array([False, True, False, False]),
        class_names=("cat", "dog", "bird"),
        feature_names=("weight", "height"),
        class_colours=("#112233", "#aabbcc", "#ABCDEF"),
        domain=(-1.0, 4.0, -3.0, 8.0),
    )


def base_dict() -> dict:
    return scenario_to_dict(PRESET_SCENARIO)


def explicit_dict() -> dict:
    return scenario_to_dict(Scenario(explicit_dataset(), NetworkSpec(), TrainingSettings()))


def write(tmp_path: Path, content) -> Path:
    path = tmp_path / "scenario.playground.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def load_error(tmp_path: Path, content) -> str:
    """The message of the ScenarioError that loading `content` raises (and nothing else may be raised)."""
    path = write(tmp_path, content)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert message.startswith(path.name)  # every message names the file
    assert "\n" not in message
    return message


def changed(obj: dict, dotted: str, value) -> dict:
    obj = copy.deepcopy(obj)
    *parents, last = dotted.split(".")
    target = obj
    for key in parents:
        target = target[key]
    target[last] = value
    return obj


def removed(obj: dict, dotted: str) -> dict:
    obj = copy.deepcopy(obj)
    *parents, last = dotted.split(".")
    target = obj
    for key in parents:
        target = target[key]
    del target[last]
    return obj

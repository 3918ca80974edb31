"""Random scenarios for round-trip tests: every task, presets and drawn data of 2 to 8 classes, losses,
optimizers, networks, from one seeded random generator (so a failure names the seed that shows it)."""

from __future__ import annotations

import random

import numpy as np

from playground.core.dataset import CLASS_COLOURS, MARKERS, Dataset
from playground.core.features import FEATURES, FIT_FEATURES
from playground.core.network import ACTIVATIONS, NetworkSpec
from playground.core.presets import PresetSpec, presets_for
from playground.core.scenario import Scenario, load_scenario, save_scenario
from playground.core.training import LOSSES, OPTIMIZERS, REGULARIZATIONS, TrainingSettings

LEARNING_RATES = (0.0001, 0.003, 0.03, 0.3, 3.0)


def random_dataset(rng: random.Random, task: str) -> Dataset:
    """Drawn data: 0 to 60 points, of 2 to 8 classes (one for curve fitting), its own names, colours, markers."""
    n = rng.choice([0, 1, 2, 7, 30, 60])
    nrng = np.random.default_rng(rng.randrange(2**32))
    points = nrng.uniform(-7, 7, (n, 2)) * rng.choice([1.0, 0.01, 40.0])
    is_test = nrng.uniform(0, 1, n) < rng.random() * 0.9
    domain = None if rng.random() < 0.5 else (-8.0, 9.0, -10.0, 8.5)
    if domain is not None:
        points = np.clip(points, -7.0, 7.0)
    features = (rng.choice(["x", "speed"]), rng.choice(["y", "size"]))
    if task == "fit":
        return Dataset(points, np.zeros(n, np.int64), is_test, class_names=(rng.choice(["samples", "s"]),),
                       class_colours=(rng.choice(CLASS_COLOURS),), feature_names=features, domain=domain,
                       class_markers=(rng.choice(MARKERS),), task="fit")
    k = rng.randint(2, 8)
    labels = nrng.integers(0, k, n)
    return Dataset(points, labels, is_test, class_names=tuple(f"c{i}{rng.choice('xyz')}" for i in range(k)),
                   class_colours=tuple(rng.sample(CLASS_COLOURS, k)), feature_names=features, domain=domain,
                   class_markers=tuple(rng.choice(MARKERS) for _ in range(k)))


def random_network(rng: random.Random, task: str) -> NetworkSpec:
    hidden = tuple(rng.randint(1, 8) for _ in range(rng.randint(0, 3)))
    names = [a for a in ACTIVATIONS if a != "step"] if task == "fit" else list(ACTIVATIONS)
    per_layer = hidden and rng.random() < 0.4
    activation = tuple(rng.choice(names) for _ in hidden) if per_layer else rng.choice(names)
    pool = list(FIT_FEATURES) if task == "fit" else list(FEATURES)
    features = tuple(rng.sample(pool, rng.randint(1, len(pool))))
    dropout = rng.choice([0.0, 0.2]) if not hidden or rng.random() < 0.5 else tuple(rng.choice([0.0, 0.3])
                                                                                     for _ in hidden)
    return NetworkSpec(hidden, activation, features=features, dropout=dropout, task=task,
                       n_classes=1 if task == "fit" else 2)


def random_training(rng: random.Random, task: str) -> TrainingSettings:
    regularization = rng.choice(REGULARIZATIONS)
    return TrainingSettings(optimizer=rng.choice(OPTIMIZERS), learning_rate=rng.choice(LEARNING_RATES),
                            batch_size=rng.choice([0, 1, 10, 32]),
                            loss="mse" if task == "fit" else rng.choice(LOSSES), seed=rng.randrange(100_000),
                            regularization=regularization,
                            reg_rate=0.0 if regularization == "none" else rng.choice([0.0, 0.001, 0.3]))


def random_scenario(rng: random.Random) -> Scenario:
    task = rng.choice(["classify", "fit"])
    if rng.random() < 0.4:
        info = rng.choice(presets_for(task))
        data = PresetSpec(info.name, points=rng.choice([None, 20, 77]), noise=rng.choice([None, 0.0, 0.35]),
                          seed=rng.randrange(1000), test_ratio=rng.choice([0.1, 0.3, 0.5, 0.85]))
    else:
        data = random_dataset(rng, task)
    return Scenario(data, random_network(rng, task), random_training(rng, task))


def through_a_file(scenario: Scenario, folder) -> Scenario:
    """The scenario as saving and opening it gives it back."""
    path = folder / "scenario.playground.json"
    save_scenario(scenario, path)
    return load_scenario(path)

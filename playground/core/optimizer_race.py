"""Optimisers side by side (issue 16 part 3), computed in the training process: from the same starting weights,
on the same data and the same batches, each chosen optimiser trains its own copy of the network for a number of
steps; its path (every weight after each step) and its objective (training loss plus penalty) are recorded, to
be drawn on one landscape (or slice) and one chart. The picture of why momentum and Adam exist: on a long, narrow
valley plain gradient descent zigzags across it while momentum rolls along it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch

from .training import Trainer
from .training_settings import OPTIMIZERS, TrainingError

MAX_RACE_STEPS = 5_000


@dataclass(frozen=True, eq=False)
class RaceRun:
    optimizer: str
    steps: np.ndarray  # (K + 1,) 0, 1, ... K
    weights: np.ndarray  # (K + 1, P) all parameters (model order, flattened) before the first step and after each
    objective: np.ndarray  # (K + 1,) the training loss plus the penalty at those weights
    diverged: bool  # the run blew up (its objective stopped being a number); the path ends there


def _flat(trainer: Trainer) -> np.ndarray:
    return np.concatenate([p.detach().to("cpu", torch.float64).reshape(-1).numpy()
                           for p in trainer.model.parameters()])


def _objective(trainer: Trainer) -> float:
    model = trainer.model
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            value = trainer.loss_of(model(trainer._x_train), trainer._y_train) + trainer.penalty()
        return float(value)
    finally:
        model.train(was_training)


def race(trainer: Trainer, optimizers: tuple[str, ...], steps: int) -> dict[str, RaceRun]:
    """Train a copy of `trainer`'s network from its weights now with each of `optimizers` (at its learning rate,
    batch size, loss and penalty), `steps` steps each on the same batches; `trainer` itself is not changed."""
    unknown = [name for name in optimizers if name not in OPTIMIZERS]
    if unknown:
        raise TrainingError(f"unknown optimizer '{unknown[0]}'; choose from: {', '.join(OPTIMIZERS)}")
    if len(set(optimizers)) < 2:
        raise TrainingError("choose at least two different optimizers to compare")
    if not 1 <= steps <= MAX_RACE_STEPS:
        raise TrainingError(f"a race runs 1 to {MAX_RACE_STEPS:,} steps, not {steps}")
    start = trainer.weights()
    runs = {}
    for name in optimizers:
        # Each copy starts from the same random state (its batches have their own seeded generator), and the
        # training process's own random state is left as it was.
        with torch.random.fork_rng(devices=[]):
            runner = Trainer(trainer.dataset, trainer.spec, replace(trainer.settings, optimizer=name),
                             grid_size=trainer.grid_size)
            runner.load_weights(start)
            torch.manual_seed(trainer.settings.seed)
            weights, objective = [_flat(runner)], [_objective(runner)]
            for _ in range(steps):
                runner.step(1)
                if runner.diverged:
                    break
                weights.append(_flat(runner))
                objective.append(_objective(runner))
        runs[name] = RaceRun(name, np.arange(len(weights)), np.stack(weights), np.array(objective),
                             diverged=runner.diverged)
    return runs

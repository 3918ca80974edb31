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


class Racer:
    """One optimiser's run, taken a few steps at a time (so a comparison can be computed in small pieces between
    the training process's other work): a copy of the network from `start`, on the trainer's data and settings."""

    def __init__(self, trainer: Trainer, optimizer: str, start) -> None:
        self.optimizer = optimizer
        with torch.random.fork_rng(devices=[]):
            self._runner = Trainer(trainer.dataset, trainer.spec, replace(trainer.settings, optimizer=optimizer),
                                   grid_size=trainer.grid_size)
        self._runner.load_weights(start)
        self._rng = _seeded_state(trainer.settings.seed)
        self._weights, self._objective = [_flat(self._runner)], [_objective(self._runner)]

    @property
    def steps(self) -> int:
        return len(self._weights) - 1

    @property
    def diverged(self) -> bool:
        return self._runner.diverged

    def advance(self, steps: int) -> int:
        """Up to `steps` more steps (none once it blew up); returns how many ran. The training process's own
        random state is left as it was: each racer keeps its own (dropout draws from it)."""
        done = 0
        with torch.random.fork_rng(devices=[]):
            torch.set_rng_state(self._rng)
            while done < steps and not self._runner.diverged:
                self._runner.step(1)
                if self._runner.diverged:
                    break
                self._weights.append(_flat(self._runner))
                self._objective.append(_objective(self._runner))
                done += 1
            self._rng = torch.get_rng_state()
        return done

    def run(self) -> RaceRun:
        return RaceRun(self.optimizer, np.arange(len(self._weights)), np.stack(self._weights),
                       np.array(self._objective), diverged=self._runner.diverged)


def _seeded_state(seed: int) -> torch.Tensor:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return torch.get_rng_state()


def check_race(optimizers: tuple[str, ...], steps: int) -> None:
    """Refuse, in words, a comparison that cannot be run."""
    unknown = [name for name in optimizers if name not in OPTIMIZERS]
    if unknown:
        raise TrainingError(f"unknown optimizer '{unknown[0]}'; choose from: {', '.join(OPTIMIZERS)}")
    if len(set(optimizers)) < 2:
        raise TrainingError("choose at least two different optimizers to compare")
    if not 1 <= steps <= MAX_RACE_STEPS:
        raise TrainingError(f"a race runs 1 to {MAX_RACE_STEPS:,} steps, not {steps}")


def race(trainer: Trainer, optimizers: tuple[str, ...], steps: int, start=None) -> dict[str, RaceRun]:
    """Train a copy of `trainer`'s network from `start` (its weights now, when None) with each of `optimizers` (at
    its learning rate, batch size, loss and penalty), `steps` steps each on the same batches; `trainer` itself is
    not changed."""
    check_race(optimizers, steps)
    start = trainer.weights() if start is None else start
    runs = {}
    for name in optimizers:
        racer = Racer(trainer, name, start)
        racer.advance(steps)
        runs[name] = racer.run()
    return runs

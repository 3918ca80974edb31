"""Optimisers compared on the loss landscape (issue 16 part 3), as the training process keeps them: from the
weights as they were when the comparison was asked for, each chosen optimiser trains its own copy of the network
RACE_STEPS steps (optimizer_race.py), a few steps between the process's other work so that the window keeps its
frame rate. The finished comparison stays shown while a new one is computed: after a change of the learning
rate, the loss, the penalty, the batch size or the data, it is run again from the same start."""

from __future__ import annotations

import time
from dataclasses import replace

from .landscape_frames import RACE_STEPS, LandscapeRequest
from .training_settings import TrainingError


class RaceTracker:
    def __init__(self) -> None:
        self._start_key: tuple | None = None
        self._start = None  # the weights every optimiser starts from (Trainer.weights())
        self._key: tuple | None = None  # what the runs being computed (or shown) were run with
        self._racers: list | None = None  # optimizer_race.Racer  # being computed
        self.runs: dict | None = None  # {optimizer: optimizer_race.RaceRun}  # the last finished comparison
        self.note = ""  # why there is none, in words, when one is asked for and cannot be run

    def forget(self) -> None:
        self._start_key = self._start = self._key = self._racers = self.runs = None
        self.note = ""

    @property
    def busy(self) -> bool:
        """A comparison is being computed (the training process should come back to it soon)."""
        return self._racers is not None

    @property
    def progress(self) -> float:
        if self._racers is None:
            return 1.0
        return sum(min(r.steps, RACE_STEPS) for r in self._racers) / (RACE_STEPS * len(self._racers))

    def update(self, trainer, request: LandscapeRequest | None, budget: float) -> None:
        """Start, go on with (for about `budget` seconds) or drop the comparison the request asks for."""
        from .optimizer_race import Racer, check_race  # (it imports the Trainer, which imports this)

        if request is None or not request.race:
            self.forget()
            return
        try:
            check_race(request.race, RACE_STEPS)
        except TrainingError as error:
            self.forget()
            self.note = str(error)[0].upper() + str(error)[1:] + "."
            return
        self.note = ""
        start_key = (request.race, request.take, request.kind, trainer.generation, trainer.spec)
        if start_key != self._start_key:
            self._start_key, self._start = start_key, trainer.weights()
            self.runs, self._key = None, None
        settings = replace(trainer.settings, optimizer="sgd")  # the optimiser is each racer's own
        if self._key is None or self._key[0] != settings or self._key[1] is not trainer.dataset:
            self._key = (settings, trainer.dataset)
            self._racers = [Racer(trainer, name, self._start) for name in request.race]
        if self._racers is None:
            return
        started = time.perf_counter()
        while time.perf_counter() - started < budget:
            running = [r for r in self._racers if r.steps < RACE_STEPS and not r.diverged]
            if not running:
                break
            for racer in running:
                racer.advance(min(4, RACE_STEPS - racer.steps))
        if all(r.steps >= RACE_STEPS or r.diverged for r in self._racers):
            self.runs = {r.optimizer: r.run() for r in self._racers}
            self._racers = None

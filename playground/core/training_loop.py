"""The training loop that runs in the worker's child process, driven through a connection (a
multiprocessing pipe end, or anything with send/recv/poll).

Messages in: ("play"|"pause"|"step"|"epoch"|"reset"|"stop", None), ("speed", steps per second or
None for full speed), ("settings", TrainingSettings),
("dataset", Dataset), ("spec", NetworkSpec), ("weight", (layer, target, source or None, value)),
("focus", (layer, neuron) or None), ("hidden", HiddenRequest or None: the hidden layer to picture),
("view", (xmin, xmax, ymin, ymax) or None: the part of the plane the boundary map should cover).
They are applied in order between chunks of steps.
Messages out: ("snapshot", Snapshot), ("paused", None) when training stops by itself, ("failed", str),
and ("stopped", None) just before the loop returns.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from dataclasses import replace
from typing import Any, Protocol

import torch

from .dataset import Dataset
from .network import NetworkSpec
from .training import Trainer, TrainingSettings

SNAPSHOT_INTERVAL = 1 / 30  # seconds between snapshots while playing, start to start (at the most often)
SNAPSHOT_SHARE = 0.3  # snapshots may take at most about this share of the time (matters for big data sets)
CHUNK_SECONDS = 0.005  # how long one chunk of steps may run before messages are read again


class Connection(Protocol):
    def send(self, message: Any) -> None: ...
    def recv(self) -> Any: ...
    def poll(self, timeout: float | None = 0.0) -> bool: ...


class RateMeter:
    """Steps per second of wall-clock time over about the last second (snapshots included)."""

    def __init__(self) -> None:
        self._samples: deque[tuple[float, int]] = deque()

    def add(self, steps: int) -> None:
        now = time.perf_counter()
        self._samples.append((now, steps))
        while len(self._samples) > 2 and now - self._samples[0][0] > 1.0:
            self._samples.popleft()

    def clear(self) -> None:
        self._samples.clear()

    @property
    def value(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        span = self._samples[-1][0] - self._samples[0][0]
        return sum(n for _, n in list(self._samples)[1:]) / span if span > 0 else 0.0


class TrainingLoop:
    def __init__(self, connection: Connection, dataset: Dataset, spec: NetworkSpec,
                 settings: TrainingSettings) -> None:
        self._connection = connection
        self._initial = (dataset, spec, settings)
        self._playing = False
        self._rate = RateMeter()
        self._snapshot_seconds = 0.0  # a running average of what one snapshot costs
        self._speed: float | None = None  # steps per second in slow motion; None: as fast as possible
        self._next_step = 0.0  # in slow motion, when the next step is due

    def run(self) -> None:
        torch.set_num_threads(1)
        try:
            trainer = Trainer(*self._initial)
        except Exception as error:  # e.g. a device that vanished; the GUI shows it
            self._connection.send(("failed", f"Training could not start: {error}"))
            self._connection.send(("stopped", None))
            return
        self._send_snapshot(trainer)
        chunk = 1
        last_snapshot = time.perf_counter()
        while True:
            # Paused: wait for a message. Then (and while playing) take whatever else has arrived.
            messages = [] if self._playing else [self._connection.recv()]
            wait = self._next_step - time.perf_counter() if self._playing and self._speed else 0.0
            if wait > 0 and self._connection.poll(wait):  # slow motion: idle until the next step, but listen
                messages.append(self._connection.recv())
            while self._connection.poll():
                messages.append(self._connection.recv())
            if any(kind == "stop" for kind, _ in messages):
                self._connection.send(("stopped", None))
                return
            try:
                if messages and self._apply(trainer, messages):
                    last_snapshot = time.perf_counter()
                    self._send_snapshot(trainer)
                if not self._playing:
                    self._rate.clear()
                    continue
                if not self._rate.value:
                    self._rate.add(0)  # the clock starts now
                started = time.perf_counter()
                if self._speed:
                    if started < self._next_step:
                        continue  # a message came in while waiting; handled, now wait on
                    self._next_step = max(self._next_step + 1.0 / self._speed, started)
                    ran = trainer.step(1)
                    self._rate.add(ran)
                    if self._speed <= 1.0 / SNAPSHOT_INTERVAL:  # slow enough to watch every update
                        last_snapshot = time.perf_counter()
                        self._send_snapshot(trainer)
                        continue
                else:
                    ran = trainer.step(chunk)
                    elapsed = time.perf_counter() - started
                    self._rate.add(ran)
                    chunk = max(1, min(10_000, round(chunk * CHUNK_SECONDS / max(elapsed, 1e-6))))
                if trainer.diverged or ran == 0:
                    self._stop_playing()
                    self._send_snapshot(trainer)
                elif time.perf_counter() - last_snapshot >= self._snapshot_interval():
                    last_snapshot = time.perf_counter()
                    self._send_snapshot(trainer)
            except Exception as error:  # a failure in training must not end the loop silently
                self._stop_playing()
                self._connection.send(("failed", f"Training stopped: {error}"))

    def _snapshot_interval(self) -> float:
        return max(SNAPSHOT_INTERVAL, self._snapshot_seconds / SNAPSHOT_SHARE)

    def _send_snapshot(self, trainer: Trainer) -> None:
        started = time.perf_counter()
        # Paused, the hidden layer's morph comes along, so it is ready the moment the learner reaches for it.
        snapshot = trainer.snapshot(self._rate.value, morph=not self._playing)
        cost = time.perf_counter() - started
        self._snapshot_seconds = cost if not self._snapshot_seconds else 0.8 * self._snapshot_seconds + 0.2 * cost
        self._connection.send(("snapshot", replace(snapshot, playing=self._playing)))

    def _stop_playing(self) -> None:
        self._playing = False
        self._connection.send(("paused", None))

    def _apply(self, trainer: Trainer, messages: list[tuple[str, Any]]) -> bool:
        """Apply messages in order; True when the views need a new snapshot."""
        for kind, value in messages:
            if kind == "play":
                self._playing = True
            elif kind == "pause":
                self._playing = False
            elif kind == "settings":
                trainer.set_settings(value)
            elif kind == "dataset":
                trainer.set_dataset(value)
            elif kind == "spec":
                trainer.set_spec(value)
            elif kind == "reset":
                trainer.reset()
                self._rate.clear()
            elif kind == "step":
                trainer.step(1)
            elif kind == "epoch":
                trainer.step(trainer.steps_per_epoch)
            elif kind == "speed":
                self._speed = value
                self._next_step = time.perf_counter()
            elif kind == "view":
                trainer.view_bounds = value
            elif kind == "weight":  # (layer, target, source or None for the bias, value)
                trainer.set_weight(*value)
            elif kind == "focus":  # (layer, neuron) to show large, or None
                trainer.focus = value
            elif kind == "hidden":  # a HiddenRequest, or None
                trainer.hidden_request = value
        return any(kind not in ("settings", "play") for kind, _ in messages) or not self._playing


def run_training_loop(connection: Connection, dataset: Dataset, spec: NetworkSpec,
                      settings: TrainingSettings) -> None:
    """The child process's entry point."""
    with contextlib.suppress(EOFError, OSError, KeyboardInterrupt):  # the GUI went away: nobody to tell
        TrainingLoop(connection, dataset, spec, settings).run()

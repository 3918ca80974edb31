"""The training thread. It owns the Trainer (and so the torch model and its device), applies commands from
the GUI between steps, trains in short chunks while playing, and emits a Snapshot at display rate.

Signals are emitted from the training thread; Qt queues them to receivers in the GUI thread. Commands are
queued under a lock and applied in order between chunks, so a setting never changes mid-step and no array
is shared mutably between threads (Datasets and settings are immutable values).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import replace
from typing import Any

import torch
from PySide6.QtCore import QObject, Signal

from .core.dataset import Dataset
from .core.network import NetworkSpec
from .core.training import Trainer, TrainingSettings

SNAPSHOT_INTERVAL = 1 / 30  # seconds between snapshots while playing
CHUNK_SECONDS = 0.005  # how long one chunk of steps may run before commands are checked again


class TrainingWorker(QObject):
    """start() once, then play/pause/step/reset and set_* from the GUI thread; stop() before dropping it."""

    snapshot_ready = Signal(object)  # Snapshot, from the training thread
    playing_changed = Signal(bool)  # from the training thread, when training stops by itself (divergence)
    failed = Signal(str)  # a message for the user, from the training thread

    def __init__(self, dataset: Dataset, spec: NetworkSpec, settings: TrainingSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._initial = (dataset, spec, settings)
        self._commands: deque[tuple[str, Any]] = deque()
        self._condition = threading.Condition()
        self._playing = False
        self._stopping = False
        self._thread: threading.Thread | None = None

    # ----- GUI thread side ----------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="playground-training", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to finish and wait for it; safe to call more than once."""
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError("the training thread did not stop")
            self._thread = None

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def is_playing(self) -> bool:
        return self._playing

    def play(self) -> None:
        self._set_playing(True)

    def pause(self) -> None:
        self._set_playing(False)

    def _set_playing(self, playing: bool) -> None:
        with self._condition:
            self._playing = playing
            self._commands.append(("snapshot", None))
            self._condition.notify_all()

    def _send(self, kind: str, value: Any = None) -> None:
        with self._condition:
            self._commands.append((kind, value))
            self._condition.notify_all()

    def step(self) -> None:
        """One optimisation step (while paused)."""
        self._send("step")

    def reset(self) -> None:
        """Fresh weights from the seed, back to step 0."""
        self._send("reset")

    def set_settings(self, settings: TrainingSettings) -> None:
        self._send("settings", settings)

    def set_dataset(self, dataset: Dataset, reset: bool = False) -> None:
        self._send("dataset", dataset)
        if reset:
            self._send("reset")

    def set_spec(self, spec: NetworkSpec) -> None:
        self._send("spec", spec)

    # ----- training thread side -----------------------------------------------------------------
    def _run(self) -> None:
        torch.set_num_threads(1)  # leave the other core to the GUI
        try:
            trainer = Trainer(*self._initial)
        except Exception as error:  # e.g. a device that vanished; the GUI shows it
            self.failed.emit(f"Training could not start: {error}")
            return
        rate = _RateMeter()
        self._emit_snapshot(trainer, rate)
        chunk = 1
        last_snapshot = time.perf_counter()
        while True:
            with self._condition:
                while not (self._stopping or self._playing or self._commands):
                    self._condition.wait()
                if self._stopping:
                    return
                commands = list(self._commands)
                self._commands.clear()
                playing = self._playing
            try:
                if commands and self._apply(trainer, commands, rate):
                    self._emit_snapshot(trainer, rate)
                    last_snapshot = time.perf_counter()
                if not playing:
                    rate.clear()
                    continue
                if not rate.value:
                    rate.add(0)  # the clock starts now
                started = time.perf_counter()
                ran = trainer.step(chunk)
                elapsed = time.perf_counter() - started
                rate.add(ran)
                chunk = max(1, min(10_000, round(chunk * CHUNK_SECONDS / max(elapsed, 1e-6))))
                if trainer.diverged or ran == 0:
                    self._stop_playing()
                    self._emit_snapshot(trainer, rate)
                elif time.perf_counter() - last_snapshot >= SNAPSHOT_INTERVAL:
                    last_snapshot = time.perf_counter()  # frames are timed start to start
                    self._emit_snapshot(trainer, rate)
            except Exception as error:  # a failure in training must not kill the thread silently
                self._stop_playing()
                self.failed.emit(f"Training stopped: {error}")

    def _emit_snapshot(self, trainer: Trainer, rate: _RateMeter) -> None:
        self.snapshot_ready.emit(replace(trainer.snapshot(rate.value), playing=self._playing))

    def _stop_playing(self) -> None:
        with self._condition:
            self._playing = False
        self.playing_changed.emit(False)

    def _apply(self, trainer: Trainer, commands: list[tuple[str, Any]], rate: _RateMeter) -> bool:
        """Apply queued commands in order; True when the views need a new snapshot."""
        for kind, value in commands:
            if kind == "settings":
                trainer.set_settings(value)
            elif kind == "dataset":
                trainer.set_dataset(value)
            elif kind == "spec":
                trainer.set_spec(value)
            elif kind == "reset":
                trainer.reset()
                rate.clear()
            elif kind == "step":
                trainer.step(1)
        return any(kind != "settings" for kind, _ in commands) or not self._playing


class _RateMeter:
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

"""The training worker: the GUI's handle on training. It runs the training loop (core/training_loop.py) in a
child process, so torch never competes with painting for the GIL, and relays frames back as Qt signals.

Interface: start() once; play/pause/step/reset and set_* from the GUI thread; stop() before dropping it.
Signals are emitted from the worker's reader thread; Qt queues them to receivers in the GUI thread.
Everything crossing the pipe is an immutable value (Dataset, NetworkSpec, TrainingSettings, Snapshot).
"""

from __future__ import annotations

import multiprocessing
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from .core.dataset import Dataset
from .core.network import NetworkSpec
from .core.training import TrainingSettings
from .core.training_loop import run_training_loop

CRASH_MESSAGE = "The training process stopped unexpectedly. Press Reset to start it again."


class TrainingWorker(QObject):
    snapshot_ready = Signal(object)  # Snapshot, from the reader thread
    playing_changed = Signal(bool)  # from the reader thread, when training stops by itself (divergence)
    failed = Signal(str)  # a message for the user, from the reader thread

    def __init__(self, dataset: Dataset, spec: NetworkSpec, settings: TrainingSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest = (dataset, spec, settings)  # what a (re)started training process begins with
        self._playing = False
        self._view: tuple[float, float, float, float] | None = None
        self._speed: float | None = None
        self._hidden = None  # the HiddenRequest being pictured
        self._stopping = False
        self._send_lock = threading.Lock()
        self._connection = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._reader: threading.Thread | None = None

    # ----- life cycle ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._process is not None:
            return
        # "spawn" everywhere: the same behaviour on Linux, macOS and Windows, and safe with Qt's threads.
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe(duplex=True)
        self._process = context.Process(target=run_training_loop, args=(child_end, *self._latest),
                                        name="playground-training", daemon=True)
        self._process.start()
        child_end.close()
        self._stopping = False
        self._reader = threading.Thread(target=self._read, name="playground-training-reader", daemon=True)
        self._reader.start()
        if self._view is not None:  # a restarted process keeps the zoom and the speed
            self._send("view", self._view)
        if self._speed is not None:
            self._send("speed", self._speed)
        if self._hidden is not None:
            self._send("hidden", self._hidden)

    def stop(self, timeout: float = 5.0) -> None:
        """End the child process and the reader thread; safe to call more than once."""
        if self._process is None:
            return
        self._stopping = True
        self._send("stop")
        self._process.join(timeout)
        if self._process.is_alive():  # it did not answer: end it the hard way
            self._process.terminate()
            self._process.join(timeout)
        if self._reader is not None:
            self._reader.join(timeout)
        self._connection.close()
        self._process = self._reader = self._connection = None

    @property
    def is_running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        """The training process's id, while it runs."""
        return self._process.pid if self.is_running else None

    @property
    def is_playing(self) -> bool:
        return self._playing

    # ----- commands (GUI thread) ----------------------------------------------------------------
    def _send(self, kind: str, value: Any = None) -> None:
        if self._connection is None:
            return
        try:
            with self._send_lock:
                self._connection.send((kind, value))
        except (OSError, ValueError):  # the process has gone; the reader reports it
            pass

    def play(self) -> None:
        self._playing = True
        self._send("play")

    def pause(self) -> None:
        self._playing = False
        self._send("pause")

    def step(self) -> None:
        """One optimisation step (while paused)."""
        self._send("step")

    def step_epoch(self) -> None:
        """As many steps as show every training point once (while paused)."""
        self._send("epoch")

    def set_speed(self, steps_per_second: float | None) -> None:
        """Slow motion (a few steps a second, each one shown) or None for full speed."""
        self._speed = steps_per_second
        self._send("speed", steps_per_second)

    def reset(self) -> None:
        """Fresh weights from the seed, back to step 0; restarts the process if it had died."""
        if self._process is not None and not self._process.is_alive():
            self.stop()
            self.start()
            return
        self._send("reset")

    def set_settings(self, settings: TrainingSettings) -> None:
        self._latest = (self._latest[0], self._latest[1], settings)
        self._send("settings", settings)

    def set_dataset(self, dataset: Dataset, reset: bool = False) -> None:
        self._latest = (dataset, self._latest[1], self._latest[2])
        self._send("dataset", dataset)
        if reset:
            self._send("reset")

    def set_view(self, bounds: tuple[float, float, float, float] | None) -> None:
        """The part of the plane the boundary map should cover (None: the data's plane)."""
        self._view = bounds
        self._send("view", bounds)

    def set_weight(self, layer: int, target: int, source: int | None, value: float) -> None:
        """A weight (or, with source None, a bias) typed by the user; applied between steps."""
        self._send("weight", (layer, target, source, value))

    def set_hidden(self, request) -> None:
        """Picture a hidden layer (a HiddenRequest) in every snapshot, or stop (None)."""
        self._hidden = request
        self._send("hidden", request)

    def set_focus(self, focus: tuple[int, int] | None) -> None:
        """Show one neuron's map large in the boundary view ((layer, neuron), layer 0 = the inputs), or None."""
        self._send("focus", focus)

    def set_spec(self, spec: NetworkSpec) -> None:
        self._latest = (self._latest[0], spec, self._latest[2])
        self._send("spec", spec)

    # ----- reader thread ------------------------------------------------------------------------
    def _read(self) -> None:
        connection = self._connection
        while True:
            try:
                kind, payload = connection.recv()
            except (EOFError, OSError):
                if not self._stopping:
                    self._playing = False
                    self.playing_changed.emit(False)
                    self.failed.emit(CRASH_MESSAGE)
                return
            if kind == "snapshot":
                self.snapshot_ready.emit(payload)
            elif kind == "paused":
                self._playing = False
                self.playing_changed.emit(False)
            elif kind == "failed":
                self.failed.emit(payload)
            elif kind == "stopped":
                return

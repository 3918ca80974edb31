"""The training worker: the window's handle on the training process (a child process, so torch never competes
with painting for the GIL).

It keeps one DesiredState (core/desired_state.py). Setters change a field of it and mark the field dirty; the
newest value of each dirty field goes to the process in one Update, with at most one update in flight (the
process acknowledges each, so changes made meanwhile coalesce: a brush stroke sends a few patches, not one data
set per dab). Commands (step, reset, a typed weight, a report) travel in the same stream, in order. A sender
thread does the sending, so the window never blocks on a busy pipe; a reader thread receives, keeps only the
newest frame (a one-slot mailbox) plus every frame's metrics for the chart, and watches for silence: a process
that says nothing for HUNG_AFTER seconds is reported as not responding. A process that dies is started again
from the desired state.

Interface (GUI thread): start(); the setters; take_frames() after `frames_arrived`; stop() before dropping it.
"""

from __future__ import annotations

import itertools
import multiprocessing
import threading
import time
from collections import deque
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from .core.dataset import Dataset
from .core.desired_state import DesiredState, Update, make_patch
from .core.network_spec import NetworkSpec
from .core.training_settings import TrainingSettings
from .training_launch import launch, take_spare
from .training_process import SHOWN, STATE, STOP

HUNG_AFTER = 5.0  # seconds of silence from a running process before it counts as not responding
START_GRACE = 60.0  # a process that is still starting (importing torch) gets this long to say its first word
CRASH_WINDOW = 30.0  # a second crash this soon after the last is not retried by itself (it would only crash again)
CRASH_MESSAGE = "The training process stopped unexpectedly. It was started again, with everything the window shows."
CRASH_AGAIN_MESSAGE = ("The training process keeps stopping unexpectedly. Press Reset to start it again; "
                       "the details are in the log file.")
_CLOSE = object()  # tells the sender thread to end


class TrainingWorker(QObject):
    frames_arrived = Signal()  # from the reader thread: frames wait in the mailbox (take_frames)
    playing_changed = Signal(bool)  # GUI thread: training stopped by itself (diverged, done, nothing to train)
    failed = Signal(str)  # GUI thread: a message for the user
    errors_reported = Signal(object)  # GUI thread: ((item, message for the user), ...) from one update
    report_ready = Signal(int, object)  # GUI thread: (its number, a StateReport) asked for with request_report()
    health_changed = Signal(str)  # GUI thread: "ok", "hung" (not responding) or "crashed" (gave up restarting)
    devices_found = Signal(object)  # GUI thread: ((setting, name for the user), ...) the process can train on
    restarted = Signal()  # GUI thread: a process that crashed was started again by itself (its weights are new)
    _received = Signal(int, object)  # reader thread -> GUI thread: (run, a message other than a frame)

    def __init__(self, state: DesiredState, parent: QObject | None = None, log_path: str | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._log_path = log_path
        self._items: list[list[Any]] = []  # ["set", field, value] or ["do", command, argument], in order
        self._seq = 0
        self._in_flight: int | None = None
        self._playing_seq = 0  # the update that carries the newest play/pause
        self._sent_data: tuple[Dataset, int] | None = None  # what the process has, as the base of patches
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)
        self._received.connect(self._on_received)
        self._reports = itertools.count(1)
        self._run = 0  # counts starts, so a message from a process already replaced is ignored
        # The mailbox (reader thread in, GUI thread out).
        self._mail_lock = threading.Lock()
        self._mail_latest = None
        self._mail_metrics: list[tuple[int, Any]] = []
        self._mail_flagged = False
        self.frames_received = 0
        # The process and its threads.
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection = None
        self._reader: threading.Thread | None = None
        self._sender: threading.Thread | None = None
        self._outbox: deque = deque()
        self._outbox_ready = threading.Condition()
        self._stopping = False
        self._last_heard = 0.0
        self._heard = False  # the process has said something since it started
        self._health = "ok"
        self._last_crash: float | None = None
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(500)
        self._watchdog.timeout.connect(self._on_watchdog_timeout)

    # ----- life cycle ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._process is not None:
            return
        spare = take_spare()  # started early by the command line (torch is loading in it), if there is one
        state = replace(self._state, seq=self._seq)  # with every update so far: its frames say they applied it
        launched = spare or launch(state, self._log_path)
        self._process, self._connection = launched.process, launched.connection
        self._stopping = False
        self._run += 1
        self._items, self._in_flight = [], None  # the whole desired state went with the start
        self._sent_data = (self._state.dataset, self._state.data_version)
        self._last_heard = time.monotonic()
        self._heard = False
        self._outbox.clear()
        if spare is not None:  # sent by the sender thread: a spare still importing torch reads it only then
            self._outbox.append((STATE, state, self._log_path))
        self._reader = threading.Thread(target=self._read, args=(self._connection, self._run),
                                        name="playground-training-reader", daemon=True)
        self._sender = threading.Thread(target=self._send_loop, args=(self._connection,),
                                        name="playground-training-sender", daemon=True)
        self._reader.start()
        self._sender.start()
        self._watchdog.start()
        self._set_health("ok")

    def stop(self, timeout: float = 1.0) -> None:
        """End the training process and both threads within about `timeout` seconds; safe to call again."""
        if self._process is None:
            return
        self._stopping = True
        self._watchdog.stop()
        self._post(STOP)
        self._post(_CLOSE)
        process = self._process
        process.join(timeout * 0.5)
        if process.is_alive():  # it did not answer: end it the hard way
            process.terminate()
            process.join(timeout * 0.2)
        if process.is_alive():  # stopped (SIGSTOP) or deaf to SIGTERM
            process.kill()
            process.join(timeout * 0.1)
        for thread in (self._sender, self._reader):  # the pipe is closed at the other end: both end now
            if thread is not None:
                thread.join(timeout * 0.1)
        self._connection.close()
        self._process = self._reader = self._sender = self._connection = None
        self._in_flight = None

    def restart(self) -> None:
        """Start the training process again from the desired state (after a crash or a hang)."""
        self.stop(timeout=0.5)
        self.start()

    @property
    def is_running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        """The training process's id, while it runs."""
        return self._process.pid if self.is_running else None

    @property
    def is_playing(self) -> bool:
        return self._state.playing

    @property
    def state(self) -> DesiredState:
        """What the window wants the training process to be doing."""
        return self._state

    @property
    def health(self) -> str:
        return self._health

    # ----- the desired state (GUI thread) -------------------------------------------------------
    def _set(self, name: str, value: Any) -> None:
        """Mark a field dirty with its newest value. It replaces an unsent older value, unless a command came
        in between (that command must see the field as it was then)."""
        for item in reversed(self._items):
            if item[0] == "do":
                break
            if item[1] == name:
                item[2] = value
                break
        else:
            item = None
        if item is None or item[0] == "do":
            self._items.append(["set", name, value])
        self._flush_timer.start()

    def _do(self, name: str, argument: Any = None) -> None:
        self._items.append(["do", name, argument])
        self._flush_timer.start()

    def _flush(self) -> None:
        """Send the dirty fields and commands as one update, unless one is still in flight (then its
        acknowledgement calls this again)."""
        if self._in_flight is not None or not self._items or self._process is None or self._stopping:
            return
        self._seq += 1
        items = []
        for kind, name, value in self._items:
            if kind == "set" and name == "dataset":
                dataset, version = value
                base = self._sent_data
                value = make_patch(base[0] if base else None, base[1] if base else None, dataset, version)
                self._sent_data = (dataset, version)
            if kind == "set" and name == "playing":
                self._playing_seq = self._seq
            items.append((kind, name, value))
        self._items = []
        self._in_flight = self._seq
        self._post(Update(self._seq, tuple(items)))

    def play(self) -> None:
        self._state = replace(self._state, playing=True)
        self._set("playing", True)

    def pause(self) -> None:
        """Stop playing, and drop any steps still to run (an epoch step can be paused too)."""
        self._state = replace(self._state, playing=False)
        self._set("playing", False)
        self._do("halt")

    def step(self) -> None:
        """One optimisation step (while paused)."""
        self._do("step", 1)

    def step_epoch(self) -> None:
        """As many steps as show every training point once (while paused; interruptible with pause())."""
        self._do("step", "epoch")

    def reset(self) -> None:
        """Fresh weights from the seed, back to step 0; starts the process again if it had died."""
        if not self.is_running:
            self.stop()
            self.start()
            return
        self._do("reset")

    def set_speed(self, steps_per_second: float | None) -> None:
        """Slow motion (a few steps a second, each one shown) or None for full speed."""
        self._state = replace(self._state, speed=steps_per_second)
        self._set("speed", steps_per_second)

    def set_settings(self, settings: TrainingSettings) -> None:
        self._state = replace(self._state, settings=settings)
        self._set("settings", settings)

    def set_dataset(self, dataset: Dataset, version: int, reset: bool = False) -> None:
        """The data at `version` (versions only grow); with `reset`, training starts afresh on it."""
        self._state = replace(self._state, dataset=dataset, data_version=version)
        self._set("dataset", (dataset, version))
        if reset:
            self._do("reset")

    def set_spec(self, spec: NetworkSpec) -> None:
        self._state = replace(self._state, network=spec)
        self._set("network", spec)

    def set_view(self, bounds: tuple[float, float, float, float] | None) -> None:
        """The part of the plane the boundary map should cover (None: the data's plane)."""
        self._state = replace(self._state, view=bounds)
        self._set("view", bounds)

    def set_hidden(self, request) -> None:
        """Picture a hidden layer (a HiddenRequest) in every snapshot, or stop (None)."""
        self._state = replace(self._state, hidden=request)
        self._set("hidden", request)

    def set_landscape(self, request) -> None:
        """Draw the loss landscape (a LandscapeRequest: which two parameters) in every snapshot, or stop (None)."""
        self._state = replace(self._state, landscape=request)
        self._set("landscape", request)

    def set_focus(self, focus: tuple[int, int] | None) -> None:
        """Show one neuron's map large in the boundary view ((layer, neuron), layer 0 = the inputs), or None."""
        self._state = replace(self._state, focus=focus)
        self._set("focus", focus)

    def set_arrows(self, shown: bool) -> None:
        """Draw (or stop drawing) where gradient descent pushes each point, on the plane and in the hidden space."""
        self._state = replace(self._state, arrows=shown)
        self._set("arrows", shown)

    def set_weight(self, layer: int, target: int, source: int | None, value: float) -> None:
        """A weight (or, with source None, a bias) typed by the user; applied between steps."""
        self._do("weight", (layer, target, source, value))

    def load_weights(self, weights) -> None:
        """Trained weights (a TrainedWeights, from a scenario file or the autosave), applied after the network
        they fit, so training goes on from where it was saved."""
        self._do("load_weights", weights)

    def queued_seq(self) -> int:
        """The number of the update that carries every change made so far (sent, or still to go): a frame whose
        `state_seq` is at least this one shows them all."""
        return self._seq + (1 if self._items else 0)

    def request_report(self) -> int:
        """Ask the process what it is actually using; `report_ready` brings the answer. Returns its number."""
        number = next(self._reports)
        self._do("report", number)
        return number

    # ----- frames (GUI thread) ------------------------------------------------------------------
    def take_frames(self) -> tuple[Any, list[tuple[int, Any]]]:
        """The newest snapshot (None if none came) and (generation, metrics) of every frame since the last call."""
        with self._mail_lock:
            latest, metrics = self._mail_latest, self._mail_metrics
            self._mail_latest, self._mail_metrics, self._mail_flagged = None, [], False
        if latest is not None:  # the process sends the next frame now, not frames the window would only drop
            self._post((SHOWN, latest.serial))
        return latest, metrics

    # ----- threads ------------------------------------------------------------------------------
    def _post(self, message: Any) -> None:
        with self._outbox_ready:
            self._outbox.append(message)
            self._outbox_ready.notify()

    def _send_loop(self, connection) -> None:
        while True:
            with self._outbox_ready:
                while not self._outbox:
                    self._outbox_ready.wait()
                message = self._outbox.popleft()
            if message is _CLOSE:
                return
            try:
                connection.send(message)
            except (OSError, ValueError):  # the process has gone; the reader reports it
                return
            if message == STOP:
                return

    def _read(self, connection, run: int) -> None:
        while True:
            try:
                message = connection.recv()
            except (EOFError, OSError):
                self._received.emit(run, ("ended", None))
                return
            self._last_heard = time.monotonic()
            first = not self._heard
            self._heard = True
            kind = message[0]
            if kind == "snapshot":
                snapshot = message[1]
                with self._mail_lock:
                    self._mail_latest = snapshot
                    self._mail_metrics.append((snapshot.generation, snapshot.metrics))
                    notify, self._mail_flagged = not self._mail_flagged, True
                self.frames_received += 1
                if notify:
                    self.frames_arrived.emit()
            elif kind == "stopped":
                return
            elif kind != "alive" or first or self._health != "ok":
                self._received.emit(run, message)

    # ----- messages (GUI thread) ----------------------------------------------------------------
    def _on_received(self, run: int, message: tuple) -> None:
        if run != self._run:
            return  # from a process that has been replaced
        kind = message[0]
        if kind == "ended":
            self._on_process_ended()
            return
        if self._health == "hung":
            self._set_health("ok")
        if kind == "applied":
            _, seq, errors = message
            if seq == self._in_flight:
                self._in_flight = None
            if any(name == "dataset" for name, _ in errors):
                self._resend_data()
            if errors:
                self.errors_reported.emit(errors)
            self._flush()
        elif kind == "paused":
            # The process stopped by itself. Unless a later play/pause is on its way (sent after the update
            # the process had applied, or not sent yet), the window's wish follows.
            pending = any(item[0] == "set" and item[1] == "playing" for item in self._items)
            if message[1] >= self._playing_seq and not pending and self._state.playing:
                self._state = replace(self._state, playing=False)  # the process already has it so
            self.playing_changed.emit(False)
        elif kind == "report":
            self.report_ready.emit(message[1], message[2])
        elif kind == "failed":
            self.failed.emit(message[1])
        elif kind == "devices":
            self.devices_found.emit(message[1])

    def _resend_data(self) -> None:
        """The process could not take a change of the data: send it the whole data set next."""
        self._sent_data = None
        if not any(item[0] == "set" and item[1] == "dataset" for item in self._items):
            self._items.insert(0, ["set", "dataset", (self._state.dataset, self._state.data_version)])

    def _on_process_ended(self) -> None:
        if self._stopping or self._process is None:
            return
        now = time.monotonic()
        recently = self._last_crash is not None and now - self._last_crash < CRASH_WINDOW
        self._last_crash = now
        self.stop(timeout=0.5)
        if recently:
            self._state = replace(self._state, playing=False)
            self.playing_changed.emit(False)
            self._set_health("crashed")
            self.failed.emit(CRASH_AGAIN_MESSAGE)
            return
        self.start()
        self.restarted.emit()
        self.failed.emit(CRASH_MESSAGE)

    def _on_watchdog_timeout(self) -> None:
        if self._process is None or self._stopping:
            return
        if not self._process.is_alive():
            self._on_process_ended()
            return
        silence = time.monotonic() - self._last_heard
        if silence > (HUNG_AFTER if self._heard else START_GRACE) and self._health == "ok":
            self._set_health("hung")

    def _set_health(self, health: str) -> None:
        if health != self._health:
            self._health = health
            self.health_changed.emit(health)

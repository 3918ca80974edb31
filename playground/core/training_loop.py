"""The training loop that runs in the training process, driven through a connection (a multiprocessing pipe end,
or anything with send/send_bytes/recv).

It starts from a DesiredState and then takes Updates (see desired_state.py): field changes and commands, applied
in order between chunks of steps, each on its own, so one bad value never drops another. A thread of its own reads
the messages as they come (Inbox); the loop takes them between chunks.

Messages in: an Update, STOP, or (SHOWN, serial): the window has taken the frame numbered `serial` to paint it.
Once the window says so, the loop sends at most one frame ahead of what the window has taken while training (frames it
would only drop cost training time); paused, and for a window that never says so, frames go as soon as they are due.
Playing at full speed, a frame is made in a second thread from the network frozen between two steps, while the steps
go on (Trainer.frozen_snapshot): on two cores, frames then take the steps almost no time.
Messages out:
- ("snapshot", Snapshot), stamped with the data version and the last update applied;
- ("applied", seq, errors) after each update, `errors` a tuple of (item name, message for the user);
- ("paused", seq) when training stops by itself (it diverged, there is nothing to train on, the steps asked for
  are done), `seq` the last update applied;
- ("report", request id, StateReport), when asked;
- ("alive", None) whenever nothing else was sent for HEARTBEAT seconds (the window watches for a hang);
- ("failed", message) when training hits an unexpected error (the details go to the log file);
- ("stopped", None) just before the loop returns.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace
from multiprocessing.reduction import ForkingPickler
from typing import Any, Protocol

import torch

from ..paths import attach_log, start_line
from .dataset import DatasetError
from .desired_state import TITLES, DesiredState, PatchError, StateReport, Update, apply_patch, dataset_digest
from .devices import available_devices
from .hidden_space import HiddenSpaceError
from .network import SpecError
from .notices import SUGGESTED_BATCH, slow_steps_notice
from .snapshot import Snapshot
from .training import Trainer, TrainingError

SNAPSHOT_INTERVAL = 1 / 60  # seconds between snapshots while training, start to start (at the most often)
PAUSED_INTERVAL = 1 / 60  # while paused, changes are shown at most this often (a drag coalesces)
# Snapshots may take at most about this share of the time, so training in the window keeps about 80% of its rate;
# where that would mean fewer than SMOOTH_RATE frames a second (a big network), up to SMOOTH_SHARE, so the window
# stays smooth (aimed above 30 a second: frames come a little after they are due, at the end of a step, and the
# window takes them when it is ready).
SNAPSHOT_SHARE = 0.2
SMOOTH_RATE, SMOOTH_SHARE = 36.0, 1 / 3
# Playing at full speed, a frame is made in a second thread while the steps go on (Trainer.frozen_snapshot: the
# fast steps leave Python's lock while they run), so frames cost training little; they may then take up to
# OVERLAP_SHARE of the other core, which the window needs too; where that would mean fewer than SMOOTH_RATE frames
# a second (a big network's), up to OVERLAP_SMOOTH_SHARE. Such a frame's cost is its thread's CPU time: the time
# it waits for a core (two cores, three busy threads: the steps, the frames, the window) or for the window to read
# it is not work it takes from anything. Counted from start to sent (six layers of 8 on a busy 2-core machine:
# 15-22 ms for 12 ms of work), frames came less often than the window could paint them.
OVERLAP_SHARE, OVERLAP_SMOOTH_SHARE = 0.5, 0.75
SHOWN = "shown"  # (SHOWN, serial) from the window: it has taken that frame to paint (as training_process says it)
ACK_PATIENCE = 1.0  # seconds without word from the window after which the next frame is sent anyway
CHUNK_SECONDS = 0.005  # how long one chunk of steps may run before messages are read again
# Where the next frame could start at any moment (the one being made is about done, or the window is about to say
# it has taken the last), the steps run in chunks this short, so the frame starts within about this long.
WAIT_CHUNK_SECONDS = 0.001
MAX_CHUNK = 10_000
HEARTBEAT = 0.5  # seconds of silence after which the loop says it is alive
STOP = "stop"  # as playground.training_process says it (core cannot import it)
# Steps slower than this while playing at full speed (a big batch through a big network) get a notice, once the
# steps after the first (which also sets things up) have taken SLOW_MEASURE seconds.
SLOW_STEPS, SLOW_MEASURE = 5.0, 1.0
USER_ERRORS = (TrainingError, SpecError, DatasetError, HiddenSpaceError, PatchError)
log = logging.getLogger("playground.training")


class Connection(Protocol):
    def send(self, message: Any) -> None: ...
    def send_bytes(self, data: bytes) -> None: ...  # a message pickled by multiprocessing's ForkingPickler
    def recv(self) -> Any: ...


class Inbox:
    """The messages from the window, read in a thread of their own as they come, so the loop takes them without a
    system call: while playing, the steps' thread looks between chunks (a look that lets Python's lock go, as
    every system call does, could leave the steps waiting for the frames thread to give it back). A connection
    that fails (the window has gone) fails the loop's next take, as reading it there would."""

    def __init__(self, connection: Connection) -> None:
        self._messages: deque = deque()
        self._arrived = threading.Condition(threading.Lock())
        self._thread = threading.Thread(target=self._read, args=(connection,), name="messages", daemon=True)
        self._thread.start()

    def _read(self, connection: Connection) -> None:
        while True:
            try:
                message = connection.recv()
            except Exception as error:  # (EOFError, OSError: the window has gone)
                message = _Failed(error)
            with self._arrived:
                self._messages.append(message)
                self._arrived.notify()
            if isinstance(message, _Failed) or (isinstance(message, str) and message == STOP):
                return

    def wait(self, timeout: float) -> bool:
        """Whether a message is there, waiting up to `timeout` seconds for one."""
        if self._messages:
            return True
        if timeout <= 0:
            return False
        with self._arrived:
            return self._arrived.wait_for(lambda: bool(self._messages), timeout)

    def take(self) -> Any | None:
        """The next message (None when there is none)."""
        if not self._messages:
            return None
        message = self._messages.popleft()
        if isinstance(message, _Failed):
            raise message.error
        return message


class _Failed:
    def __init__(self, error: Exception) -> None:
        self.error = error


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


def describe_error(name: str, error: Exception) -> str:
    """A message for the user about an item of an update that could not be applied."""
    title = TITLES.get(name, name)
    if isinstance(error, USER_ERRORS):
        text = str(error)
        return f"{title[0].upper()}{title[1:]} could not be used: {text[:1].lower()}{text[1:]}"
    return f"Something went wrong with {title}; the details are in the log file."


class TrainingLoop:
    def __init__(self, connection: Connection, state: DesiredState) -> None:
        self._connection = connection
        self._initial = state
        self._trainer: Trainer | None = None
        self._data_version = state.data_version
        self._playing = state.playing
        self._speed = state.speed
        self._pending = 0  # steps asked for with Step, still to run
        self._applied = state.seq  # seq of the last update applied (the state it starts from includes those)
        self._rate = RateMeter()
        self._snapshot_seconds = 0.0  # a running average of what one snapshot taken while training costs
        self._next_step = 0.0  # in slow motion, when the next step is due
        self._chunk = 1
        self._per_step = 0.0  # seconds a step took in the last chunk (0: not measured yet)
        self._want_snapshot = True  # something changed that the window has not seen yet
        self._last_snapshot = -math.inf
        self._last_sent = time.perf_counter()
        self._serial = 0  # frames sent
        self._taken: int | None = None  # the newest frame the window has taken (None: it does not say)
        # Full-speed steps timed since the data, network or settings last changed: (seconds, steps), None before
        # the first chunk (not timed); and the notice when they were slow, decided once ('' when they were not).
        self._step_time: tuple[float, int] | None = None
        self._slow_notice: str | None = None
        self._frames: ThreadPoolExecutor | None = None  # the thread that makes frames beside the steps
        self._sending = threading.Lock()  # (that thread sends the frames it makes)
        self._overlapping = False  # the last frame taken while training was made beside the steps
        self._frame_expected: float | None = None  # while one is made beside the steps: when it should be sent
        self._frame_took = 0.0  # a running average of such a frame's time from start to sent
        self._inbox: Inbox | None = None  # the messages from the window (read from the loop's start)

    # ----- the loop -----------------------------------------------------------------------------
    def run(self) -> None:
        torch.set_num_threads(1)
        state = self._initial
        try:
            trainer = Trainer(state.dataset, state.network, state.settings)
            trainer.view_bounds, trainer.hidden_request, trainer.focus = state.view, state.hidden, state.focus
            trainer.arrows = state.arrows
            trainer.landscape_request = state.landscape
            log.info("%s", start_line(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), "
                                      f"training on {trainer.device_text}"))
        except Exception as error:  # e.g. a device that vanished; the window shows it
            log.exception("the training process could not start")
            self._send(("failed", f"Training could not start: {error}"))
            self._send(("stopped", None))
            return
        self._trainer = trainer
        self._send(("devices", available_devices()))  # for the window's device choice (it has no torch to ask)
        try:
            self._loop()
        finally:
            if self._frames is not None:
                self._frames.shutdown(wait=True)

    def _loop(self) -> None:
        self._inbox = Inbox(self._connection)
        while True:
            if not self._receive(self._wait_time()):
                self._send(("stopped", None))
                return
            try:
                self._advance()
                self._snapshot_if_due()
            except Exception as error:  # a failure in training must not end the loop silently
                log.exception("training stopped")
                self._playing, self._pending = False, 0
                self._send(("paused", self._applied))
                self._send(("failed", f"Training stopped: {error}. The details are in the log file."))
            if time.perf_counter() - self._last_sent > HEARTBEAT:
                self._send(("alive", None))

    @property
    def _busy(self) -> bool:
        return self._playing or self._pending > 0

    def _wait_time(self) -> float:
        """How long to listen for messages before the next thing is due."""
        now = time.perf_counter()
        if self._playing:
            return max(0.0, self._next_step - now) if self._speed else 0.0
        if self._pending:
            return 0.0
        if self._want_snapshot:
            return max(0.0, self._last_snapshot + PAUSED_INTERVAL - now)
        return HEARTBEAT

    def _receive(self, timeout: float) -> bool:
        """Apply whatever has arrived (waiting up to `timeout` for the first); False when asked to stop."""
        if not self._inbox.wait(timeout):
            return True
        while (message := self._inbox.take()) is not None:
            if message == STOP:
                return False
            if isinstance(message, Update):
                self._apply(message)
            elif isinstance(message, tuple) and len(message) == 2 and message[0] == SHOWN:
                self._taken = message[1]
        return True

    def _advance(self) -> None:
        """Train a little: a chunk while playing, one step when due in slow motion, a chunk of asked-for steps."""
        trainer = self._trainer
        if not self._busy:
            self._rate.clear()
            return
        if not self._rate.value:
            self._rate.add(0)  # the clock starts now
        started = time.perf_counter()
        if self._playing and self._speed:
            if started < self._next_step:
                return
            self._next_step = max(self._next_step + 1.0 / self._speed, started)
            ran = trainer.step(1)
            if self._speed <= 1.0 / SNAPSHOT_INTERVAL:  # slow enough to watch every update
                self._want_snapshot = True
                self._last_snapshot = -math.inf
        else:
            whole = count = self._chunk if self._playing else min(self._chunk, self._pending)
            if self._playing and self._per_step:  # a chunk ends when the next frame can start, not up to a chunk late
                count = min(count, max(1, round(self._until_frame(started) / self._per_step)))
            ran = trainer.step(count)
            if ran:  # size the next chunk by the time a step takes (a refused call takes none)
                took = time.perf_counter() - started
                if count == whole:  # (a chunk cut short, a few steps, would count the call's own cost as theirs)
                    self._per_step = took / ran
                    self._chunk = max(1, min(MAX_CHUNK, round(CHUNK_SECONDS / max(self._per_step, 1e-7))))
                if self._playing:
                    self._time_steps(took, ran)
            if not self._playing:
                self._pending = 0 if ran == 0 else self._pending - ran
                if not self._pending:
                    self._stop_by_itself()
        self._rate.add(ran)
        if self._busy and (trainer.diverged or ran == 0):
            self._stop_by_itself()

    def _until_frame(self, now: float) -> float:
        """Seconds the steps may run before the next frame could start: while one is being made, until it should
        be done (its recent frames' time from start to sent), then a little at a time; else until the next is due;
        due but waiting for the window to take the last, a little at a time (its word may come at any moment);
        0 when it can start now."""
        if self._frame_expected is not None:
            return max(self._frame_expected - now, WAIT_CHUNK_SECONDS)
        due = self._last_snapshot + self._snapshot_interval() - now
        if due > 0:
            return due
        return 0.0 if self._window_ready(now) else WAIT_CHUNK_SECONDS

    def _time_steps(self, seconds: float, steps: int) -> None:
        """Count a chunk played at full speed; once enough are timed, decide whether the steps are slow."""
        if self._slow_notice is not None:
            return
        if self._step_time is None:  # the first chunk also sets things up: not timed
            self._step_time = (0.0, 0)
            return
        seconds, steps = self._step_time[0] + seconds, self._step_time[1] + steps
        self._step_time = (seconds, steps)
        if seconds < SLOW_MEASURE:
            return
        trainer, rate = self._trainer, steps / seconds
        slow = rate < SLOW_STEPS and trainer.batch_size > SUGGESTED_BATCH
        self._slow_notice = slow_steps_notice(trainer.batch_size, trainer.n_train, rate) if slow else ""
        if slow:
            self._want_snapshot = True

    def _stop_by_itself(self) -> None:
        self._playing, self._pending = False, 0
        self._want_snapshot = True
        self._last_snapshot = -math.inf  # show where it stopped now
        self._send(("paused", self._applied))

    # ----- updates ------------------------------------------------------------------------------
    def _apply(self, update: Update) -> None:
        errors = []
        shown_to = 0  # the items before this one are in a frame sent already
        for index, (kind, name, value) in enumerate(update.items):
            try:
                if kind == "do" and name == "report" and not self._busy and (self._want_snapshot or index > shown_to):
                    # Paused, the frame still owed (the paused state, or this update's changes) goes first: once
                    # the window has the answer, no frame is on its way.
                    self._applied = update.seq
                    self._send_snapshot()
                    shown_to = index + 1
                if kind == "set":
                    self._set(name, value)
                else:
                    self._do(name, value)
            except Exception as error:
                if not isinstance(error, USER_ERRORS):
                    log.exception("applying %s failed", name)
                errors.append((name, describe_error(name, error)))
        if any(name in ("dataset", "network", "settings") for _, name, _ in update.items):
            self._chunk, self._per_step = 1, 0.0  # steps may cost far more now: measure again
            self._step_time = self._slow_notice = None
            self._snapshot_seconds = self._frame_took = 0.0  # and so may frames
        self._applied = update.seq
        self._send(("applied", update.seq, tuple(errors)))
        rest = [name for _, name, _ in update.items[shown_to:] if name != "report"]  # not in a frame yet
        if (not self._busy and rest) or any(name not in ("settings", "playing", "speed") for name in rest):
            self._want_snapshot = True

    def _set(self, name: str, value: Any) -> None:
        trainer = self._trainer
        if name == "dataset":
            dataset = apply_patch(trainer.dataset, self._data_version, value)
            trainer.set_dataset(dataset)
            self._data_version = value.version
        elif name == "network":
            trainer.set_spec(value)
        elif name == "settings":
            trainer.set_settings(value)
        elif name == "view":
            trainer.view_bounds = value
        elif name == "hidden":
            trainer.hidden_request = value
        elif name == "landscape":
            trainer.landscape_request = value
        elif name == "focus":
            trainer.focus = value
        elif name == "arrows":
            trainer.arrows = bool(value)
        elif name == "speed":
            self._speed = value
            self._next_step = time.perf_counter()
        elif name == "playing":
            self._playing, self._pending = bool(value), 0
            if self._playing and trainer.diverged:
                trainer.clear_divergence()  # the learner asks to go on: try again from the good weights
            self._next_step = time.perf_counter()
        else:
            raise ValueError(f"unknown field '{name}'")

    def _do(self, name: str, argument: Any) -> None:
        trainer = self._trainer
        if name == "step":  # a number of steps, or "epoch": every training point seen once
            if self._playing:
                return
            if trainer.diverged:
                trainer.clear_divergence()
            self._pending += trainer.steps_per_epoch if argument == "epoch" else int(argument)
        elif name == "halt":
            self._pending = 0
        elif name == "reset":
            trainer.reset()
            self._rate.clear()
        elif name == "weight":  # (layer, target, source or None for the bias, value)
            trainer.set_weight(*argument)
        elif name == "load_weights":  # a TrainedWeights: go on from where it was saved
            trainer.load_weights(argument.layers, argument.steps, argument.epochs)
        elif name == "report":
            self._send(("report", argument, self.report()))
        else:
            raise ValueError(f"unknown command '{name}'")

    # ----- out ----------------------------------------------------------------------------------
    def _send(self, message: Any) -> None:
        with self._sending:
            self._connection.send(message)
            self._last_sent = time.perf_counter()

    def _send_bytes(self, payload: bytes) -> None:
        """Send a message pickled already (ForkingPickler), from either thread."""
        with self._sending:
            self._connection.send_bytes(payload)
            self._last_sent = time.perf_counter()

    def _snapshot_interval(self) -> float:
        """Seconds from the start of one frame taken while training to the next (see SNAPSHOT_SHARE and
        OVERLAP_SHARE)."""
        cost = self._snapshot_seconds
        share, smooth_share = (OVERLAP_SHARE, OVERLAP_SMOOTH_SHARE) if self._overlapping else \
            (SNAPSHOT_SHARE, SMOOTH_SHARE)
        if cost / share <= 1.0 / SMOOTH_RATE:
            return max(SNAPSHOT_INTERVAL, cost / share)
        return max(1.0 / SMOOTH_RATE, cost / smooth_share)

    def _window_ready(self, now: float) -> bool:
        """Whether the window has taken the last frame sent (or does not say, or has been silent too long)."""
        return self._taken is None or self._taken >= self._serial or now - self._last_snapshot > ACK_PATIENCE

    def _snapshot_if_due(self) -> None:
        now = time.perf_counter()
        if self._busy:  # while training, no frame the window would only drop (training time goes to steps)
            due = now - self._last_snapshot >= self._snapshot_interval() and self._window_ready(now)
        else:  # paused, every change is shown at once (and before any answer to a later question)
            due = self._want_snapshot and now - self._last_snapshot >= PAUSED_INTERVAL
        if not due:
            return
        overlap = self._playing and not self._speed and self._trainer.overlaps_frames
        if overlap != self._overlapping and self._busy:  # frames cost the steps differently now: measure again
            self._overlapping, self._snapshot_seconds = overlap, 0.0
        if overlap:
            self._send_overlapped()
        else:
            self._send_snapshot()

    def _send_snapshot(self) -> None:
        trainer = self._trainer
        started = time.perf_counter()
        self._last_snapshot = started
        self._want_snapshot = False
        # Paused, the hidden layer's morph comes along, so it is ready the moment the learner reaches for it.
        # While training, a big data set through a big network has its metrics estimated on a sample, and a big
        # network's pictures are coarser (exact and in full again in the paused frame).
        snapshot = trainer.snapshot(self._rate.value if self._busy else 0.0, morph=not self._busy,
                                    live=self._busy)
        if self._busy:  # (a paused frame measures every point and makes the morph: it would hold live frames back)
            self._measured(time.perf_counter() - started)
        self._deliver(snapshot)

    def _send_overlapped(self) -> None:
        """Playing at full speed: the frame of this moment is made in the frames thread while the steps go on, in
        chunks, until it is sent. The frames thread stamps it, pickles and sends it (all it stamps stays as it is
        meanwhile: no update is applied until then). Should training stop by itself meanwhile, the paused frame
        follows it."""
        self._last_snapshot = time.perf_counter()
        self._want_snapshot = False
        if self._frames is None:
            self._frames = frames_thread()
        self._serial += 1
        make, stamped = self._trainer.frozen_snapshot(self._rate.value, live=True), self._stamp(self._serial)
        started = time.perf_counter()

        def frame() -> tuple[float, float]:  # (in the frames thread: a big frame's write waits for the window)
            working = time.thread_time()
            payload = ForkingPickler.dumps(("snapshot", stamped(make())))
            self._send_bytes(payload)
            # (the share of a core it took, see OVERLAP_SHARE; and how long it took from start to sent)
            return time.thread_time() - working, time.perf_counter() - started

        future: Future = self._frames.submit(frame)
        self._frame_expected = started + self._frame_took
        try:
            while not future.done() and self._busy:
                self._advance()
        finally:
            self._frame_expected = None
            wait([future])  # (the snapshot maker is in use until then, whatever happened to the steps)
        cost, took = future.result()
        self._measured(cost)
        self._frame_took = running_average(self._frame_took, took)

    def _measured(self, cost: float) -> None:
        """Count what a frame taken while training cost into the running average."""
        self._snapshot_seconds = running_average(self._snapshot_seconds, cost)

    def _deliver(self, snapshot) -> None:
        """Send a frame made in this thread."""
        if self._trainer.landscape_pending:  # paused too, the landscape's finer grid or comparison goes on soon
            self._want_snapshot = True
        self._serial += 1
        self._send(("snapshot", self._stamp(self._serial)(snapshot)))

    def _stamp(self, serial: int) -> Callable[[Snapshot], Snapshot]:
        """What stamps a frame as `serial`, with the data version, the last update applied and whether training
        goes on, and gives its hidden space the data's classes (the frame can then be drawn whatever the window
        holds); it holds what it needs, so the frames thread can call it."""
        dataset, version, seq, playing = self._trainer.dataset, self._data_version, self._applied, self._busy
        notice = self._slow_notice or ""

        def stamped(snapshot: Snapshot) -> Snapshot:
            hidden = snapshot.hidden
            if hidden is not None:
                hidden = hidden.with_classes(dataset.labels, dataset.is_test, version)
            return replace(snapshot, playing=playing, hidden=hidden, serial=serial, data_version=version,
                           state_seq=seq, message=snapshot.message or notice)
        return stamped

    def report(self) -> StateReport:
        trainer = self._trainer
        optimizer = trainer.optimizer
        kind = type(optimizer).__name__.lower()
        if kind == "sgd":
            kind = "momentum" if optimizer.param_groups[0].get("momentum") else "sgd"
        linear = trainer.linear_layers()
        return StateReport(
            data_version=self._data_version, data_digest=dataset_digest(trainer.dataset),
            n_points=len(trainer.dataset), network=trainer.spec, settings=trainer.settings,
            layer_shapes=tuple(tuple(layer.weight.shape) for layer in linear),
            modules=tuple(type(module).__name__ for module in trainer.model[1]),
            optimizer=kind, learning_rate=float(optimizer.param_groups[0]["lr"]), batch_size=trainer.batch_size,
            view=trainer.view_bounds, hidden=trainer.hidden_request, landscape=trainer.landscape_request,
            focus=trainer.focus, speed=self._speed, playing=self._playing, step=trainer.step_count,
            arrows=trainer.arrows, epoch=trainer.epoch, generation=trainer.generation,
            weights=trainer.weights(),
        )


def running_average(average: float, value: float) -> float:
    """`average` (0: none yet) with `value` counted in, the recent values weighing most."""
    return value if not average else 0.8 * average + 0.2 * value


def frames_thread() -> ThreadPoolExecutor:
    """The thread that makes frames beside the steps, with torch's threads as this one's (a new thread would
    otherwise do its matrix products on every core, fighting the steps, and round them differently)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="frames", initializer=torch.set_num_threads,
                              initargs=(torch.get_num_threads(),))


def _open_log(path: str | None) -> None:
    if path:
        attach_log(path, "training process")


def run_training_loop(connection: Connection, state: DesiredState, log_path: str | None = None) -> None:
    """The training process's entry point. `log_path`: where errors are written (a windowed app has no stderr)."""
    with contextlib.suppress(Exception):
        _open_log(log_path)
    with contextlib.suppress(EOFError, OSError, KeyboardInterrupt):  # the window went away: nobody to tell
        TrainingLoop(connection, state).run()

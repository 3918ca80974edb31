"""Autosave: the whole scenario (data, network, settings, and the trained weights when the training process can
give them) written to the user data folder soon after each change, and every little while during training, so
that a crash, a dead battery or a kill loses at most a few seconds of work. A clean exit removes the file; one
left behind by a process that no longer runs is offered back at the next start.

Files are `autosave-<pid>.playground-autosave.json`, one per running window, written atomically (a temporary
file, then a rename) by a writer thread, so a large data set never stalls the window."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from ..core.presets import PresetSpec
from ..core.scenario import Scenario, ScenarioError, scenario_from_dict, scenario_to_dict
from ..core.trained_weights import TrainedWeights, WeightsError

FORMAT = "neural-playground-autosave"
VERSION = 1
PATTERN = "autosave-*.playground-autosave.json"
CHANGE_DELAY_MS = 1500  # a change is on disk this soon after it is made (not pushed back by later changes)
TRAINING_MS = 10_000  # while training, the weights are saved this often
REPORT_WAIT_MS = 2000  # how long to wait for the trained weights before saving without them
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Autosaved:
    """Work found in an autosave file left behind by a window that did not close properly."""

    scenario: Scenario
    file: Path | None  # the scenario file the work came from, if any
    saved_at: float  # seconds since the epoch
    paths: tuple[Path, ...]  # every orphaned autosave file (all are removed once this is restored or declined)

    def describe(self) -> str:
        data = self.scenario.data
        points = data.resolved_points() if isinstance(data, PresetSpec) else len(data.points)  # a recipe, or points
        source = f" from {self.file.name}" if self.file else ""
        return f"{points:,} points{source}, with the network {self.scenario.network.describe()}"

    def when(self) -> str:
        moment = datetime.fromtimestamp(self.saved_at)
        today = datetime.now().date() == moment.date()
        return f"at {moment:%H:%M}" if today else f"on {moment:%d %B} at {moment:%H:%M}"


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a file of ours before we wrote one: left by an earlier process that had our number
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def read_autosave(path: Path) -> tuple[Scenario, Path | None, float]:
    """The scenario, its source file and when it was saved; ScenarioError if the file is unusable."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ScenarioError("the autosaved file is too large")
        envelope = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        raise ScenarioError(f"the autosaved file cannot be read ({error.__class__.__name__})")
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT or envelope.get("version") != VERSION:
        raise ScenarioError("not an autosave file of this version of the app")
    scenario = scenario_from_dict(envelope.get("scenario"))
    source = envelope.get("file")
    saved_at = envelope.get("saved_at")
    return (scenario, Path(source) if isinstance(source, str) else None,
            float(saved_at) if isinstance(saved_at, int | float) else path.stat().st_mtime)


def find_orphan(folder: Path) -> Autosaved | None:
    """The newest usable autosave left by a window that no longer runs (None if there is none)."""
    orphans = []
    for path in folder.glob(PATTERN):
        try:
            pid = int(path.name.split("-")[1].split(".")[0])
        except (IndexError, ValueError):
            continue
        if not _process_alive(pid):
            orphans.append(path)
    found = None
    for path in sorted(orphans, key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            scenario, source, saved_at = read_autosave(path)
        except ScenarioError:
            continue
        found = Autosaved(scenario, source, saved_at, tuple(orphans))
        break
    if found is None:
        for path in orphans:  # nothing usable in them: nothing to offer
            with contextlib.suppress(OSError):
                path.unlink()
    return found


def write_file(path: Path, text: str) -> None:
    """Write atomically: the old file stays whole until the new one is complete."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class Autosave(QObject):
    def __init__(self, window, folder: Path, parent: QObject | None = None) -> None:
        """`window`: the MainWindow whose session, document and worker are saved."""
        super().__init__(parent)
        self._window = window
        self.folder = folder
        self.path = folder / f"autosave-{os.getpid()}.playground-autosave.json"
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHANGE_DELAY_MS)
        self._timer.timeout.connect(self._ask_for_weights)
        self._training = QTimer(self)
        self._training.setInterval(TRAINING_MS)
        self._training.timeout.connect(self._on_training_timeout)
        self._training.start()
        self._report_timer = QTimer(self)
        self._report_timer.setSingleShot(True)
        self._report_timer.setInterval(REPORT_WAIT_MS)
        self._report_timer.timeout.connect(lambda: self._save(None))
        self._waiting_for: int | None = None
        self._writer: threading.Thread | None = None
        self._writing = False
        self._next: tuple[dict, Scenario] | None = None  # what waits for the writer
        self._lock = threading.Lock()
        self._step_saved: int | None = None
        self.saves = 0  # files written (for tests)
        self.last_weights: TrainedWeights | None = None  # the trained weights last saved
        self.last_error: str | None = None
        session = window.session
        for signal in (session.dataset_changed, session.network_changed, session.training_changed):
            signal.connect(self._on_session_changed)
        window.worker.report_ready.connect(self._on_report_ready)

    def _on_session_changed(self, *_args) -> None:
        self.schedule()

    def schedule(self) -> None:
        """Save soon; later changes ride along (the first change starts the clock, so drawing non-stop still
        saves every CHANGE_DELAY_MS)."""
        if not self._timer.isActive() and self._waiting_for is None:
            self._timer.start()

    def _on_training_timeout(self) -> None:
        snapshot = self._window.latest_snapshot
        if self._window.worker.is_playing and snapshot is not None and snapshot.metrics.step != self._step_saved:
            self.schedule()

    def _ask_for_weights(self) -> None:
        worker = self._window.worker
        if not worker.is_running:
            self._save(None)
            return
        self._waiting_for = worker.request_report()
        self._report_timer.start()

    def _on_report_ready(self, number: int, report) -> None:
        if number == self._waiting_for:
            self._save(report)

    def _save(self, report) -> None:
        """Write the session now (in the writer thread), with the weights of `report` when given."""
        self._report_timer.stop()
        self._waiting_for = None
        document = self._window.document
        window = self._window
        scenario = replace(window.session.scenario(), view=window.view_choice())  # what the views show, too
        if report is not None:
            scenario = with_report_weights(scenario, report)
            self._step_saved = report.step
            self.last_weights = scenario.weights
            history = window.loss_chart.history()
            if scenario.weights is not None and history is not None:  # and the curves that led to them
                scenario = replace(scenario, history=history.up_to(scenario.weights.steps))
        envelope = {"format": FORMAT, "version": VERSION, "saved_at": time.time(),
                    "file": str(document.path) if document.path else None, "modified": document.modified}
        self._write_in_background(envelope, scenario)

    def _write_in_background(self, envelope: dict, scenario: Scenario) -> None:
        with self._lock:
            self._next = (envelope, scenario)
            if self._writing:
                return  # the writer takes the newest when it is done
            self._writing = True
            self._writer = threading.Thread(target=self._write_loop, name="playground-autosave", daemon=True)
            self._writer.start()

    def _write_loop(self) -> None:
        while True:
            with self._lock:
                job, self._next = self._next, None
                if job is None:
                    self._writing = False
                    return
            envelope, scenario = job
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                text = json.dumps({**envelope, "scenario": scenario_to_dict(scenario)})
                write_file(self.path, text)
                self.saves += 1
            except (OSError, ValueError) as error:
                self.last_error = str(error)

    def save_now(self) -> None:
        """Write the session at once, without waiting for the weights (e.g. the system is shutting down)."""
        self._timer.stop()
        self._save(None)
        self.wait()

    def wait(self) -> None:
        """Until the writer thread is done."""
        writer = self._writer
        if writer is not None:
            writer.join()

    def discard(self) -> None:
        """A clean exit: stop saving and remove the file (the work was saved or deliberately discarded)."""
        for timer in (self._timer, self._training, self._report_timer):
            timer.stop()
        self._waiting_for = None  # an answer from the training process still on its way writes nothing
        self.wait()
        with contextlib.suppress(OSError):
            self.path.unlink()


def trained_weights_of(report) -> TrainedWeights | None:
    """The trained weights a StateReport carries, as a scenario keeps them (None if they cannot be kept)."""
    try:
        return TrainedWeights(report.weights, report.step, report.epoch)
    except WeightsError:  # e.g. not finite: better no weights than none of the work
        return None


def with_report_weights(scenario: Scenario, report) -> Scenario:
    """The scenario with the trained weights a StateReport carries."""
    weights = trained_weights_of(report)
    return scenario if weights is None else replace(scenario, weights=weights)

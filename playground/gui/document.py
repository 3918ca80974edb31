"""The scenario file the window holds: its path, whether it has unsaved changes, and New / Open / Save / Save As,
each asking before it would throw unsaved work away.

The data's changes all go through the session's undo stack, so "the data is as saved" is the stack's clean
state (undoing back to it counts as saved); the network and the training settings are compared with the ones
saved. Trained weights are saved with the file when the training process can give them (`weights_provider`), and the
loss chart's history with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..core.presets import PRESETS
from ..core.scenario import SUFFIX, Scenario, ScenarioError, load_scenario, save_scenario
from .questions import Questions
from .session import Session

FILE_FILTER = f"Playground scenarios and lessons (*{SUFFIX} *.json);;All files (*)"


class Document(QObject):
    changed = Signal()  # the path or the unsaved-changes state changed
    opened = Signal(object)  # the Scenario just opened (or restored), after the session holds it
    status = Signal(str)  # a short message for the status bar

    def __init__(self, session: Session, questions: Questions,
                 weights_provider: Callable[[], object] | None = None,
                 view_provider: Callable[[], object] | None = None,
                 history_provider: Callable[[], object] | None = None, parent: QObject | None = None) -> None:
        """`weights_provider` gives the trained weights to save (or None), `view_provider` what the views show
        (a ViewChoice), `history_provider` the loss chart's history (a LossHistory or None), when a file is
        written."""
        super().__init__(parent)
        self._session = session
        self.questions = questions
        self._weights_provider = weights_provider
        self._view_provider = view_provider
        self._history_provider = history_provider
        self.lesson_opener: Callable[[str], bool] | None = None  # opens a lesson file chosen in File > Open
        self.path: Path | None = None
        self._saved = self._current()
        session.undo_stack.setClean()
        self._data_clean = True  # follows the undo stack's clean state (kept here: asked even as Qt shuts down)
        session.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        session.network_changed.connect(self._on_session_changed)
        session.training_changed.connect(self._on_session_changed)
        session.controls_changed.connect(self._on_session_changed)

    def _current(self) -> tuple:
        """What, besides the data, a saved file would hold."""
        session = self._session
        return session.network, session.training, session.controls

    def _on_session_changed(self, *_args) -> None:
        self.changed.emit()

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        self._data_clean = clean
        self.changed.emit()

    # ----- state --------------------------------------------------------------------------------
    @property
    def data_modified(self) -> bool:
        """Points or classes changed since the file was opened or saved."""
        return not self._data_clean

    @property
    def modified(self) -> bool:
        return self.data_modified or self._current() != self._saved

    @property
    def name(self) -> str:
        """What the window's title calls the work: the file's name, else what the data is."""
        if self.path is not None:
            name = self.path.name
            return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
        preset = self._session.preset
        return PRESETS[preset.name].title if preset else "custom data"

    def mark_saved(self, path: Path | None) -> None:
        """The session now matches the file at `path` (None: matches nothing on disk, but has no changes)."""
        self.path = path
        self._saved = self._current()
        self._session.undo_stack.setClean()
        self._data_clean = True
        self.changed.emit()

    # ----- questions ----------------------------------------------------------------------------
    def confirm_discard(self, action: str) -> bool:
        """Before `action` would throw the unsaved changes away: save them, discard them, or cancel (False)."""
        if not self.modified:
            return True
        answer = self.questions.unsaved_changes(action, f"“{self.name}”")
        if answer == "save":
            return self.save()
        return answer == "discard"

    def confirm_replace_data(self, action: str) -> bool:
        """Before `action` replaces unsaved points (e.g. another preset): save, discard or cancel."""
        return self.confirm_discard(action) if self.data_modified else True

    # ----- actions ------------------------------------------------------------------------------
    def new(self) -> bool:
        """A fresh start with the default scenario."""
        if not self.confirm_discard("starting anew"):
            return False
        self.load(Scenario(), None)
        self.status.emit("A new scenario")
        return True

    def open(self, path: str | None = None) -> bool:
        """Open a scenario file (asking which, and about unsaved changes); a bad file changes nothing."""
        if not self.confirm_discard("opening another file"):
            return False
        path = path or self.questions.open_path("Open scenario", FILE_FILTER)
        if not path:
            return False
        from ..core.lesson_writer import is_lesson_file  # (on use: the lessons' modules are not needed to start)

        if self.lesson_opener is not None and is_lesson_file(path):  # a lesson a teacher handed out
            return self.lesson_opener(path)
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            self.questions.warn("Cannot open scenario", str(error))
            return False
        self.load(scenario, Path(path))
        self.status.emit(f"Opened {Path(path).name}")
        return True

    def load(self, scenario: Scenario, path: Path | None, modified: bool = False) -> None:
        """Put a scenario in the session (no questions asked); `modified`: it is not what the file holds."""
        self._session.load(scenario)
        self.mark_saved(path)
        if modified:
            self._saved = None
            self.changed.emit()
        self.opened.emit(scenario)

    def save(self) -> bool:
        """Save to the file the work came from, or ask where (Save As). False if not saved."""
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        suggested = self.path.name if self.path else f"{self.name.lower().replace(' ', '-')}{SUFFIX}"
        path = self.questions.save_path("Save scenario", suggested, FILE_FILTER)
        if not path:
            return False
        if not Path(path).name.endswith((SUFFIX, ".json")):
            path += SUFFIX
        return self._write(Path(path))

    def scenario(self) -> Scenario:
        """What a file saved now would hold, trained weights included when they can be had."""
        scenario = self._session.scenario()
        if self._view_provider is not None:
            scenario = replace(scenario, view=self._view_provider())
        weights = self._weights_provider() if self._weights_provider is not None else None
        if weights is None:
            return scenario
        history = self._history_provider() if self._history_provider is not None else None
        # the chart may have drawn a frame or two past the moment the weights were taken
        return replace(scenario, weights=weights, history=None if history is None else history.up_to(weights.steps))

    def _write(self, path: Path) -> bool:
        try:
            save_scenario(self.scenario(), path)
        except OSError as error:
            self.questions.warn("Cannot save scenario", f"{path.name}: {error.strerror or error}")
            return False
        self.mark_saved(path)
        self.status.emit(f"Saved {path.name}")
        return True

"""Session: the observable state the GUI edits (data recipe, data set, network, training settings, and the
speed training is shown at).

Widgets change it through its methods; it announces each change once, and views and the training worker
follow its signals. Every change of the data goes through an undo stack: point edits, class edits, a
regenerated preset. Nothing here touches torch.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.controls import ControlsSpec
from ..core.dataset import Dataset, share_of_test_points
from ..core.edits import Edit, ReplaceData
from ..core.network_spec import NetworkSpec
from ..core.presets import PRESETS, PresetSpec, generate
from ..core.scenario import Scenario
from ..core.training_settings import TrainingSettings

_STROKE_ID = 1  # QUndoCommand.id() of commands that merge into one stroke


def _with_plane(dataset: Dataset) -> Dataset:
    """Data without a plane of its own (an imported file) gets its current one, so that erasing or moving
    the outermost points later does not shift the plane (which would restart training)."""
    return dataset if dataset.domain is not None else replace(dataset, domain=dataset.bounds())


class _EditCommand(QUndoCommand):
    """One step of the history: one edit, or every edit of one stroke merged together."""

    def __init__(self, session: Session, edit: Edit, result: Dataset, inverse: Edit, stroke: int | None,
                 preset_after: tuple[PresetSpec | None, bool]) -> None:
        super().__init__(edit.text)
        self._session = session
        self._edits = [edit]
        self._inverses = [inverse]
        self._pending: Dataset | None = result  # the first redo uses the result already computed
        self._stroke = stroke
        self._preset_before = (session.preset, session.edited)
        self._preset_after = preset_after

    def id(self) -> int:
        return _STROKE_ID if self._stroke is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _EditCommand) or other._stroke != self._stroke:
            return False
        self._edits.extend(other._edits)
        self._inverses.extend(other._inverses)
        self._preset_after = other._preset_after
        return True

    def redo(self) -> None:
        dataset = self._pending
        self._pending = None
        if dataset is None:
            dataset = self._session.dataset
            for i, edit in enumerate(self._edits):
                dataset, self._inverses[i] = edit.apply(dataset)
        resets = any(edit.resets_training for edit in self._edits)
        self._session._replace(dataset, *self._preset_after, reset=resets)

    def undo(self) -> None:
        dataset = self._session.dataset
        for i in reversed(range(len(self._inverses))):
            dataset, self._edits[i] = self._inverses[i].apply(dataset)
        resets = any(inverse.resets_training for inverse in self._inverses)
        self._session._replace(dataset, *self._preset_before, reset=resets)


class Session(QObject):
    preset_changed = Signal(object)  # PresetSpec, or None when the data did not come from a preset
    dataset_changed = Signal(object, bool)  # Dataset; whether training should start afresh
    network_changed = Signal(object)  # NetworkSpec
    training_changed = Signal(object)  # TrainingSettings
    speed_changed = Signal(object)  # steps per second while playing, or None for full speed
    controls_changed = Signal(object)  # ControlsSpec: what the scenario hides or locks

    def __init__(self, scenario: Scenario | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        scenario = scenario or Scenario()
        self._preset: PresetSpec | None = scenario.data if isinstance(scenario.data, PresetSpec) else None
        self._edited = False  # points were drawn or moved since the preset was generated
        self._dataset = _with_plane(scenario.dataset())
        self._data_version = 0  # grows with every change of the data; the training process reports the one it has
        self._network = scenario.network.for_data(self._dataset)
        self._training = replace(scenario.training, loss="mse") if self._dataset.is_fit else scenario.training
        self._loss_before_fit = "cross-entropy"  # the loss to return to when the task goes back to classifying
        self._speed = scenario.speed
        # The share of new points that become test points: the preset's, or that of the custom data last
        # opened. Clearing every point keeps it (empty data has no share of its own).
        self._test_share = share_of_test_points(self._dataset, self._preset.test_ratio if self._preset else None)
        self._controls = scenario.controls
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)

    @property
    def preset(self) -> PresetSpec | None:
        return self._preset

    @property
    def edited(self) -> bool:
        return self._edited

    @property
    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def data_version(self) -> int:
        return self._data_version

    @property
    def test_share(self) -> float:
        """The share of test points for points drawn or imported now (always a valid split share)."""
        return self._test_share

    @property
    def network(self) -> NetworkSpec:
        return self._network

    @property
    def training(self) -> TrainingSettings:
        return self._training

    @property
    def speed(self) -> float | None:
        """Steps per second while playing; None: as fast as the computer can."""
        return self._speed

    def set_speed(self, speed: float | None) -> None:
        if speed != self._speed:
            self._speed = speed
            self.speed_changed.emit(speed)

    def scenario(self) -> Scenario:
        data = self._preset if self._preset is not None and not self._edited else self._dataset
        return Scenario(data, self._network, self._training, speed=self._speed, controls=self._controls)

    @property
    def controls(self) -> ControlsSpec:
        """The controls the scenario hides or locks (a teacher's choice, saved with it)."""
        return self._controls

    def set_controls(self, controls: ControlsSpec) -> None:
        if controls != self._controls:
            self._controls = controls
            self.controls_changed.emit(controls)

    # ----- data: every change is an undoable edit ------------------------------------------------
    def edit(self, edit: Edit, stroke: int | None = None) -> None:
        """Apply an edit as one step of the history; edits with the same `stroke` merge into one step.

        Raises DatasetError (and changes nothing) if the edit cannot be applied."""
        # Any edit makes the data differ from its preset's recipe (regenerating the preset is the way back).
        self._push(edit, stroke, (self._preset, self._preset is not None))

    def import_data(self, dataset: Dataset, text: str) -> None:
        """A whole data set from elsewhere (a file): one undoable step, and the data is no preset any more."""
        self._push(ReplaceData(dataset, text), None, (None, False))

    def _push(self, edit: Edit, stroke: int | None, preset_after: tuple[PresetSpec | None, bool]) -> None:
        result, inverse = edit.apply(self._dataset)
        self.undo_stack.push(_EditCommand(self, edit, result, inverse, stroke, preset_after))

    def end_stroke(self) -> None:
        """The next stroke starts a new step of the history, even with the same stroke number."""
        command = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(command, _EditCommand):
            command._stroke = None

    def set_preset(self, preset: PresetSpec) -> None:
        """Regenerate the data from a preset recipe (undoable); raises DatasetError if it is invalid."""
        if preset == self._preset and not self._edited:
            return
        edit = ReplaceData(generate(preset), f"{PRESETS[preset.name].title}: {preset.resolved_points()} points")
        self._push(edit, None, (preset, False))

    def _replace(self, dataset: Dataset, preset: PresetSpec | None, edited: bool, reset: bool,
                 network: NetworkSpec | None = None, training: TrainingSettings | None = None) -> None:
        """Every change of the data ends here (edits, undo, redo, loading). `network` and `training`, when
        given (a scenario opened), are taken as they are; otherwise they follow the data: the output layer
        its classes, and the loss its task."""
        dataset = _with_plane(dataset)
        task_changed = dataset.task != self._dataset.task
        reset = reset or dataset.n_classes != self._dataset.n_classes or task_changed
        self._dataset = dataset
        self._data_version += 1
        if preset is not None:
            self._test_share = share_of_test_points(dataset, preset.test_ratio)
        if (preset, edited) != (self._preset, self._edited):
            self._preset, self._edited = preset, edited
            self.preset_changed.emit(preset)
        self.dataset_changed.emit(dataset, reset)
        network = self._network.for_data(dataset) if network is None else network
        if network != self._network:
            self._network = network
            self.network_changed.emit(network)
        if training is None:
            loss = "mse" if dataset.is_fit else self._training.loss
            if task_changed and not dataset.is_fit:
                loss = self._loss_before_fit
            if task_changed and dataset.is_fit:
                self._loss_before_fit = self._training.loss
            training = replace(self._training, loss=loss)
        self.set_training(training)

    # ----- network and training -----------------------------------------------------------------
    def set_network(self, network: NetworkSpec) -> None:
        network = network.for_data(self._dataset)
        if network != self._network:
            self._network = network
            self.network_changed.emit(network)

    def set_training(self, training: TrainingSettings) -> None:
        if training != self._training:
            self._training = training
            self.training_changed.emit(training)

    def load(self, scenario: Scenario) -> None:
        """Replace everything with a scenario's contents, exactly as saved (a fresh start: the history is
        cleared). Nothing of the session before is carried over: not its task's loss, nor its classes."""
        dataset = scenario.dataset()
        self.set_controls(scenario.controls)
        preset = scenario.data if isinstance(scenario.data, PresetSpec) else None
        training = replace(scenario.training, loss="mse") if dataset.is_fit else scenario.training
        self.undo_stack.clear()
        self._loss_before_fit = "cross-entropy" if dataset.is_fit else training.loss
        if preset is None:  # drawn or imported points bring their own share of test points, if they have any
            self._test_share = share_of_test_points(dataset, default=self._test_share)
        self._replace(dataset, preset, False, reset=True, network=scenario.network.for_data(dataset),
                      training=training)
        self.set_speed(scenario.speed)

"""Session: the observable state the GUI edits (data recipe, data set, network, training settings).

Widgets change it through its setters; it announces each change once, and views and the training worker
follow its signals. Nothing here touches torch.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..core.dataset import Dataset
from ..core.network import NetworkSpec
from ..core.presets import PresetSpec, generate
from ..core.scenario import Scenario
from ..core.training import TrainingSettings


class Session(QObject):
    preset_changed = Signal(object)  # PresetSpec, or None when the data is not a preset
    dataset_changed = Signal(object)  # Dataset
    network_changed = Signal(object)  # NetworkSpec
    training_changed = Signal(object)  # TrainingSettings

    def __init__(self, scenario: Scenario | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        scenario = scenario or Scenario()
        self._preset: PresetSpec | None = scenario.data if isinstance(scenario.data, PresetSpec) else None
        self._dataset = scenario.dataset()
        self._network = scenario.network.with_classes(self._dataset.n_classes)
        self._training = scenario.training

    @property
    def preset(self) -> PresetSpec | None:
        return self._preset

    @property
    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def network(self) -> NetworkSpec:
        return self._network

    @property
    def training(self) -> TrainingSettings:
        return self._training

    def scenario(self) -> Scenario:
        return Scenario(self._preset or self._dataset, self._network, self._training)

    def set_preset(self, preset: PresetSpec) -> None:
        """Regenerate the data from a preset recipe; raises DatasetError (nothing changes) if it is invalid."""
        if preset == self._preset:
            return
        dataset = generate(preset)
        self._preset = preset
        self.preset_changed.emit(preset)
        self._set_dataset(dataset)

    def _set_dataset(self, dataset: Dataset) -> None:
        self._dataset = dataset
        if dataset.n_classes != self._network.n_classes:
            self._network = self._network.with_classes(dataset.n_classes)
        self.dataset_changed.emit(dataset)

    def set_network(self, network: NetworkSpec) -> None:
        network = network.with_classes(self._dataset.n_classes)
        if network != self._network:
            self._network = network
            self.network_changed.emit(network)

    def set_training(self, training: TrainingSettings) -> None:
        if training != self._training:
            self._training = training
            self.training_changed.emit(training)

    def load(self, scenario: Scenario) -> None:
        """Replace everything with a scenario's contents, announcing each part."""
        dataset = scenario.dataset()
        self._preset = scenario.data if isinstance(scenario.data, PresetSpec) else None
        self.preset_changed.emit(self._preset)
        self._network = scenario.network.with_classes(dataset.n_classes)
        self._training = scenario.training
        self.network_changed.emit(self._network)
        self.training_changed.emit(self._training)
        self._set_dataset(dataset)

"""The data controls: the task (classify points, or fit a curve), which preset, how many points, how much
noise, the test share and the seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSpinBox,
    QToolButton,
    QWidget,
)

from ..core.dataset import DatasetError
from ..core.edits import ReplaceData
from ..core.presets import PresetSpec, fresh_test_points, presets_for
from .preset_icons import preset_icon
from .session import Session
from .value_slider import ValueSlider


class DataPanel(QGroupBox):
    show_test_toggled = Signal(bool)
    error_occurred = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Data", parent)
        self._session = session
        # Asked before new data replaces drawn or imported points that are not saved; False: leave them.
        self.confirm_replace: Callable[[str], bool] = lambda _action: True
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)

        self.task_combo = QComboBox()
        self.task_combo.addItem("Classify points", "classify")
        self.task_combo.addItem("Fit a curve (y from x)", "fit")
        self.task_combo.setToolTip("Classify: the network learns which class each point belongs to.\n"
                                   "Fit a curve: the points are samples (x, y) and the network learns y from x.")
        self.task_combo.currentIndexChanged.connect(self._on_task_combo_changed)
        form.addRow("Task", self.task_combo)

        self.preset_combo = QComboBox()
        self.preset_combo.setIconSize(QSize(36, 36))
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(12)
        self.preset_combo.setToolTip("Which data set to learn")
        self._listed_task: str | None = None
        self.preset_combo.currentIndexChanged.connect(self._on_preset_combo_changed)
        form.addRow(self.preset_combo)

        self.points_slider = ValueSlider(range(20, 2001, 10), str, "How many points to generate")
        self.noise_slider = ValueSlider(range(0, 51), str, "How much the points are scattered (0 to 50)")
        self.test_slider = ValueSlider(range(10, 91, 5), lambda v: f"{v}%",
                                          "The share of points kept aside to test the network")
        self.points_slider.value_chosen.connect(lambda v: self._change(points=v))
        self.noise_slider.value_chosen.connect(lambda v: self._change(noise=v / 100))
        self.test_slider.value_chosen.connect(lambda v: self._change(test_ratio=v / 100))
        form.addRow("Points", self.points_slider)
        form.addRow("Noise", self.noise_slider)
        form.addRow("Test share", self.test_slider)

        seed_row = QWidget()
        seed_layout = QHBoxLayout(seed_row)
        seed_layout.setContentsMargins(0, 0, 0, 0)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 99_999)
        self.seed_spin.setToolTip("The same seed always draws the same points")
        self.seed_spin.editingFinished.connect(lambda: self._change(seed=self.seed_spin.value()))
        self.shuffle_button = QToolButton()
        self.shuffle_button.setText("New points")
        self.shuffle_button.setToolTip("Draw a fresh set of points from the same recipe")
        self.shuffle_button.clicked.connect(lambda: self._change(seed=random.randrange(100_000)))
        seed_layout.addWidget(self.seed_spin, 1)
        seed_layout.addWidget(self.shuffle_button)
        form.addRow("Seed", seed_row)

        self.world_button = QToolButton()
        self.world_button.setText("New samples from the real world")
        self.world_button.setToolTip(
            "Replace the test points with fresh ones drawn the same way, keeping what the network learned:\n"
            "a network that only memorised its training points will do worse on them.")
        self.world_button.clicked.connect(self._on_world_button_clicked)
        form.addRow(self.world_button)
        self._draws = 0

        self.show_test_check = QCheckBox("Show test points")
        self.show_test_check.setChecked(True)
        self.show_test_check.toggled.connect(self.show_test_toggled)
        form.addRow(self.show_test_check)

        session.preset_changed.connect(self._on_session_preset_changed)
        session.dataset_changed.connect(self._on_session_dataset_changed)
        self._on_session_preset_changed(session.preset)

    def _change(self, **changes) -> None:
        preset = self._session.preset
        if preset is None:
            return
        if not self.confirm_replace("making new points"):
            self._on_session_preset_changed(preset)
            return
        try:
            self._session.set_preset(replace(preset, **changes))
        except DatasetError as error:
            self.error_occurred.emit(str(error))
            self._on_session_preset_changed(preset)

    def _on_world_button_clicked(self) -> None:
        preset = self._session.preset
        if preset is None:
            return
        self._draws += 1
        dataset = fresh_test_points(self._session.dataset, preset, self._draws)
        self._session.edit(ReplaceData(dataset, "New test points from the real world", resets_training=False))

    def _list_presets(self, task: str) -> None:
        """The preset chooser offers the presets of one task, and "Custom data" for data loaded or drawn."""
        if task == self._listed_task:
            return
        self._listed_task = task
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.clear()
            for info in presets_for(task):
                self.preset_combo.addItem(preset_icon(info.name), info.title, info.name)
                self.preset_combo.setItemData(self.preset_combo.count() - 1, info.description,
                                              Qt.ItemDataRole.ToolTipRole)
            self.preset_combo.addItem("Custom data", None)

    def _on_task_combo_changed(self, index: int) -> None:
        task = self.task_combo.itemData(index)
        if task == self._session.dataset.task:
            return
        current = self._session.preset or PresetSpec()
        if not self.confirm_replace("switching to another task"):
            self._on_session_preset_changed(self._session.preset)
            return
        try:  # the task's first preset, at its own size and noise; the seed and test share stay
            self._session.set_preset(PresetSpec(presets_for(task)[0].name, seed=current.seed,
                                                test_ratio=current.test_ratio))
        except DatasetError as error:
            self.error_occurred.emit(str(error))
            self._on_session_preset_changed(self._session.preset)

    def _on_preset_combo_changed(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name is None:  # "Custom data" is shown for loaded data, not chosen
            self._on_session_preset_changed(self._session.preset)
            return
        current = self._session.preset or PresetSpec()
        if not self.confirm_replace("switching to another preset"):
            self._on_session_preset_changed(self._session.preset)
            return
        try:
            self._session.set_preset(replace(current, name=name, noise=None))
        except DatasetError as error:
            self.error_occurred.emit(str(error))

    def _on_session_dataset_changed(self, dataset, _reset: bool) -> None:
        if dataset.task != self._listed_task:  # e.g. a CSV file of (x, y) samples was imported
            self._on_session_preset_changed(self._session.preset)

    def _on_session_preset_changed(self, preset: PresetSpec | None) -> None:
        task = self._session.dataset.task
        with QSignalBlocker(self.task_combo):
            self.task_combo.setCurrentIndex(self.task_combo.findData(task))
        self._list_presets(task)
        custom = preset is None
        with QSignalBlocker(self.preset_combo):
            index = self.preset_combo.findData(None if custom else preset.name)
            self.preset_combo.setCurrentIndex(index)
        for widget in (self.points_slider, self.noise_slider, self.test_slider, self.seed_spin,
                       self.shuffle_button, self.world_button):
            widget.setEnabled(not custom)
        if custom:
            return
        self.points_slider.set_value(preset.resolved_points())
        self.noise_slider.set_value(round(preset.resolved_noise() * 100))
        self.test_slider.set_value(round(preset.test_ratio * 100))
        with QSignalBlocker(self.seed_spin):
            self.seed_spin.setValue(preset.seed)

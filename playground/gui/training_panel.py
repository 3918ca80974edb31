"""The training controls: optimiser, learning rate (a log slider over the usual steps), batch size, loss,
regularisation and the seed of the first weights (the speed sits beside Play). Learning rate, batch size, loss,
regularisation and optimiser change live, without a reset."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QSpinBox, QWidget

from ..core.training_settings import TrainingSettings
from .session import Session
from .value_slider import ValueSlider

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (1, 2, 4, 8, 10, 16, 32, 64, 128, 256, 0)  # 0: every training point in each step
REG_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


def _combo(items: list[tuple[str, object]], tip: str) -> QComboBox:
    combo = QComboBox()
    for title, value in items:
        combo.addItem(title, value)
    combo.setToolTip(tip)
    return combo


class TrainingPanel(QGroupBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Training", parent)
        self._session = session
        form = QFormLayout(self)
        self.optimizer_combo = _combo(
            [("Adam", "adam"), ("SGD", "sgd"), ("SGD with momentum", "momentum"), ("RMSprop", "rmsprop")],
            "How the weights are nudged after each step.\nSGD: plain gradient descent. Momentum: SGD that "
            "keeps rolling in the direction it was going.\nAdam and RMSprop: adapt the step size for each "
            "weight; usually faster.")
        self.rate_slider = ValueSlider(LEARNING_RATES, lambda r: f"{r:g}",
                                      "Learning rate: how big each nudge of the weights is.\nToo small: slow. "
                                      "Too big: it jumps around or blows up.")
        self.batch_slider = ValueSlider(BATCH_SIZES, lambda b: "all" if b == 0 else str(b),
                                       "Batch size: how many training points each step looks at.\n'all' gives "
                                       "smooth, steady steps; small batches give noisy but cheap steps.", last=0)
        self.loss_combo = _combo(
            [("Cross-entropy", "cross-entropy"), ("Squared error", "mse")],
            "Loss: how the network's mistakes are measured.\nCross-entropy punishes confident mistakes hard; "
            "squared error is gentler.")
        self._loss_tip = self.loss_combo.toolTip()
        self.reg_combo = _combo(
            [("None", "none"), ("L1", "l1"), ("L2", "l2")],
            "Regularisation: a penalty on large weights, which keeps the boundary simpler.\nL1 pushes "
            "unneeded weights to exactly zero; L2 shrinks all of them a little.")
        self.reg_rate_combo = _combo([(f"{r:g}", r) for r in REG_RATES], "How strong the penalty is")
        reg_row = QWidget()
        reg_layout = QHBoxLayout(reg_row)
        reg_layout.setContentsMargins(0, 0, 0, 0)
        reg_layout.addWidget(self.reg_combo, 1)
        reg_layout.addWidget(self.reg_rate_combo, 1)
        self.device_combo = _combo(
            [("Automatic", "auto"), ("CPU", "cpu")],
            "Where training runs. Automatic takes a GPU when this computer has one the playground can use, else "
            "the CPU.\nThe small networks of a playground train fast on the CPU; a GPU pays off for wide, deep "
            "networks on many points.\nSo a small network, or one trained in small batches, trains on the CPU even "
            "when a GPU is chosen (a GPU would be slower there): the line under the scores says where it runs.")
        self._devices: tuple[tuple[str, str], ...] = ()  # what the training process found, once it says
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 99_999)
        self.seed_spin.setToolTip("The seed of the random starting weights: the same seed gives the same run")
        form.addRow("Optimizer", self.optimizer_combo)
        form.addRow("Learning rate", self.rate_slider)
        form.addRow("Batch size", self.batch_slider)
        form.addRow("Loss", self.loss_combo)
        form.addRow("Regularization", reg_row)
        form.addRow("Weights seed", self.seed_spin)
        form.addRow("Device", self.device_combo)
        for combo, name in ((self.optimizer_combo, "optimizer"), (self.loss_combo, "loss"),
                            (self.reg_combo, "regularization"), (self.reg_rate_combo, "reg_rate"),
                            (self.device_combo, "device")):
            combo.currentIndexChanged.connect(
                lambda index, c=combo, n=name: self._change(**{n: c.itemData(index)}))
        self.rate_slider.value_chosen.connect(lambda rate: self._change(learning_rate=rate))
        self.batch_slider.value_chosen.connect(lambda size: self._change(batch_size=size))
        self.seed_spin.editingFinished.connect(lambda: self._change(seed=self.seed_spin.value()))
        session.training_changed.connect(self._on_session_training_changed)
        self._on_session_training_changed(session.training)
        session.dataset_changed.connect(lambda dataset, _reset: self._show_task(dataset.task))
        self._show_task(session.dataset.task)

    def set_devices(self, devices: tuple[tuple[str, str], ...]) -> None:
        """The devices the training process can train on, as (setting, name), the CPU first: the choices become
        Automatic (saying what it picks), then each of them."""
        self._devices = tuple(devices)
        self._fill_devices(self._session.training.device)

    def _fill_devices(self, chosen: str) -> None:
        gpus = [name for key, name in self._devices if key != "cpu"]
        automatic = f"Automatic ({gpus[0] if gpus else 'CPU'})" if self._devices else "Automatic"
        items = [(automatic, "auto"), *((name, key) for key, name in self._devices or (("cpu", "CPU"),))]
        known = {key for _, key in items} | ({"cuda"} if any(k.startswith("cuda") for _, k in items) else set())
        if chosen not in known:  # named by a scenario made on another computer: training runs elsewhere (it says)
            items.append((f"{chosen} (not on this computer)", chosen))
        with QSignalBlocker(self.device_combo):
            self.device_combo.clear()
            for title, value in items:
                self.device_combo.addItem(title, value)
            index = self.device_combo.findData(chosen)
            if index < 0 and chosen == "cuda":  # the first CUDA GPU
                index = self.device_combo.findData("cuda:0")
            self.device_combo.setCurrentIndex(max(0, index))

    def _show_task(self, task: str) -> None:
        fit = task == "fit"
        self.loss_combo.setEnabled(not fit)
        self.loss_combo.setToolTip(
            "Curve fitting measures mistakes by the squared error: how far the curve passes from each point"
            if fit else self._loss_tip)

    def _change(self, **changes) -> None:
        self._session.set_training(replace(self._session.training, **changes))

    def _on_session_training_changed(self, settings: TrainingSettings) -> None:
        for combo, value in ((self.optimizer_combo, settings.optimizer), (self.loss_combo, settings.loss),
                             (self.reg_combo, settings.regularization)):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(0, combo.findData(value)))
        with QSignalBlocker(self.reg_rate_combo):
            index = self.reg_rate_combo.findData(settings.reg_rate)
            if index < 0:
                self.reg_rate_combo.addItem(f"{settings.reg_rate:g}", settings.reg_rate)
                index = self.reg_rate_combo.count() - 1
            self.reg_rate_combo.setCurrentIndex(index)
        self.reg_rate_combo.setEnabled(settings.regularization != "none")
        self.rate_slider.set_value(settings.learning_rate)
        self.batch_slider.set_value(settings.batch_size)
        with QSignalBlocker(self.seed_spin):
            self.seed_spin.setValue(settings.seed)
        if self.device_combo.currentData() != settings.device:
            self._fill_devices(settings.device)

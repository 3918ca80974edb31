"""The training controls: optimiser, learning rate, batch size, loss and the seed of the first weights."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QSpinBox, QWidget

from ..core.training import TrainingSettings
from .session import Session

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (0, 1, 2, 4, 8, 10, 16, 32, 64, 128, 256)


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
            [("Adam", "adam"), ("SGD", "sgd")],
            "How the weights are nudged after each step.\nSGD: plain gradient descent. "
            "Adam: adapts the step size for each weight; usually faster.")
        self.rate_combo = _combo(
            [(f"{r:g}", r) for r in LEARNING_RATES],
            "Learning rate: how big each nudge of the weights is.\nToo small: slow. Too big: it jumps around "
            "or blows up.")
        self.batch_combo = _combo(
            [("All points" if b == 0 else str(b), b) for b in BATCH_SIZES],
            "Batch size: how many training points each step looks at.\n'All points' gives smooth, steady steps;"
            " small batches give noisy but cheap steps.")
        self.loss_combo = _combo(
            [("Cross-entropy", "cross-entropy"), ("Squared error", "mse")],
            "Loss: how the network's mistakes are measured.\nCross-entropy punishes confident mistakes hard; "
            "squared error is gentler.")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 99_999)
        self.seed_spin.setToolTip("The seed of the random starting weights: the same seed gives the same run")
        form.addRow("Optimizer", self.optimizer_combo)
        form.addRow("Learning rate", self.rate_combo)
        form.addRow("Batch size", self.batch_combo)
        form.addRow("Loss", self.loss_combo)
        form.addRow("Weights seed", self.seed_spin)
        for combo, field in ((self.optimizer_combo, "optimizer"), (self.rate_combo, "learning_rate"),
                             (self.batch_combo, "batch_size"), (self.loss_combo, "loss")):
            combo.currentIndexChanged.connect(
                lambda index, c=combo, f=field: self._change(**{f: c.itemData(index)}))
        self.seed_spin.editingFinished.connect(lambda: self._change(seed=self.seed_spin.value()))
        session.training_changed.connect(self._on_session_training_changed)
        self._on_session_training_changed(session.training)

    def _change(self, **changes) -> None:
        self._session.set_training(replace(self._session.training, **changes))

    def _on_session_training_changed(self, settings: TrainingSettings) -> None:
        for combo, value in ((self.optimizer_combo, settings.optimizer), (self.loss_combo, settings.loss),
                             (self.batch_combo, settings.batch_size)):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(0, combo.findData(value)))
        with QSignalBlocker(self.rate_combo):
            index = self.rate_combo.findData(settings.learning_rate)
            if index < 0:  # a rate from a file that is not in the list: add it, in order
                self.rate_combo.addItem(f"{settings.learning_rate:g}", settings.learning_rate)
                index = self.rate_combo.count() - 1
            self.rate_combo.setCurrentIndex(index)
        if settings.batch_size not in BATCH_SIZES:
            with QSignalBlocker(self.batch_combo):
                self.batch_combo.addItem(str(settings.batch_size), settings.batch_size)
                self.batch_combo.setCurrentIndex(self.batch_combo.count() - 1)
        with QSignalBlocker(self.seed_spin):
            self.seed_spin.setValue(settings.seed)

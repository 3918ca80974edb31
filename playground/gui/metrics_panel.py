"""Loss and accuracy on the training and test sets, the speed and the device, in large type,
and a banner for problems (training diverged, a device failed)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ..core.metric_text import format_accuracy, format_loss, format_r2, sample_text
from ..core.snapshot import Snapshot
from .live_label import LiveLabel

RATE_REFRESH = 0.25  # seconds: while training, the speed is shown anew at most this often (readable, and each
# change of that word-wrapped line lays the panel out again)

_TIPS = {
    "loss": "Loss: how wrong the network's answers are on average (lower is better)",
    "accuracy": "Accuracy: the share of points the network puts in the right class",
    "r2": "Fit (R²): how much of the points' spread in y the curve explains (1 is a perfect fit; 0 is no "
          "better than a flat line at the average y)",
    "train": "Training points: the ones the network learns from",
    "test": "Test points: kept aside, to see how the network does on points it never learned from",
}


def _state(snapshot: Snapshot) -> str:
    """The speed while training runs; otherwise what it is doing (a rate measured earlier would be stale)."""
    if snapshot.playing:
        return f"{snapshot.steps_per_second:,.0f} steps/s"
    if snapshot.metrics.diverged:
        return "Stopped"
    return "Paused" if snapshot.metrics.step else "Ready"


def _line(text: str, role: str, tip: str = "") -> QLabel:
    """A wrapped line of text across the panel, in the theme's `role`."""
    label = QLabel(text)
    label.setProperty("role", role)
    label.setToolTip(tip)
    label.setWordWrap(True)
    return label


class MetricsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.values: dict[str, LiveLabel] = {}
        self.captions: dict[str, QLabel] = {}  # the name above each number
        self._task = "classify"
        self._speed_kind: object = None  # what the speed line said last: ("training", device), or its text
        self._speed_shown = 0.0  # when (time.monotonic)
        # Each number under its own name ("Test loss"): two narrow columns, so the panel fits a narrow window.
        for row, metric in enumerate(("loss", "accuracy")):
            for col, kind in enumerate(("train", "test")):
                key = f"{kind}_{metric}"
                caption = QLabel()
                caption.setProperty("role", "caption")
                caption.setContentsMargins(0, 6 if row else 0, 0, 0)  # a gap between the loss and the accuracy
                label = LiveLabel("–", widest="100.0%")  # (no jumps as the values change)
                label.setProperty("role", "big")
                for widget in (caption, label):
                    widget.setToolTip(f"{_TIPS[kind]}.\n{_TIPS[metric]}")
                self.captions[key], self.values[key] = caption, label
                grid.addWidget(caption, 2 * row, col)
                grid.addWidget(label, 2 * row + 1, col)
        self.sample_label = _line("", "caption", "With this many points and a network this big, measuring every "
                                  "point would take most of the time between pictures.\nWhile training, the numbers "
                                  "and the red rings come from the same sample of the points every time (each class "
                                  "keeps its share).\nWhen training pauses, every point is measured again.")
        self.sample_label.hide()
        grid.addWidget(self.sample_label, 4, 0, 1, 2)
        self.speed_label = _line("Starting the training engine…", "caption", "Training speed, and the processor "
                                 "that trains the network.\nWith a GPU chosen, a small network trains on the CPU, "
                                 "which is faster for it: each GPU step costs a fixed time to start that a small "
                                 "network's arithmetic never makes up for.")
        grid.addWidget(self.speed_label, 5, 0, 1, 2)
        self.message_label = _line("", "error")
        self.message_label.hide()
        grid.addWidget(self.message_label, 6, 0, 1, 2)
        grid.setColumnStretch(2, 1)
        self.set_task("classify")

    def show_snapshot(self, snapshot: Snapshot) -> None:
        m = snapshot.metrics
        self.values["train_loss"].setText(format_loss(m.train_loss))
        self.values["test_loss"].setText(format_loss(m.test_loss))
        fmt = format_r2 if snapshot.task == "fit" else format_accuracy
        if snapshot.task != self._task:
            self.set_task(snapshot.task)
        self.values["train_accuracy"].setText(fmt(m.train_accuracy))
        self.values["test_accuracy"].setText(fmt(m.test_accuracy))
        sampled = sample_text(m.sample_size, m.data_size)  # (the numbers' line: estimated while training)
        if sampled != self.sample_label.text():
            self.sample_label.setText(sampled)
            self.sample_label.setVisible(bool(sampled))
        self._show_speed(snapshot)
        self.show_message(snapshot.message)

    def _show_speed(self, snapshot: Snapshot) -> None:
        """The speed and the device; while training, a new rate at most every RATE_REFRESH seconds (a change of
        state or device at once)."""
        now = time.monotonic()
        text = f"{_state(snapshot)}  ·  on {snapshot.device}"
        kind = ("training", snapshot.device) if snapshot.playing else text
        if kind == self._speed_kind and now - self._speed_shown < RATE_REFRESH:
            return
        self._speed_kind, self._speed_shown = kind, now
        self.speed_label.setText(text)

    def set_task(self, task: str) -> None:
        """Accuracy for classifying; R² in its place for curve fitting."""
        self._task = task
        fit = task == "fit"
        for kind, name in (("train", "Training"), ("test", "Test")):
            self.captions[f"{kind}_loss"].setText(f"{name} loss")
            self.captions[f"{kind}_accuracy"].setText(f"{name} fit (R²)" if fit else f"{name} accuracy")
            for widget in (self.captions[f"{kind}_accuracy"], self.values[f"{kind}_accuracy"]):
                widget.setToolTip(f"{_TIPS[kind]}.\n{_TIPS['r2' if fit else 'accuracy']}")

    def show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))

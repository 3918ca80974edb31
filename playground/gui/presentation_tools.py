"""The row above the views while presenting: the current lesson's step, the test score in large type (the
numbers column is hidden to give the views the room), the pen, the zoom, the palette, the numbers column on
demand, and the way out. Its keys (D, C, N, Esc) work only while it is shown, that is, while presenting."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ..core.metric_text import format_accuracy, format_loss, format_r2, sample_text
from ..core.snapshot import Snapshot
from .display import Display
from .readout import readout


def _readout(caption: str, tip: str) -> tuple[QWidget, QLabel, QLabel]:
    box, title, value = readout(caption, "–", 10)
    box.setToolTip(tip)
    return box, title, value


def _about(text: str) -> str:
    """An estimate's figure as "≈ 0.25" (a bound, "< 0.001", and a dash for no figure stay as they are)."""
    return f"≈ {text}" if text[:1].isdigit() else text


class PresentationTools(QWidget):
    leave_requested = Signal()
    results_toggled = Signal(bool)  # show the numbers, the diagram and the chart beside the views

    def __init__(self, display: Display, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._display = display
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.setSpacing(6)
        self.lesson_label = QLabel()  # the current lesson's step, when a lesson is open
        self.lesson_label.setProperty("role", "value")
        self.lesson_label.setWordWrap(True)
        self.lesson_label.hide()
        score_box, self.score_caption, self.score_label = _readout(
            "Test accuracy", "How the network does on the test points, which it never learned from")
        loss_box, _, self.loss_label = _readout("Test loss", "How wrong the network is on the test points")
        layout.addWidget(score_box)
        layout.addWidget(loss_box)
        layout.addSpacing(8)
        layout.addWidget(self.lesson_label, 3)
        layout.addStretch(1)  # the tools to the right, with or without a lesson

        self.pen_button = self._button("✎ Pen", "Pen: draw over the views to point things out (D); "
                                                "the drawing is never saved", checkable=True)
        self.clear_button = self._button("Clear", "Clear the pen's drawing (C)")
        self.zoom_out_button = self._button("A−", "Smaller text, points and lines (Ctrl+minus)")
        self.zoom_label = QLabel()
        self.zoom_label.setProperty("role", "caption")
        self.zoom_label.setToolTip("The zoom (Ctrl+0 goes back to 100%)")
        self.zoom_in_button = self._button("A+", "Larger text, points and lines (Ctrl+plus)")
        self.contrast_button = self._button("Contrast", "High-contrast colours, safe for colour-blind viewers; "
                                                        "the classes keep their shapes", checkable=True)
        self.results_button = self._button("Numbers", "Show the numbers, the network and the loss chart beside "
                                                      "the views (N)", checkable=True)
        self.leave_button = self._button("✕ Leave", "Leave the presentation (Esc or F11)")
        for widget in (self.pen_button, self.clear_button, self.zoom_out_button, self.zoom_label,
                       self.zoom_in_button, self.contrast_button, self.results_button, self.leave_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)

        self.zoom_out_button.clicked.connect(display.zoom_out)
        self.zoom_in_button.clicked.connect(display.zoom_in)
        self.contrast_button.toggled.connect(
            lambda on: display.set_palette("high_contrast" if on else "standard"))
        self.results_button.toggled.connect(self.results_toggled)
        self.leave_button.clicked.connect(self.leave_requested)
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()
        # Keys of the presentation only: a shortcut of a hidden widget does not fire.
        for keys, slot in (("D", self.pen_button.toggle), ("C", self.clear_button.click),
                           ("N", self.results_button.toggle), ("Esc", self.leave_requested.emit)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    @staticmethod
    def _button(text: str, tip: str, checkable: bool = False) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space stays Play
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _on_display_changed(self) -> None:
        self.zoom_label.setText(f"{self._display.zoom:.0%}")
        at_most = self._display.zoom >= self._display.max_zoom
        self.zoom_in_button.setEnabled(not at_most)
        self.zoom_in_button.setToolTip("No room for larger text on this screen" if at_most
                                       else "Larger text, points and lines (Ctrl+plus)")
        self.contrast_button.blockSignals(True)
        self.contrast_button.setChecked(self._display.high_contrast)
        self.contrast_button.blockSignals(False)

    def set_lesson_step(self, text: str | None) -> None:
        """The current lesson's step ("Lesson 3 · step 2 of 4: …"), or None when no lesson is open."""
        self.lesson_label.setText(text or "")
        self.lesson_label.setVisible(bool(text))

    def show_snapshot(self, snapshot: Snapshot) -> None:
        m = snapshot.metrics
        fit = snapshot.task == "fit"
        self.score_caption.setText("Test fit (R²)" if fit else "Test accuracy")
        # Figures estimated on a sample while training (a big data set through a big network) read "≈ …", with
        # the sample in the tooltip; the paused frame's are measured on every point.
        score = format_r2(m.test_accuracy) if fit else format_accuracy(m.test_accuracy)
        loss = format_loss(m.test_loss)
        if m.estimated:
            score, loss = _about(score), _about(loss)
        self.score_label.setText(score)
        self.loss_label.setText(loss)
        sampled = sample_text(m.sample_size, m.data_size)
        for label in (self.score_label, self.loss_label):
            if label.toolTip() != sampled:  # (each setToolTip sends an event through the window's filters)
                label.setToolTip(sampled)

"""File > Hide and lock controls: the teacher ticks which controls a handed-out scenario hides and which it locks
(shown but unchangeable); saved with the scenario, so the file opens with just what the exercise needs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.controls import CONTROLS, ControlsSpec

INTRO = ("Choose what learners see when they open this scenario. A hidden control is not shown; a locked one "
         "shows its value but cannot be changed. Save the scenario to keep the choice in the file.")


class ControlsDialog(QDialog):
    def __init__(self, spec: ControlsSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hide and lock controls")
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        table = QWidget()
        grid = QGridLayout(table)
        grid.setHorizontalSpacing(18)
        self.hide_boxes: dict[str, QCheckBox] = {}
        self.lock_boxes: dict[str, QCheckBox] = {}
        row, group = 0, None
        for name, (section, title) in CONTROLS.items():
            if section != group:
                group = section
                header = QLabel(f"<b>{section}</b>")
                grid.addWidget(header, row, 0)
                for column, text in ((1, "Hide"), (2, "Lock")):
                    caption = QLabel(text)
                    caption.setProperty("role", "caption")
                    grid.addWidget(caption, row, column, Qt.AlignmentFlag.AlignHCenter)
                row += 1
            grid.addWidget(QLabel(title), row, 0)
            hide, lock = QCheckBox(), QCheckBox()
            hide.setObjectName(f"hide_{name}")
            lock.setObjectName(f"lock_{name}")
            hide.setToolTip(f"Hide: {title}")
            lock.setToolTip(f"Lock: {title} (shown, but it cannot be changed)")
            hide.setChecked(name in spec.hidden)
            lock.setChecked(name in spec.locked)
            hide.toggled.connect(lambda checked, box=lock: box.setEnabled(not checked))
            lock.setEnabled(not hide.isChecked())
            grid.addWidget(hide, row, 1, Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(lock, row, 2, Qt.AlignmentFlag.AlignHCenter)
            self.hide_boxes[name], self.lock_boxes[name] = hide, lock
            row += 1
        scroll = QScrollArea()
        scroll.setWidget(table)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the list is as wide as it needs
        scroll.setMinimumWidth(table.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.Reset)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Reset).setText("Show everything")
        buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self._on_reset_clicked)
        layout.addWidget(buttons)
        self.resize(self.sizeHint().width(), 620)

    def _on_reset_clicked(self) -> None:
        for box in (*self.hide_boxes.values(), *self.lock_boxes.values()):
            box.setChecked(False)

    def spec(self) -> ControlsSpec:
        """The choice as ticked."""
        hidden = frozenset(name for name, box in self.hide_boxes.items() if box.isChecked())
        locked = frozenset(name for name, box in self.lock_boxes.items() if box.isChecked() and name not in hidden)
        return ControlsSpec(hidden, locked)

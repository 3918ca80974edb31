"""The File > Export image dialog: which view, PNG or SVG, and the scale; the file is asked for afterwards (by
image_export.export_image, through the window's questions)."""

from __future__ import annotations

import weakref

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from .image_export import SCALES, ExportableView, export_image, exportable_views
from .view_images import scaled_size

SVG_TIP = "A drawing made of shapes: it stays sharp at any size, and drawing programs can edit it"
WINDOW_NO_SVG = "the whole window is saved as PNG only"
SCALE_TIP = ("The picture is drawn again at this size: 2x is twice as wide and as high, with text and lines as "
             "sharp as on the screen (for print and large screens)")


class ExportImageDialog(QDialog):
    """Choose a view (those not shown now are greyed, with the reason beside them), a format and a scale."""

    def __init__(self, views: list[ExportableView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export image")
        self._views = views
        layout = QVBoxLayout(self)
        intro = QLabel("Save a picture of a view as it is on the screen now, for a slide, a handout or a report.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        choices = QVBoxLayout()
        choices.setSpacing(2)
        indent = self.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + \
            self.style().pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing)
        self.view_group = QButtonGroup(self)
        self.view_buttons: dict[str, QRadioButton] = {}
        for row, view in enumerate(views):
            button = QRadioButton(view.title)
            button.setEnabled(view.available)
            self.view_buttons[view.key] = button
            self.view_group.addButton(button, row)
            choices.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)  # clicks beside its text do nothing
            if view.reason:  # under its button, greyed like it
                note = QLabel(view.reason[:1].upper() + view.reason[1:])
                note.setEnabled(False)
                note.setWordWrap(True)
                note.setContentsMargins(indent, 0, 0, 0)
                button.setToolTip(note.text())
                choices.addWidget(note)
        form = QFormLayout()
        form.addRow("View:", choices)
        self.png_button = QRadioButton("PNG (a picture)")
        self.png_button.setToolTip("A picture made of pixels, for slides and documents; choose its size below")
        self.svg_button = QRadioButton("SVG (a drawing)")
        self.svg_button.setToolTip(SVG_TIP)
        self.format_group = QButtonGroup(self)
        self.format_group.addButton(self.png_button)
        self.format_group.addButton(self.svg_button)
        self.png_button.setChecked(True)
        formats = QVBoxLayout()
        formats.setSpacing(2)
        formats.addWidget(self.png_button)
        formats.addWidget(self.svg_button)
        self.svg_note = QLabel()
        self.svg_note.setEnabled(False)
        formats.addWidget(self.svg_note)
        form.addRow("Format:", formats)
        self.scale_box = QComboBox()
        form.addRow("Size:", self.scale_box)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

        self.view_group.idToggled.connect(lambda _id, on: on and self._update())
        self.format_group.buttonToggled.connect(lambda _b, on: on and self._update())
        first = next((v.key for v in views if v.available), views[-1].key)
        self.view_buttons[first].setChecked(True)
        self._update()

    def choose(self, key: str | None = None, fmt: str | None = None, scale: int | None = None) -> None:
        """Preselect a view, a format ("png" or "svg") and a scale (each only if it can be chosen now)."""
        if key in self.view_buttons and self.view_buttons[key].isEnabled():
            self.view_buttons[key].setChecked(True)
        if fmt == "svg" and self.svg_button.isEnabled():
            self.svg_button.setChecked(True)
        elif fmt == "png":
            self.png_button.setChecked(True)
        if scale in SCALES:
            self.scale_box.setCurrentIndex(SCALES.index(scale))
        self._update()

    def choice(self) -> tuple[str, str, int]:
        """(view key, "png" or "svg", scale) as chosen."""
        view = self._views[self.view_group.checkedId()]
        fmt = "svg" if self.svg_button.isChecked() and view.vector else "png"
        return view.key, fmt, SCALES[max(0, self.scale_box.currentIndex())]

    def _update(self) -> None:
        view = self._views[max(0, self.view_group.checkedId())]
        self.svg_button.setEnabled(view.vector)
        if not view.vector and self.svg_button.isChecked():
            self.png_button.setChecked(True)
        self.svg_note.setText(WINDOW_NO_SVG[:1].upper() + WINDOW_NO_SVG[1:])
        self.svg_note.setVisible(not view.vector)
        index = max(0, self.scale_box.currentIndex())
        self.scale_box.blockSignals(True)
        self.scale_box.clear()
        for scale in SCALES:
            size = scaled_size(view.widget, scale)
            self.scale_box.addItem(f"{scale}x: {size.width():,} × {size.height():,} pixels", scale)
        self.scale_box.setCurrentIndex(index)
        self.scale_box.blockSignals(False)
        svg = self.svg_button.isChecked()
        self.scale_box.setEnabled(not svg)
        self.scale_box.setToolTip("An SVG drawing has no pixels: it stays sharp at any size" if svg else SCALE_TIP)



_last_choice: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per window: what was chosen last time


def open_export_dialog(window) -> ExportImageDialog:
    """Show the dialog over `window` (without blocking); on Export, ask for the file and write the picture. It
    starts from the last choice made in this window."""
    dialog = ExportImageDialog(exportable_views(window), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    last = _last_choice.get(window)
    if last is not None:
        dialog.choose(*last)

    def export() -> None:
        choice = _last_choice[window] = dialog.choice()
        export_image(window, *choice)

    dialog.accepted.connect(export)
    dialog.open()
    return dialog

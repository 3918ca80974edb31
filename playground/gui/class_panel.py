"""The classes of the data: for each, its marker in its colour (click to change the colour), its editable
name and how many points it has; classes can be added (up to 8) and removed (down to 2). Every change is an
undoable edit."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.dataset import MARKERS, MAX_CLASSES, Dataset, DatasetError
from ..core.edits import AddClass, RecolourClass, RemoveClass, RenameClass, ReshapeClass
from .display import Display
from .marker_icons import marker_icon
from .marker_paths import TITLES
from .session import Session

SWATCH, ICON, ICON_DRAWN = 22, 18, 22  # pixels at zoom 1: the colour button, the shapes' icons and their pixmaps


class ClassPanel(QGroupBox):
    error_occurred = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Classes", parent)
        self._session = session
        layout = QVBoxLayout(self)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        layout.addWidget(self._grid_host)
        self.add_button = QPushButton("+ Add a class")
        self.add_button.setToolTip(f"Add a class to draw (up to {MAX_CLASSES})")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        layout.addWidget(self.add_button)
        self.colour_buttons: list[QToolButton] = []
        self.marker_combos: list[QComboBox] = []
        self.name_edits: list[QLineEdit] = []
        self.count_labels: list[QLabel] = []
        self.remove_buttons: list[QToolButton] = []
        self._row_widgets: list[QWidget] = []
        self._shown: tuple = ()
        self._display = Display(self)  # the window's, once it gives it (set_display)
        session.dataset_changed.connect(self._on_session_dataset_changed)
        self._on_session_dataset_changed(session.dataset, False)

    def set_display(self, display: Display) -> None:
        """Each class's colour button and marker icons in the colours the views draw it in, at the zoom."""
        self._display = display
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()

    def _on_display_changed(self) -> None:
        self._shown = ()  # the rows are made again in the new colours and sizes
        self._show(self._session.dataset)

    def _edit(self, edit) -> None:
        try:
            self._session.edit(edit)
        except DatasetError as error:
            self.error_occurred.emit(str(error).capitalize())
            self._show(self._session.dataset)

    def _on_add_button_clicked(self) -> None:
        names = set(self._session.dataset.class_names)
        name = next(f"class {i}" for i in range(1, 100) if f"class {i}" not in names)
        self._edit(AddClass(name))

    def _on_colour_clicked(self, index: int) -> None:
        current = QColor(self._session.dataset.class_colours[index])
        colour = QColorDialog.getColor(current, self, f"Colour of '{self._session.dataset.class_names[index]}'")
        if colour.isValid() and colour != current:
            self._edit(RecolourClass(index, colour.name()))

    def _on_name_edited(self, index: int) -> None:
        text = self.name_edits[index].text().strip()
        if text and text != self._session.dataset.class_names[index]:
            self._edit(RenameClass(index, text))
        else:
            self.name_edits[index].setText(self._session.dataset.class_names[index])

    def _on_session_dataset_changed(self, dataset: Dataset, _reset: bool) -> None:
        self._show(dataset)

    def _show(self, dataset: Dataset) -> None:
        layout_key = (dataset.class_names, dataset.class_colours, dataset.class_markers)
        if layout_key != self._shown:
            self._shown = layout_key
            self._rebuild(dataset)
        counts = [int((dataset.labels == c).sum()) for c in range(dataset.n_classes)]
        for label, count in zip(self.count_labels, counts, strict=True):
            label.setText(f"{count:,}")
        self.add_button.setEnabled(dataset.n_classes < MAX_CLASSES)

    def _rebuild(self, dataset: Dataset) -> None:
        for widget in self._row_widgets:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self._row_widgets = []
        self.colour_buttons, self.marker_combos, self.name_edits, self.count_labels, self.remove_buttons = \
            [], [], [], [], []
        size = self._display.size
        colours = self._display.class_colours(dataset.class_colours)
        for i, (name, colour, marker) in enumerate(zip(dataset.class_names, colours, dataset.class_markers,
                                                       strict=True)):
            swatch = QToolButton()
            swatch.setFixedSize(round(size(SWATCH)), round(size(SWATCH)))
            swatch.setStyleSheet(f"QToolButton {{ background: {colour}; border: 1px solid #546e7a; "
                                 "border-radius: 4px; }")
            swatch.setToolTip("Change this class's colour" + (
                " (the views show it in the high-contrast colours while they are on)" if self._display.high_contrast
                else ""))
            swatch.clicked.connect(lambda _=False, c=i: self._on_colour_clicked(c))
            edit = QLineEdit(name)
            edit.setToolTip("The class's name: click to rename it")
            edit.editingFinished.connect(lambda c=i: self._on_name_edited(c))
            count = QLabel()
            count.setProperty("role", "caption")
            count.setToolTip("How many points this class has")
            remove = QToolButton()
            remove.setText("✕")
            remove.setToolTip("Remove this class and its points (you can undo it)")
            remove.setEnabled(dataset.n_classes > 2)
            remove.clicked.connect(lambda _=False, c=i: self._edit(RemoveClass(c)))
            shape = QComboBox()
            shape.setToolTip("The class's marker shape, so it can be told apart without colour")
            shape.setIconSize(QSize(round(size(ICON)), round(size(ICON))))
            for option in MARKERS:
                shape.addItem(marker_icon(option, colour, round(size(ICON_DRAWN))), "", option)
                shape.setItemData(shape.count() - 1, TITLES[option], Qt.ItemDataRole.ToolTipRole)
            shape.setCurrentIndex(MARKERS.index(marker))
            shape.currentIndexChanged.connect(
                lambda index, c=i, box=shape: self._edit(ReshapeClass(c, box.itemData(index))))
            for column, widget in enumerate((swatch, shape, edit, count, remove)):
                self._grid.addWidget(widget, i, column)
            self._row_widgets += [swatch, shape, edit, count, remove]
            self.colour_buttons.append(swatch)
            self.marker_combos.append(shape)
            self.name_edits.append(edit)
            self.count_labels.append(count)
            self.remove_buttons.append(remove)

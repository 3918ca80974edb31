"""The drawing tool bar above the plane: tools, the class to draw, brush size and amount, undo and redo."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from .data_tools import TOOL_INFO, DataTools, Tool
from .display import Display
from .flow_layout import FlowLayout
from .marker_icons import marker_icon
from .session import Session

ICON = 22  # a class button's icon, in pixels at zoom 1


class DataToolbar(QWidget):
    def __init__(self, tools: DataTools, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tools = tools
        self._session = session
        self._display = Display(self)  # the window's, once it gives it (set_display)
        # One flow of buttons that wraps onto more rows in a narrow window; a caption stays with its control.
        layout = FlowLayout(self, spacing=2, row_spacing=2)
        layout.setContentsMargins(0, 0, 0, 4)

        self.tool_buttons: dict[Tool, QToolButton] = {}
        self._tool_group = QButtonGroup(self)
        for tool, (title, keys, tip) in TOOL_INFO.items():
            button = QToolButton()
            button.setText(title)
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setObjectName(f"tool_{tool.value}")
            button.clicked.connect(lambda _=False, t=tool: tools.set_tool(t))
            self._tool_group.addButton(button)
            self.tool_buttons[tool] = button
            layout.addWidget(button)
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda t=tool: tools.set_tool(t))
        self.tool_buttons[Tool.LOOK].setChecked(True)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Clear: remove every point; you can undo it (Shift+Delete)")
        self.clear_button.clicked.connect(tools.clear)
        clear_keys = QShortcut(QKeySequence("Shift+Delete"), self)
        clear_keys.setContext(Qt.ShortcutContext.WindowShortcut)
        clear_keys.activated.connect(tools.clear)
        layout.addWidget(self.clear_button)
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Show the whole plane again after panning or zooming (or double-click it).\n"
                                   "Drag to pan in Look mode; the mouse wheel zooms.")
        self.fit_button.clicked.connect(tools.fit_view)

        classes = QWidget()  # what the tools draw with
        self._class_row = QHBoxLayout(classes)
        self._class_row.setContentsMargins(8, 0, 8, 0)
        self._class_row.setSpacing(2)
        self._class_label = QLabel("Class")
        self._class_label.setProperty("role", "caption")
        self._class_row.addWidget(self._class_label)
        layout.addWidget(classes)
        self._class_group = QButtonGroup(self)
        self._class_group.idClicked.connect(tools.set_current_class)
        self.class_buttons: list[QToolButton] = []
        for digit in range(1, 9):
            shortcut = QShortcut(QKeySequence(str(digit)), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda d=digit: tools.set_current_class(d - 1))

        self.size_slider = self._slider("Size", 1, 30, round(tools.radius * 100),
                                        "The brush's and the eraser's size", layout)
        self.size_slider.valueChanged.connect(self._on_size_slider_changed)
        self.amount_slider = self._slider("Amount", 1, 20, tools.intensity,
                                          "How many points the brush sprays at a time", layout)
        self.amount_slider.valueChanged.connect(self._on_amount_slider_changed)

        stack = session.undo_stack
        self.undo_button = QToolButton()
        self.undo_button.setText("Undo")
        self.undo_button.setToolTip("Undo the last change to the data (Ctrl+Z)")
        self.undo_button.clicked.connect(stack.undo)
        self.redo_button = QToolButton()
        self.redo_button.setText("Redo")
        self.redo_button.setToolTip("Redo what was undone (Ctrl+Shift+Z)")
        self.redo_button.clicked.connect(stack.redo)
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())
        history = QWidget()
        history_layout = QHBoxLayout(history)
        history_layout.setContentsMargins(8, 0, 0, 0)
        history_layout.setSpacing(2)
        history_layout.addWidget(self.undo_button)
        history_layout.addWidget(self.redo_button)
        history_layout.addSpacing(8)
        history_layout.addWidget(self.fit_button)  # the view's own: last, after the data's
        layout.addWidget(history)

        tools.tool_changed.connect(self._on_tools_tool_changed)
        tools.current_class_changed.connect(self._on_tools_current_class_changed)
        session.dataset_changed.connect(self._on_session_dataset_changed)
        self._on_session_dataset_changed(session.dataset, False)

    def set_display(self, display: Display) -> None:
        """The class buttons in the colours the views draw the classes in, at the zoom."""
        self._display = display
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()

    def _on_display_changed(self) -> None:
        self._on_session_dataset_changed(self._session.dataset, False)

    @staticmethod
    def _slider(title: str, low: int, high: int, value: int, tip: str, layout: FlowLayout) -> QSlider:
        """A captioned slider, kept together on one row of the flow."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 4, 0)
        row.setSpacing(4)
        label = QLabel(title)
        label.setProperty("role", "caption")
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(low, high)
        slider.setValue(value)
        slider.setMinimumWidth(slider.fontMetrics().horizontalAdvance("M") * 6)
        slider.setToolTip(tip)
        label.setToolTip(tip)
        row.addWidget(label)
        row.addWidget(slider)
        layout.addWidget(box)
        return slider

    def _on_size_slider_changed(self, value: int) -> None:
        self._tools.radius = value / 100

    def _on_amount_slider_changed(self, value: int) -> None:
        self._tools.intensity = value

    def _on_tools_tool_changed(self, tool: Tool) -> None:
        with QSignalBlocker(self._tool_group):
            self.tool_buttons[tool].setChecked(True)

    def _on_tools_current_class_changed(self, index: int) -> None:
        if index < len(self.class_buttons):
            self.class_buttons[index].setChecked(True)

    def _on_session_dataset_changed(self, dataset, _reset: bool) -> None:
        self._class_label.setText("Samples" if dataset.is_fit else "Class")  # a curve's points have no class
        names = [button.toolTip() for button in self.class_buttons]
        wanted = ["Draw (x, y) samples for the curve" if dataset.is_fit else f"Draw points of class '{n}' ({i + 1})"
                  for i, n in enumerate(dataset.class_names)]
        colours = self._display.class_colours(dataset.class_colours)
        icon = round(self._display.size(ICON))
        looks = [button.property("look") for button in self.class_buttons]
        if names == wanted and looks == [f"{c} {m} {icon}" for c, m in zip(colours, dataset.class_markers,
                                                                            strict=True)]:
            return
        for button in self.class_buttons:
            self._class_group.removeButton(button)
            button.deleteLater()
        self.class_buttons = []
        for i, (tip, colour, marker) in enumerate(zip(wanted, colours, dataset.class_markers, strict=True)):
            button = QToolButton()
            button.setIcon(marker_icon(marker, colour, icon))
            button.setIconSize(QSize(icon, icon))
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setProperty("look", f"{colour} {marker} {icon}")
            self._class_group.addButton(button, i)
            self._class_row.addWidget(button)
            self.class_buttons.append(button)
        self.class_buttons[min(self._tools.current_class, len(self.class_buttons) - 1)].setChecked(True)

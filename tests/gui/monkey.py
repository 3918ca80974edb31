"""A monkey for the randomized test: random user actions, each delivered as events *posted* to the real widgets
(mouse events to a widget or the plane's viewport, key events to the window's QWindow so shortcuts fire), and
handled by the application's own event loop. (Synchronous delivery through QTest can swallow an exception raised
in an event filter with PySide6 6.11; posted events cannot.)

Questions (save?, which file?) are answered by the window's ScriptedQuestions; the weight and colour dialogs
are replaced by random answers, as a learner would type them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from playground.core.csv_io import write_csv
from playground.gui.data_tools import Tool

LEFT = Qt.MouseButton.LeftButton
NO_BUTTON = Qt.MouseButton.NoButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
TOOL_KEYS = {Tool.LOOK: Qt.Key.Key_Escape, Tool.PUT: Qt.Key.Key_P, Tool.BRUSH: Qt.Key.Key_B, Tool.CURVE: Qt.Key.Key_C,
             Tool.ERASER: Qt.Key.Key_E, Tool.SELECT: Qt.Key.Key_V, Tool.LASSO: Qt.Key.Key_L,
             Tool.JITTER: Qt.Key.Key_J, Tool.MAGNET: Qt.Key.Key_M}
VALUE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_PageUp,
              Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End)


# ----- posting events ---------------------------------------------------------------------------
def post_mouse(widget: QWidget, kind: QEvent.Type, pos: QPoint, button=LEFT, buttons=None) -> None:
    local = QPointF(pos)
    held = buttons if buttons is not None else (button if kind != QEvent.Type.MouseButtonRelease else NO_BUTTON)
    event = QMouseEvent(kind, local, QPointF(widget.mapToGlobal(pos)), button, held, NO_MODIFIER)
    QApplication.postEvent(widget, event)


def post_click(widget: QWidget, pos: QPoint | None = None) -> None:
    pos = pos if pos is not None else widget.rect().center()
    post_mouse(widget, QEvent.Type.MouseButtonPress, pos)
    post_mouse(widget, QEvent.Type.MouseButtonRelease, pos)


def post_key(target, key: Qt.Key, modifiers=NO_MODIFIER, text: str = "") -> None:
    """A key press and release. To the window's QWindow, a key goes the way a real one does (shortcuts first)."""
    QApplication.postEvent(target, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text))
    QApplication.postEvent(target, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, text))


def post_wheel(widget: QWidget, pos: QPoint, steps: int) -> None:
    event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 120 * steps),
                        NO_BUTTON, NO_MODIFIER, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.postEvent(widget, event)


def usable(widget: QWidget) -> bool:
    """What a learner could reach: shown and enabled."""
    return widget.isVisible() and widget.isEnabled()


class Monkey:
    """Chooses and performs random actions on one window."""

    def __init__(self, window, rng: random.Random, folder: Path) -> None:
        self.window = window
        self.rng = rng
        self.folder = folder
        self.log: list[str] = []
        self.saved_files: list[Path] = []
        self.csv_files: list[Path] = []
        self._actions: list[tuple[float, Callable[[], str | None]]] = [
            (14, self.stroke), (4, self.choose_tool), (2, self.choose_class), (3, self.undo_or_redo),
            (1.5, self.delete_keys), (3, self.play_pause), (2, self.step), (0.7, self.reset),
            (6, self.value_control), (3, self.click_button), (0.4, self.toggle_hidden), (1.5, self.zoom),
            (1, self.diagram_click), (0.6, self.save), (0.5, self.open), (0.3, self.new),
            (0.4, self.import_csv), (0.3, self.export_csv), (0.5, self.rename_class), (1, self.drag_and_delete),
        ]
        self._weights = [weight for weight, _ in self._actions]

    # ----- choosing -------------------------------------------------------------------------------
    def act(self) -> str:
        """Perform one random action (events are posted; the caller lets the event loop handle them)."""
        while True:
            action = self.rng.choices(self._actions, self._weights)[0][1]
            name = action()
            if name:
                self.log.append(name)
                return name

    @property
    def _qwindow(self):
        return self.window.windowHandle()

    # ----- the plane ------------------------------------------------------------------------------
    def _plane_point(self) -> QPoint:
        """A point on the plane's viewport, mostly inside the data's plane, sometimes just outside it."""
        view = self.window.boundary_view
        xmin, xmax, ymin, ymax = self.window.session.dataset.bounds()
        margin = 0.1 if self.rng.random() < 0.1 else 0.0
        x = self.rng.uniform(xmin - margin * (xmax - xmin), xmax + margin * (xmax - xmin))
        y = self.rng.uniform(ymin - margin * (ymax - ymin), ymax + margin * (ymax - ymin))
        scene = view.plot.getViewBox().mapViewToScene(QPointF(x, y))
        return view.mapFromScene(scene)

    def stroke(self) -> str:
        """Press, a few moves, release: with whatever tool is chosen (Put, Brush, Curve, Eraser ...)."""
        viewport = self.window.boundary_view.viewport()
        start = self._plane_point()
        post_mouse(viewport, QEvent.Type.MouseButtonPress, start)
        here = start
        for _ in range(self.rng.randint(0, 8)):
            here = here + QPoint(self.rng.randint(-40, 40), self.rng.randint(-40, 40))
            post_mouse(viewport, QEvent.Type.MouseMove, here, NO_BUTTON, LEFT)
        post_mouse(viewport, QEvent.Type.MouseButtonRelease, here)
        return f"stroke with {self.window.data_tools.tool.value}"

    def drag_and_delete(self) -> str:
        """Select points, drag them and press Delete (or clear) before letting go of the mouse."""
        viewport = self.window.boundary_view.viewport()
        post_key(self._qwindow, Qt.Key.Key_V, text="v")
        corner = self._plane_point()
        post_mouse(viewport, QEvent.Type.MouseButtonPress, corner)
        post_mouse(viewport, QEvent.Type.MouseMove, corner + QPoint(120, 120), NO_BUTTON, LEFT)
        post_mouse(viewport, QEvent.Type.MouseButtonRelease, corner + QPoint(120, 120))
        grab = corner + QPoint(60, 60)
        post_mouse(viewport, QEvent.Type.MouseButtonPress, grab)
        post_mouse(viewport, QEvent.Type.MouseMove, grab + QPoint(10, 5), NO_BUTTON, LEFT)
        key, modifiers = self.rng.choice([(Qt.Key.Key_Delete, NO_MODIFIER), (Qt.Key.Key_Backspace, NO_MODIFIER),
                                          (Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)])
        post_key(self._qwindow, key, modifiers)
        post_mouse(viewport, QEvent.Type.MouseMove, grab + QPoint(20, 10), NO_BUTTON, LEFT)
        post_mouse(viewport, QEvent.Type.MouseButtonRelease, grab + QPoint(20, 10))
        return "drag and delete"

    def choose_tool(self) -> str:
        tool = self.rng.choice(list(TOOL_KEYS))
        if self.rng.random() < 0.5:
            post_key(self._qwindow, TOOL_KEYS[tool], text=tool.value[0])
        else:
            post_click(self.window.data_toolbar.tool_buttons[tool])
        return f"tool {tool.value}"

    def choose_class(self) -> str:
        digit = self.rng.randint(1, 8)
        post_key(self._qwindow, Qt.Key(Qt.Key.Key_0.value + digit), text=str(digit))
        return f"class key {digit}"

    def zoom(self) -> str:
        viewport = self.window.boundary_view.viewport()
        if self.rng.random() < 0.3:
            pos = self._plane_point()
            post_mouse(viewport, QEvent.Type.MouseButtonDblClick, pos)
            post_mouse(viewport, QEvent.Type.MouseButtonRelease, pos)
            return "double-click the plane"
        post_wheel(viewport, self._plane_point(), self.rng.choice([-2, -1, 1, 2]))
        return "wheel on the plane"

    # ----- keys -----------------------------------------------------------------------------------
    def undo_or_redo(self) -> str:
        control = Qt.KeyboardModifier.ControlModifier
        if self.rng.random() < 0.65:
            post_key(self._qwindow, Qt.Key.Key_Z, control)
            return "undo"
        post_key(self._qwindow, Qt.Key.Key_Z, control | Qt.KeyboardModifier.ShiftModifier)
        return "redo"

    def delete_keys(self) -> str:
        key, modifiers, name = self.rng.choice([(Qt.Key.Key_Delete, NO_MODIFIER, "Delete"),
                                                (Qt.Key.Key_Backspace, NO_MODIFIER, "Backspace"),
                                                (Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier, "Clear")])
        if name == "Clear" and self.rng.random() < 0.7:
            return ""  # clearing everything is rare
        post_key(self._qwindow, key, modifiers)
        return name

    def play_pause(self) -> str:
        if self.rng.random() < 0.5:
            post_key(self._qwindow, Qt.Key.Key_Space, text=" ")
        else:
            post_click(self.window.transport.play_button)
        return "play/pause"

    def step(self) -> str:
        transport = self.window.transport
        if self.rng.random() < 0.2:
            post_key(transport.step_size_combo, self.rng.choice([Qt.Key.Key_Up, Qt.Key.Key_Down]))
            return "step size"
        if self.rng.random() < 0.5:
            post_key(self._qwindow, Qt.Key.Key_S, text="s")
        elif usable(transport.step_button):
            post_click(transport.step_button)
        return "step"

    def reset(self) -> str:
        post_key(self._qwindow, Qt.Key.Key_R, text="r")
        return "reset"

    def toggle_hidden(self) -> str:
        post_key(self._qwindow, Qt.Key.Key_H, text="h")
        return "hidden space on/off"

    # ----- controls -------------------------------------------------------------------------------
    def _value_controls(self) -> list[tuple[str, QWidget]]:
        w = self.window
        controls = [("task", w.data_panel.task_combo), ("preset", w.data_panel.preset_combo),
                    ("points", w.data_panel.points_slider.slider), ("noise", w.data_panel.noise_slider.slider),
                    ("test share", w.data_panel.test_slider.slider), ("data seed", w.data_panel.seed_spin),
                    ("optimizer", w.training_panel.optimizer_combo), ("rate", w.training_panel.rate_slider.slider),
                    ("batch", w.training_panel.batch_slider.slider), ("loss", w.training_panel.loss_combo),
                    ("regularization", w.training_panel.reg_combo), ("reg rate", w.training_panel.reg_rate_combo),
                    ("weights seed", w.training_panel.seed_spin), ("speed", w.transport.speed_control.slider.slider),
                    ("single neuron", w.network_panel.single_neuron_combo),
                    ("hidden layer", w.hidden_panel.layer_combo), ("stage", w.hidden_panel.stage_combo),
                    ("axes", w.hidden_panel.axes_combo), ("morph", w.hidden_panel.morph_slider),
                    ("history", w.hidden_panel.replay_slider)]
        controls += [(f"neuron axis {i + 1}", spin) for i, spin in enumerate(w.hidden_panel.neuron_spins)]
        controls += [(f"width {i + 1}", spin) for i, spin in enumerate(w.network_panel.width_spins)]
        controls += [(f"activation {i + 1}", combo) for i, combo in enumerate(w.network_panel.activation_combos)]
        controls += [(f"dropout {i + 1}", spin) for i, spin in enumerate(w.network_panel.dropout_spins)]
        controls += [(f"marker {i + 1}", combo) for i, combo in enumerate(w.class_panel.marker_combos)]
        return [(name, widget) for name, widget in controls if usable(widget)]

    def value_control(self) -> str:
        """A combo box, slider or spin box moved with its keys (as a learner does after clicking it)."""
        name, widget = self.rng.choice(self._value_controls())
        key = self.rng.choice(VALUE_KEYS)
        if name in ("points", "weights seed", "data seed") and key in (Qt.Key.Key_End, Qt.Key.Key_PageUp):
            key = Qt.Key.Key_Right  # 2,000 points and more slow every later action down: rarely
        post_key(widget, key)
        if widget.inherits("QAbstractSpinBox"):
            post_key(widget, Qt.Key.Key_Return)
        return f"{name} {key.name}"

    def _buttons(self) -> list[tuple[str, QWidget]]:
        w = self.window
        buttons = [("add layer", w.network_panel.add_layer_button), ("add class", w.class_panel.add_button),
                   ("new points", w.data_panel.shuffle_button), ("real world", w.data_panel.world_button),
                   ("show test", w.data_panel.show_test_check), ("morph", w.hidden_panel.morph_button),
                   ("clear", w.data_toolbar.clear_button), ("undo button", w.data_toolbar.undo_button),
                   ("log scale", w.loss_chart.log_scale_checkbox)]
        buttons += [(f"feature {name}", button) for name, button in w.network_panel.feature_buttons.items()]
        buttons += [(f"remove layer {i + 1}", b) for i, b in enumerate(w.network_panel.remove_buttons)]
        buttons += [(f"remove class {i + 1}", b) for i, b in enumerate(w.class_panel.remove_buttons)]
        buttons += [(f"colour {i + 1}", b) for i, b in enumerate(w.class_panel.colour_buttons)]
        return [(name, button) for name, button in buttons if usable(button)]

    def click_button(self) -> str:
        name, button = self.rng.choice(self._buttons())
        if name in ("clear", "add class") and self.rng.random() < 0.6:
            return ""
        post_click(button)
        return f"click {name}"

    def rename_class(self) -> str:
        edits = [edit for edit in self.window.class_panel.name_edits if usable(edit)]
        if not edits:
            return ""
        edit = self.rng.choice(edits)
        post_click(edit)
        post_key(edit, Qt.Key.Key_End)
        for char in self.rng.choice(["x", "y", "  ", "rabbit", "ü"]):
            post_key(edit, Qt.Key.Key_A, text=char)
        if self.rng.random() < 0.3:
            for _ in range(30):
                post_key(edit, Qt.Key.Key_Backspace)
        post_key(edit, Qt.Key.Key_Return)
        return "rename a class"

    def diagram_click(self) -> str:
        """Click somewhere on the network diagram: a neuron (focus), a weight or bias (typed by hand)."""
        diagram = self.window.network_diagram
        if not usable(diagram) or diagram.width() < 10:
            return ""
        pos = QPoint(self.rng.randrange(diagram.width()), self.rng.randrange(diagram.height()))
        post_click(diagram, pos)
        return "click the diagram"

    def typed_weight(self) -> float:
        """What the weight dialog answers: usually a plain value, sometimes an absurd one."""
        return self.rng.choice([self.rng.uniform(-3, 3), self.rng.uniform(-3, 3), 0.0, 1e6, -250.0])

    def picked_colour(self) -> QColor:
        return QColor.fromHsv(self.rng.randrange(360), 200, 200)

    # ----- files ----------------------------------------------------------------------------------
    def _answer_unsaved(self) -> None:
        questions = self.window.questions
        questions.unsaved = self.rng.choice(["save", "discard", "discard", "cancel"])
        questions.save = str(self.folder / f"saved-{len(self.saved_files)}.playground.json")

    def save(self) -> str:
        questions = self.window.questions
        path = self.folder / f"saved-{len(self.saved_files)}.playground.json"
        questions.save = str(path)
        control = Qt.KeyboardModifier.ControlModifier
        if self.rng.random() < 0.5:
            post_key(self._qwindow, Qt.Key.Key_S, control | Qt.KeyboardModifier.ShiftModifier)
        else:
            post_key(self._qwindow, Qt.Key.Key_S, control)
        self.saved_files.append(path)
        return "save"

    def open(self) -> str:
        existing = [path for path in self.saved_files if path.exists()]
        if not existing:
            return ""
        self._answer_unsaved()
        self.window.questions.open = str(self.rng.choice(existing))
        post_key(self._qwindow, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        return "open"

    def new(self) -> str:
        self._answer_unsaved()
        post_key(self._qwindow, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        return "new"

    def export_csv(self) -> str:
        path = self.folder / f"points-{len(self.csv_files)}.csv"
        self.window.questions.save = str(path)
        post_key(self._qwindow, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        self.csv_files.append(path)
        return "export csv"

    def import_csv(self) -> str:
        existing = [path for path in self.csv_files if path.exists()]
        if not existing:
            path = self.folder / "start.csv"
            write_csv(self.window.session.dataset, path)
            existing = [path]
        self.window.questions.open = str(self.rng.choice(existing))
        post_key(self._qwindow, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        return "import csv"

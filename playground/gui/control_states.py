"""Hiding and locking the window's controls by name (core/controls.py): what the scenario asks for, plus the
simple mode's set when it is on.

A hidden control is not shown. A locked one keeps showing its value but takes no input: its mouse, wheel and
key events are swallowed (an event filter, so the panels can go on enabling and disabling their controls as
they like), it gets no focus, it is drawn faded, and its keyboard shortcuts are off. Rows rebuilt later (hidden
layers, classes) are caught by applying again whenever the network or the data changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QFormLayout, QGraphicsOpacityEffect, QWidget
from shiboken6 import isValid

from ..core.controls import SIMPLE_HIDDEN, ControlsSpec

LOCKED_TIP = "Locked in this scenario"
INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
                QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ContextMenu,
                QEvent.Type.Drop, QEvent.Type.DragEnter}


class _Row:
    """A control that is a row of a form (its label hides with it)."""

    def __init__(self, field: QWidget) -> None:
        self.field = field

    def hide(self, hidden: bool) -> None:
        form = self.field.parentWidget().layout() if self.field.parentWidget() else None
        if isinstance(form, QFormLayout) and form.indexOf(self.field) >= 0:
            form.setRowVisible(self.field, not hidden)
        else:
            self.field.setVisible(not hidden)

    def widgets(self) -> list[QWidget]:
        return [self.field]


class _Widgets:
    """Controls shown and hidden by the panels themselves (`managed`: the panel's wish is restored by
    `refresh`), or plain widgets."""

    def __init__(self, widgets: Iterable[QWidget], refresh: Callable[[], None] | None = None) -> None:
        self._widgets = list(widgets)
        self._refresh = refresh

    def hide(self, hidden: bool) -> None:
        if self._refresh is not None:
            if hidden:
                for widget in self._widgets:
                    widget.setVisible(False)
            return  # not hidden: the panel's own wish stands (refreshed before applying)
        for widget in self._widgets:
            widget.setVisible(not hidden)

    def refresh(self) -> None:
        if self._refresh is not None:
            self._refresh()

    def widgets(self) -> list[QWidget]:
        return self._widgets


class ControlStates(QObject):
    """Keeps the window's controls as the scenario (and the simple mode) want them."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self._simple = False
        self._locked: dict[QWidget, Qt.FocusPolicy] = {}  # locked widget -> its focus policy before
        self._shortcuts: list[QShortcut] = []  # shortcuts switched off by a lock
        session = window.session
        self._applied: tuple | None = None  # (spec, the rows' shape) last applied
        session.controls_changed.connect(self._on_session_changed)
        # After the panels have rebuilt their rows (layers, classes): new rows get their state too.
        session.network_changed.connect(self._on_session_changed)
        session.dataset_changed.connect(self._on_session_changed)

    @property
    def simple(self) -> bool:
        return self._simple

    def set_simple(self, simple: bool) -> None:
        """The simple mode: data, layers and play; the rest tucked away until asked for."""
        if simple != self._simple:
            self._simple = simple
            self.apply(refresh=True)

    def effective(self) -> ControlsSpec:
        spec = self._window.session.controls
        hidden = spec.hidden | (SIMPLE_HIDDEN if self._simple else frozenset())
        return ControlsSpec(hidden, spec.locked - hidden)

    def hides(self, name: str) -> bool:
        return name in self.effective().hidden

    def locks(self, name: str) -> bool:
        return name in self.effective().locked

    def _on_session_changed(self, *_args) -> None:
        session = self._window.session
        state = (self.effective(), session.network.hidden, session.dataset.n_classes, session.dataset.task)
        if state != self._applied:  # a brush dab changes nothing here: skip it
            # A control no longer hidden shows as its panel would have it.
            self.apply(refresh=self._applied is None or state[0] != self._applied[0])

    # ----- what each name is in this window -------------------------------------------------------
    def _targets(self) -> dict[str, list]:
        w = self._window
        data, network, training, transport = w.data_panel, w.network_panel, w.training_panel, w.transport
        return {
            "task": [_Row(data.task_combo)],
            "preset": [_Row(data.preset_combo)],
            "points": [_Row(data.points_slider)],
            "noise": [_Row(data.noise_slider)],
            "test_share": [_Row(data.test_slider)],
            "data_seed": [_Row(data.seed_spin.parentWidget())],
            "real_world": [_Row(data.world_button)],
            "show_test": [_Row(data.show_test_check)],
            "classes": [_Widgets([w.class_panel], lambda: w.show_task(w.session.dataset.task))],
            "drawing": [_Widgets([w.data_toolbar], lambda: w.data_tools_shown(True))],
            "features": [_Widgets([network.features_caption, *network.feature_buttons.values()])],
            "layers": [_Widgets([network.layers_caption, network.add_layer_button, *network.width_spins,
                                 *network.remove_buttons])],
            "activation": [_Widgets(network.activation_combos),
                           _Widgets([network.single_neuron_combo],
                                    lambda: network.refresh(w.session.network))],
            "dropout": [_Widgets(network.dropout_spins)],
            "optimizer": [_Row(training.optimizer_combo)],
            "learning_rate": [_Row(training.rate_slider)],
            "batch_size": [_Row(training.batch_slider)],
            "loss": [_Row(training.loss_combo)],
            "regularization": [_Row(training.reg_combo.parentWidget())],
            "weights_seed": [_Row(training.seed_spin)],
            "device": [_Row(training.device_combo)],
            "step": [_Widgets([transport.step_button, transport.step_size_combo])],
            "reset": [_Widgets([transport.reset_button])],
            "history": [_Widgets([w.history_box])],
            "hidden_space": [_Widgets([w.hidden_panel], lambda: w.show_hidden_space(w.hidden_action.isChecked()))],
            "weight_typing": [],
        }

    def _shortcut_names(self) -> dict[str, list[QShortcut]]:
        """The keyboard shortcuts that belong to a control (a locked control takes no keys either)."""
        w = self._window

        def keys(owner: QObject, *sequences: str) -> list[QShortcut]:
            return [s for s in owner.findChildren(QShortcut) if s.key().toString() in sequences]

        return {
            "drawing": w.data_toolbar.findChildren(QShortcut) + keys(w.boundary_view, "Del", "Backspace"),
            "step": keys(w.transport, "S", "Right"),
            "reset": keys(w.transport, "R"),
        }

    # ----- applying -----------------------------------------------------------------------------
    def apply(self, refresh: bool = False) -> None:
        """Hide and lock as wanted now; `refresh`: first let the panels show what they would by themselves."""
        spec = self.effective()
        session = self._window.session
        self._applied = (spec, session.network.hidden, session.dataset.n_classes, session.dataset.task)
        targets = self._targets()
        if refresh:
            for group in targets.values():
                for target in group:
                    if isinstance(target, _Widgets):
                        target.refresh()
        for name, group in targets.items():
            for target in group:
                target.hide(name in spec.hidden)
        self._unlock_all()
        for name in spec.locked:
            for target in targets.get(name, []):
                for widget in target.widgets():
                    self._lock(widget)
        shortcuts = self._shortcut_names()
        for name in spec.locked | spec.hidden:
            for shortcut in shortcuts.get(name, []):
                if shortcut.isEnabled():
                    shortcut.setEnabled(False)
                    self._shortcuts.append(shortcut)
        window = self._window
        if "drawing" in spec.locked | spec.hidden:
            from .data_tools import Tool

            window.data_tools.set_tool(Tool.LOOK)
        window.network_diagram.weights_editable = not {"weight_typing"} & (spec.locked | spec.hidden)
        window.hidden_action.setEnabled("hidden_space" not in spec.hidden)

    def _lock(self, widget: QWidget) -> None:
        for child in [widget, *widget.findChildren(QWidget)]:
            if child in self._locked:
                continue
            self._locked[child] = child.focusPolicy()
            child.installEventFilter(self)
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if child.hasFocus():
                child.clearFocus()
            child.setProperty("locked_tip", child.toolTip())
            child.setToolTip(f"{child.toolTip()}\n({LOCKED_TIP})" if child.toolTip() else LOCKED_TIP)
        effect = QGraphicsOpacityEffect(widget)
        effect.setOpacity(0.45)
        widget.setGraphicsEffect(effect)
        widget.setProperty("locked", True)

    def _unlock_all(self) -> None:
        for child, policy in self._locked.items():
            if not isValid(child):  # a row rebuilt since
                continue
            child.removeEventFilter(self)
            child.setFocusPolicy(policy)
            child.setToolTip(child.property("locked_tip") or "")
            if child.property("locked"):
                child.setGraphicsEffect(None)
                child.setProperty("locked", False)
        self._locked.clear()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(True)
        self._shortcuts.clear()

    def is_locked(self, widget: QWidget) -> bool:
        return widget in self._locked

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() in INPUT_EVENTS

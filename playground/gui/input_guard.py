"""Wheel and keys that behave, as in Qt Creator and napari.

- The wheel over a combo box, spin box or slider in a guarded panel changes it only once the control has been
  clicked (has focus). Otherwise the wheel passes on to what holds the control: the scroll area of the control
  column scrolls, and beside the plane nothing happens. Such controls take focus from a click or Tab, never
  from the wheel (StrongFocus, not WheelFocus), so scrolling past one cannot select it.
- The window's one-key shortcuts (Space, S, R, the arrow for Step) never take a key the focused control uses:
  arrows and Page Up/Down, Home and End move a focused slider, spin box or combo box; Space presses a button
  or ticks a check box reached with Tab. After a click on a button Space still plays, as a learner expects.

One filter on the application sees every wheel and shortcut-override event, so controls created later (a new
hidden layer's row, a new class's row) are guarded too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARDED = "wheelGuarded"  # the dynamic property that marks a guarded panel
KEYBOARD_FOCUS = "focusFromKeyboard"  # set on buttons: whether their focus came from Tab rather than a click
_NAVIGATION = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
               Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End}
_COMBO_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
               Qt.Key.Key_End}  # a combo box does nothing with left and right
_KEYBOARD_REASONS = {Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                     Qt.FocusReason.ShortcutFocusReason}


def is_value_control(obj: QObject) -> bool:
    """A combo box, spin box or slider (not a scroll bar): a control that the wheel and the arrows change."""
    return isinstance(obj, (QComboBox, QAbstractSpinBox, QAbstractSlider)) and not isinstance(obj, QScrollBar)


def _guarded(widget: QWidget) -> bool:
    while widget is not None:
        if widget.property(GUARDED):
            return True
        widget = widget.parentWidget()
    return False


def _settle_focus_policy(widget: QWidget) -> None:
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class InputGuard(QObject):
    """The application's event filter; one per QApplication (see `guard_panels`)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if is_value_control(obj) and not obj.hasFocus() and _guarded(obj):
                event.ignore()  # handled here, but not accepted: Qt passes it on to the parents
                return True
        elif kind == QEvent.Type.ShortcutOverride:
            if self._wants_key(obj, event):
                event.accept()  # the key goes to the control, not to a shortcut
        elif kind == QEvent.Type.Show:
            if is_value_control(obj) and _guarded(obj):
                _settle_focus_policy(obj)
        elif kind == QEvent.Type.FocusIn and isinstance(obj, QAbstractButton):
            obj.setProperty(KEYBOARD_FOCUS, event.reason() in _KEYBOARD_REASONS)
        elif kind == QEvent.Type.MouseButtonPress and isinstance(obj, QAbstractButton):
            obj.setProperty(KEYBOARD_FOCUS, False)  # clicked: Space means Play again
        return False

    @staticmethod
    def _wants_key(obj: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                | Qt.KeyboardModifier.MetaModifier):
            return False  # a command, never a control's own key
        if isinstance(obj, QComboBox) and not obj.isEditable():
            return key in _COMBO_KEYS
        if is_value_control(obj):
            return key in _NAVIGATION
        if isinstance(obj, QAbstractButton):
            return key == Qt.Key.Key_Space and bool(obj.property(KEYBOARD_FOCUS))
        return False


def guard_panels(*panels: QWidget) -> InputGuard:
    """Guards the value controls in these panels, now and later (rows added afterwards included), and installs
    the application's filter once."""
    app = QApplication.instance()
    input_guard = app.findChild(InputGuard, "input_guard")
    if input_guard is None:
        input_guard = InputGuard(app)
        input_guard.setObjectName("input_guard")
        app.installEventFilter(input_guard)
    for panel in panels:
        panel.setProperty(GUARDED, True)
        for widget in panel.findChildren(QWidget):
            if is_value_control(widget):
                _settle_focus_policy(widget)
    return input_guard

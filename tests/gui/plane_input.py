"""Real mouse input on the boundary view, delivered through the event loop.

Events are posted (QApplication.postEvent) and handled by the application's event loop rather than sent
synchronously by QTest: with PySide6 6.11 an exception raised inside an event filter during QTest's
synchronous delivery can vanish, whereas one raised while the loop handles a posted event reaches
sys.excepthook, where pytest-qt turns it into a test failure."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from playground.gui.data_tools import Tool

LEFT = Qt.MouseButton.LeftButton


def at(window, x: float, y: float) -> QPoint:
    """Where the data point (x, y) is on the boundary view's viewport."""
    view = window.boundary_view
    scene = view.plot.getViewBox().mapViewToScene(QPointF(x, y))
    return view.mapFromScene(scene)


def choose(qtbot, window, tool: Tool) -> None:
    """Pick a drawing tool with its toolbar button."""
    qtbot.mouseClick(window.data_toolbar.tool_buttons[tool], LEFT)
    assert window.data_tools.tool == tool


def post_mouse(window, kind: QEvent.Type, x: float, y: float, held: bool) -> None:
    """Queue one mouse event at the data point (x, y) on the plane's viewport."""
    viewport = window.boundary_view.viewport()
    local = QPointF(at(window, x, y))
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else LEFT
    buttons = LEFT if held else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, local, QPointF(viewport.mapToGlobal(local.toPoint())), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.postEvent(viewport, event)


def press(window, x: float, y: float) -> None:
    post_mouse(window, QEvent.Type.MouseButtonPress, x, y, held=True)
    QApplication.processEvents()


def move(window, path: list[tuple[float, float]]) -> None:
    """Drag (the button held) along the path, each move handled by the event loop."""
    for x, y in path:
        post_mouse(window, QEvent.Type.MouseMove, x, y, held=True)
        QApplication.processEvents()


def release(window, x: float, y: float) -> None:
    post_mouse(window, QEvent.Type.MouseButtonRelease, x, y, held=False)
    QApplication.processEvents()


def stroke(window, path: list[tuple[float, float]]) -> None:
    """Press at the path's start, drag through it and release at its end."""
    press(window, *path[0])
    move(window, path[1:])
    release(window, *path[-1])

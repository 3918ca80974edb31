"""Drawing on the plane: turns mouse gestures on the boundary view into edits of the session's data.

Tools only emit edits (core/edits.py) through the session, which keeps them on the undo stack; a whole
press-drag-release gesture is one stroke, hence one step of the history.
"""

from __future__ import annotations

import enum
import itertools

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsEllipseItem

from ..core.dataset import DatasetError
from ..core.edits import AddPoints, RemovePoints, clear_points
from .boundary_view import BoundaryView
from .session import Session

SPRAY_INTERVAL_MS = 40  # the brush sprays this often while held still


class Tool(enum.Enum):
    LOOK = "look"
    PUT = "put"
    BRUSH = "brush"
    ERASER = "eraser"


TOOL_INFO = {  # title, shortcut, tooltip
    Tool.LOOK: ("Look", "Esc", "Look only: clicks on the plane do nothing (Esc)"),
    Tool.PUT: ("Put", "P", "Put: one point of the current class where you click (P)"),
    Tool.BRUSH: ("Brush", "B", "Brush: spray points of the current class while the button is held (B)"),
    Tool.ERASER: ("Eraser", "E", "Eraser: remove the points under the circle while the button is held (E)"),
}


class DataTools(QObject):
    tool_changed = Signal(object)  # Tool
    current_class_changed = Signal(int)
    error_occurred = Signal(str)

    def __init__(self, view: BoundaryView, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._session = session
        self._tool = Tool.LOOK
        self._current_class = 0
        self.radius = 0.06  # share of the plane's width
        self.intensity = 4  # points per spray
        self._strokes = itertools.count(1)
        self._stroke: int | None = None
        self._cursor: np.ndarray | None = None
        self._rng = np.random.default_rng()
        self._spray_timer = QTimer(self)
        self._spray_timer.setInterval(SPRAY_INTERVAL_MS)
        self._spray_timer.timeout.connect(self._on_spray_timer_timeout)
        self._outline = QGraphicsEllipseItem()
        pen = QPen(Qt.GlobalColor.black, 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._outline.setPen(pen)
        self._outline.setZValue(20)
        self._outline.hide()
        view.plot.getViewBox().addItem(self._outline, ignoreBounds=True)
        view.viewport().setMouseTracking(True)
        view.viewport().installEventFilter(self)
        session.dataset_changed.connect(self._on_session_dataset_changed)

    # ----- state --------------------------------------------------------------------------------
    @property
    def tool(self) -> Tool:
        return self._tool

    def set_tool(self, tool: Tool) -> None:
        if tool == self._tool:
            return
        self._finish_stroke()
        self._tool = tool
        drawing = tool != Tool.LOOK
        self._view.viewport().setCursor(Qt.CursorShape.CrossCursor if drawing else Qt.CursorShape.ArrowCursor)
        self._update_outline()
        self.tool_changed.emit(tool)

    @property
    def current_class(self) -> int:
        return self._current_class

    def set_current_class(self, index: int) -> None:
        index = max(0, min(index, self._session.dataset.n_classes - 1))
        if index != self._current_class:
            self._current_class = index
            self.current_class_changed.emit(index)

    def _on_session_dataset_changed(self, dataset, _reset: bool) -> None:
        if self._current_class >= dataset.n_classes:
            self.set_current_class(dataset.n_classes - 1)

    def clear(self) -> None:
        """Remove every point (one undoable step)."""
        self._edit(clear_points(self._session.dataset), stroke=None)

    # ----- geometry -----------------------------------------------------------------------------
    def _plane_radius(self) -> float:
        xmin, xmax, _, _ = self._session.dataset.bounds()
        return self.radius * (xmax - xmin)

    def _to_data(self, widget_pos) -> np.ndarray:
        scene_pos = self._view.mapToScene(widget_pos.toPoint() if hasattr(widget_pos, "toPoint") else widget_pos)
        point = self._view.plot.getViewBox().mapSceneToView(scene_pos)
        return np.array([point.x(), point.y()])

    def _inside(self, point: np.ndarray) -> bool:
        xmin, xmax, ymin, ymax = self._session.dataset.bounds()
        return bool(xmin <= point[0] <= xmax and ymin <= point[1] <= ymax)

    def _update_outline(self) -> None:
        show = self._tool in (Tool.BRUSH, Tool.ERASER) and self._cursor is not None and self._inside(self._cursor)
        self._outline.setVisible(show)
        if show:
            r = self._plane_radius()
            self._outline.setRect(self._cursor[0] - r, self._cursor[1] - r, 2 * r, 2 * r)

    # ----- mouse --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Leave:
            self._cursor = None
            self._update_outline()
            return False
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        self._cursor = self._to_data(event.position())
        self._update_outline()
        if self._tool == Tool.LOOK:
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            if self._inside(self._cursor):
                self._stroke = next(self._strokes)
                self._act()
                if self._tool == Tool.BRUSH:
                    self._spray_timer.start()
            return True
        if kind == QEvent.Type.MouseMove and self._stroke is not None:
            if self._tool != Tool.PUT:
                self._act()
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self._finish_stroke()
            return True
        return False

    def _finish_stroke(self) -> None:
        self._spray_timer.stop()
        if self._stroke is not None:
            self._stroke = None
            self._session.end_stroke()

    def _on_spray_timer_timeout(self) -> None:
        if self._stroke is not None and self._cursor is not None:
            self._act()

    def _act(self) -> None:
        if self._tool == Tool.PUT:
            self._add(self._cursor[None, :])
        elif self._tool == Tool.BRUSH:
            self._add(self._spray(self._cursor))
        elif self._tool == Tool.ERASER:
            points = self._session.dataset.points
            near = np.flatnonzero(np.hypot(*(points - self._cursor).T) <= self._plane_radius()) \
                if len(points) else np.zeros(0, np.int64)
            if len(near):
                self._edit(RemovePoints(near, text="Erase points"), self._stroke)

    def _spray(self, centre: np.ndarray) -> np.ndarray:
        """`intensity` points spread uniformly over the brush's disc, kept inside the plane."""
        r = self._plane_radius() * np.sqrt(self._rng.uniform(0, 1, self.intensity))
        angle = self._rng.uniform(0, 2 * np.pi, self.intensity)
        points = centre + np.c_[r * np.cos(angle), r * np.sin(angle)]
        xmin, xmax, ymin, ymax = self._session.dataset.bounds()
        return np.clip(points, [xmin, ymin], [xmax, ymax])

    def _test_share(self) -> float:
        dataset, preset = self._session.dataset, self._session.preset
        if preset is not None:
            return preset.test_ratio
        return float(dataset.is_test.mean()) if len(dataset) else 0.5

    def _add(self, points: np.ndarray) -> None:
        n = len(points)
        is_test = self._rng.uniform(0, 1, n) < self._test_share()
        text = "Put a point" if self._tool == Tool.PUT else "Brush stroke"
        self._edit(AddPoints(points, np.full(n, self._current_class), is_test, text=text), self._stroke)

    def _edit(self, edit, stroke: int | None) -> None:
        try:
            self._session.edit(edit, stroke)
        except DatasetError as error:
            self.error_occurred.emit(str(error))


"""Drawing on the plane: turns mouse gestures on the boundary view into edits of the session's data.

Tools only emit edits (core/edits.py) through the session, which keeps them on the undo stack; a whole
press-drag-release gesture is one stroke, hence one step of the history.
"""

from __future__ import annotations

import enum
import itertools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from ..core.dataset import DatasetError
from ..core.edits import AddPoints, MovePoints, RemovePoints, clear_points
from ..core.geometry import points_in_polygon, sample_along
from . import theme
from .boundary_view import BoundaryView
from .display import Display
from .scatter import SteadyScatter
from .session import Session

REPEAT_MS = 40  # brush, jitter and magnet act this often while the button is held
OUTLINE_WIDTH, SKETCH_WIDTH, SELECTED_WIDTH = 1.5, 2.0, 2.5  # pens, in pixels at zoom 1
SELECTED_MARGIN = 8  # the selection's ring is this much larger than a point


class Tool(enum.Enum):
    LOOK = "look"
    PUT = "put"
    BRUSH = "brush"
    CURVE = "curve"
    ERASER = "eraser"
    SELECT = "select"
    LASSO = "lasso"
    JITTER = "jitter"
    MAGNET = "magnet"


TOOL_INFO = {  # title, shortcut, tooltip
    Tool.LOOK: ("Look", "Esc", "Look only: clicks on the plane do nothing (Esc)"),
    Tool.PUT: ("Put", "P", "Put: one point of the current class where you click (P)"),
    Tool.BRUSH: ("Brush", "B", "Brush: spray points of the current class while the button is held (B)"),
    Tool.CURVE: ("Curve", "C", "Curve: draw a line; points of the current class are scattered along it, "
                               "as far off it as the Size says (C)"),
    Tool.ERASER: ("Eraser", "E", "Eraser: remove the points under the circle while the button is held (E)"),
    Tool.SELECT: ("Select", "V", "Select: drag a rectangle around points, then drag them to move them, "
                                 "or press Delete to remove them (V)"),
    Tool.LASSO: ("Lasso", "L", "Lasso: draw around points to select them; drag to move, Delete removes (L)"),
    Tool.JITTER: ("Jitter", "J", "Jitter: shake the points under the circle while the button is held (J)"),
    Tool.MAGNET: ("Magnet", "M", "Magnet: pull the points under the circle toward the cursor (M)"),
}
_CIRCLE_TOOLS = (Tool.BRUSH, Tool.ERASER, Tool.JITTER, Tool.MAGNET)
_REPEATING_TOOLS = (Tool.BRUSH, Tool.JITTER, Tool.MAGNET)


class DataTools(QObject):
    tool_changed = Signal(object)  # Tool
    current_class_changed = Signal(int)
    selection_changed = Signal(int)  # how many points are selected
    error_occurred = Signal(str)

    def __init__(self, view: BoundaryView, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._session = session
        self._tool = Tool.LOOK
        self._current_class = 0
        self.radius = 0.06  # share of the plane's width
        self.intensity = 4  # points per spray; density of a curve
        self._strokes = itertools.count(1)
        self._stroke: int | None = None
        self._cursor: np.ndarray | None = None
        self._path: list[np.ndarray] = []  # the gesture so far, for curve, select and lasso
        self._selection = np.zeros(0, dtype=np.int64)
        self._selection_size = 0  # len(dataset) when the selection was made; other sizes make it stale
        self._drag: tuple[np.ndarray, np.ndarray] | None = None  # (cursor at press, selected points at press)
        self._editing = False  # the data is changing through this tool's own edit
        self._rng = np.random.default_rng()
        self._repeat = QTimer(self)
        self._repeat.setInterval(REPEAT_MS)
        self._repeat.timeout.connect(self._on_repeat_timeout)

        box = view.plot.getViewBox()
        self._outline = pg.PlotCurveItem(pen=_dashed(OUTLINE_WIDTH))
        self._sketch = pg.PlotCurveItem(pen=_dashed(SKETCH_WIDTH))
        self._selected = SteadyScatter(size=view.point_size + SELECTED_MARGIN, brush=None,
                                            pen=pg.mkPen("#111111", width=SELECTED_WIDTH))
        for z, item in enumerate((self._outline, self._sketch, self._selected)):
            item.setZValue(20 + z)
            item.hide()  # shown while there is something to show (an empty item is still painted every frame)
            box.addItem(item, ignoreBounds=True)
        view.viewport().setMouseTracking(True)
        view.viewport().installEventFilter(self)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
        delete.setContext(Qt.ShortcutContext.WindowShortcut)
        delete.activated.connect(self.delete_selection)
        backspace = QShortcut(QKeySequence(Qt.Key.Key_Backspace), view)
        backspace.setContext(Qt.ShortcutContext.WindowShortcut)
        backspace.activated.connect(self.delete_selection)
        session.dataset_changed.connect(self._on_session_dataset_changed)

    def set_display(self, display: Display) -> None:
        """The brush's outline, the sketch and the selection's rings at the display's zoom."""
        self._display = display
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()

    def _on_display_changed(self) -> None:
        d = self._display
        self._outline.setPen(_dashed(d.size(OUTLINE_WIDTH)))
        self._sketch.setPen(_dashed(d.size(SKETCH_WIDTH)))
        self._selected.setSize(d.size(theme.BASE_POINT_SIZE + SELECTED_MARGIN))
        self._selected.setPen(pg.mkPen("#111111", width=d.size(SELECTED_WIDTH)))

    # ----- state --------------------------------------------------------------------------------
    @property
    def tool(self) -> Tool:
        return self._tool

    def set_tool(self, tool: Tool) -> None:
        if tool == self._tool:
            return
        self._finish_stroke()
        self._tool = tool
        if tool not in (Tool.SELECT, Tool.LASSO):
            self._set_selection(np.zeros(0, dtype=np.int64))
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

    @property
    def selection(self) -> np.ndarray:
        return self._selection

    def _set_selection(self, indices: np.ndarray) -> None:
        self._selection = np.asarray(indices, dtype=np.int64)
        self._selection_size = len(self._session.dataset)
        self._show_selection()
        self.selection_changed.emit(len(self._selection))

    def _show_selection(self) -> None:
        points = self._session.dataset.points
        self._selected.setData(pos=points[self._selection] if len(self._selection) else np.zeros((0, 2)))
        self._selected.setVisible(bool(len(self._selection)))  # (an empty item is still painted every frame)

    def _on_session_dataset_changed(self, dataset, _reset: bool) -> None:
        if self._stroke is not None and not self._editing:
            # The data changed under a gesture (undo, a class removed, a file opened): the gesture is over,
            # or a drag would go on moving points by indices that no longer mean them.
            self._finish_stroke()
        if self._current_class >= dataset.n_classes:
            self.set_current_class(dataset.n_classes - 1)
        if len(self._selection) and len(dataset) != self._selection_size:
            self._set_selection(np.zeros(0, dtype=np.int64))  # the indices no longer mean the same points
        else:
            self._show_selection()

    def clear(self) -> None:
        """Remove every point (one undoable step); a drag or stroke under way ends first."""
        self._finish_stroke()
        self._edit(clear_points(self._session.dataset), stroke=None)

    def fit_view(self) -> None:
        self._view.fit()

    def delete_selection(self) -> None:
        """Remove the selected points (one undoable step); a drag of them under way ends first."""
        if len(self._selection):
            self._finish_stroke()
            selection = self._selection
            self._set_selection(np.zeros(0, dtype=np.int64))
            self._edit(RemovePoints(selection, text="Delete selected points"), stroke=None)

    # ----- geometry -----------------------------------------------------------------------------
    def _plane_width(self) -> float:
        xmin, xmax, _, _ = self._session.dataset.bounds()
        return xmax - xmin

    def _plane_radius(self) -> float:
        return self.radius * self._plane_width()

    def _to_data(self, widget_pos) -> np.ndarray:
        scene_pos = self._view.mapToScene(widget_pos.toPoint())
        point = self._view.plot.getViewBox().mapSceneToView(scene_pos)
        return np.array([point.x(), point.y()])

    def _inside(self, point: np.ndarray) -> bool:
        xmin, xmax, ymin, ymax = self._session.dataset.bounds()
        return bool(xmin <= point[0] <= xmax and ymin <= point[1] <= ymax)

    def _clip(self, points: np.ndarray) -> np.ndarray:
        xmin, xmax, ymin, ymax = self._session.dataset.bounds()
        return np.clip(points, [xmin, ymin], [xmax, ymax])

    def _near_cursor(self, radius: float) -> np.ndarray:
        points = self._session.dataset.points
        if not len(points):
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(np.hypot(*(points - self._cursor).T) <= radius)

    def _update_outline(self) -> None:
        show = self._tool in _CIRCLE_TOOLS and self._cursor is not None and self._inside(self._cursor)
        if show:
            r = self._plane_radius()
            angle = np.linspace(0, 2 * np.pi, 64)
            self._outline.setData(self._cursor[0] + r * np.cos(angle), self._cursor[1] + r * np.sin(angle))
        self._outline.setVisible(show)

    def _update_sketch(self) -> None:
        self._sketch.setVisible(bool(self._path))  # (an empty item is still painted every frame)
        if not self._path:
            self._sketch.setData([], [])
            return
        path = np.array(self._path)
        if self._tool == Tool.SELECT:
            (x0, y0), (x1, y1) = path[0], path[-1]
            path = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]])
        elif self._tool == Tool.LASSO:
            path = np.vstack([path, path[:1]])
        self._sketch.setData(path[:, 0], path[:, 1])

    # ----- mouse --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Leave:
            self._cursor = None
            self._update_outline()
            return False
        if kind == QEvent.Type.MouseButtonDblClick and self._tool != Tool.LOOK:
            kind = QEvent.Type.MouseButtonPress  # for a drawing tool, the second click is just a click
        elif kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        self._cursor = self._to_data(event.position())
        self._update_outline()
        if self._tool == Tool.LOOK:
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            if self._inside(self._cursor):
                self._press()
            return True
        if kind == QEvent.Type.MouseMove and self._stroke is not None:
            self._move()
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self._release()
            return True
        return False

    def _press(self) -> None:
        self._stroke = next(self._strokes)
        tool = self._tool
        if tool in (Tool.SELECT, Tool.LASSO):
            grab = self._near_cursor(0.02 * self._plane_width())
            if len(self._selection) and np.isin(grab, self._selection).any():
                self._drag = (self._cursor.copy(), self._session.dataset.points[self._selection].copy())
            else:
                self._path = [self._cursor.copy()]
                self._update_sketch()
        elif tool == Tool.CURVE:
            self._path = [self._cursor.copy()]
            self._update_sketch()
        else:
            self._act()
            if tool in _REPEATING_TOOLS:
                self._repeat.start()

    def _move(self) -> None:
        if self._drag is not None:
            start, base = self._drag
            moved = self._clip(base + (self._cursor - start))
            self._edit(MovePoints(self._selection, moved, text="Move selected points"), self._stroke)
        elif self._tool in (Tool.SELECT, Tool.LASSO, Tool.CURVE):
            if self._tool == Tool.SELECT and len(self._path) > 1:
                self._path[-1] = self._clip(self._cursor)
            else:
                self._path.append(self._clip(self._cursor))
            self._update_sketch()
        elif self._tool != Tool.PUT:
            self._act()

    def _release(self) -> None:
        if self._stroke is None:
            return
        if self._drag is None and self._path:
            path = np.array(self._path)
            if self._tool == Tool.CURVE:
                self._draw_curve(path)
            elif self._tool == Tool.SELECT:
                (x0, y0), (x1, y1) = path[0], path[-1]
                points = self._session.dataset.points
                inside = (np.minimum(x0, x1) <= points[:, 0]) & (points[:, 0] <= np.maximum(x0, x1)) & \
                    (np.minimum(y0, y1) <= points[:, 1]) & (points[:, 1] <= np.maximum(y0, y1))
                self._set_selection(np.flatnonzero(inside))
            elif self._tool == Tool.LASSO:
                self._set_selection(np.flatnonzero(points_in_polygon(self._session.dataset.points, path)))
        self._finish_stroke()

    def _finish_stroke(self) -> None:
        self._repeat.stop()
        self._path = []
        self._drag = None
        self._update_sketch()
        if self._stroke is not None:
            self._stroke = None
            self._session.end_stroke()

    def _on_repeat_timeout(self) -> None:
        if self._stroke is not None and self._cursor is not None:
            self._act()

    # ----- what each tool does ------------------------------------------------------------------
    def _act(self) -> None:
        tool = self._tool
        if tool == Tool.PUT:
            self._add(self._cursor[None, :], "Put a point")
        elif tool == Tool.BRUSH:
            r = self._plane_radius() * np.sqrt(self._rng.uniform(0, 1, self.intensity))
            angle = self._rng.uniform(0, 2 * np.pi, self.intensity)
            self._add(self._clip(self._cursor + np.c_[r * np.cos(angle), r * np.sin(angle)]), "Brush stroke")
        elif tool == Tool.ERASER:
            near = self._near_cursor(self._plane_radius())
            if len(near):
                self._edit(RemovePoints(near, text="Erase points"), self._stroke)
        elif tool in (Tool.JITTER, Tool.MAGNET):
            near = self._near_cursor(self._plane_radius())
            if not len(near):
                return
            points = self._session.dataset.points[near].astype(np.float64)
            if tool == Tool.JITTER:
                moved = points + self._rng.normal(0.0, 0.12 * self._plane_radius(), size=points.shape)
                text = "Jitter points"
            else:
                moved = points + 0.15 * (self._cursor - points)
                text = "Pull points together"
            self._edit(MovePoints(near, self._clip(moved), text=text), self._stroke)

    def _draw_curve(self, path: np.ndarray) -> None:
        length = float(np.hypot(*np.diff(path, axis=0).T).sum()) if len(path) > 1 else 0.0
        count = max(1, round(3 * self.intensity * length / (0.1 * self._plane_width())))
        spread = 0.35 * self._plane_radius()
        self._add(self._clip(sample_along(path, count, spread, self._rng)), "Draw a curve")

    def _add(self, points: np.ndarray, text: str) -> None:
        n = len(points)
        is_test = self._rng.uniform(0, 1, n) < self._session.test_share
        self._edit(AddPoints(points, np.full(n, self._current_class), is_test, text=text), self._stroke)

    def _edit(self, edit, stroke: int | None) -> None:
        self._editing = True
        try:
            self._session.edit(edit, stroke)
        except DatasetError as error:
            self.error_occurred.emit(str(error))
        finally:
            self._editing = False


def _dashed(width: float):
    """The pen of the brush's outline and of a sketched curve, selection or lasso."""
    return pg.mkPen("#263238", width=width, style=Qt.PenStyle.DashLine)

"""The hidden space in 3D, drawn on a flat plot: an orthographic projection turned by azimuth and elevation.

`Orbit` holds the turn (dragging changes it; it never changes by itself), `project` maps 3D coordinates to
the plot, and `Scene3D` owns the plot items of the 3D picture: the carried grid (farther lines lighter, in
three depth bands), a light cube around the view, three axes with their titles, the decision plane (a
translucent polygon) and the data points, sorted by depth so nearer points are drawn on top, and split into
those behind the plane and those in front of it.

The plot's range is fitted to the sphere around the view's cube, which no turn changes: the picture never
"breathes" while it turns or while the network trains with fixed axes.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem

from . import theme
from .display import Display
from .scatter import SteadyScatter

DEFAULT_AZIMUTH = 35.0  # degrees around the vertical (third) axis
DEFAULT_ELEVATION = 25.0  # degrees above the floor
DEGREES_PER_PIXEL = 0.5
RANGE_PAD = 0.1  # room around the cube's sphere for the axis titles
GRID_RGB = (55, 71, 79)
GRID_ALPHAS = (35, 70, 120)  # far, middle, near
PLANE_FILL = (38, 50, 56, 34)
CUBE_PEN = (120, 144, 156, 90)
# Plot z-values: behind the plane, the plane, in front of it.
Z_GRID_BEHIND, Z_POINTS_BEHIND, Z_PLANE, Z_GRID_FRONT, Z_POINTS_FRONT = -5, 2, 3, 4, 10
GRID_WIDTH, CUBE_WIDTH, AXES_WIDTH, PLANE_WIDTH = 1.0, 1.0, 1.6, 1.8  # pixels at zoom 1
TITLE_POINTS = 12
POINT_SIZE = theme.BASE_POINT_SIZE - 1
CUBE_EDGES = [(i, i | (1 << axis)) for i in range(8) for axis in range(3) if not i & (1 << axis)]


class Orbit:
    """Azimuth and elevation of the view, in degrees."""

    def __init__(self) -> None:
        self.azimuth = DEFAULT_AZIMUTH
        self.elevation = DEFAULT_ELEVATION

    def reset(self) -> None:
        self.azimuth, self.elevation = DEFAULT_AZIMUTH, DEFAULT_ELEVATION

    @property
    def is_default(self) -> bool:
        return (self.azimuth, self.elevation) == (DEFAULT_AZIMUTH, DEFAULT_ELEVATION)

    def turn(self, dx: float, dy: float) -> None:
        """A drag by (dx, dy) pixels: across turns around the vertical axis, up and down tilts."""
        self.azimuth = (self.azimuth - dx * DEGREES_PER_PIXEL + 180.0) % 360.0 - 180.0
        self.elevation = float(np.clip(self.elevation + dy * DEGREES_PER_PIXEL, -90.0, 90.0))

    def rotation(self) -> np.ndarray:
        """(3, 3) rows: the screen's right, the screen's up, and toward the viewer (depth), in data axes."""
        a, e = np.radians(self.azimuth), np.radians(self.elevation)
        right = [np.cos(a), np.sin(a), 0.0]
        up = [-np.sin(a) * np.sin(e), np.cos(a) * np.sin(e), np.cos(e)]
        toward = [np.sin(a) * np.cos(e), -np.cos(a) * np.cos(e), np.sin(e)]
        return np.array([right, up, toward])


class OrbitDrag:
    """Turning a 3D picture by dragging it, for a view (mixed in before its QGraphicsView class) with `is_3d`,
    `orbit` (an Orbit) and `_draw()`; a double-click turns it back."""

    _drag_from = None  # where a drag turning the picture last was

    def mousePressEvent(self, event) -> None:
        if self.is_3d and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._drag_from is not None and self.is_3d:
            here = event.position()
            self.orbit.turn(here.x() - self._drag_from.x(), here.y() - self._drag_from.y())
            self._drag_from = here
            self._draw()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            if self.is_3d:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if self.is_3d:
            self.orbit.reset()
            self._draw()
        super().mouseDoubleClickEvent(event)


def _plane_pen(width: float, colour: str) -> QPen:
    """The decision plane's outline: the decision line's pen, its width in pixels whatever the plot's scale."""
    pen = QPen(theme.boundary_pen(width, colour))
    pen.setCosmetic(True)
    return pen


def cube_centre_and_radius(view) -> tuple[np.ndarray, float]:
    lo, hi = np.array(view[0::2], float), np.array(view[1::2], float)
    return (lo + hi) / 2, float(np.linalg.norm(hi - lo) / 2) or 1.0


def project(coords: np.ndarray, view, rotation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """3D coordinates (..., 3) -> (plot positions (..., 2), depth (...), larger nearer), about the cube's centre."""
    centre, _ = cube_centre_and_radius(view)
    turned = (np.asarray(coords, np.float64) - centre) @ rotation.T
    return turned[..., :2], turned[..., 2]


def plot_range(view) -> float:
    """Half the side of the square the plot shows: the cube's sphere, with room for the titles."""
    return cube_centre_and_radius(view)[1] * (1 + RANGE_PAD)


def cube_corners(view) -> np.ndarray:
    lo, hi = np.array(view[0::2], float), np.array(view[1::2], float)
    return np.array([[(hi if (i >> axis) & 1 else lo)[axis] for axis in range(3)] for i in range(8)])


def plane_side(coords: np.ndarray, plane: np.ndarray | None, toward: np.ndarray) -> np.ndarray:
    """For each 3D point, True where it lies behind the plane (as seen from the viewer, along `toward`)."""
    if plane is None or len(plane) < 3:
        return np.zeros(len(coords), bool)
    p = plane.astype(np.float64)
    normal = np.cross(p[1] - p[0], p[2] - p[0])
    facing = normal @ toward
    if abs(facing) < 1e-12:
        return np.zeros(len(coords), bool)
    # The plane lies toward the viewer from a point when the point's side differs from the viewer's side.
    return ((coords - p[0]) @ normal) * facing < 0


class Scene3D:
    """The 3D picture's plot items, created once; `draw` updates their data."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        self._grid: dict[tuple[bool, int], pg.PlotCurveItem] = {}
        for behind in (True, False):
            for band, alpha in enumerate(GRID_ALPHAS):
                item = pg.PlotCurveItem(pen=pg.mkPen((*GRID_RGB, alpha), width=GRID_WIDTH), connect="pairs")
                item.setZValue(Z_GRID_BEHIND if behind else Z_GRID_FRONT)
                self._grid[behind, band] = item
        self._cube = pg.PlotCurveItem(pen=pg.mkPen(CUBE_PEN, width=CUBE_WIDTH), connect="pairs")
        self._cube.setZValue(Z_GRID_BEHIND - 1)
        self._axes = pg.PlotCurveItem(pen=pg.mkPen(theme.MUTED, width=AXES_WIDTH), connect="pairs")
        self._axes.setZValue(Z_GRID_BEHIND - 1)
        self._titles = [pg.TextItem(color=theme.TEXT, anchor=(0.5, 0.5)) for _ in range(3)]
        font = self._titles[0].textItem.font()
        font.setPointSize(TITLE_POINTS)
        self._title_font = QFont(font)
        for title in self._titles:
            title.setFont(font)
            title.setZValue(Z_POINTS_FRONT + 5)
        self._plane = QGraphicsPolygonItem()
        self._plane.setBrush(QBrush(QColor(*PLANE_FILL)))
        self._plane.setPen(_plane_pen(PLANE_WIDTH, theme.BOUNDARY))
        self._plane.setZValue(Z_PLANE)
        self.points_behind = SteadyScatter(size=POINT_SIZE, pxMode=True)
        self.points_behind.setZValue(Z_POINTS_BEHIND)
        self.points_front = SteadyScatter(size=POINT_SIZE, pxMode=True)
        self.points_front.setZValue(Z_POINTS_FRONT)
        self._items = [*self._grid.values(), self._cube, self._axes, *self._titles, self._plane,
                       self.points_behind, self.points_front]
        for item in self._items:
            plot.addItem(item, ignoreBounds=True)
        self._styles: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.set_visible(False)

    def set_display(self, display: Display) -> None:
        """Lines, titles and points at the display's zoom, in its palette (the view passes it on)."""
        size = display.size
        for (_behind, band), item in self._grid.items():
            item.setPen(pg.mkPen((*GRID_RGB, GRID_ALPHAS[band]), width=size(GRID_WIDTH)))
        self._cube.setPen(pg.mkPen(CUBE_PEN, width=size(CUBE_WIDTH)))
        self._axes.setPen(pg.mkPen(display.muted_colour, width=size(AXES_WIDTH)))
        font = display.font(self._title_font, TITLE_POINTS)
        for title in self._titles:
            title.setFont(font)
            title.setColor(display.text_colour)
        self._plane.setPen(_plane_pen(size(PLANE_WIDTH), display.outline_colour))
        for item in (self.points_behind, self.points_front):
            item.setSize(size(POINT_SIZE))

    def set_visible(self, visible: bool) -> None:
        for item in self._items:
            item.setVisible(visible)

    def set_styles(self, brushes: list, symbols: list, pens: list) -> None:
        """Each data point's brush, symbol and pen, in the data set's order."""
        self._styles = (np.array(brushes, dtype=object), np.array(symbols, dtype=object),
                        np.array(pens, dtype=object))

    def clear(self) -> None:
        for item in (*self._grid.values(), self._cube, self._axes):
            item.setData([], [])
        for item in (self.points_behind, self.points_front):
            item.setData([])
        self._plane.setPolygon(QPolygonF())
        for title in self._titles:
            title.setText("")

    def draw(self, vertices: np.ndarray, points: np.ndarray, view, titles, plane: np.ndarray | None,
             orbit: Orbit) -> np.ndarray:
        """Draw one frame: `vertices` (S, S, 3), `points` (N, 3), `view` the cube; returns the points' plot
        positions (N, 2), in the data set's order (for the rings and hovering)."""
        rotation = orbit.rotation()
        toward = rotation[2]
        _, radius = cube_centre_and_radius(view)
        self._draw_grid(vertices, view, rotation, plane, radius)
        self._draw_frame(view, rotation, titles)
        flat, depth = project(points, view, rotation)
        behind = plane_side(points.astype(np.float64), plane, toward)
        if self._styles is not None and len(self._styles[0]) == len(points):
            brushes, symbols, pens = self._styles
            for item, chosen in ((self.points_behind, behind), (self.points_front, ~behind)):
                index = np.flatnonzero(chosen)
                index = index[np.argsort(depth[index], kind="stable")]  # far first: nearer points on top
                item.setData(pos=flat[index], brush=list(brushes[index]), symbol=list(symbols[index]),
                             pen=list(pens[index]))
        if plane is not None and len(plane) >= 3:
            corners, _ = project(plane, view, rotation)
            self._plane.setPolygon(QPolygonF([QPointF(float(x), float(y)) for x, y in corners]))
            self._plane.setVisible(True)
        else:
            self._plane.setVisible(False)
        side = plot_range(view)
        self._plot.setRange(xRange=(-side, side), yRange=(-side, side), padding=0)
        self._plot.getViewBox().updateMatrix()  # placed now, not while painting (which paints it twice)
        return flat.astype(np.float32)

    def _draw_grid(self, vertices, view, rotation, plane, radius) -> None:
        lines = np.concatenate([vertices, vertices.transpose(1, 0, 2)])  # (2S, S, 3): rows, then columns
        starts, ends = lines[:, :-1].reshape(-1, 3), lines[:, 1:].reshape(-1, 3)
        middles = (starts.astype(np.float64) + ends) / 2
        a, _ = project(starts, view, rotation)
        b, _ = project(ends, view, rotation)
        _, middle_depth = project(middles, view, rotation)
        band = np.digitize(middle_depth, [-radius / 3, radius / 3])  # 0 far, 1 middle, 2 near
        behind = plane_side(middles, plane, rotation[2])
        pairs = np.stack([a, b], axis=1)  # (M, 2, 2)
        for (is_behind, k), item in self._grid.items():
            chosen = pairs[(band == k) & (behind == is_behind)].reshape(-1, 2)
            item.setData(chosen[:, 0], chosen[:, 1], connect="pairs")

    def _draw_frame(self, view, rotation, titles) -> None:
        corners = cube_corners(view)
        flat, _ = project(corners, view, rotation)
        edges = flat[np.array(CUBE_EDGES).ravel()]
        self._cube.setData(edges[:, 0], edges[:, 1], connect="pairs")
        # Each axis runs along one of the cube's 4 edges parallel to it, on the picture's outline, as a printed
        # 3D plot draws them: the two floor axes along the lowest edges, the vertical one along the leftmost;
        # each title sits just past its axis' far end.
        lo, hi = np.array(view[0::2], float), np.array(view[1::2], float)
        segments, beyond = [], []
        for axis in range(3):
            others = [k for k in range(3) if k != axis]
            candidates = []
            for i in range(4):
                start = lo.copy()
                for bit, k in enumerate(others):
                    start[k] = hi[k] if (i >> bit) & 1 else lo[k]
                end = start.copy()
                end[axis] = hi[axis]
                candidates.append((start, end))
            middles, _ = project(np.array([(a + b) / 2 for a, b in candidates]), view, rotation)
            score = middles[:, 0] if axis == 2 else middles[:, 1]  # leftmost, or lowest
            start, end = candidates[int(np.argmin(score))]
            past = end.copy()
            past[axis] += 0.04 * (hi[axis] - lo[axis])
            segments.extend([start, end])
            beyond.append((start, past))
        axis_points, _ = project(np.array(segments), view, rotation)
        self._axes.setData(axis_points[:, 0], axis_points[:, 1], connect="pairs")
        for title, text, (start, past) in zip(self._titles, titles, beyond, strict=True):
            (origin, where), _ = project(np.array([start, past]), view, rotation)
            direction = where - origin
            length = np.hypot(*direction)
            dx, dy = (direction / length) if length > 1e-9 else (0.0, 0.0)
            anchor = np.array([0.5 - 0.5 * dx, 0.5 + 0.5 * dy])  # the text lies beyond the axis' end
            title.setText(text)
            title.setAnchor(tuple(self._inside(title, where, anchor, plot_range(view))))
            title.setPos(float(where[0]), float(where[1]))

    def _inside(self, title: pg.TextItem, where: np.ndarray, anchor: np.ndarray, side: float) -> np.ndarray:
        """The title's anchor moved, where needed, so that the whole text stays inside the plot."""
        pixel = self._plot.getViewBox().viewPixelSize()
        box = title.textItem.boundingRect()
        size = np.array([box.width() * pixel[0], box.height() * pixel[1]])
        if not np.all(np.isfinite(size)) or np.any(size <= 0):
            return anchor
        room_left, room_right = (where + side) / size, (side - where) / size  # in text sizes, per axis
        # x: the text's left edge where[0] - ax·w must stay >= -side and its right edge <= side; y (the anchor
        # counts down from the text's top): the top where[1] + ay·h <= side and the bottom >= -side.
        x = np.clip(anchor[0], 1 - room_right[0], room_left[0])
        y = np.clip(anchor[1], 1 - room_left[1], room_right[1])
        return np.array([x, y])

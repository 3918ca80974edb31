"""Rings over the data points of a plot, shared by the boundary view and the hidden-space view: red around the
points the network gets wrong, black around the point under the mouse (or hovered in the other view)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Signal

from . import theme
from .display import Display
from .scatter import DENSE_POINTS, DenseCloud, SteadyScatter, move_spots

HOVER_PIXELS = 9
WRONG_SIZE, WRONG_WIDTH = theme.BASE_POINT_SIZE + 9, 2.0  # the red ring (pixels at zoom 1)
HOVER_SIZE, HOVER_WIDTH = theme.BASE_POINT_SIZE + 16, 3.0  # the black ring


class PointMarks(QObject):
    hovered = Signal(int)  # the data point under the mouse (its index), or -1

    def __init__(self, plot: pg.PlotItem, widget: pg.GraphicsView) -> None:
        super().__init__(widget)
        self._view_box = plot.getViewBox()
        self.wrong_item = SteadyScatter(symbol="o", size=WRONG_SIZE, brush=None,
                                             pen=pg.mkPen(theme.ERROR, width=WRONG_WIDTH))
        self.wrong_item.setZValue(11)
        self.highlight_item = SteadyScatter(symbol="o", size=HOVER_SIZE, brush=None,
                                                 pen=pg.mkPen("#111111", width=HOVER_WIDTH))
        self.highlight_item.setZValue(12)
        self.highlight_item.hide()  # shown on a point (an empty item is still painted every frame)
        # In a cloud of more than DENSE_POINTS points, the mistakes as one image: a red square behind each (under
        # the cloud's own image, so it shows as a rim around the points drawn over it).
        self.wrong_cloud = DenseCloud()
        self.wrong_cloud.setZValue(9)
        self._mistake_colour = theme.ERROR
        self._wrong: np.ndarray | None = None  # the mistakes drawn in wrong_cloud, and the positions they were of
        self._wrong_of: np.ndarray | None = None
        # The mistakes ringed by wrong_item, and the positions they were of: a frame with the same mistakes over
        # the same points (the plane's points stay put while training) leaves the rings as they are.
        self._ringed: tuple[np.ndarray, np.ndarray] | None = None
        plot.addItem(self.wrong_item)
        plot.addItem(self.highlight_item)
        plot.addItem(self.wrong_cloud)
        self._positions = np.zeros((0, 2), np.float32)
        self._hoverable: np.ndarray | None = None  # which points can be hovered (None: all)
        self._index = -1
        self._zoom = 1.0
        widget.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)

    def set_display(self, display: Display) -> None:
        """The rings at the display's zoom and in its palette (their views pass it on when it changes)."""
        self._zoom = display.zoom
        self._mistake_colour = display.mistake_colour
        self._wrong = None  # drawn again in the new size and colour
        self.wrong_item.setSize(display.size(WRONG_SIZE))
        self.wrong_item.setPen(pg.mkPen(display.mistake_colour, width=display.size(WRONG_WIDTH)))
        self.highlight_item.setSize(display.size(HOVER_SIZE))
        self.highlight_item.setPen(pg.mkPen("#111111", width=display.size(HOVER_WIDTH)))

    def set_positions(self, positions: np.ndarray, hoverable: np.ndarray | None = None) -> None:
        """Where the data points are drawn now, in the data set's order."""
        self._positions = positions
        self._hoverable = hoverable
        self.highlight(self._index)

    def show_wrong(self, wrong: np.ndarray | None) -> None:
        """Ring the points marked True (None: none)."""
        if wrong is None or len(wrong) != len(self._positions) or len(wrong) > DENSE_POINTS:
            self._ringed = None
            if len(self.wrong_item.data):
                self.wrong_item.setData([])
            self._show_wrong_cloud(wrong if wrong is not None and len(wrong) == len(self._positions) else None)
            return
        self._show_wrong_cloud(None)
        ringed = self._ringed
        if ringed is not None and ringed[0] is self._positions and np.array_equal(ringed[1], wrong):
            return  # the same rings
        self._ringed = (self._positions, wrong.copy())
        # A ring on every point, styled once, the wrong ones shown: which points are wrong changes nearly every
        # frame while training, and styling a new set of rings (setData) was most of the cost of a frame's data.
        # Over the same points (the plane's, while training) only which rings show changes: nothing is moved.
        item = self.wrong_item
        if ringed is not None and ringed[0] is self._positions and len(item.data) == len(wrong):
            item.data["visible"] = wrong
            item.update()
            return
        if not move_spots(item, self._positions):
            item.setData(pos=self._positions)
        item.data["visible"] = wrong

    def rings(self) -> np.ndarray:
        """(K, 2): where the red rings are shown now (a big cloud's mistakes, drawn as one image, not included)."""
        data = self.wrong_item.data
        shown = data["visible"]
        return np.column_stack([data["x"][shown], data["y"][shown]])

    def _show_wrong_cloud(self, wrong: np.ndarray | None) -> None:
        """The mistakes of a big cloud (None: none), drawn again only when they (or the points) changed."""
        if wrong is None:
            self._wrong = None
            self.wrong_cloud.clear()
            return
        if self._wrong is not None and self._wrong_of is self._positions and np.array_equal(self._wrong, wrong):
            return
        self._wrong, self._wrong_of = wrong.copy(), self._positions
        colour = np.array([pg.mkColor(self._mistake_colour).getRgb()], np.uint8)
        self.wrong_cloud.set_points(self._positions[wrong], np.zeros(int(wrong.sum()), np.intp), colour,
                                    self.wrong_item.opts["size"])

    def highlight(self, index: int) -> None:
        """Ring one data point (-1: none), e.g. the one hovered in the other view."""
        self._index = index
        shown = 0 <= index < len(self._positions)
        if shown:
            ring = self._positions[index:index + 1]
            if not move_spots(self.highlight_item, ring):
                self.highlight_item.setData(pos=ring)
        elif len(self.highlight_item.data):
            self.highlight_item.setData([])
        self.highlight_item.setVisible(shown)  # (an empty item is still painted every frame)

    def leave(self) -> None:
        """The mouse left the plot: nothing is hovered any more."""
        if self._index != -1:
            self.highlight(-1)
            self.hovered.emit(-1)

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        index = nearest_point(self._view_box, self._positions, scene_pos, HOVER_PIXELS * self._zoom)
        if index >= 0 and self._hoverable is not None and not self._hoverable[index]:
            index = -1
        if index != self._index:
            self.highlight(index)
            self.hovered.emit(index)


def nearest_point(view_box: pg.ViewBox, points: np.ndarray, scene_pos: QPointF, reach: float = HOVER_PIXELS) -> int:
    """The index of the point within `reach` pixels of the mouse, or -1."""
    if not len(points) or not view_box.sceneBoundingRect().contains(scene_pos):
        return -1
    here = view_box.mapSceneToView(scene_pos)
    pixel = view_box.viewPixelSize()
    dx = (points[:, 0] - here.x()) / pixel[0]
    dy = (points[:, 1] - here.y()) / pixel[1]
    distance = dx * dx + dy * dy
    index = int(np.argmin(distance))
    return index if distance[index] <= reach ** 2 else -1

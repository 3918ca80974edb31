"""The loss landscape view: the loss of a one-neuron network over two of its parameters as a heat map (darker is
lower, on a log scale) with contour lines, the optimiser's path, the current point, the lowest point (a line fit's
least squares) and an arrow pointing downhill from the current point. A click sets the two parameters there.

Items are created once; a frame updates their data (the heat map and contours only when the surface changed).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont

from ..core.landscape_frames import LandscapeFrame
from . import theme
from .display import Display
from .plot_axes import style_axes
from .quick_image import QuickImage
from .race_chart import RACE_COLOURS, race_colour
from .scatter import SteadyScatter

TICK_POINTS, CAPTION_POINTS = 10, 9
PATH_COLOUR, CURRENT_COLOUR, ARROW_COLOUR = "#ffffff", "#ff7043", "#ff7043"
CONTOUR_PEN = (255, 255, 255, 95)
ARROW_STEPS = 20  # the arrow is this many plain gradient steps long at the learning rate set ...
ARROW_SHARES = (0.07, 0.3)  # ... but never shorter or longer than these shares of the view's size
TIP = ("The loss for every pair of values of these two parameters, on the training points (darker is lower; the "
       "thin lines join equal losses).\nWhite line: where the optimiser has taken them, step by step. Orange dot: "
       "where they are now. Orange arrow: downhill, the way a plain gradient step goes from here, drawn as long as "
       f"{ARROW_STEPS} such steps at this learning rate (longer where the slope is steeper). The + marks the lowest "
       "loss.\nClick anywhere to set the parameters there and let "
       "gradient descent start from that point.")
SLICE_TIP = ("A slice of the loss landscape: the loss for the weights along two fixed directions through the "
             "weights the slice was taken at (darker is lower). The network has far more weights than two, so this is "
             "not the whole landscape: a valley here need not be one of the network's, and the path drawn is the "
             "shadow of the real path on the slice.\nWhite line: the path's shadow. Orange dot: the weights now. "
             "Orange arrow: downhill, as the slope falls on the slice.")
RACE_TIP = ("Each optimizer's path from the same start (the ring), on the same batches, in the colours of the chart "
            "below. In a long, narrow valley plain gradient descent (SGD) creeps along the gentle floor; momentum "
            "builds up speed along it; RMSprop and Adam scale each weight's step by how steep its slope has been.")
OFF_SLICE = 0.5  # beyond this distance (in lengths of the slice's first direction) the caption says so


def _loss_text(value: float) -> str:
    """A loss in plain decimals (no powers of ten for a learner)."""
    if not math.isfinite(value):
        return "too large to show"
    return f"{value:.4f}" if value >= 1e-4 else "below 0.0001"


class LossLandscapeView(pg.GraphicsLayoutWidget):
    point_chosen = Signal(float, float)  # the user clicked this point (the two parameters' values)

    def __init__(self, parent=None) -> None:
        theme.configure_pyqtgraph()
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("loss_landscape_view")
        self.setMinimumSize(300, 300)
        self.setToolTip(TIP)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._display = Display(self)
        self.plot = plot = self.ci.addPlot(row=0, col=0, enableMenu=False)  # (no context menus built)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(False, False)  # a click chooses a point; the range follows the landscape
        style_axes(plot, self.font().family(), TICK_POINTS)
        self.image = QuickImage(axisOrder="row-major")
        self.image.setLookupTable(pg.colormap.get("viridis").getLookupTable(nPts=256))
        self.image.setZValue(-20)
        self.contours = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(CONTOUR_PEN, width=1))
        self.contours.setZValue(-10)
        self.path = pg.PlotDataItem(pen=pg.mkPen(PATH_COLOUR, width=2), shadowPen=pg.mkPen((0, 0, 0, 110), width=4),
                                    symbol="o", symbolSize=4, symbolBrush=PATH_COLOUR, symbolPen=None)
        self.path.setZValue(5)
        self.minimum = SteadyScatter(symbol="+", size=16, brush=pg.mkBrush("w"), pen=pg.mkPen("k", width=1))
        self.minimum.setZValue(6)
        self.arrow_line = pg.PlotCurveItem(pen=pg.mkPen(ARROW_COLOUR, width=3))
        self.arrow_line.setZValue(7)
        self.arrow_head = pg.ArrowItem(angle=0, headLen=14, tipAngle=35, tailLen=0, brush=ARROW_COLOUR,
                                       pen=pg.mkPen(ARROW_COLOUR))
        self.arrow_head.setZValue(8)
        self.arrow_head.setVisible(False)  # until there is a frame with a slope
        self.current = SteadyScatter(size=13, brush=pg.mkBrush(CURRENT_COLOUR), pen=pg.mkPen("w", width=2))
        self.current.setZValue(9)
        self.race_start = SteadyScatter(size=15, brush=pg.mkBrush(255, 255, 255), pen=pg.mkPen("k", width=2))
        self.race_start.setZValue(9)
        for item in (self.image, self.contours, self.path, self.minimum, self.arrow_line, self.arrow_head,
                     self.current, self.race_start):
            plot.addItem(item)
        self.race_paths: dict[str, pg.PlotDataItem] = {}  # an optimiser's path, while optimisers are compared
        self._caption = pg.TextItem(color=theme.TEXT, fill=pg.mkBrush(255, 255, 255, 225), anchor=(0, 0))
        self._caption.setParentItem(plot.getViewBox())
        self._caption.setPos(6, 6)
        self._caption.setZValue(30)
        self._note = pg.TextItem(color=theme.MUTED, anchor=(0.5, 0.5))
        self._note.setParentItem(plot.getViewBox())
        self._note.setZValue(30)
        self._text_font = QFont(self._caption.textItem.font())
        plot.getViewBox().sigResized.connect(self._on_resized)
        self._frame: LandscapeFrame | None = None
        self._surface_id: int | None = None
        self._hover: tuple[float, float] | None = None

    # ----- zoom and palette ---------------------------------------------------------------------
    def set_display(self, display: Display) -> None:
        self._display = display
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()

    def _on_display_changed(self) -> None:
        d = self._display
        style_axes(self.plot, self.font().family(), TICK_POINTS, d)
        for item, colour, points in ((self._caption, d.text_colour, CAPTION_POINTS),
                                     (self._note, d.muted_colour, None)):
            item.setColor(colour)
            item.setFont(d.font(self._text_font, points))
        self.path.setPen(pg.mkPen(PATH_COLOUR, width=d.size(2)))
        self.current.setSize(d.size(13))
        self.race_start.setSize(d.size(15))
        self.arrow_line.setPen(pg.mkPen(ARROW_COLOUR, width=d.size(3)))
        for name, item in self.race_paths.items():
            item.setPen(pg.mkPen(race_colour(name), width=d.size(2.5)))
        self._titles = None
        if self._frame is not None:
            self._draw()

    # ----- frames -------------------------------------------------------------------------------
    @property
    def frame(self) -> LandscapeFrame | None:
        return self._frame

    def show_note(self, text: str) -> None:
        """Instead of a landscape: why there is none."""
        self._frame, self._surface_id = None, None
        self.image.clear()
        for item in (self.contours, self.path, self.arrow_line):
            item.setData([], [])
        self.minimum.setData([])
        self.current.setData([])
        self._draw_race(())
        self.arrow_head.setVisible(False)
        self._caption.setVisible(False)
        self._note.setText(text)
        self._note.setVisible(bool(text))
        self._place_note()

    def show_frame(self, frame: LandscapeFrame) -> None:
        self._frame = frame
        self._note.setVisible(False)
        self._draw()

    def _draw(self) -> None:
        frame = self._frame
        xmin, xmax, ymin, ymax = frame.bounds
        if frame.surface_id != self._surface_id or getattr(self, "_titles", None) != frame.titles:
            self._surface_id = frame.surface_id
            self.image.setImage(frame.shade, levels=(0.0, 1.0), autoLevels=False)
            self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
            segments = frame.contours.reshape(-1, 2)
            self.contours.setData(segments[:, 0], segments[:, 1])
            self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
            labels = {"font-size": f"{self._display.points(11):.0f}pt", "color": self._display.text_colour}
            self.plot.setLabel("bottom", frame.titles[0], **labels)
            self.plot.setLabel("left", frame.titles[1], **labels)
            self._titles = frame.titles
        if frame.minimum is not None:
            self.minimum.setData([frame.minimum[0]], [frame.minimum[1]])
        else:
            self.minimum.setData([])
        racing = bool(frame.race)  # then the optimisers' paths stand in for the training's own
        path = frame.path if not racing else np.zeros((0, 2))
        self.path.setData(path[:, 0], path[:, 1])
        self.path.setSymbol("o" if len(path) <= 400 else None)  # the steps' dots, while they stand apart
        self.current.setData([] if racing else [frame.current[0]], [] if racing else [frame.current[1]])
        self._draw_race(frame.race)
        self._draw_arrow()
        self.setToolTip(RACE_TIP if racing else SLICE_TIP if frame.is_slice else TIP)
        self.setCursor(Qt.CursorShape.ArrowCursor if frame.is_slice else Qt.CursorShape.CrossCursor)
        self._caption.setText(self._caption_text())
        self._place_caption()
        self._caption.setVisible(True)

    def _draw_race(self, race) -> None:
        """Each compared optimiser's path in its colour, and the ring where they all started."""
        names = {run.optimizer for run in race}
        for name in list(self.race_paths):
            if name not in names:
                self.plot.removeItem(self.race_paths.pop(name))
        for run in race:
            item = self.race_paths.get(run.optimizer)
            if item is None:
                item = self.race_paths[run.optimizer] = pg.PlotDataItem(
                    pen=pg.mkPen(race_colour(run.optimizer), width=self._display.size(2.5)),
                    shadowPen=pg.mkPen((0, 0, 0, 130), width=self._display.size(5)))
                # SGD's, the shortest, on top; then momentum, RMSprop, Adam.
                order = list(RACE_COLOURS)
                item.setZValue(6.5 - 0.1 * (order.index(run.optimizer) if run.optimizer in order else len(order)))
                self.plot.addItem(item)
            item.setData(run.path[:, 0], run.path[:, 1])
        if race:
            start = race[0].path[0]
            self.race_start.setData([start[0]], [start[1]])
        else:
            self.race_start.setData([])

    def _place_caption(self) -> None:
        """In the corner across from the current point, so that it never hides it."""
        frame = self._frame
        xmin, xmax, ymin, ymax = frame.bounds
        right = (frame.current[0] - xmin) / (xmax - xmin) < 0.5
        bottom = (frame.current[1] - ymin) / (ymax - ymin) > 0.5
        box = self.plot.getViewBox().boundingRect()
        self._caption.setAnchor((1 if right else 0, 1 if bottom else 0))
        self._caption.setPos(box.width() - 6 if right else 6, box.height() - 6 if bottom else 6)

    def _caption_text(self) -> str:
        frame = self._frame
        (a, b), steps = frame.names, frame.path_steps
        if frame.race:
            run = max(len(r.path) for r in frame.race) - 1
            text = f"{run:,} steps each, rate {frame.learning_rate:g}"
            return text + (f"\n{frame.race_note}" if frame.race_note else "")
        text = f"loss {_loss_text(frame.current_loss)}"
        if frame.regularised:
            text += " (with the penalty)"
        if len(steps) > 1:
            text += f", path from step {steps[0]:,}"
        if frame.held is not None:
            text += f"\n{frame.held[0]} held at {frame.held[1]:.3g}"
        if frame.is_slice and frame.off_slice > OFF_SLICE:
            text += "\nfar off the slice now"
        if frame.race_note:
            text += f"\n{frame.race_note}"
        if frame.is_slice:
            return text
        if self._hover is not None:
            text += f"\nclick: {a} = {self._hover[0]:.3g}, {b} = {self._hover[1]:.3g}"
        return text

    def _draw_arrow(self) -> None:
        """Minus the gradient from the current point: its direction as it is, ARROW_STEPS plain gradient steps long
        (within ARROW_SHARES of the view, so that it can always be seen and never runs far off)."""
        frame = self._frame
        xmin, xmax, ymin, ymax = frame.bounds
        dx, dy = frame.descent
        size = math.hypot(dx / (xmax - xmin), dy / (ymax - ymin))  # in view sizes, per unit of learning rate
        if frame.race or not math.isfinite(size) or size <= 1e-9:  # (compared paths: the ring is their start)
            self.arrow_line.setData([], [])
            self.arrow_head.setVisible(False)
            return
        length = min(max(size * ARROW_STEPS * frame.learning_rate, ARROW_SHARES[0]), ARROW_SHARES[1])
        scale = length / size
        x0, y0 = frame.current
        x1, y1 = x0 + dx * scale, y0 + dy * scale
        self.arrow_line.setData([x0, x1], [y0, y1])
        box = self.plot.getViewBox()
        start, end = box.mapViewToScene(QPointF(x0, y0)), box.mapViewToScene(QPointF(x1, y1))
        sx, sy = end.x() - start.x(), end.y() - start.y()
        if math.hypot(sx, sy) < 1:
            self.arrow_line.setData([], [])
            self.arrow_head.setVisible(False)
            return
        self.arrow_head.setStyle(angle=math.degrees(math.atan2(-sy, -sx)))
        self.arrow_head.setPos(x1, y1)
        self.arrow_head.setVisible(True)

    # ----- the mouse ----------------------------------------------------------------------------
    def _view_point(self, event) -> tuple[float, float] | None:
        """The parameters' values under the mouse, when it is over the landscape."""
        if self._frame is None:
            return None
        box = self.plot.getViewBox()
        scene = self.mapToScene(event.position().toPoint())
        if not box.sceneBoundingRect().contains(scene):
            return None
        point = box.mapSceneToView(scene)
        xmin, xmax, ymin, ymax = self._frame.bounds
        if not (xmin <= point.x() <= xmax and ymin <= point.y() <= ymax):
            return None
        return point.x(), point.y()

    def mousePressEvent(self, event) -> None:
        clickable = self._frame is not None and not self._frame.is_slice  # a slice's point is no weights to type
        point = self._view_point(event) if clickable and event.button() == Qt.MouseButton.LeftButton else None
        if point is None:
            super().mousePressEvent(event)
            return
        event.accept()
        self.point_chosen.emit(*point)

    def mouseMoveEvent(self, event) -> None:
        self._hover = self._view_point(event)
        if self._frame is not None:
            self._caption.setText(self._caption_text())
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        self._hover = None
        if self._frame is not None:
            self._caption.setText(self._caption_text())
        super().leaveEvent(event)

    # ----- layout -------------------------------------------------------------------------------
    def _place_note(self, *_args) -> None:
        box = self.plot.getViewBox().boundingRect()
        self._note.setTextWidth(max(100.0, box.width() * 0.85))  # a long note wraps inside the view
        self._note.setPos(box.center())

    def _on_resized(self, *_args) -> None:
        self._place_note()
        if self._frame is not None:
            self._draw_arrow()  # its head's angle is on the screen
            self._place_caption()

    def decorations(self) -> QSize:
        plane = self.plot.getViewBox().size()
        if plane.width() <= 1 or plane.height() <= 1:
            return QSize(60, 60)
        return QSize(round(self.width() - plane.width()), round(self.height() - plane.height()))

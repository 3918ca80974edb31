"""The hidden-space view: the input plane as one hidden layer sees it. A grid drawn over the input plane,
carried through the network and drawn warped; the data points carried along; the background coloured by the
network's prediction; and, where the layer feeds the output, the output's decision line straight in this
space. A morph position between 0 and the last stage shows the plane on its way there, stage by stage.

A 3D frame is drawn by `projection_3d.Scene3D` instead, turned by dragging with the mouse (a double-click
turns it back); the turn is kept from frame to frame.

Items are created once; each frame only updates their data.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF

from ..core.dataset import Dataset
from ..core.hidden_frames import HiddenFrame
from . import marker_paths, theme
from .display import Display
from .grid_lines import GridLines
from .pixel_lines import PixelSegments
from .plot_axes import style_axes
from .point_marks import PointMarks
from .projection_3d import Orbit, OrbitDrag, Scene3D
from .push_arrows_item import PushArrowsItem
from .quick_axis import QuickAxis
from .quick_image import QuickImage
from .scatter import DENSE_POINTS, DenseCloud, SteadyScatter, class_palette, move_spots

GRID_PEN = (55, 71, 79, 110)
# Sizes at zoom 1: fonts in points, the rest in pixels.
TICK_POINTS, TITLE_POINTS = 10, 12
GRID_WIDTH, DECISION_WIDTH, TRAIN_OUTLINE, TEST_OUTLINE = 1.0, 2.6, 1.0, 1.5
POINT_SIZE = theme.BASE_POINT_SIZE - 1
# The left axis keeps room for labels this wide (pyqtgraph's labels: "-0.025" for a cloud of hundredths, "-1e+04"
# for a huge one), whatever the range: a cloud growing from hundredths to units while a network learns otherwise
# changed its labels' width from frame to frame, and the square picture jumped in size with them.
WIDEST_TICK = "-0.000"
TURN_TIP = "Drag to turn; double-click to return to the first view"


class HiddenSpaceView(OrbitDrag, pg.GraphicsLayoutWidget):
    point_hovered = Signal(int)  # the data point under the mouse (its index), or -1

    def __init__(self, parent=None) -> None:
        theme.configure_pyqtgraph()
        super().__init__(parent)
        self.setBackground("w")
        self.setObjectName("hidden_space_view")
        self.setMinimumSize(300, 300)
        self._display = Display(self)  # the window's, once it gives it (set_display)
        # (no context menus built; axes that work out their ticks quickly: the range may change every frame)
        axes = {side: QuickAxis(side) for side in ("left", "bottom")}
        self.plot = plot = self.ci.addPlot(row=0, col=0, enableMenu=False, axisItems=axes)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(False, False)  # the view follows the network, never the mouse
        plot.getViewBox().setAspectLocked(True)
        style_axes(plot, self.font().family(), TICK_POINTS)
        self._keep_tick_room()
        for side in ("top", "right"):  # never shown, yet each range change relaid their labels out (pyqtgraph)
            plot.getAxis(side).unlinkFromView()
        self._regions = QuickImage(axisOrder="row-major")
        self._regions.setZValue(-20)
        self._mesh = pg.PColorMeshItem(enableAutoLevels=False, levels=(0.0, 1.0))
        self._mesh.setZValue(-15)
        self._grid = GridLines(pg.mkPen(GRID_PEN, width=GRID_WIDTH))
        self._grid.setZValue(-5)
        self._decision = PixelSegments(theme.boundary_pen(DECISION_WIDTH))
        self._decision.setZValue(5)
        self._points = SteadyScatter(size=POINT_SIZE, pxMode=True)
        self._points.setZValue(10)
        self.cloud = DenseCloud()  # more than DENSE_POINTS points: drawn as one image, in place of self._points
        self.cloud.setZValue(10)
        for item in (self._regions, self._mesh, self._grid, self._decision, self._points, self.cloud):
            plot.addItem(item)
        self.marks = PointMarks(plot, self)  # red rings on mistakes, a black one on the hovered point
        self.arrows = PushArrowsItem(plot, z=12)  # where training pushes each point, when asked for
        self.marks.hovered.connect(self._on_marks_hovered)
        self._caption = pg.TextItem(color=theme.TEXT, fill=pg.mkBrush(255, 255, 255, 225), anchor=(0, 0))
        self._caption.setParentItem(plot.getViewBox())
        self._caption.setPos(6, 6)
        self._caption.setZValue(30)
        self._note = pg.TextItem(color=theme.MUTED, anchor=(0.5, 0.5))
        self._note.setParentItem(plot.getViewBox())
        self._note.setZValue(30)
        self._text_font = QFont(self._caption.textItem.font())  # the caption's and the note's, at zoom 1
        plot.getViewBox().sigResized.connect(self._place_note)
        plot.getViewBox().sigResized.connect(self._on_resized)
        self._dataset: Dataset | None = None
        self._data_version = -1
        self._styled_for: tuple | None = None  # what the points' styles were made for
        self._frame: HiddenFrame | None = None
        self._misclassified: np.ndarray | None = None
        self._hovered = -1  # the data point hovered, here or in the boundary view (its index in the data set)
        self._morph: float | None = None  # None: the frame's own stage; else 0 (input plane) to 1 (the layer)
        self._styled = False  # the points carry their per-point brushes, pens and symbols
        self._titles: tuple[str, str] | None = None
        self._range: tuple[float, ...] | None = None  # the flat picture's range, as last set
        self._lut: np.ndarray | None = None
        self._class_rgb = np.zeros((0, 3))
        self.scene_3d = Scene3D(plot)
        self.orbit = Orbit()  # how the 3D picture is turned: only the user's drags change it
        self._three_d = False  # the 3D items are the ones shown

    # ----- zoom and palette ---------------------------------------------------------------------
    def set_display(self, display: Display) -> None:
        """Draw at this display's zoom and in its palette, and follow its changes."""
        self._display = display
        display.changed.connect(self._on_display_changed)
        self._on_display_changed()

    def _on_display_changed(self) -> None:
        d = self._display
        style_axes(self.plot, self.font().family(), TICK_POINTS, d)
        self._keep_tick_room()
        self._titles = None  # the axis titles are set again, in the new size, with the next drawing
        self._grid.setPen(pg.mkPen(GRID_PEN, width=d.size(GRID_WIDTH)))
        self._decision.setPen(theme.boundary_pen(d.size(DECISION_WIDTH), d.outline_colour))
        self._points.setSize(d.size(POINT_SIZE))
        for item, colour in ((self._caption, d.text_colour), (self._note, d.muted_colour)):
            item.setColor(colour)
            item.setFont(d.font(self._text_font))
        self._place_note()
        self.marks.set_display(d)
        self.scene_3d.set_display(d)
        if self._dataset is not None:
            self._style_classes(self._dataset)
        self._styled_for = None  # the points' pens and brushes are made again
        if self._frame is not None:
            self._draw()

    def _keep_tick_room(self) -> None:
        """One width for the left axis's labels at this zoom (WIDEST_TICK); a wider label is left out."""
        axis = self.plot.getAxis("left")
        width = QFontMetricsF(axis.style["tickFont"]).horizontalAdvance(WIDEST_TICK)
        axis.setStyle(autoExpandTextSpace=False, tickTextWidth=int(np.ceil(width)))

    def _style_classes(self, dataset: Dataset) -> None:
        """The classes' brushes and symbols, and the colours of the regions behind them."""
        self._class_colours = self._display.class_colours(dataset.class_colours)
        self._class_brushes = [pg.mkBrush(c) for c in self._class_colours]
        self._class_symbols = [marker_paths.symbol(m) for m in dataset.class_markers]
        self._lut, self._class_rgb = self._display.class_heatmap(dataset.class_colours)
        if self._lut is not None:
            self._mesh.setColorMap(pg.ColorMap(np.linspace(0, 1, len(self._lut)), self._lut))

    # ----- data ---------------------------------------------------------------------------------
    @property
    def frame(self) -> HiddenFrame | None:
        return self._frame

    def set_dataset(self, dataset: Dataset, version: int = -1) -> None:
        """The classes' colours and shapes (test points are outlined in black), and the window's data version.
        A frame on screen stays: it carries its own points and classes, and is replaced by the next one.
        New classes (or a new task) clear it, since its classes no longer mean the same."""
        previous = self._dataset
        self._dataset = dataset
        self._data_version = version
        self._style_classes(dataset)
        same_classes = previous is not None and previous.n_classes == dataset.n_classes and \
            previous.task == dataset.task
        self._styled_for = None  # colours or shapes may have changed
        if self._frame is not None and same_classes and self._frame_fits(self._frame):
            self._draw()
            return
        self._frame = None
        self._clear()

    def _frame_fits(self, frame: HiddenFrame) -> bool:
        """A frame can be drawn when it was computed for the classes (or the task) shown, and carries its own
        points' classes or has as many points as the data shown."""
        data = self._dataset
        if data is None or frame.cell_values.shape[2] != (1 if data.is_fit else data.n_classes):
            return False
        if frame.labels is not None:
            return not len(frame.labels) or frame.labels.max() < data.n_classes
        return len(frame.points) == len(data)

    def _style_points(self, frame: HiddenFrame) -> bool:
        """Give the points the brushes, shapes and pens of their classes (train or test), when the frame's data
        differs from the one they were made for. True when they changed."""
        labels = frame.labels if frame.labels is not None else self._dataset.labels
        is_test = frame.is_test if frame.is_test is not None else self._dataset.is_test
        key = (frame.data_version, len(labels)) if frame.data_version >= 0 else (id(labels), len(labels))
        if key == self._styled_for:
            return False
        self._styled_for = key
        size = self._display.size
        white, black = pg.mkPen("w", width=size(TRAIN_OUTLINE)), pg.mkPen("#111111", width=size(TEST_OUTLINE))
        self._brushes = [self._class_brushes[label] for label in labels]
        self._symbols = [self._class_symbols[label] for label in labels]
        self._pens = [black if test else white for test in is_test]
        self.scene_3d.set_styles(self._brushes, self._symbols, self._pens)
        return True

    def _draw_cloud(self, frame: HiddenFrame, points: np.ndarray) -> None:
        """A big cloud's points as one image, in their classes' colours (test points darker)."""
        if len(self._points.data):
            self._points.setData([])
        self._styled = False
        labels = frame.labels if frame.labels is not None else self._dataset.labels
        is_test = frame.is_test if frame.is_test is not None else self._dataset.is_test
        kinds = 2 * np.clip(np.asarray(labels, np.intp), 0, len(self._class_colours) - 1) + is_test
        self.cloud.set_points(points, kinds, class_palette(self._class_colours), self._display.size(POINT_SIZE))

    def _on_marks_hovered(self, position: int) -> None:
        """Hovered points are named by their place in the window's data: only a frame of that data can say (a
        sampled frame's points are mapped back to the data set's)."""
        self._hovered = self._frame.data_index(position) if self._frame_is_current() else -1
        self.point_hovered.emit(self._hovered)

    def _frame_is_current(self) -> bool:
        frame = self._frame
        return frame is not None and (frame.data_version < 0 or frame.data_version == self._data_version)

    def _clear(self) -> None:
        self._points.setData([])
        self.cloud.clear()
        self._styled = False
        self._styled_for = None
        self.marks.set_positions(np.zeros((0, 2), np.float32))
        self.marks.show_wrong(None)
        self.arrows.show_arrows(None, None)
        self._grid.set_lines(np.zeros((0, 0, 2)))
        self._decision.setData([], [])
        self._regions.clear()
        self._mesh.setVisible(False)
        self.scene_3d.clear()

    def show_note(self, text: str) -> None:
        """Instead of a picture: why there is none (e.g. no hidden layer)."""
        self._frame = None
        self._clear()
        self._caption.setVisible(False)
        self._note.setText(text)
        self._note.setVisible(bool(text))
        self._place_note()

    def show_frame(self, frame: HiddenFrame, misclassified: np.ndarray | None = None) -> None:
        if not self._frame_fits(frame):
            return  # a frame from before the classes or the task changed; the next one will fit
        self._frame = frame
        self._misclassified = frame.of_points(misclassified)  # (the mistakes among the points drawn)
        self._note.setVisible(False)
        self._draw()

    def set_morph(self, fraction: float | None) -> None:
        """None shows the layer itself; 0 is the input plane and 1 the layer, stage by stage in between (a
        frame without the morph's stages shows the layer at any fraction)."""
        self._morph = fraction
        if self._frame is not None:
            self._draw()

    @property
    def stage_count(self) -> int:
        return len(self._frame.stage_names) if self._frame is not None else 0

    def _morph_position(self) -> float | None:
        """The morph as a position along the frame's stages (0: the first, 1: the next ...), or None."""
        if self._morph is None or self.stage_count < 2 or self._morph >= 1.0:
            return None
        return max(0.0, self._morph) * (self.stage_count - 1)

    def stage_title(self) -> str:
        frame = self._frame
        if frame is None:
            return ""
        position = self._morph_position()
        if position is None:
            return frame.stage_names[-1]
        low = min(int(position), len(frame.stage_names) - 1)
        if position - low < 1e-6 or low == len(frame.stage_names) - 1:
            return frame.stage_names[low]
        return f"{frame.stage_names[low]} → {frame.stage_names[low + 1]}"

    # ----- drawing ------------------------------------------------------------------------------
    def _positions(self) -> tuple[np.ndarray, tuple[float, float, float, float], bool]:
        """(grid vertices then points, view, at the frame's own stage) for the current morph position."""
        frame = self._frame
        last = len(frame.stage_positions) - 1
        position = self._morph_position()
        if position is None:
            vertices = frame.grid.reshape(-1, frame.grid.shape[2])
            return np.concatenate([vertices, frame.points]), frame.view, True
        low = int(np.floor(position))
        t = float(position - low)
        a, b = frame.stage_positions[low], frame.stage_positions[min(low + 1, last)]
        va, vb = np.array(frame.stage_views[low]), np.array(frame.stage_views[min(low + 1, last)])
        t_smooth = t * t * (3 - 2 * t)  # ease in and out of each stage
        return a + (b - a) * t_smooth, tuple(va + (vb - va) * t_smooth), False

    def _draw(self) -> None:
        frame = self._frame
        if frame.grid.shape[2] == 3:
            self._draw_3d()
            return
        if self._three_d:
            self._show_3d(False)
        positions, view, final = self._positions()
        side = frame.grid.shape[0]
        vertices = positions[: side * side].reshape(side, side, 2)
        points = positions[side * side:]
        # Grid lines: every row, then every column, each a polyline.
        self._grid.set_lines(np.concatenate([vertices, vertices.transpose(1, 0, 2)]))  # (2 * side, side, 2)
        if len(points) > DENSE_POINTS:  # (no per-point styles: 100,000 brushes and pens took half a second)
            self._draw_cloud(frame, points)
        elif self._style_points(frame) or not self._styled or not move_spots(self._points, points):
            # (styles: once per data version)
            self.cloud.clear()
            self._points.setData(pos=points, brush=self._brushes, symbol=self._symbols, pen=self._pens)
            self._styled = True
        self._place_marks(points)
        self._show_range(view)
        self._show_background(frame, vertices, final)
        segments = frame.decision_segments
        if final and segments is not None and len(segments):
            flat = segments.reshape(-1, 2)
            self._decision.setData(flat[:, 0], flat[:, 1], connect="pairs")
        else:
            self._decision.setData([], [])
        arrows = frame.arrows if final and frame.arrows is not None and len(frame.arrows) == len(points) else None
        self.arrows.show_arrows(points if arrows is not None else None, arrows)
        titles = frame.axis_titles if final else ("", "")
        if titles != self._titles:  # a new title re-lays the axes out: only when it changes
            self._titles = titles
            label_style = {"font-size": self._display.css_points(TITLE_POINTS), "color": self._display.text_colour}
            self.plot.setLabel("bottom", titles[0], **label_style)
            self.plot.setLabel("left", titles[1], **label_style)
        self._show_caption()

    def _show_range(self, view: tuple[float, ...]) -> None:
        """Show `view` (xmin, xmax, ymin, ymax) when it moves the picture by half a pixel or more. A new range
        re-lays the axes out and repaints the whole view (a few milliseconds); while it eases to a new range
        (HiddenSpaceTracker._view: most frames it holds still), the smaller moves cannot be seen."""
        if not self._range_moves_picture(view):
            return
        self._range = xmin, xmax, ymin, ymax = view
        box = self.plot.getViewBox()
        box.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        # The picture is placed for the new range now: pyqtgraph would do it when the view is next painted, and
        # moving every item while painting paints the view a second time.
        box.updateMatrix()

    def _range_moves_picture(self, view: tuple[float, ...]) -> bool:
        shown = self._range
        if shown is None or len(shown) != len(view):
            return True
        box = self.plot.getViewBox()
        width, height = box.width(), box.height()
        spans = shown[1] - shown[0], shown[3] - shown[2]
        if width < 1 or height < 1 or min(spans) <= 0:
            return view != shown
        pixels = min(width / spans[0], height / spans[1])  # per unit (the aspect is locked: one scale for both)
        return max(abs(new - old) for new, old in zip(view, shown, strict=True)) * pixels >= 0.5

    def _place_marks(self, points: np.ndarray) -> None:
        """The rings over the points drawn: the mistakes, and the hovered data point where the frame carries it."""
        self.marks.set_positions(points)
        self.marks.show_wrong(self._misclassified)
        self.marks.highlight(self._frame.sample_position(self._hovered) if self._frame_is_current() else -1)

    def _show_caption(self) -> None:
        """The stage shown and, for a sampled frame, how many of the data's points it carries."""
        frame, text = self._frame, self.stage_title()
        if frame.sampled:
            text += f"\nshowing {len(frame.points):,} of {frame.data_size:,} points"
        self._caption.setText(text)
        self._caption.setVisible(True)

    def _show_3d(self, three_d: bool) -> None:
        """Switch between the flat picture's items (and axes) and the 3D picture's."""
        self._three_d = three_d
        self._range = None  # (the 3D picture sets a range of its own)
        for item in (self._grid, self._decision, self._points, self.cloud):
            item.setVisible(not three_d)
        if three_d:
            self.arrows.show_arrows(None, None)  # drawn on the flat picture only
        if three_d:
            self._regions.setVisible(False)
            self._mesh.setVisible(False)
        for side in ("left", "bottom"):
            self.plot.showAxis(side, not three_d)  # the projected coordinates have no meaningful ticks
        self._titles = None  # the flat axes' titles are set again when they come back
        self.scene_3d.set_visible(three_d)
        self.setToolTip(TURN_TIP if three_d else "")
        self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if three_d else Qt.CursorShape.ArrowCursor)

    def _draw_3d(self) -> None:
        if not self._three_d:
            self._show_3d(True)
        frame = self._frame
        positions, view, final = self._positions()
        side = frame.grid.shape[0]
        vertices = positions[: side * side].reshape(side, side, 3)
        points = positions[side * side:]
        self._style_points(frame)
        titles = frame.axis_titles if final else ("", "", "")
        plane = frame.decision_plane if final else None
        flat = self.scene_3d.draw(vertices, points, view, titles, plane, self.orbit)
        self._place_marks(flat)
        self._show_caption()

    # ----- turning the 3D picture -----------------------------------------------------------------
    @property
    def is_3d(self) -> bool:
        return self._three_d and self._frame is not None

    def _show_background(self, frame: HiddenFrame, vertices: np.ndarray, final: bool) -> None:
        """Where the output can be read off the picture, its regions over the whole view; elsewhere each
        carried grid cell in the colour of the network's prediction there."""
        if final and frame.regions is not None:
            self._mesh.setVisible(False)
            p = frame.regions
            image = p[:, :, 1] if p.shape[2] == 2 and self._lut is not None else theme.regions_rgb(p, self._class_rgb)
            if image.ndim == 2:
                self._regions.setImage(image, levels=(0.0, 1.0), lut=self._lut, autoLevels=False)
            else:
                self._regions.setImage(image, levels=(0, 255), autoLevels=False)
            # Over the range shown (within half a pixel of the frame's view): its edges stay on the view's.
            xmin, xmax, ymin, ymax = self._range
            self._regions.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
            self._regions.setVisible(True)
            return
        self._regions.setVisible(False)
        values = frame.cell_values
        if values.shape[2] != 2 or self._lut is None:  # more classes, or a curve: the grid alone
            self._mesh.setVisible(False)
            return
        self._mesh.setData(vertices[..., 0], vertices[..., 1], values[:, :, 1])
        self._mesh.setVisible(True)

    # ----- hovering -----------------------------------------------------------------------------
    def highlight(self, index: int) -> None:
        """Ring one data point (-1: none), e.g. the one hovered in the boundary view (where the frame carries it)."""
        self._hovered = index
        frame = self._frame if self._frame_is_current() else None
        self.marks.highlight(frame.sample_position(index) if frame is not None else -1)

    def leaveEvent(self, event) -> None:
        self.marks.leave()
        super().leaveEvent(event)

    # ----- layout -------------------------------------------------------------------------------
    def _place_note(self, *_args) -> None:
        box = self.plot.getViewBox().boundingRect()
        self._note.setPos(box.center())

    def _on_resized(self, *_args) -> None:
        if self.is_3d:  # the axis titles are kept inside the plot, which depends on its size in pixels
            self._draw()

    def decorations(self) -> QSize:
        plane = self.plot.getViewBox().size()
        if plane.width() <= 1 or plane.height() <= 1:
            return QSize(60, 60)
        return QSize(round(self.width() - plane.width()), round(self.height() - plane.height()))


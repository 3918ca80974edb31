"""How big and in which colours the window draws everything: a zoom (Ctrl+plus, Ctrl+minus, Ctrl+0) for text,
points, lines and the diagram, and a palette (the standard one, or a high-contrast one that is safe for
colour-blind viewers, for a projector). Neither changes the data: the classes keep their own colours in the
scenario, and their marker shapes in every palette.

The window owns one Display. Text follows it through the window's font (every widget inherits it) and a
style sheet for the text roles that have their own size; the views ask it for sizes and colours and redraw
when it changes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from . import theme

ZOOMS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)  # the steps of Ctrl+plus and Ctrl+minus
MINIMUM_ZOOM = 1.5  # the views' minimum sizes grow with the zoom up to this
STANDARD, HIGH_CONTRAST = "standard", "high_contrast"
PALETTE_NAMES = {STANDARD: "Standard colours", HIGH_CONTRAST: "High contrast (colour-blind safe)"}
# Okabe and Ito's colours, darkest first: vermillion and blue tell the first two classes apart for every kind of
# colour blindness, and both stay dark enough on a washed-out projector.
HIGH_CONTRAST_COLOURS = ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442")
HIGH_CONTRAST_TEXT = "#000000"
# (positive, negative) weights in the network diagram, its neuron maps and a neuron's output on the plane: blue and
# orange as in the TensorFlow Playground; in high contrast Okabe and Ito's blue and vermillion.
WEIGHT_COLOURS = ("#0877bd", "#f59322")
HIGH_CONTRAST_WEIGHTS = ("#0072b2", "#d55e00")
ZOOM_SETTING, PALETTE_SETTING = "display/zoom", "display/palette"


def zoom_steps_from(zoom: float, steps: int) -> float:
    """The zoom `steps` steps up (or down, negative) from `zoom`, kept within ZOOMS."""
    nearest = min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - zoom))
    return ZOOMS[max(0, min(len(ZOOMS) - 1, nearest + steps))]


class Display(QObject):
    changed = Signal()  # the zoom or the palette changed: redraw
    zoom_changed = Signal(float)  # the zoom changed (after `changed`): things laid out by size, lay out again

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zoom = 1.0
        self._max_zoom = ZOOMS[-1]  # lower while the screen has no room for more (a presentation on a projector)
        self._palette = STANDARD
        self._base_font: QFont | None = None

    # ----- zoom ---------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        """`zoom` kept within ZOOMS' range (anything not a number: 1)."""
        zoom = float(zoom) if math.isfinite(zoom) else 1.0
        zoom = min(max(zoom, ZOOMS[0]), self._max_zoom)
        if zoom != self._zoom:
            self._zoom = zoom
            self.changed.emit()
            self.zoom_changed.emit(zoom)

    @property
    def max_zoom(self) -> float:
        return self._max_zoom

    def set_max_zoom(self, zoom: float) -> None:
        """The largest zoom there is room for (ZOOMS' largest when None); a larger zoom now comes down to it."""
        self._max_zoom = max(1.0, min(zoom, ZOOMS[-1]))
        if self._zoom > self._max_zoom:
            self.set_zoom(self._max_zoom)
        else:
            self.changed.emit()  # the zoom-in buttons may be at their end

    def zoom_in(self) -> None:
        self.set_zoom(zoom_steps_from(self._zoom, 1))

    def zoom_out(self) -> None:
        self.set_zoom(zoom_steps_from(self._zoom, -1))

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def size(self, pixels: float) -> float:
        """A size in pixels at zoom 1 (a point, a line's width, a node), at the current zoom."""
        return pixels * self._zoom

    def minimum(self, pixels: float) -> int:
        """A view's minimum size (pixels at zoom 1), for a view that fits its content to the room it gets: it
        grows with the zoom up to MINIMUM_ZOOM only, so that at any zoom the window still fits a 1080-line
        screen (the content shrinks to fit instead)."""
        return round(pixels * min(self._zoom, MINIMUM_ZOOM))

    def points(self, point_size: float) -> float:
        """A font size in points at zoom 1, at the current zoom."""
        return point_size * self._zoom

    def css_points(self, point_size: float) -> str:
        """A font size for the CSS of a pyqtgraph label or legend ("13pt" at zoom 1), at the current zoom."""
        return f"{self.points(point_size):g}pt"

    def font(self, base: QFont, point_size: float | None = None) -> QFont:
        """`base` (at `point_size` points at zoom 1, or its own size) at the current zoom."""
        font = QFont(base)
        size = point_size if point_size is not None else base.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * self._zoom)
        return font

    # ----- palette ------------------------------------------------------------------------------
    @property
    def palette(self) -> str:
        return self._palette

    @property
    def high_contrast(self) -> bool:
        return self._palette == HIGH_CONTRAST

    def set_palette(self, name: str) -> None:
        if name not in PALETTE_NAMES:
            raise ValueError(f"unknown palette {name!r}")
        if name != self._palette:
            self._palette = name
            self.changed.emit()

    def class_colours(self, colours: Sequence[str]) -> tuple[str, ...]:
        """The colours to draw the classes in: their own (standard), or the high-contrast ones in class order."""
        if not self.high_contrast:
            return tuple(colours)
        return tuple(HIGH_CONTRAST_COLOURS[i % len(HIGH_CONTRAST_COLOURS)] for i in range(len(colours)))

    def class_heatmap(self, colours: Sequence[str]) -> tuple[np.ndarray | None, np.ndarray]:
        """How the regions under the points are coloured: (a lookup table from the first class's colour to the
        second's for two classes, else None; each class's washed colour, (C, 3))."""
        shown = self.class_colours(colours)
        strength = self.heatmap_strength
        lut = theme.diverging_lut(shown[0], shown[1], strength=strength) if len(shown) == 2 else None
        return lut, np.array([theme.background_rgb(c, strength) for c in shown])

    @property
    def weight_colours(self) -> tuple[str, str]:
        """(positive, negative): the diagram's weights and neuron maps, and a neuron's output on the plane."""
        return HIGH_CONTRAST_WEIGHTS if self.high_contrast else WEIGHT_COLOURS

    @property
    def mistake_colour(self) -> str:
        """The rings around the points the network gets wrong: red, or black in high contrast (red next to
        vermillion points is one colour for many colour-blind eyes)."""
        return HIGH_CONTRAST_TEXT if self.high_contrast else theme.ERROR

    @property
    def muted_colour(self) -> str:
        """Axes and other lines that frame a picture."""
        return "#4a4a4a" if self.high_contrast else theme.MUTED

    @property
    def text_colour(self) -> str:
        return HIGH_CONTRAST_TEXT if self.high_contrast else theme.TEXT

    @property
    def outline_colour(self) -> str:
        """The outline around points and the decision line."""
        return "#000000" if self.high_contrast else theme.BOUNDARY

    @property
    def heatmap_strength(self) -> float:
        """How far the regions' colours go from white toward the class colour (theme.background_rgb)."""
        return 0.6 if self.high_contrast else 0.42

    # ----- kept between runs ----------------------------------------------------------------------
    def save(self, settings: QSettings) -> None:
        settings.setValue(ZOOM_SETTING, self._zoom)
        settings.setValue(PALETTE_SETTING, self._palette)

    def restore(self, settings: QSettings) -> None:
        """The zoom and palette of the last run; anything unreadable there keeps today's."""
        try:
            zoom = float(settings.value(ZOOM_SETTING, self._zoom))
        except (TypeError, ValueError):
            zoom = self._zoom
        self.set_zoom(zoom)
        palette = settings.value(PALETTE_SETTING, self._palette)
        if palette in PALETTE_NAMES:
            self.set_palette(palette)

    # ----- text in the window -------------------------------------------------------------------
    def apply_to(self, window: QWidget) -> None:
        """Text at the current zoom, in the palette's text colour, in `window` and everything in it (through
        the window's own style sheet: with style sheets in use, a font set with setFont does not reach the
        widgets)."""
        if self._zoom == 1.0 and not self.high_contrast:
            window.setStyleSheet("")  # exactly the application's look
            return
        if self._base_font is None:
            app = QApplication.instance()
            self._base_font = QFont(app.font() if app is not None else window.font())
        window.setStyleSheet(theme.zoomed_style_sheet(self._zoom, self.text_colour, self._base_font.pointSizeF()))

"""The look every plot's axes share: muted lines, ticks in the text colour, no SI prefixes (so no label re-layout
each time the range moves); at the display's zoom and palette once it has one.

Every axis of a styled plot keeps what it drew as a picture on the screen (Qt's device-coordinate cache): a new
frame of the map or the points under it repaints the axes too, and replaying their ticks and labels was the
largest part of painting a frame. The picture is redrawn only when the axis itself changes (range, style)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsItem

from . import theme
from .display import Display


def style_axes(plot, family: str, tick_points: float, display: Display | None = None,
               sides: tuple[str, ...] = ("left", "bottom")) -> None:
    """Style `plot`'s axes on `sides`: with the theme's colours when `display` is None (while a view is built),
    else the display's colours, line width and zoomed tick font."""
    for side in sides:
        axis = plot.getAxis(side)
        if display is None:
            font = QFont(family)
            font.setPointSizeF(tick_points)
            axis.setPen(pg.mkPen(theme.MUTED))
            axis.setTextPen(pg.mkPen(theme.TEXT))
        else:
            font = display.font(QFont(family), tick_points)
            axis.setPen(pg.mkPen(display.muted_colour, width=display.size(1)))
            axis.setTextPen(pg.mkPen(display.text_colour))
            axis.textWidth, axis.textHeight = 30, 18  # pyqtgraph's first guess: measured again at this size
        axis.setTickFont(font)
        axis.enableAutoSIPrefix(False)
        # (pyqtgraph works a prefix out even while turning them off: with a title and a range under 1 it chose
        # "milli" and kept it, so that 0.2 read 200 and 5 read 5000 from then on, with no unit to say so)
        axis.autoSIPrefixScale, axis.labelUnitPrefix = 1.0, ""
        axis.picture = None
    cache_axes(plot)


def cache_axes(plot) -> None:
    """Keep each of `plot`'s axes (shown or not) as a cached picture, redrawn only when the axis changes."""
    for entry in plot.axes.values():
        entry["item"].setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

"""Presentation mode (F11, View > Present) for the front of a classroom: the window fills the screen; the
menus, the control column, the drawing tools and the numbers column make way, so the plane and the hidden
space are as large as the screen allows; the top bar keeps play, step, reset and the speed, and a row above
the views (where the drawing tools were) has the lesson's step, the test score, the pen, the zoom and the
palette. Esc (or F11 again) gives back the window exactly as it was.

Presenting has its own zoom, remembered between runs: larger than at the desk, so the back of the room can
read it (1.5 on a 1080-line screen, 1.25 on a smaller one such as a 1024x768 projector)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QTimer, Signal

from .display import ZOOMS
from .pen_overlay import PenOverlay
from .presentation_tools import PresentationTools

ZOOM_KEY = "presentation/zoom"
TALL_SCREEN = 1000  # lines: a screen at least this tall gets the larger first zoom


def first_zoom(screen_height: int) -> float:
    """The zoom a first presentation starts at on a screen `screen_height` pixels tall."""
    return 1.5 if screen_height >= TALL_SCREEN else 1.25


@dataclass(frozen=True)
class _Before:
    """The window as it was before presenting, to give it back."""

    state: Qt.WindowState
    geometry: QByteArray
    controls: bool
    zoom: float
    lessons: bool  # the lessons panel was open (presenting, its step's title is in the bar instead)


class Presentation(QObject):
    active_changed = Signal(bool)

    def __init__(self, window, settings: QSettings | None) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._before: _Before | None = None
        self._last_zoom: float | None = None  # the zoom of the last presentation in this run
        self.tools = PresentationTools(window.display)
        self.tools.hide()
        area = window.data_toolbar.parentWidget().layout()  # in the drawing tools' place, above the views
        area.insertWidget(area.indexOf(window.data_toolbar), self.tools)
        self.pen = PenOverlay(window.views)
        self.tools.pen_button.toggled.connect(self.pen.set_drawing)
        self.pen.drawing_changed.connect(self._on_pen_drawing_changed)
        self.tools.clear_button.clicked.connect(self.pen.clear)
        self.tools.leave_requested.connect(self.leave)
        self.tools.results_toggled.connect(self._show_results)
        window.display.changed.connect(self._on_display_changed)

    @property
    def active(self) -> bool:
        return self._before is not None

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        if self.active:
            return
        w = self._window
        self._before = _Before(w.windowState(), w.saveGeometry(), w.controls_action.isChecked(), w.display.zoom,
                               w.lessons_dock.isVisible())
        w.controls_action.setChecked(False)
        w.lessons_dock.hide()
        w.window_layout.controls_button.hide()
        w.menuBar().hide()
        w.data_tools_shown(False)
        self._show_results(False)
        self.tools.results_button.setChecked(False)
        self.tools.show()
        w.display.set_zoom(self._zoom())
        w.showFullScreen()
        QTimer.singleShot(0, self._measure_room)
        self.active_changed.emit(True)

    def leave(self) -> None:
        if not self.active:
            return
        w, before = self._window, self._before
        self._before = None
        self.tools.pen_button.setChecked(False)
        self.pen.clear()
        self._remember_zoom(w.display.zoom)
        self.tools.hide()
        w.menuBar().show()
        w.window_layout.controls_button.show()
        w.data_tools_shown(True)
        self._show_results(True)
        w.lessons_dock.setVisible(before.lessons)  # first: on a small screen it takes the controls column's place
        w.controls_action.setChecked(before.controls)
        w.display.set_max_zoom(ZOOMS[-1])
        w.display.set_zoom(before.zoom)
        if before.state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        else:
            w.showNormal()
            w.restoreGeometry(before.geometry)
        self.active_changed.emit(False)

    # ----- parts --------------------------------------------------------------------------------
    def _show_results(self, shown: bool) -> None:
        self._window.window_layout.splitter.widget(1).setVisible(shown)

    def _on_pen_drawing_changed(self, drawing: bool) -> None:
        self.tools.pen_button.setChecked(drawing)

    def _on_display_changed(self) -> None:
        self.pen.width_scale = self._window.display.zoom
        self.pen.update()

    def _measure_room(self) -> None:
        """The largest zoom the screen has room for: the window's minimum width grows at most in proportion to
        the zoom (its icons do not grow), so the zoom that makes it as wide as the screen is an upper bound that is
        safe to stop at. A 1024x768 projector has room for about 125%, a 1920x1080 screen for about 175%."""
        w = self._window
        screen = w.screen()
        if not self.active or screen is None:
            return
        w.layout().activate()
        needed = max(1, w.minimumSizeHint().width())
        room = w.display.zoom * screen.geometry().width() / needed
        w.display.set_max_zoom(max([z for z in ZOOMS if z <= room] or [1.0]))
        if not w.isFullScreen() or w.geometry() != screen.geometry():
            w.showNormal()  # a zoom too large for the screen had made the window wider than it
            w.showFullScreen()

    # ----- the zoom, remembered -----------------------------------------------------------------
    def _zoom(self) -> float:
        if self._last_zoom is not None:
            return self._last_zoom
        saved = self._settings.value(ZOOM_KEY) if self._settings is not None else None
        try:
            return float(saved) if saved is not None else self._first_zoom()
        except (TypeError, ValueError):
            return self._first_zoom()

    def _first_zoom(self) -> float:
        screen = self._window.screen()
        return first_zoom(screen.geometry().height() if screen is not None else 768)

    def _remember_zoom(self, zoom: float) -> None:
        self._last_zoom = zoom
        if self._settings is not None:
            self._settings.setValue(ZOOM_KEY, zoom)

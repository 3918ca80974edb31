"""The window's views painted offscreen into pictures: one frame for `playground snapshot` (a PNG), many for
`playground record` (an animation), with the same widgets and the same sizes, so the first frame of a
recording is the picture a snapshot of the same moment gives.

A view is shown once (offscreen), given its size, and then paints each snapshot it is handed; `render` returns
the picture as a QImage and `frame` as an (H, W, 3) uint8 array. Pyqtgraph must paint inside Qt's event loop (a
script that paints and exits without it crashes at exit), hence `in_event_loop`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

SETTLE_MS = 80  # time for the axes to take their size after the view is shown, and after it is resized
WINDOW_SIZE = (1700, 1000)  # the whole window, as `playground snapshot --view window` draws it
VIEWS = ("boundary", "hidden", "landscape", "window")


def in_event_loop(job: Callable[[], object]) -> object:
    """Run `job` inside Qt's event loop and return what it returns (or raise what it raised)."""
    app = QApplication.instance()
    result: dict = {}

    def run() -> None:
        try:
            result["value"] = job()
        except BaseException as error:  # raised again below, outside the event loop
            result["error"] = error
        finally:
            app.quit()

    QTimer.singleShot(0, run)
    app.exec()
    if "error" in result:
        raise result["error"]
    return result.get("value")


def settle(ms: int = SETTLE_MS) -> None:
    """Let the event loop run for `ms` (layouts, timers), then come back."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def image_to_array(image: QImage) -> np.ndarray:
    """A QImage as a fresh (H, W, 3) uint8 RGB array."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=stride * height).reshape(height, stride)
    return data[:, : width * 3].reshape(height, width, 3).copy()


def grab_array(widget: QWidget) -> np.ndarray:
    """What `widget` shows now, painted again into a picture, as an (H, W, 3) uint8 array."""
    return image_to_array(widget.grab().toImage())


class OffscreenView:
    """One of the window's views (`kind`: "boundary" for the plane, "hidden", or "window") shown offscreen, painting
    the snapshots it is given. Make it, `render` or `frame` snapshots, then `close` it; all inside the event loop.

    `size`: the side of the plane (boundary, hidden) in pixels, the axes adding a margin; for the whole window its
    (width, height). `request`: the hidden layer the window's hidden-space panel shows. `history`: metrics of
    earlier moments for the window's loss chart."""

    def __init__(self, kind: str, scenario, dataset, size: int | tuple[int, int] | None = None, request=None,
                 history=()) -> None:
        if kind not in VIEWS:
            raise ValueError(f"unknown view {kind!r}")
        self.kind = kind
        self._history = tuple(history)
        self._morph_view = None
        self._morph: float | None = None
        self._first = True
        self._side = 0
        if kind == "window":
            from .main_window import MainWindow
            from .session import Session

            self.window = MainWindow(Session(scenario), train=False)
            if request is not None:
                self.window.hidden_panel.choose(request)
            self.widget = self.window
            self.widget.resize(*(size or WINDOW_SIZE))
            self.widget.show()
            settle()
            self._morph_view = self.window.hidden_panel.view
            return
        if kind == "boundary":
            from .boundary_view import BoundaryView

            view = BoundaryView()
        elif kind == "landscape":
            from .loss_landscape_view import LossLandscapeView

            view = LossLandscapeView()
        else:
            from .hidden_space_view import HiddenSpaceView

            view = HiddenSpaceView()
            self._morph_view = view
        side = 800 if size is None else size
        view.resize(side, side)
        if dataset is not None:
            view.set_dataset(dataset)
        self.widget = view
        view.show()
        settle()
        self._side = side

    def show(self, snapshot, morph: float | None = None) -> None:
        """Paint this snapshot (and, for the hidden space, this position of its morph: None for the layer)."""
        if self._morph_view is not None and morph != self._morph:
            self._morph = morph
            self._morph_view.set_morph(morph)
        if self.kind == "window":
            for metrics in self._history:  # the loss chart's earlier points, once
                self.window.loss_chart.add_snapshot(replace(snapshot, metrics=metrics))
            self._history = ()
            self.window.show_snapshot(snapshot)
        elif self.kind == "boundary":
            self.widget.show_snapshot(snapshot)
        elif self.kind == "landscape":
            self.widget.show_frame(snapshot.landscape)
        else:
            self.widget.show_frame(snapshot.hidden, snapshot.misclassified)
        if self._first:
            self._first = False
            settle()
            if self.kind != "window":  # once the axes have their size, make the plane itself side x side
                extra = self.widget.decorations()
                self.widget.resize(self._side + extra.width(), self._side + extra.height())
            settle()
        QApplication.processEvents()  # layouts and the chart's redraw wait for the event loop

    def render(self, snapshot, morph: float | None = None) -> QImage:
        self.show(snapshot, morph)
        return self.widget.grab().toImage()

    def frame(self, snapshot, morph: float | None = None) -> np.ndarray:
        return image_to_array(self.render(snapshot, morph))

    def close(self) -> None:
        self.widget.close()

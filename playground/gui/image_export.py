"""File > Export image and Edit > Copy view: a picture of the plane, the hidden space, the network diagram, the
loss chart or the whole window, as the learner sees it (colours, palette, zoom), for print and slides.

A PNG is painted again at the chosen scale (2x: twice as wide and as high, text and lines as sharp as at 1x);
the views are also offered as SVG (vectors: any size), the whole window only as PNG. The pictures themselves are
made by view_images.py."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths
from PySide6.QtGui import QCursor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from ..core.files import write_file
from .view_images import MAX_SIDE, render_widget, scaled_size, widget_svg

SCALES = (1, 2, 3, 4)
_last_folder: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per window: where the last picture went
FILTERS = {"png": "PNG pictures (*.png);;All files (*)", "svg": "SVG drawings (*.svg);;All files (*)"}


@dataclass(frozen=True)
class ExportableView:
    """One view that can be exported: what it is called, its widget, and why it cannot be exported now (None:
    it can)."""

    key: str  # "plane", "hidden", "landscape", "diagram", "chart" or "window"; the end of the suggested file name
    title: str  # as the dialog and the status bar name it
    widget: QWidget
    reason: str | None
    vector: bool  # offered as SVG too

    @property
    def available(self) -> bool:
        return self.reason is None


def exportable_views(window) -> list[ExportableView]:
    """The window's views in the dialog's order, each with the reason it cannot be exported now, if any."""
    presenting = window.presentation.active
    hidden_reason = None
    if not window.views.second_shown:
        hidden_reason = "no room beside the plane: make the window larger" if window.hidden_action.isChecked() \
            else "turned off (View → Hidden space beside the plane)"
    second = window.second_view  # the hidden space and the loss landscape share the place beside the plane
    landscape_reason = hidden_reason
    if hidden_reason is None and second.shows_landscape:
        hidden_reason = "on the other tab beside the plane (Hidden space)" if second.has_hidden else \
            "not drawn for a network with no hidden layer: the loss landscape is shown instead"
    elif hidden_reason is None:
        landscape_reason = "on the other tab beside the plane (Loss landscape)"
    views = [("plane", "The plane", window.boundary_view, None),
             ("hidden", "The hidden space", window.hidden_panel.view, hidden_reason),
             ("landscape", "The loss landscape", window.landscape_panel.view, landscape_reason),
             ("diagram", "The network diagram", window.network_diagram, None),
             ("chart", "The loss chart", window.loss_chart, None),
             ("window", "The whole window", window, None)]
    found = []
    for key, title, widget, reason in views:
        if reason is None and not widget.isVisible():
            reason = "hidden while presenting (Numbers brings it back)" if presenting else "not on the screen now"
        found.append(ExportableView(key, title, widget, reason, vector=key != "window"))
    return found


def suggested_name(window, key: str, fmt: str) -> str:
    """A file name such as "two-curves-plane.png", from the work's name."""
    stem = re.sub(r"[^a-z0-9]+", "-", window.document.name.lower()).strip("-") or "playground"
    return f"{stem}-{key}.{fmt}"


def suggested_path(window, key: str, fmt: str) -> str:
    """The suggested name in the folder the last picture went to, else in the user's Pictures folder."""
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    folder = _last_folder.get(window) or pictures
    name = suggested_name(window, key, fmt)
    return str(Path(folder) / name) if folder and Path(folder).is_dir() else name


def export_image(window, key: str, fmt: str = "png", scale: int = 1, path: str | None = None) -> bool:
    """Write view `key` as a PNG at `scale`, or as an SVG (asking where, unless `path` is given). Anything that
    goes wrong gets a message in plain words; True when the file was written."""
    view = next(v for v in exportable_views(window) if v.key == key)
    if not view.available:
        window.questions.warn("Cannot export the picture", f"{view.title} is {view.reason}.")
        return False
    if fmt == "svg" and not view.vector:
        fmt = "png"
    if not path:
        path = window.questions.save_path("Export image", suggested_path(window, key, fmt), FILTERS[fmt])
        if not path:
            return False
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
    if fmt == "svg":
        data = widget_svg(view.widget, f"{window.document.name}: {view.title.lower()}", overlays_of(window, view))
        size_text = "a drawing that stays sharp at any size"
    else:
        size = scaled_size(view.widget, scale)
        if max(size.width(), size.height()) > MAX_SIDE:
            window.questions.warn("Cannot export the picture",
                                  f"At {scale}x, {view.title.lower()} would be {size.width():,} × {size.height():,} "
                                  f"pixels: too large for a picture file. Choose a smaller scale.")
            return False
        data = png_bytes(render_widget(view.widget, scale, overlays_of(window, view)))
        size_text = f"{size.width():,} × {size.height():,} pixels"
    problem = write_file(Path(path), data, "picture")
    if problem:
        window.questions.warn("Cannot export the picture", problem)
        return False
    _last_folder[window] = str(Path(path).parent)
    window.statusBar().showMessage(f"Exported {view.title.lower()} to {Path(path).name} ({size_text})", 8000)
    return True


def overlays_of(window, view: ExportableView) -> list[QWidget]:
    """What lies over a view and is part of what the learner sees: the presentation pen's strokes."""
    return [] if view.key == "window" else [window.presentation.pen]


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def view_under_mouse(window) -> ExportableView:
    """The view under the mouse pointer (shown ones only), else the whole window."""
    views = exportable_views(window)
    position = QCursor.pos()
    for view in views[:-1]:
        widget = view.widget
        if view.available and widget.rect().contains(widget.mapFromGlobal(position)):
            return view
    return views[-1]


def copy_view_under_mouse(window) -> str:
    """Copy the view under the mouse to the clipboard as a picture, as sharp as the screen shows it; returns
    (and shows in the status bar) what was copied."""
    view = view_under_mouse(window)
    try:
        image = render_widget(view.widget, view.widget.devicePixelRatioF(), overlays_of(window, view))
    except ValueError:  # larger than any picture should be (a huge window on a high-density screen)
        message = f"{view.title} is too large to copy as a picture: use File → Export image"
        window.statusBar().showMessage(message, 8000)
        return message
    QApplication.clipboard().setImage(image)
    message = f"Copied {view.title.lower()} to the clipboard as a picture ({image.width():,} × " \
              f"{image.height():,} pixels)"
    window.statusBar().showMessage(message, 8000)
    return message

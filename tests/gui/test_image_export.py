"""File > Export image and Edit > Copy view as picture (Ctrl+Shift+C): the pictures are what the window shows."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QCursor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.display import HIGH_CONTRAST
from playground.gui.export_image_dialog import ExportImageDialog
from playground.gui.pen_overlay import PEN_COLOUR

from .conftest import WAIT_MS, ask_process
from .layout_checks import settle
from .monkey import post_key

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def window(qtbot, make_window):
    """Two curves, trained a little (so the plane has a boundary), then paused, in high-contrast colours."""
    window = make_window(Scenario(PresetSpec("two-curves", points=60), NetworkSpec((4,), "tanh"),
                                  TrainingSettings("adam", 0.03)))
    window.display.set_palette(HIGH_CONTRAST)
    shown = []
    window.snapshot_shown.connect(shown.append)
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step >= 50, timeout=WAIT_MS)
    window.pause()
    ask_process(qtbot, window)  # the process has paused: no frame comes after the last one
    qtbot.waitUntil(lambda: shown and shown[-1] is window.latest_snapshot, timeout=WAIT_MS)  # painted
    return window


def pixels(image: QImage) -> np.ndarray:
    """An image's pixels as a (height, width, 3) array of RGB."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(np.int16)


def blocks(image: np.ndarray, side: int) -> np.ndarray:
    """The mean colour of each `side` x `side` block of pixels (a picture's structure, without its edges' detail)."""
    rows, columns = image.shape[0] // side, image.shape[1] // side
    return image[: rows * side, : columns * side].reshape(rows, side, columns, side, 3).mean(axis=(1, 3))


def file_menu_action(window, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    return next(a for a in menu.actions() if a.text() == text)


def click(qtbot, button) -> None:
    """A click on a radio button's circle."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def export_through_dialog(qtbot, window, path: Path, key: str, fmt: str = "png", scale: int = 1) -> Path:
    """File > Export image…, the view, format and scale picked with the mouse, Export, and `path` as the file
    (its extension is added when missing); returns the file written."""
    window.questions.save = str(path)
    file_menu_action(window, "Export &image…").trigger()
    [dialog] = [d for d in window.findChildren(ExportImageDialog) if d.isVisible()]
    click(qtbot, dialog.view_buttons[key])
    click(qtbot, dialog.svg_button if fmt == "svg" else dialog.png_button)
    if fmt == "png":
        dialog.scale_box.setCurrentIndex(dialog.scale_box.findData(scale))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = path if path.suffix == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")
    qtbot.waitUntil(written.exists, timeout=WAIT_MS)
    return written


def test_the_exported_png_of_the_plane_is_the_plane_on_screen(qtbot, window, tmp_path):
    plane = window.boundary_view
    plane.show_range((-2.0, 3.0, -1.5, 2.5))  # zoomed in: the picture shows the part looked at
    qtbot.waitUntil(lambda: plane.looked_at() is not None)
    path = tmp_path / "plane.png"
    assert window.export_image("plane", path=str(path))
    # Exactly the same pixels: both paint the same items into an image of the same size (no scaling, no screen).
    seen = pixels(plane.grab().toImage())
    exported = pixels(QImage(str(path)))
    assert exported.shape == seen.shape
    assert np.array_equal(exported, seen)
    # ...and it is the high-contrast picture: the other palette's plane is another one.
    assert "plane" in window.statusBar().currentMessage()


def test_the_dialog_exports_the_view_chosen_and_suggests_a_name(qtbot, window, tmp_path):
    written = export_through_dialog(qtbot, window, tmp_path / "chosen", "chart")  # no extension: .png added
    assert written.name == "chosen.png"
    image = QImage(str(written))
    assert (image.width(), image.height()) == (window.loss_chart.width(), window.loss_chart.height())
    suggested = next(q[2] for q in window.questions.asked if q[:2] == ("save", "Export image"))
    assert Path(suggested).name == "two-curves-chart.png"
    # The next picture is suggested in the folder this one went to.
    export_through_dialog(qtbot, window, tmp_path / "again.png", "plane")
    suggested = [q[2] for q in window.questions.asked if q[:2] == ("save", "Export image")][-1]
    assert suggested == str(tmp_path / "two-curves-plane.png")


def test_scale_2_draws_the_plane_again_twice_as_large(qtbot, window, tmp_path):
    plane = window.boundary_view
    path = tmp_path / "plane-2x.png"
    export_through_dialog(qtbot, window, path, "plane", scale=2)
    large = pixels(QImage(str(path)))
    seen = pixels(plane.grab().toImage())
    height, width = seen.shape[:2]
    assert large.shape[:2] == (2 * height, 2 * width)
    # Compared on structure, it is the picture on screen: averaged over blocks of 8x8 pixels (4x4 on screen),
    # the colours agree. Not pixel for pixel: at twice the resolution the edges of lines, letters and points
    # are antialiased on other pixels, and text is laid out with the larger font's own spacing. (Measured: a
    # mean difference of about 3 levels of 255; the same plane in the other palette is about 38 away.)
    assert np.abs(blocks(large, 8) - blocks(seen, 4)).max(axis=2).mean() < 8
    # ...and drawn again, not the screen's pixels blown up: sharper edges, so it differs from that.
    blown_up = np.repeat(np.repeat(seen, 2, axis=0), 2, axis=1)
    assert np.mean(np.abs(large - blown_up).max(axis=2) > 32) > 0.005


def test_the_svg_of_the_plane_draws_each_point_as_a_shape(qtbot, window, tmp_path):
    path = tmp_path / "plane.svg"
    export_through_dialog(qtbot, window, path, "plane", fmt="svg")
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    parents = {child: parent for parent in root.iter() for child in parent}
    fills = [parents[p].get("fill", "").lower() for p in root.iter(f"{SVG}path")]
    dataset = window.session.dataset
    colours = window.display.class_colours(dataset.class_colours)  # the high-contrast palette's
    for label, colour in enumerate(colours):
        in_class = int(np.sum(dataset.labels == label))
        assert fills.count(colour.lower()) == in_class + 1  # each point, and the class's sample in the legend
    assert any(True for _ in root.iter(f"{SVG}image"))  # the regions behind the points
    # Drawn by Qt's SVG renderer at the plane's size, it is the plane on screen (compared on 4x4 blocks: the
    # edges are antialiased by another painter; measured about 1 level of 255 apart on average).
    seen = pixels(window.boundary_view.grab().toImage())
    height, width = seen.shape[:2]
    drawn = QImage(width, height, QImage.Format.Format_RGB32)
    drawn.fill(Qt.GlobalColor.white)
    painter = QPainter(drawn)
    QSvgRenderer(str(path)).render(painter)
    painter.end()
    assert np.abs(blocks(pixels(drawn), 4) - blocks(seen, 4)).max(axis=2).mean() < 6


def test_the_whole_window_is_offered_as_png_only_and_a_hidden_view_not_at_all(qtbot, window):
    window.hidden_action.setChecked(False)
    qtbot.waitUntil(lambda: not window.views.second_shown)
    dialog = window.export_image()
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.view_buttons["hidden"].isEnabled()
    assert "View → Hidden space" in dialog.view_buttons["hidden"].toolTip()
    click(qtbot, dialog.view_buttons["window"])
    assert dialog.view_buttons["window"].isChecked()
    assert not dialog.svg_button.isEnabled() and dialog.png_button.isChecked()
    click(qtbot, dialog.view_buttons["diagram"])
    assert dialog.svg_button.isEnabled()
    dialog.reject()


def press_copy(qtbot, window, over) -> QImage:
    """Ctrl+Shift+C with the mouse over the middle of `over` (a widget, or a point on the screen)."""
    QApplication.clipboard().clear()
    QCursor.setPos(over if isinstance(over, QPoint) else over.mapToGlobal(over.rect().center()))
    post_key(window.windowHandle(), Qt.Key.Key_C,
             Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not QApplication.clipboard().image().isNull(), timeout=WAIT_MS)
    return QApplication.clipboard().image()


def test_ctrl_shift_c_copies_the_view_under_the_mouse(qtbot, window):
    plane = window.boundary_view
    image = press_copy(qtbot, window, plane)
    assert (image.width(), image.height()) == (plane.width(), plane.height())
    assert np.array_equal(pixels(image), pixels(plane.grab().toImage()))
    assert "plane" in window.statusBar().currentMessage()
    diagram = window.network_diagram
    image = press_copy(qtbot, window, diagram)
    assert (image.width(), image.height()) == (diagram.width(), diagram.height())
    image = press_copy(qtbot, window, window.data_panel)  # over no view: the whole window
    assert (image.width(), image.height()) == (window.width(), window.height())


def test_ctrl_shift_c_works_while_presenting(qtbot, window):
    window.presentation.enter()
    qtbot.waitUntil(lambda: not window.menuBar().isVisible())
    hidden = window.hidden_panel.view
    qtbot.waitUntil(lambda: window.views.second_shown and hidden.isVisible())
    settle(window)  # the views have their presentation sizes
    image = press_copy(qtbot, window, hidden)
    assert (image.width(), image.height()) == (hidden.width(), hidden.height())
    window.presentation.leave()


def pen_coloured(image: QImage) -> int:
    """How many pixels have the presentation pen's colour."""
    target = np.array(QColor(PEN_COLOUR).getRgb()[:3])
    return int(np.sum(np.abs(pixels(image) - target).sum(axis=2) < 40))


def test_the_pen_drawing_over_the_plane_is_in_its_picture(qtbot, window):
    """Presenting, what the teacher drew over the plane is part of what the class sees: and of the copy."""
    window.presentation.enter()
    settle(window)
    post_key(window.windowHandle(), Qt.Key.Key_D, text="d")
    qtbot.waitUntil(lambda: window.presentation.pen.drawing)
    plane = window.boundary_view
    centre = plane.mapTo(window, plane.rect().center())
    handle = window.windowHandle()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    for dx in range(0, 81, 8):
        QTest.mouseMove(handle, centre + QPoint(dx, dx // 2))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(80, 40))
    qtbot.waitUntil(lambda: bool(window.presentation.pen.strokes))
    assert pen_coloured(plane.grab().toImage()) == 0  # the strokes are not the plane's own
    image = press_copy(qtbot, window, plane)
    assert (image.width(), image.height()) == (plane.width(), plane.height())
    assert pen_coloured(image) > 80  # a stroke about 90 pixels long and 5 wide, antialiased
    window.presentation.leave()


def test_a_file_that_cannot_be_written_gets_a_plain_message_and_the_app_goes_on(qtbot, window, tmp_path):
    forbidden = Path("/sys/plane.png")  # not even root may create files there
    assert not window.export_image("plane", path=str(forbidden))
    assert "may not write in the folder /sys" in window.questions.warnings[-1]
    assert not window.export_image("chart", path="/dev/full")  # a full disk
    assert "no room left on the disk" in window.questions.warnings[-1]
    assert not window.export_image("plane", path=str(tmp_path / "missing" / "plane.png"))
    assert "does not exist" in window.questions.warnings[-1]
    assert not window.export_image("plane", path=str(tmp_path))  # a folder
    assert "is a folder" in window.questions.warnings[-1]
    for warning in window.questions.warnings:
        assert "Errno" not in warning and "Error" not in warning
    # The window goes on: it trains, and the next export works.
    step = window.latest_snapshot.metrics.step
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step > step, timeout=WAIT_MS)
    window.pause()
    assert window.export_image("plane", path=str(tmp_path / "ok.png"))


"""Presentation mode: F11 fills the screen with the views and a slim bar, Esc gives the window back as it was;
the zoom keys scale the text; the pen draws over the views and never touches the data. On a 1920x1080 and a
1024x768 screen (child processes with their own screen) the text is large enough for the back of a room and
nothing is cut off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.gui.data_tools import Tool
from playground.gui.main_window import MainWindow
from playground.gui.pen_overlay import PEN_COLOUR
from playground.gui.presentation import first_zoom
from playground.gui.session import Session

from .conftest import ask_process
from .layout_checks import child, plot_area, settle
from .monkey import post_key

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


pytestmark = pytest.mark.usefixtures("app_theme")  # the app's own style: sizes are measured


@pytest.fixture
def window(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("two-curves", points=200), NetworkSpec(hidden=(4, 2))))
    window.resize(1000, 700)
    window.controls_action.setChecked(True)
    settle(window)
    qtbot.waitUntil(lambda: window.latest_snapshot is not None)
    return window


def key(qtbot, window, k: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier, text: str = "") -> None:
    """A real key press, to the window's QWindow: it goes the way a user's does (shortcuts first)."""
    post_key(window.windowHandle(), k, modifiers, text)
    qtbot.wait(20)
    settle(window)


def caption_points(window) -> float:
    """The size of ordinary text in the window as drawn: the speed's caption in the top bar."""
    return window.transport.speed_control.findChildren(QLabel)[0].font().pointSizeF()


def test_f11_presents_and_esc_gives_the_window_back(qtbot, window):
    window.lessons_dock.show()
    window.controls_action.setChecked(True)  # (a small screen gives the lesson the column's place)
    settle(window)
    before_plane = plot_area(window.boundary_view)
    key(qtbot, window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.presentation.active)
    assert window.present_action.isChecked()  # (full screen: see the test on real screen sizes below; the test
    # run's own screen is smaller than the window)
    # the controls make way; play, step, reset and the speed stay
    for gone in (window.menuBar(), window.controls_column, window.data_toolbar, window.metrics_panel,
                 window.loss_chart, window.network_diagram, window.window_layout.controls_button,
                 window.lessons_dock):
        assert not gone.isVisible(), gone
    for kept in (window.transport.play_button, window.transport.step_button, window.transport.reset_button,
                 window.transport.speed_control, window.presentation.tools.score_label):
        assert kept.isVisible(), kept
    assert plot_area(window.boundary_view) > 1.3 * before_plane  # the plane grew into the room
    # (the test run's screen is small: its room may stop the zoom lower)
    assert window.display.zoom == min(first_zoom(window.screen().geometry().height()), window.display.max_zoom)
    assert caption_points(window) == pytest.approx(11.0 * window.display.zoom)
    # the test score is the training process's own
    report = ask_process(qtbot, window)
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step > 0)
    window.pause()
    shown = window.latest_snapshot.metrics.test_accuracy
    qtbot.waitUntil(lambda: window.presentation.tools.score_label.text() == f"{100 * shown:.1f}%")
    assert report is not None

    key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.presentation.active)
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    assert not window.present_action.isChecked()
    for back in (window.menuBar(), window.controls_column, window.data_toolbar, window.metrics_panel,
                 window.loss_chart, window.network_diagram, window.lessons_dock):
        assert back.isVisible(), back
    assert not window.presentation.tools.isVisible()
    assert window.display.zoom == 1.0 and caption_points(window) == pytest.approx(11.0)


def test_the_presentation_keeps_its_own_zoom(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F11)
    start = window.display.zoom
    key(qtbot, window, Qt.Key.Key_Minus, CTRL, "-")  # (smaller: the test run's small screen has no room for more)
    chosen = window.display.zoom
    assert chosen < start and caption_points(window) == pytest.approx(11.0 * chosen)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.display.zoom == 1.0
    key(qtbot, window, Qt.Key.Key_F11)
    assert window.display.zoom == chosen  # as the teacher left it
    key(qtbot, window, Qt.Key.Key_F11)  # F11 leaves too
    assert not window.presentation.active and window.display.zoom == 1.0


def test_zoom_keys_scale_the_text_everywhere(qtbot, window):
    big = window.transport.epoch_label
    big_points = big.font().pointSizeF()
    assert big_points > 11.0  # the counters' large type
    key(qtbot, window, Qt.Key.Key_Plus, CTRL, "+")
    key(qtbot, window, Qt.Key.Key_Plus, CTRL, "+")
    zoom = window.display.zoom
    assert zoom > 1.15
    assert caption_points(window) == pytest.approx(11.0 * zoom)
    assert big.font().pointSizeF() == pytest.approx(big_points * zoom)
    assert window.data_panel.task_combo.font().pointSizeF() == pytest.approx(11.0 * zoom)
    key(qtbot, window, Qt.Key.Key_Minus, CTRL, "-")
    assert 1.0 < window.display.zoom < zoom
    key(qtbot, window, Qt.Key.Key_0, CTRL, "0")
    assert window.display.zoom == 1.0
    assert caption_points(window) == pytest.approx(11.0) and big.font().pointSizeF() == pytest.approx(big_points)


def pen_pixels(window) -> int:
    """How many pixels of the views area show the pen's colour."""
    image = window.views.grab().toImage()
    target = QColor(PEN_COLOUR)
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - target.red()) + abs(c.green() - target.green()) + abs(c.blue() - target.blue()) < 40:
                count += 1
    return count


def drag_on_window(qtbot, window, points: list[QPoint]) -> None:
    """A real drag, as the system delivers it: to the window's QWindow, which hands it to the widget on top."""
    handle = window.windowHandle()
    QTest.mousePress(handle, LEFT, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        QTest.mouseMove(handle, p)
    QTest.mouseRelease(handle, LEFT, Qt.KeyboardModifier.NoModifier, points[-1])
    QApplication.processEvents()


def test_the_pen_draws_over_the_views_and_never_touches_the_data(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F11)
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step > 0)
    window.pause()
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing)
    digest = ask_process(qtbot, window).data_digest
    dataset, undo_count, modified = window.session.dataset, window.session.undo_stack.count(), window.windowTitle()
    assert pen_pixels(window) == 0
    key(qtbot, window, Qt.Key.Key_D, text="d")
    assert window.presentation.pen.drawing and window.presentation.tools.pen_button.isChecked()
    plane = window.boundary_view
    centre = plane.mapTo(window, plane.rect().center())
    path = [centre + QPoint(dx, dx // 2) for dx in range(-80, 81, 8)]
    drag_on_window(qtbot, window, path)
    assert len(window.presentation.pen.strokes) == 1
    assert pen_pixels(window) > 40  # drawn over the plane
    # nothing of it reached the data, the history, the title or the training process
    assert window.session.dataset is dataset and window.session.undo_stack.count() == undo_count
    assert window.windowTitle() == modified
    assert ask_process(qtbot, window).data_digest == digest
    key(qtbot, window, Qt.Key.Key_C, text="c")
    assert window.presentation.pen.strokes == [] and pen_pixels(window) == 0
    # the pen put down, the mouse reaches the plane again (a hover rings the point under it)
    key(qtbot, window, Qt.Key.Key_D, text="d")
    assert not window.presentation.pen.drawing
    hovered = []
    plane.point_hovered.connect(hovered.append)
    x, y = window.session.dataset.points[0]
    scene = plane.plot.getViewBox().mapViewToScene(QPointF(float(x), float(y)))
    QTest.mouseMove(window.windowHandle(), plane.viewport().mapTo(window, plane.mapFromScene(scene)))
    qtbot.waitUntil(lambda: 0 in hovered)


def test_esc_puts_the_pen_away_and_forgets_its_drawing(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F11)
    key(qtbot, window, Qt.Key.Key_D, text="d")
    centre = window.views.mapTo(window, window.views.rect().center())
    drag_on_window(qtbot, window, [centre, centre + QPoint(60, 0), centre + QPoint(60, 60)])
    assert window.presentation.pen.strokes
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.presentation.active and not window.presentation.pen.drawing
    assert window.presentation.pen.strokes == []
    assert window.data_toolbar.isVisible()  # and the drawing tools work as before
    key(qtbot, window, Qt.Key.Key_C, text="c")
    assert window.data_tools.tool == Tool.CURVE  # C is the Curve tool again outside a presentation


CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from layout_checks import overlaps, reachable, settle
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget
from playground.app import _application
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.gui.main_window import MainWindow
from playground.gui.session import Session
from playground.gui.window_settings import open_settings

app = _application()
window = MainWindow(Session(Scenario(PresetSpec("two-curves"), NetworkSpec(hidden=(4, 2)))), autosave=False,
                    settings=open_settings())
window.show()
result = {}

def check():
    if window.latest_snapshot is None:
        QTimer.singleShot(50, check)
        return
    result["before"] = window.geometry().getRect()
    window.present_action.trigger()
    QTimer.singleShot(500, measure)  # the views fit their squares to the new size and zoom in posted steps


def measure():
    settle(window)
    screen = window.screen().geometry()
    tools, transport, hidden = window.presentation.tools, window.transport, window.hidden_panel
    needed = [transport.play_button, transport.step_button, transport.reset_button, transport.step_size_combo,
              transport.speed_control.slider, transport.speed_control.full_button, tools.score_label,
              tools.loss_label, tools.pen_button, tools.clear_button, tools.zoom_out_button, tools.zoom_in_button,
              tools.contrast_button, tools.results_button, tools.leave_button, window.boundary_view,
              hidden.layer_combo, hidden.stage_combo, hidden.view]
    texts = [w for w in window.findChildren(QWidget) if isinstance(w, (QLabel, QAbstractButton, QComboBox))
             and w.isVisible() and (not isinstance(w, QLabel) or w.text())]
    smallest = min(texts, key=lambda w: w.fontMetrics().height())
    clipped = [w.text() for w in texts if isinstance(w, QLabel) and not w.wordWrap() and "<" not in w.text()
               and w.width() < w.fontMetrics().horizontalAdvance(w.text())]
    plane = window.boundary_view.plot.getViewBox().sceneBoundingRect()
    result.update(screen=screen.getRect(), window=window.geometry().getRect(),
                  full=bool(window.windowState() & Qt.WindowState.WindowFullScreen),
                  smallest=[smallest.fontMetrics().height(), type(smallest).__name__, smallest.objectName()],
                  plane=[plane.width(), plane.height()], hidden=window.hidden_panel.isVisible(),
                  unreachable=[f"{type(w).__name__} {w.objectName() or w.toolTip()[:30]}: "
                               f"{'hidden' if not w.isVisible() else reachable(w, window, screen)}"
                               for w in needed if not w.isVisible() or reachable(w, window, screen)],
                  overlaps=overlaps(window), clipped=clipped, minimum=window.minimumSizeHint().toTuple(),
                  parts=[w.minimumSizeHint().width() for w in (window.transport, tools)])
    for _ in range(4):  # the teacher asks for larger text than the screen has room for
        window.display.zoom_in()
        settle(window)
    result["largest"] = [window.display.zoom, window.geometry().getRect(),
                         bool(window.windowState() & Qt.WindowState.WindowFullScreen),
                         window.presentation.tools.zoom_in_button.isEnabled()]
    window.presentation.leave()
    settle(window)
    result["back"] = [result.pop("before"), window.geometry().getRect()]
    window.close()
    app.quit()

QTimer.singleShot(0, check)
app.exec()
print(json.dumps(result))
"""


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768)])
def test_a_presentation_is_legible_from_the_back_of_the_room(tmp_path, size):
    """Full screen, no text smaller than a 45th of the screen's height (24 pixels on 1080 lines: about a
    2% letter height, readable at 8 metres on a 2-metre projection), the plane at least half the screen's height
    and the hidden space beside it, everything whole and on the screen."""
    result = child(tmp_path, CHILD, size, 1.0)
    assert result["full"] and result["screen"], result
    assert result["screen"] == [0, 0, *size] and result["window"] == [0, 0, *size]
    height, kind, name = result["smallest"]
    assert height >= size[1] / 45, f"{kind} {name!r}: text {height} px high"
    assert min(result["plane"]) >= size[1] / 2, result
    assert result["hidden"]
    assert (result["unreachable"], result["overlaps"]) == ([], [])
    assert result["clipped"] == []  # every label's text whole
    zoom, geometry, full, can_grow = result["largest"]
    assert zoom >= (1.5 if size[1] >= 1000 else 1.25)  # room for what a presentation starts at
    assert full and geometry == [0, 0, *size] and not can_grow, result["largest"]  # it stops where it fits
    before, after = result["back"]
    assert after == before  # Esc gives the window back as it was


def settings_window(qtbot, path) -> MainWindow:
    window = MainWindow(Session(Scenario()), train=False, autosave=False,
                        settings=QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # its keys work in the active window
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_the_zoom_and_the_palette_are_kept_for_the_next_start(qtbot, tmp_path):
    path = tmp_path / "settings.ini"
    window = settings_window(qtbot, path)
    assert window.display.zoom == 1.0 and not window.contrast_action.isChecked()
    key(qtbot, window, Qt.Key.Key_Plus, CTRL, "+")
    window.contrast_action.trigger()
    zoom = window.display.zoom
    assert zoom > 1.0 and window.display.high_contrast
    window.close()
    again = settings_window(qtbot, path)
    assert again.display.zoom == zoom and again.display.high_contrast and again.contrast_action.isChecked()
    assert caption_points(again) == pytest.approx(11.0 * zoom)
    again.close()
    # a settings file spoiled by hand: the usual look, no error
    spoiled = QSettings(str(path), QSettings.Format.IniFormat)
    spoiled.setValue("display/zoom", "nan")
    spoiled.setValue("display/palette", "neon")
    spoiled.sync()
    third = settings_window(qtbot, path)
    assert third.display.zoom == 1.0 and not third.display.high_contrast
    third.close()

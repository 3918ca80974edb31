"""The window fits every screen: at 1024x768, 1280x800, 1366x768 and 1920x1080 (and 1920x1080 at 150%, in a
child process with its own screen) every control is on the screen or a scroll away, nothing overlaps, and the
plane is the largest view. The controls column follows its rows' width and can be hidden; the window opens
sized to the screen and where it was left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, QSize, Qt

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.gui.main_window import MainWindow
from playground.gui.window_settings import COMPACT_WIDTH

from .layout_checks import child, overlaps, plot_area, reachable, settle, smaller_than_the_plane, unreachable

SCREENS = [(1024, 768), (1280, 800), (1366, 768), (1920, 1080)]
ROOT = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("app_theme")  # the app's own style: sizes are measured


def at_size(make_window, size: tuple[int, int], scenario: Scenario | None = None) -> MainWindow:
    """The first start's window on a screen of `size` (at its top left, filling it)."""
    window = make_window(scenario or Scenario())
    window.move(0, 0)
    window.resize(*size)
    settle(window)
    return window


def screen_of(window: MainWindow, size: tuple[int, int]) -> QRect:
    """A screen of `size` that the window fills (its inside: offscreen windows have a frame, X without a window
    manager has none)."""
    return QRect(window.geometry().topLeft(), QSize(*size))


def test_the_window_can_be_made_small_enough_for_a_small_screen(qtbot, make_window):
    window = make_window(Scenario())
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= 1000 and minimum.height() <= 700, minimum


@pytest.mark.parametrize("size", SCREENS)
def test_every_control_is_on_the_screen_or_a_scroll_away_and_nothing_overlaps(qtbot, make_window, size):
    window = at_size(make_window, size)
    assert window.size().toTuple() == size
    for shown in (True, False):  # with the controls column and without it
        window.controls_action.setChecked(shown)
        settle(window)
        assert unreachable(window, screen_of(window, size)) == []
        assert overlaps(window) == []


@pytest.mark.parametrize("size", SCREENS)
def test_the_plane_is_the_largest_view(qtbot, make_window, size):
    """As the first start shows it on that screen (a small screen starts without the controls column)."""
    window = at_size(make_window, size)
    window.controls_action.setChecked(size[0] >= COMPACT_WIDTH)
    settle(window)
    assert smaller_than_the_plane(window) == []
    views, results = window.views, window.window_layout.splitter.widget(1)
    assert views.width() > 1.5 * results.width()  # the views take the free space


def test_the_hidden_space_is_shown_beside_the_plane_when_there_is_room(qtbot, make_window):
    window = at_size(make_window, (1366, 768))
    assert window.hidden_panel.isVisible() and not window.views.note.isVisible()
    assert plot_area(window.boundary_view) > plot_area(window.hidden_panel.view)
    window.resize(1280, 800)  # not with the controls column beside them: the note says how to make room
    settle(window)
    assert not window.hidden_panel.isVisible() and window.views.note.isVisible()
    assert "Ctrl+B" in window.views.note.text()
    assert window.worker.state.hidden is None  # and no frames of it are made
    window.controls_action.setChecked(False)
    settle(window)
    assert window.hidden_panel.isVisible() and not window.views.note.isVisible()
    qtbot.waitUntil(lambda: window.worker.state.hidden is not None)


def test_the_controls_column_grows_with_every_layer_added(qtbot, make_window):
    """From no hidden layer up to ten, every value box and remove button stays whole inside the column."""
    window = at_size(make_window, (1366, 768), Scenario(PresetSpec("xor", points=100), NetworkSpec(hidden=())))
    panel = window.network_panel
    for count in range(1, 11):
        qtbot.mouseClick(panel.add_layer_button, Qt.MouseButton.LeftButton)
        settle(window)
        assert len(panel.width_spins) == count
        screen = screen_of(window, (1366, 768))
        for i in range(count):
            for widget in (panel.width_spins[i], panel.activation_combos[i], panel.dropout_spins[i],
                           panel.remove_buttons[i]):
                assert widget.isVisible()
                assert reachable(widget, window, screen) is None, f"layer {i + 1}: {reachable(widget, window, screen)}"
    assert overlaps(window) == []


def test_the_controls_column_can_be_hidden_and_shown_again(qtbot, make_window):
    window = at_size(make_window, (1366, 768))
    button = window.window_layout.controls_button
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.controls_action in view_menu.actions() and window.controls_action.shortcut().toString() == "Ctrl+B"
    plane = plot_area(window.boundary_view)
    assert window.controls_column.isVisible() and button.text() == "◀ Controls"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(window)
    assert not window.controls_column.isVisible() and not window.controls_action.isChecked()
    assert button.text() == "▶ Controls" and button.isVisible()
    assert plot_area(window.boundary_view) > plane  # the views took the room
    window.controls_action.trigger()  # View > Controls column
    settle(window)
    assert window.controls_column.isVisible() and plot_area(window.boundary_view) == plane


# ----- where the window opens --------------------------------------------------------------------
REMEMBER = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from layout_checks import settle
from PySide6.QtCore import QRect, Qt
from playground.app import _application
from playground.core.scenario import Scenario
from playground.gui import theme
from playground.gui.main_window import MainWindow
from playground.gui.session import Session
from playground.gui.window_settings import open_settings

app = _application()

def opened():
    window = MainWindow(Session(Scenario()), train=False, autosave=False, settings=open_settings())
    window.show()
    settle(window)
    return window

first = opened()
result = {"first": first.geometry().getRect(), "maximised": bool(first.windowState() & Qt.WindowState.WindowMaximized)}
first.setWindowState(Qt.WindowState.WindowNoState)
first.setGeometry(QRect(40, 30, 1111, 777))
settle(first)
first.window_layout.splitter.setSizes([600, 400])
first.window_layout.results_splitter.setSizes([150, 400])
first.controls_action.setChecked(False)
settle(first)
result["left"] = [first.geometry().getRect(), first.window_layout.splitter.sizes(),
                  first.window_layout.results_splitter.sizes(), first.controls_column.isVisible()]
first.close()
again = opened()
result["again"] = [again.geometry().getRect(), again.window_layout.splitter.sizes(),
                   again.window_layout.results_splitter.sizes(), again.controls_column.isVisible()]
again.close()
print(json.dumps(result))
"""


def test_the_window_opens_where_it_was_closed(tmp_path):
    """Size, place, splitters and the controls column, kept in the settings (here PLAYGROUND_HOME's)."""
    result = child(tmp_path, REMEMBER, (1920, 1080), 1.0)
    assert result["maximised"] and result["first"][2:] == [1920 - 4, 1080 - 4]  # the first start fills the screen
    assert result["left"][0] == [40, 30, 1111, 777] and not result["left"][3]
    assert result["again"] == result["left"]
    assert (tmp_path / "home" / "settings.ini").exists()


def test_the_real_settings_are_not_touched_by_the_tests():
    from playground.gui.window_settings import open_settings

    home = Path(os.environ["PLAYGROUND_HOME"])
    assert Path(open_settings().fileName()).parent == home


CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from layout_checks import overlaps, settle, smaller_than_the_plane, unreachable
from PySide6.QtCore import QTimer
from playground.app import _application
from playground.core.scenario import Scenario
from playground.gui import theme
from playground.gui.main_window import MainWindow
from playground.gui.session import Session
from playground.gui.window_settings import open_settings

app = _application()
window = MainWindow(Session(Scenario()), autosave=False, settings=open_settings())  # as the app starts
window.show()
result = {}

def check():
    if window.latest_snapshot is None:
        QTimer.singleShot(50, check)
        return
    settle(window)
    screen = window.screen().availableGeometry()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    result.update(screen=screen.getRect(), window=window.frameGeometry().getRect(), ratio=window.devicePixelRatio(),
                  minimum=minimum.toTuple(), controls=window.controls_column.isVisible(),
                  hidden=window.hidden_panel.isVisible(), unreachable=unreachable(window, screen),
                  overlaps=overlaps(window), smaller=smaller_than_the_plane(window))
    window.close()
    app.quit()

QTimer.singleShot(0, check)
app.exec()
print(json.dumps(result))
"""


def first_start(tmp_path: Path, size: tuple[int, int], scale: float) -> dict:
    """The app's first start on a screen of `size` device pixels at `scale`, in a child process."""
    return child(tmp_path, CHILD, size, scale)


def fills(window: list[int], screen: list[int]) -> bool:
    """The window's frame covers the screen (to a pixel or two of rounding at a scale factor)."""
    return all(abs(a - b) <= 2 for a, b in zip(window, screen, strict=True))


def test_at_150_percent_on_a_1920x1080_screen_the_first_start_fits(tmp_path):
    result = first_start(tmp_path, (1920, 1080), 1.5)
    assert result["ratio"] == 1.5 and result["screen"] == [0, 0, 1280, 720]  # 1920x1080 device pixels
    assert fills(result["window"], result["screen"])
    width, height = result["minimum"]
    assert width * 1.5 <= 1920 and height * 1.5 <= 1080 - 60  # it could be made smaller, even with a task bar
    assert result["controls"] and (result["unreachable"], result["overlaps"], result["smaller"]) == ([], [], [])


def test_the_first_start_on_a_1024x768_screen_gives_the_views_the_room(tmp_path):
    result = first_start(tmp_path, (1024, 768), 1.0)
    assert result["screen"] == [0, 0, 1024, 768] and fills(result["window"], result["screen"])
    assert not result["controls"] and result["hidden"]  # the ▶ Controls button brings the column back
    assert (result["unreachable"], result["overlaps"], result["smaller"]) == ([], [], [])
    saved = QSettings(str(tmp_path / "home" / "settings.ini"), QSettings.Format.IniFormat)  # kept for next time
    assert saved.value("window/geometry") is not None and saved.value("window/controls_shown") in (False, "false")

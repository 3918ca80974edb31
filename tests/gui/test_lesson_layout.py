"""A lesson open on the screens learners and teachers have: the lesson takes the controls column's place on a laptop
and on a 1920x1080 monitor (the plane and the hidden space keep large squares), and sits beside the controls on a
wider screen; either way the lesson's own controls are all on screen, and its texts wrap inside the panel."""

from __future__ import annotations

import pytest

from .layout_checks import child

CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from layout_checks import reachable, settle
from PySide6.QtCore import QTimer
from playground.app import _application
from playground.core.scenario import Scenario
from playground.gui.main_window import MainWindow
from playground.gui.session import Session
from playground.gui.window_settings import open_settings

app = _application()
window = MainWindow(Session(Scenario()), autosave=False, settings=open_settings())
window.show()
result = {}

def check():
    if window.latest_snapshot is None:
        QTimer.singleShot(50, check)
        return
    window.lessons.open_lesson(10)  # the ring and the disk, with the hidden space
    QTimer.singleShot(500, measure)

def measure():
    try:
        look()
    finally:
        window.close_without_asking()
        app.quit()

def look():
    settle(window)
    screen = window.screen().geometry()
    panel = window.lessons_panel
    plane = window.boundary_view.plot.getViewBox().sceneBoundingRect()
    inside = window.boundary_view.viewport().rect()  # the plane must not run past its widget's edge
    hidden = window.hidden_panel.view.plot.getViewBox().sceneBoundingRect() if window.hidden_panel.isVisible() \
        else None
    needed = [panel.lesson_combo, panel.title_label, panel.next_button, panel.previous_button,
              panel.hint_button, panel.answer_button, window.transport.play_button,
              window.window_layout.controls_button]
    result.update(controls=window.controls_action.isChecked(), plane=[plane.width(), plane.height()],
                  plane_cut=[plane.right() - inside.width(), plane.bottom() - inside.height()],
                  hidden=None if hidden is None else [hidden.width(), hidden.height()],
                  unreachable=[w.objectName() or w.text() for w in needed
                               if not w.isVisible() or reachable(w, window, screen)])
    window.lessons.open_lesson(1)  # long choices to predict, a long goal
    settle(window)
    viewport = panel.step_area.parentWidget()
    result["overflow"] = panel.step_area.width() - viewport.width()  # the step's text is cut off beyond 0
    print(json.dumps(result))

QTimer.singleShot(0, check)
app.exec()
"""


@pytest.mark.parametrize(("size", "controls", "smallest_plane"), [
    ((1366, 768), False, 300),
    ((1920, 1080), False, 520),
    ((2560, 1440), True, 520),
])
def test_a_lesson_leaves_the_plane_a_large_square(tmp_path, size, controls, smallest_plane):
    result = child(tmp_path, CHILD, size, 1.0)
    assert result["unreachable"] == []
    assert result["overflow"] <= 0, result  # a long choice or goal wraps inside the lessons panel
    assert result["controls"] is controls
    assert min(result["plane"]) >= smallest_plane, result
    assert max(result["plane_cut"]) <= 0, result  # the whole plane is on screen, not cut at the widget's edge
    assert abs(result["plane"][0] - result["plane"][1]) <= 2, result  # and square
    assert result["hidden"] is not None and min(result["hidden"]) >= 0.5 * min(result["plane"]), result

"""Checks of the main window's layout on a screen of a given size, shared by the in-process tests and the
ones that run the app in a child process (another screen size or scale factor): every control the user needs
is on the screen (or, in the controls column, reachable by scrolling down), nothing overlaps, and the plane is
the largest view. Each check returns the problems it found, in words, so a failure says what is wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import combinations
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

ROOT = Path(__file__).resolve().parents[2]


def settle(window: QWidget, rounds: int = 40) -> None:
    """Let the layouts finish: handle posted events until the widgets stop moving (layout requests, the views'
    rearrangement, the plane fitting its square all come as posted events)."""
    previous = None
    for _ in range(rounds):
        QApplication.processEvents()
        now = [w.geometry().getRect() for w in window.findChildren(QWidget) if w.isVisible()]
        if now == previous:
            return
        previous = now


def rect_in(widget: QWidget, window: QWidget) -> QRect:
    """The widget's rectangle in the window's coordinates."""
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _scroll_area_of(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def reachable(widget: QWidget, window: QWidget, screen: QRect) -> str | None:
    """`screen`: the screen's area, in global coordinates. None when the user can see the whole widget: on the
    screen and inside every parent, except that inside a scroll area it may lie below or above the part shown
    (it scrolls down to it) but never off to a side."""
    area = _scroll_area_of(widget, window)
    if area is not None:
        viewport = area.viewport()
        inside = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
        content = area.widget() if hasattr(area, "widget") and area.widget() is not None else viewport
        in_content = QRect(widget.mapTo(content, QPoint(0, 0)), widget.size())
        if inside.left() < 0 or inside.right() > viewport.width() - 1:
            return f"cut off at the side of its scrolling column ({inside.left()}..{inside.right()} in a " \
                   f"viewport {viewport.width()} wide)"
        if not content.rect().contains(in_content):
            return "outside what its column scrolls to"
        if not reachable_rect(rect_in(viewport, window), window, screen):
            return "its scrolling column is off the screen"
        return None
    mine = rect_in(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if not rect_in(parent, window).contains(mine):
            return f"cut off by {type(parent).__name__} {parent.objectName()!r}"
        parent = parent.parentWidget()
    if not reachable_rect(mine, window, screen):
        return f"off the screen: {mine.getRect()} on a screen {screen.width()}x{screen.height()}"
    return None


def reachable_rect(rect: QRect, window: QWidget, screen: QRect) -> bool:
    """Whether a rectangle of the window (its coordinates) lies on the screen and in the window."""
    shown = QRect(window.mapToGlobal(rect.topLeft()), rect.size())
    return screen.contains(shown) and window.rect().contains(rect)


def needed_widgets(window) -> list[tuple[str, QWidget]]:
    """What the learner must be able to reach, outside the controls column."""
    transport = window.transport
    speed = getattr(transport, "speed_control", None)
    needed = [("play", transport.play_button), ("step", transport.step_button), ("reset", transport.reset_button),
              ("step size", transport.step_size_combo), ("epoch", transport.epoch_label),
              ("step count", transport.step_label)]
    if speed is not None:
        needed += [("speed slider", speed.slider), ("full speed", speed.full_button)]
    button = getattr(getattr(window, "window_layout", None), "controls_button", None)
    if button is not None:
        needed.append(("controls button", button))
    toolbar = window.data_toolbar
    needed += [(f"tool {tool.value}", b) for tool, b in toolbar.tool_buttons.items()]
    needed += [("clear", toolbar.clear_button), ("fit", toolbar.fit_button), ("undo", toolbar.undo_button),
               ("redo", toolbar.redo_button), ("brush size", toolbar.size_slider),
               ("amount", toolbar.amount_slider)]
    needed += [(f"class button {i + 1}", b) for i, b in enumerate(toolbar.class_buttons)]
    needed += [(f"metric {key}", label) for key, label in window.metrics_panel.values.items()]
    needed += [("plane", window.boundary_view), ("network diagram", window.network_diagram),
               ("loss chart", window.loss_chart)]
    hidden = window.hidden_panel
    if hidden.isVisible():
        needed += [("hidden space", hidden.view), ("hidden layer choice", hidden.layer_combo),
                   ("morph", hidden.morph_button), ("morph slider", hidden.morph_slider),
                   ("replay slider", hidden.replay_slider)]
    return needed


def control_widgets(window) -> list[tuple[str, QWidget]]:
    """The controls column's panels and their value controls."""
    panels = [window.data_panel, window.class_panel, window.network_panel, window.training_panel]
    found = [(type(panel).__name__, panel) for panel in panels if panel.isVisibleTo(window)]
    network = window.network_panel
    for i in range(len(network.width_spins)):
        found += [(f"layer {i + 1} neurons", network.width_spins[i]),
                  (f"layer {i + 1} activation", network.activation_combos[i]),
                  (f"layer {i + 1} dropout", network.dropout_spins[i]),
                  (f"layer {i + 1} remove", network.remove_buttons[i])]
    found.append(("add a layer", network.add_layer_button))
    return found


def output_neuron(window) -> str | None:
    """None when the output neuron of the diagram is drawn inside the diagram."""
    diagram = window.network_diagram
    boxes = diagram._layout()  # where paintEvent draws each neuron (a pure function of the size)
    if not boxes:
        return "the diagram has no picture"
    if not QRect(0, 0, diagram.width(), diagram.height()).contains(boxes[-1][-1].toRect()):
        return f"the output neuron {boxes[-1][-1].getRect()} is outside the diagram {diagram.size().toTuple()}"
    return None


def unreachable(window, screen: QRect) -> list[str]:
    """Every needed widget that the user cannot see or scroll to, with why."""
    problems = []
    if not screen.contains(window.geometry()):
        problems.append(f"the window {window.geometry().getRect()} does not fit the screen {screen.getRect()}")
    for name, widget in needed_widgets(window):
        why = "hidden" if not widget.isVisible() else reachable(widget, window, screen)
        if why:
            problems.append(f"{name}: {why}")
    controls = getattr(window, "controls_column", None)
    if controls is None or controls.isVisible():
        for name, widget in control_widgets(window):
            why = "hidden" if not widget.isVisible() else reachable(widget, window, screen)
            if why:
                problems.append(f"{name}: {why}")
    problem = output_neuron(window)
    if problem:
        problems.append(problem)
    return problems


def regions(window) -> list[tuple[str, QWidget]]:
    """The parts of the window that must not overlap one another."""
    parts = [("transport bar", window.transport), ("tool bar", window.data_toolbar),
             ("plane", window.boundary_view), ("metrics", window.metrics_panel),
             ("network diagram", window.network_diagram), ("loss chart", window.loss_chart)]
    controls = getattr(window, "controls_column", None)
    if controls is not None and controls.isVisible():
        parts.append(("controls column", controls))
    hidden = window.hidden_panel
    if hidden.isVisible():
        parts.append(("hidden space", hidden.view))
        parts += [(f"hidden space {name}", w) for name, w in (("controls above", hidden.square._above),
                                                              ("controls below", hidden.square._below))]
    note = getattr(getattr(window, "views", None), "note", None)
    if note is not None and note.isVisible():
        parts.append(("views note", note))
    return [(name, w) for name, w in parts if w.isVisible()]


def overlaps(window) -> list[str]:
    """Pairs of parts that overlap, and overlapping buttons within the bars."""
    problems = []
    placed = [(name, rect_in(w, window)) for name, w in regions(window)]
    for (a, ra), (b, rb) in combinations(placed, 2):
        if ra.intersects(rb):
            problems.append(f"{a} {ra.getRect()} overlaps {b} {rb.getRect()}")
    transport = window.transport
    bar_items = [w for w in transport.findChildren(QWidget) if w.parentWidget() is transport and w.isVisible()]
    tool_items = [w for w in window.data_toolbar.findChildren(QWidget) if w.isVisible()
                  and w.parentWidget() is window.data_toolbar]
    for items, where in ((bar_items, "transport bar"), (tool_items, "tool bar")):
        for a, b in combinations(items, 2):
            if rect_in(a, window).intersects(rect_in(b, window)):
                problems.append(f"in the {where}: {type(a).__name__} {rect_in(a, window).getRect()} overlaps "
                                f"{type(b).__name__} {rect_in(b, window).getRect()}")
    return problems


def plot_area(view) -> int:
    """The pixels of a plot's data area (its view box): what the learner looks at, without the axes."""
    size = view.plot.getViewBox().size()
    return round(size.width()) * round(size.height())


def smaller_than_the_plane(window) -> list[str]:
    """Views at least as large as the plane's square (the plane should be the largest view)."""
    plane = plot_area(window.boundary_view)
    views = [("network diagram", window.network_diagram.width() * window.network_diagram.height()),
             ("loss chart", window.loss_chart.width() * window.loss_chart.height())]
    if window.hidden_panel.isVisible():
        views.append(("hidden space", plot_area(window.hidden_panel.view)))
    return [f"the {name} ({area:,} pixels) is larger than the plane ({plane:,} pixels)" for name, area in views
            if area > plane]


def child(tmp_path: Path, script: str, size: tuple[int, int], scale: float) -> dict:
    """Run `script` in a child process whose screen is `size` device pixels at `scale`; its last line of output,
    read as JSON."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, "width": size[0], "height": size[1],
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": str(scale),
           "PLAYGROUND_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent)], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])

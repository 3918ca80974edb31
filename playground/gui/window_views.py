"""The main window's second stage: pyqtgraph, the views (the plane, the hidden space, the chart), the drawing
tools, the menus' actions, the lessons, the recorder, the autosave, and everything wired to them (the training
process's handle is made in the first stage, and told here what changed meanwhile). MainWindow.build_views
calls it: at once for a window built whole, or just after the first paint for the app's progressive start
(app.py's open_window), so that the window shows before pyqtgraph has loaded.

This module imports pyqtgraph (through the views); main_window.py imports it only when the second stage runs."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from .. import paths
from .quick_pyqtgraph import import_pyqtgraph

import_pyqtgraph()  # (the quick way, before the views' modules import it)

from . import theme  # noqa: E402 - pyqtgraph first, the quick way
from .autosave import Autosave  # noqa: E402
from .boundary_view import BoundaryView  # noqa: E402
from .control_states import ControlStates  # noqa: E402
from .data_toolbar import DataToolbar  # noqa: E402
from .data_tools import DataTools  # noqa: E402
from .hidden_space_panel import ARROWS_TIP, HiddenSpacePanel  # noqa: E402
from .input_guard import guard_panels  # noqa: E402
from .lessons import Lessons  # noqa: E402
from .loss_chart import LossChart  # noqa: E402
from .presentation import Presentation  # noqa: E402
from .record_button import install_recording  # noqa: E402
from .second_view import SecondView  # noqa: E402
from .window_menus import build_menus  # noqa: E402


def build_views(w) -> None:
    """Make and wire the second stage of the main window `w` (whose first stage is built and maybe shown)."""
    theme.configure_pyqtgraph()
    session, settings = w.session, w.settings
    w.boundary_view = BoundaryView()
    w.data_tools = DataTools(w.boundary_view, session, parent=w)
    w.data_toolbar = DataToolbar(w.data_tools, session)
    w.loss_chart = LossChart()
    w.hidden_panel = HiddenSpacePanel(session)
    # The loss landscape, beside the plane in place of the hidden space (for one neuron, always): made when
    # first wanted (_make_landscape_panel).
    w.second_view = SecondView(session, w.hidden_panel, w._make_landscape_panel)
    w.window_layout.place_views(w.data_toolbar, w.boundary_view, w.second_view, w.loss_chart)
    w.plane, w.views = w.window_layout.plane, w.window_layout.views
    # Points, lines, the views' text and the classes' colours follow the display's zoom and palette.
    w.display.zoom_changed.connect(w.plane.fit_soon)  # the plane's axes take another size
    for view in (w.boundary_view, w.data_tools, w.hidden_panel, w.loss_chart, w.data_toolbar):
        view.set_display(w.display)  # (the landscape's: when it is made)
    guard_panels(w.hidden_panel)
    w._recent_path = None  # the file last put on File > Open Recent
    for menu in w.first_menus:  # the first stage's empty menus make way for the real ones
        w.menuBar().removeAction(menu.menuAction())
        menu.setParent(None)
    w.first_menus = []
    build_menus(w)
    w.arrows_action.setToolTip(ARROWS_TIP)
    w.contrast_action.setChecked(w.display.high_contrast)  # (the display was restored before the menus)
    w.control_states = ControlStates(w)  # after the panels: its slots run after theirs
    w.presentation = Presentation(w, settings)
    w.presentation.active_changed.connect(w.present_action.setChecked)
    w.lessons = Lessons(w, settings)
    w.lessons_dock = w.lessons.dock
    w.lessons_action, w.start_here = w.lessons.action, w.lessons.start_here
    w.recorder = install_recording(w)  # the Record button in the top bar
    _catch_up_worker(w)
    _wire(w)

    w.boundary_view.set_dataset(session.dataset, session.data_version)
    w.show_task(session.dataset.task)
    w.control_states.apply()
    w._update_title()
    QTimer.singleShot(0, w.plane.fit_child)  # again once the axes have their real size
    if w._train:
        w.worker.start()  # (a window built whole starts it here; a progressive one has started it already)


def _catch_up_worker(w) -> None:
    """The training process's handle (made in the first stage) told what the session holds now (changes made
    before the second stage included) and what the views ask for; and the autosave."""
    session, worker = w.session, w.worker
    state = worker.state
    if state.data_version != session.data_version:
        worker.set_dataset(session.dataset, session.data_version, reset=True)
    if state.network != session.network:
        worker.set_spec(session.network)
    if state.settings != session.training:
        worker.set_settings(session.training)
    if state.speed != session.speed:
        worker.set_speed(session.speed)
    worker.set_hidden(w.hidden_panel.request())
    if w.second_view.landscape_made:
        worker.set_landscape(w.landscape_panel.request())
    w.autosave = Autosave(w, paths.data_dir(), parent=w) if w._train and w._keep_autosave else None


def _wire(w) -> None:
    session = w.session
    w.document.changed.connect(w._update_title)
    w.document.status.connect(w._show_status)
    w.document.opened.connect(w._on_document_opened)
    w.data_panel.confirm_replace = w.document.confirm_replace_data
    w.hidden_panel.request_changed.connect(w.worker.set_hidden)
    w.views.second_shown_changed.connect(w.second_view.set_shown)
    # Hovering a point rings it in both views.
    w.boundary_view.point_hovered.connect(w.hidden_panel.view.highlight)
    w.hidden_panel.view.point_hovered.connect(w.boundary_view.highlight)
    for view in (w.boundary_view, w.hidden_panel.view):  # and its path through the layers
        view.point_hovered.connect(w._on_point_hovered)

    w.transport.step_requested.connect(w._on_transport_step_requested)
    session.speed_changed.connect(w.worker.set_speed)
    w.transport.reset_requested.connect(w.worker.reset)
    w.data_panel.show_test_toggled.connect(w.boundary_view.set_show_test)
    w.boundary_view.view_changed.connect(w.worker.set_view)
    w.network_diagram.weight_edited.connect(w.worker.set_weight)
    w.network_diagram.neuron_clicked.connect(w._on_diagram_neuron_clicked)
    w.data_panel.error_occurred.connect(w._show_status)
    w.class_panel.error_occurred.connect(w._show_status)
    w.data_tools.error_occurred.connect(w._show_status)
    session.dataset_changed.connect(w._on_session_dataset_changed)
    session.network_changed.connect(w.worker.set_spec)
    session.training_changed.connect(w.worker.set_settings)

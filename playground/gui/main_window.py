"""The main window: controls on the left, the boundary view and the numbers on the right, play controls on
top (laid out by window_layout). It wires the Session (what the user chose) to the TrainingWorker (which trains)
and the views."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QGroupBox, QMainWindow, QUndoView, QVBoxLayout, QWidget

from ..core.csv_io import read_csv, write_csv
from ..core.dataset import DatasetError
from ..core.hidden_frames import HiddenRequest
from ..core.snapshot import Snapshot
from ..core.view_choice import HiddenSpaceChoice, ViewChoice
from .class_panel import ClassPanel
from .data_panel import DataPanel
from .display import Display
from .document import Document
from .input_guard import guard_panels
from .metrics_panel import MetricsPanel
from .network_diagram import NetworkDiagram
from .network_panel import NetworkPanel
from .preset_offer import PresetOffer
from .process_banner import ProcessBanner
from .questions import Questions
from .session import Session
from .training_panel import TrainingPanel
from .transport_bar import TransportBar
from .window_layout import WindowLayout
from .window_settings import restore_window, restored_layout, save_window

if TYPE_CHECKING:  # (imported when first used: the window's first stage must not import pyqtgraph)
    from .loss_landscape_panel import LossLandscapePanel

CSV_FILTER = "Points as CSV (*.csv *.txt);;All files (*)"
MENU_TITLES = ("&File", "&Edit", "&View", "&Help")  # as window_menus.py makes them


class MainWindow(QMainWindow):
    snapshot_shown = Signal(object)  # the Snapshot just painted everywhere
    views_built = Signal()  # the second stage is done: the views are there and everything is wired

    def __init__(self, session: Session, parent: QWidget | None = None, train: bool = True,
                 autosave: bool = True, settings: QSettings | None = None, progressive: bool = False) -> None:
        """`train=False` starts no training process (to show a snapshot made elsewhere, e.g. for a picture);
        `autosave=False` keeps no autosave of the work; `settings`: where the window's size and place are kept
        between runs (None: it opens sized to the screen and keeps nothing). `progressive` (app.py's start
        only): build just the first stage now (the top bar, the controls, the numbers and the diagram, with the
        views' places kept; no pyqtgraph), so the window can be painted at once; build_views() makes the rest.
        Without it the window is built whole, in one go."""
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.questions = Questions(self)
        self.document = Document(session, self.questions, weights_provider=self._trained_weights,
                                 view_provider=self.view_choice, history_provider=lambda: self.loss_chart.history(),
                                 parent=self)
        self._closing_without_asking = False
        self.stepping = False  # steps asked for with Step are running (shown as playing, so Pause can stop them)
        self._latest: Snapshot | None = None  # the newest frame from the worker
        self._shown: Snapshot | None = None  # the frame on screen
        self._render_pending = False
        self._focus: tuple[int, int] | None = None  # the neuron shown large, if any
        self._device = "starting…"
        self._train, self._keep_autosave = train, autosave
        self.is_built = False  # the second stage (the views, the menus' actions, the worker) is done
        self._after_build: list = []  # what waits for the second stage (when_built)
        self._play_wanted = False  # Play pressed before the second stage

        self.display = Display(self)  # the zoom and the palette
        self.display.changed.connect(lambda: self.display.apply_to(self))
        self.transport = TransportBar(session)
        self.data_panel = DataPanel(session)
        self.class_panel = ClassPanel(session)
        self.network_panel = NetworkPanel(session)
        self.training_panel = TrainingPanel(session)
        self.metrics_panel = MetricsPanel()
        self.network_diagram = NetworkDiagram()
        self.history_view = QUndoView(session.undo_stack)
        self.history_view.setEmptyLabel("Start")
        self.history_view.setToolTip("Every change to the data; click a line to go back to it")
        self.process_banner = ProcessBanner()
        self.preset_offer = PresetOffer(session)
        self._build_layout()
        for view in (self.network_diagram, self.class_panel):  # (the numbers follow the zoom by the style sheet)
            view.set_display(self.display)
        restore_window(self, settings)  # its size first: the controls column starts hidden in a small window
        splitters, controls_shown = restored_layout(settings, self.width())
        self.window_layout.restore_splitters(splitters)
        self._on_controls_action_toggled(controls_shown)  # (the View menu's action follows in the second stage)
        # The menu bar at its height before the first paint: empty menus, replaced in the second stage.
        self.first_menus = [self.menuBar().addMenu(title) for title in MENU_TITLES] if progressive else []
        if settings is not None:
            self.display.restore(settings)  # the zoom before the first paint (the menus' check marks follow)
        guard_panels(self.data_panel, self.class_panel, self.network_panel, self.training_panel, self.transport)
        self._make_worker()
        self.transport.play_requested.connect(self.play)
        self.transport.pause_requested.connect(self.pause)
        self._update_title()
        self.transport.play_button.setFocus()  # so Space plays instead of typing into a field
        # A scenario that hides or locks controls is built whole: its controls are as it wants them when first
        # painted (hiding them in the second stage would move the others).
        if not progressive or session.controls.hidden or session.controls.locked:
            self.build_views()
        elif train:
            self.worker.start()  # now: the training process gets its state while pyqtgraph loads

    def _make_worker(self) -> None:
        """The training process's handle, with what does not need the views wired (the views' requests are
        sent by the second stage, which also starts it if it is not started yet)."""
        from ..core.desired_state import DesiredState
        from ..worker import TrainingWorker
        from .log_folder import start_window_log, training_log_file

        session = self.session
        training_log = training_log_file(start_window_log())
        state = DesiredState(session.dataset, session.network, session.training, data_version=session.data_version,
                             hidden=None, landscape=None, speed=session.speed)
        self.worker = TrainingWorker(state, parent=self, log_path=str(training_log) if training_log else None)
        self.autosave = None  # (made in the second stage, with the chart whose history it keeps)
        self.worker.frames_arrived.connect(self._on_worker_frames_arrived)
        self.worker.playing_changed.connect(self._on_worker_playing_changed)
        self.worker.failed.connect(self._on_worker_failed)
        self.worker.errors_reported.connect(self._on_worker_errors_reported)
        self.worker.health_changed.connect(self.process_banner.show_health)
        self.process_banner.restart_requested.connect(self.worker.restart)
        self.worker.restarted.connect(self._on_worker_restarted)
        self.worker.devices_found.connect(self.training_panel.set_devices)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.worker.stop)

    def build_views(self) -> None:
        """The second stage: pyqtgraph, the views, the chart, the menus' actions, the lessons, the autosave, and
        everything wired to them (window_views.py); the training process is told what changed meanwhile. Runs
        once."""
        if self.is_built:
            return
        from .window_views import build_views  # (imports pyqtgraph: not before the first paint)

        build_views(self)
        self.is_built = True
        if self._play_wanted:
            self.play()
        if self._latest is not None:  # a frame that came before the views
            self._render(self._latest)
        self._on_worker_frames_arrived()  # frames the training process sent meanwhile (kept in its mailbox)
        self.views_built.emit()
        waiting, self._after_build = self._after_build, []
        for call in waiting:
            call()

    def when_built(self, call) -> None:
        """Call `call` now if the window is whole, else as soon as its second stage is done (in order)."""
        if self.is_built:
            call()
        else:
            self._after_build.append(call)

    @property
    def landscape_panel(self) -> LossLandscapePanel:
        """The loss landscape's panel (made when first wanted: see _make_landscape_panel)."""
        return self.second_view.landscape

    def _make_landscape_panel(self) -> LossLandscapePanel:
        """The loss landscape's panel, wired to the window (called by the second view when it is first wanted,
        which may be while the window is being built, before its worker)."""
        from .loss_landscape_panel import LossLandscapePanel

        panel = LossLandscapePanel(self.session)
        panel.request_changed.connect(self._on_landscape_request_changed)
        panel.weights_chosen.connect(self._on_landscape_weights_chosen)
        panel.set_display(self.display)
        guard_panels(panel)
        return panel

    def _on_landscape_request_changed(self, request) -> None:
        worker = getattr(self, "worker", None)
        if worker is not None:  # (before the worker, the desired state it starts from carries the request)
            worker.set_landscape(request)

    @property
    def lessons_panel(self):
        """The lessons' panel (built when first needed: see lessons.py)."""
        return self.lessons.panel

    # ----- building -----------------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.history_box = history = QGroupBox("History")
        QVBoxLayout(history).addWidget(self.history_view)
        self.history_view.setFixedHeight(self.history_view.fontMetrics().lineSpacing() * 6)
        panels = [self.data_panel, self.class_panel, self.network_panel, self.training_panel, history]
        self.window_layout = WindowLayout(self.transport, panels, self.process_banner, self.metrics_panel,
                                          self.network_diagram)
        self.controls_column = self.window_layout.controls
        area = self.process_banner.parentWidget().layout()  # the offer of a preset's network: under the banner
        area.insertWidget(area.indexOf(self.process_banner) + 1, self.preset_offer)
        self.setCentralWidget(self.window_layout)

    def open_lesson_step(self, lesson, index: int) -> bool:
        """Load a lesson's step: its scenario (asking first about unsaved work) and what its views show."""
        return self.lessons.open_step(lesson, index)

    # ----- actions ------------------------------------------------------------------------------
    def data_tools_shown(self, shown: bool) -> None:
        """The drawing tools above the plane: shown, unless presenting or the scenario hides them. Hidden, the
        mouse on the plane only looks (so a click cannot add points nobody sees how to take away)."""
        from .data_tools import Tool

        shown = shown and not self.presentation.active and not self.control_states.hides("drawing")
        self.data_toolbar.setVisible(shown)
        if not shown:
            self.data_tools.set_tool(Tool.LOOK)

    def play(self) -> None:
        self.stepping = False
        if not self.is_built:  # pressed before the second stage: training starts as soon as it is done
            self._play_wanted = True
            self.transport.set_playing(True)
            return
        self.worker.play()
        self.transport.set_playing(True)

    def pause(self) -> None:
        self.stepping = False
        if not self.is_built:
            self._play_wanted = False
            self.transport.set_playing(False)
            return
        self.worker.pause()
        self.transport.set_playing(False)

    def open_scenario(self, path: str | None = None) -> bool:
        """File > Open (asks about unsaved changes first); `path` skips the file dialog. Before the second stage
        (a file handed over at launch) it opens once the views are there, and this says False."""
        if not self.is_built:
            self.when_built(lambda: self.document.open(path))
            return False
        return self.document.open(path)

    def _on_document_opened(self, scenario) -> None:
        self.pause()
        self.preset_offer.withdraw()  # a file brings its own network
        self._show_view_choice(scenario.view)
        if scenario.weights is not None:  # a trained scenario goes on from where it was saved
            self.worker.load_weights(scenario.weights)
            self.loss_chart.go_on_from(scenario.history, scenario.weights.steps)

    def trained_report(self, timeout_ms: int = 2000):
        """What the training process holds now (a StateReport, with the weights), or None if it cannot say
        within `timeout_ms` (not running, hung). Waits in a local event loop, as a modal dialog would."""
        if not self.worker.is_running:
            return None
        loop = QEventLoop()
        got = {}
        number = self.worker.request_report()

        def on_report(n: int, report) -> None:
            if n == number:
                got["report"] = report
                loop.quit()

        self.worker.report_ready.connect(on_report)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        if "report" not in got:
            loop.exec()
        timer.stop()
        self.worker.report_ready.disconnect(on_report)
        return got.get("report")

    def view_choice(self) -> ViewChoice:
        """What the views show now, as a scenario file keeps it."""
        request, shown = self.hidden_panel.choice(), self.hidden_action.isChecked()
        if request is None:  # no hidden layer: only whether the hidden space is kept out of the way
            hidden = None if shown else HiddenSpaceChoice(shown=False)
        else:
            hidden = HiddenSpaceChoice(shown, request.layer, request.stage, request.neurons, request.dims)
        return ViewChoice(hidden, self.boundary_view.looked_at())

    def _show_view_choice(self, view: ViewChoice) -> None:
        """Show what an opened scenario's views showed (its own choice was checked against its network)."""
        hidden = view.hidden_space
        if hidden is not None:
            self.hidden_action.setChecked(hidden.shown)
            if self.session.network.hidden:
                self.hidden_panel.choose(HiddenRequest(hidden.layer, hidden.stage, hidden.neurons, dims=hidden.dims))
        if view.plane is not None:
            self.boundary_view.show_range(view.plane)

    def _trained_weights(self):
        from .autosave import trained_weights_of

        report = self.trained_report()
        return None if report is None else trained_weights_of(report)

    def choose_controls(self) -> None:
        """File > Hide and lock controls: the teacher's choice for this scenario (saved with it)."""
        from .controls_dialog import ControlsDialog  # (the modules used later are imported on use: a quicker start)

        dialog = ControlsDialog(self.session.controls, self)
        dialog.accepted.connect(lambda: self.session.set_controls(dialog.spec()))
        self.controls_dialog = dialog
        dialog.open()

    def _open_recent(self, path: str) -> None:
        if not Path(path).is_file():
            self.questions.warn("Cannot open scenario", f"{Path(path).name} is no longer in {Path(path).parent}: "
                                "it was moved, renamed or deleted. It is taken off the list of recent files.")
            self.recent_files.remove(path)
            return
        self.open_scenario(path)

    def _remember_recent(self) -> None:
        """A file opened or saved goes first on File > Open recent."""
        path = self.document.path
        if path is not None and path != self._recent_path:
            self.recent_files.add(path)
        self._recent_path = path

    def set_questions(self, questions) -> None:
        """Who answers the window's questions (tests put scripted answers here)."""
        self.questions = self.document.questions = questions

    def offer_restore(self) -> bool:
        """If a window closed unexpectedly left autosaved work, offer it back; True if it was restored."""
        from .autosave import find_orphan

        found = find_orphan(self.autosave.folder) if self.autosave is not None else None
        if found is None:
            return False
        restore = self.questions.restore(found.when(), found.describe())
        if restore:
            self.document.load(found.scenario, found.file, modified=True)
            self.autosave.save_now()  # ours holds it now, before the old files go
            self._show_status("Your work was restored")
        for path in found.paths:
            with contextlib.suppress(OSError):
                path.unlink()
        return restore

    def import_csv(self, path: str | None = None) -> bool:
        """Replace the points with a CSV file's (one undoable step); a bad file changes nothing."""
        if not path:
            path = self.questions.open_path("Import points", CSV_FILTER)
            if not path:
                return False
        try:
            dataset = read_csv(path, test_ratio=self.session.test_share)
        except DatasetError as error:
            self.questions.warn("Cannot import points", str(error))
            return False
        self.session.import_data(dataset, f"Import {Path(path).name}")
        self._show_status(f"Imported {len(dataset):,} points from {Path(path).name}")
        return True

    def export_csv(self, path: str | None = None) -> bool:
        if not path:
            path = self.questions.save_path("Export points", "points.csv", CSV_FILTER)
            if not path:
                return False
        try:
            write_csv(self.session.dataset, path)
        except DatasetError as error:
            self.questions.warn("Cannot export points", str(error))
            return False
        except OSError as error:
            self.questions.warn("Cannot export points", f"{Path(path).name}: {error.strerror or error}")
            return False
        self._show_status(f"Exported {len(self.session.dataset):,} points to {Path(path).name}")
        return True

    def export_script(self, path: str | None = None) -> bool:
        """File > Export as PyTorch script (see script_export_action.py); `path` skips the file dialog."""
        from .script_export_action import export_window_script

        return export_window_script(self, path)

    def export_report(self, path: str | None = None) -> bool:
        """File > Export report: a web page about the run (see report_export_action.py)."""
        from .report_export_action import export_window_report  # (on first use: not before the window shows)

        return export_window_report(self, path)

    def export_image(self, view: str | None = None, fmt: str = "png", scale: int = 1, path: str | None = None):
        """File > Export image: the dialog; or, given `view` ("plane", "hidden", "diagram", "chart", "window"), its
        picture straight away (`path` skips the file dialog). See image_export.py."""
        from .export_image_dialog import open_export_dialog  # (on first use: not before the window shows)
        from .image_export import export_image

        return open_export_dialog(self) if view is None else export_image(self, view, fmt, scale, path)

    def _show_about(self) -> None:
        from .about_dialog import AboutDialog  # (on first use: not before the window shows)

        self.about_dialog = AboutDialog(self._device, self)
        self.about_dialog.open()

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _update_title(self) -> None:
        document = self.document
        edited = " (edited)" if document.path is None and self.session.preset and self.session.edited else ""
        self.setWindowTitle(f"{document.name}{edited}[*] — Neural Network Playground")
        self.setWindowModified(document.modified)

    # ----- signals ------------------------------------------------------------------------------
    def _on_session_dataset_changed(self, dataset, reset: bool) -> None:
        self.show_task(dataset.task)
        version = self.session.data_version
        self.boundary_view.set_dataset(dataset, version)
        self.worker.set_dataset(dataset, version, reset=reset)
        self._update_title()

    def _on_point_hovered(self, index: int) -> None:
        points = self.session.dataset.points
        self.network_diagram.mark_point(tuple(points[index]) if 0 <= index < len(points) else None)

    def _on_controls_action_toggled(self, shown: bool) -> None:
        self.controls_column.setVisible(shown)
        button = self.window_layout.controls_button
        button.setText("◀ Controls" if shown else "▶ Controls")
        button.setToolTip(("Hide" if shown else "Show") + " the column of controls on the left (Ctrl+B)")

    def _on_arrows_toggled(self, shown: bool) -> None:
        """Arrows on (both views draw them from the next frame) or off (gone at once)."""
        self.hidden_panel.arrows_button.setChecked(shown)
        self.worker.set_arrows(shown)
        if not shown:
            self.boundary_view.arrows.show_arrows(None, None)
            self.hidden_panel.view.arrows.show_arrows(None, None)

    def _on_hidden_action_toggled(self, shown: bool) -> None:
        self.show_hidden_space(shown)

    def show_hidden_space(self, shown: bool) -> None:
        """The hidden space beside the plane, or not (never while the scenario hides it)."""
        # shown when there is room for it; it asks for frames only then
        self.views.set_second_wanted(shown and not self.control_states.hides("hidden_space"))

    def show_task(self, task: str) -> None:
        """Curve fitting has no classes to edit, and measures R² where classifying measures accuracy."""
        self.class_panel.setVisible(task != "fit" and not self.control_states.hides("classes"))
        self.loss_chart.set_task(task)
        self.metrics_panel.set_task(task)

    def _on_worker_frames_arrived(self) -> None:
        # Keep only the newest frame; paint once the event loop is free, so a burst costs one repaint.
        if not self.is_built:  # (the frames wait in the worker's mailbox until the views are made)
            return
        if self._take_frames() and not self._render_pending:
            self._render_pending = True
            QTimer.singleShot(0, self._render_latest)

    def _take_frames(self) -> bool:
        """Move what the mailbox holds here: every frame's numbers to the chart, the newest frame to be painted."""
        latest, metrics = self.worker.take_frames()
        for generation, values in metrics:  # the chart keeps every frame's numbers (it redraws on its own)
            self.loss_chart.add_metrics(generation, values)
        if latest is not None:
            self._latest = latest
        return latest is not None

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show one frame everywhere, now (or, before the second stage, as soon as the views are there)."""
        if not self.is_built:
            self._latest = snapshot
            self.when_built(lambda: self.loss_chart.add_snapshot(snapshot))
            return
        self.loss_chart.add_snapshot(snapshot)
        self._latest = snapshot
        self._render(snapshot)

    def _render_latest(self) -> None:
        self._render_pending = False
        self._take_frames()  # a newer frame may have come while this waited
        if self._latest is not None:
            self._render(self._latest)

    def _render(self, snapshot: Snapshot) -> None:
        self._shown = snapshot
        self._device = snapshot.device
        self.boundary_view.show_snapshot(snapshot)
        self.metrics_panel.show_snapshot(snapshot)
        self.transport.show_snapshot(snapshot)
        self.presentation.tools.show_snapshot(snapshot)
        self.network_diagram.show_picture(snapshot.network, live=snapshot.playing)
        self.hidden_panel.show_snapshot(snapshot)
        if self.second_view.landscape_made:
            self.landscape_panel.show_snapshot(snapshot)
        self.snapshot_shown.emit(snapshot)
        network = snapshot.network
        if self._focus is not None and network is not None:
            layer, neuron = self._focus
            if layer >= len(network.maps) - 1 or neuron >= len(network.maps[layer]):
                self._set_focus(None)  # the neuron went away with a change of the network

    def _on_landscape_weights_chosen(self, commands) -> None:
        """A click on the loss landscape: the neuron's two parameters go there (as if typed), together."""
        for layer, target, source, value in commands:
            self.worker.set_weight(layer, target, source, value)

    def _on_diagram_neuron_clicked(self, layer: int, neuron: int) -> None:
        picture = self.network_diagram.picture
        output = picture is not None and layer == len(picture.maps) - 1
        self._set_focus(None if output or self._focus == (layer, neuron) else (layer, neuron))

    def _set_focus(self, focus: tuple[int, int] | None) -> None:
        self._focus = focus
        self.network_diagram.set_focus(focus)
        self.worker.set_focus(focus)

    def _on_transport_step_requested(self) -> None:
        if self.worker.is_playing:
            return
        if self.transport.steps_by_epoch:
            self.worker.step_epoch()
            self.stepping = True  # an epoch can take a while: until it is done, Pause stops it
            self.transport.set_playing(True)
        else:
            self.worker.step()

    def _on_worker_playing_changed(self, _playing: bool) -> None:
        """Training stopped by itself (diverged, nothing to train on, or the steps asked for are done)."""
        self.stepping = False
        self.transport.set_playing(self.worker.is_playing)

    def _on_worker_failed(self, message: str) -> None:
        self.transport.set_playing(self.worker.is_playing)
        self.process_banner.show_notice(message)
        self._show_status(message)

    def _on_worker_restarted(self) -> None:
        """A crashed training process was started again: it goes on from the weights last autosaved, when they
        fit the network shown (else from the seed)."""
        weights = self.autosave.last_weights if self.autosave is not None else None
        if weights is not None and weights.shapes == self.session.network.layer_shapes:
            self.worker.load_weights(weights)

    def _on_worker_errors_reported(self, errors) -> None:
        """Items the training process could not apply (each on its own; the others were applied)."""
        message = " ".join(text for _, text in errors)
        self.process_banner.show_notice(message)
        self._show_status(message)

    @property
    def latest_snapshot(self) -> Snapshot | None:
        """The frame on screen now."""
        return self._shown

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.is_built:  # closed before the second stage: no work yet to keep; the size is kept
            self.worker.stop()
            if self.settings is not None:
                save_window(self, self.settings, self.window_layout.splitter_states(),
                            not self.controls_column.isHidden())
            super().closeEvent(event)
            return
        if not self._closing_without_asking and not self.document.confirm_discard("closing the playground"):
            event.ignore()
            return
        if self.autosave is not None:
            if self._closing_without_asking:
                self.autosave.save_now()  # the system asked us to go: keep the work for the next start
            else:
                self.autosave.discard()
        self.recorder.cancel()
        self.worker.stop()
        self.presentation.leave()  # the window's own size and controls are what is kept, not the presentation's
        if self.settings is not None:
            self.display.save(self.settings)
            save_window(self, self.settings, self.window_layout.splitter_states(), self.controls_action.isChecked())
        super().closeEvent(event)

    def close_without_asking(self) -> None:
        """Close at once (the system is shutting down, or a polite kill): the autosave keeps the work."""
        self._closing_without_asking = True
        self.close()

"""The main window: controls on the left, the boundary view and the numbers on the right, play controls on
top. It wires the Session (what the user chose) to the TrainingWorker (which trains) and the views."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from ..core.csv_io import read_csv, write_csv
from ..core.dataset import DatasetError
from ..core.presets import PRESETS
from ..core.scenario import SUFFIX, ScenarioError, load_scenario, save_scenario
from ..core.snapshot import Snapshot
from ..worker import TrainingWorker
from .about_dialog import AboutDialog
from .boundary_view import BoundaryView
from .class_panel import ClassPanel
from .data_panel import DataPanel
from .data_toolbar import DataToolbar
from .data_tools import DataTools
from .hidden_space_panel import HiddenSpacePanel
from .loss_chart import LossChart
from .metrics_panel import MetricsPanel
from .network_diagram import NetworkDiagram
from .network_panel import NetworkPanel
from .session import Session
from .square_container import SquareContainer
from .training_panel import TrainingPanel
from .transport_bar import TransportBar
from .views_pair import ViewsPair

FILE_FILTER = f"Playground scenarios (*{SUFFIX} *.json);;All files (*)"
CSV_FILTER = "Points as CSV (*.csv *.txt);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None, train: bool = True) -> None:
        """`train=False` starts no training process (to show a snapshot made elsewhere, e.g. for a picture)."""
        super().__init__(parent)
        self.session = session
        self.resize(1500, 900)
        self._latest: Snapshot | None = None  # the newest frame from the worker
        self._shown: Snapshot | None = None  # the frame on screen
        self._render_pending = False
        self._focus: tuple[int, int] | None = None  # the neuron shown large, if any
        self._device = "starting…"

        self.transport = TransportBar()
        self.data_panel = DataPanel(session)
        self.class_panel = ClassPanel(session)
        self.network_panel = NetworkPanel(session)
        self.training_panel = TrainingPanel(session)
        self.boundary_view = BoundaryView()
        self.data_tools = DataTools(self.boundary_view, session, parent=self)
        self.data_toolbar = DataToolbar(self.data_tools, session)
        self.metrics_panel = MetricsPanel()
        self.loss_chart = LossChart()
        self.loss_chart.setMinimumHeight(200)
        self.network_diagram = NetworkDiagram()
        self.hidden_panel = HiddenSpacePanel(session)
        self.history_view = QUndoView(session.undo_stack)
        self.history_view.setEmptyLabel("Start")
        self.history_view.setToolTip("Every change to the data; click a line to go back to it")
        self._build_layout()
        self._build_menus()

        self.worker = TrainingWorker(session.dataset, session.network, session.training, parent=self)
        self.worker.snapshot_ready.connect(self._on_worker_snapshot_ready)
        self.worker.playing_changed.connect(self._on_worker_playing_changed)
        self.worker.failed.connect(self._on_worker_failed)
        self.hidden_panel.request_changed.connect(self.worker.set_hidden)
        self.worker.set_hidden(self.hidden_panel.request())  # sent once the training process starts
        # Hovering a point rings it in both views.
        self.boundary_view.point_hovered.connect(self.hidden_panel.view.highlight)
        self.hidden_panel.view.point_hovered.connect(self.boundary_view.highlight)
        for view in (self.boundary_view, self.hidden_panel.view):  # and its path through the layers
            view.point_hovered.connect(self._on_point_hovered)

        self.transport.play_requested.connect(self.play)
        self.transport.pause_requested.connect(self.pause)
        self.transport.step_requested.connect(self._on_transport_step_requested)
        self.training_panel.speed_changed.connect(self.worker.set_speed)
        self.transport.reset_requested.connect(self.worker.reset)
        self.data_panel.show_test_toggled.connect(self.boundary_view.set_show_test)
        self.boundary_view.view_changed.connect(self.worker.set_view)
        self.network_diagram.weight_edited.connect(self.worker.set_weight)
        self.network_diagram.neuron_clicked.connect(self._on_diagram_neuron_clicked)
        self.data_panel.error_occurred.connect(self._show_status)
        self.class_panel.error_occurred.connect(self._show_status)
        self.data_tools.error_occurred.connect(self._show_status)
        session.dataset_changed.connect(self._on_session_dataset_changed)
        session.network_changed.connect(self.worker.set_spec)
        session.training_changed.connect(self.worker.set_settings)

        self.boundary_view.set_dataset(session.dataset)
        self._show_task(session.dataset.task)
        self._update_title()
        QTimer.singleShot(0, self.plane.fit_child)  # again once the axes have their real size
        self.transport.play_button.setFocus()  # so Space plays instead of typing into a field
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.worker.stop)
        if train:
            self.worker.start()

    # ----- building -----------------------------------------------------------------------------
    def _build_layout(self) -> None:
        controls = QWidget()
        controls_layout = QVBoxLayout(controls)
        controls_layout.setContentsMargins(10, 4, 6, 10)
        controls_layout.setSpacing(10)
        history = QGroupBox("History")
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.history_view)
        self.history_view.setFixedHeight(110)
        for panel in (self.data_panel, self.class_panel, self.network_panel, self.training_panel, history):
            controls_layout.addWidget(panel)
        controls_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFixedWidth(controls.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width())

        output = QWidget()
        output_layout = QVBoxLayout(output)
        output_layout.setContentsMargins(6, 4, 12, 10)
        output_layout.addWidget(self.data_toolbar)
        self.plane = SquareContainer(self.boundary_view, self.boundary_view.decorations)
        results = QWidget()  # the numbers and the chart, beside the plane
        results.setFixedWidth(380)
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 8, 0, 0)
        results_layout.addWidget(self.metrics_panel)
        results_layout.addWidget(self.network_diagram, 3)
        results_layout.addWidget(self.loss_chart, 2)
        beside = QHBoxLayout()
        self.views = ViewsPair(self.plane, self.hidden_panel)
        beside.addWidget(self.views, 1)
        beside.addWidget(results)
        output_layout.addLayout(beside, 1)

        body = QWidget()
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(scroll)
        body_layout.addWidget(output, 1)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.transport.setObjectName("transport_bar")
        self.transport.setStyleSheet("#transport_bar { background: #ffffff; border-bottom: 1px solid #dde2e5; }")
        self.transport.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout.addWidget(self.transport)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for title, keys, slot in (("&Open scenario…", QKeySequence.StandardKey.Open, self.open_scenario),
                                  ("&Save scenario as…", QKeySequence.StandardKey.Save, self.save_scenario),
                                  (None, None, None),
                                  ("&Import points from CSV…", "Ctrl+I", self.import_csv),
                                  ("&Export points to CSV…", "Ctrl+E", self.export_csv),
                                  (None, None, None),
                                  ("&Quit", QKeySequence.StandardKey.Quit, self.close)):
            if title is None:
                file_menu.addSeparator()
                continue
            action = QAction(title, self)
            action.setShortcut(keys)
            action.triggered.connect(lambda _=False, s=slot: s())
            file_menu.addAction(action)
        edit_menu = self.menuBar().addMenu("&Edit")
        stack = self.session.undo_stack
        # Ctrl+Shift+Z redoes on every platform (the platform's own redo key works too, e.g. Ctrl+Y).
        for action, keys in ((stack.createUndoAction(self, "&Undo"), ["Ctrl+Z", QKeySequence.StandardKey.Undo]),
                             (stack.createRedoAction(self, "&Redo"), ["Ctrl+Shift+Z", QKeySequence.StandardKey.Redo])):
            shortcuts = []
            for key in keys:
                for sequence in QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) \
                        else [QKeySequence(key)]:
                    if sequence not in shortcuts:
                        shortcuts.append(sequence)
            action.setShortcuts(shortcuts)
            edit_menu.addAction(action)
        view_menu = self.menuBar().addMenu("&View")
        self.hidden_action = QAction("&Hidden space beside the plane", self)
        self.hidden_action.setCheckable(True)
        self.hidden_action.setChecked(True)
        self.hidden_action.setShortcut(QKeySequence("H"))
        self.hidden_action.toggled.connect(self._on_hidden_action_toggled)
        view_menu.addAction(self.hidden_action)
        self.mistakes_action = QAction("&Mark misclassified points", self)
        self.mistakes_action.setCheckable(True)
        self.mistakes_action.setChecked(True)
        self.mistakes_action.toggled.connect(self.boundary_view.set_show_mistakes)
        view_menu.addAction(self.mistakes_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About Neural Network Playground", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS puts it in the application menu
        self.about_action.triggered.connect(self._show_about)
        help_menu.addAction(self.about_action)

    # ----- actions ------------------------------------------------------------------------------
    def play(self) -> None:
        self.worker.play()
        self.transport.set_playing(True)

    def pause(self) -> None:
        self.worker.pause()
        self.transport.set_playing(False)

    def open_scenario(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Open scenario", "", FILE_FILTER)
            if not path:
                return False
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            QMessageBox.warning(self, "Cannot open scenario", str(error))
            return False
        self.pause()
        self.session.load(scenario)
        self._show_status(f"Opened {Path(path).name}")
        return True

    def save_scenario(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save scenario", f"scenario{SUFFIX}", FILE_FILTER)
        if not path:
            return
        try:
            save_scenario(self.session.scenario(), path)
        except OSError as error:
            QMessageBox.warning(self, "Cannot save scenario", f"{Path(path).name}: {error.strerror or error}")
            return
        self._show_status(f"Saved {Path(path).name}")

    def import_csv(self, path: str | None = None) -> bool:
        """Replace the points with a CSV file's (one undoable step); a bad file changes nothing."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import points", "", CSV_FILTER)
            if not path:
                return False
        try:
            dataset = read_csv(path, test_ratio=self.session.test_share)
        except DatasetError as error:
            QMessageBox.warning(self, "Cannot import points", str(error))
            return False
        self.session.import_data(dataset, f"Import {Path(path).name}")
        self._show_status(f"Imported {len(dataset):,} points from {Path(path).name}")
        return True

    def export_csv(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "Export points", "points.csv", CSV_FILTER)
            if not path:
                return False
        try:
            write_csv(self.session.dataset, path)
        except DatasetError as error:
            QMessageBox.warning(self, "Cannot export points", str(error))
            return False
        except OSError as error:
            QMessageBox.warning(self, "Cannot export points", f"{Path(path).name}: {error.strerror or error}")
            return False
        self._show_status(f"Exported {len(self.session.dataset):,} points to {Path(path).name}")
        return True

    def _show_about(self) -> None:
        self.about_dialog = AboutDialog(self._device, self)
        self.about_dialog.open()

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _update_title(self) -> None:
        preset = self.session.preset
        name = PRESETS[preset.name].title if preset else "custom data"
        edited = " (edited)" if preset and self.session.edited else ""
        self.setWindowTitle(f"Neural Network Playground — {name}{edited}")

    # ----- signals ------------------------------------------------------------------------------
    def _on_session_dataset_changed(self, dataset, reset: bool) -> None:
        self._show_task(dataset.task)
        self.boundary_view.set_dataset(dataset)
        self.worker.set_dataset(dataset, reset=reset)
        self._update_title()

    def _on_point_hovered(self, index: int) -> None:
        points = self.session.dataset.points
        self.network_diagram.mark_point(tuple(points[index]) if 0 <= index < len(points) else None)

    def _on_hidden_action_toggled(self, shown: bool) -> None:
        self.hidden_panel.setVisible(shown)
        self.hidden_panel.set_active(shown)
        self.views.arrange()

    def _show_task(self, task: str) -> None:
        """Curve fitting has no classes to edit, and measures R² where classifying measures accuracy."""
        self.class_panel.setVisible(task != "fit")
        self.loss_chart.set_task(task)
        self.metrics_panel.set_task(task)

    def _on_worker_snapshot_ready(self, snapshot: Snapshot) -> None:
        self.loss_chart.add_snapshot(snapshot)  # the chart keeps every frame's numbers (it redraws on its own)
        # Keep only the newest frame; paint once the event loop is free, so a burst costs one repaint.
        self._latest = snapshot
        if not self._render_pending:
            self._render_pending = True
            QTimer.singleShot(0, self._render_latest)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show one frame everywhere, now."""
        self.loss_chart.add_snapshot(snapshot)
        self._latest = snapshot
        self._render_latest()

    def _render_latest(self) -> None:
        self._render_pending = False
        snapshot = self._latest
        if snapshot is None:
            return
        self._shown = snapshot
        self._device = snapshot.device
        self.boundary_view.show_snapshot(snapshot)
        self.metrics_panel.show_snapshot(snapshot)
        self.transport.show_snapshot(snapshot)
        self.network_diagram.show_picture(snapshot.network)
        self.hidden_panel.show_snapshot(snapshot)
        network = snapshot.network
        if self._focus is not None and network is not None:
            layer, neuron = self._focus
            if layer >= len(network.maps) - 1 or neuron >= len(network.maps[layer]):
                self._set_focus(None)  # the neuron went away with a change of the network

    def _on_diagram_neuron_clicked(self, layer: int, neuron: int) -> None:
        picture = self.network_diagram.picture
        output = picture is not None and layer == len(picture.maps) - 1
        self._set_focus(None if output or self._focus == (layer, neuron) else (layer, neuron))

    def _set_focus(self, focus: tuple[int, int] | None) -> None:
        self._focus = focus
        self.network_diagram.set_focus(focus)
        self.worker.set_focus(focus)

    def _on_transport_step_requested(self) -> None:
        if self.transport.steps_by_epoch:
            self.worker.step_epoch()
        else:
            self.worker.step()

    def _on_worker_playing_changed(self, playing: bool) -> None:
        self.transport.set_playing(playing)

    def _on_worker_failed(self, message: str) -> None:
        self.transport.set_playing(False)
        self.metrics_panel.show_message(message)
        self._show_status(message)

    @property
    def latest_snapshot(self) -> Snapshot | None:
        """The frame on screen now."""
        return self._shown

    def closeEvent(self, event: QCloseEvent) -> None:
        self.worker.stop()
        super().closeEvent(event)

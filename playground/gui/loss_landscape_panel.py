"""The loss-landscape panel: the view itself, and a line in plain words.

- A network of one neuron: which two of its parameters span the exact landscape (a classifier on x1 and x2 has
  three: w1, w2 and b). A click on the view sets the two parameters (as typed weights, in the data's units), so
  gradient descent starts from there.
- Any other network: a slice through its weights, along random directions or along the path, and a button to take
  a new slice through the weights as they are now.
- Compare optimisers: the chosen optimisers' paths from the same start on the landscape, their losses on a chart
  under it."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from ..core.landscape_frames import OPTIMIZER_LABELS, RACE_STEPS, LandscapeRequest, parameter_names, why_no_landscape
from ..core.network_spec import NetworkSpec
from ..core.snapshot import Snapshot
from .display import Display
from .loss_landscape_view import LossLandscapeView
from .race_chart import RaceChart
from .session import Session
from .square_container import SquareContainer

FIT_LINE = "Loss for each slope a and intercept b. Darker is lower. Click anywhere to start there."
CLASSIFY_LINE = "Loss for each pair of values. Darker is lower. Click anywhere to start there."
SLICE_LINE = ("A slice through the weights along two fixed directions: not the whole landscape, and the path is "
              "its shadow. Darker is lower.")
RACE_LINE = (f"Each optimizer: {RACE_STEPS} steps from the ring, on the same batches. Change the learning rate "
             "to see their steps change.")
SLICE_KIND_TEXTS = {"random": "Random slice", "trajectory": "Slice along the path"}
CAPTION_LINES = 3


class CaptionLabel(QLabel):
    """A wrapped line under the view, always given room for CAPTION_LINES lines (the container that places it asks
    its size hint before giving it its width, so a wrapped label's own hint could be a line short)."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * CAPTION_LINES + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class LossLandscapePanel(QWidget):
    request_changed = Signal(object)  # LandscapeRequest, or None while nothing needs drawing
    weights_chosen = Signal(object)  # ((layer, target, source or None for the bias, value), ...) to set at once

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        above = QWidget()
        heading = QHBoxLayout(above)
        heading.setContentsMargins(0, 0, 0, 4)
        heading.setSpacing(6)
        self.title = QLabel("Loss landscape")
        self.title.setProperty("role", "caption")
        self.title.setToolTip("How the loss (how wrong the network is on the training points) changes with two of "
                              "the neuron's parameters. Gradient descent walks downhill on it.")
        self.plane_combo = QComboBox()
        self.plane_combo.setToolTip("Which two parameters the picture spans; the third stays where it is")
        self.plane_combo.currentIndexChanged.connect(self._send_request)
        self.slice_button = self._slice_button()
        heading.addWidget(self.title)
        heading.addWidget(self.plane_combo)
        heading.addWidget(self.slice_button)
        heading.addStretch(1)
        self.compare_button = self._compare_button()
        self.caption = CaptionLabel(FIT_LINE)
        self.caption.setProperty("role", "caption")
        self.caption.setWordWrap(True)
        self.race_chart = RaceChart()
        self.race_chart.setVisible(False)
        below = QWidget()
        under = QVBoxLayout(below)
        under.setContentsMargins(0, 4, 0, 0)
        under.setSpacing(4)
        under.addWidget(self.compare_button)
        under.addWidget(self.race_chart)
        under.addWidget(self.caption)
        self.view = LossLandscapeView()
        self.view.point_chosen.connect(self._on_view_point_chosen)
        self.square = SquareContainer(self.view, self.view.decorations, above=above, below=below)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.square, 1)
        self._active = True
        self._take = 0  # new slices asked for
        self._sent: LandscapeRequest | None = None
        session.network_changed.connect(self._on_session_network_changed)
        self._on_session_network_changed(session.network)

    def _slice_button(self) -> QToolButton:
        button = QToolButton()
        button.setObjectName("slice_button")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolTip("Which slice of the landscape to draw: along two random directions through the weights, "
                          "or along the directions the path has gone; and a new slice through the weights now")
        menu = QMenu(button)
        group = QActionGroup(menu)
        self.slice_actions: dict[str, QAction] = {}
        for kind, text in (("random", "Random directions"), ("trajectory", "Along the path so far")):
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setData(kind)
            group.addAction(action)
            action.toggled.connect(self._on_slice_kind_toggled)
            self.slice_actions[kind] = action
        menu.addSeparator()
        self.new_slice_action = menu.addAction("New slice through the weights now")
        self.new_slice_action.triggered.connect(self._on_new_slice_triggered)
        self.slice_actions["random"].setChecked(True)
        button.setMenu(menu)
        return button

    def _compare_button(self) -> QToolButton:
        button = QToolButton()
        button.setObjectName("compare_button")
        button.setText("Compare optimizers")
        button.setCheckable(True)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        button.setToolTip("Run several optimizers from the same weights and draw their paths on the landscape, with "
                          "their losses on a chart: why momentum and Adam exist. The arrow picks which ones.")
        menu = QMenu(button)
        self.optimizer_actions: dict[str, QAction] = {}
        for name, label in OPTIMIZER_LABELS.items():
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self._send_request)
            self.optimizer_actions[name] = action
        button.setMenu(menu)
        button.toggled.connect(self._send_request)
        return button

    def _on_slice_kind_toggled(self, checked: bool) -> None:
        if checked and hasattr(self, "slice_button"):  # (not while the button is being made)
            self.slice_button.setText(SLICE_KIND_TEXTS[self.slice_kind()])
            self._send_request()

    def _on_new_slice_triggered(self) -> None:
        self._take += 1
        self._send_request()

    def slice_kind(self) -> str:
        return next((kind for kind, action in self.slice_actions.items() if action.isChecked()), "random")

    def set_display(self, display: Display) -> None:
        self.view.set_display(display)
        self.race_chart.set_display(display)
        display.zoom_changed.connect(lambda _zoom: self.square.fit_soon())

    # ----- what to draw -------------------------------------------------------------------------
    def request(self) -> LandscapeRequest | None:
        """What the training process should draw while the panel is shown: the exact landscape over the two
        parameters chosen (one neuron) or the slice chosen (any other network), and the optimizers to compare."""
        if not self._active:
            return None
        race = tuple(name for name, action in self.optimizer_actions.items() if action.isChecked()) \
            if self.compare_button.isChecked() else ()
        if why_no_landscape(self._session.network):  # any other network: a slice
            return LandscapeRequest(kind=self.slice_kind(), take=self._take, race=race)
        plane = self.plane_combo.currentData()
        return LandscapeRequest(tuple(plane) if plane is not None else (0, 1), take=self._take, race=race)

    def set_active(self, active: bool) -> None:
        """Whether the panel is shown; hidden, it asks for no landscape (and no path is recorded)."""
        self._active = active
        self._send_request()

    def _send_request(self) -> None:
        request = self.request()
        if request != self._sent:
            self._sent = request
            self.request_changed.emit(request)

    def _on_session_network_changed(self, spec: NetworkSpec) -> None:
        names = parameter_names(spec)
        items = []
        if names is not None and len(names) == 3:
            items = [(f"{names[i]} and {names[j]}", (i, j)) for i, j in ((0, 1), (0, 2), (1, 2))]
        current = [(self.plane_combo.itemText(i), self.plane_combo.itemData(i))
                   for i in range(self.plane_combo.count())]
        if current != items:
            with QSignalBlocker(self.plane_combo):
                chosen = self.plane_combo.currentData()
                self.plane_combo.clear()
                for text, plane in items:
                    self.plane_combo.addItem(text, plane)
                self.plane_combo.setCurrentIndex(max(0, self.plane_combo.findData(chosen)))
        self.plane_combo.setVisible(bool(items))
        sliced = bool(why_no_landscape(spec))
        self.slice_button.setVisible(sliced)
        self.slice_button.setText(SLICE_KIND_TEXTS[self.slice_kind()])
        self.title.setText("Loss landscape of" if items else "Loss landscape:" if sliced else "Loss landscape")
        self._sliced = sliced
        self._set_caption()
        self._send_request()

    def _set_caption(self, racing: bool = False) -> None:
        spec = self._session.network
        self.caption.setText(RACE_LINE if racing else SLICE_LINE if self._sliced else
                             FIT_LINE if spec.task == "fit" else CLASSIFY_LINE)

    # ----- frames -------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        frame = snapshot.landscape
        if frame is not None:
            self.view.show_frame(frame)
        elif snapshot.landscape_note:
            self.view.show_note(snapshot.landscape_note)
        racing = frame is not None and bool(frame.race)
        if racing:
            self.race_chart.show_race(frame.race)
        if racing != self.race_chart.isVisible():
            self.race_chart.setVisible(racing)
            self._set_caption(racing)
            self.square.fit_soon()

    def _on_view_point_chosen(self, x: float, y: float) -> None:
        frame = self.view.frame
        spec = self._session.network
        if frame is None or frame.is_slice or why_no_landscape(spec):
            return
        n_weights = spec.n_inputs
        commands = tuple((0, 0, None if index == n_weights else index, float(value))
                         for index, value in zip(frame.plane, (x, y), strict=True))
        self.weights_chosen.emit(commands)

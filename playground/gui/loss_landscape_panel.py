"""The loss-landscape panel: for a network of one neuron, which two of its parameters span the landscape (a
classifier on x1 and x2 has three: w1, w2 and b), the view itself, and a line in plain words. A click on the view
sets the two parameters (as typed weights, in the data's units), so gradient descent starts from there."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..core.landscape_frames import LandscapeRequest, parameter_names, why_no_landscape
from ..core.network_spec import NetworkSpec
from ..core.snapshot import Snapshot
from .display import Display
from .loss_landscape_view import LossLandscapeView
from .session import Session
from .square_container import SquareContainer

FIT_LINE = "Loss for each slope a and intercept b. Darker is lower. Click anywhere to start there."
CLASSIFY_LINE = "Loss for each pair of values. Darker is lower. Click anywhere to start there."
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
        heading.addWidget(self.title)
        heading.addWidget(self.plane_combo)
        heading.addStretch(1)
        self.caption = CaptionLabel(FIT_LINE)
        self.caption.setProperty("role", "caption")
        self.caption.setWordWrap(True)
        self.view = LossLandscapeView()
        self.view.point_chosen.connect(self._on_view_point_chosen)
        self.square = SquareContainer(self.view, self.view.decorations, above=above, below=self.caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.square, 1)
        self._active = True
        self._sent: LandscapeRequest | None = None
        session.network_changed.connect(self._on_session_network_changed)
        self._on_session_network_changed(session.network)

    def set_display(self, display: Display) -> None:
        self.view.set_display(display)
        display.zoom_changed.connect(lambda _zoom: self.square.fit_soon())

    # ----- what to draw -------------------------------------------------------------------------
    def request(self) -> LandscapeRequest | None:
        """What the training process should draw: the plane chosen, while the panel is shown and the network is
        one neuron."""
        if not self._active or why_no_landscape(self._session.network):
            return None
        plane = self.plane_combo.currentData()
        return LandscapeRequest(tuple(plane) if plane is not None else (0, 1))

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
        self.title.setText("Loss landscape of" if items else "Loss landscape")
        self.caption.setText(FIT_LINE if spec.task == "fit" else CLASSIFY_LINE)
        note = why_no_landscape(spec)
        self.caption.setVisible(not note)
        if note:
            self.view.show_note(note)
        self._send_request()

    # ----- frames -------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.landscape is not None:
            self.view.show_frame(snapshot.landscape)
        elif snapshot.landscape_note:
            self.view.show_note(snapshot.landscape_note)

    def _on_view_point_chosen(self, x: float, y: float) -> None:
        frame = self.view.frame
        spec = self._session.network
        if frame is None or why_no_landscape(spec):
            return
        n_weights = spec.n_inputs
        commands = tuple((0, 0, None if index == n_weights else index, float(value))
                         for index, value in zip(frame.plane, (x, y), strict=True))
        self.weights_chosen.emit(commands)

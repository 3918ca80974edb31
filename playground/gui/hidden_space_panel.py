"""The hidden-space panel: which layer and stage to look at and on which axes, the view itself, the morph
(from the input plane to the layer, stage by stage) and the replay of how the warp evolved while training."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, QVariantAnimation, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.hidden_frames import HiddenFrame, HiddenRequest
from ..core.network_spec import NetworkSpec
from ..core.snapshot import Snapshot
from .display import Display
from .hidden_space_view import HiddenSpaceView
from .history_slider import HistorySlider
from .session import Session
from .square_container import SquareContainer

MORPH_STEPS = 1000  # slider positions across the whole morph
MORPH_MS_PER_STAGE = 900
HISTORY_CAPACITY = 160  # frames kept for the replay; older ones are thinned, never all dropped
REPLAY_LABEL_WIDTH = 90  # pixels at zoom 1: "step 123,456" without jumps
MORPH_TIP = "Drag to go from the input plane (left) to the layer (right)"
NO_HIDDEN_NOTE = "Add a hidden layer to see\nhow it bends the plane"
AXES_3D = ("pca3", "neurons3")


ARROWS_TIP = ("Arrows: where training pushes each training point, on the plane and here. Each is the way the "
              "point's own loss falls fastest, were the point free to move (minus the gradient of its loss with "
              "respect to where it is, or to how this layer sees it): points on the wrong side are pulled hard "
              "toward the line. Lengths are scaled to be seen; the flat picture only.")


class HiddenSpacePanel(QWidget):
    request_changed = Signal(object)  # HiddenRequest, or None while nothing needs drawing

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        above = QWidget()
        above_layout = QVBoxLayout(above)
        above_layout.setContentsMargins(0, 0, 0, 4)
        above_layout.setSpacing(3)
        # Two rows: the title with the layer to look at, then how to look at it (stage, axes, neurons).
        heading = QHBoxLayout()
        heading.setSpacing(6)
        title = QLabel("Hidden space of")
        title.setProperty("role", "caption")
        title.setToolTip("A grid drawn over the input plane, carried through the network up to the layer chosen, "
                         "with the data points carried along.\nWhere the layer feeds the output, the output's "
                         "decision line is straight here: the layer has made the classes separable by a line.")
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip("Which hidden layer to look at")
        heading.addWidget(title)
        heading.addWidget(self.layer_combo, 1)
        above_layout.addLayout(heading)
        choices = QHBoxLayout()
        choices.setSpacing(4)
        self.stage_combo = QComboBox()
        self.stage_combo.addItem("after W·x + b", "affine")
        self.stage_combo.addItem("after activation", "activation")  # named after the layer's activation below
        self.stage_combo.setCurrentIndex(1)
        self.stage_combo.setToolTip("The layer's weighted sums (a straight, affine map of the plane), or its "
                                    "outputs after the activation bends them")
        self.axes_combo = QComboBox()
        self.axes_combo.addItem("PCA", None)
        self.axes_combo.addItem("2 neurons", "neurons")
        self.axes_combo.setToolTip("A layer of more than 2 neurons has more than 2 dimensions: draw it along its "
                                   "two main directions (PCA, kept steady from frame to frame), or along two "
                                   "neurons of your choice.\nA layer of 3 or more can also be drawn in 3D, on "
                                   "three main directions or three neurons: drag the picture to turn it")
        self.neuron_spins = []
        for i in range(3):
            spin = QSpinBox()
            spin.setRange(1, 1)
            spin.setValue(i + 1)
            spin.setToolTip(("Neuron across", "Neuron up", "Neuron in depth (the third axis)")[i])
            spin.valueChanged.connect(self._send_request)
            self.neuron_spins.append(spin)
        for widget in (self.stage_combo, self.axes_combo, *self.neuron_spins):
            choices.addWidget(widget)
        choices.addStretch(1)
        above_layout.addLayout(choices)
        self.layer_combo.currentIndexChanged.connect(self._send_request)
        self.stage_combo.currentIndexChanged.connect(self._send_request)
        self.axes_combo.currentIndexChanged.connect(self._send_request)

        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 4, 0, 0)
        below_layout.setSpacing(2)
        morph = QHBoxLayout()
        self.morph_button = QToolButton()
        self.morph_button.setText("▶ Morph")
        self.morph_button.setToolTip("Play the plane's journey from the input to this layer: the linear map, "
                                     "the bias shift, then the activation, layer after layer")
        self.morph_button.clicked.connect(self._on_morph_button_clicked)
        self.morph_slider = QSlider(Qt.Orientation.Horizontal)
        self.morph_slider.setRange(0, MORPH_STEPS)
        self.morph_slider.setValue(MORPH_STEPS)
        self.morph_slider.setToolTip(MORPH_TIP)
        self.morph_slider.valueChanged.connect(self._on_morph_slider_changed)
        self.arrows_button = QToolButton()
        self.arrows_button.setText("Arrows")
        self.arrows_button.setCheckable(True)
        self.arrows_button.setToolTip(ARROWS_TIP)
        morph.addWidget(self.morph_button)
        morph.addWidget(self.morph_slider, 1)
        morph.addWidget(self.arrows_button)
        below_layout.addLayout(morph)
        replay = QHBoxLayout()
        replay_caption = QLabel("History")
        replay_caption.setProperty("role", "caption")
        self.replay_slider = HistorySlider()
        self.replay_slider.setRange(0, 0)
        self.replay_slider.setToolTip("Drag back to replay how the warp changed during training; "
                                      "all the way right is live")
        self.replay_slider.valueChanged.connect(self._on_replay_slider_changed)
        self.replay_label = QLabel("live")
        self.replay_label.setMinimumWidth(REPLAY_LABEL_WIDTH)
        replay.addWidget(replay_caption)
        replay.addWidget(self.replay_slider, 1)
        replay.addWidget(self.replay_label)
        below_layout.addLayout(replay)

        self.view = HiddenSpaceView()
        self.square = SquareContainer(self.view, self.view.decorations, above=above, below=below)
        # The axes' labels take more or less room as the range moves ("-0.5" to "-1000"): fit the square again then,
        # or the view widens the range past the regions drawn and leaves white bands at its sides.
        self.view.plot.getViewBox().sigResized.connect(self.square.fit_soon)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.square, 1)

        self._animation = QVariantAnimation(self)
        self._animation.valueChanged.connect(lambda value: self.morph_slider.setValue(int(value)))
        self._animation.finished.connect(self._on_animation_finished)
        # (step, hidden frame, misclassified) of earlier frames, oldest first: only what the replay draws, not the
        # whole snapshot (its boundary map and neuron maps would be most of the memory).
        self._history: list[tuple[int, HiddenFrame, np.ndarray | None]] = []
        self._generation: int | None = None
        self._active = True
        self._sent: HiddenRequest | None = None  # the request the worker has
        self._morph_waiting = False  # ▶ Morph was pressed; it starts when a frame with the stages comes in
        session.network_changed.connect(self._on_session_network_changed)
        session.dataset_changed.connect(self._on_session_dataset_changed)
        self._classes = (session.dataset.n_classes, session.dataset.task)
        self.view.set_dataset(session.dataset, session.data_version)
        self._on_session_network_changed(session.network)

    def set_display(self, display: Display) -> None:
        """The view at the display's zoom and in its palette (the controls' text follows the window's font)."""
        self.view.set_display(display)
        display.zoom_changed.connect(self._on_display_zoom_changed)
        self._on_display_zoom_changed(display.zoom)

    def _on_display_zoom_changed(self, zoom: float) -> None:
        self.replay_label.setMinimumWidth(round(REPLAY_LABEL_WIDTH * zoom))
        self.square.fit_soon()  # the view's axes take another size

    # ----- what to draw -------------------------------------------------------------------------
    def request(self) -> HiddenRequest | None:
        """What the training process should draw: the choice, while the panel is shown."""
        return self.choice() if self._active else None

    def choice(self) -> HiddenRequest | None:
        """The layer, stage and axes chosen (shown or not); None when the network has no hidden layer."""
        layer = self.layer_combo.currentData()
        if layer is None:
            return None
        width = self._session.network.hidden[layer - 1]
        axes = self.axes_combo.currentData()
        dims = 3 if axes in AXES_3D and width >= 3 else 2
        neurons = None
        if axes in ("neurons", "neurons3") and width > 2:
            neurons = tuple(spin.value() - 1 for spin in self.neuron_spins[:dims])
        return HiddenRequest(layer, self.stage_combo.currentData(), neurons, morph=self._morph_in_use(), dims=dims)

    def choose(self, request: HiddenRequest) -> None:
        """Select a layer, stage and axes as the user would."""
        with QSignalBlocker(self.layer_combo), QSignalBlocker(self.stage_combo), QSignalBlocker(self.axes_combo):
            self.layer_combo.setCurrentIndex(max(0, self.layer_combo.findData(request.layer)))
            self.stage_combo.setCurrentIndex(self.stage_combo.findData(request.stage))
            layer = self.layer_combo.currentData()
            self._sync_axes_items(self._session.network.hidden[layer - 1] if layer is not None else 0)
            axes = ("neurons" if request.dims == 2 else "neurons3") if request.neurons is not None else \
                (None if request.dims == 2 else "pca3")
            self.axes_combo.setCurrentIndex(max(0, self.axes_combo.findData(axes)))
            if request.neurons is not None:
                for spin, neuron in zip(self.neuron_spins[:len(request.neurons)], request.neurons, strict=True):
                    spin.setRange(1, max(spin.maximum(), neuron + 1))
                    spin.setValue(neuron + 1)
        self._send_request()

    def set_active(self, active: bool) -> None:
        """Whether the panel is shown; hidden, it asks for no frames (they cost training time)."""
        self._active = active
        self._send_request()

    def _send_request(self) -> None:
        """A new choice of layer, stage or axes: the frames kept for the replay no longer fit it."""
        layer = self.layer_combo.currentData()
        width = self._session.network.hidden[layer - 1] if layer is not None else 0
        wide = width > 2
        self._sync_axes_items(width)
        self.axes_combo.setVisible(wide)  # 1 or 2 neurons are drawn as they are: no axes to choose
        if layer is not None:
            self.stage_combo.setItemText(1, f"after {self._session.network.activations[layer - 1]}")
        axes = self.axes_combo.currentData()
        shown = 3 if axes == "neurons3" else 2 if axes == "neurons" else 0
        for i, spin in enumerate(self.neuron_spins):
            spin.setVisible(wide and i < shown)
            with QSignalBlocker(spin):
                clamped = spin.maximum() < i + 1 and spin.value() == spin.maximum()
                spin.setRange(1, max(1, width))
                if clamped:  # it could not hold its first choice (neuron i + 1) in a narrower layer
                    spin.setValue(min(i + 1, width))
        self._clear_history()
        self._sent = self.request()
        self.request_changed.emit(self._sent)

    def _sync_axes_items(self, width: int) -> None:
        """The axes to choose from: the 3D ones only for a layer of 3 neurons or more (a layer of exactly 3
        is drawn in 3D as it is, neuron 1, 2 and 3)."""
        items = [("PCA", None), ("2 neurons", "neurons")]
        if width >= 3:
            items += [("3D" if width == 3 else "3D PCA", "pca3"), ("3 neurons", "neurons3")]
        current = [(self.axes_combo.itemText(i), self.axes_combo.itemData(i)) for i in range(self.axes_combo.count())]
        if current == items:
            return
        with QSignalBlocker(self.axes_combo):
            chosen = self.axes_combo.currentData()
            self.axes_combo.clear()
            for text, data in items:
                self.axes_combo.addItem(text, data)
            self.axes_combo.setCurrentIndex(max(0, self.axes_combo.findData(chosen)))

    def _resend_for_morph(self) -> None:
        """The morph came into use or went out of it: ask for its stages, or stop paying for them."""
        request = self.request()
        if request != self._sent:
            self._sent = request
            self.request_changed.emit(request)

    def _on_session_network_changed(self, spec: NetworkSpec) -> None:
        layers = len(spec.hidden)
        with QSignalBlocker(self.layer_combo):
            chosen = self.layer_combo.currentData()
            self.layer_combo.clear()
            for k, (width, activation) in enumerate(zip(spec.hidden, spec.activations, strict=True), start=1):
                self.layer_combo.addItem(f"Layer {k} ({width} {activation})", k)
            if layers:  # keep the layer chosen when it still exists, else the last (it feeds the output)
                index = chosen - 1 if chosen is not None and chosen <= layers else layers - 1
                self.layer_combo.setCurrentIndex(index)
        for widget in (self.layer_combo, self.stage_combo, self.morph_button, self.morph_slider,
                       self.replay_slider):
            widget.setEnabled(bool(layers))
        if not layers:
            self.view.show_note(NO_HIDDEN_NOTE)
        self._send_request()

    def _on_session_dataset_changed(self, dataset, _reset: bool) -> None:
        """Frames carry their own points, so drawing goes on and the replay keeps its history; only new
        classes (or a new task) make the old frames meaningless."""
        self.view.set_dataset(dataset, self._session.data_version)
        classes = (dataset.n_classes, dataset.task)
        if classes != self._classes:
            self._classes = classes
            self._clear_history()

    # ----- frames -------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.hidden is None:
            if snapshot.hidden_note and self.layer_combo.count():
                self.view.show_note(snapshot.hidden_note)
            return
        if snapshot.generation != self._generation:
            self._clear_history()
            self._generation = snapshot.generation
        self._remember(snapshot)
        if self._replaying():
            self._update_replay_label()
            return
        self.view.show_frame(snapshot.hidden, snapshot.misclassified)
        self._enable_morph(True)
        if self._morph_waiting and self.view.stage_count >= 2:
            self._start_morph()
        self._sync_morph_label()

    def _remember(self, snapshot: Snapshot) -> None:
        step = snapshot.metrics.step
        # (a sampled frame's mistakes among its own points: 5,000 flags, not 100,000, for each frame kept)
        entry = (step, snapshot.hidden, snapshot.hidden.of_points(snapshot.misclassified))
        if self._history and self._history[-1][0] == step:
            self._history[-1] = entry
            return
        self._history.append(entry)
        if len(self._history) > HISTORY_CAPACITY:  # thin the older three quarters to every other frame
            cut = HISTORY_CAPACITY * 3 // 4
            self._history = self._history[:cut:2] + self._history[cut:]
        replaying = self._replaying()
        with QSignalBlocker(self.replay_slider):
            last = len(self._history) - 1
            self.replay_slider.set_range_and_value(last, min(self.replay_slider.value(), last) if replaying else last)

    def _replaying(self) -> bool:
        return bool(self._history) and self.replay_slider.value() < self.replay_slider.maximum()

    def _clear_history(self) -> None:
        self._history = []
        with QSignalBlocker(self.replay_slider):
            self.replay_slider.setRange(0, 0)
        self.replay_label.setText("live")

    @property
    def history_length(self) -> int:
        return len(self._history)

    def _on_replay_slider_changed(self, position: int) -> None:
        if not self._history:
            return
        _step, frame, misclassified = self._history[min(position, len(self._history) - 1)]
        self.view.show_frame(frame, misclassified)
        # The morph needs the frame's stages: live frames have them while it is in use, older ones may not.
        self._enable_morph(not self._replaying() or self.view.stage_count >= 2)
        self._update_replay_label()

    def _update_replay_label(self) -> None:
        if not self._replaying():
            self.replay_label.setText("live")
            return
        step = self._history[self.replay_slider.value()][0]
        self.replay_label.setText(f"step {step:,}")

    # ----- morph --------------------------------------------------------------------------------
    def _morph_in_use(self) -> bool:
        return (self.morph_slider.value() < MORPH_STEPS or self._morph_waiting
                or self._animation.state() == QVariantAnimation.State.Running)

    def _enable_morph(self, enabled: bool) -> None:
        enabled = enabled and self.layer_combo.count() > 0
        for widget in (self.morph_button, self.morph_slider):
            widget.setEnabled(enabled)
        tip = MORPH_TIP if enabled else "The morph shows the live network; this frame from the history has no stages " \
            "to show"
        if self.morph_slider.toolTip() != tip:  # (every frame otherwise)
            self.morph_slider.setToolTip(tip)

    def _on_morph_slider_changed(self, value: int) -> None:
        self.view.set_morph(None if value >= MORPH_STEPS else value / MORPH_STEPS)
        self._resend_for_morph()
        self._sync_morph_label()

    def _sync_morph_label(self) -> None:
        running = self._morph_waiting or self._animation.state() == QVariantAnimation.State.Running
        self.morph_button.setText("■ Stop" if running else "▶ Morph")

    def _on_morph_button_clicked(self) -> None:
        if self._morph_waiting or self._animation.state() == QVariantAnimation.State.Running:
            self._morph_waiting = False
            self._animation.stop()
        elif self.view.stage_count >= 2:
            self._start_morph()
        else:  # training at full speed leaves the stages out: ask for them, and start when they come
            self._morph_waiting = True
        self._resend_for_morph()
        self._sync_morph_label()

    def _start_morph(self) -> None:
        self._morph_waiting = False
        self._animation.setStartValue(0)
        self._animation.setEndValue(MORPH_STEPS)
        self._animation.setDuration(MORPH_MS_PER_STAGE * (self.view.stage_count - 1))
        self._animation.start()

    def _on_animation_finished(self) -> None:
        self._resend_for_morph()
        self._sync_morph_label()

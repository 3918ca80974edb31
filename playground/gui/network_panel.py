"""The layer editor: which input features the network gets, and its hidden layers one by one (neurons,
activation, dropout), from none (a single neuron) up to ten. Every change rebuilds the network; the
training process keeps the weights of layers whose shape did not change."""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.feature_names import FEATURES, FIT_FEATURES, feature_title
from ..core.network_spec import MAX_DROPOUT, MAX_LAYERS, MAX_WIDTH, NetworkSpec, SpecError
from .session import Session

ACTIVATION_TITLES = {"tanh": "Tanh", "relu": "ReLU", "leaky-relu": "Leaky ReLU", "sigmoid": "Sigmoid",
                     "gelu": "GELU", "linear": "Linear (none)", "step": "Step (no gradient)"}
ACTIVATION_TIPS = {
    "tanh": "Tanh squashes each neuron's sum into -1 .. 1, smoothly",
    "relu": "ReLU keeps positive sums and turns negative ones into 0",
    "leaky-relu": "Leaky ReLU keeps positive sums and shrinks negative ones to a tenth",
    "sigmoid": "Sigmoid squashes each neuron's sum into 0 .. 1, smoothly",
    "gelu": "GELU: a smooth ReLU, used in today's large networks",
    "linear": "No activation: however many layers, the network can only draw a straight line",
    "step": "Step: 1 if the sum is positive, else 0. It has no slope, so gradient descent cannot learn "
            "through it: set the weights by hand",
}
STEP_NOTE = ("The step function has no slope, so training cannot change the weights before it. "
             "Type weights by hand in the network diagram.")
FEATURE_TIPS = {"x1": "The first coordinate", "x2": "The second coordinate",
                "x1sq": "The first coordinate squared", "x2sq": "The second coordinate squared",
                "x1x2": "The two coordinates multiplied", "sinx1": "A wave along the first coordinate",
                "sinx2": "A wave along the second coordinate"}


class WidthSpinBox(QSpinBox):
    """A layer's neuron count. Qt's own check drops a keystroke that would go past the range, so typing 256
    gave 25; here a whole number out of range is kept while typed, brought into range when entered, and
    `clamped` (emitted after the value is set) tells what was typed."""

    clamped = Signal(int)  # the number typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed: int | None = None
        self.editingFinished.connect(self._on_editing_finished)

    def _out_of_range(self, text: str) -> int | None:
        digits = text.strip()
        if not re.fullmatch(r"[0-9]{1,12}", digits):
            return None
        value = int(digits)
        return value if not self.minimum() <= value <= self.maximum() else None

    def validate(self, text: str, pos: int) -> object:
        if self._out_of_range(text) is not None:
            return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)

    def fixup(self, text: str) -> str:
        value = self._out_of_range(text)
        if value is None:
            return super().fixup(text)
        self._typed = value
        return str(min(max(value, self.minimum()), self.maximum()))

    def _on_editing_finished(self) -> None:
        typed, self._typed = self._typed, None
        if typed is not None:
            self.clamped.emit(typed)


class NetworkPanel(QGroupBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Network", parent)
        self._session = session
        layout = QVBoxLayout(self)

        self.features_caption = caption = QLabel("Inputs")
        caption.setProperty("role", "caption")
        caption.setToolTip("What the network is told about each point. Hand-made features like x1² "
                           "can do the work that hidden layers would otherwise have to learn.")
        layout.addWidget(caption)
        features = QGridLayout()
        features.setSpacing(3)
        self.feature_buttons: dict[str, QToolButton] = {}
        for i, name in enumerate(FEATURES):
            button = QToolButton()
            button.setText(feature_title(name))
            button.setCheckable(True)
            button.setToolTip(FEATURE_TIPS[name])
            button.setMinimumWidth(58)
            button.clicked.connect(lambda _=False, n=name: self._on_feature_clicked(n))
            features.addWidget(button, i // 4, i % 4)
            self.feature_buttons[name] = button
        layout.addLayout(features)

        self.layers_caption = caption = QLabel("Hidden layers")
        caption.setProperty("role", "caption")
        layout.addWidget(caption)
        self._rows_host = QWidget()
        self._rows = QGridLayout(self._rows_host)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setHorizontalSpacing(4)
        layout.addWidget(self._rows_host)
        self.width_spins: list[WidthSpinBox] = []
        self.activation_combos: list[QComboBox] = []
        self.dropout_spins: list[QDoubleSpinBox] = []
        self.remove_buttons: list[QToolButton] = []
        self._row_widgets: list[QWidget] = []

        self.single_neuron_combo = QComboBox()
        self.single_neuron_combo.addItem("Smooth (sigmoid): it learns", "sigmoid")
        self.single_neuron_combo.addItem("Step: a perceptron, set by hand", "step")
        self.single_neuron_combo.setToolTip("With no hidden layer the network is one neuron. A step neuron is "
                                            "the classic perceptron: it answers 0 or 1 and cannot learn by "
                                            "gradient descent.")
        self.single_neuron_combo.currentIndexChanged.connect(self._on_single_neuron_changed)
        layout.addWidget(self.single_neuron_combo)

        self.add_layer_button = QPushButton("+ Add a layer")
        self.add_layer_button.setToolTip(f"Add a hidden layer (up to {MAX_LAYERS})")
        self.add_layer_button.clicked.connect(self._on_add_layer_clicked)
        layout.addWidget(self.add_layer_button)
        self.shape_label = QLabel()
        self.shape_label.setProperty("role", "caption")
        self.shape_label.setToolTip("Neurons in every layer, from the inputs to the output")
        layout.addWidget(self.shape_label)
        self.fit_hint = QLabel("One neuron on x computes y = a·x + b: linear regression. Training finds a "
                               "(the weight) and b (the bias); hover them in the diagram, or click to type your own.")
        self.fit_hint.setProperty("role", "caption")
        self.fit_hint.setWordWrap(True)
        self.fit_hint.hide()
        layout.addWidget(self.fit_hint)
        self.note_label = QLabel()
        self.note_label.setProperty("role", "error")
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        layout.addWidget(self.note_label)

        session.network_changed.connect(self._on_session_network_changed)
        self._on_session_network_changed(session.network)

    # ----- edits --------------------------------------------------------------------------------
    def _apply(self, **changes) -> None:
        try:
            spec = replace(self._session.network, **changes)
        except SpecError as error:
            self._on_session_network_changed(self._session.network)
            self._show_note(str(error).capitalize())
            return
        self._session.set_network(spec)
        self._on_session_network_changed(self._session.network)

    def _layers(self) -> tuple[list[int], list[str], list[float]]:
        spec = self._session.network
        return list(spec.hidden), list(spec.activations), list(spec.dropouts)

    def _apply_layers(self, widths: list[int], activations: list[str], dropouts: list[float]) -> None:
        if widths:
            self._apply(hidden=tuple(widths), activation=tuple(activations), dropout=tuple(dropouts))
        else:  # a single neuron: a smooth one that learns, unless the user picks the perceptron
            self._apply(hidden=(), activation="sigmoid", dropout=0.0)

    def _on_feature_clicked(self, name: str) -> None:
        chosen = [n for n, b in self.feature_buttons.items() if b.isChecked()]
        if not chosen:
            self._on_session_network_changed(self._session.network)
            self._show_note("The network needs at least one input.")
            return
        self._apply(features=tuple(chosen))

    def _on_add_layer_clicked(self) -> None:
        widths, activations, dropouts = self._layers()
        if len(widths) >= MAX_LAYERS:
            return
        widths.append(widths[-1] if widths else 4)
        activations.append(activations[-1] if activations else "tanh")
        dropouts.append(0.0)
        self._apply_layers(widths, activations, dropouts)

    def _on_remove_clicked(self, index: int) -> None:
        widths, activations, dropouts = self._layers()
        del widths[index], activations[index], dropouts[index]
        self._apply_layers(widths, activations, dropouts)

    def _on_row_changed(self, index: int) -> None:
        widths, activations, dropouts = self._layers()
        widths[index] = self.width_spins[index].value()
        activations[index] = self.activation_combos[index].currentData()
        dropouts[index] = round(self.dropout_spins[index].value(), 2)
        self._apply_layers(widths, activations, dropouts)

    def _on_width_clamped(self, typed: int) -> None:
        self._show_note(f"A layer has at most {MAX_WIDTH} neurons." if typed > MAX_WIDTH
                        else "A layer has at least one neuron.")

    def _on_single_neuron_changed(self, index: int) -> None:
        if not self._session.network.hidden:
            self._apply(activation=self.single_neuron_combo.itemData(index))

    # ----- view ---------------------------------------------------------------------------------
    def _show_note(self, message: str) -> None:
        self.note_label.setText(message)
        self.note_label.setVisible(bool(message))

    def _rebuild_rows(self, count: int) -> None:
        for widget in self._row_widgets:
            self._rows.removeWidget(widget)
            widget.deleteLater()
        self._row_widgets, self.width_spins, self.activation_combos = [], [], []
        self.dropout_spins, self.remove_buttons = [], []
        for i in range(count):
            number = QLabel(f"{i + 1}")
            number.setProperty("role", "caption")
            width = WidthSpinBox()
            width.setRange(1, MAX_WIDTH)
            width.setKeyboardTracking(False)  # typing "16" is one change, not "1" then "16"
            width.setToolTip(f"Neurons in layer {i + 1} (1 to {MAX_WIDTH})")
            activation = QComboBox()
            for name, title in ACTIVATION_TITLES.items():
                activation.addItem(title, name)
                activation.setItemData(activation.count() - 1, ACTIVATION_TIPS[name], Qt.ItemDataRole.ToolTipRole)
            activation.setToolTip("What this layer's neurons do with their weighted sums")
            activation.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            activation.setMinimumContentsLength(7)
            dropout = QDoubleSpinBox()
            dropout.setRange(0.0, MAX_DROPOUT)
            dropout.setSingleStep(0.1)
            dropout.setDecimals(1)
            dropout.setKeyboardTracking(False)
            dropout.setSpecialValueText("none")
            dropout.setPrefix("drop ")
            dropout.setToolTip("Dropout: the share of this layer's neurons switched off at random in each "
                               "training step, so the network cannot lean on any one of them")
            remove = QToolButton()
            remove.setText("✕")
            remove.setToolTip(f"Remove layer {i + 1}")
            width.valueChanged.connect(lambda _v, r=i: self._on_row_changed(r))
            width.clamped.connect(self._on_width_clamped)
            activation.currentIndexChanged.connect(lambda _v, r=i: self._on_row_changed(r))
            dropout.valueChanged.connect(lambda _v, r=i: self._on_row_changed(r))
            remove.clicked.connect(lambda _=False, r=i: self._on_remove_clicked(r))
            for column, widget in enumerate((number, width, activation, dropout, remove)):
                self._rows.addWidget(widget, i, column)
            self._row_widgets += [number, width, activation, dropout, remove]
            self.width_spins.append(width)
            self.activation_combos.append(activation)
            self.dropout_spins.append(dropout)
            self.remove_buttons.append(remove)

    def refresh(self, spec: NetworkSpec) -> None:
        """Show `spec` (the rows, the features, the notes) as this panel would after a change."""
        self._on_session_network_changed(spec)

    def _on_session_network_changed(self, spec: NetworkSpec) -> None:
        fit = spec.task == "fit"
        for name, button in self.feature_buttons.items():
            button.setChecked(name in spec.features)
            # In curve fitting the second coordinate is y, the answer: features of it would give it away.
            usable = not fit or name in FIT_FEATURES
            button.setEnabled(usable)
            button.setText(feature_title(name, fit))
            button.setToolTip(FEATURE_TIPS[name] if usable else
                              "In curve fitting the network sees only x: y is what it has to predict")
        if len(self.width_spins) != len(spec.hidden):
            self._rebuild_rows(len(spec.hidden))
        for i, (width, activation, dropout) in enumerate(zip(spec.hidden, spec.activations, spec.dropouts,
                                                              strict=True)):
            for widget, setter, value in ((self.width_spins[i], "setValue", width),
                                          (self.dropout_spins[i], "setValue", dropout),
                                          (self.activation_combos[i], "setCurrentIndex",
                                           self.activation_combos[i].findData(activation))):
                with QSignalBlocker(widget):
                    getattr(widget, setter)(value)
        self.single_neuron_combo.setVisible(not spec.hidden and not fit)  # a fitted y is a plain sum: no choice
        self.fit_hint.setVisible(fit and not spec.hidden and spec.features == ("x1",))
        with QSignalBlocker(self.single_neuron_combo):
            self.single_neuron_combo.setCurrentIndex(1 if spec.perceptron else 0)
        self.add_layer_button.setEnabled(len(spec.hidden) < MAX_LAYERS)
        sizes = (spec.n_inputs, *spec.hidden, spec.n_outputs)
        self.shape_label.setText(" → ".join(str(s) for s in sizes) + "  (inputs → output)")
        uses_step = spec.perceptron or "step" in spec.activations
        self._show_note(STEP_NOTE if uses_step else "")

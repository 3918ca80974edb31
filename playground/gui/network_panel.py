"""The network controls: hidden layers (neuron counts, typed or with + and - buttons) and the activation."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from ..core.network import MAX_LAYERS, NetworkSpec, SpecError, parse_hidden
from .session import Session

ACTIVATION_TITLES = {"tanh": "Tanh", "relu": "ReLU", "sigmoid": "Sigmoid", "linear": "Linear (none)"}
ACTIVATION_TIPS = {
    "tanh": "Tanh squashes each neuron's sum into -1 .. 1, smoothly",
    "relu": "ReLU keeps positive sums and turns negative ones into 0",
    "sigmoid": "Sigmoid squashes each neuron's sum into 0 .. 1, smoothly",
    "linear": "No activation: however many layers, the network can only draw a straight line",
}


class NetworkPanel(QGroupBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Network", parent)
        self._session = session
        form = QFormLayout(self)

        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.hidden_edit = QLineEdit()
        self.hidden_edit.setPlaceholderText("none: a single neuron")
        self.hidden_edit.setToolTip(
            "Neurons in each hidden layer, separated by commas: '8, 8' is two layers of eight.\n"
            "Leave it empty for no hidden layer (a single neuron). Press Enter to apply.")
        self.hidden_edit.editingFinished.connect(self._on_hidden_edit_finished)
        self.remove_layer_button = QToolButton()
        self.remove_layer_button.setText("−")
        self.remove_layer_button.setToolTip("Remove the last hidden layer")
        self.remove_layer_button.clicked.connect(self._on_remove_layer_clicked)
        self.add_layer_button = QToolButton()
        self.add_layer_button.setText("+")
        self.add_layer_button.setToolTip("Add a hidden layer")
        self.add_layer_button.clicked.connect(self._on_add_layer_clicked)
        row_layout.addWidget(self.hidden_edit, 1)
        row_layout.addWidget(self.remove_layer_button)
        row_layout.addWidget(self.add_layer_button)
        form.addRow("Hidden layers", row)

        self.shape_label = QLabel()
        self.shape_label.setProperty("role", "caption")
        self.shape_label.setToolTip("Neurons in every layer, from the inputs to the output")
        form.addRow("", self.shape_label)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form.addRow(self.error_label)

        self.activation_combo = QComboBox()
        for name, title in ACTIVATION_TITLES.items():
            self.activation_combo.addItem(title, name)
            self.activation_combo.setItemData(self.activation_combo.count() - 1, ACTIVATION_TIPS[name],
                                              Qt.ItemDataRole.ToolTipRole)
        self.activation_combo.setToolTip("What each hidden neuron does with its weighted sum")
        self.activation_combo.currentIndexChanged.connect(self._on_activation_combo_changed)
        form.addRow("Activation", self.activation_combo)

        session.network_changed.connect(self._on_session_network_changed)
        self._on_session_network_changed(session.network)

    def _apply(self, spec: NetworkSpec) -> None:
        self._show_error("")
        self._session.set_network(spec)
        self._on_session_network_changed(self._session.network)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.hidden_edit.setProperty("invalid", bool(message))
        self.hidden_edit.style().unpolish(self.hidden_edit)
        self.hidden_edit.style().polish(self.hidden_edit)

    def _on_hidden_edit_finished(self) -> None:
        try:
            hidden = parse_hidden(self.hidden_edit.text())
        except SpecError as error:
            self._show_error(str(error).capitalize())
            return
        self._apply(replace(self._session.network, hidden=hidden))

    def _on_add_layer_clicked(self) -> None:
        hidden = self._session.network.hidden
        if len(hidden) < MAX_LAYERS:
            self._apply(replace(self._session.network, hidden=(*hidden, hidden[-1] if hidden else 4)))

    def _on_remove_layer_clicked(self) -> None:
        hidden = self._session.network.hidden
        if hidden:
            self._apply(replace(self._session.network, hidden=hidden[:-1]))

    def _on_activation_combo_changed(self, index: int) -> None:
        self._apply(replace(self._session.network, activation=self.activation_combo.itemData(index)))

    def _on_session_network_changed(self, spec: NetworkSpec) -> None:
        if not self.error_label.isVisible() or not self.hidden_edit.hasFocus():
            self.hidden_edit.setText(", ".join(str(w) for w in spec.hidden))
        with QSignalBlocker(self.activation_combo):
            self.activation_combo.setCurrentIndex(self.activation_combo.findData(spec.activation))
        sizes = (spec.n_inputs, *spec.hidden, spec.n_outputs)
        self.shape_label.setText(" → ".join(str(s) for s in sizes) + "  (inputs → output)")
        self.remove_layer_button.setEnabled(bool(spec.hidden))
        self.add_layer_button.setEnabled(len(spec.hidden) < MAX_LAYERS)

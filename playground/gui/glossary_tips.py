"""The glossary in the tooltips: a control or view that uses a glossary word (the epoch counter, the learning
rate, the hidden space's PCA axes...) shows, under its own tooltip, what the word means, from
assets/lessons/glossary.json, and that Help > Guide has the whole glossary.

Which widget uses which words is the small table in `glossary_uses` below; the meanings come only from the data file.
The meaning is added when the tooltip is shown, not stored in the widget: panels change their tooltips as they go
(a locked control, curve fitting's R²), and each change keeps its meaning this way."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QToolTip, QWidget

from ..core.lessons import load_glossary

MORE = "Help > Guide (F1) has the whole glossary."
# The glossary's word for each choice of an activation or an optimizer (the choice shown is explained too).
ACTIVATION_TERMS = {"tanh": "tanh", "relu": "ReLU", "leaky-relu": "leaky ReLU", "sigmoid": "sigmoid", "gelu": "GELU",
                    "linear": "linear", "step": "step"}
OPTIMIZER_TERMS = {"adam": "Adam", "sgd": "SGD", "momentum": "momentum", "rmsprop": "RMSprop"}


def term_title(term: str) -> str:
    """"learning rate" -> "Learning rate"; "PCA" and "R²" stay as they are."""
    return term[:1].upper() + term[1:]


def tip_html(tip: str, terms: Iterable[str], glossary: dict[str, str]) -> str:
    """`tip` (plain text, as the widget has it) and, under it, each term in bold with its meaning (terms missing
    from the glossary are left out); just `tip` when no term has a meaning."""
    meanings = [(term, glossary[term]) for term in terms if term in glossary]
    if not meanings:
        return tip
    parts = [f"<p>{html.escape(tip).replace(chr(10), '<br>')}</p>"] if tip else []
    parts += [f"<p><b>{html.escape(term_title(term))}</b>: {html.escape(meaning)}</p>" for term, meaning in meanings]
    parts.append(f"<p><i>{html.escape(MORE)}</i></p>")
    return "".join(parts)


def glossary_uses(window) -> list[tuple[QWidget, tuple[str, ...]]]:
    """(widget, the glossary words it uses): every widget inside it, and its label in a form, show them too."""
    transport, data, network = window.transport, window.data_panel, window.network_panel
    training, hidden, metrics, chart = window.training_panel, window.hidden_panel, window.metrics_panel, \
        window.loss_chart
    fit = window.session.dataset.task == "fit"
    score = "R²" if fit else "accuracy"
    uses: list[tuple[QWidget, tuple[str, ...]]] = [
        (transport.epoch_label.parentWidget(), ("epoch",)),
        (transport.step_label.parentWidget(), ("training step",)),
        (transport.step_size_combo, ("training step", "epoch")),
        (data.test_slider, ("test points",)),
        (data.show_test_check, ("test points",)),
        (data.world_button, ("test points", "overfitting")),
        (data.seed_spin, ("seed",)),
        (data.noise_slider, ("noise",)),
        (window.class_panel.add_button, ("class",)),
        (network.single_neuron_combo, ("neuron", "perceptron")),
        (network.fit_hint, ("linear regression",)),
        (training.optimizer_combo, ("optimizer", OPTIMIZER_TERMS.get(training.optimizer_combo.currentData(), ""))),
        (training.rate_slider, ("learning rate",)),
        (training.batch_slider, ("batch size",)),
        (training.loss_combo, ("loss", "squared error" if fit else "cross-entropy")),
        (training.reg_combo, ("regularization",)),
        (training.reg_rate_combo, ("regularization",)),
        (training.seed_spin, ("seed", "weight")),
        (hidden.layer_combo, ("hidden layer", "hidden space")),
        (hidden.stage_combo, ("affine", "activation")),
        (hidden.axes_combo, ("PCA",)),
        (hidden.morph_button, ("morph",)),
        (hidden.morph_slider, ("morph",)),
        (chart.graphics, ("loss", score)),
        (chart.log_scale_checkbox, ("log scale", "loss")),
    ]
    uses += [(button, ("feature",)) for button in network.feature_buttons.values()]
    uses += [(spin, ("hidden layer", "neuron")) for spin in network.width_spins]
    uses += [(combo, ("activation", ACTIVATION_TERMS.get(combo.currentData(), "")))
             for combo in network.activation_combos]
    uses += [(spin, ("dropout",)) for spin in network.dropout_spins]
    for key, value in metrics.values.items():  # "test_loss": the test points' loss
        kind, metric = key.split("_")
        words = ("training points" if kind == "train" else "test points", "loss" if metric == "loss" else score)
        uses += [(value, words), (metrics.captions[key], words)]
    for label in chart.findChildren(QLabel):  # the legend: "training" and "test"
        tip = label.toolTip()
        if tip.startswith(("Training points", "Test points")):
            uses.append((label, ("training points" if tip.startswith("Training") else "test points",)))
    return uses


def _form_label(widget: QWidget) -> QWidget | None:
    """The label in front of `widget` in a form ("Learning rate"), if it stands in one."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    return layout.labelForField(widget) if isinstance(layout, QFormLayout) else None


def _own_tip(widget: QWidget) -> str:
    """The tooltip a widget shows: its own, or that of the first widget inside it that has one (a slider in a
    value slider)."""
    if widget.toolTip():
        return widget.toolTip()
    for child in widget.findChildren(QWidget):
        if child.toolTip() and child.window() is widget.window():
            return child.toolTip()
    return ""


class GlossaryTips(QObject):
    """Watches the tooltips of the widgets in `glossary_uses(window)`; the table is read again when the network, the
    data (the task) or the training settings change: the rows of layers come and go, and the words follow the
    activation and the optimizer chosen."""

    def __init__(self, window, glossary: dict[str, str] | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.glossary = load_glossary()[0] if glossary is None else glossary
        self._watched: dict[QWidget, tuple[QWidget, tuple[str, ...]]] = {}  # shown -> (whose tip, words)
        self.attach()
        # After the panels' own slots (they were connected first): the rows of layers exist by then.
        window.session.network_changed.connect(self.attach)
        window.session.dataset_changed.connect(self.attach)
        window.session.training_changed.connect(self.attach)  # the optimizer chosen

    def attach(self, *_args) -> None:
        """Watch every widget that uses a glossary word now (the network panel's rows come and go)."""
        watched: dict[QWidget, tuple[QWidget, tuple[str, ...]]] = {}
        for root, terms in glossary_uses(self._window):
            if not any(term in self.glossary for term in terms):
                continue
            shown = [root, *[c for c in root.findChildren(QWidget) if c.window() is root.window()]]
            label = _form_label(root)
            if label is not None:
                shown.append(label)
            for widget in shown:
                if widget not in self._watched:
                    widget.installEventFilter(self)
                watched[widget] = (root, terms)
        self._watched = watched

    def terms_of(self, widget: QWidget) -> tuple[str, ...]:
        """The glossary words whose meanings `widget`'s tooltip shows."""
        entry = self._watched.get(widget)
        return entry[1] if entry else ()

    def tip_for(self, widget: QWidget) -> str:
        """What `widget`'s tooltip shows now: its own text and the meanings of its words."""
        entry = self._watched.get(widget)
        if entry is None:
            return widget.toolTip()
        root, terms = entry
        return tip_html(widget.toolTip() or _own_tip(root), terms, self.glossary)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and watched in self._watched and isinstance(event, QHelpEvent):
            text = self.tip_for(watched)
            if text:
                QToolTip.showText(event.globalPos(), text, watched)
            else:
                QToolTip.hideText()
            return True
        return False

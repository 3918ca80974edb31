"""NetworkSpec: what the learner chose (input features, hidden layer widths, an activation and dropout per
layer), as plain values without torch (the window uses it; network.py builds the torch module). Two classes get
one output neuron (a sigmoid gives the probability of class 1), as in the TensorFlow Playground; more classes get
one output per class and a softmax. With no hidden layer and the step activation, the network is a perceptron."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from .feature_names import DEFAULT_FEATURES, FEATURES, FIT_FEATURES

ACTIVATION_NAMES = ("tanh", "relu", "leaky-relu", "sigmoid", "gelu", "linear", "step")
MAX_LAYERS = 10
MAX_WIDTH = 64
MAX_DROPOUT = 0.9


class SpecError(ValueError):
    """A network that cannot be built: the message is meant for the user."""


@dataclass(frozen=True)
class NetworkSpec:
    hidden: tuple[int, ...] = (8, 8)
    activation: str | tuple[str, ...] = "tanh"  # one for every hidden layer, or one per hidden layer
    n_classes: int = 2
    features: tuple[str, ...] = DEFAULT_FEATURES
    dropout: float | tuple[float, ...] = 0.0  # share of a layer's neurons silenced in each training step
    task: str = "classify"  # "fit": one output, the predicted y (n_classes is then 1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(int(w) for w in self.hidden))
        if len(self.hidden) > MAX_LAYERS:
            raise SpecError(f"at most {MAX_LAYERS} hidden layers, not {len(self.hidden)}")
        for width in self.hidden:
            if not 1 <= width <= MAX_WIDTH:
                raise SpecError(f"a hidden layer needs 1 to {MAX_WIDTH} neurons, not {width}")
        activations = (self.activation,) if isinstance(self.activation, str) else tuple(self.activation)
        for name in activations:
            if name not in ACTIVATION_NAMES:
                raise SpecError(f"unknown activation '{name}'; choose one of: {', '.join(ACTIVATION_NAMES)}")
        if not isinstance(self.activation, str):
            if len(activations) != 1 and len(activations) != len(self.hidden):
                raise SpecError(f"give one activation, or one per hidden layer ({len(self.hidden)}), "
                                f"not {len(activations)}")
            # The same activation everywhere is stored as one name, so equal networks compare equal.
            collapsed = len(set(activations)) == 1
            object.__setattr__(self, "activation", activations[0] if collapsed else activations)
        dropouts = (self.dropout,) if isinstance(self.dropout, int | float) else tuple(self.dropout)
        if any(not 0.0 <= float(d) <= MAX_DROPOUT for d in dropouts):
            raise SpecError(f"dropout must be between 0 and {MAX_DROPOUT}")
        if not isinstance(self.dropout, int | float):
            if len(dropouts) != len(self.hidden):
                raise SpecError(f"give one dropout, or one per hidden layer ({len(self.hidden)})")
            object.__setattr__(self, "dropout", tuple(float(d) for d in dropouts))
        features = tuple(self.features)
        if not features:
            raise SpecError("the network needs at least one input feature")
        for name in features:
            if name not in FEATURES:
                raise SpecError(f"unknown feature '{name}'; choose from: {', '.join(FEATURES)}")
        if len(set(features)) != len(features):
            raise SpecError("each input feature can be used once")
        object.__setattr__(self, "features", features)
        if self.task == "fit":
            reads_y = [name for name in features if name not in FIT_FEATURES]
            if reads_y:
                raise SpecError(f"in curve fitting the network sees only x (y is what it predicts), so it cannot "
                                f"have the input '{reads_y[0]}'; choose from: {', '.join(FIT_FEATURES)}")
            if self.n_classes != 1:
                raise SpecError("a curve-fitting network has one output")
        elif self.task != "classify":
            raise SpecError(f"unknown task '{self.task}'; choose classify or fit")
        elif self.n_classes < 2:
            raise SpecError("a classifier needs at least two classes")

    @property
    def activations(self) -> tuple[str, ...]:
        """One activation per hidden layer."""
        if isinstance(self.activation, str):
            return (self.activation,) * len(self.hidden)
        return self.activation

    @property
    def dropouts(self) -> tuple[float, ...]:
        if isinstance(self.dropout, int | float):
            return (float(self.dropout),) * len(self.hidden)
        return self.dropout

    @property
    def perceptron(self) -> bool:
        """No hidden layer and the step activation: step units that answer 0 or 1 and cannot learn by gradient."""
        return not self.hidden and self.activation == "step" and self.task == "classify"

    @property
    def n_inputs(self) -> int:
        return len(self.features)

    @property
    def n_outputs(self) -> int:
        return 1 if self.n_classes == 2 else self.n_classes

    @property
    def layer_shapes(self) -> tuple[tuple[int, int], ...]:
        """(out, in) of every weight layer, from the input to the output."""
        sizes = (self.n_inputs, *self.hidden, self.n_outputs)
        return tuple((after, before) for before, after in pairwise(sizes))

    def with_classes(self, n_classes: int) -> NetworkSpec:
        return replace(self, n_classes=n_classes)

    def for_task(self, task: str, n_classes: int) -> NetworkSpec:
        """This network made to suit data of a task: the output layer follows the classes, and a curve-fitting
        network drops the inputs that would read y (keeping x1 when nothing else is left)."""
        if task == "fit":
            features = tuple(name for name in self.features if name in FIT_FEATURES) or ("x1",)
            return replace(self, task=task, n_classes=1, features=features)
        back_from_fit = self.task == "fit" and self.features == ("x1",)
        features = DEFAULT_FEATURES if back_from_fit else self.features
        return replace(self, task=task, n_classes=n_classes, features=features)

    def for_data(self, dataset) -> NetworkSpec:
        return self.for_task(dataset.task, dataset.n_classes)

    def describe(self) -> str:
        """e.g. '2-8-8-1 tanh'."""
        sizes = (self.n_inputs, *self.hidden, self.n_outputs)
        shape = "-".join(str(s) for s in sizes)
        if not self.hidden:
            return f"{shape} (a perceptron)" if self.perceptron else f"{shape} (a single neuron)"
        names = self.activations
        return f"{shape} {names[0] if len(set(names)) == 1 else ','.join(names)}"


def parse_hidden(text: str) -> tuple[int, ...]:
    """'8, 8' or '8,8' or '8 8' -> (8, 8); '' -> () (no hidden layer)."""
    parts = [p for p in text.replace(",", " ").split() if p]
    try:
        widths = tuple(int(p) for p in parts)
    except ValueError:
        raise SpecError(f"hidden layers are neuron counts separated by commas, like '8,8', not '{text}'")
    NetworkSpec(hidden=widths)  # validates the widths
    return widths

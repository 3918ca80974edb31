"""NetworkSpec: what the learner chose (hidden layer widths and an activation), and the torch module built
from it. Two classes get one output neuron (a sigmoid gives the probability of class 1), as in the
TensorFlow Playground; more classes get one output per class and a softmax.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

ACTIVATIONS = {
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "sigmoid": nn.Sigmoid,
    "linear": nn.Identity,
}
MAX_LAYERS = 10
MAX_WIDTH = 64


class SpecError(ValueError):
    """A network that cannot be built: the message is meant for the user."""


@dataclass(frozen=True)
class NetworkSpec:
    hidden: tuple[int, ...] = (8, 8)
    activation: str = "tanh"
    n_inputs: int = 2
    n_classes: int = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(int(w) for w in self.hidden))
        if len(self.hidden) > MAX_LAYERS:
            raise SpecError(f"at most {MAX_LAYERS} hidden layers, not {len(self.hidden)}")
        for width in self.hidden:
            if not 1 <= width <= MAX_WIDTH:
                raise SpecError(f"a hidden layer needs 1 to {MAX_WIDTH} neurons, not {width}")
        if self.activation not in ACTIVATIONS:
            raise SpecError(f"unknown activation '{self.activation}'; choose one of: {', '.join(ACTIVATIONS)}")
        if self.n_classes < 2:
            raise SpecError("a classifier needs at least two classes")

    @property
    def n_outputs(self) -> int:
        return 1 if self.n_classes == 2 else self.n_classes

    def with_classes(self, n_classes: int) -> NetworkSpec:
        return NetworkSpec(self.hidden, self.activation, self.n_inputs, n_classes)

    def describe(self) -> str:
        """e.g. '2-8-8-1 tanh'."""
        sizes = (self.n_inputs, *self.hidden, self.n_outputs)
        shape = "-".join(str(s) for s in sizes)
        return f"{shape} {self.activation}" if self.hidden else f"{shape} (a single neuron)"


def parse_hidden(text: str) -> tuple[int, ...]:
    """'8, 8' or '8,8' or '8 8' -> (8, 8); '' -> () (no hidden layer)."""
    parts = [p for p in text.replace(",", " ").split() if p]
    try:
        widths = tuple(int(p) for p in parts)
    except ValueError:
        raise SpecError(f"hidden layers are neuron counts separated by commas, like '8,8', not '{text}'")
    NetworkSpec(hidden=widths)  # validates the widths
    return widths


class Normalisation(nn.Module):
    """Fixed affine map (x - centre) / scale so the network sees inputs of order one in any units."""

    def __init__(self, centre: torch.Tensor, scale: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("centre", centre.clone())
        self.register_buffer("scale", scale.clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.centre) / self.scale


def build_module(spec: NetworkSpec) -> nn.Sequential:
    """The layers from input to output logits, initialised by torch's current random state."""
    layers: list[nn.Module] = []
    width_in = spec.n_inputs
    for width in spec.hidden:
        layers.append(nn.Linear(width_in, width))
        layers.append(ACTIVATIONS[spec.activation]())
        width_in = width
    layers.append(nn.Linear(width_in, spec.n_outputs))
    return nn.Sequential(*layers)


def class_probabilities(logits: torch.Tensor) -> torch.Tensor:
    """(N, n_outputs) logits -> (N, n_classes) probabilities."""
    if logits.shape[1] == 1:
        p1 = torch.sigmoid(logits)
        return torch.cat([1.0 - p1, p1], dim=1)
    return torch.softmax(logits, dim=1)

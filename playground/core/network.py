"""The torch module built from a NetworkSpec (network_spec.py holds what the learner chose, without torch). Two
classes get one output neuron (a sigmoid gives the probability of class 1); more get one per class and a softmax.
A perceptron has one step unit (two classes) or one per class, each answering 0 or 1 (see class_probabilities for
what that means as probabilities)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .features import FeatureMap
from .network_spec import ACTIVATION_NAMES, MAX_DROPOUT, MAX_LAYERS, MAX_WIDTH, NetworkSpec, SpecError, parse_hidden

__all__ = ["ACTIVATIONS", "ACTIVATION_NAMES", "MAX_DROPOUT", "MAX_LAYERS", "MAX_WIDTH", "NetworkSpec", "SpecError",
           "build_module", "class_probabilities", "one_hot", "parse_hidden",
           "two_class_columns"]


class Step(nn.Module):
    """1 where the sum is positive, else 0. It has no slope, so no gradient flows back through it."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x > 0).to(x.dtype)


class Tanh(nn.Tanh):
    """tanh. Outside training (metrics and the views' grids, under no_grad) it is computed as 2·sigmoid(2x) - 1,
    within 2e-7 of torch.tanh: torch's CPU tanh is not vectorised (145 µs for 8192 x 8 values here, against
    31 µs), and the views send some 40,000 points through the network every frame. Training keeps torch.tanh
    and its exact gradient."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if torch.is_grad_enabled():
            return torch.tanh(x)
        return torch.sigmoid(x * 2.0).mul_(2.0).sub_(1.0)


ACTIVATIONS = {  # the modules for ACTIVATION_NAMES
    "tanh": Tanh,
    "relu": nn.ReLU,
    "leaky-relu": lambda: nn.LeakyReLU(0.1),
    "sigmoid": nn.Sigmoid,
    "gelu": nn.GELU,
    "linear": nn.Identity,
    "step": Step,
}
class Normalisation(nn.Module):
    """Fixed affine map (x - centre) / scale so the network sees inputs of order one in any units."""

    def __init__(self, centre: torch.Tensor, scale: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("centre", centre.clone())
        self.register_buffer("scale", scale.clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.centre) / self.scale


def build_module(spec: NetworkSpec) -> nn.Sequential:
    """Features, then the layers up to the output logits, initialised by torch's current random state."""
    layers: list[nn.Module] = [FeatureMap(spec.features)]
    width_in = spec.n_inputs
    for width, activation, dropout in zip(spec.hidden, spec.activations, spec.dropouts, strict=True):
        layers.append(nn.Linear(width_in, width))
        layers.append(ACTIVATIONS[activation]())
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        width_in = width
    layers.append(nn.Linear(width_in, spec.n_outputs))
    if spec.perceptron:
        layers.append(Step())
    return nn.Sequential(*layers)


def class_probabilities(logits: torch.Tensor, perceptron: bool = False) -> torch.Tensor:
    """(N, n_outputs) logits -> (N, n_classes) probabilities.

    A perceptron's outputs are already 0 or 1. With two classes its one unit's output is the probability of
    class 1. With more classes it has one unit per class: the units that fire share the probability equally,
    and when none fires (or all do) every class is as likely, so the most probable class is always defined."""
    if perceptron:
        if logits.shape[1] == 1:
            return _two_columns(logits)
        firing = logits.sum(dim=1, keepdim=True)
        uniform = torch.full_like(logits, 1.0 / logits.shape[1])
        return torch.where(firing > 0, logits / firing.clamp(min=1.0), uniform)
    if logits.shape[1] == 1:
        return _two_columns(torch.sigmoid(logits))
    return torch.softmax(logits, dim=1)


def _two_columns(p1: torch.Tensor) -> torch.Tensor:
    """(N, 1) probability of class 1 -> (N, 2): [1 - p1, p1], as one broadcast [1, 0] + p1·[-1, 1] (the same
    values: the product is exact), several times faster than torch.cat of the two (N, 1) columns; many values
    without a gradient (the views' grids) are written by NumPy, twice as fast again."""
    if len(p1) >= MANY_VALUES and p1.device.type == "cpu" and not p1.requires_grad:
        column = p1.numpy()[:, 0]
        both = np.empty((len(column), 2), column.dtype)
        two_class_columns(column, both)
        return torch.from_numpy(both)
    key = (p1.dtype, p1.device)
    constants = _TWO.get(key)
    if constants is None:
        constants = _TWO[key] = tuple(torch.tensor(v, dtype=p1.dtype, device=p1.device) for v in ([1.0, 0.0],
                                                                                                  [-1.0, 1.0]))
    return torch.addcmul(constants[0], p1, constants[1])


def one_hot(labels: torch.Tensor, n_classes: int, dtype: torch.dtype) -> torch.Tensor:
    """F.one_hot(labels, n_classes).to(dtype), the same values, as rows of an identity matrix kept per (classes,
    dtype, device): one gather, not one_hot's several calls (the metrics take it twice a frame)."""
    key = (n_classes, dtype, labels.device)
    eye = _EYES.get(key)
    if eye is None:
        eye = _EYES[key] = torch.eye(n_classes, dtype=dtype, device=labels.device)
    return eye[labels]


_EYES: dict[tuple, torch.Tensor] = {}


def two_class_columns(p1: np.ndarray, out: np.ndarray) -> None:
    """out[:, 0] = 1 - p1 and out[:, 1] = p1 (class_probabilities' two columns for two classes), in place."""
    out[:, 1] = p1
    np.subtract(p1.dtype.type(1.0), p1, out=out[:, 0])


_TWO: dict[tuple, tuple[torch.Tensor, ...]] = {}  # [1, 0] and [-1, 1] per (dtype, device)
MANY_VALUES = 4096

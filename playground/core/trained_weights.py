"""TrainedWeights: what training made of a network, as a value (no torch): for each weight layer from the input
to the output its weights (out, in) and biases (out,), float32 in the network's own units (the inputs scaled to
[-1, 1]), and how far training had come. Scenario files and the autosave keep it, so a run can go on later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np


class WeightsError(ValueError):
    """Weights that cannot be used: the message is meant for the user."""


def _frozen(values: Any, ndim: int) -> np.ndarray:
    array = np.array(values, dtype=np.float32, copy=True, order="C")
    if array.ndim != ndim:
        raise WeightsError("weights must be tables of numbers (one row per neuron) and biases lists of numbers")
    if not np.isfinite(array).all():
        raise WeightsError("some weights are not ordinary numbers (too large, or missing)")
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class TrainedWeights:
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]  # (weight (out, in), bias (out,)) from the input onwards
    steps: int = 0
    epochs: float = 0.0

    def __post_init__(self) -> None:
        layers = tuple((_frozen(w, 2), _frozen(b, 1)) for w, b in self.layers)
        if not layers:
            raise WeightsError("a network has at least one weight layer")
        for k, (w, b) in enumerate(layers):
            if len(b) != w.shape[0] or 0 in w.shape:
                raise WeightsError(f"weight layer {k + 1} needs one bias per neuron")
            if k and w.shape[1] != layers[k - 1][0].shape[0]:
                raise WeightsError(f"weight layer {k + 1} must take as many inputs as layer {k} has neurons")
        object.__setattr__(self, "layers", layers)
        if isinstance(self.steps, bool) or not isinstance(self.steps, int | np.integer) or self.steps < 0:
            raise WeightsError(f"the step count must be a whole number, 0 or more, not {self.steps}")
        object.__setattr__(self, "steps", int(self.steps))
        if not (math.isfinite(self.epochs) and self.epochs >= 0):
            raise WeightsError("the epoch count must be a number, 0 or more")
        object.__setattr__(self, "epochs", float(self.epochs))

    @property
    def shapes(self) -> tuple[tuple[int, int], ...]:
        """(out, in) of every weight layer."""
        return tuple((int(w.shape[0]), int(w.shape[1])) for w, _ in self.layers)

    def to_dict(self) -> dict[str, Any]:
        """For a JSON file. Every float32 is written as the shortest decimal of its exact float64 value, which
        reads back to the same float32: the numbers round-trip exactly."""
        return {"steps": self.steps, "epochs": self.epochs,
                "layers": [{"weight": w.tolist(), "bias": b.tolist()} for w, b in self.layers]}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TrainedWeights):
            return NotImplemented
        return self.steps == other.steps and self.epochs == other.epochs and self.shapes == other.shapes and all(
            np.array_equal(a, b) for pair, other_pair in zip(self.layers, other.layers, strict=True)
            for a, b in zip(pair, other_pair, strict=True))

    __hash__ = None  # type: ignore[assignment]

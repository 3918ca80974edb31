"""Snapshot: what the views need from one moment of training, as an immutable value with freshly
allocated float32 arrays, safe to hand from the training thread to the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Metrics:
    step: int = 0
    epoch: float = 0.0
    train_loss: float = float("nan")
    test_loss: float = float("nan")
    train_accuracy: float = float("nan")
    test_accuracy: float = float("nan")
    diverged: bool = False


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One frame: metrics, the probability map over the plane and its decision boundary."""

    metrics: Metrics
    device: str
    steps_per_second: float
    # (H, W, C) probability of each class over the plane, row i = y, column j = x; C-contiguous float32.
    probabilities: np.ndarray
    bounds: tuple[float, float, float, float]  # (xmin, xmax, ymin, ymax) covered by the grid
    # (M, 2, 2) line segments, in data units, where the predicted class changes.
    boundary_segments: np.ndarray
    generation: int = 0  # counts resets and rebuilds, so views can tell a new run from the next frame
    playing: bool = False  # whether training was running when this frame was taken
    message: str = field(default="")  # for the user, e.g. why training stopped

    @property
    def grid_size(self) -> int:
        return self.probabilities.shape[0]

    def predicted_class(self) -> np.ndarray:
        return np.argmax(self.probabilities, axis=2)

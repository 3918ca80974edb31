"""Snapshot: what the views need from one moment of training, as an immutable value with freshly
allocated float32 arrays, safe to hand from the training thread to the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .hidden_frames import HiddenFrame
from .landscape_frames import LandscapeFrame


@dataclass(frozen=True)
class Metrics:
    step: int = 0
    epoch: float = 0.0
    train_loss: float = float("nan")
    test_loss: float = float("nan")
    train_accuracy: float = float("nan")
    test_accuracy: float = float("nan")
    diverged: bool = False
    # While training a big data set through a big network, the figures are estimated on a fixed sample of
    # sample_size of its data_size points (0 and 0: measured on every point).
    sample_size: int = 0
    data_size: int = 0

    @property
    def estimated(self) -> bool:
        """Whether the figures were estimated on a sample of the points rather than measured on all of them."""
        return self.sample_size > 0


@dataclass(frozen=True, eq=False)
class NetworkPicture:
    """Inside the network at one moment: what every neuron outputs over the plane, and every weight.

    maps[0] holds the input features, maps[k] the k-th hidden layer (after its activation), maps[-1] the
    output (the probability of each class; one map for two classes). weights[k] (out, in) and biases[k]
    (out,) lead from layer k to layer k + 1. Every array is a fresh float32 copy."""

    maps: tuple[np.ndarray, ...]  # each (neurons, R, R), row i = y, over the same bounds as the snapshot
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    feature_names: tuple[str, ...]
    activations: tuple[str, ...]  # one per hidden layer
    data_units: bool = False  # the first layer's weights are in the data's own units (inputs are x1, x2)
    task: str = "classify"  # "fit": the output is the predicted y (on the network's [-1, 1] scale)
    bounds: tuple[float, float, float, float] | None = None  # the part of the plane every map covers

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        return tuple(len(m) for m in self.maps)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One frame: metrics, the probability map over the plane and its decision boundary (or the fitted curve)."""

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
    network: NetworkPicture | None = None
    # The map of one neuron the user clicked, (H, W) over `bounds` (its layer and index in `focus`).
    focus: tuple[int, int] | None = None
    focus_map: np.ndarray | None = None
    message: str = field(default="")  # for the user, e.g. why training stopped
    # Curve fitting ("fit"): no probabilities (an empty grid) and no boundary; instead the fitted curve,
    # (K, 2) points (x, predicted y) across the x range shown, and with one neuron on x its (a, b) in y = a·x + b.
    # The metrics' accuracies then hold R² (1: the curve explains all of y's variation).
    task: str = "classify"
    # The chosen hidden layer as the network sees the plane (None when not asked for; hidden_note says why
    # it cannot be drawn), and which data points (in the data set's order) are put in the wrong class (with the
    # metrics estimated on a sample, only the sample's mistakes are known: the other points are False).
    hidden: HiddenFrame | None = None
    hidden_note: str = ""
    misclassified: np.ndarray | None = None
    fit_curve: np.ndarray | None = None
    fit_line: tuple[float, float] | None = None
    # Where gradient descent pushes each data point on the plane, in data units (core/push_arrows.py): (N, 2),
    # NaN rows for test points; None when not asked for (and for curve fitting).
    plane_arrows: np.ndarray | None = None
    # The versions this frame was computed from: the data set's (as the window numbers them) and the last update
    # from the window that the training process had applied (-1 and 0 outside the window).
    data_version: int = -1
    state_seq: int = 0
    serial: int = 0  # the training process's count of frames sent, this one included (0 outside the window)
    # A one-neuron network's loss landscape with the optimiser's path (None when not asked for; landscape_note
    # then says why it cannot be drawn, e.g. the network has hidden layers).
    landscape: LandscapeFrame | None = None
    landscape_note: str = ""

    # ----- sent to the window: two classes' map once (class 0's is 1 - class 1's, a third of a frame's bytes) ---
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        p = state["probabilities"]
        if p.ndim == 3 and p.shape[2] == 2 and p.dtype.kind == "f" and \
                np.array_equal(p[:, :, 0], p.dtype.type(1) - p[:, :, 1]):  # (as the trainer makes it: to the bit)
            state["probabilities"] = np.ascontiguousarray(p[:, :, 1])  # (H, W): made whole again on arrival
        wrong = state["misclassified"]
        if wrong is not None and wrong.dtype == bool and wrong.ndim == 1:  # (a bit a point: 100,000 in 12.5 KB)
            state["misclassified"] = (np.packbits(wrong), len(wrong))
        return state

    def __setstate__(self, state: dict) -> None:
        p = state["probabilities"]
        if p.ndim == 2:  # class 1's map alone: class 0's is 1 - it (as the snapshot made it, to the bit)
            whole = np.empty((*p.shape, 2), p.dtype)
            np.subtract(p.dtype.type(1), p, out=whole[:, :, 0])
            whole[:, :, 1] = p
            state["probabilities"] = whole
        if isinstance(state.get("misclassified"), tuple):
            bits, count = state["misclassified"]
            state["misclassified"] = np.unpackbits(bits, count=count).astype(bool)
        self.__dict__.update(state)

    @property
    def grid_size(self) -> int:
        return self.probabilities.shape[0]

    def predicted_class(self) -> np.ndarray:
        return np.argmax(self.probabilities, axis=2)

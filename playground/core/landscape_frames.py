"""The loss landscape as the window sees it (no torch here: the window never imports it).

Two kinds of picture:
- "weights", exact: for a network of one neuron on the raw inputs (the line fit y = a·x + b, or a one-neuron
  classifier on x1 and x2 with its bias), the loss over the plane of two of its parameters, in the data's own
  units (the a and b written on the plot, the weights shown in the network diagram);
- a slice, for any network ("random" or "trajectory" directions, see loss_slice.py): the loss over a flat 2D slice
  through all the weights, held still while training so the picture does not swim.
A `LandscapeRequest` says which; a `LandscapeFrame` carries the loss on a grid, its contour lines, the optimiser's
path, the current point and the descent arrow, and, when optimisers are compared, each one's path and loss.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network_spec import NetworkSpec

NOT_ONE_NEURON = ("The loss landscape is drawn for a network of one neuron: remove the hidden layers to see the "
                  "loss for every value of its weights.")
NOT_RAW_INPUTS = ("The loss landscape is drawn for one neuron on the plain inputs (x1 and x2, or x for a curve): "
                  "take out the made-up features to see it.")
TOO_MANY_CLASSES = ("The loss landscape is drawn for two classes (one output neuron): with more classes there are "
                    "too many weights for one picture.")


KINDS = ("weights", "random", "trajectory")
SLICE_KINDS = ("random", "trajectory")
SLICE_TITLES = {"random": ("random direction 1", "random direction 2"),
                "trajectory": ("path direction 1", "path direction 2")}
RACE_STEPS = 120  # steps each optimiser takes when they are compared
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam"}


@dataclass(frozen=True)
class LandscapeRequest:
    """What the landscape shows.

    `kind` "weights": the exact landscape of a one-neuron network over two of its parameters, `plane` (indices into
    (weight of each input..., bias); the others held at their current values). "random" or "trajectory": a slice
    through all the weights of any network, taken when first asked for and held; `take` counts the times the
    learner asked for a new one (it also seeds the random directions). `race`: the optimisers to compare from the
    weights as they were when asked (two or more), or () for none."""

    plane: tuple[int, int] = (0, 1)
    kind: str = "weights"
    take: int = 0
    race: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class RacePath:
    """One optimiser's run in a comparison: its path in the picture's coordinates and its loss after each step."""

    optimizer: str
    path: np.ndarray  # (K + 1, 2) float32, from the shared start
    objective: np.ndarray  # (K + 1,) float64: the training loss (with the penalty) at those weights
    diverged: bool = False  # it blew up after the last point

    @property
    def label(self) -> str:
        return OPTIMIZER_LABELS.get(self.optimizer, self.optimizer)


def parameter_names(spec: NetworkSpec) -> tuple[str, ...] | None:
    """The neuron's parameters, in order (weights, then the bias), when the landscape can be drawn; else None.

    A curve fit on x: ("a", "b") of y = a·x + b. A classifier on x1 and x2: ("w1", "w2", "b")."""
    return None if why_no_landscape(spec) else (
        ("a", "b") if spec.task == "fit" else (*(f"w{name[1:]}" for name in spec.features), "b"))


def why_no_landscape(spec: NetworkSpec) -> str:
    """'' when the landscape can be drawn for this network, else why not, for the learner."""
    if spec.hidden:
        return NOT_ONE_NEURON
    if spec.task == "fit":
        return "" if tuple(spec.features) == ("x1",) else NOT_RAW_INPUTS
    if not set(spec.features) <= {"x1", "x2"}:
        return NOT_RAW_INPUTS
    if spec.n_outputs != 1:
        return TOO_MANY_CLASSES
    return ""


def default_plane(spec: NetworkSpec) -> tuple[int, int]:
    """The two parameters shown first: a and b of a line; a classifier's two weights (they turn its line and set
    how sharp it is, the bias held only slides it), or its weight and bias when it has one input."""
    return (0, 1)


def parameter_title(name: str, task: str, feature: str = "") -> str:
    """An axis title for the learner: 'a (slope)', 'b (intercept)', 'w1 (weight of speed)', 'b (bias)'."""
    if task == "fit":
        return {"a": "a (slope)", "b": "b (intercept)"}.get(name, name)
    if name == "b":
        return "b (bias)"
    return f"{name} (weight of {feature})" if feature else name


@dataclass(frozen=True, eq=False)
class LandscapeFrame:
    """The loss over two of the neuron's parameters, in the data's units, and where the optimiser has been.

    `loss[i, j]` is the loss (the training points' loss the optimiser minimises, regularisation included) at
    parameter values (xs[j], ys[i]) of the grid's cell centres over `bounds`; the other parameter (if any) held at
    `held`. `shade` is the same grid as numbers from 0 (lowest) to 1 (highest) on a log scale of loss - minimum,
    ready for a colour map with fixed levels. `contours` (M, 2, 2) segments at `contour_levels` (losses).
    `path` (K, 2) the optimiser's real parameters at the steps `path_steps` (K,), thinned when long, ending at
    `current`; `descent` the step a plain gradient-descent step would take from `current`, per unit of learning
    rate (minus the gradient, in the network's own parameters, carried into these units). `minimum`: where the loss
    is lowest (exactly, for a line fit: least squares), or None. `surface_id` changes when the grid is recomputed."""

    names: tuple[str, str]  # the two parameters, e.g. ("a", "b")
    titles: tuple[str, str]  # axis titles for the learner
    plane: tuple[int, int]  # their indices among the neuron's parameters (weights..., bias)
    bounds: tuple[float, float, float, float]  # (xmin, xmax, ymin, ymax) of the grid
    loss: np.ndarray  # (R, R) float32
    shade: np.ndarray  # (R, R) float32 in [0, 1]
    contours: np.ndarray  # (M, 2, 2) float32
    contour_levels: tuple[float, ...]
    path: np.ndarray  # (K, 2) float32
    path_steps: np.ndarray  # (K,) int64
    current: tuple[float, float]
    current_loss: float
    descent: tuple[float, float]
    learning_rate: float
    minimum: tuple[float, float] | None = None
    minimum_loss: float = float("nan")
    held: tuple[str, float] | None = None  # the parameter held still, and its value
    surface_id: int = 0
    regularised: bool = False  # the loss includes an L1 or L2 penalty
    task: str = "fit"
    kind: str = "weights"  # or a slice: "random", "trajectory"
    off_slice: float = 0.0  # a slice: how far the weights now are from it, in lengths of its first direction
    complete: bool = True  # a slice: False while a finer grid is still being computed
    race: tuple[RacePath, ...] = ()  # optimisers compared from one start, or none
    race_note: str = ""  # why there is no comparison, when one was asked for

    @property
    def is_slice(self) -> bool:
        return self.kind in SLICE_KINDS

    @property
    def resolution(self) -> int:
        return self.loss.shape[0]

    def axes(self) -> tuple[np.ndarray, np.ndarray]:
        """The cell centres along x and y."""
        xmin, xmax, ymin, ymax = self.bounds
        size = self.resolution
        xs = xmin + (np.arange(size) + 0.5) * (xmax - xmin) / size
        ys = ymin + (np.arange(size) + 0.5) * (ymax - ymin) / size
        return xs, ys

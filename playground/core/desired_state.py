"""One desired state between the window and the training process.

The window keeps one `DesiredState`: the data (with a version number), the network, the training settings,
the part of the plane shown, the hidden-space request, the focused neuron, the speed and whether to play.
Changed fields are sent as an `Update`: only the newest value of each field, at most one update in flight (the
training process acknowledges each). One-shot commands (a step, a reset, a typed weight, a report) travel in the
same update, in the order they were given relative to the field changes. The training process applies each item
on its own and reports an error per item, so one bad value never drops another; a crashed process is started
again from the whole record.

The data travels as a `DataPatch`: the points appended or moved since the version the process has, or the whole
data set when that is simpler. Everything here is an immutable value, safe to pickle across the pipe.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .dataset import Dataset
from .hidden_frames import HiddenRequest
from .landscape_frames import LandscapeRequest
from .network_spec import NetworkSpec
from .training_settings import TrainingSettings

Bounds = tuple[float, float, float, float]
FIELDS = ("dataset", "network", "settings", "view", "hidden", "landscape", "focus", "arrows", "speed", "playing")
COMMANDS = ("step", "halt", "reset", "weight", "load_weights", "report")
# What each field and command is, in a learner's words (for error messages).
TITLES = {
    "dataset": "the points", "network": "the network", "settings": "the training settings",
    "view": "the part of the plane shown", "hidden": "the hidden-space choice",
    "landscape": "the loss landscape choice", "focus": "the neuron picked", "arrows": "the arrows",
    "speed": "the speed", "playing": "play or pause", "step": "the step", "halt": "pause", "reset": "the reset",
    "weight": "the weight typed", "load_weights": "the saved weights", "report": "the report",
}


@dataclass(frozen=True)
class DesiredState:
    """Everything the training process should be doing; a restarted process begins from this."""

    dataset: Dataset
    network: NetworkSpec
    settings: TrainingSettings
    data_version: int = 0
    view: Bounds | None = None
    hidden: HiddenRequest | None = None
    focus: tuple[int, int] | None = None
    arrows: bool = False  # draw where gradient descent pushes each point
    speed: float | None = None  # steps per second in slow motion; None: as fast as possible
    playing: bool = False
    landscape: LandscapeRequest | None = None  # the loss landscape to draw (a one-neuron network), or None
    seq: int = 0  # the last update this state includes: a process started from it has applied it


@dataclass(frozen=True)
class Update:
    """Field changes and commands, applied in order. Items: ("set", field, value) or ("do", command, argument).
    A "dataset" value is a DataPatch."""

    seq: int
    items: tuple[tuple[str, str, Any], ...]


@dataclass(frozen=True, eq=False)
class DataPatch:
    """The data at `version`, as a change of the data at `base` (None: the whole data set in `dataset`).

    kind "full": `dataset` is the whole new data set. kind "append": points added at the end (`points`,
    `labels`, `is_test`), everything else as in `dataset`'s class fields. kind "move": the points at `indices`
    now lie at `points`. For "append" and "move", `dataset` is the new data set without its points (an empty
    data set that carries the classes, names, plane and task)."""

    version: int
    kind: str
    dataset: Dataset
    base: int | None = None
    indices: np.ndarray | None = None
    points: np.ndarray | None = None
    labels: np.ndarray | None = None
    is_test: np.ndarray | None = None

    @property
    def size(self) -> int:
        """Points carried (for tests and the bench)."""
        return len(self.dataset) if self.kind == "full" else len(self.points)


class PatchError(ValueError):
    """A patch made for another version of the data than the one held: the whole data set is needed."""


def _same_classes(a: Dataset, b: Dataset) -> bool:
    return (a.class_names, a.class_colours, a.class_markers, a.feature_names, a.domain, a.task) == \
        (b.class_names, b.class_colours, b.class_markers, b.feature_names, b.domain, b.task)


def _shell(dataset: Dataset) -> Dataset:
    """The data set's class fields without its points."""
    return replace(dataset, points=np.zeros((0, 2), np.float32), labels=np.zeros(0, np.int64),
                   is_test=np.zeros(0, bool))


def make_patch(old: Dataset | None, old_version: int | None, new: Dataset, version: int) -> DataPatch:
    """The smallest patch taking `old` (at `old_version`) to `new`: appended points (brush, put, curve), a few
    moved points (drag, jitter, magnet), or else the whole data set."""
    if old is None or old_version is None or not _same_classes(old, new):
        return DataPatch(version, "full", new)
    n, m = len(old), len(new)
    if m > n and np.array_equal(new.points[:n], old.points) and np.array_equal(new.labels[:n], old.labels) \
            and np.array_equal(new.is_test[:n], old.is_test):
        return DataPatch(version, "append", _shell(new), old_version, points=new.points[n:],
                         labels=new.labels[n:], is_test=new.is_test[n:])
    if m == n and m and np.array_equal(new.labels, old.labels) and np.array_equal(new.is_test, old.is_test):
        moved = np.flatnonzero((new.points != old.points).any(axis=1))
        if len(moved) <= m // 2:
            return DataPatch(version, "move", _shell(new), old_version, indices=moved, points=new.points[moved])
    return DataPatch(version, "full", new)


def apply_patch(dataset: Dataset, version: int, patch: DataPatch) -> Dataset:
    """The data set `patch` describes, given the one held (at `version`)."""
    if patch.kind == "full":
        return patch.dataset
    if patch.base != version:
        raise PatchError(f"the change was made for version {patch.base} of the points, not {version}")
    if patch.kind == "append":
        return replace(patch.dataset, points=np.concatenate([dataset.points, patch.points]),
                       labels=np.concatenate([dataset.labels, patch.labels]),
                       is_test=np.concatenate([dataset.is_test, patch.is_test]))
    if patch.kind == "move":
        if len(patch.indices) and patch.indices.max() >= len(dataset):
            raise PatchError("the change moves points that are not there")
        points = np.array(dataset.points)
        points[patch.indices] = patch.points
        return replace(patch.dataset, points=points, labels=dataset.labels, is_test=dataset.is_test)
    raise PatchError(f"unknown kind of change '{patch.kind}'")


def dataset_digest(dataset: Dataset) -> str:
    """A fingerprint of everything training uses from a data set, to compare the window's data with the
    training process's without sending either across."""
    digest = hashlib.sha1()
    for array in (dataset.points, dataset.labels, dataset.is_test):
        digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(str(array.shape).encode())
    for value in (dataset.class_names, dataset.feature_names, dataset.domain, dataset.task):
        digest.update(repr(value).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class StateReport:
    """What the training process is actually using, read off its own objects (the model's modules, the
    optimiser's parameter groups), for tests and diagnostics."""

    data_version: int
    data_digest: str
    n_points: int
    network: NetworkSpec
    settings: TrainingSettings
    layer_shapes: tuple[tuple[int, int], ...]  # (out, in) of each weight layer, input to output
    modules: tuple[str, ...]  # the model's layer classes, in order (e.g. "FeatureMap", "Linear", "Tanh")
    optimizer: str  # "sgd", "momentum", "adam" or "rmsprop", from the optimiser object
    learning_rate: float  # from the optimiser's parameter groups
    batch_size: int  # points per step
    view: Bounds | None
    hidden: HiddenRequest | None
    focus: tuple[int, int] | None
    speed: float | None
    playing: bool
    step: int
    arrows: bool
    epoch: float
    generation: int
    weights: tuple[tuple[np.ndarray, np.ndarray], ...] = field(default=(), compare=False)
    landscape: LandscapeRequest | None = None

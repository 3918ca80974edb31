"""Edits of a data set as small immutable commands. `apply(dataset)` returns the edited data set and the
edit that undoes it, so an undo stack needs nothing else (the pattern of Orange3's Paint Data widget, with
the data kept here in core rather than in a widget).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .dataset import CLASS_COLOURS, MARKERS, MAX_CLASSES, Dataset, DatasetError
from .presets import MAX_POINTS


def _array(values, dtype) -> np.ndarray:
    array = np.array(values, dtype=dtype, copy=True)
    array.setflags(write=False)
    return array


def _check_index(index: int, count: int, what: str = "class") -> None:
    if not 0 <= index < count:
        raise DatasetError(f"there is no {what} number {index + 1}")


def _with_class_value(dataset: Dataset, field_name: str, index: int, value: str) -> tuple[Dataset, str]:
    """The data set with one class's colour or marker replaced, and the value it had."""
    _check_index(index, dataset.n_classes)
    values = list(getattr(dataset, field_name))
    old, values[index] = values[index], value
    return replace(dataset, **{field_name: tuple(values)}), old


class Edit:
    """Base of all edits. `text` names the edit in the undo history."""

    text = "edit"
    resets_training = False  # a whole new data set trains from fresh weights; point edits keep them

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class AddPoints(Edit):
    points: np.ndarray
    labels: np.ndarray
    is_test: np.ndarray
    text: str = "Add points"

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", _array(self.points, np.float32).reshape(-1, 2))
        object.__setattr__(self, "labels", _array(self.labels, np.int64).reshape(-1))
        object.__setattr__(self, "is_test", _array(self.is_test, bool).reshape(-1))

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        n = len(dataset)
        if len(self.labels) and n + len(self.labels) > MAX_POINTS:  # (as presets and files: the window keeps up)
            room = MAX_POINTS - n
            raise DatasetError(f"the data has {n:,} points and the playground takes at most {MAX_POINTS:,}, so "
                               + (f"only {room:,} more fit: " if room > 0 else "no more fit: ")
                               + "remove some points (or open a smaller data set) before adding more")
        edited = replace(dataset, points=np.concatenate([dataset.points, self.points]),
                         labels=np.concatenate([dataset.labels, self.labels]),
                         is_test=np.concatenate([dataset.is_test, self.is_test]))
        return edited, RemovePoints(np.arange(n, n + len(self.labels)), text=self.text)


@dataclass(frozen=True, eq=False)
class RemovePoints(Edit):
    indices: np.ndarray
    text: str = "Remove points"

    def __post_init__(self) -> None:
        object.__setattr__(self, "indices", _array(np.unique(np.asarray(self.indices, np.int64)), np.int64))

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        idx = self.indices
        if len(idx) and (idx[0] < 0 or idx[-1] >= len(dataset)):
            raise DatasetError("cannot remove points that do not exist")
        keep = np.ones(len(dataset), dtype=bool)
        keep[idx] = False
        edited = replace(dataset, points=dataset.points[keep], labels=dataset.labels[keep],
                         is_test=dataset.is_test[keep])
        return edited, InsertPoints(idx, dataset.points[idx], dataset.labels[idx], dataset.is_test[idx], self.text)


@dataclass(frozen=True, eq=False)
class InsertPoints(Edit):
    """Put points back at the given positions of the resulting array (the inverse of RemovePoints)."""

    indices: np.ndarray  # sorted, unique, positions in the edited data set
    points: np.ndarray
    labels: np.ndarray
    is_test: np.ndarray
    text: str = "Insert points"

    def __post_init__(self) -> None:
        indices = _array(self.indices, np.int64).reshape(-1)
        if len(indices) > 1 and not np.all(np.diff(indices) > 0):
            raise DatasetError("points can only be inserted at sorted, distinct positions")
        object.__setattr__(self, "indices", indices)
        object.__setattr__(self, "points", _array(self.points, np.float32).reshape(-1, 2))
        object.__setattr__(self, "labels", _array(self.labels, np.int64).reshape(-1))
        object.__setattr__(self, "is_test", _array(self.is_test, bool).reshape(-1))

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        n = len(dataset) + len(self.indices)
        if len(self.indices) and (self.indices[0] < 0 or self.indices[-1] >= n):
            raise DatasetError("cannot insert points beyond the end of the data")
        slot = np.zeros(n, dtype=bool)
        slot[self.indices] = True
        points = np.empty((n, 2), dtype=np.float32)
        labels = np.empty(n, dtype=np.int64)
        is_test = np.empty(n, dtype=bool)
        points[slot], labels[slot], is_test[slot] = self.points, self.labels, self.is_test
        points[~slot], labels[~slot], is_test[~slot] = dataset.points, dataset.labels, dataset.is_test
        edited = replace(dataset, points=points, labels=labels, is_test=is_test)
        return edited, RemovePoints(self.indices, text=self.text)


@dataclass(frozen=True, eq=False)
class MovePoints(Edit):
    indices: np.ndarray
    positions: np.ndarray  # (K, 2) new coordinates of those points
    text: str = "Move points"

    def __post_init__(self) -> None:
        indices = _array(self.indices, np.int64).reshape(-1)
        positions = _array(self.positions, np.float32)
        if positions.shape == (2,) and len(indices) == 1:  # one point's new position as a flat pair
            positions = positions.reshape(1, 2)
        if positions.ndim != 2 or positions.shape[1] != 2:
            raise DatasetError("each new position needs two coordinates, x and y")
        if len(positions) != len(indices):
            raise DatasetError(f"cannot move {len(indices)} points to {len(positions)} new positions: "
                               "give one new position per point")
        object.__setattr__(self, "indices", indices)
        object.__setattr__(self, "positions", positions)

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        if len(self.indices) and (self.indices.min() < 0 or self.indices.max() >= len(dataset)):
            raise DatasetError("cannot move points that do not exist")
        points = np.array(dataset.points)
        old = points[self.indices].copy()
        points[self.indices] = self.positions
        return replace(dataset, points=points), MovePoints(self.indices, old, self.text)


@dataclass(frozen=True, eq=False)
class ReplaceData(Edit):
    """A whole new data set: clearing, a regenerated preset, an imported file, removing a class."""

    dataset: Dataset
    text: str = "Replace the data"
    resets_training: bool = field(default=True)

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        resets = self.dataset.n_classes != dataset.n_classes or self.resets_training
        return self.dataset, ReplaceData(dataset, self.text, resets)


def clear_points(dataset: Dataset) -> ReplaceData:
    """Remove every point, keeping the classes and the plane."""
    empty = replace(dataset, points=np.zeros((0, 2), np.float32), labels=np.zeros(0, np.int64),
                    is_test=np.zeros(0, bool), domain=dataset.bounds())
    return ReplaceData(empty, "Clear all points", resets_training=False)


@dataclass(frozen=True)
class AddClass(Edit):
    name: str
    colour: str | None = None  # None: the next colour of the palette not yet used
    text: str = "Add a class"
    resets_training: bool = True  # the network gains an output

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        if not self.name.strip():
            raise DatasetError("a class needs a name")
        if dataset.n_classes >= MAX_CLASSES:
            raise DatasetError(f"at most {MAX_CLASSES} classes")
        colour = self.colour or next((c for c in CLASS_COLOURS if c not in dataset.class_colours), CLASS_COLOURS[0])
        marker = next((m for m in MARKERS if m not in dataset.class_markers), MARKERS[0])
        edited = replace(dataset, class_names=(*dataset.class_names, self.name),
                         class_colours=(*dataset.class_colours, colour),
                         class_markers=(*dataset.class_markers, marker))
        return edited, ReplaceData(dataset, self.text)


@dataclass(frozen=True)
class RemoveClass(Edit):
    """Remove a class and its points; the classes after it move down by one."""

    index: int
    text: str = "Remove a class"
    resets_training: bool = True  # the network loses an output

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        _check_index(self.index, dataset.n_classes)
        if dataset.n_classes <= 2:
            raise DatasetError("a data set needs at least two classes")
        keep = dataset.labels != self.index
        labels = dataset.labels[keep]
        labels = np.where(labels > self.index, labels - 1, labels)
        names = dataset.class_names[: self.index] + dataset.class_names[self.index + 1:]
        colours = dataset.class_colours[: self.index] + dataset.class_colours[self.index + 1:]
        markers = dataset.class_markers[: self.index] + dataset.class_markers[self.index + 1:]
        edited = replace(dataset, points=dataset.points[keep], labels=labels, is_test=dataset.is_test[keep],
                         class_names=names, class_colours=colours, class_markers=markers)
        return edited, ReplaceData(dataset, self.text)


@dataclass(frozen=True)
class RenameClass(Edit):
    index: int
    name: str
    text: str = "Rename a class"

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        _check_index(self.index, dataset.n_classes)
        name = self.name.strip()
        if not name:
            raise DatasetError("a class needs a name")
        names = list(dataset.class_names)
        names[self.index] = name
        return replace(dataset, class_names=tuple(names)), _SetClassNames(dataset.class_names, self.text)


@dataclass(frozen=True)
class _SetClassNames(Edit):
    """Every class name exactly as given: the inverse of a rename, which restores a name as it was."""

    names: tuple[str, ...]
    text: str = "Rename a class"

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        if len(self.names) != dataset.n_classes:
            raise DatasetError("the number of classes changed")
        return replace(dataset, class_names=self.names), _SetClassNames(dataset.class_names, self.text)


@dataclass(frozen=True)
class RecolourClass(Edit):
    index: int
    colour: str
    text: str = "Change a class's colour"

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        edited, old = _with_class_value(dataset, "class_colours", self.index, self.colour)
        return edited, RecolourClass(self.index, old, self.text)


@dataclass(frozen=True)
class ReshapeClass(Edit):
    """A new marker shape for a class."""

    index: int
    marker: str
    text: str = "Change a class's marker"

    def apply(self, dataset: Dataset) -> tuple[Dataset, Edit]:
        edited, old = _with_class_value(dataset, "class_markers", self.index, self.marker)
        return edited, ReshapeClass(self.index, old, self.text)

"""What the hidden-space view asks for (HiddenRequest) and what it gets back (HiddenFrame), as plain values
without torch: the window builds and reads them; hidden_space.py computes the frames in the training process."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

STAGES = ("affine", "activation")


class HiddenSpaceError(ValueError):
    """A choice that does not fit the network: the message is meant for the user."""


@dataclass(frozen=True)
class HiddenRequest:
    """What the user chose to look at."""

    layer: int = 1  # 1 = the first hidden layer
    stage: str = "activation"
    neurons: tuple[int, ...] | None = None  # `dims` neurons as the axes; None: PCA (or the layer as it is)
    # Include the morph's stages. Each costs a projection (and a PCA for a wide layer), so a live view asks for
    # them only while its morph is in use; without them the frame holds its own stage only.
    morph: bool = False
    dims: int = 2  # 2: a flat picture; 3: a 3D one (layers of 3 neurons or more)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise HiddenSpaceError(f"unknown stage '{self.stage}'; choose affine or activation")
        if self.layer < 1:
            raise HiddenSpaceError(f"hidden layers are numbered from 1, not {self.layer}")
        if self.dims not in (2, 3):
            raise HiddenSpaceError(f"the hidden space is drawn in 2 or 3 dimensions, not {self.dims}")
        if self.neurons is not None and len(self.neurons) != self.dims:
            raise HiddenSpaceError(f"a {self.dims}D view takes {self.dims} neurons as its axes, "
                                   f"not {len(self.neurons)}")


@dataclass(frozen=True, eq=False)
class HiddenFrame:
    """One picture of a hidden layer, every array a fresh float32 copy in the picture's own coordinates."""

    layer: int
    stage: str
    width: int
    axis_titles: tuple[str, ...]  # one per dimension
    grid: np.ndarray  # (G + 1, G + 1, D): the carried grid's vertices, row i along the input's y (D = 2 or 3)
    cell_values: np.ndarray  # (G, G, C): class probabilities at each grid cell's centre (fit: (G, G, 1) y)
    points: np.ndarray  # (N, D): the data points, in the data set's order
    view: tuple[float, ...]  # (xmin, xmax, ymin, ymax) to show; in 3D a cube, (xmin, xmax, ymin, ymax, zmin, zmax)
    # Where the output can be read off the picture exactly (it depends only on the two axes): the output's
    # probabilities over the view, (R, R, C), and the decision line(s) as (M, 2, 2) segments; else None.
    regions: np.ndarray | None
    decision_segments: np.ndarray | None
    stage_names: tuple[str, ...]  # the morph, from "input plane" to this frame's stage (just the last without it)
    stage_positions: tuple[np.ndarray, ...]  # each (V + N, D): grid vertices then points, per stage
    stage_views: tuple[tuple[float, ...], ...]
    exact: bool  # the picture shows the whole layer (width 2, or the output's own direction)
    # 3D only: the two-class output's decision plane clipped to the view's cube, a convex polygon (K, 3), where
    # the three axes hold all the output depends on; else None.
    decision_plane: np.ndarray | None = None
    # The classes of the points, as the training process had them (so a frame can be drawn, or replayed, whatever
    # the window's data is by then) and the version of the data they come from; None and -1 when not filled in.
    labels: np.ndarray | None = None
    is_test: np.ndarray | None = None
    data_version: int = -1
    # Where gradient descent pushes each point (core/push_arrows.py), drawn in this picture's coordinates:
    # (N, D), NaN rows for test points; None when not asked for.
    arrows: np.ndarray | None = None
    # A big data set is drawn from a fixed sample of its points (core/hidden_sample.py): the indices into the data
    # set of the points this frame carries, in that order (points, labels, is_test, arrows and the stages' point
    # rows follow it); None: every point, in the data set's order. `data_size`: the data set's points in all.
    point_index: np.ndarray | None = None
    data_size: int = -1

    # ----- sent to the window: two classes' regions once (class 0's is 1 - class 1's, to the bit) -------------
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        regions = state["regions"]
        if regions is not None and regions.ndim == 3 and regions.shape[2] == 2 and \
                np.array_equal(regions[:, :, 0], regions.dtype.type(1) - regions[:, :, 1]):
            state["regions"] = np.ascontiguousarray(regions[:, :, 1])  # (R, R): made whole again on arrival
        return state

    def __setstate__(self, state: dict) -> None:
        regions = state["regions"]
        if regions is not None and regions.ndim == 2:
            whole = np.empty((*regions.shape, 2), regions.dtype)
            np.subtract(regions.dtype.type(1), regions, out=whole[:, :, 0])
            whole[:, :, 1] = regions
            state["regions"] = whole
        self.__dict__.update(state)

    def with_classes(self, labels: np.ndarray, is_test: np.ndarray, data_version: int) -> HiddenFrame:
        """This frame carrying the classes of its points (given for the whole data set, in its order)."""
        index = self.point_index
        labels, is_test = np.asarray(labels), np.asarray(is_test, bool)
        if index is not None:
            labels, is_test = labels[index], is_test[index]
        return replace(self, labels=np.array(labels, np.uint8), is_test=np.array(is_test, bool),
                       data_version=data_version)

    def sample_position(self, index: int) -> int:
        """Where data point `index` is among the frame's points, or -1 when the frame does not carry it."""
        if self.point_index is None:
            return index if 0 <= index < len(self.points) else -1
        at = int(np.searchsorted(self.point_index, index))
        return at if at < len(self.point_index) and self.point_index[at] == index else -1

    def data_index(self, position: int) -> int:
        """The data point (its index in the data set) drawn at `position` among the frame's points, or -1."""
        if not 0 <= position < len(self.points):
            return -1
        return position if self.point_index is None else int(self.point_index[position])

    def of_points(self, values: np.ndarray | None) -> np.ndarray | None:
        """Per-point values of the whole data set (e.g. which points are wrong) for the points this frame
        carries (values already of those points as they are); None when there are none, or they are not of the
        data set the frame was drawn from."""
        if values is None or self.point_index is None:
            return values
        if len(values) == self.data_size:
            return values[self.point_index]
        return values if len(values) == len(self.point_index) else None

    @property
    def sampled(self) -> bool:
        """Whether the frame carries a sample of the data set's points, not all of them."""
        return self.point_index is not None

    @property
    def n_vertices(self) -> int:
        return self.grid.shape[0] * self.grid.shape[1]

    @property
    def dims(self) -> int:
        return self.grid.shape[2]

"""What the hidden-space view asks for (HiddenRequest) and what it gets back (HiddenFrame), as plain values
without torch: the window builds and reads them; hidden_space.py computes the frames in the training process."""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def n_vertices(self) -> int:
        return self.grid.shape[0] * self.grid.shape[1]

    @property
    def dims(self) -> int:
        return self.grid.shape[2]

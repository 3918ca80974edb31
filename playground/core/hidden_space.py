"""Hidden space: the plane as one hidden layer sees it (Chris Olah, "Neural Networks, Manifolds, and Topology").

A regular grid over the input plane and the data points are carried through the network up to a chosen layer
and stage (after its affine map W·x + b, or after its activation), then drawn in two dimensions:
- a layer of width 2 is drawn as it is (neuron 1 across, neuron 2 up); a wider one on two neurons chosen
  freely, or on a PCA projection whose orientation is kept from frame to frame (no flips, no swaps);
- when the chosen stage feeds the output of a two-class network, the PCA projection's first axis is the
  output neuron's own direction, so its decision line is exactly a straight line in the picture;
- the axes are fixed for bounded activations (tanh, sigmoid, step) and otherwise follow the data smoothly.

A 3D view (`dims=3`, for layers of 3 neurons or more) draws the layer on three axes instead: a layer of 3 as it
is, three chosen neurons, or three principal components (the first toward the output when the layer feeds a
two-class output); where the three axes hold all the output depends on, the decision plane is given, clipped to
the view's cube. Its morph draws the stages narrower than 3 (the input plane) flat, at height 0.

The morph goes from the input plane to the chosen representation one stage at a time, as Olah decomposes a
layer: the linear map W·x, the bias shift + b, then the nonlinearity, layer after layer.
Pure NumPy + torch; the tracker keeps the little state that must carry over between frames.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import permutations

import numpy as np
import torch
from torch import nn

from .contour import zero_crossings
from .grid_pass import chosen_layer, finite, parameter_values
from .hidden_frames import STAGES, HiddenFrame, HiddenRequest, HiddenSpaceError
from .view_clip import line_in_view, plane_in_box

__all__ = ["STAGES", "HiddenFrame", "HiddenRequest", "HiddenSpaceError", "HiddenSpaceTracker"]

GRID_CELLS = 32  # cells along each side of the carried grid (fewer in a big network's frames while training)
BOUNDED = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0), "step": (0.0, 1.0)}
# The axes hold still while the cloud moves inside them: its own motion shows, and the window lays no new axes out.
# They move (easing, RANGE_SMOOTHING of the way each frame) when the cloud leaves them or fills less than
# SHRINK of their side, toward the cloud's range with ROOM to grow; within SETTLED of their side they arrive.
RANGE_SMOOTHING = 0.3
ROOM, SHRINK, SETTLED = 0.25, 0.6, 1e-3
REGION_SIZE = 128
PCA_SAMPLE = 4096  # points PCA is fitted to, at most


@dataclass
class _Axes:
    basis: np.ndarray  # (2, D) rows: the directions drawn across and up (3D: (3, D), the third in depth)
    centre: np.ndarray  # (D,)
    identity: bool = False  # the basis is the identity and the centre 0: the coordinates are the values


class HiddenSpaceTracker:
    """Computes frames and keeps what must not jump between them: PCA orientations and the axes' ranges."""

    def __init__(self) -> None:
        self._bases: dict[tuple, np.ndarray] = {}
        self._views: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}  # (the view shown, the view it moves toward)
        # The carried grid and points, scaled as the network's input: (key, the data's points, the tensor). They
        # change only with the plane shown, the data or its scaling, not from frame to frame.
        self._plane: tuple[tuple, np.ndarray, torch.Tensor] | None = None
        self._features: tuple[torch.Tensor, nn.Module, torch.Tensor] | None = None  # (u, the feature map, its output)
        self.point_outputs: torch.Tensor | None = None  # the data points' output values, when frame was asked for them

    def forget(self) -> None:
        self._bases.clear()
        self._views.clear()
        self._plane = self._features = None

    def _scaled_plane(self, normalise: nn.Module, bounds: tuple[float, float, float, float], data_points: np.ndarray,
                      device: torch.device, cells: int) -> torch.Tensor:
        """The grid's vertices (`cells` cells along each side), the data's points and the cells' centres, through
        the input scaling."""
        key = (tuple(bounds), str(device), tuple(normalise.centre.tolist()), tuple(normalise.scale.tolist()), cells)
        kept = self._plane
        if kept is not None and kept[0] == key and kept[1] is data_points:
            return kept[2]
        g = cells
        xmin, xmax, ymin, ymax = bounds
        gx, gy = np.meshgrid(np.linspace(xmin, xmax, g + 1), np.linspace(ymin, ymax, g + 1))
        centres = np.c_[(gx[:-1, :-1] + gx[1:, 1:]).ravel() / 2, (gy[:-1, :-1] + gy[1:, 1:]).ravel() / 2]
        plane = np.concatenate([np.c_[gx.ravel(), gy.ravel()], np.asarray(data_points, np.float64).reshape(-1, 2),
                                centres])
        u = normalise(torch.as_tensor(plane, dtype=torch.float32, device=device))
        self._plane = (key, data_points, u)
        return u

    def _plane_features(self, features: nn.Module, u: torch.Tensor) -> torch.Tensor:
        """The input features of the scaled plane `u`, (features, points), kept with it (for the same features)."""
        kept = self._features
        if kept is None or kept[0] is not u or kept[1] is not features:
            kept = self._features = (u, features, features(u).T.contiguous())
        return kept[2]

    @torch.no_grad()
    def frame(self, model: nn.Sequential, hidden: tuple[int, ...], activations: tuple[str, ...],
              bounds: tuple[float, float, float, float], data_points: np.ndarray, request: HiddenRequest,
              output_probabilities, pushes: np.ndarray | None = None, plan: list[tuple] | None = None,
              cells: int = GRID_CELLS, point_outputs: bool = False) -> HiddenFrame:
        """`model` is the trainer's Sequential(Normalisation, layers); `output_probabilities` turns the
        output layer's values into (N, C) probabilities (or the fitted y). `pushes`: (N, width) vectors in the
        layer's space, one per data point, drawn as arrows (see push_arrows.py). `plan`: the layers as
        grid_pass.py's GridPass.plan gives them, for a network it can compute (else None: module by module).
        `cells`: the carried grid's cells along each side. `point_outputs`: keep the data points' output-layer
        values in `point_outputs` (points, outputs), from the same pass, where it goes through `plan` (else None
        is kept there)."""
        if not hidden:
            raise HiddenSpaceError("the network has no hidden layer: add one to see the plane bent")
        if request.layer > len(hidden):
            raise HiddenSpaceError(f"the network has {len(hidden)} hidden layer(s), not {request.layer}")
        width = hidden[request.layer - 1]
        if request.dims == 3 and width < 3:
            raise HiddenSpaceError(f"a 3D view needs a layer of 3 neurons or more; layer {request.layer} has {width}")
        if request.neurons is not None and not all(0 <= n < width for n in request.neurons):
            raise HiddenSpaceError(f"layer {request.layer} has {width} neurons")
        normalise, layers = model[0], model[1]
        linears = [m for m in layers if isinstance(m, nn.Linear)]
        nonlinear = [m for m in layers if not isinstance(m, nn.Linear | nn.Dropout)][1:]  # after the features
        device = linears[0].weight.device

        n_vertices, n_points = (cells + 1) ** 2, len(data_points)
        u = self._scaled_plane(normalise, bounds, data_points, device, cells)
        self.point_outputs = None
        if plan is not None and not request.morph:  # only the stage drawn: through grid_pass.py's fused layers
            extra = n_points if point_outputs else 0  # (the points then go on to the output layer too)
            values, output = chosen_layer(plan, self._plane_features(layers[0], u), request.layer, request.stage,
                                          extra + cells ** 2)
            if extra:
                self.point_outputs, output = output[:extra], output[extra:]
            k = request.layer - 1
            name = f"layer {k + 1}: + b" if request.stage == "affine" else f"layer {k + 1}: {activations[k]}"
            stages = [(name, values, (k, request.stage))]
            if not _all_finite(values):
                raise HiddenSpaceError("the layer's values are no longer finite numbers: training diverged")
        else:
            x = layers[0](u)  # the input features
            stages: list[tuple[str, torch.Tensor, tuple]] = [("input plane", u, ("input",))]
            if x.shape[1] != 2 or not torch.equal(x, u):
                stages.append(("input features", x, ("features",)))
            # The layers work with the points along the rows, (neurons, points): a narrow layer's product is then
            # one wide matrix product, several times faster than (points, neurons) times a small matrix. The stages
            # hold the transposed views, (points, neurons).
            xt = x.T.contiguous()
            for k in range(request.layer):
                w, b = linears[k].weight, linears[k].bias[:, None]
                if request.morph:
                    moved = w @ xt
                    stages.append((f"layer {k + 1}: W·x", moved.T, (k, "linear")))
                    xt = moved + b
                else:  # (only the last stage is drawn: no W·x kept on the way)
                    xt = torch.addmm(b, w, xt)
                stages.append((f"layer {k + 1}: + b", xt.T, (k, "affine")))
                if k == request.layer - 1 and request.stage == "affine":
                    break
                xt = nonlinear[k](xt)  # (elementwise: either layout)
                stages.append((f"layer {k + 1}: {activations[k]}", xt.T, (k, "activation")))
            x = values = xt.T  # the chosen representation
            if not request.morph:
                stages = stages[-1:]
            if not all(_all_finite(t) for _, t, _ in stages):
                raise HiddenSpaceError("the layer's values are no longer finite numbers: training diverged")
            # The output at the grid cells' centres only (the cells' colours): the points' own are not drawn.
            centres = xt[:, n_vertices + n_points:]  # (neurons, cells)
            rest = centres if request.stage == "activation" else nonlinear[request.layer - 1](centres)
            for k in range(request.layer, len(linears) - 1):
                rest = nonlinear[k](torch.addmm(linears[k].bias[:, None], linears[k].weight, rest))
            output = torch.addmm(linears[-1].bias[:, None], linears[-1].weight, rest).T
        probabilities = output_probabilities(output).to("cpu", torch.float64).numpy()  # (G * G, C)

        feeds_output = request.layer == len(hidden) and request.stage == "activation"
        out_layer = linears[-1]
        if request.dims == 3:
            return self._frame_3d(request, width, stages, values, probabilities, n_vertices, n_points,
                                  feeds_output, out_layer, activations, pushes)
        aligned = feeds_output and out_layer.out_features == 1 and request.neurons is None and width > 2
        key = (request.layer, request.stage, request.neurons, width)
        axes, titles = self._axes(values, n_vertices, n_points, width, request, key,
                                  out_layer.weight[0].to("cpu", torch.float64).numpy() if aligned else None)
        both = request.neurons is None or len(set(request.neurons)) == 2
        exact = aligned or width == 1 or (width == 2 and both)

        coords = _project(values, axes)
        bound = BOUNDED.get(activations[request.layer - 1]) if request.stage == "activation" else None
        fixed = bound is not None and (width <= 2 or request.neurons is not None)
        view = self._view(key, coords[: n_vertices + n_points], fixed and bound)

        regions = segments = None
        if exact and feeds_output:
            regions, segments = self._regions(view, axes, out_layer, output_probabilities, device)
        return self._assemble(request, width, titles, stages, axes, coords, view, probabilities, n_vertices,
                              n_points, bool(exact), regions=regions, decision_segments=segments,
                              arrows=_arrows(pushes, axes))

    def _assemble(self, request: HiddenRequest, width: int, titles: tuple[str, ...], stages: list, axes: _Axes,
                  coords: np.ndarray, view: tuple[float, ...], probabilities: np.ndarray, n_vertices: int,
                  n_points: int, exact: bool, **drawn) -> HiddenFrame:
        """The frame from the chosen stage's coordinates: the grid and points, the morph's stages (each on axes
        and in a range of its own, the last in the frame's), the cells' values."""
        dims = coords.shape[1]
        stage_positions, stage_views = [], []
        for i, (_name, tensor, stage_key) in enumerate(stages):
            last = i == len(stages) - 1
            # The last stage is the frame's own representation, already projected into `coords`.
            p = coords if last else _project(tensor, self._stage_axes(tensor, n_vertices, n_points, stage_key, dims))
            p = p[: n_vertices + n_points]
            stage_positions.append(p.astype(np.float32))
            stage_views.append(view if last else _padded_range(p))
        g = math.isqrt(n_vertices) - 1  # (the carried grid's cells along each side)
        cell_values = probabilities.reshape(g, g, -1)  # (G, G, C), or a fit's y
        return HiddenFrame(
            layer=request.layer, stage=request.stage, width=width, axis_titles=titles,
            grid=coords[:n_vertices].reshape(g + 1, g + 1, dims).astype(np.float32),
            cell_values=finite(cell_values, 0.5).astype(np.float32),
            points=coords[n_vertices:n_vertices + n_points].astype(np.float32),
            view=view, stage_names=tuple(s[0] for s in stages), stage_positions=tuple(stage_positions),
            stage_views=tuple(stage_views), exact=exact, **drawn,
        )

    # ----- 3D ---------------------------------------------------------------------------------------
    def _frame_3d(self, request: HiddenRequest, width: int, stages: list, values: torch.Tensor,
                  probabilities: np.ndarray, n_vertices: int, n_points: int, feeds_output: bool,
                  out_layer: nn.Linear, activations: tuple[str, ...], pushes: np.ndarray | None) -> HiddenFrame:
        """The same carried grid and points on three axes: the layer as it is (3 neurons), three chosen
        neurons, or three principal components (the first toward a two-class output the layer feeds)."""
        aligned = feeds_output and out_layer.out_features == 1 and request.neurons is None and width > 3
        key = (request.layer, request.stage, request.neurons, width, 3)
        output_direction = out_layer.weight[0].to("cpu", torch.float64).numpy() if aligned else None
        axes, titles = self._axes(values, n_vertices, n_points, width, request, key, output_direction)
        whole = width == 3 and (request.neurons is None or len(set(request.neurons)) == 3)
        exact = bool(aligned or whole)

        coords = _project(values, axes)
        bound = BOUNDED.get(activations[request.layer - 1]) if request.stage == "activation" else None
        fixed = bound is not None and (width == 3 or request.neurons is not None)
        view = self._view(key, coords[: n_vertices + n_points], bound if fixed else None)

        plane = None
        if exact and feeds_output and out_layer.out_features == 1:
            w = out_layer.weight[0].to("cpu", torch.float64).numpy()
            b = float(out_layer.bias[0].to("cpu", torch.float64))
            # w·h + b = 0 with h = centre + c @ basis: a plane in the drawn coordinates c.
            plane = plane_in_box(axes.basis @ w, float(w @ axes.centre) + b, view)
        return self._assemble(request, width, titles, stages, axes, coords, view, probabilities, n_vertices,
                              n_points, exact, regions=None, decision_segments=None,
                              decision_plane=None if plane is None else plane.astype(np.float32),
                              arrows=_arrows(pushes, axes))

    # ----- axes -----------------------------------------------------------------------------------
    def _axes(self, values: torch.Tensor, n_vertices: int, n_points: int, width: int, request: HiddenRequest,
              key: tuple, output_direction: np.ndarray | None) -> tuple[_Axes, tuple[str, ...]]:
        """`request.dims` axes: chosen neurons; a layer no wider than that as it is; else principal components,
        the first toward the output when `output_direction` is given."""
        k = request.dims
        if request.neurons is not None:
            basis = np.zeros((k, width))
            basis[range(k), list(request.neurons)] = 1.0
            return _Axes(basis, np.zeros(width)), tuple(f"neuron {n + 1}" for n in request.neurons)
        if width <= k:
            return _as_it_is(width, k), tuple(f"neuron {i + 1}" if i < width else "" for i in range(k))
        sample = _sample(values, n_vertices, n_points)
        centre = sample.mean(axis=0)
        centred = sample - centre
        if output_direction is not None and np.linalg.norm(output_direction) > 1e-12:
            first = output_direction / np.linalg.norm(output_direction)
            residual = centred - np.outer(_dot(centred, first), first)
            rows = [first]
            for row in _principal_directions(residual, k - 1):  # Gram-Schmidt, for a degenerate residual cloud
                for done in rows:
                    row = row - (row @ done) * done
                rows.append(row / (np.linalg.norm(row) or 1.0))
            basis = self._stable(key, np.stack(rows), fixed_first=True)
            # Through the origin along the output's direction, so the decision line (or plane) sits at w·h + b = 0.
            centre = centre - (centre @ first) * first
            rest = ("PC of the rest",) if k == 2 else tuple(f"PC {i} of the rest" for i in range(1, k))
            return _Axes(basis, centre), ("toward the output", *rest)
        basis = self._stable(key, _principal_directions(centred, k), fixed_first=False)
        return _Axes(basis, centre), tuple(f"PC {i + 1}" for i in range(k))

    def _stage_axes(self, values: torch.Tensor, n_vertices: int, n_points: int, key: tuple, dims: int) -> _Axes:
        """A morph stage's own axes: up to `dims` wide as it is (narrower ones flat), wider on `dims` PCs."""
        width = values.shape[1]
        if width <= dims:
            return _as_it_is(width, dims)
        sample = _sample(values, n_vertices, n_points)
        centre = sample.mean(axis=0)
        basis = self._stable(("stage", *key, width, dims), _principal_directions(sample - centre, dims),
                             fixed_first=False)
        return _Axes(basis, centre)

    def _stable(self, key: tuple, basis: np.ndarray, fixed_first: bool) -> np.ndarray:
        """Keep PCA axes from flipping or swapping between frames: match each new axis to the nearest of the
        last frame's (the order too, unless the first is fixed), then turn it to point the same way."""
        previous = self._bases.get(key)
        basis = basis.copy()
        k = len(basis)
        if previous is not None and previous.shape == basis.shape:
            overlap = np.abs(basis @ previous.T)
            if not fixed_first or k > 2:
                start = 1 if fixed_first else 0
                best, best_score = list(range(k)), np.trace(overlap)
                for order in permutations(range(start, k)):
                    order = list(range(start)) + list(order)
                    score = overlap[order, range(k)].sum()  # new axis order[i] becomes axis i
                    if score > best_score:
                        best, best_score = order, score
                basis = basis[best].copy()
            for i in range(k):
                if basis[i] @ previous[i] < 0:
                    basis[i] = -basis[i]
        else:
            for i in range(k):  # a first frame: the largest component of each axis positive
                if basis[i][np.argmax(np.abs(basis[i]))] < 0:
                    basis[i] = -basis[i]
        self._bases[key] = basis
        return basis

    def _view(self, key: tuple, coords: np.ndarray, bound) -> tuple[float, ...]:
        """(xmin, xmax, ymin, ymax[, zmin, zmax]), square (a cube in 3D): fixed for a bounded activation; else
        holding still while the data stays well inside, easing when it moves on (see ROOM), so the view does not
        jump (unless the data left it entirely)."""
        dims = coords.shape[1]
        if bound:
            lo, hi = bound
            pad = 0.08 * (hi - lo)
            return (lo - pad, hi + pad) * dims
        target = np.array(_padded_range(coords))
        kept = self._views.get(key)
        # (a cloud that jumped clear of the view, as a collapsed layer's does early in training, is shown at once:
        # easing, the view would creep after it with the points out of sight)
        if kept is None or kept[0].shape != target.shape or not _overlap(kept[0], target):
            shown = goal = _roomy(target)
        else:
            shown, goal = kept
            if not _holds(goal, target):
                goal = _roomy(target)
            side = float(goal[1] - goal[0])
            shown = shown + RANGE_SMOOTHING * (goal - shown)
            if np.abs(goal - shown).max() <= SETTLED * side:
                shown = goal
        self._views[key] = shown, goal
        return tuple(float(v) for v in shown)

    @staticmethod
    def _regions(view, axes: _Axes, out_layer: nn.Linear, output_probabilities, device):
        """The output over the picture, where it depends only on the two axes drawn."""
        xs, ys = _linspace(view[0], view[1]), _linspace(view[2], view[3])
        # The output layer is affine and the picture a plane in its input: at picture point (px, py) its values
        # are px·a + py·b + c, with a, b, c worked out once (not the layer applied to 16,384 points of width D).
        w, bias = _float64(out_layer.weight), _float64(out_layer.bias)
        across, up = axes.basis[:2] @ w.T
        offset = axes.centre @ w.T + bias
        if len(offset) == 1:  # (one output: one (R, R) sum of a row and a column)
            logits = (ys * up[0])[:, None] + (xs * across[0] + offset[0])[None, :]
        else:
            logits = (ys[:, None, None] * up + xs[None, :, None] * across) + offset
        h = torch.as_tensor(logits.astype(np.float32).reshape(-1, len(offset)), device=device)
        p = output_probabilities(h).to("cpu", torch.float32).numpy()
        if p.shape[1] == 1:  # curve fitting has no classes to separate
            return None, None
        grid = p.reshape(REGION_SIZE, REGION_SIZE, -1)
        if grid.shape[2] == 2 and len(offset) == 1:
            # One logit: the classes change where it crosses 0, a straight line in the picture, clipped to the view
            # exactly (not traced through the sampled field).
            segments = line_in_view(float(across[0]), float(up[0]), float(offset[0]), view)
        else:
            grid = grid.astype(np.float64)
            pieces = []
            for c in range(grid.shape[2]):
                others = np.delete(grid, c, axis=2).max(axis=2)
                pieces.append(zero_crossings(grid[:, :, c] - others, xs, ys))
            segments = np.concatenate(pieces)
        return finite(grid, 0.5).astype(np.float32, copy=False), segments.astype(np.float32)


def _linspace(start: float, stop: float) -> np.ndarray:
    """np.linspace(start, stop, REGION_SIZE), the same values, without its checks (a frame's small costs add up)."""
    values = _STEPS * ((stop - start) / (REGION_SIZE - 1)) + start
    values[-1] = stop
    return values


_STEPS = np.arange(REGION_SIZE, dtype=np.float64)


def _float64(values: torch.Tensor) -> np.ndarray:
    """A parameter's values as a float64 NumPy array (a fresh one)."""
    view = parameter_values(values)
    if view is not None:
        return view.astype(np.float64)
    return values.detach().to("cpu", torch.float64).numpy()


def _arrows(pushes: np.ndarray | None, axes: _Axes) -> np.ndarray | None:
    """Vectors in the layer's space as the picture draws them: only the axes' linear part (arrows have no
    position of their own), float32."""
    return None if pushes is None else _dot(pushes, axes.basis.T).astype(np.float32)


def _all_finite(values: torch.Tensor) -> bool:
    """Whether every value is a finite number (on the CPU by NumPy: torch.isfinite(...).all() takes several times
    longer on a few thousand values)."""
    if values.device.type == "cpu":
        return bool(np.isfinite(values.detach().numpy()).all())
    return bool(torch.isfinite(values).all())


def _project(values: torch.Tensor, axes: _Axes) -> np.ndarray:
    """Coordinates along the axes, (N, 2 or 3), in float64."""
    if axes.identity:
        return values.to("cpu", torch.float64).numpy()
    return ((values.to("cpu", torch.float64) - torch.from_numpy(axes.centre)) @ torch.from_numpy(axes.basis.T)).numpy()


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b in float64 by torch, on the training process's one thread: NumPy's OpenBLAS splits such products over
    threads that, on a busy machine, wait 10 to 500 ms for each other where one thread takes under a millisecond."""
    return (torch.from_numpy(np.asarray(a, np.float64)) @ torch.from_numpy(np.asarray(b, np.float64))).numpy()


def _as_it_is(width: int, dims: int = 2) -> _Axes:
    """A layer no wider than the picture drawn as it is: neuron 1 across, neuron 2 up (and neuron 3 in depth);
    missing neurons leave their axis at 0."""
    return _Axes(np.eye(dims, width), np.zeros(width), identity=width == dims)


def _sample(values: torch.Tensor, n_vertices: int, n_points: int) -> np.ndarray:
    """What PCA is fitted to: the data points (the grid too when there are few); of many points, an evenly
    spread PCA_SAMPLE of them (the directions of largest spread come out the same, in a fraction of the time)."""
    if n_points >= 3:
        every = max(1, -(-n_points // PCA_SAMPLE))
        return values[n_vertices:n_vertices + n_points:every].to("cpu", torch.float64).numpy()
    return values[: n_vertices + n_points].to("cpu", torch.float64).numpy()


def _principal_directions(centred: np.ndarray, count: int) -> np.ndarray:
    """The `count` directions of largest spread, (count, D), largest first: the eigenvectors of the (D, D) scatter
    matrix by torch (see _dot; a degenerate cloud's missing directions come out as any orthonormal ones)."""
    scatter = torch.from_numpy(np.asarray(centred, np.float64))
    vectors = torch.linalg.eigh(scatter.T @ scatter)[1].numpy()
    return np.ascontiguousarray(vectors[:, ::-1][:, :count].T)


def _overlap(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two views (xmin, xmax, ymin, ymax[, zmin, zmax]) share some of their area (volume)."""
    return bool((np.maximum(a[0::2], b[0::2]) < np.minimum(a[1::2], b[1::2])).all())


def _holds(view: np.ndarray, target: np.ndarray) -> bool:
    """Whether a view (xmin, xmax, ...) may stay as it is for the data's padded range `target`: it contains the
    range, and the range fills at least SHRINK of its side."""
    contained = bool((view[0::2] <= target[0::2]).all() and (target[1::2] <= view[1::2]).all())
    return contained and float(target[1] - target[0]) >= SHRINK * float(view[1] - view[0])


def _roomy(target: np.ndarray) -> np.ndarray:
    """The square (cube) `target` with ROOM to grow around the same centre."""
    centre, half = (target[0::2] + target[1::2]) / 2, (1 + ROOM) * float(target[1] - target[0]) / 2
    return np.array([v for c in centre for v in (c - half, c + half)])


def _padded_range(coords: np.ndarray, pad: float = 0.08) -> tuple[float, ...]:
    """(xmin, xmax, ymin, ymax[, zmin, zmax]) around the points: a square (a cube), so shapes are not stretched."""
    finite = coords if np.isfinite(coords).all() else coords[np.isfinite(coords).all(axis=1)]
    if not len(finite):
        return (-1.0, 1.0) * coords.shape[1]
    # Column by column: numpy's reductions along axis 0 of a tall, narrow array are ten times slower.
    lo = np.array([finite[:, i].min() for i in range(finite.shape[1])])
    hi = np.array([finite[:, i].max() for i in range(finite.shape[1])])
    centre = (lo + hi) / 2
    side = float((np.maximum((hi - lo) / 2, 1e-3) * (1 + pad)).max())
    return tuple(float(v) for c in centre for v in (c - side, c + side))

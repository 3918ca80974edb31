"""A slice of the loss landscape of any network (issue 16 part 2), computed in the training process.

A network has hundreds of weights, so its loss is a surface over hundreds of dimensions; what can be drawn is
the loss over a flat 2D slice through it: the weights w0 + a·d1 + b·d2 for a grid of (a, b), with w0 the
weights when the slice was taken and d1, d2 two fixed directions. Two kinds of direction (Li et al., 2018,
"Visualizing the Loss Landscape of Neural Nets"):
- "random": random directions, each neuron's incoming weights scaled to the norm of that neuron's own weights
  ("filter normalisation"), so the slice shows the same relative change for every neuron; biases not moved;
- "trajectory": the first two principal directions of the recent weights, so the optimiser's own path lies as
  nearly as possible in the slice.
A slice is not the landscape: minima seen in it need not be minima of the network, and the path drawn is the
path's shadow on the slice (its distance from the slice is reported too).

The surface is one batched evaluation (torch.func.vmap over the grid's weight sets) of the optimiser's
objective: the training points' loss plus the L1/L2 penalty, exactly as the Trainer computes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.func import functional_call, vmap

DIRECTIONS = ("random", "trajectory")
CELLS_PER_BATCH = 256  # weight sets evaluated in one vmap call (memory: sets x points x widest layer)


@dataclass(frozen=True, eq=False)
class SlicePlane:
    """The slice: the weights it passes through and its two directions, each a flat vector over the model's
    parameters in `names` order (float64)."""

    names: tuple[str, ...]
    shapes: tuple[tuple[int, ...], ...]
    centre: np.ndarray
    d1: np.ndarray
    d2: np.ndarray
    kind: str

    def weights_at(self, alpha: float, beta: float) -> np.ndarray:
        return self.centre + alpha * self.d1 + beta * self.d2

    def coordinates(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(K, 2) coordinates (a, b) of each weight vector's closest point in the slice (least squares), and
        (K,) its distance from the slice."""
        weights = np.atleast_2d(weights)
        basis = np.stack([self.d1, self.d2], axis=1)  # (P, 2)
        offsets = weights - self.centre
        coefficients, *_ = np.linalg.lstsq(basis, offsets.T, rcond=None)
        coordinates = coefficients.T
        distance = np.linalg.norm(offsets - coordinates @ basis.T, axis=1)
        return coordinates, distance


def flat_parameters(model: nn.Module) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...], np.ndarray]:
    """The model's parameters as names, shapes and one flat float64 vector."""
    named = list(model.named_parameters())
    vector = np.concatenate([p.detach().to("cpu", torch.float64).reshape(-1).numpy() for _, p in named])
    return tuple(n for n, _ in named), tuple(tuple(p.shape) for _, p in named), vector


def _filter_normalised(shapes, centre: np.ndarray, generator: np.random.Generator) -> np.ndarray:
    """A random direction with each neuron's incoming weights (a row of a weight matrix) scaled to the norm of
    the same row of `centre`; biases and other one-dimensional parameters left still (zero)."""
    direction = np.zeros_like(centre)
    start = 0
    for shape in shapes:
        size = int(np.prod(shape))
        if len(shape) == 2:
            rows = generator.standard_normal(shape)
            own = centre[start:start + size].reshape(shape)
            own_norms = np.linalg.norm(own, axis=1, keepdims=True)
            rows *= own_norms / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
            direction[start:start + size] = rows.reshape(-1)
        start += size
    return direction


def random_plane(model: nn.Module, seed: int = 0) -> SlicePlane:
    """A slice through the model's weights now, along two filter-normalised random directions."""
    names, shapes, centre = flat_parameters(model)
    generator = np.random.default_rng(seed)
    d1 = _filter_normalised(shapes, centre, generator)
    d2 = _filter_normalised(shapes, centre, generator)
    return SlicePlane(names, shapes, centre, d1, d2, "random")


def trajectory_plane(weights: np.ndarray, names, shapes) -> SlicePlane:
    """A slice through the last of `weights` ((T, P), oldest first), along the first two principal directions
    of the recent weights' differences from it (scaled to their spread, so the path spans about [-1, 1])."""
    weights = np.asarray(weights, np.float64)
    centre = weights[-1]
    offsets = weights - centre
    _, singular, vt = np.linalg.svd(offsets - offsets.mean(axis=0), full_matrices=False)
    if len(vt) < 2 or singular[1] <= 1e-12 * max(1.0, singular[0]):
        raise ValueError("the weights have hardly moved yet: train a little first, or use random directions")
    spread = singular[:2] / np.sqrt(max(1, len(weights) - 1))
    return SlicePlane(tuple(names), tuple(shapes), centre, vt[0] * spread[0], vt[1] * spread[1], "trajectory")


def plane_through(centre: np.ndarray, weights: np.ndarray, names, shapes, kind: str = "race") -> SlicePlane:
    """A slice through `centre` along the first two principal directions of `weights` ((T, P), e.g. several
    optimisers' paths from `centre`) measured from it, scaled so the farthest weights lie about 1 from it."""
    offsets = np.asarray(weights, np.float64) - centre
    _, singular, vt = np.linalg.svd(offsets, full_matrices=False)
    if len(vt) < 2 or singular[1] <= 1e-9 * max(1.0, singular[0]):
        raise ValueError("the paths hardly moved from the start")
    basis = vt[:2]
    reach = np.abs(offsets @ basis.T).max(axis=0)
    reach = np.where(reach > 0, reach, 1.0)
    return SlicePlane(tuple(names), tuple(shapes), np.asarray(centre, np.float64), basis[0] * reach[0],
                      basis[1] * reach[1], kind)


def training_sample(trainer, limit: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """The training points and targets, or a fixed random `limit` of them when there are more (the slice's loss
    is then measured on that sample: a grid of thousands of weight sets over 100,000 points would take minutes)."""
    x, y = trainer._x_train, trainer._y_train
    if len(y) <= limit:
        return x, y
    index = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))[:limit].to(x.device)
    return x[index], y[index]


def objective_grid(trainer, plane: SlicePlane, alphas: np.ndarray, betas: np.ndarray) -> np.ndarray:
    """(len(betas), len(alphas)) the optimiser's objective (training loss + penalty) at w0 + a·d1 + b·d2, row i =
    betas[i]: batched over the grid's weight sets, in evaluation mode (no dropout)."""
    a, b = np.meshgrid(np.asarray(alphas, np.float64), np.asarray(betas, np.float64))
    return objective_at(trainer, plane, np.c_[a.reshape(-1), b.reshape(-1)]).reshape(a.shape)


def objective_at(trainer, plane: SlicePlane, coordinates: np.ndarray, data=None) -> np.ndarray:
    """(M,) the optimiser's objective at the weights w0 + a·d1 + b·d2 for each row (a, b) of `coordinates`, on
    `data` ((x, y) tensors; all the training points when None), batched over the weight sets, in evaluation mode."""
    model = trainer.model
    device = next(model.parameters()).device
    coordinates = np.asarray(coordinates, np.float64).reshape(-1, 2)
    flat = plane.centre[None, :] + coordinates[:, :1] * plane.d1[None, :] + coordinates[:, 1:] * plane.d2[None, :]
    buffers = dict(model.named_buffers())
    x, y = (trainer._x_train, trainer._y_train) if data is None else data
    linear_names = {f"{name}.weight" for name, m in model.named_modules() if isinstance(m, nn.Linear)}
    rate, kind = trainer.settings.reg_rate, trainer.settings.regularization

    def objective(parameters: dict) -> torch.Tensor:
        value = trainer.loss_of(functional_call(model, (parameters, buffers), (x,)), y)
        if kind != "none" and rate:
            weights = [parameters[n] for n in linear_names]
            value = value + (rate * sum(w.abs().sum() for w in weights) if kind == "l1" else
                             rate * 0.5 * sum((w * w).sum() for w in weights))
        return value

    was_training = model.training
    model.eval()
    values = []
    try:
        with torch.no_grad():
            for start in range(0, len(flat), CELLS_PER_BATCH):
                block = torch.as_tensor(flat[start:start + CELLS_PER_BATCH], dtype=torch.float32, device=device)
                parameters, offset = {}, 0
                for name, shape in zip(plane.names, plane.shapes, strict=True):
                    size = int(np.prod(shape))
                    parameters[name] = block[:, offset:offset + size].reshape(len(block), *shape)
                    offset += size
                values.append(vmap(objective)(parameters).to("cpu", torch.float64).numpy())
    finally:
        model.train(was_training)
    return np.concatenate(values) if values else np.zeros(0)

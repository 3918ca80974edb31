"""Plane geometry for the drawing tools, vectorised over many points: which points lie in a polygon
(the lasso), and points sampled along a drawn stroke (the curve tool)."""

from __future__ import annotations

import numpy as np


def points_in_polygon(points: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Boolean mask of the points inside the closed polygon (even-odd rule, by ray casting)."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    polygon = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
    inside = np.zeros(len(points), dtype=bool)
    if len(polygon) < 3 or len(points) == 0:
        return inside
    x, y = points[:, 0], points[:, 1]
    for (x0, y0), (x1, y1) in zip(polygon, np.roll(polygon, -1, axis=0), strict=True):
        crosses = (y0 > y) != (y1 > y)
        if not crosses.any():
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        inside ^= crosses & (x < x_at)
    return inside


def sample_along(path: np.ndarray, count: int, spread: float, rng: np.random.Generator) -> np.ndarray:
    """`count` points spaced evenly along a polyline, each pushed off it at right angles by a normal
    amount of standard deviation `spread`."""
    path = np.asarray(path, dtype=np.float64).reshape(-1, 2)
    if count <= 0 or len(path) == 0:
        return np.zeros((0, 2))
    if len(path) == 1:
        return path + rng.normal(0.0, spread, size=(count, 2))
    segments = np.diff(path, axis=0)
    lengths = np.hypot(segments[:, 0], segments[:, 1])
    total = lengths.sum()
    if total == 0:
        return path[:1] + rng.normal(0.0, spread, size=(count, 2))
    along = (np.arange(count) + 0.5) / count * total
    ends = np.cumsum(lengths)
    which = np.minimum(np.searchsorted(ends, along), len(lengths) - 1)
    start = ends[which] - lengths[which]
    t = np.where(lengths[which] > 0, (along - start) / np.where(lengths[which] > 0, lengths[which], 1), 0.0)
    base = path[which] + t[:, None] * segments[which]
    direction = segments[which] / np.where(lengths[which] > 0, lengths[which], 1)[:, None]
    normal = np.c_[-direction[:, 1], direction[:, 0]]
    return base + normal * rng.normal(0.0, spread, size=(count, 1))

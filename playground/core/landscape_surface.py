"""A grid of losses made ready to draw (the exact landscape of one neuron and the slice of any network share it):
its cell centres, its lowest cell, the log-scaled shade and the contour lines."""

from __future__ import annotations

import numpy as np

from .contour import zero_crossings

CONTOUR_LEVELS = 10


def cell_centres(bounds: tuple, size: int) -> tuple[np.ndarray, np.ndarray]:
    xmin, xmax, ymin, ymax = bounds
    return (xmin + (np.arange(size) + 0.5) * (xmax - xmin) / size,
            ymin + (np.arange(size) + 0.5) * (ymax - ymin) / size)


def grid_minimum(loss: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> tuple[tuple[float, float] | None, float]:
    """The grid's lowest cell and its loss, when it is one low point inside the grid (not on an edge, not one of a
    perceptron's flat ties); else (None, nan)."""
    low, high = float(loss.min()), float(loss.max())
    i, j = np.unravel_index(np.argmin(loss), loss.shape)
    lowest = np.count_nonzero(loss <= low + 1e-9 * (1 + abs(low)))
    if 0 < i < loss.shape[0] - 1 and 0 < j < loss.shape[1] - 1 and high > low and lowest == 1:
        return (float(xs[j]), float(ys[i])), float(loss[i, j])
    return None, float("nan")


def surface_picture(loss: np.ndarray, xs: np.ndarray, ys: np.ndarray, low: float | None = None) -> dict:
    """A grid of losses ready to draw: "loss" as it is, "shade" from 0 (lowest, `low` or the grid's) to 1 (highest)
    on a log scale of loss - lowest, and "contours" (M, 2, 2) at CONTOUR_LEVELS "levels" spaced alike on it."""
    high = float(loss.max())
    low = float(loss.min()) if low is None else min(low, float(loss.min()))
    spread = high - low
    floor = max(spread * 1e-4, 1e-12)
    logged = np.log10(loss - low + floor)
    v0, v1 = np.log10(floor), np.log10(spread + floor)
    shade = (logged - v0) / (v1 - v0) if v1 > v0 else np.zeros_like(logged)
    levels = [low + 10 ** (v0 + (v1 - v0) * (k + 0.5) / CONTOUR_LEVELS) - floor for k in range(CONTOUR_LEVELS)] \
        if spread > 0 else []
    contours = [zero_crossings(loss - level, xs, ys) for level in levels]
    return {"loss": np.ascontiguousarray(loss, np.float32), "shade": np.ascontiguousarray(shade, np.float32),
            "contours": np.ascontiguousarray(np.concatenate(contours) if contours else np.zeros((0, 2, 2)), np.float32),
            "levels": tuple(float(v) for v in levels)}

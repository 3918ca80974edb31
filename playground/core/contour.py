"""Marching squares in NumPy: the line where a sampled field crosses zero, as independent segments
(one vectorised pass, no Python loop over cells), ready for a line item drawn with connect="pairs".
"""

from __future__ import annotations

import numpy as np


def zero_crossings(field: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Segments (M, 2, 2) approximating {field == 0}; field[i, j] is sampled at (xs[j], ys[i])."""
    f = np.asarray(field, dtype=np.float64)
    if f.ndim != 2 or f.shape[0] < 2 or f.shape[1] < 2:
        return np.zeros((0, 2, 2), dtype=np.float32)
    positive = f > 0
    corners = positive[:-1, :-1].astype(np.int8) + positive[:-1, 1:] + positive[1:, 1:] + positive[1:, :-1]
    ii, jj = np.nonzero((corners > 0) & (corners < 4))  # only cells the line passes through
    a, b = f[ii, jj], f[ii, jj + 1]  # bottom-left, bottom-right
    c, d = f[ii + 1, jj + 1], f[ii + 1, jj]  # top-right, top-left
    x0, x1 = xs[jj], xs[jj + 1]
    y0, y1 = ys[ii], ys[ii + 1]

    def crossing(f0: np.ndarray, f1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mask = (f0 > 0) != (f1 > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(mask, f0 / (f0 - f1), 0.0)
        return mask, t

    # Edges in a fixed order: bottom (a-b), right (b-c), top (d-c), left (a-d).
    m_bottom, t_bottom = crossing(a, b)
    m_right, t_right = crossing(b, c)
    m_top, t_top = crossing(d, c)
    m_left, t_left = crossing(a, d)
    points = np.stack([
        np.stack([x0 + t_bottom * (x1 - x0), y0], axis=-1),
        np.stack([x1, y0 + t_right * (y1 - y0)], axis=-1),
        np.stack([x0 + t_top * (x1 - x0), y1], axis=-1),
        np.stack([x0, y0 + t_left * (y1 - y0)], axis=-1),
    ], axis=1)  # (cells, 4 edges, 2)
    masks = np.stack([m_bottom, m_right, m_top, m_left], axis=1)
    count = masks.sum(axis=1)

    # Cells crossed twice: one segment joining the two crossed edges.
    two = count == 2
    cell_points, cell_masks = points[two], masks[two]
    order = np.argsort(~cell_masks, axis=1, kind="stable")[:, :2]
    simple = np.take_along_axis(cell_points, order[:, :, None], axis=1)

    # Saddles (crossed four times): the centre value decides which corners are cut off.
    four = count == 4
    saddle_points = points[four]
    centre_positive = ((a + b + c + d)[four] / 4.0) > 0
    corner_a_positive = a[four] > 0
    cut_b_and_d = centre_positive == corner_a_positive  # a, centre and c connected
    # Cut off b: (bottom, right) and d: (top, left); otherwise a: (bottom, left) and c: (right, top).
    first = np.where(cut_b_and_d[:, None], [0, 1], [0, 3])
    second = np.where(cut_b_and_d[:, None], [2, 3], [1, 2])
    saddle = np.concatenate([
        np.take_along_axis(saddle_points, first[:, :, None], axis=1),
        np.take_along_axis(saddle_points, second[:, :, None], axis=1),
    ])
    return np.ascontiguousarray(np.concatenate([simple, saddle]), dtype=np.float32)

"""Marching squares in NumPy: the line where a sampled field crosses zero, as independent segments
(one vectorised pass, no Python loop over cells), ready for a line item drawn with connect="pairs".

The cells the line crosses are found from the field's signs in four passes; only their corners are read, as a
4-bit code (which corners are positive); a table gives the two edges a cell's segment joins, so only the crossed
edges' points are computed, and the segments are written straight into the result.
"""

from __future__ import annotations

import numpy as np

# Edges in a fixed order: bottom (a-b), right (b-c), top (d-c), left (a-d); corners a (bottom-left), b
# (bottom-right), c (top-right), d (top-left) are bits 0-3 of a cell's code. A cell crossed twice joins its two
# crossed edges, the lower-numbered first; codes 5 and 10 (opposite corners alike) are saddles, crossed four times.
_CROSSED = np.array([[((code >> p) & 1) != ((code >> q) & 1) for p, q in ((0, 1), (1, 2), (3, 2), (0, 3))]
                     for code in range(16)])
_FIRST_EDGE = np.array([np.flatnonzero(row)[0] if row.any() else 0 for row in _CROSSED], dtype=np.intp)
_SECOND_EDGE = np.array([np.flatnonzero(row)[1] if row.any() else 0 for row in _CROSSED], dtype=np.intp)


def zero_crossings(field: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Segments (M, 2, 2) approximating {field == 0}; field[i, j] is sampled at (xs[j], ys[i])."""
    f = np.asarray(field)
    if f.dtype != np.float32:
        f = f.astype(np.float64, copy=False)
    if f.ndim != 2 or f.shape[0] < 2 or f.shape[1] < 2:
        return np.zeros((0, 2, 2), dtype=np.float32)
    # The cells the line passes through: their corners are not all alike, so an edge of theirs changes sign (the
    # bottom edge, or either side: the top then follows from those three). Four passes over the field's signs;
    # the corner codes are read for those cells only.
    positive = f > 0
    crossed = positive[:-1, 1:] != positive[:-1, :-1]
    rises = positive[1:] != positive[:-1]
    crossed |= rises[:, :-1]
    crossed |= rises[:, 1:]
    width = f.shape[1]
    ii, jj = np.divmod(np.flatnonzero(crossed), width - 1)
    # Each cell's corners by their place in the flattened field (one-dimensional takes are the quickest reads):
    # bottom-left, bottom-right, top-right, top-left.
    corners = ii * width + jj
    corners = (corners, corners + 1, corners + (width + 1), corners + width)
    p = positive.reshape(-1).view(np.uint8)
    code = p[corners[0]] | (p[corners[1]] << 1) | (p[corners[2]] << 2) | (p[corners[3]] << 3)
    # (values in float64, read from a float32 field as they would be from its float64 copy)
    flat = f.reshape(-1)
    a, b, c, d = (flat[k].astype(np.float64, copy=False) for k in corners)
    x0, x1 = np.asarray(xs, np.float64)[jj], np.asarray(xs, np.float64)[jj + 1]
    y0, y1 = np.asarray(ys, np.float64)[ii], np.asarray(ys, np.float64)[ii + 1]

    # Every edge's crossing, (cells, 4) for x and for y (only the crossed ones are read).
    px, py = np.empty((len(ii), 4)), np.empty((len(ii), 4))
    with np.errstate(divide="ignore", invalid="ignore"):
        px[:, 0] = x0 + a / (a - b) * (x1 - x0)
        py[:, 0] = y0
        px[:, 1] = x1
        py[:, 1] = y0 + b / (b - c) * (y1 - y0)
        px[:, 2] = x0 + d / (d - c) * (x1 - x0)
        py[:, 2] = y1
        px[:, 3] = x0
        py[:, 3] = y0 + a / (a - d) * (y1 - y0)

    saddle = (code == 5) | (code == 10)
    simple = np.flatnonzero(~saddle)
    four = np.flatnonzero(saddle)
    n_simple, n_four = len(simple), len(four)
    out = np.empty((n_simple + 2 * n_four, 2, 2), dtype=np.float32)
    first, second = _FIRST_EDGE[code[simple]], _SECOND_EDGE[code[simple]]
    out[:n_simple, 0, 0], out[:n_simple, 0, 1] = px[simple, first], py[simple, first]
    out[:n_simple, 1, 0], out[:n_simple, 1, 1] = px[simple, second], py[simple, second]
    if n_four:
        # Saddles: the centre value decides which corners are cut off: b (bottom, right) and d (top, left) when
        # a, the centre and c are connected; otherwise a (bottom, left) and c (right, top).
        centre_positive = ((a[four] + b[four] + c[four] + d[four]) / 4.0) > 0
        cut_b_and_d = centre_positive == (a[four] > 0)
        edges = (np.zeros(n_four, np.intp), np.where(cut_b_and_d, 1, 3),
                 np.where(cut_b_and_d, 2, 1), np.where(cut_b_and_d, 3, 2))
        for k, (start, end) in enumerate(((edges[0], edges[1]), (edges[2], edges[3]))):
            rows = slice(n_simple + k * n_four, n_simple + (k + 1) * n_four)
            out[rows, 0, 0], out[rows, 0, 1] = px[four, start], py[four, start]
            out[rows, 1, 0], out[rows, 1, 1] = px[four, end], py[four, end]
    return out

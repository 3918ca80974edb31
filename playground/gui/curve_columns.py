"""A long curve drawn as what a screen can show of it: in each pixel column, the samples that shape its line.

The loss chart holds up to 2,000 points per curve on a plot a few hundred pixels wide; stroking every segment
(antialiased, the test curves dashed) cost about 6 ms per redraw once a run had gone on for a minute or two.
Keeping, in each pixel column, the first and the last sample, the lowest and the highest (M4: Jugel et al.,
"M4: a visualization-oriented time series data aggregation", VLDB 2014) draws the same line: it enters and
leaves each column where the full curve does and reaches the same extremes in it, with at most four points a
column. The samples kept are the curve's own (x, y) pairs, in their order; a missing value (NaN, a gap in the
curve) that is a column's first or last sample is kept, so gaps stay where they were."""

from __future__ import annotations

import numpy as np


def column_samples(x: np.ndarray, y: np.ndarray, x_range: tuple[float, float], columns: int) -> np.ndarray:
    """Indices into x and y (x increasing) of the samples to draw on a plot `columns` pixels wide showing
    `x_range`: all of them when there are no more than four a column; else, in each column, its first and last
    sample and its lowest and highest finite one, in their order along the curve."""
    n = len(x)
    low, high = x_range
    span = high - low
    if columns < 1 or n <= 4 * columns or not span > 0:
        return np.arange(n)
    column = np.clip(((x - low) / span * columns).astype(np.int64), 0, columns - 1)
    starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])  # (x increasing: each column's run)
    lasts = np.r_[starts[1:], n] - 1
    finite = np.isfinite(y)
    # Within each column, by value (missing ones last): its first entry the lowest, its last finite the highest.
    order = np.lexsort((np.where(finite, y, np.inf), column))
    finite_counts = np.add.reduceat(finite.astype(np.int64), starts)
    lowest = order[starts]
    highest = order[starts + np.maximum(finite_counts, 1) - 1]
    return np.unique(np.concatenate([starts, lasts, lowest, highest]))

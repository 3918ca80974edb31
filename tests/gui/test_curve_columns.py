"""column_samples (M4): a long curve drawn as each pixel column's first, last, lowest and highest sample."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gui.curve_columns import column_samples


def columns_of(x, y, x_range, columns) -> dict[int, tuple]:
    """Each column's (first sample, last sample, lowest finite value, highest finite value), worked out one
    sample at a time; a sample is (x, y) with NaN written as None, a missing extreme as None."""
    low, high = x_range
    found: dict[int, list[tuple[float, float]]] = {}
    for xi, yi in zip(x.tolist(), y.tolist(), strict=True):
        c = min(columns - 1, max(0, int((xi - low) / (high - low) * columns)))
        found.setdefault(c, []).append((xi, None if np.isnan(yi) else yi))
    result = {}
    for c, samples in found.items():
        values = [v for _x, v in samples if v is not None]
        result[c] = (samples[0], samples[-1], min(values, default=None), max(values, default=None))
    return result


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_column_keeps_where_the_line_enters_and_leaves_it_and_its_extremes(seed):
    rng = np.random.default_rng(seed)
    # Thinned history first (wide steps), the newest at full resolution, as the loss chart holds them.
    x = np.concatenate([np.arange(0, 60_000, 50.0), 60_000 + np.arange(800.0)])
    y = np.cumsum(rng.normal(size=len(x)))
    y[rng.random(len(x)) < 0.05] = np.nan  # missing test metrics
    y[300:420] = np.nan  # a long gap: whole columns with nothing to draw
    x_range, columns = (0.0, 65_000.0), 240
    kept = column_samples(x, y, x_range, columns)
    assert np.all(np.diff(kept) > 0)  # the curve's own samples, in their order
    assert len(kept) <= 4 * columns < len(x)
    assert kept[0] == 0 and kept[-1] == len(x) - 1  # from the first sample to the newest
    assert columns_of(x[kept], y[kept], x_range, columns) == columns_of(x, y, x_range, columns)


def test_a_short_curve_is_drawn_whole():
    x = np.arange(100.0)
    assert column_samples(x, np.sin(x), (0.0, 100.0), 25).tolist() == list(range(100))
    assert column_samples(x, np.sin(x), (0.0, 100.0), 0).tolist() == list(range(100))  # (not laid out yet)

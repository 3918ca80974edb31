"""Marching squares: zero_crossings on fields whose zero line is known."""

from collections import Counter

import numpy as np
import pytest

from playground.core.contour import zero_crossings


def sample(function, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    gx, gy = np.meshgrid(xs, ys)  # field[i, j] at (xs[j], ys[i])
    return function(gx, gy)


def endpoint_counts(segments: np.ndarray) -> Counter:
    return Counter(map(tuple, segments.reshape(-1, 2).tolist()))


@pytest.mark.parametrize(("radius", "size"), [(1.3, 81), (2.71, 200), (0.55, 41)])
def test_circle_segments_lie_on_the_circle(radius, size):
    xs = ys = np.linspace(-3.0, 3.0, size)
    field = sample(lambda x, y: x**2 + y**2 - radius**2, xs, ys)
    segments = zero_crossings(field, xs, ys)
    assert segments.dtype == np.float32
    assert segments.ndim == 3 and segments.shape[1:] == (2, 2)
    assert segments.flags.c_contiguous
    assert len(segments) > 8
    r = np.hypot(segments[..., 0], segments[..., 1])
    np.testing.assert_allclose(r, radius, rtol=0.01)
    # the segments go all the way round
    angles = np.arctan2(segments[..., 1], segments[..., 0]).ravel()
    assert np.histogram(angles, bins=8, range=(-np.pi, np.pi))[0].min() > 0
    # and join up into a closed curve: every end point is shared by exactly two segments
    assert set(endpoint_counts(segments).values()) == {2}
    assert not np.any(np.all(segments[:, 0] == segments[:, 1], axis=1))  # no zero-length segments


def test_circle_length_is_close_to_its_circumference():
    radius = 2.0
    xs = ys = np.linspace(-3.0, 3.0, 121)
    segments = zero_crossings(sample(lambda x, y: x**2 + y**2 - radius**2, xs, ys), xs, ys)
    length = np.linalg.norm(segments[:, 1] - segments[:, 0], axis=1).sum()
    assert length == pytest.approx(2 * np.pi * radius, rel=0.01)


def test_uneven_axes_are_respected():
    xs = np.linspace(0.0, 10.0, 50)
    ys = np.linspace(-1.0, 1.0, 30)
    segments = zero_crossings(sample(lambda x, y: x - 3.3, xs, ys), xs, ys)
    assert len(segments) == len(ys) - 1
    np.testing.assert_allclose(segments[..., 0], 3.3, atol=1e-5)
    assert segments[..., 1].min() == pytest.approx(-1.0)
    assert segments[..., 1].max() == pytest.approx(1.0)


@pytest.mark.parametrize("value", [1.0, -1.0, 0.0])
def test_a_field_without_crossing_gives_no_segments(value):
    xs = ys = np.linspace(-1.0, 1.0, 30)
    segments = zero_crossings(np.full((30, 30), value), xs, ys)
    assert segments.shape == (0, 2, 2)
    assert segments.dtype == np.float32


def test_a_positive_bowl_gives_no_segments():
    xs = ys = np.linspace(-1.0, 1.0, 30)
    assert len(zero_crossings(sample(lambda x, y: x**2 + y**2 + 0.1, xs, ys), xs, ys)) == 0


@pytest.mark.parametrize("shape", [(1, 10), (10, 1), (0, 0), (5,)])
def test_degenerate_grids_give_no_segments(shape):
    field = np.linspace(-1.0, 1.0, int(np.prod(shape))).reshape(shape)
    xs = np.arange(shape[-1], dtype=float)
    ys = np.arange(shape[0], dtype=float)
    assert zero_crossings(field, xs, ys).shape == (0, 2, 2)


def test_saddle_field_follows_both_axes():
    xs = ys = np.linspace(-1.0, 1.0, 20)  # even count: no sample lies on an axis
    segments = zero_crossings(sample(lambda x, y: x * y, xs, ys), xs, ys)
    assert len(segments) > 0
    assert np.isfinite(segments).all()
    on_an_axis = np.isclose(segments[..., 0], 0.0, atol=1e-6) | np.isclose(segments[..., 1], 0.0, atol=1e-6)
    assert on_an_axis.all()


def test_saddle_cell_with_positive_centre_cuts_off_the_negative_corners():
    xs = ys = np.array([-1.0, 1.0])
    # corners: (-1,-1) 1.5, (1,-1) -0.5, (1,1) 1.5, (-1,1) -0.5; the zero line is x*y = -0.5
    field = sample(lambda x, y: x * y + 0.5, xs, ys)
    segments = zero_crossings(field, xs, ys)
    assert segments.shape == (2, 2, 2)
    got = {frozenset(map(tuple, s.tolist())) for s in segments}
    expected = {
        frozenset({(0.5, -1.0), (1.0, -0.5)}),  # around the corner (1, -1)
        frozenset({(-0.5, 1.0), (-1.0, 0.5)}),  # around the corner (-1, 1)
    }
    assert got == expected


def test_saddle_cell_with_negative_centre_cuts_off_the_positive_corners():
    xs = ys = np.array([-1.0, 1.0])
    field = sample(lambda x, y: x * y - 0.5, xs, ys)  # positive only near (1,1) and (-1,-1)
    segments = zero_crossings(field, xs, ys)
    got = {frozenset(map(tuple, s.tolist())) for s in segments}
    expected = {
        frozenset({(0.5, 1.0), (1.0, 0.5)}),
        frozenset({(-0.5, -1.0), (-1.0, -0.5)}),
    }
    assert got == expected


def test_crossing_is_linearly_interpolated():
    xs = np.array([0.0, 1.0])
    ys = np.array([0.0, 1.0])
    field = np.array([[-1.0, 3.0], [-1.0, 3.0]])  # zero at x = 0.25 on both rows
    segments = zero_crossings(field, xs, ys)
    assert segments.shape == (1, 2, 2)
    assert sorted(map(tuple, segments[0].tolist())) == [(0.25, 0.0), (0.25, 1.0)]


def cell_by_cell(f: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Marching squares written out one cell at a time: the crossed edges (bottom, right, top, left) joined in
    that order; a saddle's centre value says which pair of corners is cut off. Cells crossed twice first (in cell
    order), then each saddle's first segment, then each saddle's second."""
    simple, saddle_first, saddle_second = [], [], []
    for i in range(f.shape[0] - 1):
        for j in range(f.shape[1] - 1):
            a, b, c, d = f[i, j], f[i, j + 1], f[i + 1, j + 1], f[i + 1, j]
            x0, x1, y0, y1 = xs[j], xs[j + 1], ys[i], ys[i + 1]
            with np.errstate(divide="ignore", invalid="ignore"):
                edges = [((a > 0) != (b > 0), (x0 + a / (a - b) * (x1 - x0), y0)),
                         ((b > 0) != (c > 0), (x1, y0 + b / (b - c) * (y1 - y0))),
                         ((d > 0) != (c > 0), (x0 + d / (d - c) * (x1 - x0), y1)),
                         ((a > 0) != (d > 0), (x0, y0 + a / (a - d) * (y1 - y0)))]
            crossed = [point for is_crossed, point in edges if is_crossed]
            if len(crossed) == 2:
                simple.append(crossed)
            elif len(crossed) == 4:
                points = [point for _, point in edges]
                if ((a + b + c + d) / 4 > 0) == (a > 0):
                    saddle_first.append([points[0], points[1]])
                    saddle_second.append([points[2], points[3]])
                else:
                    saddle_first.append([points[0], points[3]])
                    saddle_second.append([points[1], points[2]])
    return np.array(simple + saddle_first + saddle_second, dtype=np.float32).reshape(-1, 2, 2)


@pytest.mark.parametrize("seed", range(12))
def test_the_segments_are_marching_squares_cell_by_cell(seed):
    rng = np.random.default_rng(seed)
    rows, columns = rng.integers(2, 40, 2)
    field = rng.normal(size=(rows, columns))  # many saddles
    if seed % 3 == 0:
        field = np.round(field)  # values exactly 0 (not positive)
    if seed % 4 == 1:
        field[rng.random(field.shape) < 0.1] = np.nan
    xs, ys = np.sort(rng.normal(size=columns)), np.sort(rng.normal(size=rows))
    np.testing.assert_array_equal(zero_crossings(field, xs, ys), cell_by_cell(field, xs, ys))
    np.testing.assert_array_equal(zero_crossings(field.astype(np.float32), xs, ys),
                                  cell_by_cell(field.astype(np.float32).astype(np.float64), xs, ys))


def reference_crossings(field: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> list[tuple]:
    """Marching squares cell by cell, written out plainly: each cell's crossed edges, joined in pairs (a saddle's
    pairs chosen by the sign of the centre, the mean of the corners)."""
    f = np.asarray(field, np.float64)
    found = []
    for i in range(f.shape[0] - 1):
        for j in range(f.shape[1] - 1):
            corners = [(j, i), (j + 1, i), (j + 1, i + 1), (j, i + 1)]  # bottom-left, bottom-right, top-right, top-left
            values = [f[r, c] for c, r in corners]
            points = {}
            for edge, (p, q) in enumerate(((0, 1), (1, 2), (3, 2), (0, 3))):  # bottom, right, top, left
                if (values[p] > 0) != (values[q] > 0):
                    t = values[p] / (values[p] - values[q])
                    (cp, rp), (cq, rq) = corners[p], corners[q]
                    points[edge] = (xs[cp] + t * (xs[cq] - xs[cp]), ys[rp] + t * (ys[rq] - ys[rp]))
            if len(points) == 2:
                found.append(tuple(points.values()))
            elif len(points) == 4:
                cut_b_and_d = (sum(values) / 4 > 0) == (values[0] > 0)
                pairs = ((0, 1), (2, 3)) if cut_b_and_d else ((0, 3), (1, 2))
                found += [(points[p], points[q]) for p, q in pairs]
    return found


def as_rounded_set(segments) -> Counter:
    return Counter(frozenset((round(x, 4), round(y, 4)) for x, y in segment) for segment in segments)


@pytest.mark.parametrize("seed", range(6))
def test_every_crossed_cell_gives_its_segments_as_written_out_cell_by_cell(seed):
    rng = np.random.default_rng(seed)
    height, width = rng.integers(2, 25, size=2)
    xs, ys = np.sort(rng.normal(size=width)) * 3, np.sort(rng.normal(size=height)) * 3
    field = rng.normal(size=(height, width))
    field[rng.random(field.shape) < 0.1] = 0.0  # zeros count as not positive
    for given in (field, field.astype(np.float32), np.asfortranarray(field), field.astype(np.float32)[:, ::-1]):
        flipped = given.strides[1] < 0
        xs_given = xs[::-1] if flipped else xs
        got = zero_crossings(given, xs_given, ys)
        expected = reference_crossings(given, xs_given, ys)
        assert len(got) == len(expected)
        assert as_rounded_set(got.tolist()) == as_rounded_set(expected)

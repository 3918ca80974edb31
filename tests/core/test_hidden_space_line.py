"""The hidden picture's decision line for a two-class output: the straight line where the output's logit crosses 0,
clipped to the view exactly (line_in_view), checked against the zero line traced through a fine sampled field."""

from __future__ import annotations

import numpy as np
import pytest

from playground.core.contour import zero_crossings
from playground.core.hidden_frames import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings
from playground.core.view_clip import line_in_view


def traced(a: float, b: float, c: float, view, size: int = 801) -> np.ndarray:
    """The zero line of a·x + b·y + c traced through a fine grid over the view (marching squares)."""
    xs = np.linspace(view[0], view[1], size)
    ys = np.linspace(view[2], view[3], size)
    return zero_crossings(a * xs[None, :] + b * ys[:, None] + c, xs, ys)


def distance_to_segment(points: np.ndarray, ends: np.ndarray) -> np.ndarray:
    start, end = ends.astype(np.float64)
    along = end - start
    t = np.clip((points - start) @ along / (along @ along), 0.0, 1.0)
    return np.linalg.norm(points - (start + t[:, None] * along), axis=1)


def check_against_trace(a: float, b: float, c: float, view) -> None:
    got = line_in_view(a, b, c, view)
    assert got.dtype == np.float32 and got.ndim == 3 and got.shape[1:] == (2, 2)
    fine = traced(a, b, c, view)
    side = max(view[1] - view[0], view[3] - view[2])
    if not len(fine):
        assert len(got) == 0 or np.linalg.norm(got[0, 1] - got[0, 0]) < 2e-3 * side  # at most a corner's tip
        return
    assert len(got) == 1
    ends = got[0].astype(np.float64)
    # every traced point lies on the exact segment, and the segment is as long as the traced line
    assert distance_to_segment(fine.reshape(-1, 2).astype(np.float64), ends).max() < 1e-4 * side
    length = np.linalg.norm(fine[:, 1] - fine[:, 0], axis=1).sum()
    assert np.linalg.norm(ends[1] - ends[0]) == pytest.approx(length, rel=1e-3, abs=3e-3 * side)
    # both ends on the view's border and on the line
    for x, y in ends:
        on_border = min(abs(x - view[0]), abs(x - view[1]), abs(y - view[2]), abs(y - view[3]))
        assert on_border < 1e-5 * side
        assert abs(a * x + b * y + c) < 1e-5 * (abs(a) + abs(b)) * side


@pytest.mark.parametrize("seed", range(40))
def test_the_clipped_line_is_the_traced_zero_line(seed):
    rng = np.random.default_rng(seed)
    lo = rng.normal(0.0, 2.0, size=2)
    view = (lo[0], lo[0] + rng.uniform(0.5, 4.0), lo[1], lo[1] + rng.uniform(0.5, 4.0))
    a, b = rng.normal(size=2) * rng.choice([0.01, 1.0, 50.0])
    centre = np.array([(view[0] + view[1]) / 2, (view[2] + view[3]) / 2])
    c = -(a * centre[0] + b * centre[1]) + rng.normal(0.0, 2.0) * np.hypot(a, b)  # often through the view
    check_against_trace(a, b, c, view)


@pytest.mark.parametrize(("a", "b", "c"), [(1.0, 0.0, -0.3), (0.0, 2.0, 0.5), (1.0, -1.0, 0.0), (1.0, 1.0, 0.0),
                                           (3.0, 1.0, 10.0), (0.0, 1.0, -0.999),
                                           (2.0, -1.0, 1.0)])  # (the last from a corner to a side)
def test_vertical_horizontal_and_diagonal_lines(a, b, c):
    check_against_trace(a, b, c, (-1.0, 1.0, -1.0, 1.0))


def test_a_diagonal_goes_corner_to_corner_and_a_touch_or_no_line_gives_nothing():
    view = (-1.0, 1.0, -2.0, 2.0)
    corner_to_corner = line_in_view(2.0, -1.0, 0.0, view)  # y = 2x
    assert {tuple(e) for e in corner_to_corner[0].tolist()} == {(-1.0, -2.0), (1.0, 2.0)}
    assert line_in_view(1.0, 1.0, -3.0, view).shape == (0, 2, 2)  # x + y = 3 only touches the corner (1, 2)
    assert line_in_view(1.0, 0.0, -5.0, view).shape == (0, 2, 2)  # misses the view
    assert line_in_view(0.0, 0.0, 0.0, view).shape == (0, 2, 2)  # no line
    along_the_top = line_in_view(0.0, 1.0, -2.0, view)  # y = 2: the view's top edge
    assert {tuple(e) for e in along_the_top[0].tolist()} == {(-1.0, 2.0), (1.0, 2.0)}
    assert line_in_view(float("nan"), 1.0, 0.0, view).shape == (0, 2, 2)


def test_the_frames_line_is_where_the_output_layer_gives_one_half():
    """Two tanh neurons drawn as they are: the picture's coordinates are the output layer's inputs, so its line
    is w·h + b = 0 written out from the layer, clipped to the view; the regions agree on either side."""
    trainer = Trainer(generate(PresetSpec("two-curves", points=200)), NetworkSpec((2,), "tanh"),
                      TrainingSettings(device="cpu"))
    trainer.step(400)
    trainer.hidden_request = HiddenRequest(1)
    frame, note = trainer.hidden_frame()
    assert note == "" and frame.exact and frame.regions is not None
    layer = trainer.linear_layers()[-1]
    (w0, w1), b = layer.weight[0].detach().tolist(), float(layer.bias[0].detach())
    check_against_trace(w0, w1, b, frame.view)
    ends = frame.decision_segments[0].astype(np.float64)
    np.testing.assert_allclose(ends @ [w0, w1] + b, 0.0, atol=1e-5)
    # the regions' class-1 probability is the output at each picture point: above 1/2 on the positive side
    size = frame.regions.shape[0]
    xs = np.linspace(frame.view[0], frame.view[1], size)
    ys = np.linspace(frame.view[2], frame.view[3], size)
    logit = w0 * xs[None, :] + w1 * ys[:, None] + b
    clear = np.abs(logit) > 1e-3
    assert ((frame.regions[:, :, 1] > 0.5) == (logit > 0))[clear].all()
    np.testing.assert_array_equal(frame.regions[:, :, 0], np.float32(1.0) - frame.regions[:, :, 1])

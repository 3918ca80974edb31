"""Which weight lines the network diagram draws, in what order and with which pen: all layers' lines in one pass.

A line's colour is its weight's sign, its width and tint its strength, in STRENGTH_LEVELS steps. The weakest are
drawn first so the strong ones lie on top; wide layers keep only their strongest lines; between two layers with
many lines they go without antialiasing. Lines of different layers never touch (each layer's lie between its two
columns), so the lines of one pen are drawn in one call for every layer at once, in the order each layer would
draw them alone: the same pixels as a call per layer and pen, in a fifth of the calls. Where each line may go is
worked out once per layout (plan_lines); a frame only sorts its weights (weight_runs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .diagram_layout import MAX_SIDE

MAX_LINES_PER_LAYER = 400  # beyond this only the strongest weights are drawn (neurons at their largest)
MIN_LINES_PER_LAYER = 100  # the strongest this many are drawn however small the neurons
ANTIALIASED_LINES = 200  # between two layers with more lines than this, they are drawn without antialiasing
STRENGTH_LEVELS = 24  # the lines' widths and tints, in this many steps from the weakest to the strongest
GROUPS = 2 * STRENGTH_LEVELS  # a line's group: 2 · strength level + (weight > 0)


@dataclass(frozen=True)
class LinePlan:
    """Every weight's line at one layout. `ends`: (weights, 4) float64 (x1, y1, x2, y2), weight layer after weight
    layer, each (targets, sources) row-major as the weights are; `starts`: where each weight layer begins there;
    `shown[k]`: layer k's strongest this many are drawn (None: all); `styles`: (antialiased, thinner) of each
    style; `keys`: every line's style · GROUPS (its sort key, with its group added)."""

    ends: np.ndarray
    starts: np.ndarray
    shown: tuple[int | None, ...]
    styles: tuple[tuple[bool, float], ...]
    keys: np.ndarray


def plan_lines(leaving: Sequence[np.ndarray], arriving: Sequence[np.ndarray], sides: Sequence[float],
               zoom: float) -> LinePlan:
    """The lines between layers whose boxes' right middles are `leaving[k]` and left middles `arriving[k]`
    ((N, 2) each), `sides[k]` the smaller side of layer k's boxes."""
    ends, shown, styles, keys = [], [], [], []
    for k in range(len(sides) - 1):
        sources, targets = leaving[k], arriving[k + 1]
        n = len(sources) * len(targets)
        side = min(sides[k], sides[k + 1])
        # Wide layers: the strongest lines only, fewer still between small neurons (where more are a blur).
        most = max(MIN_LINES_PER_LAYER, round(MAX_LINES_PER_LAYER * min(1.0, side / (MAX_SIDE * zoom))))
        shown.append(most if most < n else None)
        # Small neurons (deep, wide networks) get lines in proportion, and many lines go without antialiasing:
        # thousands of wide antialiased lines were most of the cost of painting ten layers of 64.
        style = (min(most, n) <= ANTIALIASED_LINES, min(1.0, side / (0.5 * MAX_SIDE * zoom)))
        if style not in styles:
            styles.append(style)
        keys.append(np.full(n, styles.index(style) * GROUPS))
        ends.append(np.concatenate([np.tile(sources, (len(targets), 1)), np.repeat(targets, len(sources), axis=0)],
                                   axis=1))
    counts = [len(e) for e in ends]
    return LinePlan(np.ascontiguousarray(np.concatenate(ends or [np.zeros((0, 4))]), dtype=np.float64),
                    np.cumsum([0, *counts]), tuple(shown), tuple(styles),
                    np.concatenate(keys or [np.zeros(0, int)]))


def weight_runs(plan: LinePlan, weights: Sequence[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The lines to draw for these weights, in drawing order: ((L, 4) float64 line ends, [(style, group, first,
    last)]: lines first to last, last excluded, share a style and a group, i.e. a pen). Within a layer the weakest
    come first, and lines of one group in the weights' order."""
    if not len(plan.ends):
        return plan.ends, []
    values = np.concatenate([np.ravel(w) for w in weights])
    magnitude = np.abs(values)
    starts = plan.starts[:-1]
    # Each layer's strongest finite weight (1 where there is none): a diverged network's weights are not numbers,
    # drawn faint (infinite ones strongest), never a colour computed from NaN (Qt warns "QColor::fromRgbF: RGB
    # parameters out of range" at every repaint).
    peak = np.maximum.reduceat(np.where(np.isfinite(magnitude), magnitude, 0), starts)
    peak = np.where(peak == 0, 1, peak).astype(magnitude.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        strengths = np.clip(np.nan_to_num(magnitude / np.repeat(peak, np.diff(plan.starts)), nan=0.0, posinf=1.0),
                            0.0, 1.0)
    groups = 2 * np.rint(strengths * (STRENGTH_LEVELS - 1)).astype(int) + (values > 0)
    if any(most is not None for most in plan.shown):
        picked = []
        for k, most in enumerate(plan.shown):
            first, last = plan.starts[k], plan.starts[k + 1]
            if most is None:
                picked.append(np.arange(first, last))
            else:  # the strongest `most`, picked by a partition, then back in the weights' order
                layer = strengths[first:last]
                picked.append(first + np.sort(np.argpartition(layer, len(layer) - most)[len(layer) - most:]))
        picked = np.concatenate(picked)
        keys = plan.keys[picked] + groups[picked]
    else:
        picked, keys = None, plan.keys + groups
    order = np.argsort(keys, kind="stable")  # (stable: in the weights' order, layer after layer, within a key)
    keys = keys[order]
    lines = plan.ends[order if picked is None else picked[order]]
    cuts = (np.flatnonzero(np.diff(keys)) + 1).tolist()
    style, group = np.divmod(keys[[0, *cuts]], GROUPS)
    return lines, list(zip(style.tolist(), group.tolist(), [0, *cuts], [*cuts, len(keys)], strict=True))

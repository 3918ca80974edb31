"""Where the network diagram draws its neurons and its layers' counts, at a size: pure geometry, no painting.

A column of boxes that would be smaller than READABLE_SIDE to fit (a wide layer in a short diagram) is drawn as
thin strips filling the room between the counts and the footer, one strip per neuron, so that every neuron is
still drawn (and can be pointed at) and nothing runs over the footer or off the widget. Counts too wide for their
columns get a smaller font, down to MIN_LABEL_POINTS, then only every other (third ...) hidden layer is named."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF

MAX_SIDE = 44.0  # a neuron's largest side, in pixels at zoom 1 (as every size here)
READABLE_SIDE = 6.0  # a column whose boxes would be smaller than this is drawn as strips
TOP, LEFT, RIGHT = 30.0, 54.0, 30.0  # margins: the counts above, the inputs' names on the left
FOOTER_BOTTOM, BOTTOM = 26.0, 10.0  # the margin below, with and without the footer
NARROW = 75.0  # columns closer than this: short counts above them, the activation said once in a footer
LABEL_TOP, LABEL_HEIGHT = 4.0, 20.0
FOOTER_HEIGHT = 18.0
LABEL_GAP = 3.0  # the least room between two counts


@dataclass(frozen=True)
class ColumnLayout:
    """The diagram's neurons at one size: `boxes` per layer, top to bottom; `squeezed[k]`: layer k is drawn as
    strips (not squares); `spacing`: between two columns; `footer`: the footer's rectangle (None: no footer)."""

    boxes: tuple[tuple[QRectF, ...], ...]
    squeezed: tuple[bool, ...]
    spacing: float
    footer: QRectF | None


def lay_out_columns(sizes: Sequence[int], width: float, height: float, zoom: float) -> ColumnLayout:
    """Every neuron's box for layers of `sizes` in a diagram of `width` x `height` pixels at `zoom`."""
    z = zoom
    top, left, right = TOP * z, LEFT * z, RIGHT * z
    usable_w = max(10.0, width - left - right)
    spacing = usable_w / max(1, len(sizes) - 1) if len(sizes) > 1 else usable_w
    narrow = spacing < NARROW * z
    bottom = (FOOTER_BOTTOM if narrow else BOTTOM) * z
    usable_h = max(10.0, height - top - bottom)
    cap = min(MAX_SIDE * z, spacing * 0.55)
    fits = [usable_h / (n * 1.25) for n in sizes]  # the side at which each layer's column fills the height
    # The square side all layers share: the largest every layer fits at, unless that is below a readable size:
    # then the largest the layers that fit at a readable size allow, and the others are squeezed into strips.
    threshold = min(cap, READABLE_SIDE * z)
    roomy = [f for f in fits if f >= threshold] if min(fits) < threshold else fits
    side = min([cap, *roomy]) if roomy else threshold
    boxes, squeezed = [], []
    for k, (n, fit) in enumerate(zip(sizes, fits, strict=True)):
        x = left + k * spacing if len(sizes) > 1 else left + usable_w / 2
        if fit >= side:
            gap, tall = side * 0.25, side
        else:
            pitch = usable_h / n
            gap = 1.0 if pitch >= 2.5 else 0.0  # a hairline between strips, while they are 1.5 pixels or more
            tall = min(side, (usable_h - (n - 1) * gap) / n)
        total = n * tall + (n - 1) * gap
        y0 = top + (usable_h - total) / 2
        boxes.append(tuple(QRectF(x - side / 2, y0 + i * (tall + gap), side, tall) for i in range(n)))
        squeezed.append(fit < side)
    footer = QRectF(0.0, height - 20.0 * z, width, FOOTER_HEIGHT * z) if narrow else None
    return ColumnLayout(tuple(boxes), tuple(squeezed), spacing, footer)


def place_labels(centres: Sequence[float], widths_at: Callable[[float], list[float]], points: Sequence[float],
                 width: float, zoom: float) -> tuple[float, list[tuple[int, float, float]]]:
    """Where the layers' titles go in a row across a diagram `width` wide: (the font size, [(layer, left,
    text width)]) for the layers named, in order. Each title is centred over its column (`centres`), pushed
    inside the widget at its edges; `widths_at(size)` gives every title's width in the font at that size, tried
    in the order of `points` (largest first). Where even the smallest is too wide, the first and last layers are
    named and every other hidden layer (or every third ...) that has room."""
    gap = LABEL_GAP * zoom
    last = len(centres) - 1

    def placed(widths: list[float], k: int) -> tuple[int, float, float]:
        w = min(widths[k], width)
        return k, min(max(0.0, centres[k] - w / 2), width - w), w

    def settled(chosen: list[tuple[int, float, float]]) -> list[tuple[int, float, float]]:
        """The first and last titles moved outwards to make room for their neighbours, as far as the widget
        allows while they still cover their columns' middles."""
        chosen = list(chosen)
        if len(chosen) > 1:
            k, left, w = chosen[0]
            over = left + w + gap - chosen[1][1]
            chosen[0] = (k, left - max(0.0, min(over, left, left + w - centres[k])), w)
            k, left, w = chosen[-1]
            over = chosen[-2][1] + chosen[-2][2] + gap - left
            chosen[-1] = (k, left + max(0.0, min(over, width - left - w, centres[k] - left)), w)
        return chosen

    def apart(chosen: list[tuple[int, float, float]]) -> bool:
        return all(a[1] + a[2] + gap <= b[1] for a, b in itertools.pairwise(chosen))

    for size in points:
        widths = widths_at(size)
        every = settled([placed(widths, k) for k in range(len(centres))])
        if apart(every):
            return size, every
    ends = settled([placed(widths, k) for k in sorted({0, last})])
    for stride in range(2, max(3, last + 1)):
        chosen = [ends[0]]
        for k in range(stride, last, stride):
            candidate = placed(widths, k)
            if apart([chosen[-1], candidate, ends[-1]]):
                chosen.append(candidate)
        chosen += ends[1:]
        if apart(chosen) and len(chosen) - len(ends) >= (last - 1) // stride - 1:  # at most one left out by Out
            return points[-1], chosen
    return points[-1], ends if apart(ends) else ends[:1]

"""The loss chart's two axes: the steps (whole numbers, short forms for long runs) and the loss (on the log
scale, whole decades with 1-3 or 1-2-5 steps as the room allows), and the round numbers the axes end at."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

ROUND_ENDS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)  # times a power of ten: each at most 4/3 of the last


class StepAxis(pg.AxisItem):
    """Step numbers: whole ones only, in short form (2.5k, 1.2M) so long runs keep readable ticks, and in full
    (3,002) when ticks are close together (a short stretch late in a run)."""

    def tickValues(self, min_value, max_value, size):
        return [(spacing, values) for spacing, values in super().tickValues(min_value, max_value, size)
                if spacing >= 1]

    def tickStrings(self, values, scale, spacing):
        if spacing * scale < 100:
            return [f"{round(v * scale):,}" for v in values]
        return [_short_number(v * scale) for v in values]


class LossAxis(pg.AxisItem):
    """On the log scale, pyqtgraph labels every 2..9 within a decade, and the labels pile up on a short plot.
    Here: whole decades, 1-3 or 1-2-5 steps as space allows, labelled 0.2, 0.01, 10⁻⁴ or 5·10⁻⁵."""

    label_spacing = 22  # pixels between the centres of two tick labels (more at a larger zoom)

    def tickValues(self, min_value, max_value, size):
        low, high = sorted((min_value, max_value))
        if not self.logMode or size <= 0 or not math.isfinite(high - low) or high <= low:
            return super().tickValues(min_value, max_value, size)
        per_decade = size / (high - low)  # pixels
        every = max(1, math.ceil(self.label_spacing / per_decade))  # decades from one label to the next
        fitting = [m for m in _MANTISSAS if _smallest_gap(m) * per_decade >= self.label_spacing]
        best: list[float] = []
        for mantissas in fitting or [(1,)]:
            values = [decade + math.log10(m) for decade in range(math.floor(low), math.ceil(high) + 1)
                      if decade % every == 0 for m in mantissas]
            values = [v for v in values if low <= v <= high]
            if len(values) > len(best):
                best = values
            if len(values) >= 3:
                break
        return [(1.0, best)]  # a range within one tenth of a decade may get a single label: fine for a loss

    def logTickStrings(self, values, scale, spacing):
        strings = super().logTickStrings(values, scale, spacing)
        for i, value in enumerate(values):
            decade = math.floor(value + 1e-9)
            if scale == 1 and abs(decade) > 2:
                mantissa = round(10 ** (value - decade))
                strings[i] = ("" if mantissa == 1 else f"{mantissa}·") + "10" + str(decade).translate(_SUPERSCRIPT)
        return strings


_MANTISSAS = ((1,), (1, 3), (1, 2, 5), tuple(range(1, 10)))  # coarsest first
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _smallest_gap(mantissas: tuple[int, ...]) -> float:
    """The smallest distance, in decades, between two neighbouring ticks at these mantissas."""
    logs = np.log10([*mantissas, 10])
    return float(np.min(np.diff(logs)))


def round_end(value: float) -> float:
    """The smallest round number (one of ROUND_ENDS times a power of ten) at or above `value` > 0; so an axis
    ending there holds `value` and wastes at most a quarter of its length."""
    power = 10.0 ** math.floor(math.log10(value))
    for mantissa in (*ROUND_ENDS, 10.0):
        end = mantissa * power
        if end >= value * (1 - 1e-12):
            return end
    return 10.0 * power  # not reached: 10 x power is always at or above value


def _short_number(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"{value / 1e6:g}M"
    if magnitude >= 1e3:
        return f"{value / 1e3:g}k"
    return f"{value:g}"

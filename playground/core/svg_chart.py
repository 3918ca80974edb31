"""A line chart as a small SVG document, for pages that must stand alone (the run report): curves over the
training steps with round-numbered ticks, a legend, and gaps where a value was not a number. Text only, no
fonts or scripts from outside; the numbers are what the curves were given, placed by `ChartFrame`."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 480, 260  # shown about this size: the text stays 12 px
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 14, 50, 40
LEGEND_Y = 34
FONT = "font-family:system-ui,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:12px"
TEXT_COLOUR = "#37474f"
GRID_COLOUR = "#e3e7ea"


@dataclass(frozen=True)
class Curve:
    label: str
    values: Sequence[float]  # one per step; NaN or infinity leaves a gap
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class ChartFrame:
    """Where data coordinates land in the SVG: steps from x_low to x_high across the plot, values from y_low (at
    the bottom) to y_high (at the top)."""

    x_low: float
    x_high: float
    y_low: float
    y_high: float

    def x(self, step: float) -> float:
        span = (self.x_high - self.x_low) or 1.0
        return MARGIN_LEFT + (step - self.x_low) / span * (WIDTH - MARGIN_LEFT - MARGIN_RIGHT)

    def y(self, value: float) -> float:
        span = (self.y_high - self.y_low) or 1.0
        return HEIGHT - MARGIN_BOTTOM - (value - self.y_low) / span * (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round values (1, 2 or 5 times a power of ten apart) covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        value += step
    return ticks


def chart_frame(steps: Sequence[float], curves: Sequence[Curve], y_range: tuple[float, float] | None) -> ChartFrame:
    """The frame that shows every step and every finite value (or `y_range`), from round numbers."""
    x_low, x_high = (min(steps), max(steps)) if steps else (0.0, 1.0)
    if x_high <= x_low:
        x_high = x_low + 1.0
    if y_range is not None:
        return ChartFrame(x_low, x_high, *y_range)
    finite = [v for c in curves for v in c.values if math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    low = min(low, 0.0)  # a loss is never below 0: the axis starts there, so a drop reads at its true size
    if high <= low:
        high = low + 1.0
    ticks = nice_ticks(low, high)
    return ChartFrame(x_low, x_high, low, max(high, ticks[-1] if ticks else high))


def _segments(steps: Sequence[float], values: Sequence[float], frame: ChartFrame) -> list[list[tuple[float, float]]]:
    """The curve's points in SVG coordinates, split where a value is not a number."""
    runs: list[list[tuple[float, float]]] = [[]]
    for step, value in zip(steps, values, strict=True):
        if math.isfinite(value):
            runs[-1].append((frame.x(step), frame.y(value)))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def svg_chart(title: str, steps: Sequence[float], curves: Sequence[Curve], *, y_range=None,
              y_text: Callable[[float], str] = lambda v: f"{v:g}", x_label: str = "training step",
              chart_id: str = "chart") -> str:
    """An SVG line chart of `curves` against `steps`; `y_range` fixes the value axis (e.g. 0 to 1 for an
    accuracy), `y_text` writes its tick labels. `chart_id` keeps the clip path's id unique within one page."""
    frame = chart_frame(steps, curves, y_range)
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" role="img" aria-label="{escape(title)}" style="{FONT};max-width:100%;height:auto">',
             f'<title>{escape(title)}</title>',
             f'<clipPath id="{chart_id}-plot"><rect x="{left}" y="{top}" width="{right - left}" '
             f'height="{bottom - top}"/></clipPath>',
             f'<text x="{left}" y="16" fill="{TEXT_COLOUR}" font-weight="600">{escape(title)}</text>']
    for value in nice_ticks(frame.y_low, frame.y_high):
        y = frame.y(value)
        parts.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID_COLOUR}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT_COLOUR}">'
                     f'{escape(y_text(value))}</text>')
    for value in nice_ticks(frame.x_low, frame.x_high, 6):
        x = frame.x(value)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="{TEXT_COLOUR}"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 17}" text-anchor="middle" fill="{TEXT_COLOUR}">'
                     f'{value:,.0f}</text>')
    parts.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="{TEXT_COLOUR}"/>')
    parts.append(f'<text x="{(left + right) / 2:.0f}" y="{HEIGHT - 6}" text-anchor="middle" '
                 f'fill="{TEXT_COLOUR}">{escape(x_label)}</text>')
    legend_x = left
    for curve in curves:  # under the title, in the curves' order
        dash = ' stroke-dasharray="6 4"' if curve.dashed else ""
        parts.append(f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{LEGEND_Y - 4}" y2="{LEGEND_Y - 4}" '
                     f'stroke="{curve.colour}" stroke-width="2.5"{dash}/>')
        parts.append(f'<text x="{legend_x + 30}" y="{LEGEND_Y}" fill="{TEXT_COLOUR}">{escape(curve.label)}</text>')
        legend_x += 30 + 7 * len(curve.label) + 18
    for curve in curves:
        dash = ' stroke-dasharray="6 4"' if curve.dashed else ""
        for run in _segments(steps, curve.values, frame):
            points = " ".join(f"{x:.2f},{y:.2f}" for x, y in run)
            shape = f'<polyline points="{points}"' if len(run) > 1 else \
                f'<circle cx="{run[0][0]:.2f}" cy="{run[0][1]:.2f}" r="2"'
            fill = ' fill="none"' if len(run) > 1 else f' fill="{curve.colour}"'
            parts.append(f'{shape}{fill} stroke="{curve.colour}" stroke-width="2"{dash} '
                         f'stroke-linejoin="round" clip-path="url(#{chart_id}-plot)"><title>{escape(curve.label)}'
                         f'</title></{"polyline" if len(run) > 1 else "circle"}>')
    parts.append("</svg>")
    return "\n".join(parts)

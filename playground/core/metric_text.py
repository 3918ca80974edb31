"""Loss, accuracy and R² as the learner reads them, the same in the window, when presenting and in a report:
three decimals for a loss, a percentage for accuracy, a dash for a value that is not a number (training diverged,
or nothing measured yet)."""

from __future__ import annotations

import math

from .notices import number_text


def format_loss(value: float) -> str:
    if not math.isfinite(value):
        return "–"
    return "< 0.001" if value < 0.0005 else f"{value:.3f}"


def format_accuracy(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{100 * value:.1f}%"


def format_r2(value: float) -> str:
    return "–" if not math.isfinite(value) else "< 0" if value < 0 else f"{value:.3f}"


def sample_text(sample_size: int, data_size: int) -> str:
    """Figures estimated while training on a sample of the points, as a line under them ('' for none)."""
    if not sample_size:
        return ""
    return f"Estimated on {number_text(sample_size)} of {number_text(data_size)} points while training"

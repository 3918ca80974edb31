"""The loss chart's history as a scenario file keeps it (under "history", beside the trained weights): the
training steps and, at each, the loss and accuracy (R² for a curve fit) on the training and test points. A trained
network handed out this way opens with the curves that led to it.

    {"steps": [0, 10, 20], "train_loss": [0.69, 0.41, 0.3], "test_loss": [...], "train_accuracy": [...],
     "test_accuracy": [...]}

A value that was not a number (training diverged) is written null. Read strictly: equal lengths, whole steps
that never go back, at most MAX_ENTRIES entries, and none after the weights' own step."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

from .json_fields import FieldReader, JsonFileError, is_number

MAX_ENTRIES = 10_000  # the chart keeps at most 2,000; room for a file written by hand or by a later version
SERIES = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
SIGNIFICANT_DIGITS = 7  # float32 numbers, as the training process measures them, keep about 7


@dataclass(frozen=True)
class LossHistory:
    steps: tuple[int, ...]
    train_loss: tuple[float, ...]
    test_loss: tuple[float, ...]
    train_accuracy: tuple[float, ...]  # R² for a curve fit
    test_accuracy: tuple[float, ...]

    def __post_init__(self) -> None:
        if any(len(getattr(self, name)) != len(self.steps) for name in SERIES):
            raise ValueError("every series of a loss history needs one value per step")

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def last_step(self) -> int:
        return self.steps[-1] if self.steps else 0

    def rows(self) -> tuple[tuple[float, ...], ...]:
        """The five series in the chart's order: steps, train loss, test loss, train accuracy, test accuracy."""
        return (tuple(float(s) for s in self.steps), *(getattr(self, name) for name in SERIES))

    def up_to(self, step: int) -> LossHistory:
        """The entries at `step` or before (the weights saved beside it are at that step)."""
        n = sum(1 for s in self.steps if s <= step)
        return LossHistory(self.steps[:n], *(getattr(self, name)[:n] for name in SERIES))

    def to_dict(self) -> dict[str, list]:
        def number(value: float) -> float | None:  # JSON has no NaN
            return float(f"{value:.{SIGNIFICANT_DIGITS}g}") if math.isfinite(value) else None

        return {"steps": list(self.steps), **{name: [number(v) for v in getattr(self, name)] for name in SERIES}}


def history_from_rows(rows) -> LossHistory:
    """A history from the chart's five rows (steps and the four series; NaN where a value was not a number)."""
    steps, *series = rows
    return LossHistory(tuple(round(float(s)) for s in steps), *(tuple(float(v) for v in values) for values in series))


def read_history(reader: FieldReader, weights_step: int) -> LossHistory:
    """The "history" object of a scenario file; JsonFileError, naming the field, for anything off."""
    steps = reader.get("steps", list)
    series = {name: reader.get(name, list) for name in SERIES}
    reader.done()
    where = reader.where
    n = len(steps)
    if n > MAX_ENTRIES:
        raise JsonFileError(f"'{where('steps')}' has {n:,} entries; a history keeps at most {MAX_ENTRIES:,}")
    if not all(isinstance(s, int) and not isinstance(s, bool) and 0 <= s < 2**63 for s in steps):
        raise JsonFileError(f"'{where('steps')}' must be a list of training step numbers (whole, 0 or more)")
    if any(b < a for a, b in pairwise(steps)):
        raise JsonFileError(f"'{where('steps')}' must go from the first step to the last, never back")
    if steps and steps[-1] > weights_step:
        raise JsonFileError(f"'{where('steps')}' goes on to step {steps[-1]:,}, past the weights' own step "
                            f"({weights_step:,})")
    for name, values in series.items():
        if len(values) != n:
            raise JsonFileError(f"'{where(name)}' has {len(values):,} values for {n:,} steps; give one per step")
        if not all(v is None or is_number(v) for v in values):
            raise JsonFileError(f"'{where(name)}' must be a list of numbers (null where training had no number)")
    return LossHistory(tuple(steps), *(tuple(math.nan if v is None else float(v) for v in series[name])
                                       for name in SERIES))

"""What the Trainer says to the learner when training stops or something they did makes no sense for learning:
plain sentences with the numbers, never a Python or IEEE word."""

from __future__ import annotations

import math

TYPED_WEIGHT_LIMIT = 100.0  # in the network's own units training gives weights of a few; far beyond: a notice


def number_text(value: float) -> str:
    """A number as a learner reads it: '0.69', '43', '460,000', '1,000,000', 'more than a billion'."""
    if not math.isfinite(value):
        return "more than a computer can hold"
    size = abs(value)
    if size >= 1e9:
        return ("minus " if value < 0 else "") + "more than a billion"
    if size >= 100:
        return f"{value:,.0f}"
    if 0 < size < 0.01:  # decimals, not 1e-05
        return f"{value:.{1 - math.floor(math.log10(size))}f}".rstrip("0")
    return f"{value:.2g}"


def divergence_message(before: float, peak: float, learning_rate: float, command_line: bool = False) -> str:
    """Training blew up (or went up and stayed up) and went back to its last good weights."""
    went = "blew up" if not peak < 3 * before else "went up and stayed up"  # (not <: also when not a number)
    what = f"The loss {went} (from {number_text(before)} to {number_text(peak)}): the steps were too big for " \
        "the network. The weights went back to how they were before."
    if command_line:
        return f"{what} Lower the learning rate (--lr, now {learning_rate:g})."
    return f"{what} Lower the learning rate (now {learning_rate:g}) and press Play again."


def typed_weight_notice(kind: str, value: float, network_units: bool) -> str:
    """A weight or bias typed far beyond anything training gives. In the network's own units training keeps
    them within a few units; typed in the data's units (the first layer), the usual range depends on the data."""
    if network_units:
        return (f"A {kind} of {number_text(value)} is far beyond what training ever gives (usually between -5 "
                f"and 5): the network's answers are stuck, and the loss is huge. Try a value nearer 1.")
    return (f"A {kind} of {number_text(value)} is far beyond what training ever gives here: the network's answers "
            f"are stuck, and the loss is huge. Try a much smaller value.")


def no_training_points_notice(n_points: int) -> str:
    if n_points == 0:
        return "There are no points to learn from: draw some with the tools above the plane."
    return ("There are no training points: every point is a test point. Lower the test share, or draw more "
            "points with the tools above the plane.")


SUGGESTED_BATCH = 32  # the batch size a notice about slow steps suggests


def slow_steps_notice(batch_points: int, n_train: int, steps_per_second: float) -> str:
    """Each step is slow because it sends a big batch through the network: say so, and what helps."""
    which = f"all {number_text(n_train)}" if batch_points >= n_train else number_text(batch_points)
    if steps_per_second >= 1.5:
        speed = f"about {round(steps_per_second):,} steps a second"
    elif steps_per_second >= 0.75:
        speed = "about one step a second"
    else:
        speed = f"a step takes about {number_text(1.0 / steps_per_second)} seconds"
    return (f"Each step sends {which} training points through the network: {speed} on this computer. "
            f"A batch size of {SUGGESTED_BATCH} trains many times faster.")

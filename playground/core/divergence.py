"""Divergence: a run whose loss blows up is stopped and taken back to its last good weights.

Every training step's loss is already computed; the guard keeps it (a 0-d tensor, no host sync) and looks at
them together every CHECK_STEPS steps or so (at least MIN_CHECK_STEPS apart): one small computation and one host
sync per check, never per step. The *base* is where the run started: the larger of the starting loss (of the
weights then, on up to WATCH_POINTS training points) and the loss of a blind guess (every class alike; for a
curve, the mean of y). The run has diverged

- at once when a loss, or a weight, is no longer a finite number;
- when the loss blows up: the median of WINDOW steps in a row (WINDOW_SAMPLES points at least, so a batch of
  one point looks at 16 steps) is above BLOW_UP x base, i.e. most of those steps were far above where the run
  started;
- when the loss stays up: the median of LONG_WINDOW steps in a row is above STUCK x base (a squared error is at
  most 4 x its blind guess, so a network that a high rate has wrecked sits at about 2 x, not 3 x; so does a relu
  network whose neurons a high rate has killed).

The median is what tells a blow-up from a healthy wobble: RMSprop at its default rate sends the loss on the line
preset to 38 x its start for a step or two, then fits the line; a learning rate of 10 keeps it at 7-100 x for
many steps. Measured (11 or 6 presets, the four optimizers, rates 0.001 to 10, 400-600 steps; 2-8-8-1 tanh
networks with full batches, with batches of 10 on noise 0.5 and with squared error, a 2-4-1 relu network with
batches of one point on noise 0.5, a 2-8-8-8-1 relu network with batches of 32, a single neuron):

- rates up to 0.03: none of the 656 runs is stopped. The short median stays at or below 1.3 x the base with
  batches of 10 or more and below 1.6 x with one point; the long one below 1.2 x (below 1.5 x with dropout
  0.5-0.9, whose step losses are taken with the dropout on: the base then includes a starting loss measured so);
- 0.1: stopped only RMSprop on the curve presets, whose loss does blow up there (100-250 x);
- 10: stopped 134 of the 140 runs of networks with hidden layers; the 6 others (squared error) end as well as at
  0.03. Not the single neuron's, which a rate of 10 does not harm.

tests/core/test_divergence.py keeps such cases.

The weights to go back to are taken at a calm check (every window's median at or below the base) and kept only
once the next check is calm too, so they are never the weights of a step that was about to explode.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from .fast_kernel import kernels

WATCH_POINTS = 256  # the starting loss is measured on at most this many training points (a fixed sample)
# A long call is checked every CHECK_STEPS steps ... Each check, and each call of the fast steps, costs a tiny
# network about 0.1-0.2 ms, the steps just after it running slower too: checked every 100 steps, a 4,2 network
# lost a tenth of its time to them. At 500 a chunk of the training process's steps (5 ms) is one call, one check.
CHECK_STEPS = 500
MIN_CHECK_STEPS = 10  # ... short ones once their steps add up to this (in between: only "is it a number?")
WINDOW = 9  # steps whose median loss is compared ...
WINDOW_SAMPLES = 16  # ... (at least as many steps as it takes to see this many points) ...
BLOW_UP = 3.0  # ... with this many times the base
LONG_WINDOW = 50  # steps whose median loss is compared ...
STUCK = 1.45  # ... with this many times the base
FLOOR = 0.01  # the smallest base (a perfect start must not make every wobble a blow-up)


class DivergenceGuard:
    """The base loss of a run, the steps' losses since the last check, and the last calm weights."""

    def __init__(self) -> None:
        self._params: list[torch.Tensor] = []
        self.forget()

    def forget(self) -> None:
        """A new start (fresh or typed weights, other data or loss): the base is measured at the next step."""
        self.base: float | None = None
        self._losses: list[torch.Tensor] = []  # since the last check: each a step's loss (0-d) or several (1-d)
        self._count = 0  # steps they hold
        self._tail: list[float] = []  # the last losses before them (a window less one)
        self._calm: torch.Tensor | None = None  # flat weights to go back to
        self._candidate: torch.Tensor | None = None  # taken at the last calm check; kept if the next is calm
        self.peak = math.nan  # the highest loss since the last calm check

    @property
    def watching(self) -> bool:
        return self.base is not None

    @property
    def due(self) -> bool:
        return self._count >= MIN_CHECK_STEPS

    def _flat(self) -> torch.Tensor:
        return torch.cat([p.detach().reshape(-1) for p in self._params])

    def begin(self, params: list[torch.Tensor], loss: float, guess: float) -> None:
        """The run starts here: `loss` of the weights now, `guess` the loss of a blind guess."""
        self.forget()
        self._params = list(params)
        self.base = max(loss, guess, FLOOR) if math.isfinite(loss) else math.inf
        self._calm = self._flat()

    def record(self, loss: torch.Tensor) -> None:
        """One step's loss (detached, 0-d)."""
        self._losses.append(loss)
        self._count += 1

    def record_many(self, losses: torch.Tensor) -> None:
        """Several steps' losses in their order (detached, 1-d): the fast steps hand a run's over at once."""
        self._losses.append(losses)
        self._count += len(losses)

    def check(self, batch_size: int) -> bool:
        """Look at the steps since the last check (of `batch_size` points each). True: the run diverged."""
        if not self._losses:
            return False
        # One host sync for everything the rule needs: the new losses and the largest weight; and one call (the
        # steps' thread lets Python's lock go once here, not at each of several small torch calls).
        flat, values = kernels().check_values(self._losses, self._params)
        *new, largest = values
        window = max(WINDOW, math.ceil(WINDOW_SAMPLES / max(1, batch_size)))
        seen = self._tail + new
        self._tail, self._losses, self._count = seen[-(max(window, LONG_WINDOW) - 1):], [], 0
        ratios = np.asarray(seen) / self.base
        if not (np.isfinite(ratios).all() and math.isfinite(largest)):
            self.peak = math.nan
            return True
        top = float(ratios.max())  # no median is above a limit that no value is above (cheaper to know first)
        if top <= 1.0 or not _median_above(ratios, 1.0, window):  # calm: the last calm check's weights proved good
            if self._candidate is not None:
                self._calm = self._candidate
            self._candidate, self.peak = flat, math.nan
            return False
        self._candidate = None
        peak = top * self.base
        self.peak = peak if math.isnan(self.peak) else max(self.peak, peak)
        return (top > BLOW_UP and _median_above(ratios, BLOW_UP, window)) or \
            (len(seen) >= LONG_WINDOW and top > STUCK and _median_above(ratios, STUCK, LONG_WINDOW))

    @torch.no_grad()
    def restore(self) -> None:
        """Put the last calm weights back (the caller starts a fresh optimiser); the run goes on from them."""
        offset = 0
        for p in self._params:
            n = p.numel()
            p.copy_(self._calm[offset:offset + n].view_as(p))
            offset += n
        self._losses, self._count, self._tail, self._candidate, self.peak = [], 0, [], None, math.nan


def _median_above(values: np.ndarray, limit: float, window: int) -> bool:
    """Whether more than half of some `window` values in a row (of all of them, when there are fewer) are above
    `limit`: their median is. Counted with a running sum, far cheaper than sorting every window."""
    above = np.concatenate(([0], np.cumsum(values > limit)))
    if len(values) < window:
        return bool(above[-1] * 2 > len(values))
    return bool(((above[window:] - above[:-window]) * 2 > window).any())

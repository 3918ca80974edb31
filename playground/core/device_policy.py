"""Where training really runs: a GPU only when one step's work is large enough to pay for it (issue 17).

A GPU step costs about the same fixed time whatever its size: each of its kernels (a layer's forward product,
activation, backward products, the optimiser's update: about ten a layer) has to be launched from the CPU, some
microseconds each, before any arithmetic happens. The CPU does the same step with no launch at all, so on it a
step costs what its arithmetic costs: 10^10 to 3·10^10 multiply-adds a second on the training process's one
thread (measured on a 2-core development machine, from four layers of 64 in batches of 100 to ten layers of 256
in batches of 1,000). The GPU wins once a layer's arithmetic takes the CPU longer than launching that layer's
kernels takes: about ten launches of 5 µs, 50 µs, which is about 10^6 multiply-adds. So the estimate is

    multiply-adds of one step = 3 · batch · Σ (inputs + 1) · outputs   over the weight layers

(one product forward, two backward; the +1 is the bias) and the GPU is used when that reaches
GPU_WORTH_PER_LAYER = 10^6 per weight layer. The TensorFlow Playground's networks are far below it (4,2 with
batches of 10: 750 multiply-adds a step, 3 layers; six layers of 8: about 12,000, 7 layers), ten layers of 256 on
batches of 1,000 far above (about 1.8·10^9, 11 layers). The device check (playground/device_check.py) measures
both sides on a real GPU, cases near the threshold included, to confirm or move the constant.

The same rule serves Apple's MPS. The decision is made again whenever the network, the data or the batch size
changes (Trainer._place).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import torch

GPU_WORTH_PER_LAYER = 1_000_000  # multiply-adds of one step, per weight layer, from which a GPU is faster
REFERENCE_BATCH = 1_000  # a batch this large, with this network, would be worth the GPU: the batch is the reason
_GPU_NAMES = {"cuda": "the GPU", "mps": "the Apple GPU"}


@dataclass(frozen=True)
class StepWork:
    """The work of one training step: the widths of the layers (inputs, hidden..., outputs) and the batch."""

    widths: tuple[int, ...]
    batch: int

    @property
    def layers(self) -> int:
        """The weight layers."""
        return max(1, len(self.widths) - 1)

    def multiply_adds(self, batch: int | None = None) -> int:
        """One step's multiply-adds: forward, and the two backward products (the bias counted as one input)."""
        size = self.batch if batch is None else batch
        return 3 * size * sum((inputs + 1) * outputs for inputs, outputs in pairwise(self.widths))

    def worth_a_gpu(self, batch: int | None = None) -> bool:
        return self.multiply_adds(batch) >= GPU_WORTH_PER_LAYER * self.layers


def step_work(spec, n_train: int, batch_size: int) -> StepWork:
    """The work of one step of this network (a NetworkSpec fitted to the data) on `n_train` training points in
    batches of `batch_size` (0: all of them), as the Trainer steps."""
    batch = n_train if batch_size == 0 else min(batch_size, n_train)
    return StepWork((spec.n_inputs, *spec.hidden, spec.n_outputs), batch)


@dataclass(frozen=True)
class Placement:
    """Where training runs (`device`), the device the settings chose (`chosen`), and, when they differ, why:
    "network" (too small for the GPU at any usual batch) or "batch" (the batches, or the data, are too small)."""

    device: torch.device
    chosen: torch.device
    reason: str = ""

    @property
    def kept_off_gpu(self) -> bool:
        return self.device != self.chosen

    def describe(self, label: str) -> str:
        """The readout: `label` is the device's name for the user ("CPU"), and the reason when the chosen GPU is
        not used, e.g. "CPU (faster than the GPU at this size)". Short: it shares a line with the speed, in a
        narrow column of the window."""
        if not self.kept_off_gpu:
            return label
        gpu = _GPU_NAMES.get(self.chosen.type, "the GPU")
        return f"{label} (faster than {gpu} at this {'size' if self.reason == 'network' else 'batch size'})"


def place(chosen: torch.device, work: StepWork) -> Placement:
    """Where to train: the chosen device, unless it is a GPU and one step's work is too small to pay for it
    (then the CPU, which is faster there)."""
    if chosen.type not in _GPU_NAMES or work.worth_a_gpu():
        return Placement(chosen, chosen)
    reason = "batch" if work.worth_a_gpu(REFERENCE_BATCH) else "network"
    return Placement(torch.device("cpu"), chosen, reason)

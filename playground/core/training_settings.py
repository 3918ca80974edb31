"""TrainingSettings: the optimiser, learning rate, batch size, loss, seed, device and regularisation the learner
chose, as plain values without torch (the window uses them; training.py trains with them)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .dataset import MAX_SEED

OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop")
REGULARIZATIONS = ("none", "l1", "l2")
MAX_REG_RATE = 1.0
LOSSES = ("cross-entropy", "mse")
DEVICES = ("auto", "cpu", "cuda", "mps")
MAX_LEARNING_RATE = 10.0
MAX_TYPED_WEIGHT = 1e6  # a typed weight or bias beyond this is refused


class TrainingError(ValueError):
    """Settings that cannot be used: the message is meant for the user."""


@dataclass(frozen=True)
class TrainingSettings:
    optimizer: str = "adam"
    learning_rate: float = 0.03
    batch_size: int = 0  # 0: the whole training set in every step
    loss: str = "cross-entropy"
    seed: int = 0
    device: str = "auto"
    regularization: str = "none"  # a penalty on large weights, added to the loss
    reg_rate: float = 0.0

    def __post_init__(self) -> None:
        if self.regularization not in REGULARIZATIONS:
            raise TrainingError(f"unknown regularization '{self.regularization}'; "
                                f"choose one of: {', '.join(REGULARIZATIONS)}")
        if not (math.isfinite(self.reg_rate) and 0.0 <= self.reg_rate <= MAX_REG_RATE):
            raise TrainingError(f"the regularization rate must be between 0 and {MAX_REG_RATE:g}, "
                                f"not {self.reg_rate:g}")
        if self.optimizer not in OPTIMIZERS:
            raise TrainingError(f"unknown optimizer '{self.optimizer}'; choose one of: {', '.join(OPTIMIZERS)}")
        if self.loss not in LOSSES:
            raise TrainingError(f"unknown loss '{self.loss}'; choose one of: {', '.join(LOSSES)}")
        if self.device not in DEVICES and not re.fullmatch(r"cuda:\d{1,2}", self.device):
            raise TrainingError(f"unknown device '{self.device}'; choose one of: {', '.join(DEVICES)}, or cuda:N for "
                                "the N-th CUDA GPU")
        lr = self.learning_rate
        if not (math.isfinite(lr) and 0.0 < lr <= MAX_LEARNING_RATE):
            raise TrainingError(f"the learning rate must be above 0 and at most {MAX_LEARNING_RATE:g}, not {lr:g}")
        if self.batch_size < 0:
            raise TrainingError(f"the batch size must be 0 (whole training set) or more, not {self.batch_size}")
        if not 0 <= self.seed <= MAX_SEED:
            raise TrainingError(f"the seed must be between 0 and {MAX_SEED}, not {self.seed}")

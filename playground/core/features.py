"""Input features computed in torch (their names and titles are in feature_names.py, which the window uses).

Features are computed from the coordinates as the network sees them, with the plane scaled to [-1, 1]²;
sin uses the TensorFlow Playground's scale (its plane spans [-6, 6]), so sin x1 has the same waves there.
"""

from __future__ import annotations

import torch
from torch import nn

from .feature_names import DEFAULT_FEATURES, FEATURES, FIT_FEATURES, feature_title

__all__ = ["DEFAULT_FEATURES", "FEATURES", "FIT_FEATURES", "FeatureMap", "feature_title"]

COMPUTE = {  # name: function of the scaled coordinates u1, u2
    "x1": lambda u1, u2: u1,
    "x2": lambda u1, u2: u2,
    "x1sq": lambda u1, u2: u1 * u1,
    "x2sq": lambda u1, u2: u2 * u2,
    "x1x2": lambda u1, u2: u1 * u2,
    "sinx1": lambda u1, u2: torch.sin(6.0 * u1),
    "sinx2": lambda u1, u2: torch.sin(6.0 * u2),
}


class FeatureMap(nn.Module):
    """(N, 2) scaled coordinates -> (N, F) features, in the order given."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = tuple(names)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.names == DEFAULT_FEATURES:
            return x
        u1, u2 = x[:, 0], x[:, 1]
        return torch.stack([COMPUTE[name](u1, u2) for name in self.names], dim=1)

"""Input features: what the network is given about each point. The raw coordinates (x1, x2), or hand-made
features of them, as in the TensorFlow Playground, so that "feature engineering" (give the network x1² and
x2² and a single neuron finds a circle) can be compared with features a hidden layer learns by itself.

Features are computed from the coordinates as the network sees them, with the plane scaled to [-1, 1]²;
sin uses the TensorFlow Playground's scale (its plane spans [-6, 6]), so sin x1 has the same waves there.
"""

from __future__ import annotations

import torch
from torch import nn

FEATURES = {  # name: (title for the user, function of the scaled coordinates u1, u2)
    "x1": ("x1", lambda u1, u2: u1),
    "x2": ("x2", lambda u1, u2: u2),
    "x1sq": ("x1²", lambda u1, u2: u1 * u1),
    "x2sq": ("x2²", lambda u1, u2: u2 * u2),
    "x1x2": ("x1·x2", lambda u1, u2: u1 * u2),
    "sinx1": ("sin x1", lambda u1, u2: torch.sin(6.0 * u1)),
    "sinx2": ("sin x2", lambda u1, u2: torch.sin(6.0 * u2)),
}
DEFAULT_FEATURES = ("x1", "x2")
# In curve fitting the second coordinate is y, what the network predicts: only features of x may be inputs.
FIT_FEATURES = ("x1", "x1sq", "sinx1")


class FeatureMap(nn.Module):
    """(N, 2) scaled coordinates -> (N, F) features, in the order given."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = tuple(names)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.names == DEFAULT_FEATURES:
            return x
        u1, u2 = x[:, 0], x[:, 1]
        return torch.stack([FEATURES[name][1](u1, u2) for name in self.names], dim=1)


def feature_title(name: str, fit: bool = False) -> str:
    """The name shown to the user; in curve fitting the one input coordinate is plain x."""
    title = FEATURES[name][0]
    return title.replace("x1", "x") if fit else title

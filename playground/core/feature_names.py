"""The input features' names and titles (what the network is given about each point), without torch: the window
lists and validates them; features.py computes them.

The raw coordinates (x1, x2), or hand-made features of them, as in the TensorFlow Playground, so that "feature
engineering" (give the network x1² and x2² and a single neuron finds a circle) can be compared with features a
hidden layer learns by itself."""

from __future__ import annotations

FEATURE_TITLES = {"x1": "x1", "x2": "x2", "x1sq": "x1²", "x2sq": "x2²", "x1x2": "x1·x2", "sinx1": "sin x1",
                  "sinx2": "sin x2"}
FEATURES = tuple(FEATURE_TITLES)  # every feature's name, in the order the network panel shows them
DEFAULT_FEATURES = ("x1", "x2")
# In curve fitting the second coordinate is y, what the network predicts: only features of x may be inputs.
FIT_FEATURES = ("x1", "x1sq", "sinx1")


def feature_title(name: str, fit: bool = False) -> str:
    """The name shown to the user; in curve fitting the one input coordinate is plain x."""
    title = FEATURE_TITLES[name]
    return title.replace("x1", "x") if fit else title

"""Which controls a scenario hides or locks: a teacher hands out a file that opens with just the controls the
exercise needs (like the TensorFlow Playground's `*_hide` parameters). Also the simple mode's set: what a
beginner does not need yet.

A hidden control is not shown; a locked one is shown with its value but cannot be changed. Names are data,
checked strictly when a file is read."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .json_fields import shown_key

# name: (group, what the teacher's list calls it)
CONTROLS: dict[str, tuple[str, str]] = {
    "task": ("Data", "Task (classify points or fit a curve)"),
    "preset": ("Data", "Data set chooser"),
    "points": ("Data", "Number of points"),
    "noise": ("Data", "Noise"),
    "test_share": ("Data", "Share of test points"),
    "data_seed": ("Data", "Data seed and New points"),
    "real_world": ("Data", "New samples from the real world"),
    "show_test": ("Data", "Show test points"),
    "classes": ("Data", "Classes (names, colours, shapes, add and remove)"),
    "drawing": ("Data", "Drawing tools"),
    "features": ("Network", "Inputs (x1, x2, x1² …)"),
    "layers": ("Network", "Hidden layers (add, remove, neurons)"),
    "activation": ("Network", "Activations"),
    "dropout": ("Network", "Dropout"),
    "optimizer": ("Training", "Optimizer"),
    "learning_rate": ("Training", "Learning rate"),
    "batch_size": ("Training", "Batch size"),
    "loss": ("Training", "Loss"),
    "regularization": ("Training", "Regularization"),
    "weights_seed": ("Training", "Seed of the starting weights"),
    "device": ("Training", "Device (CPU or GPU)"),
    "step": ("Training", "Step and what a step is"),
    "reset": ("Training", "Reset"),
    "history": ("Views", "History of data edits"),
    "hidden_space": ("Views", "Hidden space"),
    "weight_typing": ("Views", "Typing weights in the network diagram"),
}
# The simple mode: data, layers and play; the rest is tucked away until the learner asks for it.
SIMPLE_HIDDEN = frozenset({
    "task", "points", "noise", "test_share", "data_seed", "real_world", "show_test", "features", "dropout",
    "optimizer", "batch_size", "loss", "regularization", "weights_seed", "device", "history",
})


class ControlsError(ValueError):
    """Names that are not controls: the message is meant for the user."""


def _checked(names: Any, what: str) -> frozenset[str]:
    if not isinstance(names, list | tuple | set | frozenset) or not all(isinstance(n, str) for n in names):
        raise ControlsError(f"'{what}' must be a list of control names, like [\"noise\", \"optimizer\"]")
    for name in names:
        if name not in CONTROLS:
            close = difflib.get_close_matches(name, list(CONTROLS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ControlsError(f"'{shown_key(name)}' in '{what}' is not a control{hint}; the controls are: "
                                f"{', '.join(CONTROLS)}")
    return frozenset(names)


@dataclass(frozen=True)
class ControlsSpec:
    """The controls hidden and the controls locked (a control both hidden and locked is hidden)."""

    hidden: frozenset[str] = field(default_factory=frozenset)
    locked: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", _checked(self.hidden, "hide"))
        object.__setattr__(self, "locked", _checked(self.locked, "lock"))

    @property
    def is_empty(self) -> bool:
        return not self.hidden and not self.locked

    def to_dict(self) -> dict[str, list[str]]:
        """For a scenario file: the names in the catalogue's order."""
        return {"hide": [n for n in CONTROLS if n in self.hidden], "lock": [n for n in CONTROLS if n in self.locked]}

    @classmethod
    def from_dict(cls, obj: Any) -> ControlsSpec:
        """From a scenario file's "controls" object ({"hide": [...], "lock": [...]}); ControlsError if it is off."""
        if not isinstance(obj, dict):
            raise ControlsError("'controls' must be an object like {\"hide\": [...], \"lock\": [...]}")
        unknown = sorted(set(obj) - {"hide", "lock"})
        if unknown:
            raise ControlsError(f"unknown field 'controls.{shown_key(unknown[0])}'; it takes 'hide' and 'lock'")
        return cls(_checked(obj.get("hide", []), "controls.hide"), _checked(obj.get("lock", []), "controls.lock"))

"""What the views show, as a scenario file keeps it (beside the speed, under "view"): whether the hidden space is
shown, which layer, which stage and which axes (PCA or chosen neurons, 2D or 3D), and the part of the plane
looked at. A file without it opens with the app's own choice; a choice that does not fit the file's network
(layer 3 of a network with two) is refused when read, in words."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .files import MAX_COORDINATE
from .hidden_frames import STAGES


class ViewChoiceError(ValueError):
    pass


@dataclass(frozen=True)
class HiddenSpaceChoice:
    shown: bool = True
    layer: int = 1  # from 1
    stage: str = "activation"
    neurons: tuple[int, ...] | None = None  # the axes, from 0; None: PCA (or the layer as it is, 2 neurons)
    dims: int = 2

    def to_dict(self) -> dict:
        return {"shown": self.shown, "layer": self.layer, "stage": self.stage,
                "axes": "pca" if self.neurons is None else [n + 1 for n in self.neurons], "dims": self.dims}


@dataclass(frozen=True)
class ViewChoice:
    hidden_space: HiddenSpaceChoice | None = None  # None: the app's own
    plane: tuple[float, float, float, float] | None = None  # (xmin, xmax, ymin, ymax); None: the whole data

    def to_dict(self) -> dict:
        result: dict[str, Any] = {}
        if self.hidden_space is not None:
            result["hidden_space"] = self.hidden_space.to_dict()
        if self.plane is not None:
            result["plane"] = list(self.plane)
        return result


def _expect(obj: dict, key: str, where: str, kinds: tuple[type, ...], what: str) -> Any:
    value = obj[key]
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ViewChoiceError(f"'{where}.{key}' must be {what}")
    return value


def read_hidden_space(obj: Any, hidden_widths: tuple[int, ...], where: str) -> HiddenSpaceChoice | None:
    """The "hidden_space" object, checked against the network's hidden layers (None when it has none: there
    is nothing to show)."""
    if not isinstance(obj, dict):
        raise ViewChoiceError(f"'{where}' must be an object")
    unknown = sorted(set(obj) - {"shown", "layer", "stage", "axes", "dims"})
    if unknown:
        raise ViewChoiceError(f"unknown field '{where}.{unknown[0]}'")
    default = HiddenSpaceChoice()
    shown = _expect(obj, "shown", where, (bool,), "true or false") if "shown" in obj else default.shown
    layer = _expect(obj, "layer", where, (int,), "a whole number") if "layer" in obj else default.layer
    stage = _expect(obj, "stage", where, (str,), "text") if "stage" in obj else default.stage
    dims = _expect(obj, "dims", where, (int,), "2 or 3") if "dims" in obj else default.dims
    axes = obj.get("axes", "pca")
    if stage not in STAGES:
        raise ViewChoiceError(f"'{where}.stage' must be one of {', '.join(STAGES)}, not {stage!r}")
    if dims not in (2, 3):
        raise ViewChoiceError(f"'{where}.dims' must be 2 or 3, not {dims}")
    if not hidden_widths:  # nothing to show: only "keep the hidden space out of the way" is kept
        return None if shown else HiddenSpaceChoice(shown=False)
    if not 1 <= layer <= len(hidden_widths):
        raise ViewChoiceError(f"'{where}.layer' must be a hidden layer of the network, 1 to {len(hidden_widths)}, "
                              f"not {layer}")
    width = hidden_widths[layer - 1]
    if dims == 3 and width < 3:
        raise ViewChoiceError(f"'{where}.dims' is 3, but layer {layer} has only {width} neurons")
    if axes == "pca":
        neurons = None
    elif isinstance(axes, list) and all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
        if len(axes) != dims:
            raise ViewChoiceError(f"'{where}.axes' must list {dims} neurons for a {dims}D view, not {len(axes)}")
        if any(not 1 <= a <= width for a in axes) or len(set(axes)) != len(axes):
            raise ViewChoiceError(f"'{where}.axes' must be different neurons of layer {layer}, 1 to {width}")
        neurons = tuple(a - 1 for a in axes)
    else:
        raise ViewChoiceError(f"'{where}.axes' must be \"pca\" or a list of neurons such as [1, 2]")
    return HiddenSpaceChoice(shown, layer, stage, neurons, dims)


def read_plane(value: Any, where: str) -> tuple[float, float, float, float]:
    """The "plane" list: [xmin, xmax, ymin, ymax], each finite, each range not empty."""
    if not isinstance(value, list) or len(value) != 4 or \
            not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        raise ViewChoiceError(f"'{where}' must be four numbers: [xmin, xmax, ymin, ymax]")
    xmin, xmax, ymin, ymax = (float(v) for v in value)
    if not all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in (xmin, xmax, ymin, ymax)):
        raise ViewChoiceError(f"'{where}' must hold numbers between -1e15 and 1e15")
    if not (xmin < xmax and ymin < ymax):
        raise ViewChoiceError(f"'{where}' must go from smaller to larger: [xmin, xmax, ymin, ymax]")
    return xmin, xmax, ymin, ymax

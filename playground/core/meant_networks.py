"""The network a teaching preset is made for (assets/presets/meant-networks.json): picking the two curves
offers one hidden layer of 2 tanh neurons, the line fit a single neuron, and so on. Read once; a broken file
means no offers, never a crash."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from .assets import ASSETS
from .network_spec import NetworkSpec, SpecError
from .presets import PRESETS

MEANT_FILE = ASSETS / "presets" / "meant-networks.json"


@dataclass(frozen=True)
class MeantNetwork:
    network: NetworkSpec  # for the preset's own task and classes
    why: str  # one or two sentences for the learner


class MeantNetworksError(ValueError):
    pass


def read_meant_networks(path: Path = MEANT_FILE) -> dict[str, MeantNetwork]:
    """preset name -> the network it is made for; MeantNetworksError (in words) for a broken file."""
    try:
        root = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise MeantNetworksError(f"{path.name} cannot be read: {error}") from None
    presets = root.get("presets") if isinstance(root, dict) else None
    if not isinstance(presets, dict):
        raise MeantNetworksError(f"{path.name} must hold an object 'presets'")
    result = {}
    for name, entry in presets.items():
        if name not in PRESETS:
            raise MeantNetworksError(f"{path.name}: there is no preset '{name}'")
        if not isinstance(entry, dict) or not isinstance(entry.get("why"), str) or \
                not isinstance(entry.get("network"), dict):
            raise MeantNetworksError(f"{path.name}: '{name}' must have a 'network' object and a 'why' text")
        spec = entry["network"]
        info = PRESETS[name]
        try:
            network = NetworkSpec(hidden=tuple(spec.get("hidden", ())), activation=spec.get("activation", "tanh"),
                                  features=tuple(spec.get("features", ("x1", "x2"))))
            network = network.for_task(info.task, len(info.class_names) if info.task != "fit" else 1)
        except (SpecError, TypeError, ValueError) as error:
            raise MeantNetworksError(f"{path.name}: '{name}': {error}") from None
        result[name] = MeantNetwork(network, entry["why"])
    return result


def meant_networks() -> dict[str, MeantNetwork]:
    """The offers, or none when the file is broken (the app works without them)."""
    try:
        return read_meant_networks()
    except MeantNetworksError as error:
        logging.getLogger(__name__).warning("no network offers for the presets: %s", error)
        return {}

"""Where training runs: the devices found on this computer, the device a setting names, and its name for the
user. "auto" takes the first CUDA GPU, then Apple's MPS, then the CPU; "cuda" is the first CUDA GPU and "cuda:N"
the N-th. For the tiny networks of a playground the CPU is fast; a GPU pays off for wide, deep networks on many
points."""

from __future__ import annotations

import re

import torch

from .training_settings import TrainingError

_CUDA_INDEX = re.compile(r"cuda:(\d+)")


def _mps() -> bool:
    return getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()


def resolve_device(name: str) -> torch.device:
    """The torch device a setting names; naming a device that is not here is a TrainingError in plain words."""
    cuda = torch.cuda.is_available()
    if name == "auto":
        return torch.device("cuda" if cuda else "mps" if _mps() else "cpu")
    if name == "cuda" and not cuda:
        raise TrainingError("no CUDA GPU is available here; use --device auto or cpu")
    if name == "mps" and not _mps():
        raise TrainingError("Apple's MPS device is not available here; use --device auto or cpu")
    match = _CUDA_INDEX.fullmatch(name)
    if match:
        count = torch.cuda.device_count() if cuda else 0
        if int(match.group(1)) >= count:
            found = f"only {count} CUDA GPU{'s' if count != 1 else ''} (numbered from 0)" if count else "no CUDA GPU"
            raise TrainingError(f"there is no CUDA GPU {match.group(1)} here: this computer has {found}")
    return torch.device(name)


def usable_device(name: str) -> tuple[torch.device, str]:
    """The device a setting names, or, when it is not on this computer (a scenario made on another one), the
    automatic choice with a note saying so ('' when the named device is here)."""
    try:
        return resolve_device(name), ""
    except TrainingError:
        device = resolve_device("auto")
        return device, (f"The settings ask for the device “{name}”, which this computer does not have: training "
                        f"runs on {device_label(device)} instead.")


def device_label(device: torch.device) -> str:
    """A name for the user, e.g. 'CPU' or 'CUDA (NVIDIA H100)'."""
    if device.type == "cuda":
        return f"CUDA ({torch.cuda.get_device_name(device)})"
    return {"mps": "Apple GPU (MPS)", "cpu": "CPU"}.get(device.type, device.type)


def available_devices() -> tuple[tuple[str, str], ...]:
    """The devices training can run on here, as (setting, name for the user): the CPU first, then each CUDA GPU,
    then Apple's MPS."""
    found = [("cpu", "CPU")]
    if torch.cuda.is_available():
        found += [(f"cuda:{i}", f"CUDA {i}: {torch.cuda.get_device_name(i)}") for i in range(torch.cuda.device_count())]
    if _mps():
        found.append(("mps", "Apple GPU (MPS)"))
    return tuple(found)

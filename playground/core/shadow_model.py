"""A copy of the trainer's model for a snapshot to read while the model itself trains on in another thread.

The training process makes a frame while the next steps run (training_loop.py): the steps change the weights in
place, so the frame reads a copy taken between two steps. The copy is made once for a model (again when the model,
its device or a tensor's shape changes) and its values are copied from the model at each `copy_of`: one call for
every parameter and buffer, a few microseconds for the networks a learner builds.
"""

from __future__ import annotations

import copy

import torch
from torch import nn


def _signature(tensors: list[torch.Tensor]) -> tuple:
    return tuple((t.shape, t.dtype, t.device) for t in tensors)


class ShadowModel:
    """Keeps one copy of a model, refreshed from it on request."""

    def __init__(self) -> None:
        # (the model copied, its tensors, the copy, the copy's tensors, the tensors' shapes, types and devices)
        self._kept: tuple[nn.Module, list[torch.Tensor], nn.Module, list[torch.Tensor], tuple] | None = None

    def forget(self) -> None:
        self._kept = None

    @torch.no_grad()
    def copy_of(self, model: nn.Module) -> nn.Module:
        """The copy of `model`, holding its values now (its parameters and buffers); the copy is not trained and
        keeps its own mode (training or evaluation) once it has one."""
        kept = self._kept
        if kept is not None and kept[0] is model:
            tensors = kept[1]
            if _signature(tensors) == kept[4]:
                torch._foreach_copy_(kept[3], tensors)
                return kept[2]
        tensors = [*model.parameters(), *model.buffers()]
        shadow = copy.deepcopy(model)
        for parameter in shadow.parameters():
            parameter.requires_grad_(False)  # (read only: no autograd bookkeeping on the copy)
            parameter.grad = None
        self._kept = (model, tensors, shadow, [*shadow.parameters(), *shadow.buffers()], _signature(tensors))
        return shadow

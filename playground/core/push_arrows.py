"""Where gradient descent pushes each point: the backprop force field.

Training moves weights, not points; but backpropagation first works out, for every training point, which way
its loss would fall fastest if the point's representation at some layer could move: minus the gradient of the
point's own loss with respect to that representation. Drawn as an arrow on each point (on the plane, and in the
hidden space), it shows what the layers below are being asked to do: misclassified points are pulled hard
toward, and across, the decision line; points classified with confidence hardly at all.

Computed in the training process with the snapshot, for classification (a fitted curve's points are samples of
y, not movable inputs), in evaluation mode (no dropout), with the loss the trainer trains with.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn


def _split(layers: nn.Sequential, layer: int, stage: str) -> int:
    """The index in `layers` (features first, then Linear, activation[, Dropout] per hidden layer) right after
    hidden layer `layer`'s `stage` ("affine": after its Linear; "activation": after its activation)."""
    linear_positions = [i for i, module in enumerate(layers) if isinstance(module, nn.Linear)]
    position = linear_positions[layer - 1]
    return position + 1 if stage == "affine" else position + 2


def point_pushes(trainer, layer: int = 0, stage: str = "activation") -> np.ndarray | None:
    """(N, D) for the data set's N points, in its order: minus the gradient of each point's own loss with
    respect to its representation, the point itself in the data's units (`layer` 0) or hidden layer `layer`
    after `stage`. Test points, which training never sees, get NaN rows. None for curve fitting or no data."""
    found = point_pushes_at(trainer, [(layer, stage)])
    return None if found is None else found[0]


def point_pushes_at(trainer, wanted: list[tuple[int, str]]) -> list[np.ndarray] | None:
    """point_pushes for several representations at once, from one forward and one backward pass: for each
    (layer, stage) in `wanted`, (N, D) pushes as point_pushes gives them (layer 0: the plane)."""
    dataset = trainer.dataset
    if trainer.is_fit or len(dataset) == 0:
        return None
    model = trainer.model
    was_training = model.training
    model.eval()
    try:
        points = torch.as_tensor(np.array(dataset.points), dtype=torch.float32, device=trainer.device)
        labels = torch.as_tensor(np.array(dataset.labels), dtype=torch.int64, device=trainer.device)
        normalise, layers = model[0], model[1]
        cuts = {_split(layers, layer, stage): i for i, (layer, stage) in enumerate(wanted) if layer > 0}
        with torch.enable_grad():
            inputs = points.clone().requires_grad_(True)
            representations: list[torch.Tensor | None] = [inputs if layer == 0 else None for layer, _ in wanted]
            x = normalise(inputs)
            for position, module in enumerate(layers):
                if position in cuts:
                    representations[cuts[position]] = x
                x = module(x)
            # The trainer's loss is a mean over the points: times N it is the sum of the points' own losses, and
            # each point's own loss depends on its representation alone.
            loss = trainer.loss_of(x, labels) * len(labels)
            gradients = torch.autograd.grad(loss, representations)
        is_test = np.asarray(dataset.is_test)
        pushes = []
        for gradient in gradients:
            push = -gradient.to("cpu", torch.float64).numpy()
            push[is_test] = np.nan
            pushes.append(push)
    finally:
        model.train(was_training)
    return pushes


def snapshot_pushes(trainer) -> tuple[np.ndarray | None, np.ndarray | None]:
    """With the arrows on: where gradient descent pushes each point on the plane (float32, data units) and in
    the hidden layer asked for, from one backward pass (None for what is not asked for)."""
    if not trainer.arrows:
        return None, None
    request = trainer.hidden_request
    wanted = [(0, "activation")]
    if request is not None and 1 <= request.layer <= len(trainer.spec.hidden):
        wanted.append((request.layer, request.stage))
    found = point_pushes_at(trainer, wanted)
    if found is None:
        return None, None
    return found[0].astype(np.float32), found[1] if len(found) > 1 else None

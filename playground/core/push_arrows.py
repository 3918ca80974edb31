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
        with torch.enable_grad():
            if layer == 0:
                inputs = points.clone().requires_grad_(True)
                representation, logits = inputs, model(inputs)
            else:
                cut = _split(layers, layer, stage)
                with torch.no_grad():
                    below = layers[:cut](normalise(points))
                representation = below.clone().requires_grad_(True)
                logits = layers[cut:](representation)
            # The trainer's loss is a mean over the points: times N it is the sum of the points' own losses, and
            # each point's own loss depends on its representation alone.
            loss = trainer.loss_of(logits, labels) * len(labels)
            (gradient,) = torch.autograd.grad(loss, representation)
        pushes = -gradient.to("cpu", torch.float64).numpy()
    finally:
        model.train(was_training)
    pushes[np.asarray(dataset.is_test)] = np.nan
    return pushes

"""What is where in the network diagram: the biases' handles, and which neuron, bias or weight lies under the
cursor (for its tooltip and a click), with the tooltip's text."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF

from ..core.feature_names import feature_title
from ..core.snapshot import NetworkPicture

BIAS_SIDE = 12.0  # the biases' handles are drawn (and can be clicked) on neurons this large or larger, in pixels


def biases_shown(box: QRectF) -> bool:
    """Whether a layer whose neurons are this size has its biases' handles drawn (not on small or thin boxes,
    where they would cover the neighbours)."""
    return min(box.width(), box.height()) >= BIAS_SIDE


def bias_handle(box: QRectF) -> QRectF:
    """The small square at a neuron's lower left corner that stands for its bias."""
    side = max(6.0, box.width() / 4)
    return QRectF(box.left() - side / 2, box.bottom() - side / 2, side, side)


def hit_at(picture: NetworkPicture | None, boxes: list[list[QRectF]], squeezed: tuple[bool, ...], pos: QPointF,
           zoom: float) -> tuple[str, int, int, int | None] | None:
    """('bias' or 'neuron', layer, index, None) or ('weight', weight layer, target, source) at `pos`, in a diagram
    of `picture` whose neurons are drawn in `boxes` (per layer; `squeezed`: the layers drawn as strips)."""
    if picture is None or [len(layer) for layer in boxes] != list(picture.layer_sizes):
        return None  # the network changed and has not been painted yet: nothing to point at
    for k, layer in enumerate(boxes):
        handles = k > 0 and biases_shown(layer[0])
        for i, box in enumerate(layer):
            if handles and bias_handle(box).adjusted(-2, -2, 2, 2).contains(pos):
                return ("bias", k, i, None)
            if box.contains(pos):
                return ("neuron", k, i, None)
        column = QRectF(layer[0].topLeft(), layer[-1].bottomRight())
        if squeezed[k] and column.contains(pos):  # on the hairline between two strips: the nearer
            middles = np.array([box.center().y() for box in layer])
            return ("neuron", k, int(np.argmin(np.abs(middles - pos.y()))), None)
    best, best_distance = None, 5.0 * zoom
    for k in range(len(picture.weights)):
        sources, targets = boxes[k], boxes[k + 1]
        if not (sources[0].right() <= pos.x() <= targets[0].left()):
            continue
        # Every line's distance at once (a deep network has thousands; one by one took a tenth of a second).
        a = np.array([(b.right(), b.center().y()) for b in sources])[None, :, :]  # (1, sources, 2)
        b = np.array([(b.left(), b.center().y()) for b in targets])[:, None, :]  # (targets, 1, 2)
        ab = b - a
        p = np.array([pos.x(), pos.y()])
        length = (ab ** 2).sum(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.clip(np.where(length > 0, ((p - a) * ab).sum(axis=2) / length, 0.0), 0.0, 1.0)
        distance = np.hypot(*np.moveaxis(a + ab * t[..., None] - p, 2, 0))
        target, source = np.unravel_index(int(np.argmin(distance)), distance.shape)
        if distance[target, source] < best_distance:
            best, best_distance = ("weight", k, int(target), int(source)), float(distance[target, source])
    return best


def describe_hit(picture: NetworkPicture, hit: tuple[str, int, int, int | None]) -> str:
    """The tooltip for what hit_at found."""
    kind, k, i, source = hit
    units = " (in the data's units)" if picture.data_units and k in (0, 1) else ""
    last = len(picture.maps) - 1
    name = "Output" if k == last else f"Layer {k}, neuron {i + 1}"
    if kind == "neuron":
        if k == 0:
            title = feature_title(picture.feature_names[i], picture.task == "fit")
            return f"Input {title}\nClick to see it large on the plane"
        if k == last:
            if picture.task == "fit":
                return "Output: the y the network predicts for each x, drawn as the curve"
            return "Output: the network's answer, shown on the plane"
        return f"{name}\nClick to see its output large on the plane (click again to go back)"
    if kind == "bias":
        bias = float(picture.biases[k - 1][i])
        units = units if k == 1 else ""
        return f"{name}: bias {bias:.3f}{units}\nClick to type a new bias"
    w = float(picture.weights[k][i, source])
    units = units if k == 0 else ""
    return f"Weight {w:.3f}{units}\nClick to type a new value"

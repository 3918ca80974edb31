"""The boundary map's grid pass without nn.Module calls: the grid's input features are kept between snapshots
(they change only with the plane shown, the data's scaling or the features chosen), the layers' weights are read
once per pass, and every layer writes into buffers kept between passes, with the activations applied in place.
The values are the network's to float32 rounding (tests compare them with the network called module by module).
The layers work with the points along the rows, (neurons, points): a narrow layer's product is then one wide
matrix product.

(tanh is applied as it is: torch's in-place tanh takes about 0.35 ns a value here, its sigmoid 0.46, so the
rewriting tanh(z) = 2·sigmoid(2z) - 1 that this pass once made, the factors taken into the weights, cost more
than it saved: the six-of-8 boundary grid 1.85 ms against 1.61.)"""

from __future__ import annotations

import weakref

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from .network import Step, two_class_columns

# Values per block: each layer's values (neurons x points) then stay in the CPU's cache; a narrow network takes
# more points at a time (fewer calls), never fewer than MIN_BLOCK.
BLOCK_VALUES = 1 << 17
MIN_BLOCK = 4096
ELEMENTWISE = (nn.Tanh, nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.GELU, nn.Identity, nn.Dropout, Step)
KEPT_FEATURES = 4  # planes (bounds, sizes, scalings) whose features are kept


def finite(values: np.ndarray, nan: float) -> np.ndarray:
    """np.nan_to_num(values, nan=nan), without its copy and its passes when every value is finite already (the
    usual case): then `values` itself."""
    return values if np.isfinite(values).all() else np.nan_to_num(values, nan=nan)


def plain(model: nn.Sequential) -> bool:
    """Whether the fast pass can compute this network: evaluation mode (dropout passes its input on), linear
    layers and elementwise activations after the features, the last module linear or a step."""
    modules = list(model[1])[1:]
    return (not model.training and bool(modules) and all(isinstance(m, (nn.Linear, *ELEMENTWISE)) for m in modules)
            and isinstance(modules[-1], nn.Linear | Step))


def parameter_values(param: torch.Tensor) -> np.ndarray | None:
    """A NumPy view of a CPU parameter's values as they are now (None off the CPU), kept per parameter while its
    storage stays the same: the optimiser changes the values in place, so the view follows them, and reading the
    weights each frame costs no torch call."""
    if param.device.type != "cpu":
        return None
    kept = _VIEWS.get(id(param))
    if kept is not None and kept[0]() is param and kept[1] == param.data_ptr() and kept[2].shape == param.shape:
        return kept[2]
    view = param.detach().numpy()
    if len(_VIEWS) > 512:  # (parameters of networks long gone)
        _VIEWS.clear()
    _VIEWS[id(param)] = (weakref.ref(param), param.data_ptr(), view)
    return view


_VIEWS: dict[int, tuple] = {}


def _plan(modules: list[nn.Module]) -> list[tuple]:
    """The layers as ("linear", w, b), b a column, and ("act", module)."""
    plan: list[tuple] = []
    for module in modules:
        if isinstance(module, nn.Dropout):  # (evaluation mode: it passes its input on)
            continue
        if isinstance(module, nn.Linear):
            if module.weight.device.type == "cpu":  # (read without a torch call: see parameter_values)
                w, b = parameter_values(module.weight), parameter_values(module.bias)
                plan.append(("linear", torch.from_numpy(w), torch.from_numpy(b[:, None])))
            else:
                plan.append(("linear", module.weight.detach(), module.bias.detach()[:, None]))
        else:
            plan.append(("act", module))
    return plan


def _activate(module: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The activation on x, in place where torch has it."""
    if isinstance(module, nn.Tanh):
        return x.tanh_()
    if isinstance(module, nn.Sigmoid):
        return x.sigmoid_()
    if isinstance(module, nn.ReLU):
        return x.relu_()
    if isinstance(module, nn.LeakyReLU):
        return F.leaky_relu_(x, module.negative_slope)
    if isinstance(module, nn.Identity):
        return x
    return module(x)


def _numpy32(values: torch.Tensor) -> np.ndarray:
    """The values as a float32 NumPy array (CPU float32 ones without a copy)."""
    if values.device.type == "cpu" and values.dtype == torch.float32:
        return values.numpy()
    return values.to("cpu", torch.float32).numpy()


@torch.no_grad()
def chosen_layer(plan: list[tuple], features: torch.Tensor, layer: int, stage: str,
                 tail: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Through the plan's layers from the input features (features, points): hidden layer `layer` (from 1) at
    `stage` ("affine": W·x + b; "activation": after its activation) at every point, (points, neurons), and the
    output layer's values at the last `tail` points only, (tail, outputs)."""
    x, chosen, seen = features, None, 0
    for i, step in enumerate(plan):
        if step[0] == "linear":
            x = torch.addmm(step[2], step[1], x)
            seen += 1
            if chosen is None and seen == layer and stage == "affine":
                chosen = x.clone().T  # (the activation next works in place)
                x = x[:, -tail:]
        else:
            x = _activate(step[1], x if i else x.clone())  # (in place: never on the features given)
            if chosen is None and seen == layer and stage == "activation":
                chosen = x.T  # (the next layer reads x, never writes it)
                x = x[:, -tail:]
    return chosen, x.T


class GridPass:
    """Keeps the grids' features and the layers' buffers between snapshots."""

    def __init__(self) -> None:
        self._features: dict[tuple, list[torch.Tensor]] = {}
        self._buffers: dict[tuple, tuple[torch.Tensor, torch.Tensor]] = {}
        self._point_features: tuple[torch.Tensor, tuple, torch.Tensor] | None = None  # (the points, key, features)
        self._plan: tuple[list, list[tuple], nn.Module] | None = None  # (the weights, the plan, model) while held
        self._held = False

    def forget(self) -> None:
        self._features.clear()
        self._buffers.clear()
        self._point_features = None
        self._plan = None

    def hold(self, held: bool) -> None:
        """Between hold(True) and hold(False) (one snapshot: the weights do not change) the layers' plan is made
        once, for every pass (the data, the grid, the diagram)."""
        self._held = held
        self._plan = None

    def plan(self, model: nn.Sequential) -> list[tuple]:
        """The layers' plan (_plan); while held, the one made first (for the same layers)."""
        kept = self._plan
        if kept is not None and kept[2] is model:  # (held: the same model, its layers unchanged)
            return kept[1]
        modules = list(model[1])[1:]
        weights = [m.weight for m in modules if isinstance(m, nn.Linear)]
        if kept is not None and len(kept[0]) == len(weights) and \
                all(a is b for a, b in zip(kept[0], weights, strict=True)):
            return kept[1]
        plan = _plan(modules)
        if self._held:
            self._plan = (weights, plan, model)
        return plan

    def features(self, trainer, grid: torch.Tensor, key: tuple, block: int) -> list[torch.Tensor]:
        """The grid's input features in blocks of `block` points, each (features, points) contiguous."""
        normalise, layers = trainer.model[0], trainer.model[1]
        key = (*key, block, tuple(trainer.spec.features), tuple(normalise.centre.tolist()),
               tuple(normalise.scale.tolist()))
        found = self._features.get(key)
        if found is None:
            if len(self._features) >= KEPT_FEATURES:
                self._features.clear()
            with torch.no_grad():
                x = layers[0](normalise(grid))
            found = [part.T.contiguous() for part in x.split(block)]
            self._features[key] = found
        return found

    def _buffer_pair(self, values: int, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        key = (values, str(device))
        if key not in self._buffers:
            if len(self._buffers) >= KEPT_FEATURES:
                self._buffers.clear()
            self._buffers[key] = (torch.empty(values, device=device), torch.empty(values, device=device))
        return self._buffers[key]

    @torch.no_grad()
    def run(self, trainer, grid: torch.Tensor, key: tuple, size: int, focus: tuple[int, int] | None,
            probabilities: bool) -> tuple[np.ndarray | None, np.ndarray | None]:
        """As SnapshotMaker.grid_pass: the (size, size, C) class probabilities (when asked for) and the focused
        neuron's (size, size) map (None when none is focused, or it is gone); both fresh arrays."""
        plan = self.plan(trainer.model)
        widths = [step[1].shape[0] for step in plan if step[0] == "linear"]
        device = grid.device
        block = max(MIN_BLOCK, BLOCK_VALUES // max(widths))
        # Blocks of equal size, as many as the nearest whole number of such blocks (a short last block would cost
        # every layer's calls again for few points): 40,000 points of a 4-wide network in one block, not two.
        count = max(1, round(len(grid) / block))
        block = -(-len(grid) // count)
        first, second = self._buffer_pair(max(widths) * block, device)
        blocks = self.features(trainer, grid, key, block)
        n_features = blocks[0].shape[0]
        # Which layer output the focus asks for: 0 the features, then each activation, then the output.
        acts = sum(1 for step in plan if step[0] == "act") - (1 if trainer.spec.perceptron else 0)
        n_outputs = widths[-1]
        n_classes = 1 if trainer.is_fit else (2 if n_outputs == 1 else n_outputs)
        focus_map = focus_rows = None
        if focus is not None:
            layer, neuron = focus
            if layer == 0:
                width = n_features
            elif 1 <= layer <= acts:
                width = [step[1].shape[0] for step in plan[:self._act_position(plan, layer)]
                         if step[0] == "linear"][-1]
            else:
                width = n_classes - 1 if n_classes == 2 else n_classes
            if layer <= acts + 1 and 0 <= neuron < width and layer >= 0:
                focus_map = np.empty(size * size, np.float32)
                focus_rows = torch.from_numpy(focus_map) if device.type == "cpu" else None
        grid_values = np.empty((size * size, n_classes), np.float32) if probabilities else None
        values_out = torch.from_numpy(grid_values) if grid_values is not None and device.type == "cpu" else None
        # Two classes from one output on the CPU: its class-1 probability (a sigmoid; a perceptron's step is one
        # already) written straight into the grid's two columns.
        two_class = device.type == "cpu" and n_classes == 2 and n_outputs == 1
        kept_values, kept_focus = [], []
        start = 0
        for block in blocks:
            n = block.shape[1]
            x, buffers, act_index, focus_block = block, (first, second), 0, None
            if focus_map is not None and focus[0] == 0:
                focus_block = block[focus[1]]
            for step in plan:
                if step[0] == "linear":
                    w, b = step[1], step[2]
                    out = buffers[0][: w.shape[0] * n].view(w.shape[0], n)
                    x = torch.addmm(b, w, x, out=out)
                    buffers = (buffers[1], buffers[0])
                else:
                    x = _activate(step[1], x)
                    act_index += 1
                    if focus_map is not None and focus[0] == act_index and act_index <= acts:
                        focus_block = x[focus[1]].clone()
            if two_class:
                p1 = x[0] if trainer.spec.perceptron else torch.sigmoid(x[0])
                if focus_map is not None and focus[0] == acts + 1:
                    focus_block = p1
                if probabilities:
                    two_class_columns(p1.numpy(), grid_values[start:start + n])
            else:
                output = x.T  # (points, outputs)
                values = output if trainer.is_fit else trainer.probabilities_of(output)
                if focus_map is not None and focus[0] == acts + 1:
                    focus_block = (values[:, 1:] if values.shape[1] == 2 and not trainer.is_fit
                                   else values)[:, focus[1]]
                if probabilities:
                    if values_out is not None:
                        values_out[start:start + n].copy_(values)
                    else:
                        kept_values.append(values.clone())
            if focus_block is not None:
                if focus_rows is not None:
                    focus_rows[start:start + n].copy_(focus_block)
                else:
                    kept_focus.append(focus_block.clone())
            start += n
        if probabilities:
            if values_out is None:
                grid_values = torch.cat(kept_values).to("cpu", torch.float32).numpy()
            grid_values = grid_values.reshape(size, size, n_classes)
            # (two classes: a NaN in column 0 is one in column 1 too, and sigmoid gives no infinity)
            if not np.isfinite(grid_values[:, :, 1] if two_class else grid_values).all():
                np.nan_to_num(grid_values, copy=False, nan=0.5)
        if focus_map is not None:
            if focus_rows is None:
                focus_map = torch.cat(kept_focus).to("cpu", torch.float32).numpy()
            focus_map = np.ascontiguousarray(focus_map.reshape(size, size))
        return grid_values, focus_map

    @torch.no_grad()
    def maps(self, trainer, grid: torch.Tensor, key: tuple, size: int) -> tuple[np.ndarray, ...]:
        """As SnapshotMaker.network_picture's maps: every layer's output over the size x size grid, each
        (neurons, size, size) float32, fresh: the features, each hidden layer after its activation, the output
        (the probability of class 1, or of each class; a fit's y)."""
        plan = self.plan(trainer.model)
        x = self.features(trainer, grid, key, size * size)[0]
        found = [x.clone()]
        for step in plan:
            if step[0] == "linear":
                x = torch.addmm(step[2], step[1], x)
            else:
                x = _activate(step[1], x)
                found.append(x)  # (the next layer's product is a new tensor: x stays as it is)
        if trainer.spec.perceptron:
            found.pop()  # the step after the last layer is the output itself, added below
        if trainer.is_fit:
            found.append(x)
        elif x.shape[0] == 1:  # two classes: the probability of class 1 (class_probabilities' second column)
            found.append(x if trainer.spec.perceptron else torch.sigmoid(x))
        else:
            found.append(trainer.probabilities_of(x.T).T)
        return tuple(np.ascontiguousarray(_numpy32(m).reshape(-1, size, size)) for m in found)

    @torch.no_grad()
    def logits(self, trainer, points: torch.Tensor) -> torch.Tensor:
        """The network's raw outputs at these points, (points, outputs), computed as the grid pass does (for
        a few hundred points: the data set's, for the metrics)."""
        normalise, layers = trainer.model[0], trainer.model[1]
        # The points' features, kept while the points (the same tensor), the features and the scaling stay.
        key = (tuple(trainer.spec.features), tuple(normalise.centre.tolist()), tuple(normalise.scale.tolist()))
        kept = self._point_features
        if kept is None or kept[0] is not points or kept[1] != key:
            kept = self._point_features = (points, key, layers[0](normalise(points)).T.contiguous())
        x = kept[2]
        for i, step in enumerate(self.plan(trainer.model)):  # (activations in place: never on the kept features)
            x = torch.addmm(step[2], step[1], x) if step[0] == "linear" else _activate(step[1], x if i else x.clone())
        return x.T

    @staticmethod
    def _act_position(plan: list[tuple], layer: int) -> int:
        """The index in the plan just after the `layer`-th activation (1-based)."""
        seen = 0
        for i, step in enumerate(plan):
            if step[0] == "act":
                seen += 1
                if seen == layer:
                    return i + 1
        return len(plan)

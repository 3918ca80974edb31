"""The Trainer's weights in and out: every layer's weights as arrays, weights put back to go on from (a saved run's),
and one weight or bias typed by hand in the diagram (the first layer's in the data's own units when the inputs are
x1 and x2). A part of Trainer (training.py), kept here so each file stays readable; it uses the trainer's model,
spec, optimiser and counters."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .notices import TYPED_WEIGHT_LIMIT, typed_weight_notice
from .trained_weights import TrainedWeights
from .training_settings import MAX_TYPED_WEIGHT, TrainingError


class WeightsInAndOut:
    """Trainer's methods for its weights (see training.py's Trainer for the attributes they use)."""

    # ----- weights in and out -------------------------------------------------------------------
    def weights(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """For each weight layer from the input to the output, fresh float32 copies of its weight (out, in) and
        bias (out,), in the network's own units: exactly the module's parameters."""
        return tuple((layer.weight.detach().to("cpu", torch.float32).numpy().copy(),
                      layer.bias.detach().to("cpu", torch.float32).numpy().copy()) for layer in self.linear_layers())

    def load_weights(self, weights, steps: int = 0, epochs: float | None = None) -> None:
        """Put in weights as `weights()` gives them (or a TrainedWeights) and go on from there: a fresh optimiser,
        the step counter at `steps`, the epochs at `epochs` (None: what `steps` are at the present batch size).
        Weights that do not fit this network, or are not finite, raise TrainingError and change nothing."""
        linear = self.linear_layers()
        sizes = "-".join(str(n) for n in (self.spec.n_inputs, *(layer.out_features for layer in linear)))
        pairs = weights.layers if isinstance(weights, TrainedWeights) else weights
        try:
            layers = [(np.array(w, dtype=np.float32), np.array(b, dtype=np.float32)) for w, b in pairs]
        except (TypeError, ValueError):
            raise TrainingError(f"These weights do not fit this {sizes} network.")
        if [(w.shape, b.shape) for w, b in layers] != \
                [((m.out_features, m.in_features), (m.out_features,)) for m in linear]:
            try:
                theirs = "-".join(str(n) for n in (layers[0][0].shape[1], *(len(b) for _, b in layers)))
                raise TrainingError(f"These weights are for a {theirs} network and do not fit this {sizes} network.")
            except IndexError:
                raise TrainingError(f"These weights do not fit this {sizes} network.")
        if not all(np.isfinite(w).all() and np.isfinite(b).all() for w, b in layers):
            raise TrainingError("Some of these weights are not ordinary numbers (too large, or missing), so they "
                                "cannot be used.")
        if steps < 0 or (epochs is not None and not (math.isfinite(epochs) and epochs >= 0)):
            raise TrainingError("The step and epoch counts must be 0 or more.")
        with torch.no_grad():
            for layer, (w, b) in zip(linear, layers, strict=True):
                layer.weight.copy_(torch.from_numpy(w))
                layer.bias.copy_(torch.from_numpy(b))
        self.optimizer = self._make_optimizer()
        self.step_count = int(steps)
        self.epochs_done = float(epochs) if epochs is not None else \
            steps * self.batch_size / self.n_train if self.n_train else 0.0
        self.samples_seen = steps * self.batch_size
        self._order, self._cursor = None, 0
        self._clear_divergence()
        self._guard.forget()
        self._typed = None
        self.generation += 1
        self._hidden.forget()
        self._landscape.moved(self)


    # ----- weights in the data's units, typed by hand ---------------------------------------------
    def _raw_inputs(self) -> bool:
        return set(self.spec.features) <= {"x1", "x2"}

    def _scaling(self) -> tuple[np.ndarray, np.ndarray]:
        normalise = self.model[0]
        centre = normalise.centre.to("cpu", torch.float64).numpy()
        scale = normalise.scale.to("cpu", torch.float64).numpy()
        index = [0 if name == "x1" else 1 for name in self.spec.features]
        return centre[index], scale[index]

    def _output_scaling(self) -> tuple[float, float] | None:
        """(centre, scale) of y when the first layer is a curve-fitting network's output, else None."""
        if not self.is_fit or self.spec.hidden:
            return None
        normalise = self.model[0]
        return float(normalise.centre[1]), float(normalise.scale[1])

    def _to_data_units(self, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        centre, scale = self._scaling()
        w_data = w / scale
        b_data = b - w_data @ centre
        output = self._output_scaling()
        if output is not None:
            w_data, b_data = w_data * output[1], output[0] + b_data * output[1]
        return w_data, b_data

    def _from_data_units(self, w_data: np.ndarray, b_data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        output = self._output_scaling()
        if output is not None:
            w_data, b_data = w_data / output[1], (b_data - output[0]) / output[1]
        centre, scale = self._scaling()
        return w_data * scale, b_data + w_data @ centre

    def set_weight(self, layer: int, target: int, source: int | None, value: float) -> None:
        """Type a weight (source given) or a bias (source None) of weight layer `layer` by hand. The run goes on
        from the typed weights (they are never rolled back as a divergence); one far beyond what training gives
        gets a notice."""
        linear = self.linear_layers()
        if not 0 <= layer < len(linear) or not 0 <= target < linear[layer].out_features or \
                (source is not None and not 0 <= source < linear[layer].in_features) or not math.isfinite(value):
            raise TrainingError("there is no such weight")
        if abs(value) > MAX_TYPED_WEIGHT:
            raise TrainingError(f"a weight must be between -{MAX_TYPED_WEIGHT:,.0f} and {MAX_TYPED_WEIGHT:,.0f}")
        parameter = (linear[layer].bias[target] if source is None else linear[layer].weight[target, source]).detach()
        before = abs(float(parameter))
        self._set_parameter(linear, layer, target, source, value)
        after = abs(float(parameter))
        network_units = layer > 0 or not self._raw_inputs()
        if after > TYPED_WEIGHT_LIMIT and after > before:
            notice = typed_weight_notice("bias" if source is None else "weight", value, network_units)
            self._typed = (layer, target, source, notice)
        elif self._typed is not None:
            self._check_typed()
        self._clear_divergence()
        self._guard.forget()  # the run starts again from the typed weights
        self._landscape.moved(self)

    def _set_parameter(self, linear: list[nn.Linear], layer: int, target: int, source: int | None,
                       value: float) -> None:
        with torch.no_grad():
            if layer == 0 and self._raw_inputs():  # typed in the data's units: convert the whole neuron
                w = linear[0].weight.detach().to("cpu", torch.float64).numpy()[target:target + 1].copy()
                b = linear[0].bias.detach().to("cpu", torch.float64).numpy()[target:target + 1].copy()
                w_data, b_data = self._to_data_units(w, b)
                if source is None:
                    b_data[0] = value
                else:
                    w_data[0, source] = value
                w, b = self._from_data_units(w_data, b_data)
                linear[0].weight[target] = torch.as_tensor(w[0], dtype=linear[0].weight.dtype)
                linear[0].bias[target] = float(b[0])
            elif source is None:
                linear[layer].bias[target] = value
            else:
                linear[layer].weight[target, source] = value

"""Fast training steps for plain networks (issue 17): the forward and backward pass written out in torch, with no
autograd graph, the optimiser's update on one flat buffer, and a whole run of steps per call with no host sync.

At the sizes a learner builds (a few layers of up to 64 neurons, batches of about 10), a step costs what torch's
machinery around the arithmetic costs: autograd's graph, module calls and per-parameter optimiser loops. So:

- `FlatParameters`: every weight layer's weight and bias are views of ONE flat parameter (and its gradient of one
  flat buffer). Layer i is a matrix (out, in + 1): its weight, then its bias as the last column. The optimiser
  (a real torch.optim one, so its state and settings are where the rest of the program reads them) has that one
  parameter; an update is a few whole-buffer operations.
- `FastStepper`: with the bias as a column, a layer's forward pass is one matrix product (the activations carry a
  row of ones) and its weight-and-bias gradient is one more. Activations are stored transposed (neurons x batch)
  so each layer's output is a contiguous block of rows above its ones row. The inputs (normalised, the features
  computed: a fixed transform without parameters) are computed once for all training points; a run's batches are
  gathered at once, in the Trainer's own shuffled order. The losses go to the divergence guard as one tensor.
- `fast_optimizer_step`: torch.optim's SGD, momentum, RMSprop and Adam (single-tensor versions, their defaults),
  written out on the flat buffer, reading and writing the optimiser's own state, so either path can go on from
  the other.

The results equal autograd's to rounding (tests/core/test_fast_step.py). Networks with dropout, the step
activation or a perceptron fall back to the autograd path in training.py.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .network_spec import NetworkSpec

aten = torch.ops.aten
FAST_ACTIVATIONS = ("tanh", "relu", "leaky-relu", "sigmoid", "gelu", "linear")
LEAKY_SLOPE = 0.1  # as network.py's leaky-relu


def fast_path_allowed(spec: NetworkSpec) -> bool:
    """Whether the fast step computes this network exactly as its torch module does."""
    return not spec.perceptron and not any(p > 0 for p in spec.dropouts) and \
        all(name in FAST_ACTIVATIONS for name in spec.activations)


class FlatParameters:
    """The weight layers' parameters as views of one flat parameter; `grad` the flat gradient, `matrices[i]` and
    `grads[i]` layer i's (out, in + 1) block of each, `weight_mask` 1 on weights and 0 on biases."""

    def __init__(self, layers: list[nn.Linear]) -> None:
        first = layers[0].weight
        shapes = [(layer.out_features, layer.in_features + 1) for layer in layers]
        total = sum(rows * columns for rows, columns in shapes)
        to = {"dtype": first.dtype, "device": first.device}
        self.param = nn.Parameter(torch.empty(total, **to))
        self.grad = torch.zeros(total, **to)
        self.weight_mask = torch.ones(total, **to)
        data = self.param.detach()
        self.matrices: list[torch.Tensor] = []
        self.grads: list[torch.Tensor] = []
        offset = 0
        with torch.no_grad():
            for layer, (rows, columns) in zip(layers, shapes, strict=True):
                block = slice(offset, offset + rows * columns)
                matrix = data[block].view(rows, columns)
                matrix[:, :-1].copy_(layer.weight)
                matrix[:, -1].copy_(layer.bias)
                layer.weight.data = matrix[:, :-1]  # the same Parameter objects, now views of the flat buffer
                layer.bias.data = matrix[:, -1]
                self.weight_mask[block].view(rows, columns)[:, -1] = 0.0
                self.matrices.append(matrix)
                self.grads.append(self.grad[block].view(rows, columns))
                offset += rows * columns
        self.layers = layers

    def gather_grads(self) -> None:
        """After autograd's backward pass: its per-parameter gradients into the flat gradient (none: zero, which
        every optimiser here treats as torch.optim treats a parameter without a gradient, as long as it never
        had one), which the optimiser then reads."""
        for layer, grad in zip(self.layers, self.grads, strict=True):
            for part, view in ((layer.weight, grad[:, :-1]), (layer.bias, grad[:, -1])):
                if part.grad is None:
                    view.zero_()
                else:
                    view.copy_(part.grad)
                part.grad = None
        self.param.grad = self.grad

    def clear_grads(self) -> None:
        for layer in self.layers:
            layer.weight.grad = layer.bias.grad = None


def make_optimizer(kind: str, flat: FlatParameters, lr: float) -> torch.optim.Optimizer:
    """The optimiser of the learner's choice, on the one flat parameter (torch's defaults otherwise)."""
    params = [flat.param]
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    return torch.optim.SGD(params, lr=lr, momentum=0.9 if kind == "momentum" else 0.0)


def optimizer_update(optimizer: torch.optim.Optimizer, flat: FlatParameters) -> tuple:
    """(update, finish): `update()` makes one step of the flat parameter from the flat gradient as
    `optimizer.step()` would (its single-tensor code, operation for operation, on its own state); `finish()`
    brings the state's step count up to date after a run of them (kept in a Python int in between)."""
    group = optimizer.param_groups[0]
    lr = group["lr"]
    param, grad = flat.param.detach(), flat.grad
    if isinstance(optimizer, torch.optim.SGD) and group["momentum"] == 0:
        return (lambda: param.add_(grad, alpha=-lr)), _nothing  # (torch's SGD keeps no state then)
    state = optimizer.state[flat.param]
    if isinstance(optimizer, torch.optim.SGD):
        momentum, dampening = group["momentum"], group["dampening"]

        def momentum_step() -> None:
            buffer = state.get("momentum_buffer")
            if buffer is None:
                buffer = state["momentum_buffer"] = grad.clone()
            else:
                buffer.mul_(momentum).add_(grad, alpha=1 - dampening)
            param.add_(buffer, alpha=-lr)
        return momentum_step, _nothing
    adam = isinstance(optimizer, torch.optim.Adam)
    if not state:
        state["step"] = torch.tensor(0.0, dtype=torch.float32) if adam else torch.zeros((), dtype=torch.float32)
        state["exp_avg" if adam else "square_avg"] = torch.zeros_like(param)
        if adam:
            state["exp_avg_sq"] = torch.zeros_like(param)
    count = [int(state["step"])]

    def finish() -> None:
        state["step"].fill_(count[0])

    eps = group["eps"]
    if adam:
        beta1, beta2 = group["betas"]
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]

        def adam_step() -> None:
            count[0] += 1
            step = float(count[0])
            exp_avg.lerp_(grad, 1 - beta1)
            exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            step_size = lr / (1 - beta1 ** step)
            denom = (exp_avg_sq.sqrt() / (1 - beta2 ** step) ** 0.5).add_(eps)
            param.addcdiv_(exp_avg, denom, value=-step_size)
        return adam_step, finish
    alpha, square_avg = group["alpha"], state["square_avg"]

    def rmsprop_step() -> None:
        count[0] += 1
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
    return rmsprop_step, finish


def _nothing() -> None:
    pass


# ----- activations: (in place forward, backward from the output) -----------------------------------------
ACTIVATION_STEPS = {
    "tanh": (torch.tanh_, aten.tanh_backward),
    "sigmoid": (torch.sigmoid_, aten.sigmoid_backward),
    "relu": (torch.relu_, lambda d, h: aten.threshold_backward(d, h, 0)),
    # the output's sign is the input's (the slope is positive), which is all the backward pass looks at
    "leaky-relu": (lambda z: F.leaky_relu_(z, LEAKY_SLOPE), lambda d, h: aten.leaky_relu_backward(d, h, LEAKY_SLOPE,
                                                                                                   True)),
    "linear": (None, None),
    "gelu": (None, None),  # computed from its input, kept aside (see FastStepper.run)
}


def next_indices(trainer, count: int) -> torch.Tensor | None:
    """The training points of the next `count` batches, (count, batch), taken from the Trainer's shuffled order
    exactly as its `_next_batch` takes them one by one (and leaving the order where it would); None when every
    batch is the whole training set."""
    size, n = trainer.batch_size, trainer.n_train
    if size >= n:
        return None
    order, cursor, parts, left = trainer._order, trainer._cursor, [], count
    while left:
        if order is None or cursor + size > n:
            order = torch.randperm(n, generator=trainer._shuffle).to(trainer.device)
            cursor = 0
        take = min(left, (n - cursor) // size)
        parts.append(order[cursor:cursor + take * size])
        cursor += take * size
        left -= take
    trainer._order, trainer._cursor = order, cursor
    return (parts[0] if len(parts) == 1 else torch.cat(parts)).view(count, size)


class FastStepper:
    """The fast steps for one Trainer's network and training data (made again when either changes)."""

    def __init__(self, trainer) -> None:
        spec: NetworkSpec = trainer.spec
        normalise, layers = trainer.model[0], trainer.model[1]
        with torch.no_grad():
            features = layers[0](normalise(trainer._x_train))  # the FeatureMap: no parameters
            ones = torch.ones(len(features), 1, dtype=features.dtype, device=features.device)
            self.inputs = torch.cat([features, ones], dim=1).contiguous()  # (n, F + 1)
            y = trainer._y_train
            n_outputs = spec.n_outputs
            if trainer.is_fit:
                self.targets = trainer._scaled_target(y).reshape(-1, 1)  # (n, 1)
            elif n_outputs == 1:
                self.targets = y.to(features.dtype).reshape(-1, 1)
            else:
                self.targets = F.one_hot(y, n_outputs).to(features.dtype)  # (n, K)
            self.labels = y
        self.fit = trainer.is_fit
        self.n_outputs = n_outputs
        self.activations = spec.activations
        self.widths = spec.hidden
        self.flat: FlatParameters = trainer._flat
        self._hidden_cache: dict[int, list] = {}

    def _hidden(self, size: int) -> list[tuple[torch.Tensor, ...]]:
        """Per hidden layer, for batches of `size`: its outputs transposed (width, B) above a row of ones (the next
        layer's bias input), that whole block, the block transposed, and (gelu) room for its input."""
        if size not in self._hidden_cache:
            like = {"dtype": self.inputs.dtype, "device": self.inputs.device}
            layers = []
            for width, name in zip(self.widths, self.activations, strict=True):
                block = torch.ones(width + 1, size, **like)
                layers.append((block[:-1], block, block.t(),
                               torch.empty(width, size, **like) if name == "gelu" else None))
            self._hidden_cache = {size: layers}  # one batch size at a time
        return self._hidden_cache[size]

    def _batches(self, trainer, count: int) -> tuple:
        """Per step: its inputs (B, F + 1) and transposed, its targets transposed (outputs, B); and all targets
        and labels, (count, B, outputs) and (count, B), for the losses."""
        index = next_indices(trainer, count)
        if index is None:
            n = len(self.inputs)
            targets = self.targets.expand(count, n, -1)
            return [self.inputs] * count, [self.inputs.t()] * count, [self.targets.t()] * count, targets, \
                self.labels.expand(count, n)
        flat_index = index.reshape(-1)
        size = index.shape[1]
        inputs = self.inputs.index_select(0, flat_index).view(count, size, -1)
        targets = self.targets.index_select(0, flat_index).view(count, size, -1)
        labels = self.labels.index_select(0, flat_index).view(count, size)
        return inputs.unbind(0), inputs.transpose(1, 2).unbind(0), targets.transpose(1, 2).unbind(0), targets, \
            labels

    @torch.no_grad()
    def run(self, trainer, count: int, guard, path, path_layer) -> torch.Tensor:
        """`count` steps of `trainer` (its settings now); each step's data loss goes to `guard` (if any), the
        first layer's parameters after each step to `path` (if any). Returns the last step's data loss."""
        flat, settings = self.flat, trainer.settings
        x_rows, x_columns, target_columns, all_targets, all_labels = self._batches(trainer, count)
        size = x_rows[0].shape[0]
        like = {"dtype": self.inputs.dtype, "device": self.inputs.device}
        kind = "fit" if self.fit else ("sigmoid" if self.n_outputs == 1 else "softmax") + \
            ("-ce" if settings.loss == "cross-entropy" else "-mse")
        two_over_b = torch.tensor(2.0 / size, **like)
        one_over_b = torch.tensor(1.0 / size, **like)
        logits = torch.empty(count, self.n_outputs, size, **like)
        errors = torch.empty(count, self.n_outputs, size, **like)
        z_steps, e_steps = logits.unbind(0), errors.unbind(0)
        rate = settings.reg_rate if settings.regularization != "none" else 0.0
        l1 = settings.regularization == "l1"
        param, grad, mask = flat.param.detach(), flat.grad, flat.weight_mask
        update, finish = optimizer_update(trainer.optimizer, flat)
        matrices, grads = flat.matrices, flat.grads
        last = len(matrices) - 1
        hidden = self._hidden(size)
        forward = [ACTIVATION_STEPS[name][0] for name in self.activations]
        backward = [ACTIVATION_STEPS[name][1] for name in self.activations]
        # per layer from the output down: (its gradient, its input transposed or None for the step's own
        # inputs, the weights transposed back to the layer below, that layer's backward, its outputs, gelu's input)
        layers_down = [(grads[i], hidden[i - 1][2] if i else None,
                        matrices[i][:, :-1].t() if i else None, backward[i - 1] if i else None,
                        hidden[i - 1][0] if i else None, hidden[i - 1][3] if i else None)
                       for i in range(last, -1, -1)]
        sigmoid_backward, softmax_backward = aten.sigmoid_backward.default, torch._softmax_backward_data
        gelu_backward = aten.gelu_backward.default
        for s in range(count):
            # forward: a matrix product per layer (the bias rides on the row of ones), activations in place
            a = x_columns[s]
            for i in range(last):
                outputs, block, _, gelu_input = hidden[i]
                if gelu_input is not None:
                    outputs.copy_(F.gelu(torch.mm(matrices[i], a, out=gelu_input)))
                else:
                    torch.mm(matrices[i], a, out=outputs)
                    if forward[i] is not None:
                        forward[i](outputs)
                a = block
            z = torch.mm(matrices[last], a, out=z_steps[s])  # (outputs, B): the logits, or the predicted y
            # the loss's gradient at the output (the losses themselves are taken for the whole run below)
            target = target_columns[s]
            if kind == "fit":
                delta = torch.mul(torch.sub(z, target, out=e_steps[s]), two_over_b)
            elif kind == "sigmoid-mse":
                p = torch.sigmoid(z)
                delta = sigmoid_backward(torch.sub(p, target, out=e_steps[s]), p).mul_(two_over_b)
            elif kind == "softmax-mse":
                p = torch.softmax(z, 0)
                delta = softmax_backward(torch.sub(p, target, out=e_steps[s]).mul(one_over_b), p, 0, p.dtype)
            else:  # cross-entropy: the probabilities less the targets
                p = torch.sigmoid(z) if kind == "sigmoid-ce" else torch.softmax(z, 0)
                delta = torch.sub(p, target).mul_(one_over_b)
            # backward: each layer's weight-and-bias gradient in one product, straight into the flat gradient
            for layer_grad, below, weights_back, activation_backward, outputs, gelu_input in layers_down:
                torch.mm(delta, x_rows[s] if below is None else below, out=layer_grad)
                if weights_back is not None:
                    d = torch.mm(weights_back, delta)
                    if gelu_input is not None:
                        delta = gelu_backward(d, gelu_input)
                    else:
                        delta = d if activation_backward is None else activation_backward(d, outputs)
            if rate:  # the penalty's gradient, on the weights only (L1: sign(w), sign(0) = 0, as autograd)
                grad.addcmul_(param.sign() if l1 else param, mask, value=rate)
            update()
            if path is not None:
                path.record(path_layer, trainer.step_count + s + 1)
        finish()
        losses = self._losses(kind, logits, errors, all_targets, all_labels)
        if guard is not None:
            guard.record_many(losses)
        trainer.samples_seen += count * size
        return losses[-1]

    def _losses(self, kind: str, logits: torch.Tensor, errors: torch.Tensor, targets: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """(count,) each step's data loss, as Trainer.loss_of measures it, for the whole run at once."""
        count, size = labels.shape
        if kind == "sigmoid-ce":
            return F.binary_cross_entropy_with_logits(logits[:, 0, :], targets[:, :, 0], reduction="none").mean(1)
        if kind == "softmax-ce":
            each = F.cross_entropy(logits.transpose(1, 2).reshape(count * size, -1), labels.reshape(-1),
                                   reduction="none")
            return each.view(count, size).mean(1)
        # squared error: the mean of the squared differences (two classes: the sigmoid's, counted for both classes'
        # probabilities, which is twice it, halved); several classes: half the sum over them
        return errors.square().sum((1, 2)).mul_((0.5 if kind == "softmax-mse" else 1.0) / size)

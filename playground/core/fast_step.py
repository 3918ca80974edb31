"""Fast training steps for plain networks (issue 17): the forward and backward pass written out in torch, with no
autograd graph, the optimiser's update on one flat buffer, and a whole run of steps per call with no host sync.

At the sizes a learner builds (a few layers of up to 64 neurons, batches of about 10), a step costs what torch's
machinery around the arithmetic costs: autograd's graph, module calls and per-parameter optimiser loops. So:

- `FlatParameters`: every weight layer's weight and bias are views of ONE flat parameter (and its gradient of one
  flat buffer). Layer i is a matrix (out, in + 1): its weight, then its bias as the last column. The optimiser
  (a real torch.optim one, so its state and settings are where the rest of the program reads them) has that one
  parameter; an update is a few whole-buffer operations.
- `FastStepper`: with the bias as a column, a layer's forward pass is one matrix product (the activations carry a
  row of ones) and its weight-and-bias gradient is one more. The inputs (normalised, the features computed: a
  fixed transform without parameters) are computed once for all training points. A run is one call of
  fast_kernel.train_run (TorchScript): it gathers the run's batches at once, in the Trainer's own shuffled order,
  makes the steps with the optimiser's update (torch.optim's single-tensor SGD, momentum, RMSprop and Adam with
  their defaults, written out on the optimiser's own state, so either path goes on from where the other left it),
  and measures the steps' losses for the whole run afterwards; they go to the divergence guard as one tensor: no
  host sync.

The results equal autograd's to rounding (tests/core/test_fast_step.py). Networks with dropout, the step
activation or a perceptron fall back to the autograd path in training.py.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .fast_kernel import (
    ACTIVATION_CODES,
    ADAM,
    FIT,
    GELU,
    MOMENTUM,
    RMSPROP,
    SGD,
    SIGMOID_CE,
    SIGMOID_MSE,
    SOFTMAX_CE,
    SOFTMAX_MSE,
    kernels,
)
from .network_spec import NetworkSpec
from .quick_optimizers import skip_dynamo_import

FAST_ACTIVATIONS = tuple(ACTIVATION_CODES)


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
    skip_dynamo_import()  # the first optimiser would import torch._dynamo: seconds of the start, for nothing
    params = [flat.param]
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    return torch.optim.SGD(params, lr=lr, momentum=0.9 if kind == "momentum" else 0.0)


def _optimizer_state(optimizer: torch.optim.Optimizer, flat: FlatParameters, param: torch.Tensor,
                     none: torch.Tensor) -> tuple:
    """(code, hyper, state1, state2, step, finish) for fast_kernel.train_steps: the optimiser's own state (made as
    torch.optim makes it at its first step), and `finish(step)` to keep what the run did in it. `param` is
    flat.param detached, `none` an empty tensor beside it (kept by the caller: no torch call each run)."""
    group = optimizer.param_groups[0]
    if isinstance(optimizer, torch.optim.SGD):
        hyper = [group["momentum"], group["dampening"], 0.0, 0.0, 0.0, 0.0]
        if group["momentum"] == 0:
            return SGD, hyper, none, none, 0, _nothing  # (torch's SGD keeps no state then)
        state = optimizer.state[flat.param]
        buffer = state.get("momentum_buffer")
        fresh = buffer is None  # the first step takes the gradient as it is

        def keep_buffer(step: int) -> None:
            if step:
                state["momentum_buffer"] = buffer_now
        buffer_now = torch.zeros_like(param) if fresh else buffer
        return MOMENTUM, hyper, buffer_now, none, 0 if fresh else 1, keep_buffer
    state = optimizer.state[flat.param]
    adam = isinstance(optimizer, torch.optim.Adam)
    if not state:
        state["step"] = torch.tensor(0.0, dtype=torch.float32) if adam else torch.zeros((), dtype=torch.float32)
        state["exp_avg" if adam else "square_avg"] = torch.zeros_like(param)
        if adam:
            state["exp_avg_sq"] = torch.zeros_like(param)

    def keep_step(step: int) -> None:
        state["step"].fill_(step)
    if adam:
        beta1, beta2 = group["betas"]
        return ADAM, [0.0, 0.0, 0.0, group["eps"], beta1, beta2], state["exp_avg"], state["exp_avg_sq"], \
            int(state["step"]), keep_step
    return RMSPROP, [0.0, 0.0, group["alpha"], group["eps"], 0.0, 0.0], state["square_avg"], none, \
        int(state["step"]), keep_step


def _nothing(step: int) -> None:
    pass


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
        self.activations = [ACTIVATION_CODES[name] for name in spec.activations]
        self.widths = spec.hidden
        self.flat: FlatParameters = trainer._flat
        self.weights_back = [m[:, :-1].t() for m in self.flat.matrices[1:]]  # weights without bias, transposed
        self.param = self.flat.param.detach()
        self.none = self.param.new_empty(0)
        self._hidden_cache: dict[int, list] = {}

    def _hidden(self, size: int) -> tuple:
        """For batches of `size`, per hidden layer: its outputs transposed (width, B) above a row of ones (the next
        layer's bias input), those rows alone, the whole block transposed, and room for the layer's input where the
        activation needs it (gelu); then room for the network's outputs, and 2/B and 1/B."""
        if size not in self._hidden_cache:
            like = {"dtype": self.inputs.dtype, "device": self.inputs.device}
            blocks = [torch.ones(width + 1, size, **like) for width in self.widths]
            gelu = [torch.empty(width if code == GELU else 0, size, **like)
                    for width, code in zip(self.widths, self.activations, strict=True)]
            self._hidden_cache = {size: ([b[:-1] for b in blocks], blocks, [b.t() for b in blocks], gelu,
                                         torch.empty(self.n_outputs, size, **like),
                                         torch.tensor([2.0 / size, 1.0 / size], **like))}
        return self._hidden_cache[size]  # (one batch size at a time)

    @torch.no_grad()
    def run(self, trainer, count: int, guard, path) -> bool:
        """`count` steps of `trainer` (its settings now); each step's data loss goes to `guard` (if any), the
        weights it follows after each step to `path` (if any). Returns whether the last step's data loss is a
        number.

        The run is one call (fast_kernel.train_run: it takes its batches, steps and measures the losses), so
        Python's lock is let go and taken back once a run, not at each of a dozen small torch calls: while the
        frames thread makes a frame beside the steps, every such handover could leave the steps waiting for it."""
        flat, settings = self.flat, trainer.settings
        loss = FIT if self.fit else \
            (SIGMOID_MSE if self.n_outputs == 1 else SOFTMAX_MSE) if settings.loss != "cross-entropy" else \
            (SIGMOID_CE if self.n_outputs == 1 else SOFTMAX_CE)
        size = trainer.batch_size  # (at most the training set)
        penalty = settings.reg_rate if settings.regularization != "none" else 0.0
        code, hyper, state1, state2, step, finish = _optimizer_state(trainer.optimizer, flat, self.param, self.none)
        outputs, blocks, blocks_t, gelu_inputs, z, scales = self._hidden(size)
        run = kernels().run
        settled = [flat.matrices, flat.grads, self.weights_back, outputs, blocks, blocks_t, gelu_inputs,
                   self.activations, loss, self.inputs, self.targets, self.labels]
        rest = [z, scales, self.param, flat.grad, flat.weight_mask, float(penalty),
                settings.regularization == "l1", code, float(trainer.optimizer.param_groups[0]["lr"]), hyper, state1,
                state2]
        # TorchScript's optimising executor would re-profile and re-plan the loop for every new batch size or step
        # count, a pause of up to a few hundred ms each time, and gains nothing here: the plain interpreter runs it.
        with torch.jit.optimized_execution(False):
            if path is None:
                step, losses, trainer._order, trainer._cursor, finite = run(
                    *settled, trainer._order, trainer._cursor, trainer.batch_size, trainer._shuffle, count, *rest,
                    step)
            else:  # the landscape's path: the parameters after every step
                each = []
                for s in range(count):
                    step, losses, trainer._order, trainer._cursor, finite = run(
                        *settled, trainer._order, trainer._cursor, trainer.batch_size, trainer._shuffle, 1, *rest,
                        step)
                    each.append(losses)
                    path.record(trainer.step_count + s + 1)
                losses = torch.cat(each)
        finish(step)
        if guard is not None:
            guard.record_many(losses)
        trainer.samples_seen += count * size
        return finite

"""The inner loop of the fast training steps (fast_step.py prepares its arguments): a run of optimisation steps of
a plain network, forward pass, backward pass and optimiser update, written out in torch operations.

It is compiled with TorchScript, which takes Python's cost per operation out of the loop (about twice as fast at
these sizes, where that cost is most of a step). Its source is kept here as text, so that it compiles in a bundle
that ships only bytecode (TorchScript reads a function's source); the same text also runs as plain Python (the
tests compare both with autograd), which is used wherever TorchScript fails. Keep it in the subset of Python that
TorchScript compiles: typed arguments, no closures, no global names (the codes below are numbers in it).

Layouts: layer i's weights and bias are a matrix (out, in + 1), the bias its last column; activations are
transposed, (neurons, batch), above a row of ones that carries the next layer's bias.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NamedTuple, Optional

import torch
from torch import Tensor

log = logging.getLogger("playground.training")

# activations (network_spec.ACTIVATION_NAMES the fast path computes)
LINEAR, TANH, SIGMOID, RELU, LEAKY_RELU, GELU = range(6)
ACTIVATION_CODES = {"linear": LINEAR, "tanh": TANH, "sigmoid": SIGMOID, "relu": RELU, "leaky-relu": LEAKY_RELU,
                    "gelu": GELU}
# the output and its loss
FIT, SIGMOID_MSE, SOFTMAX_MSE, SIGMOID_CE, SOFTMAX_CE = range(5)
# optimisers
SGD, MOMENTUM, RMSPROP, ADAM = range(4)


# train_steps: len(x_rows) steps.
# Per layer: `matrices` its weights, `grads` their gradient, `weights_back` the weights transposed without the bias
# (the way back to the layer below). Per hidden layer: `blocks` (width + 1, B) its outputs above a row of ones,
# `outputs` their first `width` rows, `blocks_t` them transposed, `gelu_inputs` room for its input (gelu only).
# Per step (lists): `x_rows` (B, inputs + 1) its inputs with a 1 for the bias, `targets` (outputs, B), and
# `records` (outputs, B) to receive what its loss is computed from afterwards: the outputs less the targets
# (squared error), or the outputs (cross-entropy); `z` (outputs, B) room for the outputs otherwise.
# scales: 2/B and 1/B. The flat `param` is trained from the
# flat `grad` that `grads` are views of; `mask` is 1 on weights, 0 on biases, for the L1/L2 `penalty`. `hyper`:
# momentum, dampening, RMSprop's alpha, eps, Adam's beta1, beta2; state1, state2 the optimiser's buffers
# (momentum; square_avg; exp_avg, exp_avg_sq); `step` its step count before (momentum: 0 for a fresh buffer).
# Returns the step count after.
# train_run: `count` steps as one call, the batches taken here (next_batches) from the training set's `inputs`
# (n, inputs + 1), `targets` (n, outputs) and `labels` (n,), in the Trainer's shuffled `order` from `cursor`
# (batches of `size`; the whole set when size >= n). Returns the step count after, each step's data loss
# (count,) as Trainer.loss_of measures it, the order and cursor after the run, and whether the last loss is a
# number. One call: Python's lock is let go once for the whole run, not at a dozen small torch calls around it.
SOURCE = """
def train_steps(matrices: List[Tensor], grads: List[Tensor], weights_back: List[Tensor], outputs: List[Tensor],
                blocks: List[Tensor], blocks_t: List[Tensor], gelu_inputs: List[Tensor], activations: List[int],
                loss: int, x_rows: List[Tensor], targets: List[Tensor], records: List[Tensor], z: Tensor,
                scales: Tensor, param: Tensor, grad: Tensor, mask: Tensor, penalty: float, l1: bool, optimizer: int,
                lr: float, hyper: List[float], state1: Tensor, state2: Tensor, step: int) -> int:
    last = len(matrices) - 1
    two_over_b, one_over_b = scales[0], scales[1]
    momentum, dampening, alpha, eps, beta1, beta2 = hyper[0], hyper[1], hyper[2], hyper[3], hyper[4], hyper[5]
    for s in range(len(x_rows)):
        x = x_rows[s]
        # forward: a matrix product per layer (the bias rides on the row of ones), the activation in place
        a = x.t()
        for i in range(last):
            out = outputs[i]
            kind = activations[i]
            if kind == 5:  # gelu
                out.copy_(torch.ops.aten.gelu(torch.mm(matrices[i], a, out=gelu_inputs[i])))
            else:
                torch.mm(matrices[i], a, out=out)
                if kind == 1:  # tanh
                    out.tanh_()
                elif kind == 2:  # sigmoid
                    out.sigmoid_()
                elif kind == 3:  # relu
                    out.relu_()
                elif kind == 4:  # leaky relu
                    torch.ops.aten.leaky_relu_(out, 0.1)
            a = blocks[i]
        y = records[s] if loss >= 3 else z  # cross-entropy: its loss is taken from the outputs
        torch.mm(matrices[last], a, out=y)
        # the loss's gradient at the output
        target = targets[s]
        if loss == 0:  # fit
            delta = torch.mul(torch.sub(y, target, out=records[s]), two_over_b)
        elif loss == 1:  # sigmoid mse
            p = torch.sigmoid(y)
            ep = torch.mul(torch.sub(p, target, out=records[s]), p)  # times 1 - p: the sigmoid's slope
            delta = torch.addcmul(ep, ep, p, value=-1.0).mul_(two_over_b)  # (torch's sigmoid_backward is slower)
        elif loss == 2:  # softmax mse
            p = torch.softmax(y, 0)
            g = torch.sub(p, target, out=records[s]).mul(one_over_b)
            delta = torch._softmax_backward_data(g, p, 0, p.dtype)
        elif loss == 3:  # sigmoid ce
            delta = torch.sub(torch.sigmoid(y), target).mul_(one_over_b)
        else:
            delta = torch.sub(torch.softmax(y, 0), target).mul_(one_over_b)
        # backward: each layer's weight-and-bias gradient in one product, straight into the flat gradient
        for j in range(last + 1):
            i = last - j
            if i == 0:
                torch.mm(delta, x, out=grads[0])
            else:
                torch.mm(delta, blocks_t[i - 1], out=grads[i])
                d = torch.mm(weights_back[i - 1], delta)
                kind = activations[i - 1]
                h = outputs[i - 1]
                if kind == 1:  # tanh
                    delta = torch.ops.aten.tanh_backward(d, h)
                elif kind == 2:  # sigmoid
                    delta = torch.ops.aten.sigmoid_backward(d, h)
                elif kind == 3:  # relu
                    delta = torch.ops.aten.threshold_backward(d, h, 0)
                elif kind == 4:  # leaky relu: the output's sign is the input's, all this looks at
                    delta = torch.ops.aten.leaky_relu_backward(d, h, 0.1, True)
                elif kind == 5:  # gelu
                    delta = torch.ops.aten.gelu_backward(d, gelu_inputs[i - 1])
                else:
                    delta = d
        if penalty != 0.0:  # on the weights only; L1's slope sign(w), sign(0) = 0, as autograd's
            grad.addcmul_(torch.sign(param) if l1 else param, mask, value=penalty)
        # the update, as torch.optim's single-tensor code makes it
        step += 1
        if optimizer == 0:  # sgd
            param.add_(grad, alpha=-lr)
        elif optimizer == 1:  # momentum
            if step == 1:
                state1.copy_(grad)
            else:
                state1.mul_(momentum).add_(grad, alpha=1 - dampening)
            param.add_(state1, alpha=-lr)
        elif optimizer == 2:  # rmsprop
            state1.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
            param.addcdiv_(grad, state1.sqrt().add_(eps), value=-lr)
        else:
            state1.lerp_(grad, 1 - beta1)
            state2.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            step_size = lr / (1 - beta1 ** float(step))
            denom = (state2.sqrt() / (1 - beta2 ** float(step)) ** 0.5).add_(eps)
            param.addcdiv_(state1, denom, value=-step_size)
    return step


def next_batches(order: Optional[Tensor], cursor: int, n: int, size: int, count: int,
                 shuffle: Optional[Generator], device: Device) -> Tuple[Tensor, Tensor, int]:
    # The training points of the next `count` batches of `size` (size < n), (count * size,), taken from the
    # shuffled `order` at `cursor` exactly as Trainer._next_batch takes them one by one (a new order, randperm from
    # `shuffle`, whenever fewer than `size` points are left); and the order and cursor after them.
    now = order if order is not None else torch.empty(0, dtype=torch.long, device=device)
    fresh = order is None
    parts: List[Tensor] = []
    left = count
    while left > 0:
        if fresh or cursor + size > n:
            now = torch.randperm(n, generator=shuffle).to(device)
            cursor = 0
            fresh = False
        take = min(left, (n - cursor) // size)
        parts.append(now[cursor:cursor + take * size])
        cursor += take * size
        left -= take
    return (parts[0] if len(parts) == 1 else torch.cat(parts)), now, cursor


def train_run(matrices: List[Tensor], grads: List[Tensor], weights_back: List[Tensor], outputs: List[Tensor],
              blocks: List[Tensor], blocks_t: List[Tensor], gelu_inputs: List[Tensor], activations: List[int],
              loss: int, inputs: Tensor, targets: Tensor, labels: Tensor, order: Optional[Tensor], cursor: int,
              size: int, shuffle: Optional[Generator], count: int, z: Tensor, scales: Tensor, param: Tensor,
              grad: Tensor, mask: Tensor, penalty: float, l1: bool, optimizer: int, lr: float, hyper: List[float],
              state1: Tensor, state2: Tensor, step: int) -> Tuple[int, Tensor, Optional[Tensor], int, bool]:
    n = inputs.shape[0]
    if size >= n:  # every batch the whole training set
        size = n
        x = inputs.expand(count, n, -1)
        t = targets.expand(count, n, -1)
        y = labels.expand(count, n)
    else:
        index, now, cursor = next_batches(order, cursor, n, size, count, shuffle, inputs.device)
        order = now
        x = inputs.index_select(0, index).view(count, size, -1)
        t = targets.index_select(0, index).view(count, size, -1)
        y = labels.index_select(0, index).view(count, size)
    records = torch.empty([count, z.shape[0], size], dtype=z.dtype, device=z.device)
    step = train_steps(matrices, grads, weights_back, outputs, blocks, blocks_t, gelu_inputs, activations, loss,
                       x.unbind(0), t.transpose(1, 2).unbind(0), records.unbind(0), z, scales, param, grad, mask,
                       penalty, l1, optimizer, lr, hyper, state1, state2, step)
    # each step's data loss, as Trainer.loss_of measures it
    if loss == 3:  # sigmoid ce
        losses = torch.binary_cross_entropy_with_logits(records[:, 0, :], t[:, :, 0], None, None, 0).mean(1)
    elif loss == 4:  # softmax ce
        each = torch.ops.aten.cross_entropy_loss(records.transpose(1, 2).reshape(count * size, -1), y.reshape(-1),
                                                 None, 0, -100, 0.0)
        losses = each.view(count, size).mean(1)
    else:  # squared error: the mean of the squared differences (two classes: the sigmoid's, counted for both
        # classes' probabilities, which is twice it, halved); several classes: half the sum over them
        losses = records.square().sum([1, 2]).mul_((0.5 if loss == 2 else 1.0) / size)
    return step, losses, order, cursor, bool(torch.isfinite(losses[-1]))


def check_values(losses: List[Tensor], params: List[Tensor]) -> Tuple[Tensor, List[float]]:
    # For the divergence guard's check: the parameters as one flat copy, and as numbers every loss given, then the
    # largest weight's size (one host sync for all).
    flat = torch.cat([p.detach().reshape(-1) for p in params])
    parts = [loss.reshape(-1) for loss in losses]
    parts.append(flat.abs().amax().reshape(1))
    values: List[float] = torch.cat(parts).tolist()
    return flat, values
"""


class Kernels(NamedTuple):
    """SOURCE's functions called from outside it: train_run (a run of steps, in one call), next_batches (how it
    takes its batches) and check_values (the divergence guard's numbers, in one call)."""
    run: Callable
    next_batches: Callable
    check_values: Callable


def _python() -> Kernels:
    namespace = {"torch": torch, "Tensor": Tensor, "List": list, "Tuple": tuple, "Optional": Optional,
                 "Generator": torch.Generator, "Device": torch.device}
    exec(compile(SOURCE, "<fast_kernel.SOURCE>", "exec"), namespace)
    return Kernels(namespace["train_run"], namespace["next_batches"], namespace["check_values"])


python_kernels = _python()
_compiled: list[Kernels] = []


def kernels() -> Kernels:
    """SOURCE compiled by TorchScript (once), or where that fails the same as plain Python."""
    if not _compiled:
        try:
            unit = torch.jit.CompilationUnit(SOURCE)
            _compiled.append(Kernels(unit.train_run, unit.next_batches, unit.check_values))
        except Exception as error:  # plain Python gives the same results, a little slower
            log.info("fast training steps run as plain Python (%s)", str(error).strip().splitlines()[0] if
                     str(error).strip() else type(error).__name__)
            _compiled.append(python_kernels)
    return _compiled[0]

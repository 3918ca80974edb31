"""torch's optimisers without torch._dynamo: the first optimiser made in a process used to cost 1-2 seconds of the
start (the training process's "ready" waited on it), for nothing this program uses.

torch wraps a few of `torch.optim.Optimizer`'s methods (add_param_group, which every new optimiser calls,
state_dict, load_state_dict, zero_grad) in `torch._compile._disable_dynamo`: at the first call the wrapper imports
torch._dynamo (the compiler behind torch.compile: a thousand modules) to mark the method as one the compiler must
not trace, and keeps the marked method on the wrapped function as `__dynamo_disable`. This program never compiles
with torch.compile, so the method itself is what the mark would call: giving each wrapped method itself as its
mark skips the import and changes nothing else.

Each optimiser's step() (the networks that train through autograd take it: dropout, step units, a perceptron) is
wrapped in `_use_grad_for_differentiable`, which imports torch._dynamo at every call to put a graph break (for
torch.compile only: outside it a graph break does nothing) around the step, run with gradients on or off as the
optimiser's `differentiable` default says. Each is given the same wrapper without the graph breaks.

Where a later torch wraps its methods differently, nothing is changed here, and a test
(tests/core/test_quick_optimizers.py) says the import came back."""

from __future__ import annotations

import functools

import torch

_MARK = "__dynamo_disable"  # where torch._compile._disable_dynamo keeps the marked method on the wrapped one
_WRAPPER = "_disable_dynamo.<locals>.inner"
_STEP_WRAPPER = "_use_grad_for_differentiable.<locals>._use_grad"
_done = False


def skip_dynamo_import() -> int:
    """Mark torch.optim.Optimizer's wrapped methods as their own (once); how many were marked."""
    global _done
    if _done:
        return 0
    _done = True
    marked = 0
    for method in vars(torch.optim.Optimizer).values():
        wrapped = getattr(method, "__wrapped__", None)
        code = getattr(method, "__code__", None)
        if wrapped is not None and code is not None and code.co_qualname == _WRAPPER \
                and getattr(wrapped, _MARK, None) is None:
            setattr(wrapped, _MARK, wrapped)
            marked += 1
    for kind in _optimiser_classes():
        step = vars(kind).get("step")
        code = getattr(step, "__code__", None)
        if code is not None and code.co_qualname == _STEP_WRAPPER and hasattr(step, "__wrapped__"):
            kind.step = _with_grad_mode(step.__wrapped__)
            marked += 1
    return marked


def _optimiser_classes() -> list[type]:
    found, waiting = [], [torch.optim.Optimizer]
    while waiting:
        kind = waiting.pop()
        found.append(kind)
        waiting.extend(kind.__subclasses__())
    return found


def _with_grad_mode(step):
    """torch's _use_grad_for_differentiable(step) without its graph breaks: the step runs with gradients on only for
    a differentiable optimiser, and the mode before it comes back after it."""

    @functools.wraps(step)
    def _use_grad(*args, **kwargs):
        optimiser = args[0]
        before = torch.is_grad_enabled()
        try:
            torch.set_grad_enabled(optimiser.defaults["differentiable"])
            return step(*args, **kwargs)
        finally:
            torch.set_grad_enabled(before)

    return _use_grad

"""torch's optimisers without torch._dynamo: the first optimiser made in a process used to cost 1-2 seconds of the
start (the training process's "ready" waited on it), for nothing this program uses.

torch wraps a few of `torch.optim.Optimizer`'s methods (add_param_group, which every new optimiser calls,
state_dict, load_state_dict, zero_grad) in `torch._compile._disable_dynamo`: at the first call the wrapper imports
torch._dynamo (the compiler behind torch.compile: a thousand modules) to mark the method as one the compiler must
not trace, and keeps the marked method on the wrapped function as `__dynamo_disable`. This program never compiles
with torch.compile, so the method itself is what the mark would call: giving each wrapped method itself as its
mark skips the import and changes nothing else. Where a later torch wraps its methods differently, nothing is
changed here, and a test (tests/core/test_quick_optimizers.py) says the import came back."""

from __future__ import annotations

import torch

_MARK = "__dynamo_disable"  # where torch._compile._disable_dynamo keeps the marked method on the wrapped one
_WRAPPER = "_disable_dynamo.<locals>.inner"
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
    return marked

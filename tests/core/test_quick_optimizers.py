"""Training a plain network never imports torch._dynamo (torch.compile's machinery): the first optimiser made in a
process used to import it, a second or two of the training process's start, before its first frame. (torch.optim's
own step() still imports it: networks that train through autograd, with dropout, step units or a perceptron, pay
it at their first step.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import torch

from playground.core.quick_optimizers import skip_dynamo_import

# Each optimiser and loss trains a plain network (the fast path), its state goes out and back in,
# the landscape's comparison races its optimisers, a snapshot is made; then: was torch._dynamo imported?
_SESSION = textwrap.dedent("""
    import sys
    from playground.core.network_spec import NetworkSpec
    from playground.core.presets import PresetSpec
    from playground.core.scenario import Scenario
    from playground.core.training import Trainer
    from playground.core.training_settings import TrainingSettings
    from playground.core.optimizer_race import race

    scenario = Scenario(PresetSpec("two-curves", points=120))
    data = scenario.dataset()
    for hidden in ((4, 2), (6,)):
        for optimizer in ("sgd", "momentum", "rmsprop", "adam"):
            for loss in ("cross-entropy", "mse"):
                spec = NetworkSpec(hidden, "tanh")
                trainer = Trainer(data, spec, TrainingSettings(optimizer, 0.03, batch_size=10, loss=loss))
                trainer.step(25)
                trainer.optimizer.load_state_dict(trainer.optimizer.state_dict())
                trainer.optimizer.zero_grad()
                trainer.snapshot()
            race(trainer, ("sgd", "adam"), 20)
    print("dynamo" if "torch._dynamo" in sys.modules else "no dynamo")
""")


def test_a_training_session_never_imports_torch_dynamo():
    done = subprocess.run([sys.executable, "-c", _SESSION], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "no dynamo"


def test_the_marked_methods_are_the_methods_themselves():
    skip_dynamo_import()
    for name in ("add_param_group", "state_dict", "load_state_dict", "zero_grad"):
        method = getattr(torch.optim.Optimizer, name)
        wrapped = getattr(method, "__wrapped__", method)
        assert getattr(wrapped, "__dynamo_disable", wrapped) is wrapped
    # ... and they still work as torch's: an SGD step moves a weight by lr times its gradient.
    weight = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
    optimizer = torch.optim.SGD([weight], lr=0.5)
    weight.grad = torch.tensor([0.2, -0.4])
    optimizer.step()
    torch.testing.assert_close(weight.detach(), torch.tensor([0.9, -1.8]))
    optimizer.zero_grad()
    assert weight.grad is None

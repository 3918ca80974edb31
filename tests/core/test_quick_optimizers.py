"""Training never imports torch._dynamo (torch.compile's machinery): the first optimiser made in a process used to
import it, a second or two of the training process's start, before its first frame; and torch.optim's own step(),
which networks that train through autograd take (dropout, step units, a perceptron), imported it at their first
step, a second or two of a frozen first frame."""

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
    for spec in (NetworkSpec((6,), "relu", dropout=0.2), NetworkSpec((), "step")):  # autograd's steps
        for optimizer in ("sgd", "momentum", "rmsprop", "adam"):
            trainer = Trainer(data, spec, TrainingSettings(optimizer, 0.03, batch_size=10))
            trainer.step(25)
            trainer.snapshot()
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


def test_the_optimisers_steps_still_follow_their_rule_and_the_grad_mode():
    skip_dynamo_import()
    # Adam's first step moves each weight by lr against the sign of its gradient (m/sqrt(v) = g/|g|).
    weight = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
    optimizer = torch.optim.Adam([weight], lr=0.1)
    weight.grad = torch.tensor([0.5, -3.0])
    with torch.enable_grad():
        optimizer.step()
        assert torch.is_grad_enabled()  # the mode before the step, back after it
    torch.testing.assert_close(weight.detach(), torch.tensor([0.9, -1.9]))
    assert not weight.requires_grad or weight.grad_fn is None  # the update itself was not recorded
    # A step given a closure returns its loss (as torch's does).
    assert torch.optim.SGD([weight], lr=0.1).step(lambda: torch.tensor(2.5)) == torch.tensor(2.5)

"""The fast training step (fast_step.py) against autograd's: the same seed gives the same weights after many steps,
for every optimiser, loss, activation, penalty, class count and curve fitting; networks it cannot compute fall back
to autograd; the TensorFlow Playground's workload does take the fast path."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.overrides import TorchFunctionMode

from playground.bench_suite import tfp_scenario
from playground.core import fast_kernel, fast_step
from playground.core.dataset import Dataset
from playground.core.divergence import CHECK_STEPS, DivergenceGuard
from playground.core.fast_step import FAST_ACTIVATIONS, fast_path_allowed
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings

STEPS = 120
RTOL = 1e-5


@pytest.fixture(params=["torchscript", "python"])
def engine(request, monkeypatch) -> str:
    """The fast steps' inner loop compiled by TorchScript (as the app runs it), or as plain Python (its fallback)."""
    if request.param == "python":
        monkeypatch.setattr(fast_step, "kernels", lambda: fast_kernel.python_kernels)
    return request.param


@pytest.fixture(scope="module")
def spiral() -> Dataset:
    return generate(PresetSpec("spiral", points=300, noise=0.1))


@pytest.fixture(scope="module")
def three() -> Dataset:
    rng = np.random.default_rng(0)
    centres = np.array([[-3.0, -3.0], [3.0, -3.0], [0.0, 3.0]])
    labels = np.arange(240) % 3
    points = centres[labels] + rng.normal(0.0, 1.5, size=(240, 2))
    return Dataset.create(points, labels, test_ratio=0.5, seed=0, domain=(-6.0, 6.0, -6.0, 6.0))


@pytest.fixture(scope="module")
def wave() -> Dataset:
    return generate(PresetSpec("wave", points=60))


def pair(dataset: Dataset, spec: NetworkSpec, settings: TrainingSettings,
         follow_policy: bool = True) -> tuple[Trainer, Trainer]:
    """A trainer on the fast path and one on autograd's, the same in all else (`follow_policy`: False keeps a
    small network on the GPU chosen, which the device policy would train on the CPU)."""
    fast, slow = (Trainer(dataset, spec, settings, follow_policy=follow_policy) for _ in range(2))
    slow.use_fast_path = False
    return fast, slow


def assert_same_weights(fast: Trainer, slow: Trainer) -> None:
    for (wf, bf), (ws, bs) in zip(fast.weights(), slow.weights(), strict=True):
        scale = max(np.abs(ws).max(), np.abs(bs).max(), 1e-3)
        assert np.allclose(wf, ws, rtol=RTOL, atol=RTOL * scale), np.abs(wf - ws).max()
        assert np.allclose(bf, bs, rtol=RTOL, atol=RTOL * scale), np.abs(bf - bs).max()


def train_both(fast: Trainer, slow: Trainer, steps: int = STEPS) -> None:
    assert fast.step(steps) == slow.step(steps) == steps
    assert fast.fast_steps == steps and slow.fast_steps == 0
    assert not fast.diverged and not slow.diverged
    assert_same_weights(fast, slow)
    assert fast.weights()[0][0].tolist() != Trainer(fast.dataset, fast.spec, fast.settings).weights()[0][0].tolist()


SETTINGS = dict(learning_rate=0.03, batch_size=10, device="cpu")


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "rmsprop", "adam"])
@pytest.mark.parametrize("loss", ["mse", "cross-entropy"])
def test_each_optimizer_and_loss_gives_autograds_weights(spiral, optimizer, loss, engine):
    settings = TrainingSettings(optimizer, 0.01 if optimizer in ("rmsprop", "adam") else 0.03, batch_size=10,
                                loss=loss, device="cpu")
    train_both(*pair(spiral, NetworkSpec((6, 4), "tanh"), settings))


@pytest.mark.parametrize("activation", FAST_ACTIVATIONS)
def test_each_activation_gives_autograds_weights(spiral, activation, engine):
    fast, slow = pair(spiral, NetworkSpec((5, 3), activation), TrainingSettings("momentum", **SETTINGS))
    train_both(fast, slow)


def test_a_different_activation_per_layer(spiral):
    spec = NetworkSpec((5, 4, 3, 3, 2), ("relu", "gelu", "sigmoid", "leaky-relu", "linear"))
    train_both(*pair(spiral, spec, TrainingSettings("adam", 0.01, batch_size=7, device="cpu")))


@pytest.mark.parametrize("regularization", ["l1", "l2"])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_the_penalty_gives_autograds_weights(spiral, regularization, optimizer, engine):
    settings = TrainingSettings(optimizer, 0.03, batch_size=10, regularization=regularization, reg_rate=0.01,
                                device="cpu")
    train_both(*pair(spiral, NetworkSpec((4, 3), "tanh"), settings))


def test_l1_leaves_a_zero_weight_as_autograd_does(spiral):
    """sign(0) = 0: weights at exactly 0 that the data gives no slope stay 0. With the hidden layer's weights and
    biases 0, its relu outputs 0, so neither its weights nor the output's (all 0) have a slope from the data."""
    settings = TrainingSettings("sgd", 0.03, batch_size=10, regularization="l1", reg_rate=0.01, device="cpu")
    fast, slow = pair(spiral, NetworkSpec((3,), "relu"), settings)
    weights = [[np.array(part) for part in layer] for layer in fast.weights()]
    weights[0][0][:], weights[0][1][:], weights[1][0][:] = 0.0, 0.0, 0.0
    for trainer in (fast, slow):
        trainer.load_weights(weights)
        assert trainer.step(30) == 30
    assert fast.fast_steps == 30
    assert_same_weights(fast, slow)
    (w1, b1), (w2, b2) = fast.weights()
    assert not w1.any() and not b1.any() and not w2.any()
    assert b2[0] != weights[1][1][0]  # the output's bias did learn


@pytest.mark.parametrize("loss", ["mse", "cross-entropy"])
@pytest.mark.parametrize("optimizer", ["sgd", "rmsprop"])
def test_three_classes_give_autograds_weights(three, loss, optimizer, engine):
    settings = TrainingSettings(optimizer, 0.01, batch_size=16, loss=loss, regularization="l2", reg_rate=0.001,
                                device="cpu")
    train_both(*pair(three, NetworkSpec((6,), "tanh"), settings))


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_curve_fitting_gives_autograds_weights(wave, optimizer, engine):
    spec = NetworkSpec((8, 8), "tanh", features=("x1", "sinx1"))
    train_both(*pair(wave, spec, TrainingSettings(optimizer, 0.01, batch_size=5, device="cpu")))


def test_a_single_neuron_fitting_a_line(wave):
    train_both(*pair(wave, NetworkSpec((), "tanh"), TrainingSettings("sgd", 0.05, batch_size=0, device="cpu")))


def test_features_and_the_whole_batch(spiral):
    spec = NetworkSpec((4,), "tanh", features=("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"))
    train_both(*pair(spiral, spec, TrainingSettings("adam", 0.01, batch_size=0, device="cpu")))


def test_a_batch_size_that_does_not_divide_the_points(spiral):
    """The last short piece of each epoch is left out, as autograd's path takes its batches."""
    fast, slow = pair(spiral, NetworkSpec((4,), "tanh"), TrainingSettings("sgd", 0.03, batch_size=40, device="cpu"))
    train_both(fast, slow, 37)
    assert fast.samples_seen == slow.samples_seen == 37 * 40
    assert fast._cursor == slow._cursor and torch.equal(fast._order, slow._order)


@pytest.mark.parametrize("engine", [fast_kernel.python_kernels, None])
def test_the_batches_are_autograds_batches(spiral, engine):
    """next_batches takes a run's batches at once exactly as _next_batch takes them one by one (TorchScript's and
    plain Python's), and leaves the order and the cursor where _next_batch leaves them."""
    settings = TrainingSettings("sgd", 0.03, batch_size=33, device="cpu")
    fast, slow = Trainer(spiral, NetworkSpec(), settings), Trainer(spiral, NetworkSpec(), settings)
    take = (engine or fast_kernel.kernels()).next_batches
    order, cursor = None, 0
    for count in (1, 3, 11, 25):
        batches, order, cursor = take(order, cursor, fast.n_train, 33, count, fast._shuffle, fast.device)
        expected = []
        for _ in range(count):
            x, _ = slow._next_batch()
            expected.append(x)
        assert torch.equal(fast._x_train[batches].view(count, 33, -1), torch.stack(expected))
        assert cursor == slow._cursor and torch.equal(order, slow._order)


def test_switching_paths_keeps_the_optimisers_state(spiral):
    """Adam's moments and step count carry over between the two paths (a network changes path only with a
    rebuild today, but the state lives in one place either way)."""
    settings = TrainingSettings("adam", 0.01, batch_size=10, device="cpu")
    mixed, slow = pair(spiral, NetworkSpec((5,), "tanh"), settings)
    for use_fast in (True, False, True, False):
        mixed.use_fast_path = use_fast
        assert mixed.step(20) == slow.step(20) == 20
    assert mixed.fast_steps == 40
    assert int(mixed.optimizer.state[mixed._flat.param]["step"]) == 80
    assert_same_weights(mixed, slow)


def test_a_new_learning_rate_is_used_by_the_fast_path(spiral):
    settings = TrainingSettings("momentum", 0.03, batch_size=10, device="cpu")
    fast, slow = pair(spiral, NetworkSpec((4,), "tanh"), settings)
    for trainer in (fast, slow):
        trainer.step(10)
        optimizer = trainer.optimizer
        trainer.set_settings(trainer.with_settings(learning_rate=0.1))
        assert trainer.optimizer is optimizer  # the momentum is kept
        trainer.step(10)
    assert_same_weights(fast, slow)


@pytest.mark.parametrize("spec", [NetworkSpec((4,), "tanh", dropout=0.2), NetworkSpec((4,), "step"),
                                  NetworkSpec((), "step"), NetworkSpec((4, 4), ("tanh", "step"))])
def test_networks_it_cannot_compute_fall_back_to_autograd(spiral, spec):
    assert not fast_path_allowed(spec)
    trainer = Trainer(spiral, spec, TrainingSettings("sgd", 0.03, batch_size=10, device="cpu"))
    assert trainer.step(20) == 20
    assert trainer.fast_steps == 0


def test_the_fallback_still_trains_through_the_flat_parameters(spiral):
    spec = NetworkSpec((6,), "tanh", dropout=0.1)
    trainer = Trainer(spiral, spec, TrainingSettings("adam", 0.01, batch_size=10, device="cpu"))
    before = trainer.weights()
    trainer.step(30)
    assert trainer.fast_steps == 0
    assert all(not np.array_equal(a[0], b[0]) for a, b in zip(before, trainer.weights(), strict=True))
    assert int(trainer.optimizer.state[trainer._flat.param]["step"]) == 30


def test_the_inner_loop_compiles_with_torchscript():
    """From its source text, so a bundle without the .py files compiles it too."""
    fast_kernel._compiled.clear()
    assert all(isinstance(function, torch.jit.ScriptFunction) for function in fast_kernel.kernels())


def test_the_tensorflow_playground_workload_takes_the_fast_path():
    for hidden in ((4, 2), (8,) * 6):
        scenario = tfp_scenario(hidden)
        trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
        assert trainer.step(100) == 100
        assert trainer.fast_steps == 100


def test_the_layers_parameters_are_views_of_the_flat_buffer(spiral):
    """What reads or writes a layer's parameters (typed weights, loaded weights, the divergence guard's roll-back)
    reads and writes what the fast path trains."""
    trainer = Trainer(spiral, NetworkSpec((3,), "tanh"), TrainingSettings("sgd", 0.03, batch_size=10, device="cpu"))
    layer = trainer.linear_layers()[1]
    with torch.no_grad():
        layer.weight[0, 2] = 5.0
        layer.bias[0] = -2.0
    matrix = trainer._flat.matrices[1]
    assert matrix[0, 2] == 5.0 and matrix[0, 3] == -2.0
    trainer._flat.param.data[-1] = 7.0
    assert layer.bias[0] == 7.0
    trainer.step(5)
    assert torch.equal(layer.weight.detach(), matrix[:, :-1]) and torch.equal(layer.bias.detach(), matrix[:, -1])


def test_the_guard_gets_every_steps_loss(spiral, three):
    """The losses the fast path hands the divergence guard are the steps' data losses as loss_of measures them."""
    settings = TrainingSettings("sgd", 0.03, batch_size=10, device="cpu")
    for loss in ("mse", "cross-entropy"):
        for dataset, spec in ((spiral, NetworkSpec((4,), "tanh")), (three, NetworkSpec((4,), "tanh"))):
            fast, slow = pair(dataset, spec, settings)
            fast.set_settings(fast.with_settings(loss=loss))
            slow.set_settings(slow.with_settings(loss=loss))
            guards = []
            for trainer in (fast, slow):
                guard = DivergenceGuard()
                guard.begin(list(trainer.model.parameters()), 1.0, 1.0)
                trainer._train(12, guard)
                guards.append(torch.cat([value.reshape(-1) for value in guard._losses]))
            assert len(guards[0]) == len(guards[1]) == 12
            assert torch.allclose(guards[0], guards[1], rtol=1e-5)


def test_the_guard_rolls_back_a_fast_run_that_blows_up(spiral):
    settings = TrainingSettings("sgd", 10.0, batch_size=10, device="cpu")
    trainer = Trainer(spiral, NetworkSpec((8, 8), "relu"), settings)
    trainer.step(400)
    assert trainer.diverged and trainer.fast_steps > 0
    assert all(np.isfinite(w).all() and np.isfinite(b).all() for w, b in trainer.weights())


def test_a_device_change_rebinds_the_flat_parameters(spiral, monkeypatch):
    """A device change moves the model (which breaks the views) and binds the layers to a new flat buffer on the
    new device: the fast path goes on training what the layers hold. (Here the 'new' device is the CPU again.)"""
    from playground.core import training

    trainer = Trainer(spiral, NetworkSpec((4,), "tanh"), TrainingSettings("sgd", 0.03, batch_size=10, device="cpu"))
    trainer.step(10)
    old_flat, weights = trainer._flat, trainer.weights()
    monkeypatch.setattr(training, "usable_device", lambda name: (torch.device("cpu"), ""))
    trainer.device = torch.device("meta")  # pretend it was elsewhere, so the settings move it
    trainer.set_settings(trainer.with_settings(learning_rate=0.05))
    assert trainer._flat is not old_flat
    assert all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
               for a, b in zip(weights, trainer.weights(), strict=True))
    trainer.step(10)
    assert trainer.fast_steps == 20
    layer = trainer.linear_layers()[0]
    assert layer.weight.data_ptr() == trainer._flat.param.data_ptr()


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "rmsprop", "adam"])
def test_on_cuda_the_fast_path_gives_autograds_weights(spiral, optimizer):
    settings = TrainingSettings(optimizer, 0.01, batch_size=10, regularization="l2", reg_rate=0.001, device="cuda")
    fast, slow = pair(spiral, NetworkSpec((6, 4), "tanh"), settings, follow_policy=False)
    assert fast.device.type == "cuda" and slow.device.type == "cuda"
    train_both(fast, slow)


class TorchCalls(TorchFunctionMode):
    """The torch functions called from Python while it is on (not those inside a TorchScript function)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.names.append(getattr(func, "__name__", str(func)))
        return func(*args, **(kwargs or {}))


def test_a_fast_run_and_its_check_make_no_torch_operation_from_python():
    """A run of steps (batches, steps, losses) and the divergence guard's check are one TorchScript call each: the
    steps' thread lets Python's lock go there alone, not at a dozen small torch calls around them, where the frames
    thread beside it would take the lock and keep the steps waiting. A torch operation put back in Python shows
    here (only Tensor.__len__ and autograd's switch are allowed: they let go of nothing)."""
    scenario = tfp_scenario((8,) * 6)
    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    trainer.step(30)
    checks = []
    check = trainer._guard.check
    trainer._guard.check = lambda batch_size: checks.append(batch_size) or check(batch_size)
    with TorchCalls() as calls:
        long = 2 * CHECK_STEPS + 50  # (three runs, each followed by a check)
        for count in (75, 3, long):  # (a new epoch's order within each)
            assert trainer.step(count) == count
    assert trainer.fast_steps == 30 + 78 + long and len(checks) >= 4
    assert set(calls.names) <= {"__len__", "_set_grad_enabled"}, sorted(set(calls.names))

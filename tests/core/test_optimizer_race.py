"""Optimisers side by side (core/optimizer_race.py): every run starts from the trainer's weights, takes the same
batches, and records the weights and objective the optimiser really reaches; the trainer itself is untouched."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.core.network import NetworkSpec
from playground.core.optimizer_race import race
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingError, TrainingSettings


@pytest.fixture
def trainer():
    t = Trainer(generate(PresetSpec("xor", points=60)), NetworkSpec((4,), "tanh"),
                TrainingSettings("adam", 0.1, batch_size=0, regularization="l2", reg_rate=0.001, device="cpu"))
    t.step(5)
    return t


def flat(t: Trainer) -> np.ndarray:
    return np.concatenate([p.detach().double().reshape(-1).numpy() for p in t.model.parameters()])


def objective_gradient(t: Trainer, weights: np.ndarray) -> np.ndarray:
    """Autograd's gradient of the training loss plus penalty at these weights (on a copy)."""
    copy = Trainer(t.dataset, t.spec, t.settings)
    start = 0
    with torch.no_grad():
        for p in copy.model.parameters():
            p.copy_(torch.as_tensor(weights[start:start + p.numel()].reshape(p.shape)))
            start += p.numel()
    copy.model.zero_grad()
    (copy.loss_of(copy.model(copy._x_train), copy._y_train) + copy.penalty()).backward()
    return np.concatenate([p.grad.double().reshape(-1).numpy() for p in copy.model.parameters()])


def test_every_run_starts_from_the_trainers_weights_and_leaves_it_alone(trainer):
    before, step = flat(trainer), trainer.step_count
    runs = race(trainer, ("sgd", "momentum", "rmsprop", "adam"), 30)
    for run in runs.values():
        np.testing.assert_array_equal(run.weights[0], before.astype(np.float32).astype(np.float64))
        assert len(run.weights) == len(run.objective) == 31 and list(run.steps) == list(range(31))
    np.testing.assert_array_equal(flat(trainer), before)
    assert trainer.step_count == step


def test_plain_gradient_descent_steps_by_the_learning_rate_times_the_gradient(trainer):
    run = race(trainer, ("sgd", "adam"), 3)["sgd"]
    for k in range(3):
        expected = run.weights[k] - trainer.settings.learning_rate * objective_gradient(trainer, run.weights[k])
        np.testing.assert_allclose(run.weights[k + 1], expected, rtol=1e-4, atol=1e-6)
    # The objective recorded is the one at those weights: it falls along a gradient-descent path this short.
    assert run.objective[3] < run.objective[0]


def test_momentum_takes_sgds_first_step_then_goes_its_own_way(trainer):
    runs = race(trainer, ("sgd", "momentum"), 5)
    np.testing.assert_allclose(runs["momentum"].weights[1], runs["sgd"].weights[1], rtol=1e-6)
    assert not np.allclose(runs["momentum"].weights[3], runs["sgd"].weights[3])


def test_each_run_is_what_that_optimiser_reaches_alone():
    """Mini-batches too: each copy sees the batches a trainer with that optimiser would."""
    data, spec = generate(PresetSpec("spiral", points=100)), NetworkSpec((6,), "relu", dropout=0.2)
    settings = TrainingSettings("sgd", 0.05, batch_size=10, seed=4, device="cpu")
    start = Trainer(data, spec, settings)
    runs = race(start, ("rmsprop", "adam"), 12)
    for name, run in runs.items():
        alone = Trainer(data, spec, TrainingSettings(name, 0.05, batch_size=10, seed=4, device="cpu"))
        alone.load_weights(start.weights())
        torch.manual_seed(4)
        alone.step(12)
        np.testing.assert_allclose(run.weights[-1], flat(alone), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize(("optimizers", "steps", "message"), [
    (("sgd",), 10, "at least two different optimizers"),
    (("sgd", "sgd"), 10, "at least two different optimizers"),
    (("sgd", "lbfgs"), 10, "unknown optimizer 'lbfgs'"),
    (("sgd", "adam"), 0, "1 to 5,000 steps"),
])
def test_impossible_races_are_refused_in_words(trainer, optimizers, steps, message):
    with pytest.raises(TrainingError, match=message):
        race(trainer, optimizers, steps)

"""Divergence: a run whose loss blows up goes back to its last good weights and says so, with the numbers;
healthy runs (every preset, optimizer and the usual rates, noisy data, small batches) are never stopped."""

import math

import numpy as np
import pytest
import torch

from playground.core.dataset import Dataset
from playground.core.divergence import BLOW_UP, WINDOW, WINDOW_SAMPLES, DivergenceGuard
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings


def settings(optimizer: str = "adam", lr: float = 0.03, **kwargs) -> TrainingSettings:
    return TrainingSettings(optimizer=optimizer, learning_rate=lr, device="cpu", **kwargs)


def state(trainer: Trainer) -> list[torch.Tensor]:
    return [p.detach().clone() for p in trainer.model.parameters()]


def run(trainer: Trainer, steps: int, chunk: int) -> list[list[torch.Tensor]]:
    """Train in calls of `chunk` steps, as the training loop and the command line do, until `steps` or a
    divergence; returns the weights after every call (the first: before any)."""
    states = [state(trainer)]
    done = 0
    while done < steps and not trainer.diverged:
        done += trainer.step(min(chunk, steps - done))
        states.append(state(trainer))
    return states


def plain(message: str) -> bool:
    words = message.lower().replace(",", " ").replace(".", " ").split()
    return not {"nan", "inf", "infinity", "-inf"} & set(words) and "e+" not in message


def data_loss(trainer: Trainer) -> float:
    trainer.model.eval()
    with torch.no_grad():
        return float(trainer.loss_of(trainer.model(trainer._x_train), trainer._y_train))


# ----- the reported run -----------------------------------------------------------------------------------
def test_adam_at_rate_10_on_xor_goes_back_to_good_weights_and_says_so():
    """`playground train --preset xor --hidden 4 --optimizer adam --lr 10 --steps 2000`: the loss used to end at
    1.3 to 43 with half the points wrong and no word."""
    trainer = Trainer(generate(PresetSpec("xor")), NetworkSpec(hidden=(4,)), settings("adam", 10.0))
    start = data_loss(trainer)
    states = run(trainer, 2000, 200)
    assert trainer.diverged
    message = trainer.divergence_message
    assert "blew up" in message and "learning rate" in message and "(now 10)" in message
    assert f"from {start:.2g}" in message or "from 0." in message
    assert plain(message)
    back, peak = trainer.divergence_losses
    assert back <= 1.05 * max(start, math.log(2))  # the weights gone back to are about as good as the start
    assert peak > BLOW_UP * max(start, math.log(2))
    restored = state(trainer)
    assert any(all(torch.equal(a, b) for a, b in zip(restored, earlier, strict=True)) for earlier in states[:-1])
    assert not trainer.optimizer.state  # a fresh optimiser
    metrics = trainer.metrics()
    assert metrics.diverged
    assert all(math.isfinite(v) for v in (metrics.train_loss, metrics.test_loss, metrics.train_accuracy))
    assert metrics.train_loss == pytest.approx(back, rel=1e-5)
    snapshot = trainer.snapshot()
    assert snapshot.message == message and snapshot.metrics.diverged
    steps = trainer.step_count
    assert trainer.step(10) == 0 and trainer.step(1) == 0 and trainer.step_count == steps


def test_a_loss_that_becomes_not_a_number_goes_back_too():
    # Measured: a purely linear 2-8-8-1 network under plain SGD at the top rate overflows within ten steps.
    trainer = Trainer(generate(PresetSpec("xor")), NetworkSpec(hidden=(8, 8), activation="linear"),
                      settings("sgd", 10.0))
    for _ in range(20):
        trainer.step(1)
    assert trainer.diverged
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())
    metrics = trainer.metrics()
    assert math.isfinite(metrics.train_loss) and math.isfinite(metrics.test_accuracy)
    assert "more than" in trainer.divergence_message and plain(trainer.divergence_message)
    snapshot = trainer.snapshot()
    assert np.isfinite(snapshot.probabilities).all()
    assert all(np.isfinite(m).all() for m in snapshot.network.maps)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam", "rmsprop"])
@pytest.mark.parametrize("preset", ["spiral", "gauss", "wave"])
def test_rate_10_wrecks_and_is_caught(optimizer, preset):
    trainer = Trainer(generate(PresetSpec(preset)), NetworkSpec(), settings(optimizer, 10.0))
    run(trainer, 600, 25)
    assert trainer.diverged, "measured: every optimizer at rate 10 wrecks the 2-8-8-1 network on these presets"
    assert math.isfinite(trainer.metrics().train_loss)
    assert plain(trainer.divergence_message)


@pytest.mark.parametrize(("spec", "noise", "train"), [
    (NetworkSpec(), None, dict(optimizer="adam", loss="mse")),
    (NetworkSpec((8, 8, 8), "relu"), 0.2, dict(optimizer="sgd", batch_size=32)),
])
def test_rate_10_that_leaves_the_loss_stuck_up_is_caught(spec, noise, train):
    """Measured: a squared error is at most 4 x its blind guess, so Adam at 10 leaves it at about 2 x (half the
    points wrong, not 3 x); SGD at 10 kills a 2-8-8-8-1 relu network, whose loss then stays at 1.5-2 x."""
    trainer = Trainer(generate(PresetSpec("gauss", noise=noise)), spec,
                      TrainingSettings(learning_rate=10.0, device="cpu", **train))
    run(trainer, 600, 25)
    assert trainer.diverged
    assert plain(trainer.divergence_message)


# ----- healthy runs are left alone --------------------------------------------------------------------------
PRESETS = ("rabbits-unicorns", "interleaved-curves", "two-curves", "spiral", "circle", "xor", "gauss", "line",
           "parabola", "wave", "step")
HEALTHY = [(preset, optimizer, 0.03) for preset in PRESETS for optimizer in ("sgd", "momentum", "adam", "rmsprop")]
HEALTHY += [(preset, optimizer, lr) for preset in ("spiral", "xor", "wave", "step")
            for optimizer, lr in (("sgd", 0.3), ("momentum", 0.1), ("adam", 0.1), ("rmsprop", 0.003))]


@pytest.mark.parametrize(("preset", "optimizer", "lr"), HEALTHY)
def test_healthy_runs_are_never_stopped(preset, optimizer, lr):
    """The default network on every preset with every optimizer at the default rate, and other usual rates.
    (RMSprop at 0.1 is left out on purpose: on the curve presets it does blow up, to 100-250 x its start.)"""
    trainer = Trainer(generate(PresetSpec(preset, points=100)), NetworkSpec(), settings(optimizer, lr))
    assert trainer.step(300) == 300
    assert not trainer.diverged and trainer.divergence_message == ""


@pytest.mark.parametrize(("preset", "batch", "hidden", "activation"), [
    ("spiral", 1, (4,), "relu"),
    ("gauss", 1, (8, 8), "tanh"),
    ("two-curves", 10, (8, 8, 8), "relu"),
    ("wave", 1, (8, 8), "tanh"),
    ("circle", 4, (8,), "sigmoid"),
])
@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop"])
def test_noisy_data_and_small_batches_are_not_divergence(preset, batch, hidden, activation, optimizer):
    trainer = Trainer(generate(PresetSpec(preset, points=200, noise=0.5)), NetworkSpec(hidden, activation),
                      settings(optimizer, 0.03, batch_size=batch))
    assert trainer.step(400) == 400
    assert not trainer.diverged


@pytest.mark.parametrize(("preset", "batch"), [("wave", 10), ("line", 0), ("xor", 1)])
def test_heavy_dropout_is_not_divergence(preset, batch):
    """With dropout the steps' losses are taken with it on (measured: 2.5 x the plain starting loss for a 2-8-8-1
    network with dropout 0.9 on the wave): the base includes the starting loss measured so too."""
    trainer = Trainer(generate(PresetSpec(preset, points=200)), NetworkSpec((8, 8), dropout=0.9),
                      settings("sgd" if batch else "adam", 0.03, batch_size=batch))
    torch.manual_seed(11)
    expected = torch.rand(2)
    torch.manual_seed(11)
    trainer._guard.begin(list(trainer.model.parameters()), trainer._start_loss(), trainer._guess_loss())
    assert torch.equal(torch.rand(2), expected)  # measuring the base drew no dropout from torch's random state
    trainer._guard.forget()
    assert trainer.step(800) == 800
    assert not trainer.diverged


# ----- going on after a divergence ---------------------------------------------------------------------------
def diverged_trainer() -> Trainer:
    trainer = Trainer(generate(PresetSpec("xor", points=200)), NetworkSpec(hidden=(4,)), settings("adam", 10.0))
    run(trainer, 2000, 50)
    assert trainer.diverged
    return trainer


def test_clear_divergence_trains_on_from_the_restored_weights():
    trainer = diverged_trainer()
    restored, steps = state(trainer), trainer.step_count
    trainer.clear_divergence()
    assert not trainer.diverged and trainer.divergence_message == "" and not trainer.metrics().diverged
    assert trainer.snapshot().message == ""
    assert trainer.step(1) == 1
    assert trainer.step_count == steps + 1
    assert not all(torch.equal(a, b) for a, b in zip(state(trainer), restored, strict=True))


@pytest.mark.parametrize("change", [
    lambda t: t.set_settings(t.with_settings(learning_rate=0.01)),
    lambda t: t.set_settings(t.with_settings(batch_size=16)),
    lambda t: t.reset(),
    lambda t: t.set_spec(NetworkSpec(hidden=(4,), activation="relu")),
    lambda t: t.set_dataset(generate(PresetSpec("xor", points=100, seed=3))),
])
def test_changes_end_a_divergence(change):
    trainer = diverged_trainer()
    change(trainer)
    assert not trainer.diverged and trainer.divergence_message == ""
    assert trainer.step(5) == 5


def test_a_lower_rate_after_a_divergence_then_trains_well():
    trainer = diverged_trainer()
    trainer.set_settings(trainer.with_settings(learning_rate=0.03))
    run(trainer, 1000, 100)
    assert not trainer.diverged
    assert trainer.metrics().test_accuracy > 0.9


# ----- the rule itself ------------------------------------------------------------------------------------
def guard_at(base: float) -> tuple[DivergenceGuard, torch.Tensor]:
    weights = torch.zeros(3)
    guard = DivergenceGuard()
    guard.begin([weights], base, math.log(2) / 10)
    assert guard.base == base
    return guard, weights


def check(guard: DivergenceGuard, *losses: float, batch_size: int = 100) -> bool:
    for loss in losses:
        guard.record(torch.tensor(loss))
    return guard.check(batch_size)


def test_a_few_wild_steps_are_not_a_divergence():
    guard, _ = guard_at(0.5)
    half = WINDOW // 2  # fewer than half the window: the median stays low
    assert not check(guard, *([0.4] * 10))
    assert not check(guard, *([40 * 0.5] * half), *([0.4] * (WINDOW - half)))
    assert not check(guard, *([0.4] * 10))


def test_most_steps_of_a_window_far_above_the_base_are_one():
    guard, _ = guard_at(0.5)
    above = BLOW_UP * 0.5 * 1.01
    assert not check(guard, *([0.4] * 10), *([above] * (WINDOW // 2)))
    assert check(guard, above)  # the window now holds WINDOW // 2 + 1 of them: its median is above
    assert guard.peak == pytest.approx(above)


def test_a_batch_of_one_point_looks_at_more_steps():
    """One point per step is noisy: WINDOW_SAMPLES steps in a row, not WINDOW, must be mostly far above."""
    guard, _ = guard_at(0.5)
    high = [10.0] * (WINDOW_SAMPLES // 2)
    assert not check(guard, *([0.4] * 20), *high, batch_size=1)
    assert check(guard, 10.0, batch_size=1)
    guard, _ = guard_at(0.5)
    assert check(guard, *([0.4] * 20), *high, batch_size=2)  # two points a step: WINDOW steps


def test_the_whole_stretch_since_the_last_check_is_looked_at():
    """A blow-up in the middle of a long call is seen even when the loss is low again at its end."""
    guard, _ = guard_at(0.5)
    assert check(guard, *([0.4] * 5), *([10.0] * WINDOW), *([0.4] * 11))


def test_a_loss_or_weight_that_is_not_a_number_is_one_at_once():
    guard, weights = guard_at(0.5)
    assert check(guard, 0.4, float("nan"))
    guard, weights = guard_at(0.5)
    weights[1] = float("inf")
    assert check(guard, 0.4)


def test_the_guard_goes_back_to_weights_a_calm_check_has_confirmed():
    guard, weights = guard_at(0.5)
    weights += 1.0
    assert not check(guard, *([0.4] * 9))  # calm: these weights are taken ...
    weights += 1.0
    assert not check(guard, *([0.4] * 9))  # ... and confirmed by the next calm check (these are taken)
    weights += 1.0
    assert check(guard, float("nan"))  # the weights taken at the last check are not confirmed: not used
    guard.restore()
    assert torch.equal(weights, torch.ones(3))


def test_a_perceptron_is_never_watched():
    points = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    data = Dataset.create(points, np.array([0, 1, 0, 1]), test_ratio=0.0)
    trainer = Trainer(data, NetworkSpec(hidden=(), activation="step"), settings("sgd", 10.0))
    assert trainer.step(500) == 500
    assert not trainer.diverged


def test_a_line_that_is_not_a_number_is_not_shown():
    trainer = Trainer(generate(PresetSpec("line")), NetworkSpec(hidden=(), features=("x1",), task="fit", n_classes=1),
                      settings("sgd", 0.1))
    assert trainer.fit_line() is not None
    with torch.no_grad():
        trainer.linear_layers()[0].weight.fill_(float("nan"))
    assert trainer.fit_line() is None and trainer.snapshot().fit_line is None

"""Trainer: learning, reproducibility, live setting changes and snapshots (divergence: test_divergence.py)."""


import numpy as np
import pytest
import torch

from playground.core.dataset import Dataset
from playground.core.devices import (
    available_devices,
)
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import (
    MAX_LEARNING_RATE,
    Trainer,
    TrainingError,
    TrainingSettings,
    decision_boundary,
    grid_axes,
    resolve_device,
)

CPU = TrainingSettings(optimizer="adam", learning_rate=0.03, batch_size=0, device="cpu")


@pytest.fixture(scope="module")
def xor() -> Dataset:
    return generate(PresetSpec("xor"))  # 500 points, half of them for testing


def state(trainer: Trainer) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in trainer.model.state_dict().items()}


def same_state(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def three_class_dataset(n: int = 300) -> Dataset:
    rng = np.random.default_rng(0)
    centres = np.array([[-3.0, -3.0], [3.0, -3.0], [0.0, 3.0]])
    labels = np.arange(n) % 3
    points = centres[labels] + rng.normal(0.0, 0.7, size=(n, 2))
    return Dataset.create(points, labels, test_ratio=0.5, seed=0, domain=(-6.0, 6.0, -6.0, 6.0))


# ----- learning --------------------------------------------------------------------------------
def test_a_single_neuron_cannot_learn_xor(xor):
    trainer = Trainer(xor, NetworkSpec(hidden=()), CPU)
    assert trainer.step(1000) == 1000
    metrics = trainer.metrics()
    assert metrics.step == 1000
    assert metrics.test_accuracy < 0.75
    assert not metrics.diverged


def test_one_hidden_layer_of_four_learns_xor(xor):
    trainer = Trainer(xor, NetworkSpec(hidden=(4,)), CPU)
    before = trainer.metrics()
    trainer.step(1000)
    after = trainer.metrics()
    assert after.test_accuracy >= 0.95
    assert after.train_loss < before.train_loss / 4


@pytest.mark.parametrize(("optimizer", "loss"), [("sgd", "cross-entropy"), ("adam", "mse"), ("sgd", "mse")])
def test_other_optimizers_and_losses_learn_the_blobs(optimizer, loss):
    ds = generate(PresetSpec("gauss", points=300))
    settings = TrainingSettings(optimizer=optimizer, loss=loss, learning_rate=0.3 if optimizer == "sgd" else 0.03,
                                device="cpu")
    trainer = Trainer(ds, NetworkSpec(hidden=(4,)), settings)
    trainer.step(300)
    assert trainer.metrics().test_accuracy >= 0.95


def test_three_classes_are_learnt_with_softmax():
    trainer = Trainer(three_class_dataset(), NetworkSpec(hidden=(8,)), CPU)
    assert trainer.spec.n_outputs == 3
    trainer.step(300)
    assert trainer.metrics().test_accuracy >= 0.95


def test_same_seed_gives_identical_metrics(xor):
    spec = NetworkSpec(hidden=(8, 8))
    results = []
    for _ in range(2):
        trainer = Trainer(xor, spec, TrainingSettings(batch_size=32, seed=3, device="cpu"))
        trainer.step(150)
        results.append((trainer.metrics(), state(trainer)))
    assert results[0][0] == results[1][0]  # exact equality, field by field
    assert same_state(results[0][1], results[1][1])


def test_another_seed_gives_other_weights(xor):
    a = Trainer(xor, NetworkSpec(), TrainingSettings(seed=0, device="cpu"))
    b = Trainer(xor, NetworkSpec(), TrainingSettings(seed=1, device="cpu"))
    assert not same_state(state(a), state(b))


def test_the_trainer_leaves_torchs_global_random_state_alone(xor):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    Trainer(xor, NetworkSpec(), CPU).reset()
    assert torch.equal(torch.rand(3), expected)


def test_reset_restores_exactly_the_initial_weights(xor):
    trainer = Trainer(xor, NetworkSpec(hidden=(6, 4)), TrainingSettings(batch_size=16, device="cpu"))
    initial = state(trainer)
    generation = trainer.generation
    initial_metrics = trainer.metrics()
    trainer.step(50)
    assert not same_state(state(trainer), initial)  # training did move the weights
    trainer.reset()
    assert same_state(state(trainer), initial)
    assert trainer.step_count == 0
    assert trainer.epoch == 0.0
    assert trainer.generation == generation + 1
    assert trainer.metrics() == initial_metrics
    assert not trainer.optimizer.state  # Adam's moments are gone too


def test_training_after_reset_repeats_the_first_run(xor):
    trainer = Trainer(xor, NetworkSpec(), TrainingSettings(batch_size=20, device="cpu"))
    trainer.step(40)
    first = trainer.metrics()
    trainer.reset()
    trainer.step(40)
    assert trainer.metrics() == first


# ----- live changes ----------------------------------------------------------------------------
def test_new_learning_rate_applies_without_reset(xor):
    trainer = Trainer(xor, NetworkSpec(), CPU)
    trainer.step(20)
    optimizer, generation, weights = trainer.optimizer, trainer.generation, state(trainer)
    trainer.set_settings(trainer.with_settings(learning_rate=0.2))
    assert trainer.settings.learning_rate == 0.2
    assert all(group["lr"] == 0.2 for group in trainer.optimizer.param_groups)
    assert trainer.optimizer is optimizer  # Adam's state survives
    assert trainer.step_count == 20
    assert trainer.generation == generation
    assert same_state(state(trainer), weights)
    trainer.step(5)
    assert trainer.step_count == 25


def test_new_optimizer_keeps_the_weights(xor):
    trainer = Trainer(xor, NetworkSpec(), CPU)
    trainer.step(10)
    weights = state(trainer)
    trainer.set_settings(trainer.with_settings(optimizer="sgd", learning_rate=0.5))
    assert isinstance(trainer.optimizer, torch.optim.SGD)
    assert trainer.optimizer.param_groups[0]["lr"] == 0.5
    assert trainer.step_count == 10
    assert same_state(state(trainer), weights)


def test_new_seed_resets(xor):
    trainer = Trainer(xor, NetworkSpec(), CPU)
    trainer.step(10)
    trainer.set_settings(trainer.with_settings(seed=4))
    assert trainer.step_count == 0
    fresh = Trainer(xor, NetworkSpec(), TrainingSettings(seed=4, device="cpu"))
    assert same_state(state(trainer), state(fresh))


def test_mini_batches_count_epochs(xor):
    trainer = Trainer(xor, NetworkSpec(), TrainingSettings(batch_size=10, device="cpu"))
    assert trainer.n_train == 250
    assert trainer.batch_size == 10
    trainer.step(25)
    assert trainer.step_count == 25
    assert trainer.samples_seen == 250
    assert trainer.epoch == pytest.approx(1.0)
    trainer.step(5)
    assert trainer.epoch == pytest.approx(1.2)
    assert trainer.metrics().epoch == pytest.approx(1.2)


def test_epochs_accumulate_across_data_edits(xor):
    """Each step adds (batch size / training points at that moment): erasing points later does not rescale the
    epochs already done."""
    trainer = Trainer(xor, NetworkSpec(), TrainingSettings(batch_size=10, device="cpu"))
    trainer.step(25)  # 250 points seen of 250
    assert trainer.epoch == pytest.approx(1.0)
    few = generate(PresetSpec("xor", points=40))  # the same plane: the weights and the count are kept
    trainer.set_dataset(few)
    assert trainer.n_train == 20 and trainer.step_count == 25
    assert trainer.epoch == pytest.approx(1.0)
    trainer.step(4)  # 40 points seen of 20
    assert trainer.epoch == pytest.approx(1.0 + 4 * 10 / 20)
    assert trainer.metrics().epoch == pytest.approx(3.0)
    trainer.set_dataset(xor)
    trainer.set_settings(trainer.with_settings(batch_size=0))
    trainer.step(1)  # one full batch: one more epoch
    assert trainer.epoch == pytest.approx(4.0)
    trainer.reset()
    assert trainer.epoch == 0.0


def test_full_batch_step_is_one_epoch(xor):
    trainer = Trainer(xor, NetworkSpec(), CPU)
    trainer.step(3)
    assert trainer.epoch == pytest.approx(3.0)


def test_batch_larger_than_the_training_set_is_the_training_set(xor):
    trainer = Trainer(xor, NetworkSpec(), TrainingSettings(batch_size=10_000, device="cpu"))
    assert trainer.batch_size == 250
    trainer.step(2)
    assert trainer.epoch == pytest.approx(2.0)


def test_changing_the_batch_size_between_steps(xor):
    trainer = Trainer(xor, NetworkSpec(), TrainingSettings(batch_size=7, device="cpu"))
    trainer.step(3)
    trainer.set_settings(trainer.with_settings(batch_size=50))
    trainer.step(4)
    assert trainer.samples_seen == 3 * 7 + 4 * 50
    assert trainer.step_count == 7


def test_set_dataset_with_three_classes_rebuilds_the_network(xor):
    trainer = Trainer(xor, NetworkSpec(hidden=(5,)), CPU)
    trainer.step(10)
    generation = trainer.generation
    trainer.set_dataset(three_class_dataset())
    assert trainer.spec.n_classes == 3
    assert trainer.spec.hidden == (5,)
    assert trainer.model[-1][-1].out_features == 3
    assert trainer.step_count == 0
    assert trainer.generation == generation + 1
    assert trainer.step(5) == 5
    snap = trainer.snapshot()
    assert snap.probabilities.shape == (200, 200, 3)
    np.testing.assert_allclose(snap.probabilities.sum(axis=2), 1.0, atol=1e-5)


def test_set_dataset_with_the_same_classes_and_plane_keeps_the_weights(xor):
    trainer = Trainer(xor, NetworkSpec(), CPU)
    trainer.step(10)
    weights, generation = state(trainer), trainer.generation
    other = generate(PresetSpec("xor", points=200, seed=5))
    trainer.set_dataset(other)
    assert same_state(state(trainer), weights)
    assert trainer.step_count == 10
    assert trainer.generation == generation
    assert trainer.n_train == 100
    assert trainer.dataset is other


def test_set_spec_rebuilds_for_the_datasets_classes():
    trainer = Trainer(three_class_dataset(), NetworkSpec(), CPU)
    trainer.set_spec(NetworkSpec(hidden=(3, 3), activation="relu"))
    assert trainer.spec == NetworkSpec(hidden=(3, 3), activation="relu", n_classes=3)
    assert trainer.model[-1][-1].out_features == 3


# ----- snapshots -------------------------------------------------------------------------------
def test_snapshot_arrays(xor):
    trainer = Trainer(xor, NetworkSpec(hidden=(4,)), CPU)
    trainer.step(300)
    snap = trainer.snapshot(steps_per_second=123.0)
    p = snap.probabilities
    assert p.shape == (200, 200, 2)
    assert p.dtype == np.float32
    assert p.flags.c_contiguous
    np.testing.assert_allclose(p.sum(axis=2), 1.0, atol=1e-5)
    assert snap.bounds == xor.bounds()
    assert snap.grid_size == 200
    assert snap.steps_per_second == 123.0
    assert snap.device == "CPU"
    assert snap.metrics == trainer.metrics()
    assert snap.generation == trainer.generation
    segments = snap.boundary_segments
    assert segments.ndim == 3 and segments.shape[1:] == (2, 2)
    assert len(segments) > 100  # xor's boundary crosses the whole plane
    xmin, xmax, ymin, ymax = snap.bounds
    assert segments[..., 0].min() >= xmin and segments[..., 0].max() <= xmax
    assert segments[..., 1].min() >= ymin and segments[..., 1].max() <= ymax


def test_snapshot_predicts_xor_quadrants_after_training(xor):
    trainer = Trainer(xor, NetworkSpec(hidden=(4,)), CPU)
    trainer.step(1000)
    snap = trainer.snapshot()
    xs, ys = grid_axes(snap.bounds, snap.grid_size)
    predicted = snap.predicted_class()
    # row i is y, column j is x: check cells well inside each quadrant
    for x, y in ((3.0, 3.0), (-3.0, -3.0), (3.0, -3.0), (-3.0, 3.0)):
        i, j = np.searchsorted(ys, y), np.searchsorted(xs, x)
        assert predicted[i, j] == int(x * y >= 0)


def test_snapshots_are_fresh_arrays(xor):
    trainer = Trainer(xor, NetworkSpec(), CPU)
    a = trainer.snapshot()
    trainer.step(20)
    b = trainer.snapshot()
    assert not np.shares_memory(a.probabilities, b.probabilities)
    assert not np.array_equal(a.probabilities, b.probabilities)


def test_grid_size_is_configurable(xor):
    trainer = Trainer(xor, NetworkSpec(), CPU, grid_size=32)
    assert trainer.snapshot().probabilities.shape == (32, 32, 2)


def test_grid_axes_are_cell_centres():
    xs, ys = grid_axes((0.0, 4.0, -2.0, 2.0), 4)
    np.testing.assert_allclose(xs, [0.5, 1.5, 2.5, 3.5])
    np.testing.assert_allclose(ys, [-1.5, -0.5, 0.5, 1.5])


def test_decision_boundary_of_three_classes():
    xs = ys = np.linspace(-1.0, 1.0, 21)
    gx = np.meshgrid(xs, ys)[0]
    # class 0 left, class 1 right, class 2 nowhere
    p0 = (gx < 0.05).astype(np.float32)
    probabilities = np.stack([p0, 1 - p0, np.zeros_like(p0)], axis=2)
    segments = decision_boundary(probabilities, xs, ys)
    assert len(segments) > 0
    np.testing.assert_allclose(segments[..., 0], 0.05, atol=1e-6)


# ----- settings and devices --------------------------------------------------------------------
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"optimizer": "lbfgs"}, "unknown optimizer"),
    ({"loss": "hinge"}, "unknown loss"),
    ({"device": "tpu"}, "unknown device"),
    ({"learning_rate": 0.0}, "learning rate"),
    ({"learning_rate": -1.0}, "learning rate"),
    ({"learning_rate": MAX_LEARNING_RATE * 1.01}, "learning rate"),
    ({"learning_rate": float("nan")}, "learning rate"),
    ({"learning_rate": float("inf")}, "learning rate"),
    ({"batch_size": -1}, "batch size"),
    ({"seed": -1}, "seed"),
])
def test_training_settings_reject(kwargs, message):
    with pytest.raises(TrainingError, match=message):
        TrainingSettings(**kwargs)


def test_training_settings_accept_the_limits():
    assert TrainingSettings(learning_rate=MAX_LEARNING_RATE, batch_size=0, optimizer="sgd", loss="mse").loss == "mse"
    assert TrainingSettings(learning_rate=1e-6).learning_rate == 1e-6


def test_resolve_device_cpu():
    assert resolve_device("cpu") == torch.device("cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a CUDA GPU")
def test_resolve_device_cuda_without_a_gpu():
    with pytest.raises(TrainingError, match="CUDA"):
        resolve_device("cuda")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a CUDA GPU")
def test_a_trainer_asked_for_a_missing_device_trains_on_the_automatic_one_and_says_so(xor):
    trainer = Trainer(xor, NetworkSpec(), TrainingSettings(device="cuda:0"))
    assert trainer.device == resolve_device("auto")
    assert "“cuda:0”, which this computer does not have" in trainer.notice
    assert trainer.snapshot().message == trainer.notice  # the window shows it
    trainer.set_settings(TrainingSettings(device="cpu"))  # a device that is here: the note goes
    assert trainer.notice == "" and trainer.device == torch.device("cpu")
    trainer.set_settings(TrainingSettings(device="cuda"))
    assert "“cuda”" in trainer.notice and trainer.step(5) == 5


@pytest.fixture
def two_fake_gpus(monkeypatch):
    """torch reports two CUDA GPUs (the device logic's CPU side, on a machine without one)."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=0: f"Test GPU {getattr(index, 'index', index)}")


def test_the_devices_found_are_the_cpu_then_each_gpu(two_fake_gpus):
    assert available_devices()[:3] == (("cpu", "CPU"), ("cuda:0", "CUDA 0: Test GPU 0"),
                                        ("cuda:1", "CUDA 1: Test GPU 1"))
    assert resolve_device("auto") == torch.device("cuda") and resolve_device("cuda:1") == torch.device("cuda:1")
    with pytest.raises(TrainingError, match="no CUDA GPU 2 here: this computer has only 2 CUDA GPUs"):
        resolve_device("cuda:2")


def test_a_device_setting_is_a_known_name_or_a_cuda_number():
    assert TrainingSettings(device="cuda:3").device == "cuda:3"
    for bad in ("gpu", "cuda:", "cuda:x", "cuda:123", "CPU"):
        with pytest.raises(TrainingError, match="unknown device"):
            TrainingSettings(device=bad)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_resolve_device_auto_prefers_cuda():
    assert resolve_device("auto").type == "cuda"


@pytest.mark.skipif(torch.cuda.is_available() or torch.backends.mps.is_available(), reason="has a GPU")
def test_resolve_device_auto_falls_back_to_the_cpu():
    assert resolve_device("auto") == torch.device("cpu")


def test_a_new_architecture_keeps_the_layers_whose_shape_did_not_change():
    trainer = Trainer(generate(PresetSpec("xor", points=100)), NetworkSpec((6, 4), "tanh"), TrainingSettings())
    trainer.step(50)
    first, second, _ = [layer.weight.detach().clone() for layer in trainer.linear_layers()]
    trainer.set_spec(NetworkSpec((6, 4, 3), "relu"))  # one more layer at the end, another activation
    kept = trainer.linear_layers()
    assert torch.equal(kept[0].weight, first) and torch.equal(kept[1].weight, second)
    assert kept[2].weight.shape == (3, 4)
    trainer.set_spec(NetworkSpec((5, 4, 3), "relu"))  # the first layer changed: nothing after it is kept
    assert not torch.equal(trainer.linear_layers()[1].weight, second)

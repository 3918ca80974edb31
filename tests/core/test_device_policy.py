"""The device policy (device_policy.py): a chosen GPU is used only when one step's work pays for it, else training
runs on the CPU and the readout says why; the Trainer decides again when the network, the data or the batch size
changes. With no GPU here, a CUDA choice is faked at the Trainer's seam (`usable_device`): a tiny network must then
never touch CUDA (this torch cannot), and the moves a big one asks for are recorded instead of made. The tests
marked for CUDA run on a GPU machine (packaging/gpu_check.sh)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import torch

from playground.bench_suite import tfp_scenario
from playground.core import training
from playground.core.device_policy import GPU_WORTH_PER_LAYER, Placement, StepWork, place
from playground.core.network import NetworkSpec, build_module
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings

CUDA, CPU, MPS = torch.device("cuda"), torch.device("cpu"), torch.device("mps")
SMALL = "CPU (faster than the GPU at this size)"


def parameters(widths: tuple[int, ...]) -> int:
    """The weights and biases of a network of these widths (two inputs), counted on the torch module itself."""
    assert widths[0] == 2
    spec = NetworkSpec(widths[1:-1], "tanh", features=("x1", "x2")).with_classes(max(2, widths[-1]))
    assert spec.n_outputs == widths[-1]
    return sum(p.numel() for p in build_module(spec).parameters())


def test_a_steps_multiply_adds_are_three_products_of_the_batch_by_every_weight_and_bias():
    # forward: batch x weights (a bias is a weight on a constant input); backward: as many for the inputs'
    # gradients and as many for the weights' gradients
    for widths, batch in (((2, 4, 2, 1), 10), ((2, *(8,) * 6, 1), 10), ((2, 64, 64, 3), 37)):
        assert StepWork(widths, batch).multiply_adds() == 3 * batch * parameters(widths)
        assert StepWork(widths, batch).layers == len(widths) - 1


@pytest.mark.parametrize("hidden", [(4, 2), (8,) * 6])
def test_the_tensorflow_playgrounds_networks_train_on_the_cpu_when_a_gpu_is_chosen(hidden):
    work = StepWork((2, *hidden, 1), 10)
    assert work.multiply_adds() < GPU_WORTH_PER_LAYER * work.layers / 10  # far below, not near the line
    for gpu in (CUDA, torch.device("cuda:1"), MPS):
        placement = place(gpu, work)
        assert placement.device == CPU and placement.chosen == gpu and placement.reason == "network"
    assert place(CUDA, work).describe("CPU") == SMALL
    assert place(MPS, work).describe("CPU") == "CPU (faster than the Apple GPU at this size)"


def test_ten_layers_of_256_on_batches_of_1000_train_on_the_gpu():
    work = StepWork((2, *(256,) * 10, 1), 1000)
    assert work.multiply_adds() > 100 * GPU_WORTH_PER_LAYER * work.layers
    for gpu in (CUDA, torch.device("cuda:1"), MPS):
        placement = place(gpu, work)
        assert placement == Placement(gpu, gpu) and not placement.kept_off_gpu
        assert placement.describe("CUDA (NVIDIA H200)") == "CUDA (NVIDIA H200)"


def test_the_gpu_is_used_from_the_batch_whose_step_reaches_the_threshold():
    widths = (2, 64, 64, 64, 64, 1)
    per_example = 3 * parameters(widths)
    layers = len(widths) - 1
    first = math.ceil(GPU_WORTH_PER_LAYER * layers / per_example)  # the smallest batch at the threshold
    assert place(CUDA, StepWork(widths, first)).device == CUDA
    below = place(CUDA, StepWork(widths, first - 1))
    assert below.device == CPU and below.reason == "batch"  # a batch of 1000 would be worth it: the batch is why
    assert below.describe("CPU") == "CPU (faster than the GPU at this batch size)"


def test_the_cpu_chosen_is_the_cpu_whatever_the_work():
    for work in (StepWork((2, 4, 2, 1), 10), StepWork((2, *(256,) * 10, 1), 1000), StepWork((2, 1), 0)):
        assert place(CPU, work) == Placement(CPU, CPU)
        assert place(CPU, work).describe("CPU") == "CPU"


# ----- the Trainer follows it ----------------------------------------------------------------------------
@pytest.fixture
def fake_cuda(monkeypatch):
    """The settings' device resolves to CUDA, as on a computer with a GPU (only where the Trainer asks)."""
    monkeypatch.setattr(training, "usable_device", lambda name: (CUDA, ""))


@pytest.fixture
def moves(monkeypatch) -> list[torch.device]:
    """The moves between devices the Trainer asks for, recorded and not made (this torch has no CUDA)."""
    asked: list[torch.device] = []
    monkeypatch.setattr(Trainer, "_move_to", lambda self, device, keep_optimizer=True: asked.append(device))
    return asked


def tfp_trainer(hidden=(4, 2), **changes) -> Trainer:
    scenario = tfp_scenario(hidden)
    return Trainer(scenario.dataset(), scenario.network, replace(scenario.training, **changes))


def test_a_tiny_network_with_cuda_chosen_trains_on_the_cpu_and_the_readout_says_why(fake_cuda):
    trainer = tfp_trainer(device="cuda")
    assert trainer.chosen_device == CUDA and trainer.device == CPU
    assert trainer.step(30) == 30 and not trainer.diverged  # (on CUDA this torch would raise)
    assert all(p.device == CPU for p in trainer.model.parameters())
    assert trainer.device_text == SMALL
    assert trainer.snapshot().device == SMALL


@pytest.mark.skipif(torch.cuda.is_available(), reason="with a CUDA GPU the trainer can go there")
def test_without_the_policy_a_tiny_network_goes_where_it_was_told(fake_cuda):
    """(So the fake is real enough: a trainer that went to CUDA would fail here.)"""
    scenario = tfp_scenario((4, 2))
    with pytest.raises((AssertionError, RuntimeError)):  # this torch has no CUDA: the tensors cannot go there
        Trainer(scenario.dataset(), scenario.network, scenario.training, follow_policy=False)


def test_the_decision_is_made_again_when_the_batch_the_network_or_the_data_change(fake_cuda, moves):
    trainer = tfp_trainer(hidden=(64,) * 6, batch_size=10)  # 250 points to train on
    assert trainer.device == CPU and trainer.placement.reason == "batch" and moves == []
    trainer.set_settings(trainer.with_settings(batch_size=0))  # all 250 at once: worth the GPU
    assert moves == [CUDA] and trainer.placement == Placement(CUDA, CUDA)
    trainer.set_settings(trainer.with_settings(batch_size=10))
    assert moves == [CUDA] and trainer.placement.device == CPU  # (it never left the CPU: nothing to move)
    trainer.set_spec(NetworkSpec((4, 2), "tanh", features=("x1", "x2")))
    assert moves == [CUDA] and trainer.placement.reason == "network"
    trainer.set_spec(NetworkSpec((64,) * 8, "tanh", features=("x1", "x2")))
    assert trainer.placement.device == CPU and trainer.placement.reason == "batch"
    trainer.set_settings(trainer.with_settings(batch_size=200))
    assert moves == [CUDA, CUDA]
    trainer.set_settings(trainer.with_settings(batch_size=0))  # still worth it (asked again: it never moved)
    assert moves == [CUDA] * 3
    trainer.set_dataset(generate(PresetSpec("spiral", points=20, noise=0.0, test_ratio=0.5)))  # 10 points
    assert trainer.placement.device == CPU and len(moves) == 3
    trainer.set_dataset(generate(PresetSpec("spiral", points=2000, noise=0.0, test_ratio=0.5)))
    assert trainer.placement.device == CUDA and moves[-1] == CUDA and len(moves) == 4
    assert trainer.step(5) == 5  # training went on (on the CPU, as the move was not made)


def test_a_trainer_moved_mid_run_trains_on_as_one_never_moved():
    """The move (here to the same device, the one this computer has) keeps the weights, the optimiser's state and
    the epoch's shuffled order: a run goes on exactly as before."""
    data = generate(PresetSpec("spiral", points=300, noise=0.1))
    for optimizer in ("momentum", "adam"):
        settings = TrainingSettings(optimizer, 0.01, batch_size=7, device="cpu")
        moved, still = (Trainer(data, NetworkSpec((6, 4), "tanh"), settings) for _ in range(2))
        for trainer in (moved, still):
            trainer.step(40)  # mid-epoch: 40 x 7 is not a multiple of the 150 training points
        old_flat = moved._flat
        moved._move_to(CPU)
        assert moved._flat is not old_flat and moved.linear_layers()[0].weight.data_ptr() == \
            moved._flat.param.data_ptr()
        for trainer in (moved, still):
            trainer.step(60)
        for (wm, bm), (ws, bs) in zip(moved.weights(), still.weights(), strict=True):
            assert np.array_equal(wm, ws) and np.array_equal(bm, bs), optimizer


# ----- on a GPU machine ----------------------------------------------------------------------------------
needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


@needs_cuda
def test_on_cuda_a_tiny_network_trains_on_the_cpu_and_a_big_one_on_the_gpu():
    tiny = tfp_trainer(device="cuda")
    assert tiny.device == CPU and tiny.device_text == SMALL
    data = generate(PresetSpec("spiral", points=20_000, noise=0.0, test_ratio=0.5))
    big = Trainer(data, NetworkSpec((64,) * 10, "tanh", features=("x1", "x2")),
                  TrainingSettings("sgd", 0.03, batch_size=1000, loss="mse", device="cuda"))
    assert big.device.type == "cuda" and big.device_text.startswith("CUDA (")
    assert big.step(10) == 10 and big.snapshot().device == big.device_text


@needs_cuda
def test_on_cuda_moving_between_the_gpu_and_the_cpu_keeps_the_run_going_as_on_one_device():
    data = generate(PresetSpec("spiral", points=4000, noise=0.1, test_ratio=0.5))
    spec = NetworkSpec((64,) * 6, "tanh", features=("x1", "x2"))
    settings = TrainingSettings("adam", 0.003, batch_size=500, device="cuda")
    moving = Trainer(data, spec, settings)
    still = Trainer(data, spec, settings, follow_policy=False)
    assert moving.device.type == "cuda"
    for batch, steps in ((500, 20), (5, 30), (500, 20)):  # 5: too small for the GPU, to the CPU and back
        for trainer in (moving, still):
            trainer.set_settings(trainer.with_settings(batch_size=batch))
            assert trainer.step(steps) == steps
        assert moving.device.type == ("cpu" if batch == 5 else "cuda") and still.device.type == "cuda"
    for (wm, bm), (ws, bs) in zip(moving.weights(), still.weights(), strict=True):
        for m, s in ((wm, ws), (bm, bs)):
            assert np.allclose(m, s, rtol=1e-4, atol=1e-4), np.abs(m - s).max()

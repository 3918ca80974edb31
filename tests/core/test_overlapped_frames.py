"""Frames made beside the steps: playing at full speed, the training process makes each frame in a second thread
from a copy of the network frozen between two steps (Trainer.frozen_snapshot, shadow_model.py) while the steps go
on. A frame must show the network exactly as it was at the step it is stamped with, never weights half-way through
the next steps."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch
from torch import nn

from playground.core.hidden_space import HiddenRequest
from playground.core.landscape_frames import LandscapeRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.shadow_model import ShadowModel
from playground.core.snapshot_maker import SnapshotMaker
from playground.core.training import Trainer, TrainingSettings
from playground.core.training_loop import frames_thread

from .test_training_loop import LoopHarness


def small_model() -> nn.Module:
    torch.manual_seed(3)
    return nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1), nn.BatchNorm1d(1))


def values(model: nn.Module) -> list[torch.Tensor]:
    return [t.detach().clone() for t in (*model.parameters(), *model.buffers())]


def test_the_copy_holds_the_values_of_when_it_was_taken():
    model = small_model()
    shadow = ShadowModel()
    copy = shadow.copy_of(model)
    before = values(model)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.add_(1.0)  # training goes on in place
        model[3].running_mean.fill_(5.0)
    assert all(torch.equal(a, b) for a, b in zip(values(copy), before, strict=True))
    again = shadow.copy_of(model)
    assert again is copy  # the same copy, refreshed
    assert all(torch.equal(a, b) for a, b in zip(values(again), values(model), strict=True))
    assert all(p.data_ptr() != q.data_ptr() for p, q in zip(copy.parameters(), model.parameters(), strict=True))
    assert not any(p.requires_grad for p in copy.parameters())
    assert all(p.requires_grad for p in model.parameters())  # the model itself is left as it was


def test_a_new_model_or_a_changed_shape_gets_a_new_copy():
    model, shadow = small_model(), ShadowModel()
    first = shadow.copy_of(model)
    other = small_model()
    assert shadow.copy_of(other) is not first
    second = shadow.copy_of(other)
    other[2].weight.data = torch.ones(1, 5)  # (not a shape a learner's network changes to: only the copy's check)
    other[0] = nn.Linear(2, 5)
    third = shadow.copy_of(other)
    assert third is not second
    assert torch.equal(third[2].weight, torch.ones(1, 5))
    assert third[0].weight.shape == (5, 2)


@pytest.fixture
def trainer():
    dataset = generate(PresetSpec("spiral", points=200))
    trainer = Trainer(dataset, NetworkSpec((6, 5), "tanh"), TrainingSettings("adam", 0.03, batch_size=10))
    trainer.hidden_request = HiddenRequest(2)
    trainer.step(30)
    return trainer


def assert_same_frame(a, b) -> None:
    assert a.metrics == b.metrics
    np.testing.assert_array_equal(a.probabilities, b.probabilities)
    np.testing.assert_array_equal(a.boundary_segments, b.boundary_segments)
    np.testing.assert_array_equal(a.hidden.points, b.hidden.points)
    np.testing.assert_array_equal(a.misclassified, b.misclassified)
    for left, right in zip(a.network.maps, b.network.maps, strict=True):
        np.testing.assert_array_equal(left, right)
    for left, right in zip(a.network.weights, b.network.weights, strict=True):
        np.testing.assert_array_equal(left, right)


def test_a_frozen_snapshot_shows_the_network_as_it_was_when_frozen(trainer):
    before = trainer.snapshot(live=True)
    make = trainer.frozen_snapshot(live=True)
    trainer.step(200)
    frozen = make()
    assert frozen.metrics.step == 30
    assert_same_frame(frozen, before)
    after = trainer.snapshot(live=True)  # the trainer's own snapshots read the trained network again
    assert after.metrics.step == 230
    assert not np.array_equal(after.probabilities, before.probabilities)


def test_a_frozen_snapshot_made_in_another_thread_while_the_steps_run(trainer):
    before = trainer.snapshot(live=True)
    make = trainer.frozen_snapshot(live=True)
    stepped = threading.Event()

    def make_after_steps():  # (made once steps have run: a frame made before the first would test nothing)
        stepped.wait(5.0)
        return make()

    with frames_thread() as frames:
        made = frames.submit(make_after_steps)
        while not made.done():  # the steps go on while the frame is made, changing the weights in place
            trainer.step(5)
            stepped.set()
    assert_same_frame(made.result(), before)
    assert trainer.step_count > 30


def test_a_frozen_snapshot_of_a_fitted_curve():
    dataset = generate(PresetSpec("wave", points=80))
    trainer = Trainer(dataset, NetworkSpec((8,), "tanh"), TrainingSettings("adam", 0.03))
    trainer.step(20)
    before = trainer.snapshot(live=True)
    make = trainer.frozen_snapshot(live=True)
    trainer.step(100)
    frozen = make()
    np.testing.assert_array_equal(frozen.fit_curve, before.fit_curve)
    assert frozen.fit_line == before.fit_line
    assert frozen.metrics == before.metrics


def test_only_the_fast_steps_overlap_frames_and_not_with_the_landscape_drawn(trainer):
    """Autograd's steps hold Python's lock (nothing would run beside them), and the landscape records the path
    the steps take, which the frame reads."""
    assert trainer.overlaps_frames
    trainer.landscape_request = LandscapeRequest()
    assert not trainer.overlaps_frames
    trainer.landscape_request = None
    trainer.use_fast_path = False
    assert not trainer.overlaps_frames


def note_threads(monkeypatch) -> list[str]:
    """The names of the threads snapshots are made in, in order, from now on."""
    threads = []
    snapshot = SnapshotMaker.snapshot

    def noting_thread(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return snapshot(self, *args, **kwargs)

    monkeypatch.setattr(SnapshotMaker, "snapshot", noting_thread)
    return threads


def test_every_frame_while_playing_shows_the_network_at_the_step_it_says(monkeypatch):
    """Frames made beside the steps are each what a network trained to their step gives: a frame read while the
    steps changed the weights would match no step."""
    threads = note_threads(monkeypatch)
    spec, settings = NetworkSpec((6, 4), "tanh"), TrainingSettings("sgd", 0.1, batch_size=10)
    loop = LoopHarness(spec, settings, preset="spiral", points=200)
    try:
        loop.receive("snapshot")
        loop.set("playing", True)
        frames = [loop.snapshot_where(lambda s: s.playing) for _ in range(4)]
        loop.set("playing", False)
        loop.snapshot_where(lambda s: not s.playing)
    finally:
        loop.close()
    assert any(name.startswith("frames") for name in threads)  # live frames come from the frames thread
    assert not threads[0].startswith("frames")  # the first, paused frame from the loop's own
    replay = Trainer(loop.dataset, spec, settings)
    for frame in frames:
        replay.step(frame.metrics.step - replay.step_count)
        again = replay.snapshot(live=True)
        assert again.metrics.step == frame.metrics.step
        np.testing.assert_allclose(frame.probabilities, again.probabilities, rtol=0, atol=1e-6)
        assert frame.metrics.train_loss == pytest.approx(again.metrics.train_loss, rel=1e-5)


def test_in_slow_motion_frames_are_made_between_the_steps(monkeypatch):
    """Slow motion shows every step: its frames are made in the loop's own thread, after each step."""
    threads = note_threads(monkeypatch)
    loop = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("sgd", 0.1))
    try:
        loop.receive("snapshot")
        loop.update(("set", "speed", 30.0), ("set", "playing", True))
        steps = [loop.snapshot_where(lambda s: s.playing).metrics.step for _ in range(3)]
    finally:
        loop.close()
    assert steps == sorted(steps) and steps[-1] > steps[0]
    assert threads and not any(name.startswith("frames") for name in threads)

"""The training loop, driven through a real pipe from a plain thread (no Qt, no child process)."""

from __future__ import annotations

import math
import threading
from multiprocessing import Pipe

import pytest

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import TrainingSettings
from playground.core.training_loop import RateMeter, run_training_loop

TIMEOUT = 30.0


class LoopHarness:
    def __init__(self, spec: NetworkSpec, settings: TrainingSettings, preset: str = "xor") -> None:
        self.connection, child_end = Pipe(duplex=True)
        self.thread = threading.Thread(target=run_training_loop,
                                       args=(child_end, generate(PresetSpec(preset, points=100)), spec, settings))
        self.thread.start()

    def send(self, kind: str, value=None) -> None:
        self.connection.send((kind, value))

    def receive(self, wanted: str):
        """The next message of kind `wanted`, skipping others."""
        while True:
            assert self.connection.poll(TIMEOUT), f"no '{wanted}' message within {TIMEOUT} s"
            kind, payload = self.connection.recv()
            if kind == wanted:
                return payload

    def snapshot_where(self, condition):
        while True:
            snapshot = self.receive("snapshot")
            if condition(snapshot):
                return snapshot

    def close(self) -> None:
        self.send("stop")
        self.receive("stopped")
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


@pytest.fixture
def loop():
    harness = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    yield harness
    harness.close()


def test_first_message_is_the_untrained_snapshot(loop):
    first = loop.receive("snapshot")
    assert first.metrics.step == 0
    assert not first.playing


def test_play_streams_snapshots_and_pause_stops(loop):
    loop.receive("snapshot")
    loop.send("play")
    playing = loop.snapshot_where(lambda s: s.metrics.step > 100)
    assert playing.playing
    assert playing.steps_per_second > 0
    loop.send("pause")
    paused = loop.snapshot_where(lambda s: not s.playing)
    loop.send("step")
    after_step = loop.receive("snapshot")
    assert after_step.metrics.step == paused.metrics.step + 1


def test_reset_and_new_settings_between_steps(loop):
    initial = loop.receive("snapshot")
    loop.send("step")
    loop.send("step")
    assert loop.snapshot_where(lambda s: s.metrics.step == 2)
    loop.send("settings", TrainingSettings("sgd", 0.1))
    loop.send("step")
    after = loop.snapshot_where(lambda s: s.metrics.step == 3)
    assert after.generation == initial.generation  # a new learning rate does not reset
    loop.send("reset")
    reset = loop.snapshot_where(lambda s: s.generation > initial.generation)
    assert reset.metrics.step == 0


def test_divergence_pauses_with_a_message():
    harness = LoopHarness(NetworkSpec((8, 8, 8, 8), "linear"), TrainingSettings("sgd", 10.0), preset="gauss")
    try:
        harness.receive("snapshot")
        harness.send("play")
        harness.receive("paused")
        diverged = harness.snapshot_where(lambda s: s.metrics.diverged)
        assert "learning rate" in diverged.message
        assert not diverged.playing
    finally:
        harness.close()


def test_a_training_failure_is_reported_not_fatal(loop, monkeypatch):
    loop.receive("snapshot")
    loop.send("spec", "not a network spec")  # what a bug would send; the loop must survive it
    assert "Training stopped" in loop.receive("failed")
    loop.send("step")
    assert loop.receive("snapshot").metrics.step == 1


def test_rate_meter_counts_steps_per_second():
    meter = RateMeter()
    assert meter.value == 0.0
    meter.add(0)
    meter.add(500)
    assert meter.value > 0 and math.isfinite(meter.value)
    meter.clear()
    assert meter.value == 0.0


def test_slow_motion_shows_every_step_and_full_speed_returns(loop):
    loop.receive("snapshot")
    loop.send("speed", 20.0)
    loop.send("play")
    steps = [loop.snapshot_where(lambda s: s.playing).metrics.step for _ in range(5)]
    assert steps == list(range(steps[0], steps[0] + 5))  # one frame per step: each update can be watched
    loop.send("speed", None)
    assert loop.snapshot_where(lambda s: s.metrics.step > steps[-1] + 200)
    loop.send("pause")


def test_step_can_take_a_whole_epoch():
    harness = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("sgd", 0.1, batch_size=10))
    try:
        harness.receive("snapshot")
        harness.send("epoch")  # 100 points, half for training, batches of 10: 5 steps make an epoch
        after = harness.receive("snapshot")
        assert after.metrics.step == 5
        assert after.metrics.epoch == 1.0
    finally:
        harness.close()

"""The training loop, driven through a real pipe from a plain thread (no Qt, no child process)."""

from __future__ import annotations

import itertools
import math
import pickle
import threading
import time
from dataclasses import replace
from multiprocessing import Pipe

import numpy as np
import pytest

from playground.core import training_loop
from playground.core.desired_state import DesiredState, Update, dataset_digest, make_patch
from playground.core.edits import AddPoints
from playground.core.hidden_sample import hidden_sample
from playground.core.network import NetworkSpec
from playground.core.notices import slow_steps_notice
from playground.core.presets import PresetSpec, generate
from playground.core.snapshot_maker import LIVE_MIN_SAMPLE, METRICS_SAMPLE
from playground.core.training import Trainer, TrainingSettings
from playground.core.training_loop import (
    HEARTBEAT,
    OVERLAP_SHARE,
    OVERLAP_SMOOTH_SHARE,
    SMOOTH_RATE,
    SMOOTH_SHARE,
    SNAPSHOT_INTERVAL,
    SNAPSHOT_SHARE,
    STOP,
    Inbox,
    RateMeter,
    TrainingLoop,
    run_training_loop,
)

TIMEOUT = 30.0


class Unpolled:
    """The loop's end of the pipe without `poll`: the loop takes its messages from the thread that reads them
    (training_loop.Inbox), never by looking at the pipe between chunks (a system call: it lets Python's lock go,
    and the steps could then wait for the frames thread to give it back)."""

    def __init__(self, end) -> None:
        self._end = end

    def send(self, message) -> None:
        self._end.send(message)

    def send_bytes(self, data: bytes) -> None:
        self._end.send_bytes(data)

    def recv(self):
        return self._end.recv()


class LoopHarness:
    def __init__(self, spec: NetworkSpec, settings: TrainingSettings, preset: str = "xor", points: int = 100,
                 **fields) -> None:
        self.dataset = generate(PresetSpec(preset, points=points))
        self.version = 1
        self.connection, child_end = Pipe(duplex=True)
        state = DesiredState(self.dataset, spec, settings, data_version=self.version, **fields)
        self.thread = threading.Thread(target=run_training_loop, args=(Unpolled(child_end), state))
        self.thread.start()
        self._seq = itertools.count(1)
        self.errors: list[tuple[str, str]] = []

    def update(self, *items) -> int:
        """Send one update of ("set", field, value) / ("do", command, argument) items; returns its seq."""
        seq = next(self._seq)
        self.connection.send(Update(seq, tuple(items)))
        return seq

    def set(self, name: str, value) -> int:
        return self.update(("set", name, value))

    def do(self, name: str, argument=None) -> int:
        return self.update(("do", name, argument))

    def set_data(self, dataset) -> int:
        patch = make_patch(self.dataset, self.version, dataset, self.version + 1)
        self.dataset, self.version = dataset, self.version + 1
        return self.set("dataset", patch)

    def receive(self, wanted: str, timeout: float = TIMEOUT):
        """The payload of the next message of kind `wanted`, skipping others."""
        while True:
            assert self.connection.poll(timeout), f"no '{wanted}' message within {timeout} s"
            message = self.connection.recv()
            if message[0] == "applied":
                self.errors.extend(message[2])
            if message[0] == wanted:
                return message[1:] if len(message) > 2 else message[1]

    def applied(self, seq: int) -> tuple:
        """The errors of update `seq`, once it has been applied."""
        while True:
            applied_seq, errors = self.receive("applied")
            if applied_seq == seq:
                return errors

    def snapshot_where(self, condition):
        while True:
            snapshot = self.receive("snapshot")
            if condition(snapshot):
                return snapshot

    def report(self):
        self.do("report", 7)
        number, report = self.receive("report")
        assert number == 7
        return report

    def close(self) -> None:
        self.connection.send(STOP)
        self.receive("stopped")
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


@pytest.fixture
def loop():
    harness = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    yield harness
    harness.close()


def test_first_message_is_the_untrained_snapshot_stamped_with_its_versions(loop):
    first = loop.receive("snapshot")
    assert first.metrics.step == 0
    assert not first.playing
    assert first.data_version == 1 and first.state_seq == 0


def test_a_process_started_from_a_state_has_applied_the_updates_it_includes():
    """A restarted process begins from the whole desired state, updates up to 41 included: its frames say so (the
    window judges a lesson's goal only on frames that include the update that loaded the step)."""
    harness = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03), seq=41)
    try:
        assert harness.receive("snapshot").state_seq == 41
        harness._seq = itertools.count(42)
        seq = harness.do("step", 3)
        assert harness.snapshot_where(lambda s: s.metrics.step == 3).state_seq == seq == 42
    finally:
        harness.close()


def test_play_streams_snapshots_and_pause_stops(loop):
    loop.receive("snapshot")
    loop.set("playing", True)
    playing = loop.snapshot_where(lambda s: s.metrics.step > 100)
    assert playing.playing
    assert playing.steps_per_second > 0
    loop.update(("set", "playing", False), ("do", "halt", None))
    paused = loop.snapshot_where(lambda s: not s.playing)
    assert paused.steps_per_second == 0  # no stale rate while paused
    loop.do("step", 1)
    after_step = loop.snapshot_where(lambda s: s.metrics.step != paused.metrics.step)
    assert after_step.metrics.step == paused.metrics.step + 1


def test_reset_and_new_settings_between_steps(loop):
    initial = loop.receive("snapshot")
    loop.do("step", 1)
    loop.do("step", 1)
    assert loop.snapshot_where(lambda s: s.metrics.step == 2)
    loop.update(("set", "settings", TrainingSettings("sgd", 0.1)), ("do", "step", 1))
    after = loop.snapshot_where(lambda s: s.metrics.step == 3)
    assert after.generation == initial.generation  # a new learning rate does not reset
    report = loop.report()
    assert report.optimizer == "sgd" and report.learning_rate == 0.1  # read off the optimiser itself
    loop.do("reset")
    reset = loop.snapshot_where(lambda s: s.generation > initial.generation)
    assert reset.metrics.step == 0


def test_each_item_is_applied_on_its_own(loop):
    """A weight for a layer that no longer exists, then new points: the points still arrive."""
    loop.receive("snapshot")
    more = AddPoints(np.array([[0.5, 0.5], [-0.5, 0.25]]), np.array([0, 1]), np.array([False, False]))
    dataset, _ = more.apply(loop.dataset)
    patch = make_patch(loop.dataset, loop.version, dataset, loop.version + 1)
    assert patch.kind == "append" and patch.size == 2  # only the new points travel
    seq = loop.update(("do", "weight", (7, 0, 0, 1.0)), ("set", "dataset", patch))
    errors = loop.applied(seq)
    assert [name for name, _ in errors] == ["weight"]
    assert "no such weight" in errors[0][1] and "Traceback" not in errors[0][1]
    frame = loop.snapshot_where(lambda s: s.state_seq >= seq)
    assert frame.data_version == loop.version + 1
    report = loop.report()
    assert report.data_version == loop.version + 1
    assert report.data_digest == dataset_digest(dataset)
    assert report.n_points == len(dataset)


def test_a_patch_for_the_wrong_version_is_refused_and_the_data_kept(loop):
    loop.receive("snapshot")
    before = loop.report().data_digest
    more, _ = AddPoints(np.array([[0.1, 0.1]]), np.array([1]), np.array([False])).apply(loop.dataset)
    stale = make_patch(loop.dataset, loop.version + 5, more, loop.version + 6)
    errors = loop.applied(loop.set("dataset", stale))
    assert errors and errors[0][0] == "dataset"
    assert loop.report().data_digest == before


def test_a_bad_value_is_reported_not_fatal(loop):
    loop.receive("snapshot")
    errors = loop.applied(loop.set("network", "not a network spec"))  # what a bug would send: survive it
    assert errors[0][0] == "network" and "log file" in errors[0][1]
    loop.do("step", 1)
    assert loop.snapshot_where(lambda s: s.metrics.step == 1)


def test_divergence_pauses_with_a_message():
    harness = LoopHarness(NetworkSpec((8, 8, 8, 8), "linear"), TrainingSettings("sgd", 10.0), preset="gauss")
    try:
        harness.receive("snapshot")
        harness.set("playing", True)
        harness.receive("paused")
        diverged = harness.snapshot_where(lambda s: s.metrics.diverged)
        assert "learning rate" in diverged.message
        assert not diverged.playing
    finally:
        harness.close()


def test_the_loop_says_it_is_alive_while_idle(loop):
    loop.receive("snapshot")
    started = time.monotonic()
    loop.receive("alive", timeout=5 * HEARTBEAT)
    assert time.monotonic() - started < 5 * HEARTBEAT


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
    loop.update(("set", "speed", 20.0), ("set", "playing", True))
    steps = [loop.snapshot_where(lambda s: s.playing).metrics.step for _ in range(5)]
    assert steps == list(range(steps[0], steps[0] + 5))  # one frame per step: each update can be watched
    loop.set("speed", None)
    assert loop.snapshot_where(lambda s: s.metrics.step > steps[-1] + 200)
    loop.set("playing", False)


def test_step_can_take_a_whole_epoch():
    harness = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("sgd", 0.1, batch_size=10))
    try:
        harness.receive("snapshot")
        harness.do("step", "epoch")  # 100 points, half for training, batches of 10: 5 steps make an epoch
        harness.receive("paused")
        after = harness.snapshot_where(lambda s: not s.playing and s.metrics.step > 0)
        assert after.metrics.step == 5
        assert after.metrics.epoch == 1.0
    finally:
        harness.close()


def test_a_long_epoch_step_shows_progress_and_can_be_halted():
    """Batch 1 on many points: an epoch is thousands of steps. Frames come meanwhile, and halt stops it."""
    harness = LoopHarness(NetworkSpec((8, 8), "tanh"), TrainingSettings("sgd", 0.01, batch_size=1), points=20000)
    try:
        harness.receive("snapshot")
        harness.do("step", "epoch")  # 10,000 steps
        busy = harness.snapshot_where(lambda s: s.playing and s.metrics.step > 0)
        harness.applied(harness.do("halt"))
        stopped = harness.report().step
        assert busy.metrics.step <= stopped < 10_000
        harness.receive("alive")  # said only after half a second with nothing else to send: it is idle
        assert harness.report().step == stopped
    finally:
        harness.close()


def test_a_started_loop_begins_from_the_whole_desired_state():
    """The same record restarts a crashed process: every field, focus and hidden request included."""
    from playground.core.hidden_space import HiddenRequest

    view = (-2.0, 2.0, -1.5, 1.5)
    harness = LoopHarness(NetworkSpec((3, 2), "relu"), TrainingSettings("rmsprop", 0.01, batch_size=8),
                          view=view, hidden=HiddenRequest(2), focus=(1, 2), speed=5.0)
    try:
        first = harness.receive("snapshot")
        assert first.bounds == view
        assert first.focus == (1, 2) and first.hidden is not None and first.hidden.layer == 2
        report = harness.report()
        assert report.layer_shapes == ((3, 2), (2, 3), (1, 2))
        assert report.modules.count("ReLU") == 2
        assert (report.optimizer, report.learning_rate, report.batch_size) == ("rmsprop", 0.01, 8)
        assert report.speed == 5.0 and report.view == view
        assert report.data_digest == dataset_digest(harness.dataset)
    finally:
        harness.close()


def test_hidden_frames_carry_their_own_classes(loop):
    from playground.core.hidden_space import HiddenRequest

    loop.receive("snapshot")
    loop.set("hidden", HiddenRequest(1))
    frame = loop.snapshot_where(lambda s: s.hidden is not None).hidden
    np.testing.assert_array_equal(frame.labels, loop.dataset.labels)
    np.testing.assert_array_equal(frame.is_test, loop.dataset.is_test)
    assert frame.data_version == loop.version
    assert len(frame.points) == len(frame.labels)


def test_setting_the_dataset_to_new_classes_keeps_the_versions_in_step(loop):
    loop.receive("snapshot")
    three = replace(generate(PresetSpec("gauss", points=60)), class_names=("a", "b", "c"),
                    class_colours=("#f59322", "#0877bd", "#009e73"), class_markers=None)
    loop.set_data(three)
    frame = loop.snapshot_where(lambda s: s.data_version == loop.version)
    assert frame.probabilities.shape[2] == 3
    assert loop.report().network.n_classes == 3


def test_a_report_comes_after_every_frame_the_process_owes():
    """Paused right after a frame, the loop owes one more (the paused state); a report asked for at once must not
    overtake it, so that once the window has the answer no frame is still on its way (tests and exports rely
    on it)."""
    for _ in range(5):
        harness = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
        try:
            harness.receive("snapshot")
            harness.set("playing", True)
            harness.snapshot_where(lambda s: s.metrics.step > 50)
            harness.update(("set", "playing", False), ("do", "report", 3))
            kinds = []
            while True:
                assert harness.connection.poll(TIMEOUT)
                message = harness.connection.recv()
                kinds.append((message[0], getattr(message[1], "playing", None) if message[0] == "snapshot" else None))
                if message[0] == "report":
                    break
            assert ("snapshot", False) in kinds, kinds  # the paused frame came first
            after = []
            while harness.connection.poll(0.3):  # and no frame after it (the heartbeat is 0.5 s away)
                after.append(harness.connection.recv()[0])
            assert "snapshot" not in after, after
        finally:
            harness.close()


def test_frames_while_training_a_big_case_estimate_the_metrics_and_the_paused_frame_measures_every_point():
    """12,000 points through three layers of 64: frames while playing carry metrics estimated on the fixed sample
    (a point outside it never marked wrong); the frame where training paused measures every point."""
    harness = LoopHarness(NetworkSpec((64, 64, 64), "tanh"), TrainingSettings("adam", 0.01, batch_size=32),
                          points=12_000)
    try:
        assert not harness.receive("snapshot").metrics.estimated  # (paused at the start: every point)
        harness.set("playing", True)
        playing = harness.snapshot_where(lambda s: s.playing and s.metrics.step > 0)
        m = playing.metrics
        data = harness.dataset
        index = hidden_sample(data.points, data.labels, data.is_test, m.sample_size)
        assert m.estimated and m.data_size == 12_000 and LIVE_MIN_SAMPLE <= m.sample_size <= METRICS_SAMPLE
        outside = np.ones(len(data), bool)
        outside[index] = False
        assert len(playing.misclassified) == len(data) and not playing.misclassified[outside].any()
        seq = harness.set("playing", False)
        paused = harness.snapshot_where(lambda s: not s.playing and s.state_seq >= seq)
        assert not paused.metrics.estimated and paused.metrics.data_size == 0
        assert len(paused.misclassified) == len(data)
        harness.do("step", 3)  # the steps asked for: the frame where they end measures every point too
        stepped = harness.snapshot_where(lambda s: s.metrics.step == paused.metrics.step + 3 and not s.playing)
        assert not stepped.metrics.estimated
    finally:
        harness.close()


class Sent:
    """A connection that keeps what is sent."""

    def __init__(self) -> None:
        self.messages: list = []

    def send(self, message) -> None:
        self.messages.append(message)

    def send_bytes(self, data: bytes) -> None:  # (a message pickled already, as the frames thread sends it)
        self.messages.append(pickle.loads(data))

    def poll(self, timeout=0.0) -> bool:
        return False


def slow_loop(batch_size: int) -> tuple[TrainingLoop, Sent]:
    state = DesiredState(generate(PresetSpec("xor", points=1000)), NetworkSpec((4,), "tanh"),
                         TrainingSettings("adam", 0.03, batch_size=batch_size), data_version=1, playing=True)
    sent = Sent()
    loop = TrainingLoop(sent, state)
    loop._trainer = Trainer(state.dataset, state.network, state.settings)
    return loop, sent


def sent_message(loop: TrainingLoop, sent: Sent) -> str:
    loop._send_snapshot()
    return sent.messages[-1][1].message


def test_slow_full_batch_steps_get_one_notice_that_stays_until_the_settings_change():
    """Steps timed (here given, not measured) at about 1.7 a second with every training point in each batch: the
    notice says how many points a step sends, the rate, and what helps; the first chunk (setting up) is not
    counted; the notice is decided once and goes with a change of the settings."""
    loop, sent = slow_loop(batch_size=0)
    n_train = loop._trainer.n_train
    loop._time_steps(5.0, 1)  # the first chunk: not counted
    loop._time_steps(0.6, 1)
    assert sent_message(loop, sent) == ""  # not decided yet: under SLOW_MEASURE seconds timed
    loop._time_steps(0.6, 1)
    notice = sent_message(loop, sent)
    assert notice == slow_steps_notice(n_train, n_train, 2 / 1.2)
    assert notice.startswith(f"Each step sends all {n_train:,} training points through the network: about 2 steps")
    assert "batch size of 32" in notice
    loop._time_steps(10.0, 1)  # decided: later chunks change nothing
    assert sent_message(loop, sent) == notice
    loop._apply(Update(1, (("set", "settings", TrainingSettings("adam", 0.03, batch_size=32)),)))
    assert sent_message(loop, sent) == ""


@pytest.mark.parametrize(("batch_size", "chunks"), [(0, [(0.01, 10)] * 200), (32, [(0.6, 1)] * 4)])
def test_fast_steps_or_a_small_batch_get_no_notice(batch_size, chunks):
    loop, sent = slow_loop(batch_size)
    for seconds, steps in chunks:
        loop._time_steps(seconds, steps)
    assert loop._slow_notice == ""  # decided: not slow (or nothing smaller to suggest)
    assert sent_message(loop, sent) == ""


class Clock:
    """A perf_counter, and a thread_time (the CPU time a thread has worked), that move only when told."""

    def __init__(self) -> None:
        self.now = 100.0
        self.worked = 7.0

    def perf_counter(self) -> float:
        return self.now

    def thread_time(self) -> float:
        return self.worked


def test_a_costly_paused_frame_does_not_hold_back_the_frames_while_training(monkeypatch):
    """A paused frame measures every point and makes the hidden layer's morph (seconds, for a big case): only
    frames taken while training set how often they come (at most SNAPSHOT_SHARE of the time)."""
    clock = Clock()
    monkeypatch.setattr(training_loop, "time", clock)
    loop, _sent = slow_loop(batch_size=0)
    real = loop._trainer.snapshot
    cost = {"seconds": 3.0}

    def costly(*args, **kwargs):
        clock.now += cost["seconds"]
        return real(*args, **kwargs)

    monkeypatch.setattr(loop._trainer, "snapshot", costly)
    loop._playing = False
    loop._send_snapshot()
    assert loop._snapshot_interval() == SNAPSHOT_INTERVAL
    loop._playing = True
    cost["seconds"] = 0.1
    loop._send_snapshot()
    assert loop._snapshot_interval() == pytest.approx(0.1 / SMOOTH_SHARE)
    loop._apply(Update(1, (("set", "network", NetworkSpec((2,), "tanh")),)))  # frames may cost anything now
    assert loop._snapshot_interval() == SNAPSHOT_INTERVAL


@pytest.mark.parametrize(("cost", "interval"), [
    (0.002, SNAPSHOT_INTERVAL),  # cheap frames: as often as the display shows them
    (0.005, 0.005 / SNAPSHOT_SHARE),  # a fifth of the time: 40 a second
    (0.008, 1 / SMOOTH_RATE),  # a fifth would be under 30 a second: 30 a second, at a quarter of the time
    (0.020, 0.020 / SMOOTH_SHARE),  # even a third is not enough for 30: a third of the time
])
def test_frames_take_a_fifth_of_the_time_or_up_to_a_third_to_stay_smooth(cost, interval):
    """Frames taken while training cost at most SNAPSHOT_SHARE of the training process's time; where that would
    mean fewer than SMOOTH_RATE a second (a big network's), up to SMOOTH_SHARE."""
    loop, _sent = slow_loop(batch_size=0)
    loop._snapshot_seconds = cost
    assert loop._snapshot_interval() == pytest.approx(interval)
    assert cost / loop._snapshot_interval() <= max(SNAPSHOT_SHARE, min(SMOOTH_SHARE, cost * SMOOTH_RATE)) + 1e-9


@pytest.mark.parametrize(("cost", "interval"), [
    (0.004, SNAPSHOT_INTERVAL),  # cheap frames made beside the steps: as often as the display shows them
    (0.012, 0.012 / OVERLAP_SHARE),  # half of the other core: 42 a second
    (0.018, 1 / SMOOTH_RATE),  # half would be under SMOOTH_RATE a second (a big network's): SMOOTH_RATE
    (0.040, 0.040 / OVERLAP_SMOOTH_SHARE),  # not even OVERLAP_SMOOTH_SHARE is enough: that share
])
def test_frames_made_beside_the_steps_take_half_of_the_other_core_or_more_to_stay_smooth(cost, interval):
    """Frames made in the frames thread while the steps go on take at most OVERLAP_SHARE of its core; where that
    would mean fewer than SMOOTH_RATE a second (a big network's), up to OVERLAP_SMOOTH_SHARE."""
    loop, _sent = slow_loop(batch_size=0)
    loop._overlapping, loop._snapshot_seconds = True, cost
    assert loop._snapshot_interval() == pytest.approx(interval)
    assert cost / loop._snapshot_interval() <= max(OVERLAP_SHARE, min(OVERLAP_SMOOTH_SHARE, cost * SMOOTH_RATE)) + 1e-9


def test_a_frame_made_beside_the_steps_costs_the_time_its_thread_works_not_the_time_it_waits(monkeypatch):
    """On two cores the steps, the frames and the window make three busy threads, so a frame waits for a core
    part of the time it takes from start to sent (and a big one for the window to read it). What it takes from the
    other core is the time its thread works: here 3 ms of 30, so frames still come as often as the display shows
    them (counted from start to sent, 30 ms would allow one in 60 ms)."""
    clock = Clock()
    monkeypatch.setattr(training_loop, "time", clock)
    loop, sent = slow_loop(batch_size=0)
    frozen = loop._trainer.frozen_snapshot

    def slowly_made(*args, **kwargs):
        make = frozen(*args, **kwargs)

        def make_waiting():
            clock.now += 0.030
            clock.worked += 0.003
            return make()
        return make_waiting

    monkeypatch.setattr(loop._trainer, "frozen_snapshot", slowly_made)
    loop._overlapping, loop._playing = True, False  # (no steps meanwhile: only the frame is timed)
    try:
        loop._send_overlapped()
    finally:
        loop._frames.shutdown(wait=True)
    assert sent.messages[-1][0] == "snapshot"
    assert loop._snapshot_seconds == pytest.approx(0.003)
    assert loop._snapshot_interval() == SNAPSHOT_INTERVAL


def test_the_inbox_gives_the_messages_in_order_then_stops_reading_at_stop():
    ours, theirs = Pipe(duplex=True)
    inbox = Inbox(theirs)
    assert not inbox.wait(0.0) and inbox.take() is None
    for message in ("a", ("shown", 3), STOP):
        ours.send(message)
    taken = []
    while len(taken) < 3:
        assert inbox.wait(TIMEOUT)
        taken.append(inbox.take())
    assert taken == ["a", ("shown", 3), STOP]
    inbox._thread.join(TIMEOUT)
    assert not inbox._thread.is_alive()  # (nothing reads after STOP)
    ours.close()
    theirs.close()


def test_a_window_gone_fails_the_inbox_take_as_reading_the_pipe_would():
    ours, theirs = Pipe(duplex=True)
    inbox = Inbox(theirs)
    ours.send("last words")
    ours.close()
    assert inbox.wait(TIMEOUT) and inbox.take() == "last words"
    assert inbox.wait(TIMEOUT)
    with pytest.raises(EOFError):
        inbox.take()
    inbox._thread.join(TIMEOUT)
    assert not inbox._thread.is_alive()
    theirs.close()

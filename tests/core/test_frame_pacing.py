"""Frame pacing: once the window says which frame it has taken to paint, the training loop sends at most one
frame ahead of it, so no snapshot is made only to be dropped; a window that never says so gets frames as before."""

from __future__ import annotations

import threading
import time

import pytest

from playground.core import training_loop
from playground.core.network import NetworkSpec
from playground.core.training import TrainingSettings
from playground.core.training_loop import ACK_PATIENCE, CHUNK_SECONDS, SHOWN, SNAPSHOT_INTERVAL, WAIT_CHUNK_SECONDS
from playground.training_process import SHOWN as WINDOW_SHOWN

from .test_training_loop import Clock, LoopHarness, slow_loop


def snapshots_within(loop: LoopHarness, seconds: float) -> list:
    """Every snapshot that arrives within `seconds` (other messages skipped)."""
    found, end = [], time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if loop.connection.poll(left):
            message = loop.connection.recv()
            if message[0] == "snapshot":
                found.append(message[1])
    return found


def test_the_window_and_the_loop_say_shown_alike():
    assert SHOWN == WINDOW_SHOWN


def test_frames_are_numbered_and_stream_freely_while_the_window_says_nothing():
    loop = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    try:
        first = loop.receive("snapshot")
        loop.set("playing", True)
        later = snapshots_within(loop, 40 * SNAPSHOT_INTERVAL)
        assert first.serial == 1
        assert len(later) >= 3
        assert [s.serial for s in later] == list(range(2, 2 + len(later)))
    finally:
        loop.close()


def test_after_the_window_takes_a_frame_only_the_next_one_comes_until_it_takes_that():
    loop = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    try:
        first = loop.receive("snapshot")
        loop.connection.send((SHOWN, first.serial))
        loop.set("playing", True)
        # Many snapshot intervals, well within the patience: one frame ahead of what was taken, no more.
        waited = min(ACK_PATIENCE / 2, 30 * SNAPSHOT_INTERVAL)
        ahead = snapshots_within(loop, waited)
        assert [s.serial for s in ahead] == [first.serial + 1]
        loop.connection.send((SHOWN, ahead[0].serial))
        following = loop.receive("snapshot")
        assert following.serial == ahead[0].serial + 1
        assert following.metrics.step > ahead[0].metrics.step  # training went on meanwhile
    finally:
        loop.close()


def test_a_silent_window_still_gets_a_frame_now_and_then():
    loop = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    try:
        first = loop.receive("snapshot")
        loop.connection.send((SHOWN, first.serial))
        loop.set("playing", True)
        frames = snapshots_within(loop, 2.5 * ACK_PATIENCE)
        assert 2 <= len(frames) <= 4  # the one ahead, then one after each patience
    finally:
        loop.close()


def test_paused_a_change_is_shown_without_waiting_for_the_window():
    loop = LoopHarness(NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03))
    try:
        first = loop.receive("snapshot")
        loop.connection.send((SHOWN, first.serial))
        loop.set("view", (-5.0, 5.0, -5.0, 5.0))
        second = loop.receive("snapshot")
        assert second.bounds == (-5.0, 5.0, -5.0, 5.0)
        # The window has not taken the second frame yet: paused, the next change is shown all the same, at once
        # (the window relies on it: once the process has answered a later question, no frame is still to come).
        loop.set("view", (-4.0, 4.0, -4.0, 4.0))
        third = loop.receive("snapshot", timeout=ACK_PATIENCE / 2)
        assert third.bounds == (-4.0, 4.0, -4.0, 4.0)
    finally:
        loop.close()


# ----- a frame starts when it can, not up to a chunk late ------------------------------------------------------
PER_STEP = 0.0001  # seconds a step takes in these tests (given, not measured)


def paced_loop(monkeypatch):
    """A loop playing at full speed whose steps are counted, not run, on a clock that moves only when told;
    chunks of CHUNK_SECONDS are 50 steps."""
    clock = Clock()
    monkeypatch.setattr(training_loop, "time", clock)
    loop, _sent = slow_loop(batch_size=0)
    chunks: list[int] = []

    def step(count: int) -> int:
        chunks.append(count)
        clock.now += count * PER_STEP
        return count

    monkeypatch.setattr(loop._trainer, "step", step)
    loop._per_step, loop._chunk = PER_STEP, round(CHUNK_SECONDS / PER_STEP)
    return loop, clock, chunks


def test_a_chunk_ends_when_the_next_frame_is_due(monkeypatch):
    loop, clock, chunks = paced_loop(monkeypatch)
    loop._last_snapshot = clock.now - SNAPSHOT_INTERVAL + 0.00203  # due in 2.03 ms: 20 steps
    loop._advance()
    loop._last_snapshot = clock.now - 0.002  # due in about 15 ms: a whole chunk
    loop._advance()
    assert chunks == [20, 50]


def test_a_due_frame_waiting_for_the_window_gets_short_chunks_and_starts_at_its_word(monkeypatch):
    """Due, but the window has not taken the last frame yet: its word may come at any moment, so the steps go on
    WAIT_CHUNK_SECONDS at a time; once it has come, one step, then the frame."""
    loop, clock, chunks = paced_loop(monkeypatch)
    loop._serial, loop._taken = 3, 2  # frame 3 sent, not taken yet
    loop._last_snapshot = clock.now - 2 * SNAPSHOT_INTERVAL
    loop._advance()
    loop._advance()
    loop._taken = 3
    loop._advance()
    assert chunks == [round(WAIT_CHUNK_SECONDS / PER_STEP)] * 2 + [1]
    assert loop._chunk == 50 and loop._per_step == PER_STEP  # (chunks cut short do not size the next ones)


def test_while_a_frame_is_made_the_chunks_end_when_it_should_be_sent(monkeypatch):
    """A frame made beside the steps: the chunks run until it should be sent (its recent frames' time from start
    to sent), then a little at a time until it has been."""
    loop, clock, chunks = paced_loop(monkeypatch)
    loop._last_snapshot = clock.now
    loop._frame_expected = clock.now + 0.01203
    for _ in range(4):
        loop._advance()
    assert chunks == [50, 50, 20, round(WAIT_CHUNK_SECONDS / PER_STEP)]


def test_the_steps_run_until_a_frame_made_beside_them_is_sent_and_the_next_expects_as_long(monkeypatch):
    """In _send_overlapped the chunks are cut by the frame's expected time from start to sent, learnt from the
    frames made: the first is expected at once (chunks of WAIT_CHUNK_SECONDS), the next as long as the first took
    (whole chunks first); no frame is expected once it has been sent."""
    loop, clock, chunks = paced_loop(monkeypatch)
    done = threading.Event()  # set by the steps once the frame has taken frame_seconds of the clock
    frame_seconds = 0.0145
    frozen = loop._trainer.frozen_snapshot

    def slowly_made(*args, **kwargs):
        make = frozen(*args, **kwargs)

        def make_late():
            done.wait(5.0)
            return make()
        return make_late

    def step(count: int) -> int:
        chunks.append(count)
        if not done.is_set():  # (the clock stops once the frame is done: it is sent at that moment)
            clock.now += count * PER_STEP
            if clock.now - started >= frame_seconds:
                done.set()
        return count

    monkeypatch.setattr(loop._trainer, "frozen_snapshot", slowly_made)
    monkeypatch.setattr(loop._trainer, "step", step)
    loop._overlapping = True
    wait_chunk = round(WAIT_CHUNK_SECONDS / PER_STEP)
    try:
        started = clock.now
        loop._send_overlapped()
        assert loop._frame_expected is None
        assert chunks[:15] == [wait_chunk] * 15  # (nothing expected yet: a little at a time from the start)
        assert loop._frame_took == pytest.approx(clock.now - started) and clock.now - started >= frame_seconds
        chunks.clear()
        done.clear()
        started = clock.now
        loop._send_overlapped()
        assert chunks[:2] == [50, 50]  # (expected in about 15 ms: whole chunks first)
    finally:
        loop._frames.shutdown(wait=True)

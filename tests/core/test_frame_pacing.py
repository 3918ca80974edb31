"""Frame pacing: once the window says which frame it has taken to paint, the training loop sends at most one
frame ahead of it, so no snapshot is made only to be dropped; a window that never says so gets frames as before."""

from __future__ import annotations

import time

from playground.core.network import NetworkSpec
from playground.core.training import TrainingSettings
from playground.core.training_loop import ACK_PATIENCE, SHOWN, SNAPSHOT_INTERVAL
from playground.training_process import SHOWN as WINDOW_SHOWN

from .test_training_loop import LoopHarness


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

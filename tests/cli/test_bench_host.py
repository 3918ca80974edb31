"""What the bench says about the machine: each thread's CPU time as the system counts it, the cores the window,
the steps and the frames used, and how busy the computer was."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from playground import bench_host
from playground.bench_host import HOST_CHECK_RUNS, CoreWatch, cores_together, host_check_ms, thread_cpu_seconds

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="threads' CPU times are read on Linux")
TICK = 1 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01  # the system's unit of CPU time


class Burner:
    """A thread that works for `seconds` of its own CPU time, then waits (using none) until released."""

    def __init__(self, seconds: float) -> None:
        self.worked = 0.0
        self.done, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run, args=(seconds,))
        self.thread.start()
        assert self.done.wait(60)

    def _run(self, seconds: float) -> None:
        self.native_id = threading.get_native_id()
        started = time.thread_time()
        total = 0
        while time.thread_time() - started < seconds:
            total += sum(range(1000))
        self.worked = time.thread_time() - started
        self.done.set()
        self.release.wait(60)

    def stop(self) -> None:
        self.release.set()
        self.thread.join(60)


@linux_only
def test_a_threads_cpu_time_is_read_as_the_thread_itself_counts_it():
    burner = Burner(0.3)
    try:
        times = thread_cpu_seconds(os.getpid())
        assert burner.native_id in times and os.getpid() in times  # (the main thread's id is the process's)
        assert times[burner.native_id] == pytest.approx(burner.worked, abs=2 * TICK)
    finally:
        burner.stop()


@linux_only
def test_the_cores_used_are_split_into_the_window_the_steps_and_the_other_threads():
    """The same process plays both parts here: its main thread is 'the steps', the burner 'the frames'."""
    watch = CoreWatch(os.getpid(), os.getpid())
    outer_start = time.perf_counter()
    watch.start()
    burner = Burner(0.3)
    try:
        cores = watch.cores()
        elapsed = time.perf_counter() - outer_start
        assert set(cores) == {"window", "training_steps", "training_frames", "all"}
        # (the watch's own interval lies within this one, a little shorter; the system counts in ticks)
        slack = 2 * TICK / elapsed
        assert burner.worked / elapsed - slack <= cores["training_frames"] <= burner.worked / (elapsed - 0.05) + slack
        assert cores["window"] >= cores["training_frames"] - 0.01  # (every thread of the window's process)
        assert cores["all"] == pytest.approx(cores["window"] + cores["training_steps"] + cores["training_frames"],
                                             abs=0.02)
    finally:
        burner.stop()


def test_where_the_system_does_not_say_there_are_no_cores_to_report(monkeypatch):
    assert CoreWatch(os.getpid(), None).cores() is None  # (never started)
    gone = CoreWatch(os.getpid(), 2**22 + 12345)  # (above any process id Linux gives)
    gone.start()
    assert thread_cpu_seconds(2**22 + 12345) == {} and gone.cores() is None
    monkeypatch.setattr(bench_host.sys, "platform", "darwin")
    assert thread_cpu_seconds(os.getpid()) == {}
    watch = CoreWatch(os.getpid(), os.getpid())
    watch.start()
    assert watch.cores() is None


def test_the_host_check_is_the_median_of_its_runs(monkeypatch):
    """A run is slow when the computer is busy in bursts: the median, not the fastest, says how it was."""
    run_ms = [10.0, 30.0, 20.0, 50.0, 40.0]
    assert len(run_ms) == HOST_CHECK_RUNS
    clock = iter([value for ms in run_ms for value in (0.0, ms / 1000)])
    monkeypatch.setattr(bench_host.time, "perf_counter", lambda: next(clock))
    assert host_check_ms() == 30.0


def test_the_suites_text_says_how_busy_the_computer_was_where_the_cores_went_and_the_headless_runs():
    from playground.bench_suite import suite_text

    network = {"headless_steps_per_second": 100.0, "headless_runs_steps_per_second": [110.0, 90.0],
               "headless_epochs_per_second": 4.0,
               "window_steps_per_second": 80.0, "window_epochs_per_second": 3.2, "window_share_of_headless": 0.8,
               "frames_per_second": 50.0, "frame_interval_ms_p50": 20.0, "frame_interval_ms_p99": 30.0,
               "cores": {"window": 0.61, "training_steps": 0.83, "training_frames": 0.32, "all": 1.76},
               "snapshot_ms": {"total": 2.0, "boundary": 1.0}}
    result = {"workload": "w", "device": "CPU", "host_check_ms": [91.5, 230.0], "cores_together": 0.74,
              "networks": {"4,2": network},
              "start": {"runs": 1, "window_painted_s": 0.5, "training_ready_s": 1.5}}
    text = suite_text(result)
    assert "host check: 91.5 ms before, 230.0 ms after (2,000,000 additions in Python" in text
    assert f"cores     1.76 of {os.cpu_count()}: window 0.61, training steps 0.83, frames beside them 0.32" in text
    assert "headless  100.0 steps/s, 4.0 epochs/s (the mean of 110.0 before the window's run and 90.0 after it)" \
        in text
    assert "cores together: a core runs the host check at 0.74 of its speed alone while another core runs it too" \
        in text
    del network["cores"], result["host_check_ms"], network["headless_runs_steps_per_second"]  # (not measured:
    result["cores_together"] = None  # not said)
    assert "host check" not in suite_text(result) and "cores" not in suite_text(result)
    assert "headless  100.0 steps/s, 4.0 epochs/s\n" in suite_text(result)


def test_cores_together_is_a_cores_speed_beside_a_busy_one_against_alone(monkeypatch):
    """The host check alone, then while a second process runs the same loop on the other core: 100 ms alone and
    125 ms beside it is 0.8 of the speed. The busy process is there during the second check only, and gone after."""
    import multiprocessing

    if (os.cpu_count() or 1) < 2:
        assert cores_together() is None
        return
    seen = []

    def check() -> float:
        seen.append(len(multiprocessing.active_children()))
        return [100.0, 125.0][len(seen) - 1]

    monkeypatch.setattr(bench_host, "host_check_ms", check)
    assert cores_together() == 0.8
    assert seen == [0, 1] and not multiprocessing.active_children()
    seen[:] = [0]  # (a check alone just made is not made again: only the one beside the busy process)
    assert cores_together(100.0) == 0.8
    assert seen == [0, 1] and not multiprocessing.active_children()

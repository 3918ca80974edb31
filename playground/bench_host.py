"""What the machine gave a measurement: how busy it was, and where its cores went.

- `host_check_ms`: a fixed piece of pure Python (two million additions, five times), timed before and after
  measuring. On a computer shared with others (a virtual machine) the same code can run two or three times
  slower from one minute to the next, and the system does not count the time taken from it; these numbers say
  what the minutes were like, so that figures from different runs can be compared.
- `cores_together`: how fast a core runs the host check while another core runs the same, against its speed
  alone. On some computers (a virtual machine whose two cores are two threads of one physical core, or a host
  busy with others) a core slows down by a quarter or more as soon as the other one works: then the steps in
  the window, with the window painting on the other core, cannot keep the headless rate's pace per second of
  CPU, whatever the program does. A Python loop beside a Python loop does not show every such slowdown: the
  steps' arithmetic can lose a quarter where the check reads 1.0.
- `CoreWatch`: how many cores the window's process, the training steps and the training process's other threads
  (the frames made beside the steps) each used while the window trained, from every thread's CPU time as the
  system counts it (Linux; elsewhere the bench leaves it out). On two cores the three together are the budget: a
  frame rate, a training rate and these numbers go up and down together."""

from __future__ import annotations

import os
import statistics
import sys
import time

HOST_CHECK_ADDITIONS = 2_000_000
HOST_CHECK_RUNS = 5  # (a shared computer's slowness comes in bursts: the fastest run would miss it)


def _additions(count: int) -> int:
    """The host check's work: `count` additions in a Python loop."""
    total = 0
    for i in range(count):
        total += i
    return total


def host_check_ms() -> float:
    """The median of HOST_CHECK_RUNS runs of HOST_CHECK_ADDITIONS additions in a Python loop, in ms."""
    times = []
    for _ in range(HOST_CHECK_RUNS):
        started = time.perf_counter()
        _additions(HOST_CHECK_ADDITIONS)
        times.append(time.perf_counter() - started)
    return round(1000 * statistics.median(times), 1)


def _keep_busy(started, stop) -> None:
    """(In a process of its own) the host check's loop, over and over, until `stop` is set."""
    started.set()
    while not stop.is_set():
        _additions(HOST_CHECK_ADDITIONS // 20)


def cores_together(alone_ms: float | None = None) -> float | None:
    """The host check's speed on one core while a process keeps another core busy with the same loop, as a share
    of its speed alone (`alone_ms`: a host check just made, else one is made now): 1.0 when the cores do not slow
    each other down. None on a single core, or where the second process could not start."""
    if (os.cpu_count() or 1) < 2:
        return None
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    started, stop = context.Event(), context.Event()
    alone = alone_ms if alone_ms is not None else host_check_ms()
    other = context.Process(target=_keep_busy, args=(started, stop), daemon=True)
    try:
        other.start()
        if not started.wait(30.0):
            return None
        beside = host_check_ms()
    except OSError:
        return None
    finally:
        stop.set()
        if other.pid is not None:
            other.join(5.0)
            if other.is_alive():
                other.kill()
                other.join()
    return round(alone / beside, 2)


def thread_cpu_seconds(pid: int | None) -> dict[int, float]:
    """The CPU time (user and system, in seconds) that each thread of process `pid` has used so far, by thread id;
    empty where the system does not say (not Linux, or the process has gone)."""
    if pid is None or not sys.platform.startswith("linux"):
        return {}
    tasks = f"/proc/{pid}/task"
    try:
        names = os.listdir(tasks)
    except OSError:
        return {}
    ticks = os.sysconf("SC_CLK_TCK")
    times = {}
    for name in names:
        try:
            with open(f"{tasks}/{name}/stat", encoding="ascii", errors="replace") as stat:
                # after the name in parentheses (which may hold spaces): the state, ..., utime and stime, the
                # 14th and 15th fields of the line
                fields = stat.read().rpartition(")")[2].split()
            times[int(name)] = (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, ValueError, IndexError):  # (a thread that ended meanwhile)
            continue
    return times


class CoreWatch:
    """Cores used between `start` and `cores`, by the window's process (all its threads), the training process's
    main thread (the one that runs the steps) and its other threads (the frames made beside the steps)."""

    def __init__(self, window_pid: int, training_pid: int | None) -> None:
        self.window_pid, self.training_pid = window_pid, training_pid
        self._started: tuple[float, dict[int, float], dict[int, float]] | None = None

    def start(self) -> None:
        self._started = (time.perf_counter(), thread_cpu_seconds(self.window_pid),
                         thread_cpu_seconds(self.training_pid))

    def cores(self) -> dict[str, float] | None:
        """{"window", "training_steps", "training_frames", "all"}: cores used on average (1.0: one core all the
        time); None where the threads' times cannot be read."""
        if self._started is None:
            return None
        started, window_before, training_before = self._started
        elapsed = time.perf_counter() - started
        window, training = thread_cpu_seconds(self.window_pid), thread_cpu_seconds(self.training_pid)
        if elapsed <= 0 or not window or self.training_pid not in training:
            return None

        def used(now: dict[int, float], before: dict[int, float], threads) -> float:
            return sum(now[t] - before.get(t, 0.0) for t in threads)

        steps_thread = {self.training_pid}  # (the process's first thread has the process's id)
        shares = {"window": used(window, window_before, window),
                  "training_steps": used(training, training_before, steps_thread),
                  "training_frames": used(training, training_before, set(training) - steps_thread)}
        shares["all"] = sum(shares.values())
        return {name: round(value / elapsed, 2) for name, value in shares.items()}

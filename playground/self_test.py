"""The app's self-test, `playground --self-test` (in a packaged app: `NeuralPlayground --self-test`).

It opens the real main window (offscreen when there is no display), trains the default scenario for a couple
of seconds through the real training process, checks that snapshots arrived and the loss fell, prints one
JSON line and exits 0, or 1 with "ok": false and the reason. It is what an installer's smoke test runs, so it
never hangs: a Qt timer ends it after `--timeout` seconds, and a watchdog thread ends the process if even
the event loop is stuck.

Times in the JSON line are seconds since the process started (where the system says when that was, on Linux;
otherwise since this module began): "window_s" when the event loop first ran with the window shown,
"first_frame_s" when the first picture of the untrained network was on screen (the training process is up).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import threading
import time

from . import __version__

STARTED = time.perf_counter()
DEFAULT_SECONDS = 2.0
DEFAULT_TIMEOUT = 60.0


def _seconds_since_process_start() -> float:
    """Wall-clock seconds since this process was started, or since this module was imported where the system
    does not say (only Linux's /proc does, cheaply)."""
    try:
        with open("/proc/self/stat") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as uptime:
            now = float(uptime.read().split()[0])
        return max(0.0, now - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - STARTED


def _finite(value: float) -> float | None:
    return round(value, 6) if math.isfinite(value) else None


def run_self_test(seconds: float = DEFAULT_SECONDS, timeout: float = DEFAULT_TIMEOUT) -> dict:
    """Train the default scenario in the real window for `seconds`; the result as a dict with "ok"."""
    offset = _seconds_since_process_start() - (time.perf_counter() - STARTED)  # process start -> STARTED

    def since_start() -> float:
        return round(offset + time.perf_counter() - STARTED, 3)

    from .app import _application, _ensure_platform

    _ensure_platform(headless=False)  # a real window under X11/Wayland, offscreen without a display
    import torch

    torch.set_num_threads(1)
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication

    from .core.scenario import Scenario
    from .gui.main_window import MainWindow
    from .gui.session import Session

    app = _application()
    result: dict = {"ok": False, "version": __version__, "frozen": bool(getattr(sys, "frozen", False)),
                    "platform": QGuiApplication.platformName()}
    arrived = []  # every snapshot the window showed
    failures = []  # messages of a training process that could not start or crashed
    window = MainWindow(Session(Scenario()))
    window.snapshot_shown.connect(arrived.append)
    window.worker.failed.connect(failures.append)
    window.show()
    phase = {"name": "starting"}
    clock = QTimer()  # the training time; precise, as Qt's default coarse timers may fire 5% early
    clock.setSingleShot(True)
    clock.setTimerType(Qt.TimerType.PreciseTimer)

    def finish(reason: str | None = None) -> None:
        if phase["name"] == "done":
            return
        phase["name"] = "done"
        if reason is not None:
            result["reason"] = reason
        window.close()  # stops the training process
        app.quit()

    def window_shown() -> None:
        result["window_s"] = since_start()
        wait_for_first_frame()

    def wait_for_first_frame() -> None:
        if phase["name"] == "done":
            return
        if failures:
            finish(f"training failed: {failures[0]}")
            return
        shown = window.latest_snapshot
        if shown is None:
            QTimer.singleShot(20, wait_for_first_frame)
            return
        result["first_frame_s"] = since_start()
        result["device"] = shown.device
        result["loss_start"] = _finite(shown.metrics.train_loss)
        phase.update(name="training", first=len(arrived), started=time.perf_counter())
        window.play()
        clock.start(round(seconds * 1000))

    def stop_training() -> None:
        if phase["name"] == "done":
            return
        window.pause()
        training_seconds = time.perf_counter() - phase["started"]
        shown = window.latest_snapshot
        last = arrived[-1] if arrived else shown
        loss_start, loss_end = result["loss_start"], _finite(last.metrics.train_loss)
        result.update(snapshots=len(arrived) - phase["first"], loss_end=loss_end, steps=last.metrics.step,
                      seconds=round(training_seconds, 3), shown_step=shown.metrics.step)
        if failures:
            finish(f"training failed: {failures[0]}")
        elif result["snapshots"] < 2:
            finish(f"only {result['snapshots']} snapshots arrived in {training_seconds:.1f} s of training")
        elif loss_start is None or loss_end is None or not loss_end < loss_start:
            finish(f"the loss did not fall: {loss_start} -> {loss_end}")
        elif shown.metrics.step <= 0:
            finish("the window never showed a trained network")
        else:
            result["ok"] = True
            finish()

    clock.timeout.connect(stop_training)
    QTimer.singleShot(0, window_shown)
    QTimer.singleShot(round(timeout * 1000), lambda: finish(f"timed out after {timeout:g} s ({phase['name']})"))
    app.exec()
    window.worker.stop()  # already stopped by close(); makes sure, whatever happened
    result["total_s"] = since_start()
    return result


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="playground --self-test",
                                     description="Open the window, train for a moment, print one JSON line.")
    parser.add_argument("--self-test", action="store_true", required=True)
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS, help="how long to train (default 2)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="give up after this many seconds (default 60)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _arguments(argv)
    if not (0.1 <= args.seconds <= 600 and args.seconds < args.timeout):
        print(json.dumps({"ok": False, "reason": "--seconds must be between 0.1 and 600, and below --timeout"}))
        return 2

    def hung() -> None:  # the event loop itself is stuck: say so and end the process the hard way
        print(json.dumps({"ok": False, "reason": f"hung: no answer {args.timeout + 15:g} s after the start"}),
              flush=True)
        os._exit(1)

    watchdog = threading.Timer(args.timeout + 15, hung)
    watchdog.daemon = True
    watchdog.start()
    try:
        result = run_self_test(args.seconds, args.timeout)
    except Exception as error:  # report anything at all as one line, as promised
        result = {"ok": False, "reason": f"{type(error).__name__}: {error}"}
    finally:
        watchdog.cancel()
        watchdog.join()
    print(json.dumps(result), flush=True)
    return 0 if result.get("ok") else 1

"""`playground bench --gui --record VIEW`: how much recording slows the live window.

The real window trains at full speed (offscreen) in alternating stretches, without recording and while recording
a view, and counts the frames it paints and the steps it trains in each. Recording must not cost the window more
than a tenth of its frames."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

STRETCHES = ("off", "on", "off", "on", "off", "on")  # alternating, so that a slow drift counts for both sides


def bench_recording(scenario, seconds: float, view: str, suffix: str = ".mp4") -> dict:
    from .app import _application, _ensure_platform

    _ensure_platform(headless=True)
    from PySide6.QtCore import QTimer

    from .gui.main_window import MainWindow
    from .gui.session import Session

    app = _application()
    window = MainWindow(Session(replace(scenario, speed=None)), autosave=False)  # measured at full speed
    window.resize(1280, 820)
    window.controls_action.setChecked(False)  # room for the hidden space beside the plane
    window.show()
    shown: list[tuple[float, int]] = []  # (when, step) of every frame painted
    window.snapshot_shown.connect(lambda snapshot: shown.append((time.perf_counter(), snapshot.metrics.step)))
    recorder = window.recorder
    folder = Path(tempfile.mkdtemp(prefix="playground-bench-"))
    stretch_s = seconds / len(STRETCHES)
    totals = {"off": [0.0, 0, 0], "on": [0.0, 0, 0]}  # seconds, frames painted, steps trained
    counts = {"recorded": 0, "dropped": 0}
    state: dict = {"index": 0}

    def begin() -> None:
        if not shown:  # the training process is still starting
            QTimer.singleShot(50, begin)
            return
        if state["index"] == 0:
            window.play()
            QTimer.singleShot(1000, next_stretch)  # warm up: the first frames at full speed are not typical
            return
        next_stretch()

    def next_stretch() -> None:
        kind = STRETCHES[state["index"]]
        if kind == "on" and not recorder.start(view, suffix):
            state["error"] = window.statusBar().currentMessage()
            finish()
            return
        state["start"] = time.perf_counter()
        QTimer.singleShot(round(stretch_s * 1000), end_stretch)

    def end_stretch() -> None:
        kind = STRETCHES[state["index"]]
        start, end = state["start"], time.perf_counter()
        inside = [step for when, step in shown if start <= when <= end]
        total = totals[kind]
        total[0] += end - start
        total[1] += len(inside)
        total[2] += (inside[-1] - inside[0]) if len(inside) > 1 else 0
        if kind == "on":
            counts["recorded"] += recorder.frames
            counts["dropped"] += recorder.dropped
            recorder.stop(str(folder / f"bench-{state['index']}{suffix}"))
        state["index"] += 1
        if state["index"] == len(STRETCHES):
            finish()
        else:
            wait_for_encoder()

    def wait_for_encoder() -> None:  # the file is finished before the next stretch, so it costs neither side
        if recorder.encoder is not None and not recorder.encoder.done:
            QTimer.singleShot(20, wait_for_encoder)
            return
        next_stretch()

    def finish() -> None:
        window.close()
        app.quit()

    QTimer.singleShot(200, begin)
    app.exec()
    if "error" in state:
        from .options import UsageError

        raise UsageError(f"--record {view}: {state['error']}")
    for file in folder.iterdir():
        file.unlink()
    os.rmdir(folder)
    off, on = totals["off"], totals["on"]
    fps_off = off[1] / off[0] if off[0] else 0.0
    fps_on = on[1] / on[0] if on[0] else 0.0
    return {"mode": "gui-record", "view": view, "format": suffix[1:], "network": scenario.network.describe(),
            "frames_per_second_without": round(fps_off, 1), "frames_per_second_recording": round(fps_on, 1),
            "slowdown_percent": round(100 * (1 - fps_on / fps_off), 1) if fps_off else None,
            "steps_per_second_without": round(off[2] / off[0], 1) if off[0] else None,
            "steps_per_second_recording": round(on[2] / on[0], 1) if on[0] else None,
            "recorded_frames": counts["recorded"], "dropped_frames": counts["dropped"],
            "recorded_per_second": round(counts["recorded"] / on[0], 1) if on[0] else None}

"""`playground bench --gui` times clicks: a click on the network diagram every second while training, from its
posting to the repaint it causes, and the window's CPU time per frame."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_bench_gui_reports_click_latency_and_the_windows_cost_per_frame(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLAYGROUND_HOME": str(tmp_path)}
    seconds = 3.5
    run = subprocess.run([sys.executable, "-m", "playground", "bench", "--gui", "--preset", "xor", "--seconds",
                          str(seconds), "--json"], cwd=REPO, env=env, capture_output=True, text=True, timeout=240,
                         check=False)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    # One click a second, each waiting for the one before to show: at least one, never more than one a second.
    assert 1 <= result["clicks"] <= seconds
    assert 0 < result["click_ms_p50"] <= result["click_ms_max"]
    assert result["frames_per_second"] > 0 and result["window_cpu_ms_per_frame"] > 0
    assert len(result["host_check_ms"]) == 2 and min(result["host_check_ms"]) > 0  # (before and after)
    if sys.platform.startswith("linux"):  # the cores each part used: the window, the steps, the frames beside them
        cores = result["cores"]
        assert cores["window"] > 0 and cores["training_steps"] > 0 and cores["training_frames"] > 0
        assert cores["all"] == pytest.approx(cores["window"] + cores["training_steps"] + cores["training_frames"],
                                             abs=0.02)
        assert cores["all"] <= os.cpu_count() + 0.05
    for key in ("steps_per_second", "snapshots_per_second", "frame_interval_ms_p50", "window_mb", "training_mb"):
        assert key in result  # the keys it had before stay

"""`playground --self-test` run from source, as the packaged app runs it: the real window and training process,
one JSON line on stdout, exit status 0 (or 1 with the reason). The runs start together, up front, since each
imports torch and Qt (a few seconds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
TIMEOUT_S = 180
RUNS = {
    "default": [],
    "timing-out": ["--seconds", "0.1", "--timeout", "0.2"],  # gives up long before the first frame can come
    "bad-seconds": ["--seconds", "0"],
}


@pytest.fixture(scope="module")
def runs():
    started = {name: subprocess.Popen([sys.executable, "-m", "playground", "--self-test", *args], cwd=REPO, env=ENV,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name, args in RUNS.items()}
    finished: dict[str, tuple[int, str, str]] = {}
    try:
        for name, process in started.items():
            out, err = process.communicate(timeout=TIMEOUT_S)
            finished[name] = (process.returncode, out, err)
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    return finished


def one_json_line(out: str) -> dict:
    lines = out.splitlines()
    assert len(lines) == 1, f"expected one line on stdout, got {lines!r}"
    return json.loads(lines[0])


def test_self_test_trains_the_default_scenario_and_reports_it(runs):
    code, out, err = runs["default"]
    assert code == 0, out + err
    result = one_json_line(out)
    assert result["ok"] is True
    assert result["snapshots"] >= 2
    assert result["loss_end"] < result["loss_start"]
    assert result["steps"] > 0 and result["shown_step"] > 0
    assert 1.5 < result["seconds"] < 30
    assert result["device"] == ("CPU" if not torch.cuda.is_available() else result["device"])
    assert result["frozen"] is False
    assert 0 < result["window_s"] <= result["first_frame_s"] <= result["total_s"]


def test_self_test_gives_up_at_its_timeout_and_says_why(runs):
    code, out, err = runs["timing-out"]
    assert code == 1, out + err
    result = one_json_line(out)
    assert result["ok"] is False
    assert result["reason"].startswith("timed out after 0.2 s")


def test_self_test_refuses_a_bad_duration(runs):
    code, out, err = runs["bad-seconds"]
    assert code == 2, out + err
    result = one_json_line(out)
    assert result["ok"] is False and "--seconds" in result["reason"]

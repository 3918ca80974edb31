"""`playground record` as a user runs it: animations of the two curves' morph and of a training run, read back
with imageio (frame count, size, duration), and its mistakes.

Every command is started once, up front, on a small pool of threads (each imports torch and Qt: seconds)."""

from __future__ import annotations

import itertools
import json
import math
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import imageio.v2 as imageio_v2
import imageio.v3 as iio
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from playground.core.hidden_space import HiddenRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import Trainer
from playground.gui.hidden_space_panel import MORPH_MS_PER_STAGE

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
TIMEOUT_S = 300
CURVES = ["--preset", "two-curves", "--hidden", "2", "--activation", "tanh"]
FPS = 10
SIZE = 200
BAD = {
    "unknown-suffix": ["--out", "{tmp}/bad.avi"],
    "no-suffix": ["--out", "{tmp}/bad"],
    "fps-0": ["--out", "{tmp}/bad.gif", "--fps", "0"],
    "fps-nan": ["--out", "{tmp}/bad.gif", "--fps", "nan"],
    "missing-folder": ["--out", "{tmp}/nowhere/bad.gif"],
    "folder": ["--out", "{tmp}"],
    "morph-of-the-plane": ["--out", "{tmp}/bad.gif", "--morph", "--view", "plane"],
    "morph-every": ["--out", "{tmp}/bad.gif", "--morph", "--every", "5"],
    "morph-without-hidden": ["--out", "{tmp}/bad.gif", "--morph", "--hidden", ""],
    "every-0": ["--out", "{tmp}/bad.gif", "--every", "0"],
    "too-many-frames": ["--out", "{tmp}/bad.gif", "--steps", "100000", "--every", "1"],
    "unknown-view": ["--out", "{tmp}/bad.gif", "--view", "boundary"],
}


def command_lines(tmp: Path) -> dict[str, list[str]]:
    good = {
        "morph-gif": [*CURVES, "--steps", "300", "--morph", "--fps", str(FPS), "--size", str(SIZE),
                      "--out", str(tmp / "morph.gif"), "--json"],
        "morph-mp4": [*CURVES, "--steps", "300", "--morph", "--fps", str(FPS), "--size", str(SIZE),
                      "--out", str(tmp / "morph.mp4"), "--json"],
        "run-gif": [*CURVES, "--steps", "200", "--every", "50", "--size", str(SIZE), "--out", str(tmp / "run.gif")],
        "window-mp4": [*CURVES, "--steps", "20", "--every", "10", "--view", "window", "--size", "1100",
                       "--out", str(tmp / "window.mp4"), "--json"],
    }
    commands = {name: ["record", *args] for name, args in good.items()}
    commands["first-png"] = ["snapshot", *CURVES, "--steps", "0", "--size", str(SIZE), "--out", str(tmp / "first.png")]
    for name, args in BAD.items():
        commands[name] = ["record", *CURVES, *(a.format(tmp=tmp) for a in args)]
    return commands


class Runs:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self._pool = ThreadPoolExecutor(max_workers=3)
        self._futures: dict[str, Future] = {
            name: self._pool.submit(subprocess.run, [sys.executable, "-m", "playground", *argv], capture_output=True,
                                    text=True, timeout=TIMEOUT_S, env=ENV, cwd=REPO)
            for name, argv in command_lines(tmp).items()}

    def result(self, name: str) -> subprocess.CompletedProcess:
        return self._futures[name].result()

    def json(self, name: str) -> dict:
        run = self.result(name)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    def wait_all(self) -> None:
        for future in self._futures.values():
            future.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    runs = Runs(tmp_path_factory.mktemp("record"))
    yield runs
    runs.close()


def morph_stages() -> int:
    """How many stages the morph of the two curves' 2-2-1 tanh network has, asked of the core directly."""
    scenario = Scenario(PresetSpec("two-curves"), NetworkSpec(hidden=(2,), activation="tanh"))
    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    trainer.hidden_request = HiddenRequest(1, morph=True)
    return len(trainer.snapshot().hidden.stage_names)


def expected_morph_frames() -> int:
    """The morph plays as the window plays it: MORPH_MS_PER_STAGE from one stage to the next."""
    per_stage = round(MORPH_MS_PER_STAGE / 1000 * FPS)
    return (morph_stages() - 1) * per_stage + 1


def gif_durations_ms(path: Path) -> list[int]:
    with Image.open(path) as image:
        durations = []
        for index in range(image.n_frames):
            image.seek(index)
            durations.append(image.info["duration"])
        return durations


def distinct(frames: np.ndarray) -> int:
    """Frames that differ from the one before (a frozen picture gives 1)."""
    return 1 + sum(bool(np.any(a != b)) for a, b in itertools.pairwise(frames))


def test_the_two_curves_morph_as_a_gif(runs):
    summary = runs.json("morph-gif")
    path = runs.tmp / "morph.gif"
    frames = iio.imread(path, index=None)
    count = expected_morph_frames()
    assert morph_stages() == 4  # the input plane, W·x, + b, tanh: the morph has something to show
    assert frames.shape[0] == count == summary["frames"]
    height, width = frames.shape[1:3]
    assert (width, height) == (summary["width"], summary["height"])
    assert SIZE <= width <= SIZE + 150 and SIZE <= height <= SIZE + 150  # the plane, and the axes around it
    durations = gif_durations_ms(path)
    assert all(d % 10 == 0 and d > 0 for d in durations)  # a GIF counts in hundredths of a second
    assert abs(sum(durations) - 1000 * count / FPS) <= 10
    assert distinct(frames) >= count - 2  # the morph moves (two frames at the stage from W·x to + b may agree)
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 10  # the input plane is not the layer


def test_the_two_curves_morph_as_an_mp4(runs):
    summary = runs.json("morph-mp4")
    path = runs.tmp / "morph.mp4"
    count = expected_morph_frames()
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == count == summary["frames"]
    assert seconds == pytest.approx(count / FPS, abs=0.05)
    reader = imageio_v2.get_reader(path, format="FFMPEG")
    try:
        meta = reader.get_meta_data()
        pictures = np.stack(list(reader.iter_data()))
    finally:
        reader.close()
    assert meta["fps"] == FPS and meta["codec"] == "h264"
    assert meta["size"] == (summary["width"], summary["height"])
    assert summary["width"] % 2 == 0 and summary["height"] % 2 == 0  # H.264's yuv420p needs even sides
    gif = iio.imread(runs.tmp / "morph.gif", index=None)
    assert pictures.shape[1] - gif.shape[1] in (0, 1) and pictures.shape[2] - gif.shape[2] in (0, 1)
    # The same pictures as the GIF's, give or take what either format loses.
    h, w = gif.shape[1:3]
    assert np.abs(pictures[:, :h, :w].astype(int) - gif[..., :3].astype(int)).mean() < 6
    assert distinct(pictures) >= count - 2


def test_a_training_run_gives_a_frame_every_k_steps_and_starts_where_a_snapshot_does(runs):
    run = runs.result("run-gif")
    assert run.returncode == 0, run.stderr
    path = runs.tmp / "run.gif"
    frames = iio.imread(path, index=None)[..., :3]
    assert frames.shape[0] == 1 + math.ceil(200 / 50)
    assert f"wrote {path}: {frames.shape[0]} frames" in run.stdout
    first = runs.result("first-png")
    assert first.returncode == 0, first.stderr
    png = iio.imread(runs.tmp / "first.png")[..., :3]
    assert png.shape == frames[0].shape
    difference = np.abs(frames[0].astype(int) - png.astype(int)).mean()
    assert difference < 1.5  # the same picture, but for the GIF's palette of 256 colours
    change = np.abs(frames[-1].astype(int) - frames[0].astype(int)).mean()
    assert change > 10 * max(difference, 0.1)  # training moved the boundary
    assert distinct(frames) == frames.shape[0]


def test_the_whole_window_can_be_recorded(runs):
    summary = runs.json("window-mp4")
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(runs.tmp / "window.mp4"))
    assert frames == summary["frames"] == 3  # steps 0, 10 and 20
    assert summary["width"] >= 1024 and summary["height"] >= 600
    assert summary["steps"] == 20


@pytest.mark.parametrize("name", list(BAD))
def test_mistakes_give_one_line_status_2_and_no_file(runs, name):
    run = runs.result(name)
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("playground: error:"), run.stderr
    assert "Traceback" not in run.stderr
    runs.wait_all()  # none of the commands, good or bad, leaves a file half made
    assert not list(runs.tmp.glob(".*.recording.*")) and not list(runs.tmp.glob("bad*"))

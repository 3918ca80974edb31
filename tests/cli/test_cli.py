"""The command line as a user runs it: `python -m playground ...` in a subprocess.

Each run imports torch (a few seconds), so every command is started once, up front, on a small pool of
threads; the tests then check the results they need.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import struct
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, save_scenario, scenario_to_dict
from playground.core.trained_weights import TrainedWeights
from playground.core.training import Trainer, TrainingSettings

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
TIMEOUT_S = 240
METRIC_KEYS = {"steps", "epochs", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "seconds", "device",
               "diverged"}
TIMING_KEYS = {"seconds", "steps_per_second"}
HAS_CUDA = torch.cuda.is_available()

SPIRAL = ["train", "--preset", "spiral", "--hidden", "8,8,8", "--activation", "tanh", "--optimizer", "adam",
          "--lr", "0.03", "--steps", "3000", "--json"]


def command_lines(tmp: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(commands that must succeed, commands that must fail with a usage error), by name."""
    good = {
        "spiral-1": SPIRAL,
        "spiral-2": SPIRAL,
        "snapshot": ["snapshot", "--preset", "circle", "--hidden", "4", "--steps", "300", "--out", str(tmp / "x.png")],
        "snapshot-400": ["snapshot", "--preset", "circle", "--hidden", "4", "--steps", "300", "--size", "400",
                         "--out", str(tmp / "small.png")],
        "xor-no-hidden": ["train", "--preset", "xor", "--hidden", "", "--steps", "1000", "--json"],
        "xor-4": ["train", "--preset", "xor", "--hidden", "4", "--steps", "1000", "--json"],
        "xor-4-text": ["train", "--preset", "xor", "--hidden", "4", "--steps", "1000"],
        "scenario": ["train", "--scenario", str(tmp / "xor-single.playground.json"), "--steps", "1000", "--json"],
        "scenario-override": ["train", "--scenario", str(tmp / "xor-single.playground.json"), "--hidden", "4",
                              "--steps", "1000", "--json"],
        "bench": ["bench", "--preset", "spiral", "--seconds", "0.5", "--json"],
        "bench-suite": ["bench", "--seconds", "1", "--start-runs", "1", "--json"],
        "fit-line": ["train", "--task", "fit", "--hidden", "", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1000",
                     "--json"],
        "fit-line-text": ["train", "--preset", "line", "--hidden", "", "--optimizer", "sgd", "--lr", "0.1"],
        "hidden-snapshot": ["snapshot", "--preset", "interleaved-curves", "--hidden", "2", "--steps", "300", "--view",
                            "hidden", "--stage", "affine", "--size", "300", "--out", str(tmp / "hidden.png")],
        "arrows-snapshot": ["snapshot", "--preset", "two-curves", "--hidden", "6,2", "--steps", "60", "--view",
                            "hidden", "--arrows", "--size", "300", "--out", str(tmp / "arrows.png")],
        "no-arrows-snapshot": ["snapshot", "--preset", "two-curves", "--hidden", "6,2", "--steps", "60", "--view",
                               "hidden", "--size", "300", "--out", str(tmp / "no-arrows.png")],
        "hidden-3d-snapshot": ["snapshot", "--preset", "two-curves", "--hidden", "3", "--steps", "300", "--view",
                               "hidden", "--dims", "3", "--size", "300", "--out", str(tmp / "hidden3d.png")],
        "window-snapshot": ["snapshot", "--preset", "spiral", "--hidden", "8,8", "--steps", "200", "--view", "window",
                            "--layer", "1", "--neurons", "2,5", "--out", str(tmp / "window.png")],
        "fit-wave-snapshot": ["snapshot", "--preset", "wave", "--hidden", "8,8", "--steps", "1500", "--size", "300",
                              "--out", str(tmp / "wave.png")],
        "perceptron-3-classes": ["train", "--csv", str(tmp / "three.csv"), "--hidden", "", "--activation", "step",
                                 "--steps", "10", "--json"],
        "adam-lr-10": ["train", "--preset", "xor", "--hidden", "4", "--optimizer", "adam", "--lr", "10",
                       "--steps", "2000", "--json"],
        "momentum-lr-10-text": ["train", "--preset", "xor", "--hidden", "4", "--optimizer", "momentum", "--lr", "10",
                                "--steps", "2000"],
        "trained-0": ["train", "--scenario", str(tmp / "trained.playground.json"), "--steps", "0", "--json"],
        "trained-100": ["train", "--scenario", str(tmp / "trained.playground.json"), "--steps", "100", "--json"],
        "trained-other-network": ["train", "--scenario", str(tmp / "trained.playground.json"), "--hidden", "3",
                                  "--steps", "0", "--json"],
    }
    bad = {
        "unknown-preset": ["train", "--preset", "moons"],
        "negative-lr": ["train", "--lr", "-1", "--steps", "1"],
        "lr-not-a-number": ["train", "--lr", "fast"],
        "bad-hidden": ["train", "--hidden", "8,x"],
        "one-point": ["train", "--preset", "xor", "--points", "1"],
        "missing-scenario": ["train", "--scenario", str(tmp / "missing.playground.json")],
        "invalid-json": ["train", "--scenario", str(tmp / "broken.playground.json")],
        "unknown-option": ["train", "--frobnicate"],
        "unknown-option-without-command": ["--frobnicate"],
        "snapshot-not-png": ["snapshot", "--preset", "xor", "--steps", "1", "--out", str(tmp / "x.jpg")],
        "snapshot-missing-folder": ["snapshot", "--steps", "1", "--out", str(tmp / "nowhere" / "x.png")],
        "snapshot-without-out": ["snapshot", "--steps", "1"],
        "negative-steps": ["train", "--steps", "-5"],
        "huge-seed": ["train", "--seed", str(2**64), "--steps", "1"],
        "scenario-negative-preset-seed": ["train", "--scenario", str(tmp / "negative-seed.playground.json"),
                                          "--steps", "1"],
        "fit-reading-y": ["train", "--task", "fit", "--features", "x1,x2", "--steps", "1"],
        "fit-cross-entropy": ["train", "--task", "fit", "--loss", "cross-entropy", "--steps", "1"],
        "classify-a-curve": ["train", "--task", "classify", "--preset", "line", "--steps", "1"],
        "unknown-task": ["train", "--task", "cluster"],
        "hidden-without-layer": ["snapshot", "--hidden", "", "--view", "hidden", "--out", str(tmp / "h.png")],
        "hidden-bad-layer": ["snapshot", "--hidden", "4", "--layer", "2", "--view", "hidden",
                             "--out", str(tmp / "h.png")],
        "hidden-bad-neurons": ["snapshot", "--hidden", "4", "--neurons", "1,9", "--view", "hidden",
                               "--out", str(tmp / "h.png")],
        "hidden-3d-narrow": ["snapshot", "--hidden", "2", "--dims", "3", "--view", "hidden",
                             "--out", str(tmp / "h.png")],
        "hidden-3d-two-neurons": ["snapshot", "--hidden", "4", "--dims", "3", "--neurons", "1,2", "--view", "hidden",
                                  "--out", str(tmp / "h.png")],
        "hidden-three-neurons-flat": ["snapshot", "--hidden", "4", "--neurons", "1,2,3", "--view", "hidden",
                                      "--out", str(tmp / "h.png")],
        "absurd-steps": ["train", "--steps", str(10**12)],
        "noise-nan": ["train", "--noise", "nan", "--steps", "1"],
        "points-with-5000-digits": ["train", "--points", "9" * 5000],
        "scenario-of-binary": ["train", "--scenario", sys.executable],
        "scenario-far-out": ["snapshot", "--scenario", str(tmp / "far-out.playground.json"), "--steps", "1",
                             "--out", str(tmp / "far.png")],
    }
    if not HAS_CUDA:
        bad["cuda-absent"] = ["train", "--device", "cuda", "--steps", "1"]
    return good, bad


def run_cli(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playground", *args], cwd=REPO, env=ENV, capture_output=True,
                          text=True, timeout=TIMEOUT_S, check=False)


class Runs:
    """Every command line started at once; result(name) waits for one of them."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.good, self.bad = command_lines(tmp)
        workers = max(2, min(8, os.cpu_count() or 2))
        self._pool = ThreadPoolExecutor(max_workers=workers)
        self._futures: dict[str, Future] = {
            name: self._pool.submit(run_cli, args) for name, args in {**self.good, **self.bad}.items()
        }

    def result(self, name: str) -> subprocess.CompletedProcess:
        return self._futures[name].result()

    def json(self, name: str) -> dict:
        run = self.result(name)
        assert run.returncode == 0, run.stderr
        lines = run.stdout.strip().splitlines()
        assert len(lines) == 1, run.stdout  # one JSON object, nothing else
        result = json.loads(lines[0])
        assert isinstance(result, dict)
        return result

    def close(self) -> None:
        for future in self._futures.values():
            future.cancel()
        self._pool.shutdown(wait=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Runs:
    tmp = tmp_path_factory.mktemp("cli")
    save_scenario(Scenario(PresetSpec("xor"), NetworkSpec(hidden=()), TrainingSettings()),
                  tmp / "xor-single.playground.json")
    negative_seed = scenario_to_dict(Scenario(PresetSpec("xor")))
    negative_seed["data"]["preset"]["seed"] = -1
    (tmp / "negative-seed.playground.json").write_text(json.dumps(negative_seed), encoding="utf-8")
    far_out = scenario_to_dict(Scenario(PresetSpec("xor")))
    far_out["data"] = {"points": [[0, 0], [1e300, 1], [1, 1]], "labels": [0, 1, 0], "class_names": ["a", "b"]}
    (tmp / "far-out.playground.json").write_text(json.dumps(far_out), encoding="utf-8")  # printed warnings before
    (tmp / "broken.playground.json").write_text('{"format": "neural-playground-scenario",\n  "version": 1,,\n}\n',
                                                encoding="utf-8")
    (tmp / "three.csv").write_text("1,1,a\n2,2,b\n3,3,c\n4,1,a\n5,2,b\n6,3,c\n", encoding="utf-8")
    save_scenario(trained_scenario(), tmp / "trained.playground.json")
    started = Runs(tmp)
    yield started
    started.close()


@functools.cache
def trained_scenario() -> Scenario:
    """XOR after 300 steps of a 2-4-1 network, saved with its weights."""
    scenario = Scenario(PresetSpec("xor", points=200), NetworkSpec(hidden=(4,)), TrainingSettings())
    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    trainer.step(300)
    return replace(scenario, weights=TrainedWeights(trainer.weights(), trainer.step_count, trainer.epoch))



def without_timing(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in TIMING_KEYS}


# ----- train -----------------------------------------------------------------------------------
def test_train_spiral_json(runs):
    result = runs.json("spiral-1")
    assert result.keys() >= METRIC_KEYS
    assert result["steps"] == 3000
    assert result["epochs"] == pytest.approx(3000.0)  # full batch: one epoch a step
    assert result["test_accuracy"] >= 0.95
    assert result["train_accuracy"] >= result["test_accuracy"] - 0.05
    assert result["diverged"] is False
    if not HAS_CUDA:
        assert result["device"] == "CPU"
    assert result["seconds"] > 0
    assert result["network"] == "2-8-8-8-1 tanh"


def test_train_is_reproducible_across_processes(runs):
    first, second = runs.json("spiral-1"), runs.json("spiral-2")
    assert without_timing(first) == without_timing(second)


def test_xor_needs_a_hidden_layer(runs):
    single, hidden = runs.json("xor-no-hidden"), runs.json("xor-4")
    assert single["network"] == "2-1 (a single neuron)"
    assert single["test_accuracy"] < 0.75
    assert hidden["network"] == "2-4-1 tanh"
    assert hidden["test_accuracy"] >= 0.95


def test_text_output_mentions_accuracy(runs):
    run = runs.result("xor-4-text")
    assert run.returncode == 0, run.stderr
    assert "accuracy" in run.stdout
    assert "2-4-1 tanh" in run.stdout
    match = re.search(r"accuracy\s+train\s+([\d.]+)%\s+test\s+([\d.]+)%", run.stdout)
    assert match, run.stdout
    assert float(match.group(2)) == pytest.approx(100 * runs.json("xor-4")["test_accuracy"], abs=0.051)
    with pytest.raises(json.JSONDecodeError):
        json.loads(run.stdout)


def test_scenario_file_is_applied(runs):
    from_file, from_flags = runs.json("scenario"), runs.json("xor-no-hidden")
    assert from_file["network"] == "2-1 (a single neuron)"
    assert from_file["test_accuracy"] < 0.75
    # the saved scenario is the same experiment as the flags: the same numbers come out
    assert without_timing(from_file) == without_timing(from_flags)


def test_command_line_overrides_the_scenario_file(runs):
    result = runs.json("scenario-override")
    assert result["network"] == "2-4-1 tanh"
    assert result["test_accuracy"] >= 0.95


# ----- snapshot and bench ----------------------------------------------------------------------
def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the IHDR chunk, after checking that the file is a PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, chunk = struct.unpack(">I4s", data[8:16])
    assert (length, chunk) == (13, b"IHDR")
    return struct.unpack(">II", data[16:24])


def test_snapshot_writes_a_png(runs):
    run = runs.result("snapshot")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    png = runs.tmp / "x.png"
    assert f"wrote {png}" in run.stdout
    assert len(png.read_bytes()) > 10_000
    width, height = png_size(png)
    # --size is the plane's size; the axes and the legend add a fixed margin around it
    assert 800 <= width <= 1000
    assert 800 <= height <= 1000


def test_snapshot_size_sets_the_plane(runs):
    run = runs.result("snapshot-400")
    assert run.returncode == 0, run.stderr
    big, small = png_size(runs.tmp / "x.png"), png_size(runs.tmp / "small.png")
    assert (big[0] - small[0], big[1] - small[1]) == (400, 400)


def test_bench_json(runs):
    result = runs.json("bench")
    assert result["steps_per_second"] > 0
    assert result["snapshot_ms_median"] > 0
    assert result["grid"] > 0


def test_bench_without_a_scenario_measures_the_standard_workload(runs):
    """Headless and in-window rates for both TensorFlow Playground networks, frames, the snapshot's parts, the
    cold start and the device, in one JSON object."""
    result = runs.json("bench-suite")
    assert result["device"] == "CPU" and "spiral, 500 points" in result["workload"]
    assert len(result["host_check_ms"]) == 2 and min(result["host_check_ms"]) > 0  # (before and after)
    assert result["cores_together"] is None if (os.cpu_count() or 1) < 2 else 0 < result["cores_together"] < 3
    assert set(result["networks"]) == {"4,2", "six layers of 8"}
    steps_per_epoch = 250 / 10  # 250 training points in batches of 10
    for measured in result["networks"].values():
        for where in ("headless", "window"):
            steps = measured[f"{where}_steps_per_second"]
            assert steps > 0
            assert measured[f"{where}_epochs_per_second"] == pytest.approx(steps / steps_per_epoch, abs=0.06)
        runs = measured["headless_runs_steps_per_second"]  # (before the window's run and after it)
        assert len(runs) == 2 and min(runs) > 0
        assert measured["headless_steps_per_second"] == pytest.approx(sum(runs) / 2, abs=0.06)
        assert measured["window_share_of_headless"] == pytest.approx(
            measured["window_steps_per_second"] / measured["headless_steps_per_second"], abs=0.006)
        assert measured["frames_per_second"] > 0
        assert 0 < measured["frame_interval_ms_p50"] <= measured["frame_interval_ms_p99"]
        if sys.platform.startswith("linux"):
            assert set(measured["cores"]) == {"window", "training_steps", "training_frames", "all"}
            assert measured["cores"]["training_steps"] > 0 and measured["cores"]["window"] > 0
        parts = measured["snapshot_ms"]
        assert set(parts) == {"total", "metrics", "boundary", "misclassified", "hidden", "network", "send"}
        assert all(value > 0 for value in parts.values())
    start = result["start"]
    assert start["runs"] == 1 and "errors" not in start
    assert 0 < start["window_painted_s"] <= start["training_ready_s"] < TIMEOUT_S
    # the window's first stage is painted before its views (made after that paint), and both before training shows
    assert start["window_painted_s"] < start["views_painted_s"] <= start["training_ready_s"]
    assert 0 < start["card_painted_s"] < start["window_painted_s"]  # the start-up card comes first


# ----- user mistakes ---------------------------------------------------------------------------
BAD_NAMES = ["unknown-preset", "negative-lr", "lr-not-a-number", "bad-hidden", "one-point", "missing-scenario",
             "invalid-json", "unknown-option", "unknown-option-without-command", "snapshot-not-png",
             "snapshot-missing-folder", "snapshot-without-out", "negative-steps",
             pytest.param("cuda-absent", marks=pytest.mark.skipif(HAS_CUDA, reason="this machine has CUDA")),
             "huge-seed", "scenario-negative-preset-seed", "fit-reading-y", "fit-cross-entropy", "classify-a-curve",
             "unknown-task", "hidden-without-layer", "hidden-bad-layer", "hidden-bad-neurons", "hidden-3d-narrow",
             "hidden-3d-two-neurons", "hidden-three-neurons-flat", "absurd-steps", "noise-nan",
             "points-with-5000-digits", "scenario-of-binary", "scenario-far-out"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_mistakes_give_one_line_and_status_2(runs, name):
    run = runs.result(name)
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("playground: error:")
    assert "Traceback" not in run.stderr + run.stdout
    assert run.stdout == ""


@pytest.mark.parametrize(("name", "words"), [
    ("unknown-preset", "moons"),
    ("negative-lr", "learning rate"),
    ("bad-hidden", "8,x"),
    ("one-point", "--points must be a whole number from 2 to 100,000"),
    ("missing-scenario", "no such file"),
    ("invalid-json", "line 2"),
    ("unknown-option", "--frobnicate"),
    ("snapshot-not-png", ".png"),
    ("negative-steps", "--steps"),
    ("fit-reading-y", "'x2'"),
    ("fit-cross-entropy", "squared error"),
    ("classify-a-curve", "curve-fitting"),
    ("hidden-without-layer", "hidden layer"),
    ("hidden-bad-layer", "--layer"),
    ("hidden-bad-neurons", "--neurons"),
    ("hidden-3d-narrow", "--dims 3 needs a hidden layer of 3 neurons or more"),
    ("hidden-3d-two-neurons", "--neurons takes three neuron numbers"),
    ("hidden-three-neurons-flat", "--dims 3"),
    ("absurd-steps", "--steps must be a whole number from 0 to 10,000,000"),
    ("noise-nan", "--noise must be a number from 0 to 1\n"),
    ("points-with-5000-digits", "--points must be a whole number from 2 to 100,000, not '99999"),
    ("scenario-of-binary", "this is not a playground scenario file"),
    ("scenario-far-out", "far-out.playground.json: 'data.points': point 2 is too far out"),
    pytest.param("cuda-absent", "CUDA", marks=pytest.mark.skipif(HAS_CUDA, reason="this machine has CUDA")),
])
def test_mistake_messages_say_what_is_wrong(runs, name, words):
    assert words in runs.result(name).stderr


def test_snapshot_mistakes_write_nothing(runs):
    runs.result("snapshot-not-png")
    runs.result("snapshot-missing-folder")
    assert not (runs.tmp / "x.jpg").exists()
    assert not (runs.tmp / "nowhere").exists()


def test_issue4_feature_engineering_and_learned_features_both_solve_the_circle():
    """The network builder's promise: x1² and x2² let one neuron draw a circle; 8 hidden neurons learn it."""
    import subprocess

    base = [sys.executable, "-m", "playground", "train", "--preset", "circle", "--steps", "2000", "--json"]
    for extra in (["--hidden", "", "--features", "x1sq,x2sq"], ["--hidden", "8", "--features", "x1,x2"]):
        run = subprocess.run(base + extra, capture_output=True, text=True, timeout=120, env=ENV)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["test_accuracy"] >= 0.97


def test_issue4_linear_regression_the_deep_learning_way(runs):
    """30 noisy points of y = 2x + 1, one neuron and plain SGD: gradient descent finds a and b."""
    result = runs.json("fit-line")
    assert result["task"] == "fit"
    assert result["network"] == "1-1 (a single neuron)"
    assert abs(result["a"] - 2.0) < 0.1
    assert abs(result["b"] - 1.0) < 0.1
    assert result["test_r2"] > 0.99
    assert "test_accuracy" not in result  # a curve has no classes to be right about


def test_fit_text_output_gives_the_learned_line(runs):
    run = runs.result("fit-line-text")
    assert run.returncode == 0, run.stderr
    assert re.search(r"learned\s+y = 1\.9\d* · x \+ 1\.0\d*", run.stdout) or \
        re.search(r"learned\s+y = 2\.0\d* · x \+ (0\.9|1\.0)\d*", run.stdout), run.stdout
    assert "fit (R²)" in run.stdout


def test_fit_snapshot_writes_a_png(runs):
    run = runs.result("fit-wave-snapshot")
    assert run.returncode == 0, run.stderr
    assert "test R²" in run.stdout
    assert png_size(runs.tmp / "wave.png")[0] >= 300


def test_snapshot_draws_the_hidden_space_and_the_window(runs):
    for name, png, smallest in (("hidden-snapshot", "hidden.png", 300), ("hidden-3d-snapshot", "hidden3d.png", 300),
                                ("window-snapshot", "window.png", 1000)):
        run = runs.result(name)
        assert run.returncode == 0, run.stderr
        width, height = png_size(runs.tmp / png)
        assert width >= smallest and height >= smallest * 0.5
    assert not (runs.tmp / "h.png").exists()


def test_snapshot_arrows_draws_them_over_the_same_picture(runs):
    from PySide6.QtGui import QColor, QImage

    from playground.gui.push_arrows_item import COLOUR

    for name in ("arrows-snapshot", "no-arrows-snapshot"):
        assert runs.result(name).returncode == 0, runs.result(name).stderr
    with_arrows, without = QImage(str(runs.tmp / "arrows.png")), QImage(str(runs.tmp / "no-arrows.png"))
    assert with_arrows.size() == without.size()
    changed = [(x, y) for y in range(0, without.height(), 2) for x in range(0, without.width(), 2)
               if with_arrows.pixel(x, y) != without.pixel(x, y)]
    assert len(changed) > 100  # the same run, the same picture, plus the arrows
    arrow = QColor(*COLOUR[:3])
    # Where they differ, the picture with arrows is darker: the arrows' ink (grey over the colours).
    darker = [QColor(with_arrows.pixel(x, y)).lightness() < QColor(without.pixel(x, y)).lightness()
              for x, y in changed]
    assert sum(darker) > 0.6 * len(changed) and arrow.lightness() < 80


# ----- divergence, the perceptron with three classes, trained scenarios ----------------------------------------
def test_a_run_that_blows_up_says_so_and_reports_the_restored_weights(runs):
    result = runs.json("adam-lr-10")
    assert result["diverged"] is True
    assert all(isinstance(result[k], float) and math.isfinite(result[k])
               for k in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"))
    message = result["message"]
    assert "blew up" in message and "--lr, now 10" in message
    assert not {"nan", "inf"} & set(re.findall(r"[a-z]+", message.lower()))
    assert result["steps"] < 2000  # it stopped when it blew up


def test_text_output_says_the_run_blew_up(runs):
    run = runs.result("momentum-lr-10-text")
    assert run.returncode == 0, run.stderr
    assert "The loss blew up" in run.stdout and "Lower the learning rate" in run.stdout
    assert "nan" not in run.stdout.lower()


def test_a_perceptron_with_three_classes_trains_from_a_csv(runs):
    result = runs.json("perceptron-3-classes")
    assert result["network"] == "2-3 (a perceptron)"
    assert result["steps"] == 10 and result["diverged"] is False
    assert 0.0 <= result["train_accuracy"] <= 1.0 and math.isfinite(result["train_loss"])


def test_a_trained_scenario_goes_on_from_its_weights(runs):
    trained = trained_scenario()
    expected = Trainer(trained.dataset(), trained.network, trained.training)
    expected.load_weights(trained.weights.layers, steps=300, epochs=trained.weights.epochs)
    saved = expected.metrics()
    result = runs.json("trained-0")
    assert result["steps"] == 300 and result["epochs"] == pytest.approx(300.0)
    assert result["train_loss"] == pytest.approx(saved.train_loss, abs=2e-6)
    assert result["test_accuracy"] == pytest.approx(saved.test_accuracy, abs=1e-6)
    expected.step(100)
    on = runs.json("trained-100")
    assert on["steps"] == 400
    assert on["train_loss"] == pytest.approx(expected.metrics().train_loss, abs=2e-6)
    fresh = Trainer(trained.dataset(), replace(trained.network, hidden=(3,)), trained.training)
    other = runs.json("trained-other-network")  # weights for 2-4-1 cannot go into 2-3-1: it starts afresh
    assert other["steps"] == 0 and other["train_loss"] == pytest.approx(fresh.metrics().train_loss, abs=2e-6)

"""`--csv FILE`: the command line trains on, and draws, points read from a CSV file.

The subprocesses (each imports torch) start together, up front; option checks that need no process run
in this one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from playground import cli
from playground.core.csv_io import write_csv
from playground.core.dataset import Dataset, DatasetError
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.scenario import Scenario, save_scenario
from playground.core.training import TrainingSettings

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
TIMEOUT_S = 240


def run_cli(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playground", *args], cwd=REPO, env=ENV, capture_output=True,
                          text=True, timeout=TIMEOUT_S, check=False)


def scaled_xor() -> Dataset:
    """The xor preset in other units: the CSV's own scale must not matter."""
    xor = generate(PresetSpec("xor"))
    points = xor.points.astype(np.float64) * [1000.0, 0.001] + [1e4, 0.0]
    return Dataset.create(points.astype(np.float32), xor.labels, class_names=("odd", "even"),
                          feature_names=("distance", "weight"))


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("csv")
    write_csv(scaled_xor(), tmp / "xor.csv")
    (tmp / "broken.csv").write_text("x,y,label\n1,2,a\n3,4,b\n5,six,a\n", encoding="utf-8")
    save_scenario(Scenario(PresetSpec("spiral"), NetworkSpec(hidden=(3,)), TrainingSettings(learning_rate=0.1)),
                  tmp / "net.playground.json")
    return tmp


@pytest.fixture(scope="module")
def runs(files) -> dict[str, subprocess.CompletedProcess]:
    commands = {
        "train": ["train", "--csv", str(files / "xor.csv"), "--hidden", "4", "--steps", "800", "--json"],
        "broken": ["train", "--csv", str(files / "broken.csv"), "--steps", "1"],
        "with-preset": ["train", "--csv", str(files / "xor.csv"), "--preset", "xor", "--steps", "1"],
        "snapshot": ["snapshot", "--csv", str(files / "xor.csv"), "--hidden", "4", "--steps", "200",
                     "--size", "200", "--out", str(files / "xor.png")],
    }
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        futures = {name: pool.submit(run_cli, args) for name, args in commands.items()}
        return {name: future.result() for name, future in futures.items()}


def test_train_on_a_csv_file(runs):
    run = runs["train"]
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["steps"] == 800
    assert result["network"] == "2-4-1 tanh"
    assert result["test_accuracy"] >= 0.9


@pytest.mark.parametrize(("name", "words"), [
    ("broken", "broken.csv: line 4: 'six' is not a number"),
    ("with-preset", "--preset and --csv"),
])
def test_csv_mistakes_give_one_line_and_status_2(runs, name, words):
    run = runs[name]
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("playground: error:")
    assert words in lines[0]
    assert "Traceback" not in run.stderr + run.stdout
    assert run.stdout == ""


def test_snapshot_of_csv_data(runs, files):
    run = runs["snapshot"]
    assert run.returncode == 0, run.stderr
    png = files / "xor.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ----- the options, in this process --------------------------------------------------------------
def scenario_for(argv: list[str]) -> Scenario:
    return cli.scenario_from_args(cli._build_parser().parse_args(argv))


def test_csv_data_replaces_the_scenario_data_and_keeps_its_network(files):
    scenario = scenario_for(["train", "--scenario", str(files / "net.playground.json"),
                             "--csv", str(files / "xor.csv"), "--test-ratio", "0.2", "--seed", "5"])
    data = scenario.dataset()
    assert data.feature_names == ("distance", "weight")
    assert data.class_names == ("odd", "even")
    assert np.array_equal(data.points, scaled_xor().points)
    assert np.array_equal(data.is_test, scaled_xor().with_split(0.2, 5).is_test)
    assert scenario.network.hidden == (3,)
    assert scenario.training.learning_rate == 0.1
    assert scenario.training.seed == 5


def test_csv_split_defaults_to_half_and_seed_0(files):
    data = scenario_for(["bench", "--csv", str(files / "xor.csv")]).dataset()
    assert np.array_equal(data.is_test, scaled_xor().is_test)


@pytest.mark.parametrize(("extra", "words"), [
    (["--preset", "circle"], "--preset and --csv"),
    (["--points", "100"], "--points and --noise"),
    (["--noise", "0.1"], "--points and --noise"),
])
def test_csv_excludes_preset_options(files, extra, words):
    for argv in (["snapshot", "--out", "x.png"], ["bench"], []):
        if argv:
            args = cli._build_parser().parse_args([*argv, "--csv", str(files / "xor.csv"), *extra])
        else:  # the window's command line shares the options
            args = cli._gui_parser().parse_args(["--csv", str(files / "xor.csv"), *extra])
        with pytest.raises(cli.UsageError, match=words):
            cli.scenario_from_args(args)


def test_a_missing_csv_file_is_a_dataset_error(files):
    with pytest.raises(DatasetError, match="no such file"):
        scenario_for(["train", "--csv", str(files / "absent.csv")])

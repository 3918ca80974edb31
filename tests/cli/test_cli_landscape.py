"""`playground snapshot --view landscape`: the loss landscape as a PNG (exact for one neuron, a slice for any other
network, with optimisers compared when asked), and one clear line with status 2 for a choice that cannot be drawn."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def playground(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playground", *args], capture_output=True, text=True, env=ENV,
                          cwd=REPO, timeout=240)


def pixels(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * image.height())
    return data.reshape(image.height(), image.bytesPerLine())[:, :image.width() * 3].reshape(
        image.height(), image.width(), 3).copy()  # (the image's memory goes with it)


def test_the_line_fits_landscape_is_written_with_its_path(tmp_path):
    out = tmp_path / "landscape.png"
    run = playground("snapshot", "--task", "fit", "--preset", "line", "--hidden", "", "--optimizer", "sgd", "--lr",
                     "0.1", "--steps", "20", "--view", "landscape", "--size", "300", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"wrote {out} after 20 steps")
    picture = pixels(out)
    assert 300 <= picture.shape[0] < 420 and 300 <= picture.shape[1] < 420
    current = np.abs(picture.astype(int) - [0xFF, 0x70, 0x43]).sum(axis=2) < 30  # the orange dot and arrow
    white = (picture > 250).all(axis=2)
    assert current.sum() > 30 and white.sum() > 100  # (the path is white, and the background around the axes)
    assert len(np.unique(picture.reshape(-1, 3), axis=0)) > 200  # a heat map, not a blank picture


def colour_share(picture: np.ndarray, colour: str) -> int:
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return int((np.abs(picture.astype(int) - rgb).sum(axis=2) < 40).sum())


def test_a_deeper_network_gets_a_slice_and_compared_optimisers_their_paths(tmp_path):
    from playground.gui.race_chart import RACE_COLOURS

    plain, compared = tmp_path / "slice.png", tmp_path / "race.png"
    base = ["snapshot", "--preset", "two-curves", "--hidden", "4,2", "--steps", "60", "--view", "landscape",
            "--size", "300"]
    run = playground(*base, "--out", str(plain))
    assert run.returncode == 0, run.stderr
    picture = pixels(plain)
    assert len(np.unique(picture.reshape(-1, 3), axis=0)) > 200  # a heat map
    assert all(colour_share(picture, colour) < 5 for colour in RACE_COLOURS.values())
    run = playground(*base, "--slice", "trajectory", "--compare", "momentum,adam", "--out", str(compared))
    assert run.returncode == 0, run.stderr
    picture = pixels(compared)
    assert colour_share(picture, RACE_COLOURS["momentum"]) > 10 and colour_share(picture, RACE_COLOURS["adam"]) > 10
    assert colour_share(picture, RACE_COLOURS["sgd"]) < 5  # not asked for


def test_a_landscape_that_cannot_be_drawn_is_refused_in_one_line(tmp_path):
    for args, says in ((["--preset", "xor", "--hidden", "", "--features", "x1,x1sq", "--plane", "w1,b",
                         "--view", "landscape"], "a slice has no parameters"),
                       (["--task", "fit", "--hidden", "", "--plane", "w1,b", "--view", "landscape"], "--plane w1,b"),
                       (["--preset", "xor", "--hidden", "4", "--compare", "adam", "--view", "landscape"],
                        "two or more different optimizers"),
                       (["--preset", "xor", "--hidden", "4", "--compare", "sgd,nesterov", "--view", "landscape"],
                        "--compare sgd,nesterov"),
                       (["--preset", "xor", "--hidden", "4", "--slice", "random"], "--slice goes with --view")):
        run = playground("snapshot", *args, "--steps", "1", "--out", str(tmp_path / "x.png"))
        assert run.returncode == 2 and run.stdout == ""
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("playground: error: ") and says in lines[0], run.stderr
        assert not (tmp_path / "x.png").exists()

"""The packaged Linux app, as a teacher gets it: built by packaging/build_linux.sh from this checkout (a fresh
build every run, about 20 minutes on 2 busy cores; the script itself ends with the self-test of
dist/NeuralPlayground), then the archive unpacked elsewhere and run from there: its self-test, the command line, its
MP4 recordings with the ffmpeg it unpacks, install.sh; its sizes, and the glibc its ELF files need.

Slow: runs only with --run-slow (`./dev.sh test --run-slow tests/packaging`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from playground import __version__

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build runs on Linux")]

REPO = Path(__file__).resolve().parents[2]
PACKAGE = f"neural-playground-{__version__}"
ARCHIVE = REPO / "dist" / f"{PACKAGE}-linux-{os.uname().machine}.tar.xz"
DOWNLOAD_BUDGET_MB = 215  # issue 15: the download under 215 MB (decimal megabytes, as a download page says)
UNPACKED_BUDGET_MIB = 600
BUILD_TIMEOUT_S = 3600  # xz packs 600 MiB twice (archive, .deb): slow on a busy 2-core machine
RUN_TIMEOUT_S = 180
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    """Build, then unpack the archive into a fresh folder (with a space in its name, as users' folders have)."""
    build = subprocess.run(["bash", "packaging/build_linux.sh"], cwd=REPO, env=ENV, capture_output=True, text=True,
                           timeout=BUILD_TIMEOUT_S, check=False)
    assert build.returncode == 0, f"build failed:\n{build.stdout[-4000:]}\n{build.stderr[-4000:]}"
    target = tmp_path_factory.mktemp("unpacked") / "My Apps"
    target.mkdir()
    subprocess.run(["tar", "-xJf", str(ARCHIVE), "-C", str(target)], check=True, timeout=RUN_TIMEOUT_S)
    return target / PACKAGE


def run_app(folder: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(folder / "NeuralPlayground" / "NeuralPlayground"), *args], cwd=folder,
                          env=env or ENV, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)


def test_the_archive_holds_the_app_and_its_desktop_files_within_budget(unpacked):
    assert ARCHIVE.stat().st_size < DOWNLOAD_BUDGET_MB * 1000 * 1000
    with tarfile.open(ARCHIVE) as archive:
        names = set(archive.getnames())
    for name in ("NeuralPlayground/NeuralPlayground", "install.sh", "neural-playground.desktop",
                 "neural-playground.xml", "icons/neural-playground.png",
                 "icons/application-x-neural-playground-scenario.png", "README.txt"):
        assert f"{PACKAGE}/{name}" in names
    assert os.access(unpacked / "install.sh", os.X_OK)


def test_the_build_writes_the_deb_and_the_checksums(unpacked):
    import hashlib

    sums = dict(reversed(line.split("  ", 1)) for line in (ARCHIVE.parent / "SHA256SUMS").read_text().splitlines())
    debs = list(ARCHIVE.parent.glob(f"neural-playground_{__version__}_*.deb"))
    assert set(sums) == {ARCHIVE.name} | {deb.name for deb in debs}
    if shutil.which("dpkg-deb"):
        assert len(debs) == 1
    for name, digest in sums.items():
        with (ARCHIVE.parent / name).open("rb") as f:
            assert hashlib.file_digest(f, "sha256").hexdigest() == digest, name


def test_the_unpacked_app_passes_its_self_test(unpacked):
    result = run_app(unpacked, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip())
    assert report["ok"] is True and report["frozen"] is True
    assert report["device"] == "CPU"  # the Linux bundle carries CPU torch
    assert report["loss_end"] < report["loss_start"] and report["snapshots"] >= 2


def test_the_unpacked_app_trains_from_the_command_line(unpacked, tmp_path):
    version = run_app(unpacked, "--version")
    assert version.stdout.strip() == f"playground {__version__}"
    # Every optimiser (the build left out the torch sources no process imported, and stripped libtorch)
    for optimizer, lr in (("adam", "0.03"), ("rmsprop", "0.01"), ("momentum", "0.1"), ("sgd", "0.3")):
        trained = run_app(unpacked, "train", "--preset", "xor", "--hidden", "4", "--optimizer", optimizer,
                          "--lr", lr, "--steps", "1500", "--json")
        assert trained.returncode == 0, trained.stderr
        assert json.loads(trained.stdout)["test_accuracy"] > 0.8, optimizer
    picture = tmp_path / "circle.png"
    drawn = run_app(unpacked, "snapshot", "--preset", "circle", "--steps", "200", "--size", "200",
                    "--out", str(picture))
    assert drawn.returncode == 0, drawn.stderr
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_the_unpacked_app_records_with_its_own_ffmpeg(unpacked, tmp_path):
    import imageio_ffmpeg

    # No system ffmpeg to fall back on: the bundle's own must do. It ships xz-compressed; the first MP4 unpacks it
    # into the user cache folder (PLAYGROUND_HOME's here), the next one uses that copy.
    home = tmp_path / "home"
    env = {**ENV, "PATH": "/nonexistent", "PLAYGROUND_HOME": str(home)}
    env.pop("IMAGEIO_FFMPEG_EXE", None)
    binaries = unpacked / "NeuralPlayground" / "_internal" / "imageio_ffmpeg" / "binaries"
    info = json.loads(next(binaries.glob("ffmpeg*.json")).read_text())
    assert not (binaries / info["name"]).exists() and (binaries / f"{info['name']}.xz").is_file()
    cached = home / "cache" / "ffmpeg" / info["sha256"][:16] / info["name"]
    for name in ("first.mp4", "again.mp4", "morph.gif"):  # the GIF in 3D: the 3D hidden view's frames
        dims = "3" if name.endswith(".gif") else "2"
        made = run_app(unpacked, "record", "--preset", "two-curves", "--hidden", "3", "--steps", "100", "--morph",
                       "--dims", dims, "--size", "200", "--fps", "10", "--out", str(tmp_path / name), "--json",
                       env=env)
        assert made.returncode == 0, made.stderr
        frames = json.loads(made.stdout)["frames"]
        assert frames > 10
        if name == "first.mp4":
            assert cached.stat().st_size == info["size"]
            unpacked_at = cached.stat().st_mtime_ns
    assert cached.stat().st_mtime_ns == unpacked_at  # the second MP4 reused it
    for name in ("first.mp4", "again.mp4"):
        assert imageio_ffmpeg.count_frames_and_secs(str(tmp_path / name))[0] == frames


def test_the_unpacked_app_is_small_enough(unpacked):
    files = [p for p in (unpacked / "NeuralPlayground").rglob("*") if p.is_file() and not p.is_symlink()]
    assert sum(p.stat().st_size for p in files) < UNPACKED_BUDGET_MIB * 1024 * 1024


def test_nothing_in_the_bundle_needs_a_glibc_newer_than_2_35(unpacked):
    """Ubuntu 22.04, Debian 12 and Mint 21 have glibc 2.35 (or newer): every ELF file of the app must load there."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_bundle", REPO / "packaging" / "check_bundle.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    assert check.GLIBC_FLOOR == (2, 35)
    elf = [p for p in (unpacked / "NeuralPlayground").rglob("*") if p.is_file() and check.is_elf(p)]
    assert len(elf) > 100
    assert check.too_new_glibc(unpacked / "NeuralPlayground") == {}
    for name in ("libstdc++.so.6", "libgcc_s.so.1", "libexpat.so.1", "libmvec.so.1"):  # the system's are used
        assert not (unpacked / "NeuralPlayground" / "_internal" / name).exists()



def test_the_unpacked_app_has_its_lessons_and_checks_one(unpacked):
    listed = run_app(unpacked, "lessons", "--json")
    assert listed.returncode == 0, listed.stderr
    answer = json.loads(listed.stdout)
    assert answer["problems"] == [] and [item["number"] for item in answer["lessons"]][:12] == list(range(1, 13))
    checked = run_app(unpacked, "lesson", "11", "--check", "--json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert all(step["goal_met"] for step in json.loads(checked.stdout)["steps"] if step["checked"])


def test_install_sh_adds_the_menu_entry_and_the_file_type_for_the_user(unpacked, tmp_path):
    env = {**ENV, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    installed = subprocess.run(["./install.sh"], cwd=unpacked, env=env, capture_output=True, text=True,
                               timeout=RUN_TIMEOUT_S, check=False)
    assert installed.returncode == 0, installed.stderr
    data = tmp_path / "data"
    entry = (data / "applications" / "neural-playground.desktop").read_text()
    # "My Apps" needs quoting, which xdg-open cannot read: the entry runs a launcher that runs the app
    launcher = data / "neural-playground" / "neural-playground"
    assert f"Exec={launcher} %f" in entry
    assert str(unpacked / "NeuralPlayground" / "NeuralPlayground") in launcher.read_text()
    assert "MimeType=application/x-neural-playground-scenario;" in entry
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(data / "applications" / "neural-playground.desktop")],
                       check=True, timeout=RUN_TIMEOUT_S)
    assert (data / "icons/hicolor/256x256/apps/neural-playground.png").is_file()
    assert (data / "icons/hicolor/256x256/mimetypes/application-x-neural-playground-scenario.png").is_file()
    assert (data / "mime/packages/neural-playground.xml").is_file()
    if shutil.which("update-mime-database"):  # the type is in the user's MIME database
        assert "*.playground.json" in (data / "mime" / "globs2").read_text()
    removed = subprocess.run(["./install.sh", "--uninstall"], cwd=unpacked, env=env, capture_output=True,
                             text=True, timeout=RUN_TIMEOUT_S, check=False)
    assert removed.returncode == 0, removed.stderr
    assert not (data / "applications" / "neural-playground.desktop").exists()
    assert not (data / "mime/packages/neural-playground.xml").exists()

"""The packaged app's compressed ffmpeg (core/bundled_ffmpeg.py): unpacked once into the cache folder and reused,
a partial or damaged file never used, plain words when the folder cannot be written, nothing changed when run
from source, and MP4s written with the unpacked binary when the app is frozen (a fake bundle whose "ffmpeg" is a
small xz'd script that logs each run and hands over to the real one)."""

from __future__ import annotations

import errno
import hashlib
import json
import lzma
import os
import sys
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest

from playground.core import bundled_ffmpeg
from playground.core.animation import AnimationError, AnimationWriter
from playground.core.bundled_ffmpeg import ENV, FfmpegError, ensure_unpacked, unpacked_path, use_bundled_ffmpeg

NAME = "ffmpeg-test"


def make_bundle(root: Path, content: bytes, sha256: str | None = None) -> Path:
    """A fake bundle's imageio_ffmpeg/binaries/ with NAME.xz and NAME.json, as build_linux.sh makes them."""
    folder = root / "imageio_ffmpeg" / "binaries"
    folder.mkdir(parents=True)
    (folder / f"{NAME}.xz").write_bytes(lzma.compress(content))
    info = {"name": NAME, "size": len(content), "sha256": sha256 or hashlib.sha256(content).hexdigest()}
    (folder / f"{NAME}.json").write_text(json.dumps(info))
    return folder


def script(log: Path, real: str) -> bytes:
    return f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n'.encode()


@pytest.fixture(autouse=True)
def no_ffmpeg_chosen(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV, raising=False)  # (and whatever a test sets is taken away again)
    monkeypatch.setenv("PLAYGROUND_HOME", str(tmp_path / "home"))


def found(folder: Path):
    return bundled_ffmpeg.compressed_ffmpeg(folder)


def test_it_is_unpacked_once_checked_and_reused(tmp_path):
    content = b"#!/bin/sh\necho fake ffmpeg\n" * 100
    folder = make_bundle(tmp_path / "bundle", content)
    packed, info = found(folder)
    cache = tmp_path / "cache"
    first = ensure_unpacked(packed, info, cache)
    assert first == unpacked_path(cache, info) and first.read_bytes() == content
    assert os.access(first, os.X_OK)
    assert [p.name for p in first.parent.iterdir()] == [NAME]  # no temporary file left beside it
    packed.unlink()  # the second time it is not unpacked again
    assert ensure_unpacked(packed, info, cache) == first


def test_a_partial_file_left_by_a_crash_is_unpacked_again(tmp_path):
    content = bytes(range(256)) * 400
    folder = make_bundle(tmp_path / "bundle", content)
    packed, info = found(folder)
    target = unpacked_path(tmp_path / "cache", info)
    target.parent.mkdir(parents=True)
    target.write_bytes(content[:1000])
    target.chmod(0o755)
    assert ensure_unpacked(packed, info, tmp_path / "cache").read_bytes() == content


def test_a_damaged_archive_is_never_used(tmp_path):
    folder = make_bundle(tmp_path / "bundle", b"something else", sha256="0" * 64)
    packed, info = found(folder)
    with pytest.raises(FfmpegError, match="damaged: install the app again, or record a GIF"):
        ensure_unpacked(packed, info, tmp_path / "cache")
    assert not unpacked_path(tmp_path / "cache", info).parent.exists() or not any(
        unpacked_path(tmp_path / "cache", info).parent.iterdir())


def test_a_folder_that_cannot_be_written_is_said_in_plain_words(tmp_path):
    folder = make_bundle(tmp_path / "bundle", b"x" * 100)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with pytest.raises(FfmpegError) as caught:
        ensure_unpacked(*found(folder), blocker / "cache")
    message = str(caught.value)
    assert "cannot be written to" in message and "record a GIF instead" in message
    assert "Errno" not in message and "Error" not in message


def test_a_full_disk_is_said_in_plain_words_and_leaves_nothing_behind(tmp_path, monkeypatch):
    folder = make_bundle(tmp_path / "bundle", b"y" * 5000)
    packed, info = found(folder)

    class FullDisk:
        def __init__(self, handle, mode):
            os.close(handle)

        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bundled_ffmpeg.os, "fdopen", FullDisk)
    with pytest.raises(FfmpegError, match="not enough free disk space"):
        ensure_unpacked(packed, info, tmp_path / "cache")
    assert list(unpacked_path(tmp_path / "cache", info).parent.iterdir()) == []


def test_run_from_source_nothing_changes(tmp_path):
    assert not getattr(sys, "frozen", False)
    assert use_bundled_ffmpeg() is None
    assert ENV not in os.environ


def frozen_with(monkeypatch, bundle_root: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle_root), raising=False)


def test_the_packaged_app_writes_mp4s_with_the_unpacked_ffmpeg(tmp_path, monkeypatch):
    real = imageio_ffmpeg.get_ffmpeg_exe()
    log = tmp_path / "ffmpeg-runs.log"
    make_bundle(tmp_path / "bundle", script(log, real))
    frozen_with(monkeypatch, tmp_path / "bundle")
    writer = AnimationWriter(tmp_path / "run.mp4", fps=10)
    for shade in range(0, 250, 50):
        writer.add(np.full((24, 32, 3), shade, np.uint8))
    writer.close()
    unpacked = Path(os.environ[ENV])
    assert unpacked.is_relative_to(tmp_path / "home" / "cache")  # the user cache folder (PLAYGROUND_HOME here)
    assert unpacked.read_bytes() == script(log, real)
    assert "libx264" in log.read_text()  # imageio ran the unpacked binary
    assert imageio_ffmpeg.count_frames_and_secs(str(tmp_path / "run.mp4"))[0] == 5


def test_the_users_own_ffmpeg_choice_is_kept(tmp_path, monkeypatch):
    make_bundle(tmp_path / "bundle", b"#!/bin/sh\n")
    frozen_with(monkeypatch, tmp_path / "bundle")
    monkeypatch.setenv(ENV, "/opt/my/ffmpeg")
    assert use_bundled_ffmpeg() is None and os.environ[ENV] == "/opt/my/ffmpeg"


def test_a_recording_that_cannot_get_its_encoder_says_so(tmp_path, monkeypatch):
    make_bundle(tmp_path / "bundle", b"#!/bin/sh\n")
    frozen_with(monkeypatch, tmp_path / "bundle")
    (tmp_path / "home").write_text("a file where the app's folder should be")
    writer = AnimationWriter(tmp_path / "run.mp4", fps=10, name="run.mp4")
    with pytest.raises(AnimationError, match="the video cannot be made: the video encoder could not be put in"):
        writer.add(np.zeros((8, 8, 3), np.uint8))
    assert ENV not in os.environ

"""The ffmpeg that records MP4 videos, in the packaged app: shipped xz-compressed (165 MiB becomes 47), unpacked
into the user cache folder the first time a video is recorded, and handed to imageio-ffmpeg through the
IMAGEIO_FFMPEG_EXE environment variable (the first place imageio-ffmpeg 0.8 looks). Run from source, or in a
bundle without a compressed ffmpeg, nothing changes: imageio-ffmpeg finds its own binary.

The bundle holds, in imageio_ffmpeg/binaries/, the compressed binary (NAME.xz) and NAME.json with the unpacked
binary's size and SHA-256. The binary is unpacked to a temporary file beside its final place, checked against
both, and only then renamed into place, so a half-unpacked file (disk full, the app killed) is never used; a file
of the wrong size found there is unpacked again. Unpacking takes a few seconds: callers do it off the GUI thread.
No Qt here.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import lzma
import os
import stat
import sys
import tempfile
from pathlib import Path

ENV = "IMAGEIO_FFMPEG_EXE"
CHUNK = 1 << 20


class FfmpegError(Exception):
    """The compressed ffmpeg could not be unpacked; the message is meant for the learner."""


def bundle_binaries_dir() -> Path | None:
    """imageio_ffmpeg/binaries/ inside the packaged app, or None when the app runs from source."""
    if not getattr(sys, "frozen", False):
        return None
    base = getattr(sys, "_MEIPASS", None) or Path(sys.executable).parent
    return Path(base) / "imageio_ffmpeg" / "binaries"


def compressed_ffmpeg(folder: Path | None) -> tuple[Path, dict] | None:
    """(the NAME.xz file, its NAME.json: name, size, sha256) in `folder`, or None when there is none."""
    if folder is None or not folder.is_dir():
        return None
    for manifest in sorted(folder.glob("*.json")):
        packed = manifest.with_suffix(".xz")
        if packed.is_file():
            try:
                info = json.loads(manifest.read_text(encoding="utf-8"))
                return packed, {"name": str(info["name"]), "size": int(info["size"]), "sha256": str(info["sha256"])}
            except (OSError, ValueError, KeyError, TypeError):
                continue
    return None


def unpacked_path(cache: Path, info: dict) -> Path:
    """Where the binary goes: a folder named by its checksum, so that another version never takes its place."""
    return Path(cache) / "ffmpeg" / info["sha256"][:16] / info["name"]


def ensure_unpacked(packed: Path, info: dict, cache: Path) -> Path:
    """The unpacked binary in `cache`, unpacking it first unless a complete one is there already (a file of the
    wrong size, left by a crash, is replaced). Raises FfmpegError with a message in plain words."""
    target = unpacked_path(cache, info)
    if target.is_file() and target.stat().st_size == info["size"] and os.access(target, os.X_OK):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".unpacking-", dir=target.parent)
    except OSError as error:
        raise FfmpegError(_plain(error, target.parent)) from error
    temporary = Path(temporary)
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(handle, "wb") as out, lzma.open(packed) as source:
            while chunk := source.read(CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        if size != info["size"] or digest.hexdigest() != info["sha256"]:
            raise FfmpegError("the video encoder that comes with the app is damaged: install the app again, "
                                    "or record a GIF instead")
        temporary.chmod(temporary.stat().st_mode | stat.S_IXUSR | stat.S_IRUSR)
        os.replace(temporary, target)
    except (OSError, lzma.LZMAError, EOFError) as error:
        raise FfmpegError(_plain(error, target.parent)) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return target


def _plain(error: BaseException, folder: Path) -> str:
    if isinstance(error, (lzma.LZMAError, EOFError)):
        return "the video encoder that comes with the app is damaged: install the app again, or record a GIF instead"
    code = getattr(error, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (f"there is not enough free disk space to get the video encoder ready (it needs about 170 MB in "
                f"{folder}): free some space, or record a GIF instead")
    return (f"the video encoder could not be put in {folder} (that folder cannot be written to): check that "
            "you may write there, or record a GIF instead")


def use_bundled_ffmpeg(folder: Path | None = None, cache: Path | None = None) -> Path | None:
    """Point imageio-ffmpeg at the bundle's ffmpeg, unpacking it the first time; the path, or None when there is
    nothing to do (run from source, no compressed ffmpeg in the bundle, or IMAGEIO_FFMPEG_EXE already set by the
    user). Raises FfmpegError. `folder` and `cache` default to the bundle's and the user cache folder."""
    if os.environ.get(ENV):
        return None
    found = compressed_ffmpeg(folder if folder is not None else bundle_binaries_dir())
    if found is None:
        return None
    if cache is None:
        from ..paths import cache_dir

        cache = cache_dir()
    path = ensure_unpacked(*found, cache)
    os.environ[ENV] = str(path)
    return path


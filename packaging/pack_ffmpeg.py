"""The ffmpeg binary that imageio-ffmpeg ships (165 MiB on Linux), put into the bundle xz-compressed (47 MiB):
the app unpacks it into the user cache folder the first time it records an MP4 (playground/core/bundled_ffmpeg.py
reads NAME.xz and NAME.json, which holds the unpacked size and SHA-256). Used by playground.spec on Linux, where
the unpacked app must stay small; tests/packaging/test_pack_ffmpeg.py checks it without building.

The compressed file is kept in build/ffmpeg/ and made again only when the binary changes (xz takes minutes)."""

from __future__ import annotations

import hashlib
import json
import lzma
import shutil
import subprocess
from pathlib import Path, PurePosixPath

BINARIES = "imageio_ffmpeg/binaries"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def compress(source: Path, out_dir: Path) -> tuple[Path, Path]:
    """(NAME.xz, NAME.json) for the binary `source`, in `out_dir`; reused when made from the same binary before."""
    out_dir.mkdir(parents=True, exist_ok=True)
    packed, manifest = out_dir / f"{source.name}.xz", out_dir / f"{source.name}.json"
    info = {"name": source.name, "size": source.stat().st_size, "sha256": sha256_of(source)}
    if packed.is_file() and manifest.is_file():
        try:
            if json.loads(manifest.read_text(encoding="utf-8")) == info:
                return packed, manifest
        except ValueError:
            pass
    manifest.unlink(missing_ok=True)
    partial = packed.with_suffix(".xz.partial")
    if shutil.which("xz"):  # several threads where there are several cores; Python's lzma reads its blocks
        with partial.open("wb") as out:
            subprocess.run(["xz", "-6", "-T0", "-c", str(source)], stdout=out, check=True)
    else:
        with source.open("rb") as f, lzma.open(partial, "wb", preset=6) as out:
            shutil.copyfileobj(f, out, 1 << 20)
    partial.replace(packed)
    manifest.write_text(json.dumps(info), encoding="utf-8")
    return packed, manifest


def is_ffmpeg(entry: tuple) -> bool:
    """A PyInstaller TOC entry (path in the bundle, source, kind) for imageio-ffmpeg's binary."""
    dest = PurePosixPath(str(entry[0]).replace("\\", "/"))
    return str(dest.parent) == BINARIES and dest.name.startswith("ffmpeg") and dest.suffix not in (".xz", ".json")


def pack_ffmpeg(entries: list[tuple], out_dir: Path) -> list[tuple]:
    """`entries` (PyInstaller's datas or binaries TOC) with the ffmpeg binary replaced by NAME.xz and NAME.json."""
    result = []
    for entry in entries:
        if not is_ffmpeg(entry):
            result.append(entry)
            continue
        packed, manifest = compress(Path(entry[1]), out_dir)
        dest = str(PurePosixPath(str(entry[0]).replace("\\", "/")).parent)
        result += [(f"{dest}/{packed.name}", str(packed), "DATA"), (f"{dest}/{manifest.name}", str(manifest), "DATA")]
    return result

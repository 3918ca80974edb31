"""The spec's compressed ffmpeg (packaging/pack_ffmpeg.py), without building: the binary's TOC entry becomes NAME.xz
and NAME.json in the same folder, which the app's unpacker (core/bundled_ffmpeg.py) reads back to the same bytes;
nothing else changes, and a second build reuses the compressed file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from playground.core.bundled_ffmpeg import compressed_ffmpeg, ensure_unpacked

REPO = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("pack_ffmpeg", REPO / "packaging" / "pack_ffmpeg.py")
pack = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(pack)


def test_the_ffmpeg_entry_becomes_a_compressed_file_the_app_unpacks_to_the_same_bytes(tmp_path):
    source = tmp_path / "site" / "ffmpeg-linux-x86_64-v9.9"
    source.parent.mkdir()
    content = b"\x7fELF pretend ffmpeg " * 5000
    source.write_bytes(content)
    other = ("imageio_ffmpeg/binaries/README.md", str(tmp_path / "README.md"), "DATA")
    entries = [("imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v9.9", str(source), "DATA"), other,
               ("torch/lib/libtorch_cpu.so", "/x/libtorch_cpu.so", "BINARY")]
    packed = pack.pack_ffmpeg(entries, tmp_path / "build")
    assert [entry[0] for entry in packed] == [
        "imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v9.9.xz", "imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v9.9.json",
        other[0], "torch/lib/libtorch_cpu.so"]
    assert Path(packed[0][1]).stat().st_size < len(content) / 10
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    for dest, src, _kind in packed[:2]:
        (bundle / Path(dest).name).write_bytes(Path(src).read_bytes())
    found = compressed_ffmpeg(bundle)
    assert found is not None and found[1]["size"] == len(content)
    assert ensure_unpacked(*found, tmp_path / "cache").read_bytes() == content
    made = Path(packed[0][1]).stat().st_mtime_ns
    assert pack.pack_ffmpeg(entries, tmp_path / "build") == packed
    assert Path(packed[0][1]).stat().st_mtime_ns == made  # reused, not compressed again
    source.write_bytes(content + b"new version")
    pack.pack_ffmpeg(entries, tmp_path / "build")
    assert ensure_unpacked(*compressed_ffmpeg(tmp_path / "build"), tmp_path / "cache2").read_bytes() == \
        content + b"new version"

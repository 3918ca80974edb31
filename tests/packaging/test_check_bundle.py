"""The bundle check's glibc scan (packaging/check_bundle.py), on small ELF files of this machine: it finds the
glibc versions a program needs (as objdump reads them from its symbols), reports a file needing more than the
floor and nothing at or under it; and the libraries the bundle leaves to the system do not count as missing.
The scan of the real bundle is in test_bundle.py (slow)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("check_bundle", REPO / "packaging" / "check_bundle.py")
check = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(check)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("readelf")
                                or not shutil.which("objdump"), reason="ELF files and binutils: Linux")
PROGRAM = Path(shutil.which("true") or "/bin/true").resolve()


def objdump_glibc(path: Path) -> set[tuple[int, ...]]:
    """The GLIBC_x.y versions of the symbols a file uses, as `objdump -T` lists them (another tool's reading)."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True).stdout
    return {tuple(int(p) for p in v.split(".")) for v in re.findall(r"\(?GLIBC_(\d+(?:\.\d+)+)\)?\s", out)}


def test_the_glibc_a_program_needs_is_read_from_it():
    needs = check.glibc_needs(PROGRAM)
    assert (2, 2, 5) in needs  # every x86-64 program needs the first x86-64 glibc version
    assert max(needs) == max(objdump_glibc(PROGRAM))


def test_a_file_needing_a_newer_glibc_than_the_floor_is_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(PROGRAM, tmp_path / "sub" / "program")
    (tmp_path / "notes.txt").write_text("not an ELF file")
    newest = max(objdump_glibc(PROGRAM))
    just_under = (*newest[:-1], newest[-1] - 1)
    assert check.too_new_glibc(tmp_path, just_under) == {"sub/program": "GLIBC_" + ".".join(map(str, newest))}
    assert check.too_new_glibc(tmp_path, newest) == {}


def test_the_libraries_left_to_the_system_are_not_missing():
    for name in ("libstdc++.so.6", "libgcc_s.so.1", "libexpat.so.1", "libmvec.so.1", "ld-linux-x86-64.so.2"):
        assert check.is_system_library(name), name
    pytest.importorskip("PyInstaller")  # (its exclusion list decides the rest)
    assert check.is_system_library("libc.so.6") and not check.is_system_library("libQt6Core.so.6")

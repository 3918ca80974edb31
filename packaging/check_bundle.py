"""Checks a Linux one-folder bundle for libraries it needs but lacks, and for a glibc newer than it promises.

Every shared library a bundled binary links against must be in the bundle, or be one that PyInstaller leaves
to the system on purpose (libc, libGL, libxcb...: its exclusion list; and bundle_filters.SYSTEM_LIBRARIES). A
library filtered out of the spec by mistake, or one the build machine lacked (so PyInstaller could not collect
it), shows up here instead of as a crash on a learner's laptop. And no ELF file in it may need a glibc symbol
version newer than bundle_filters.GLIBC_FLOOR (2.35: Ubuntu 22.04, Debian 12): a newer one means the app stops
at once on those systems ("GLIBC_2.36 not found"). Needs `readelf` (binutils, which PyInstaller needs on Linux
anyway).

    python packaging/check_bundle.py dist/NeuralPlayground
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_filters import GLIBC_FLOOR, SYSTEM_LIBRARIES

# Plugins whose libraries are only there on systems that can use them (a Wayland session, EGL drivers):
# Qt skips a plugin it cannot load, so these may link to what the system may lack.
OPTIONAL = ("PySide6/Qt/plugins/wayland-", "PySide6/Qt/plugins/platforms/libqwayland",
            "PySide6/Qt/plugins/xcbglintegrations/libqxcb-egl", "libQt6WaylandClient", "libQt6WlShellIntegration")


def is_system_library(name: str) -> bool:
    """Left to the system: PyInstaller's exclusion list, the dynamic loader itself, and SYSTEM_LIBRARIES."""
    if name.startswith("ld-linux") or name in SYSTEM_LIBRARIES:
        return True
    from PyInstaller.depend import dylib

    return not dylib.include_library(name)


def is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line]


def missing_libraries(bundle: Path) -> dict[str, list[str]]:
    """{binary inside the bundle: [libraries it needs that are neither bundled nor left to the system]}."""
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    present = {p.name for p in bundle.rglob("*")}
    problems: dict[str, list[str]] = {}
    for path in files:
        if not is_elf(path):
            continue
        relative = path.relative_to(bundle).as_posix().removeprefix("_internal/")
        if relative.startswith(OPTIONAL):
            continue
        lacking = [name for name in needed(path) if name not in present and not is_system_library(name)]
        if lacking:
            problems[relative] = lacking
    return problems


def glibc_needs(path: Path) -> set[tuple[int, ...]]:
    """The glibc symbol versions an ELF file needs (its version-needs section: GLIBC_2.34 -> (2, 34)); the
    versions a library defines itself (libc's own) are not needs."""
    out = subprocess.run(["readelf", "-V", "-W", str(path)], capture_output=True, text=True, check=False).stdout
    needs = out.split("Version needs section", 1)
    if len(needs) < 2:
        return set()
    section = needs[1].split("Version definition section", 1)[0]  # (readelf prints definitions first; be safe)
    versions = re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", section)
    return {tuple(int(part) for part in version.split(".")) for version in versions}


def too_new_glibc(bundle: Path, floor: tuple[int, ...] = GLIBC_FLOOR) -> dict[str, str]:
    """{file inside the bundle: the newest glibc version it needs} for every ELF file needing more than `floor`."""
    problems = {}
    for path in sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()):
        if not is_elf(path):
            continue
        newest = max(glibc_needs(path), default=None)
        if newest is not None and newest > floor:
            problems[path.relative_to(bundle).as_posix()] = "GLIBC_" + ".".join(map(str, newest))
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: check_bundle.py BUNDLE_FOLDER", file=sys.stderr)
        return 2
    problems = missing_libraries(Path(argv[0]))
    for binary, lacking in sorted(problems.items()):
        print(f"{binary}: needs {', '.join(lacking)}, which is not in the bundle", file=sys.stderr)
    if problems:
        print("check_bundle: missing libraries (install them on the build machine, or keep them in the spec)",
              file=sys.stderr)
        return 1
    floor = ".".join(map(str, GLIBC_FLOOR))
    newer = too_new_glibc(Path(argv[0]))
    for binary, version in newer.items():
        print(f"{binary}: needs {version}, newer than glibc {floor}", file=sys.stderr)
    if newer:
        print(f"check_bundle: the bundle would not start on glibc {floor} (leave these libraries to the system in "
              "bundle_filters.SYSTEM_LIBRARIES, or build on an older system)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

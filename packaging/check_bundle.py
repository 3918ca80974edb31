"""Checks a Linux one-folder bundle for libraries it needs but lacks.

Every shared library a bundled binary links against must be in the bundle, or be one that PyInstaller leaves
to the system on purpose (libc, libGL, libxcb...: its exclusion list). A library filtered out of the spec by
mistake, or one the build machine lacked (so PyInstaller could not collect it), shows up here instead of as a
crash on a learner's laptop. Needs `readelf` (binutils, which PyInstaller needs on Linux anyway).

    python packaging/check_bundle.py dist/NeuralPlayground
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PyInstaller.depend import dylib

# Plugins whose libraries are only there on systems that can use them (a Wayland session, EGL drivers):
# Qt skips a plugin it cannot load, so these may link to what the system may lack.
OPTIONAL = ("PySide6/Qt/plugins/wayland-", "PySide6/Qt/plugins/platforms/libqwayland",
            "PySide6/Qt/plugins/xcbglintegrations/libqxcb-egl", "libQt6WaylandClient", "libQt6WlShellIntegration")


def is_system_library(name: str) -> bool:
    """Left to the system: PyInstaller's exclusion list, plus the dynamic loader itself."""
    return name.startswith("ld-linux") or not dylib.include_library(name)


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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""What the spec leaves out of the bundle, checked without building (packaging/bundle_filters.py): the desktop
toolkit that only Qt's GTK theme plugin needs goes, without taking anything Qt itself needs; and the bundle's
paths stay under Windows' 260-character limit in a per-user install under a long user name."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("bundle_filters", REPO / "packaging" / "bundle_filters.py")
filters = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(filters)

QT = Path(importlib.util.find_spec("PySide6").origin).parent / "Qt"
SITE = QT.parents[1]

# Libraries of the GTK desktop stack (their sonames on Debian, Ubuntu, Fedora): none may go into the bundle.
DESKTOP_LIBRARIES = [
    "libgtk-3.so.0", "libgdk-3.so.0", "libatk-1.0.so.0", "libatk-bridge-2.0.so.0", "libatspi.so.0", "libepoxy.so.0",
    "libpango-1.0.so.0", "libpangocairo-1.0.so.0", "libpangoft2-1.0.so.0", "libcairo.so.2", "libcairo-gobject.so.2",
    "libharfbuzz.so.0", "libgdk_pixbuf-2.0.so.0", "libfribidi.so.0", "libthai.so.0", "libdatrie.so.1",
    "libgraphite2.so.3", "libpixman-1.so.0", "libcloudproviders.so.0", "libtracker-sparql-3.0.so.0",
    "libcolord.so.2", "librsvg-2.so.2",
]
# What Qt's own libraries and the plugins the app uses link to (readelf on PySide6 6.11.3): must stay.
QT_NEEDS = [
    "libglib-2.0.so.0", "libgthread-2.0.so.0", "libfontconfig.so.1", "libfreetype.so.6",
    "libxkbcommon.so.0", "libxkbcommon-x11.so.0", "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1",
    "libX11-xcb.so.1", "libpng16.so.16", "libz.so.1", "libicuuc.so.73", "libpython3.11.so.1.0",
    "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "PySide6/Qt/lib/libQt6WaylandClient.so.6",
    "PySide6/Qt/lib/libQt6OpenGL.so.6", "PySide6/Qt/lib/libQt6Svg.so.6", "PySide6/Qt/lib/libQt6DBus.so.6",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so", "PySide6/Qt6Gui.dll", "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui", "torch/lib/libtorch_cpu.so", "torch/bin/torch_shm_manager",
]


@pytest.mark.parametrize("name", DESKTOP_LIBRARIES)
def test_the_desktop_toolkit_stays_out(name):
    assert not filters.wanted(name)


@pytest.mark.parametrize("path", ["PySide6/Qt/plugins/platformthemes/libqgtk3.so",
                                  "PySide6/plugins/platformthemes/qgtk3.dll"])
def test_the_gtk_theme_plugin_stays_out(path):
    assert not filters.wanted(path)


@pytest.mark.parametrize("path", [
    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt6Quick.dll", "PySide6/Qt/lib/QtQuick.framework/QtQuick",
    "PySide6/Qt6Network.dll", "PySide6/translations/qtbase_de.qm", "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/plugins/imageformats/qpdf.dll", "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/plugins/sqldrivers/qsqlite.dll", "torch/lib/torchbind_test.dll", "torch/lib/libtorchbind_test.so",
    "torch/include/ATen/ATen.h", "torch/lib/c10.lib"])
def test_what_the_app_does_not_use_stays_out_on_every_platform(path):
    assert not filters.wanted(path)


@pytest.mark.parametrize("path", QT_NEEDS)
def test_what_qt_needs_stays(path):
    assert filters.wanted(path)


@pytest.mark.parametrize("path", ["libstdc++.so.6", "libgcc_s.so.1", "libexpat.so.1", "libmvec.so.1", "libdbus-1.so.3"])
def test_libraries_every_supported_linux_has_are_left_to_the_system(path):
    """Bundled, most would need the build machine's glibc (2.36 on Debian 12), not 2.35; libdbus is on every
    desktop."""
    assert not filters.wanted(path)


@pytest.mark.parametrize("path", [
    "pillow.libs/libavif-c6062d5f.so.16.4.2", "libavif-c6062d5f.so.16.4.2", "pillow.libs/libwebp-51b0b3f7.so.7.2.0",
    "pillow.libs/liblcms2-88eaba2f.so.2.0.19", "torch-2.13.0+cpu.dist-info/RECORD"])
def test_what_only_unused_extensions_need_stays_out(path):
    assert not filters.wanted(path)


@pytest.mark.parametrize("path", [
    "pillow.libs/libjpeg-6dc8d115.so.62.4.0", "pillow.libs/libtiff-20b7e810.so.6.3.0", "libz.so.1",
    "PIL/_imaging.cpython-311-x86_64-linux-gnu.so", "torch-2.13.0+cpu.dist-info/METADATA", "libstdc++.so.6.bak/x"])
def test_what_pillows_core_and_the_version_numbers_need_stays(path):
    assert filters.wanted(path)


def test_unused_python_extensions_are_excluded():
    assert {"ssl", "_hashlib", "readline", "sqlite3", "PIL._avif", "PIL._webp"} <= set(filters.EXCLUDED_MODULES)
    assert "hashlib" not in filters.EXCLUDED_MODULES and "PIL" not in filters.EXCLUDED_MODULES


USED_MODULES = {"QtCore", "QtGui", "QtWidgets", "QtOpenGL", "QtOpenGLWidgets", "QtSvg", "QtTest"}


def linked(path: Path) -> dict[str, str]:
    """{soname: resolved path} of what `path` loads, as the system's loader finds it (ldd)."""
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False).stdout
    return {m.group(1): m.group(2) for m in re.finditer(r"^\s*(\S+) => (/\S+)", out, re.MULTILINE)}


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("readelf"),
                    reason="Linux ELF files, read with binutils")
def test_the_filters_leave_no_kept_library_without_what_it_needs():
    """A bundle as PyInstaller would collect it from this machine (Qt's libraries and plugins, and from the
    system whatever they link to: with GTK 3 installed, the theme plugin's whole stack), filtered as the spec
    does: no kept file may need a library that was dropped (the build's check_bundle would stop), and none of the
    desktop toolkit is left."""
    if not (QT / "plugins/platformthemes/libqgtk3.so").exists():
        pytest.skip("this PySide6 has no GTK theme plugin")
    # As PyInstaller collects: the Qt modules the app imports and every plugin, then what they load, and so on.
    roots = [p for p in (QT.parent).glob("Qt*.abi3.so") if p.name.split(".")[0] in USED_MODULES]
    entries = {p.relative_to(SITE).as_posix(): str(p) for p in roots + list((QT / "plugins").rglob("*.so"))}
    todo = list(entries.values())
    while todo:
        for name, resolved in linked(Path(todo.pop())).items():
            path = Path(resolved)
            dest = path.relative_to(SITE).as_posix() if path.is_relative_to(SITE) else name
            if dest not in entries:
                entries[dest] = resolved
                todo.append(resolved)
    bundle = [(dest, source, "BINARY") for dest, source in entries.items()]
    kept = [entry for entry in bundle if filters.wanted(entry[0])]
    dropped = [entry for entry in bundle if not filters.wanted(entry[0])]
    orphans = filters.orphaned_libraries(kept, dropped)
    kept = [entry for entry in kept if entry[0] not in orphans]
    kept_names = {PurePosixPath(entry[0]).name for entry in kept}
    every_name = {PurePosixPath(entry[0]).name for entry in bundle}
    system = set(filters.SYSTEM_LIBRARIES)  # left out on purpose: the system's own copies are used
    lacking = {entry[0]: sorted(set(filters.readelf_needed(entry[1])) & every_name - kept_names - system)
               for entry in kept}
    assert {path: names for path, names in lacking.items() if names} == {}
    if "libgtk-3.so.0" in every_name:  # GTK 3 is installed here: its stack was collected, and must be gone
        assert not kept_names & set(DESKTOP_LIBRARIES)
        assert {"libgio-2.0.so.0", "libXcomposite.so.1"} <= {PurePosixPath(o).name for o in orphans}
    assert {"libglib-2.0.so.0", "libfontconfig.so.1", "libxkbcommon.so.0"} <= kept_names


def test_orphans_are_what_only_dropped_files_needed():
    needs = {"plugin": ["libA.so", "libB.so"], "libA": ["libC.so"], "libB": [], "libC": [], "libD": [],
             "app": ["libB.so"], "kept-lib": ["libD.so"]}
    kept = [(f"{name}.so", name, "BINARY") for name in ("libA", "libB", "libC", "libD")]
    kept += [("pkg/app.so", "app", "BINARY"), ("pkg/kept-lib.so", "kept-lib", "BINARY")]
    orphans = filters.orphaned_libraries(kept, [("pkg/plugin.so", "plugin", "BINARY")], lambda source: needs[source])
    assert orphans == {"libA.so", "libC.so"}  # libB stays: the app needs it; libD was never the plugin's


def test_torchs_deep_licences_are_packed_whole(tmp_path):
    dist = tmp_path / "site" / "torch-9.9.dist-info"
    deep = dist / "licenses" / "third_party" / "a" / "third_party" / "b"
    deep.mkdir(parents=True)
    (deep / "LICENSE").write_text("deep licence")
    (dist / "licenses" / "LICENSE").write_text("torch licence")
    (dist / "METADATA").write_text("Name: torch")
    datas = filters.pack_deep_licences([(str(dist), dist.name)], tmp_path / "out")
    assert sorted(PurePosixPath(dest) / Path(source).name for source, dest in datas) == [
        PurePosixPath("torch-9.9.dist-info/METADATA"), PurePosixPath("torch-9.9.dist-info/licenses/LICENSE"),
        PurePosixPath("torch-9.9.dist-info/licenses/third_party.zip")]
    packed = next(source for source, _ in datas if source.endswith(".zip"))
    with zipfile.ZipFile(packed) as archive:
        assert archive.read("a/third_party/b/LICENSE") == b"deep licence"


# ----- Windows: 260 characters -------------------------------------------------------------------------------

# A per-user install (Inno Setup's {autopf} without administrator rights) under a long profile folder: local
# account names have up to 20 characters, and Windows may add ".DOMAIN" or ".000" to the folder's name.
USER_FOLDER = "alexandra.vanderberg-21.SCHOOL01"
MAX_PATH = 260  # including the terminating NUL: a usable path has at most 259 characters
# Packages whose files PyInstaller puts on disk (data files and libraries; torch's hook also copies its sources)
PACKAGES = ["torch", "functorch", "PySide6", "shiboken6", "numpy", "numpy.libs", "pyqtgraph", "imageio",
            "imageio_ffmpeg", "PIL", "pillow.libs", "sympy", "networkx", "jinja2", "markupsafe", "fsspec"]
WITH_SOURCES = ("torch", "functorch")
METADATA = ["torch", "numpy", "pyqtgraph", "pyside6_essentials"]


def install_folder() -> str:
    """The installer's default folder, from NeuralPlayground.iss ({autopf}\\<folder>)."""
    text = (REPO / "packaging" / "windows" / "NeuralPlayground.iss").read_text(encoding="utf-8")
    folder = re.search(r"^DefaultDirName=\{autopf\}\\(.+)$", text, re.MULTILINE).group(1).strip()
    defines = dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.MULTILINE))
    return re.sub(r"\{#(\w+)\}", lambda m: defines[m.group(1)], folder)


def contents_folder() -> str:
    """The folder beside the .exe that holds the rest (PyInstaller's contents_directory, _internal by default)."""
    found = re.search(r"contents_directory=\"([^\"]+)\"", (REPO / "packaging" / "playground.spec").read_text())
    return found.group(1) if found else "_internal"


def bundle_paths(tmp_path: Path) -> list[str]:
    """Paths inside the contents folder that a build from this environment would hold, after the spec's filters.
    Laid out from the installed packages (this is Linux's layout: its PySide6/Qt/... and .so names are longer
    than Windows' PySide6/... and .pyd, so the estimate errs on the long side)."""
    paths = []
    for package in PACKAGES:
        root = SITE / package
        for path in root.rglob("*") if root.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts and (
                    path.suffix != ".py" or package in WITH_SOURCES):
                paths.append(path.relative_to(SITE).as_posix())
    for name in METADATA:
        [dist] = SITE.glob(f"{name}-*.dist-info")
        for source, dest in filters.pack_deep_licences([(str(dist), dist.name)], tmp_path):
            source = Path(source)  # a file, or a folder copied whole
            paths += [f"{dest}/{p.relative_to(source).as_posix()}" for p in source.rglob("*") if p.is_file()] \
                if source.is_dir() else [f"{dest}/{source.name}"]
    return [path for path in paths if filters.wanted(path)]


def test_no_path_in_a_per_user_install_reaches_260_characters(tmp_path):
    prefix = rf"C:\Users\{USER_FOLDER}\AppData\Local\Programs\{install_folder()}\{contents_folder()}" + "\\"
    paths = bundle_paths(tmp_path)
    assert len(paths) > 1000 and any(p.startswith("torch/lib/") for p in paths)  # the layout was really walked
    longest = max(paths, key=len)
    full = prefix + longest.replace("/", "\\")
    assert len(full) < MAX_PATH, f"{len(full)} characters: {full}"
    assert len(prefix) >= 80  # the user folder and install folder really were counted


def test_the_torch_sources_left_out_are_those_no_process_imported():
    log = ("import time: self [us] | cumulative | imported package\n"
           "import time:       252 |        252 |   torch.nn.functional\n"
           "import time:       618 |       1494 | torch.nn\n"
           "import time:        10 |         10 |     torch\n"
           "something else on stderr\n")
    imported = filters.imported_modules(log)
    assert imported == {"torch.nn.functional", "torch.nn", "torch"}
    assert not filters.unimported_source("torch/nn/functional.py", imported)
    assert not filters.unimported_source("torch/nn/__init__.py", imported)
    assert filters.unimported_source("torch/distributed/optim/functional_adam.py", imported)
    assert filters.unimported_source("functorch/dim/__init__.py", imported)
    assert not filters.unimported_source("numpy/unused.py", imported)  # only torch copies its sources
    assert not filters.unimported_source("torch/lib/libtorch_cpu.so", imported)


def test_the_torch_sources_kept_are_those_a_watched_run_read(tmp_path):
    """The watch (packaging/watch_sources/sitecustomize.py, on PYTHONPATH) logs the torch sources a process opens:
    inspect reading one is logged; a module only imported (bytecode), or read by PySide6's scan that takes a
    missing source as "no", is not. The filter keeps just those, and torch's config modules whatever the log says."""
    log = tmp_path / "sources.log"
    code = ("import inspect, torch.nn.functional as F, torch.nn.modules.linear as linear\n"
            "assert 'def relu' in inspect.getsource(F.relu)\n"
            "def _mod_uses_pyside(module):\n"  # as PySide6's __feature__ support scans each module imported after it
            "    return 'PySide6' in inspect.getsource(module)\n"
            "assert not _mod_uses_pyside(linear)\n")
    env = {**os.environ, "PYTHONPATH": str(REPO / "packaging" / "watch_sources"), "PLAYGROUND_SOURCE_LOG": str(log)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=300)
    read = filters.read_sources(log.read_text())
    assert "torch/nn/functional.py" in read
    assert "torch/nn/modules/linear.py" not in read  # imported, and read only by a reader that does without
    assert not filters.unread_source("torch/nn/functional.py", read)
    assert filters.unread_source("torch/nn/modules/linear.py", read)
    assert not filters.unread_source("torch/_inductor/config.py", read)  # reads itself when imported
    assert not filters.unread_source("numpy/linalg/linalg.py", read)  # only torch's sources are copied
    assert not filters.unread_source("torch/lib/libtorch_cpu.so", read)

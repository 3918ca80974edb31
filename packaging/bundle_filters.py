"""What playground.spec leaves out of the bundle, and why: kept apart from the spec so that tests can check it
without running PyInstaller (tests/packaging/test_bundle_filters.py).

Paths are as inside the bundle's _internal folder, with forward slashes. PySide6 lays its files out differently
per platform (Linux: PySide6/Qt/lib/libQt6Gui.so.6 and PySide6/Qt/plugins/; Windows: PySide6/Qt6Gui.dll and
PySide6/plugins/; macOS: PySide6/Qt/lib/QtGui.framework/), so the Qt patterns accept each."""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

# Python modules nobody imports at run time. torch's hook collects every torch submodule, and some of them
# import these optionally; tkinter and the test frameworks are never used by a Qt app.
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "IPython", "matplotlib", "pytest", "pytestqt", "setuptools", "pip",
    "torch.utils.tensorboard", "tensorboard", "caffe2",
    "pyqtgraph.examples", "pyqtgraph.opengl", "pyqtgraph.jupyter", "pyqtgraph.canvas", "pyqtgraph.flowchart",
    "pyqtgraph.console", "cupy", "numba", "h5py", "scipy", "pandas", "triton",
    # Qt modules the app does not use (pyqtgraph imports QtOpenGL, QtOpenGLWidgets, QtSvg and QtTest; keep those)
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
    "PySide6.QtQuickTest", "PySide6.QtSql", "PySide6.QtXml", "PySide6.QtDBus", "PySide6.QtConcurrent",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtPrintSupport", "PySide6.QtSvgWidgets",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtMultimedia", "PySide6.Qt3DCore",
    # Python and Pillow extensions nothing uses, with the libraries only they link to: TLS and OpenSSL (no network;
    # http.client and hashlib do without them, the builtin hashes stay), the interactive prompt, SQLite, Pillow's
    # AVIF, WebP, colour-management and Tk parts (recordings are GIF through Pillow's own code, or MP4 through
    # ffmpeg). 7.5 MiB; the built app's self-test, training and recordings pass without them.
    "ssl", "_ssl", "_hashlib", "readline", "sqlite3", "_sqlite3",
    # Codecs for Chinese, Japanese and Korean legacy encodings (GBK, Shift JIS ...): files are read as UTF-8
    "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr", "_codecs_tw", "_multibytecodec",
    "PIL._avif", "PIL._webp", "PIL._imagingcms", "PIL.ImageCms", "PIL._imagingtk", "PIL.ImageTk",
]

# Libraries of the build machine that PyInstaller collects but every Linux the bundle supports has (glibc 2.35 and
# newer: Ubuntu 22.04, Debian 12, Mint 21, Fedora 36): the system's copies are used instead. Bundled, they raise the
# glibc the bundle needs to the build machine's: Debian 12's libstdc++ and libexpat use arc4random (GLIBC_2.36),
# its libgcc_s needs _dl_find_object (2.35), and libmvec is a part of glibc itself, never to be copied. Nothing
# else in the bundle needs a newer libstdc++ than GLIBCXX_3.4.29 (Ubuntu 22.04 has 3.4.30).
# libdbus-1 (and what Debian's links to: libsystemd, libgcrypt, liblz4 ...; 2.8 MiB) is on every Linux desktop:
# a session bus needs it.
SYSTEM_LIBRARIES = ("libstdc++.so.6", "libgcc_s.so.1", "libexpat.so.1", "libmvec.so.1", "libdbus-1.so.3")
# The newest glibc any file of the Linux bundle may need (packaging/check_bundle.py fails the build otherwise).
GLIBC_FLOOR = (2, 35)

# The desktop toolkit stack that only Qt's GTK theme plugin (platformthemes/libqgtk3) links to. PyInstaller
# collects it from the build machine whenever GTK 3 is installed there; the app draws its own theme and never
# loads the plugin, and a bundled GTK would be loaded against the system's own GTK modules and themes (a classic
# crash). Qt itself needs none of these: QtCore and QtGui link glib-2.0, fontconfig, freetype and (for
# accessibility and the portal) dbus-1, which stay. gio, gobject and gmodule are left to orphaned_libraries():
# only the dropped plugins need them today, but a kept plugin that did would keep them.
DESKTOP_TOOLKIT = (r"gtk-3|gdk-3|gdk_pixbuf-2\.0|atk-1\.0|atk-bridge-2\.0|atspi|epoxy|cairo|cairo-gobject"
                   r"|pango-1\.0|pangocairo-1\.0|pangoft2-1\.0|harfbuzz|graphite2|fribidi|thai|datrie|pixman-1"
                   r"|cloudproviders|tracker-sparql-3\.0|colord|lcms2|rsvg-2|croco-0\.6|wayland-egl-gtk")

# Files dropped from what the hooks collected (regular expressions on the path inside the bundle's _internal).
EXCLUDED_FILES = [
    r"^torch/(test|include|share)/",  # C++ test programs, headers, CMake files
    r"^torch/bin/(?!torch_shm_manager)",  # more test programs and protoc; torch checks for the shm manager at import
    r"\.(a|lib|h|hpp|cuh|cpp|pyi)$",
    r"^torch/lib/(lib)?(jitbackend_test|torchbind_test|aoti_custom_ops|backend_with_compiler)\.",  # test libraries
    # Qt: the platforms the app runs on (X11, Wayland, offscreen, Windows, Cocoa), nothing for QML, VNC, framebuffers
    r"^PySide6/(Qt/)?(qml|translations)/",
    r"^PySide6/(Qt/)?plugins/(designer|qmltooling|qmllint|sqldrivers|printsupport|networkinformation|tls|generic"
    r"|egldeviceintegrations|wayland-graphics-integration-server)/",
    r"^PySide6/(Qt/)?plugins/platforms/(lib)?q(eglfs|linuxfb|minimalegl|vkkhrdisplay|vnc)\.",
    r"^PySide6/(Qt/)?plugins/imageformats/(lib)?q(pdf|tiff|webp|tga|wbmp|gif|jpeg)\.",
    # The GTK theme plugin would load the system's GTK against the bundle's copies of its libraries; the app draws
    # its own theme, so leave the plugin and the toolkit only it needs out.
    r"^PySide6/(Qt/)?plugins/platformthemes/(lib)?qgtk3\.",
    rf"^lib({DESKTOP_TOOLKIT})\.so",
    "^(" + "|".join(re.escape(name) for name in SYSTEM_LIBRARIES) + ")$",  # the system's own (see above)
    r"^(pillow\.libs/)?lib(avif|webp|webpmux|webpdemux|sharpyuv|lcms2)-[0-9a-f]+\.so",  # only Pillow's dropped parts
    r"\.dist-info/RECORD$",  # pip's list of installed files (torch's alone is 1.4 MiB); nothing reads it at run time
    r"^(PySide6/(Qt/lib/)?)?(lib)?Qt6?(Quick|Qml|Designer|Pdf|Sql|Help|Labs|Lottie|WaylandCompositor|UiTools"
    r"|Network|EglFS|EglFs)",
]

_PATTERNS = [re.compile(pattern) for pattern in EXCLUDED_FILES]


def wanted(path: str) -> bool:
    """Whether a file at `path` (inside _internal) stays in the bundle."""
    path = path.replace("\\", "/")
    return not any(pattern.search(path) for pattern in _PATTERNS)


def is_top_level_library(path: str) -> bool:
    """A library PyInstaller collected from the system (it lands at the top of _internal, not in a package)."""
    path = path.replace("\\", "/")
    return "/" not in path and ".so" in path


def readelf_needed(source: str) -> list[str]:
    """The libraries an ELF file links to (its NEEDED entries); none for anything readelf cannot read."""
    result = subprocess.run(["readelf", "-d", source], capture_output=True, text=True, check=False)
    return [line.split("[", 1)[1].split("]", 1)[0] for line in result.stdout.splitlines() if "(NEEDED)" in line]


def orphaned_libraries(kept: Iterable[tuple], dropped: Iterable[tuple],
                       needed: Callable[[str], list[str]] = readelf_needed) -> set[str]:
    """Top-level libraries (bundle paths) that only dropped files needed: PyInstaller collected them as the
    dependencies of a plugin the spec leaves out (the GTK theme's whole desktop stack pulls in gio, the X11
    extensions ...). A library that a kept file needs, directly or through another kept library, stays. Entries
    are PyInstaller's (path in the bundle, source path, kind)."""
    kept, dropped = list(kept), list(dropped)
    by_name = {PurePosixPath(entry[0]).name: entry for entry in kept if is_top_level_library(entry[0])}

    def closure(roots: Iterable[tuple]) -> set[str]:
        seen: set[str] = set()
        todo = [needed(entry[1]) for entry in roots]
        while todo:
            for name in todo.pop():
                if name in by_name and name not in seen:
                    seen.add(name)
                    todo.append(needed(by_name[name][1]))
        return seen

    candidates = closure(dropped)
    roots = [entry for entry in kept if PurePosixPath(entry[0]).name not in candidates]
    return {by_name[name][0] for name in candidates - closure(roots)}


def pack_deep_licences(metadata: list[tuple[str, str]], out_dir: Path) -> list[tuple[str, str]]:
    """copy_metadata()'s entries, with each dist-info's licenses/third_party/ tree packed into one zip in it.
    torch ships the licences of its third-party code nested up to 171 characters deep; with the install folder
    before them, Windows' 260-character limit breaks under a long user name. Every text is still shipped."""
    datas = []
    for source, dest in metadata:
        root = Path(source)
        deep = root / "licenses" / "third_party"
        if not root.is_dir() or not deep.is_dir():
            datas.append((source, dest))
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and deep not in p.parents):
            datas.append((str(path), str(PurePosixPath(dest) / path.parent.relative_to(root).as_posix())))
        out_dir.mkdir(parents=True, exist_ok=True)
        packed = out_dir / root.name / "third_party.zip"
        packed.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in deep.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(path.relative_to(deep).as_posix(), date_time=(2020, 1, 1, 0, 0, 0))
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
        datas.append((str(packed), str(PurePosixPath(dest) / "licenses")))
    return datas


# Packages whose hook copies their .py sources into the bundle beside the bytecode (PyInstaller's "pyz+py": for
# TorchScript and inspect, which read the source of what is imported).
SOURCE_PACKAGES = ("torch", "functorch")


def module_of(path: str) -> str | None:
    """The module a .py file in the bundle holds ("torch/nn/functional.py" -> "torch.nn.functional"), else None."""
    path = path.replace("\\", "/")
    if not path.endswith(".py"):
        return None
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def unimported_source(path: str, imported: set[str]) -> bool:
    """A source file of torch that neither process imported while the build watched them: only inspect and
    TorchScript read these files, and only for modules that were imported, so it can stay out."""
    module = module_of(path)
    return module is not None and module.split(".")[0] in SOURCE_PACKAGES and module not in imported


def read_sources(log: str) -> set[str]:
    """The torch sources the watched runs opened (packaging/watch_sources/sitecustomize.py's log: one path inside
    site-packages per line)."""
    return {line.strip() for line in log.splitlines() if line.strip().endswith(".py")}


def unread_source(path: str, read: set[str]) -> bool:
    """A torch source file that no watched run opened. Imports read the bytecode; only inspect reads a .py: at
    import, torch's config modules (install_config_module) and a few decorators; later only TorchScript and
    torch.compile, which the app does not use. 19 MiB of the 21 MiB of imported modules' sources are never read.
    Config modules stay whatever the log says (each one reads itself when it is imported)."""
    path = path.replace("\\", "/")
    return (path.endswith(".py") and path.split("/")[0] in SOURCE_PACKAGES and path not in read
            and not path.endswith("config.py"))


def imported_modules(log: str) -> set[str]:
    """The modules named in Python's -X importtime output (PYTHONPROFILEIMPORTTIME=1), from every process."""
    return set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+([\w.]+)\s*$", log, re.MULTILINE))

"""packaging/linux/build_deb.sh, fed a small stand-in bundle: the .deb holds the app under /opt, a /usr/bin link,
the menu entry, the file type and the icons, all root's, and says which glibc it needs; installed with dpkg into a
throwaway root (its maintainer scripts run outside a chroot, with DPKG_ROOT) it registers the file type, and
removed it leaves nothing of itself behind."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("dpkg-deb")
                                or not shutil.which("readelf"), reason="needs dpkg-deb and binutils")

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "neural-playground"
ELF = Path("/bin/true")
OTHER_TYPE = """<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="text/x-other"><comment>Other</comment><glob pattern="*.other"/></mime-type>
</mime-info>
"""  # a real ELF file inside the stand-in bundle: its glibc needs become the Depends


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=120, check=False,
                            **kwargs)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result


@pytest.fixture(scope="module")
def deb(tmp_path_factory) -> Path:
    bundle = tmp_path_factory.mktemp("dist") / "NeuralPlayground"
    (bundle / "_internal").mkdir(parents=True)
    app = bundle / "NeuralPlayground"
    app.write_text('#!/bin/sh\necho "started with: $*"\n')
    app.chmod(0o755)
    shutil.copy(ELF, bundle / "_internal" / "libstandin.so.1")
    (bundle / "_internal" / "data.txt").write_text("data")
    out = tmp_path_factory.mktemp("out")
    built = run(["bash", REPO / "packaging/linux/build_deb.sh", bundle, "1.2.3", out])
    [deb] = out.glob("*.deb")
    assert built.stdout.strip() == str(deb)
    assert re.fullmatch(rf"{PACKAGE}_1\.2\.3_[a-z0-9]+\.deb", deb.name)
    return deb


def newest_glibc(path: Path) -> str:
    """The newest GLIBC_ version `path` needs, read with objdump (the script reads readelf -V)."""
    out = run(["objdump", "-T", path]).stdout
    return max(re.findall(r"GLIBC_([0-9.]+)", out), key=lambda v: tuple(int(n) for n in v.split(".")))


def test_the_control_file_names_the_package_and_the_glibc_it_needs(deb):
    info = run(["dpkg-deb", "-I", deb]).stdout
    fields = dict(re.findall(r"^ (\w[\w-]*): (.*)$", info, re.MULTILINE))
    assert fields["Package"] == PACKAGE and fields["Version"] == "1.2.3"
    assert fields["Depends"] == f"libc6 (>= {newest_glibc(ELF)})"
    assert int(fields["Installed-Size"]) >= ELF.stat().st_size // 1024
    assert re.search(r"^\s+\d+ bytes,\s+\d+ lines\s+\*\s+postinst", info, re.MULTILINE)  # executable scripts
    assert re.search(r"^\s+\d+ bytes,\s+\d+ lines\s+\*\s+postrm", info, re.MULTILINE)


def test_the_package_holds_the_app_its_link_menu_entry_file_type_and_icons(deb):
    listing = run(["dpkg-deb", "-c", deb]).stdout.splitlines()
    entries = {line.split()[5].removeprefix("."): line for line in listing}
    assert all(" root/root " in line for line in listing)
    assert entries["/opt/neural-playground/NeuralPlayground"].startswith("-rwxr-xr-x")
    assert "/opt/neural-playground/_internal/data.txt" in entries
    assert entries["/usr/bin/neural-playground"].endswith("-> /opt/neural-playground/NeuralPlayground")
    for path in ("/usr/share/applications/neural-playground.desktop",
                 "/usr/share/mime/packages/neural-playground.xml",
                 "/usr/share/icons/hicolor/256x256/apps/neural-playground.png",
                 "/usr/share/icons/hicolor/256x256/mimetypes/application-x-neural-playground-scenario.png",
                 "/usr/share/doc/neural-playground/copyright"):
        assert entries[path].startswith("-rw-r--r--"), path
    assert not [path for path in entries if not path.startswith(("/opt/", "/usr/")) and path != "/"]


def test_the_menu_entry_runs_the_linked_app(deb, tmp_path):
    run(["dpkg-deb", "-x", deb, tmp_path])
    entry = (tmp_path / "usr/share/applications/neural-playground.desktop").read_text()
    assert "\nExec=neural-playground %f\n" in entry and "\nTryExec=neural-playground\n" in entry
    assert "\nMimeType=application/x-neural-playground-scenario;\n" in entry
    if shutil.which("desktop-file-validate"):
        run(["desktop-file-validate", tmp_path / "usr/share/applications/neural-playground.desktop"])


def dpkg_root(root: Path, *arguments) -> subprocess.CompletedProcess:
    return run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-depends", *arguments],
               env={**os.environ, "PATH": os.environ["PATH"]})


@pytest.mark.skipif(not shutil.which("dpkg") or os.geteuid() != 0, reason="dpkg into a throwaway root needs root")
def test_dpkg_installs_it_into_a_throwaway_root_and_removes_every_file(deb, tmp_path):
    root = tmp_path / "root"
    for folder in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/log", "usr/share/mime/packages"):
        (root / folder).mkdir(parents=True)
    (root / "var/lib/dpkg/status").write_text("")
    # As on a desktop system, the MIME database holds other types (shared-mime-info's, here a stand-in)
    (root / "usr/share/mime/packages/other.xml").write_text(OTHER_TYPE)
    before = {p for p in root.rglob("*")}
    dpkg_root(root, "--install", deb)
    app = root / "opt/neural-playground/NeuralPlayground"
    assert os.access(app, os.X_OK)
    assert os.readlink(root / "usr/bin/neural-playground") == "/opt/neural-playground/NeuralPlayground"
    assert run([app, "x.playground.json"]).stdout == "started with: x.playground.json\n"
    assert "install ok installed" in run(["dpkg-query", f"--root={root}", "-W", "-f=${Status}", PACKAGE]).stdout
    if shutil.which("update-mime-database"):  # postinst ran (in the throwaway root): the file type is known
        assert "*.playground.json" in (root / "usr/share/mime/globs2").read_text()

    dpkg_root(root, "--purge", PACKAGE)
    left = sorted(p.relative_to(root).as_posix() for p in set(root.rglob("*")) - before
                  if "neural-playground" in p.name or p.is_relative_to(root / "opt"))
    assert left == []  # the app, the link, the entry, the icons, the type and dpkg's own records of them
    if shutil.which("update-mime-database"):  # postrm ran: the type is gone from the database, the others stay
        globs = (root / "usr/share/mime/globs2").read_text()
        assert "*.playground.json" not in globs and "*.other" in globs
    query = subprocess.run(["dpkg-query", f"--root={root}", "-W", PACKAGE], capture_output=True, text=True,
                           check=False)
    assert query.returncode != 0 or query.stdout.strip() == ""

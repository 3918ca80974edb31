#!/usr/bin/env bash
# Builds the Linux app from the repository:
#   dist/NeuralPlayground/                                the one-folder app: dist/NeuralPlayground/NeuralPlayground
#   dist/neural-playground-<version>-linux-<arch>.tar.xz  that folder, a menu entry, the icons, the scenario file
#                                                         type and install.sh, ready to hand out
#   dist/neural-playground_<version>_<arch>.deb           the same for all users (packaging/linux/build_deb.sh)
#   dist/SHA256SUMS                                       their checksums (sha256sum -c SHA256SUMS)
# then runs the built app's self-test. The first run creates build/venv (the app, CPU torch and the pinned
# PyInstaller from packaging/requirements.txt); later runs reuse it until pyproject.toml or the pins change.
#
#   packaging/build_linux.sh             build, check and self-test (about 20 minutes on 2 busy cores, plus the venv)
#   packaging/build_linux.sh --no-test   skip the self-test
#   packaging/build_linux.sh --gz        a .tar.gz and a gzip .deb instead: minutes faster to pack, but larger
#                                        (for trying a build; the download is the .tar.xz)
#
# Needs python3 (3.11+) with venv, binutils, and dpkg-deb for the .deb (without it there is none). On a machine whose pip would take torch's CUDA wheels, point pip
# at the CPU ones first: export PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu
set -euo pipefail
cd "$(dirname "$0")/.."

run_test=1
compress=xz
for option in "$@"; do
    case "$option" in
        --no-test) run_test=0 ;;
        --gz) compress=gz ;;
        --xz) compress=xz ;;
        *) echo "usage: packaging/build_linux.sh [--no-test] [--gz]" >&2; exit 2 ;;
    esac
done

PYTHON=${PYTHON:-python3}
VENV=build/venv
NAME=NeuralPlayground
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' playground/__init__.py)
package="neural-playground-$version"
archive="dist/$package-linux-$(uname -m).tar.$compress"
started=$(date +%s)
phase_started=$started
timings=""
phase_done() {  # $1: what just finished; remembers how long it took
    local now
    now=$(date +%s)
    timings="$timings, $1 $((now - phase_started)) s"
    phase_started=$now
}

echo "== build environment ($VENV)"
stamp="$VENV/.installed-$(cat pyproject.toml packaging/requirements.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    # (This machine's pip config lists extra local indexes; pip's "is ignored" warnings about them are noise.)
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e . -r packaging/requirements.txt \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi
"$VENV/bin/python" - <<'EOF'
import sys

import torch

if torch.version.cuda or torch.version.hip:
    sys.exit(f"build/venv holds a GPU build of torch ({torch.__version__}); the bundle would carry gigabytes of "
             "CUDA. Remove build/venv, export PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu, run again.")
print(f"torch {torch.__version__} (CPU)")
EOF
phase_done "environment"

echo "== the modules the app imports (build/imports.log: both processes, every optimiser, the 3D hidden view)"
# torch's hook copies all its .py sources beside the bytecode, for inspect and TorchScript, which read only the
# sources of what is imported; the spec leaves out those of modules that none of these runs imported, and of the
# rest those no run read (build/sources.log, from packaging/watch_sources/sitecustomize.py).
imports=build/imports.log
sources=build/sources.log
: > "$imports"
: > "$sources"
record_imports() {
    PYTHONPROFILEIMPORTTIME=1 QT_QPA_PLATFORM=offscreen PLAYGROUND_HOME="$PWD/build/imports-home" \
        PYTHONPATH="$PWD/packaging/watch_sources" PLAYGROUND_SOURCE_LOG="$PWD/$sources" \
        "$VENV/bin/python" -m playground "$@" 2>> "$imports" > /dev/null
}
record_imports --self-test --seconds 1
for optimizer in adam sgd momentum rmsprop; do
    record_imports train --preset xor --hidden 4 --optimizer "$optimizer" --steps 20
done
record_imports record --preset two-curves --hidden 3 --steps 20 --morph --dims 3 --size 120 --fps 5 \
    --out build/imports-probe.gif
record_imports lesson 11 --check
rm -rf build/imports-probe.gif build/imports-home
phase_done "imports"

echo "== PyInstaller (one folder: dist/$NAME)"
PLAYGROUND_IMPORT_LOG="$imports" PLAYGROUND_SOURCE_LOG="$sources" "$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist \
    --workpath build/pyinstaller packaging/playground.spec
# (The spec put ffmpeg in xz-compressed; pack_ffmpeg.py keeps that file in build/ffmpeg, so only a first build waits.)
# Symbol tables of the largest libraries (about 110 MiB; the dynamic symbols stay), and of Python's extension
# modules, ICU, c10 and Pillow's core (10 MiB more). Not NumPy's OpenBLAS or libgfortran: strip breaks those, which
# auditwheel patched ("ELF load command address/offset not page-aligned"); the self-test and the slow test load
# every library stripped here.
internal="dist/$NAME/_internal"
for library in "$internal/torch/lib/libtorch_cpu.so" "$internal/torch/lib/libtorch_python.so" \
        "$internal/torch/lib/libc10.so" "$internal"/libpython3*.so* "$internal"/python3*/lib-dynload/*.so \
        "$internal"/PySide6/Qt/lib/libicu{uc,i18n}.so.* "$internal"/PIL/_imaging.*.so; do
    if [ -f "$library" ] && [ ! -L "$library" ]; then strip --strip-unneeded "$library"; fi
done
# Every library it needs is in it or on every system, and nothing needs a glibc newer than 2.35
"$VENV/bin/python" packaging/check_bundle.py "dist/$NAME"
phase_done "PyInstaller"

echo "== archive ($archive)"
stage="build/stage/$package"
rm -rf build/stage
mkdir -p "$stage/icons"
cp -al "dist/$NAME" "$stage/$NAME"  # hard links: no second copy of 700 MB
cp packaging/linux/neural-playground.desktop packaging/linux/neural-playground.xml packaging/linux/install.sh "$stage/"
cp assets/icon.png "$stage/icons/neural-playground.png"
cp assets/scenario-icon.png "$stage/icons/application-x-neural-playground-scenario.png"
cat > "$stage/README.txt" <<EOF
Neural Network Playground $version for Linux ($(uname -m)). It works offline; there is nothing else to install.

Start it (give it a *.playground.json file to open one):
    ./$NAME/$NAME

Add it to your applications menu and make *.playground.json files open in it by double-click
(for you only, no root needed; ./install.sh --uninstall takes it away again):
    ./install.sh

Check that it works on this computer (prints one line, with "ok": true in it):
    ./$NAME/$NAME --self-test
EOF
rm -f "dist/$package-linux-$(uname -m)".tar.*
if [ "$compress" = xz ]; then
    tar --owner=0 --group=0 --numeric-owner -C build/stage -cf - "$package" | xz -9 -T0 > "$archive"  # -9: 64 MiB window
else
    tar --owner=0 --group=0 --numeric-owner -C build/stage -czf "$archive" "$package"
fi
rm -rf build/stage
phase_done "archive"

deb=""
if command -v dpkg-deb >/dev/null 2>&1; then
    echo "== .deb, for all users (dist/neural-playground_${version}_<arch>.deb)"
    deb_options=()
    [ "$compress" = xz ] && deb_options=(--xz)
    # Its stage in build/: hard links to dist/ there, not a second copy of 700 MB in /tmp
    deb=$(TMPDIR="$PWD/build" packaging/linux/build_deb.sh "${deb_options[@]}" "dist/$NAME" "$version" dist)
    phase_done ".deb"
else
    echo "== no .deb (dpkg-deb is not installed)"
fi
(cd dist && sha256sum "$(basename "$archive")" ${deb:+"$(basename "$deb")"} > SHA256SUMS)

if [ "$run_test" = 1 ]; then
    echo "== self-test (dist/$NAME/$NAME --self-test)"
    "dist/$NAME/$NAME" --self-test
    phase_done "self-test"
fi

echo "== done in $(($(date +%s) - started)) s (${timings#, })"
echo "app folder: dist/$NAME ($(du -sm "dist/$NAME" | cut -f1) MB)"
echo "archive:    $archive ($(du -sm "$archive" | cut -f1) MB)"
[ -z "$deb" ] || echo "package:    $deb ($(du -sm "$deb" | cut -f1) MB)"
echo "checksums:  dist/SHA256SUMS"

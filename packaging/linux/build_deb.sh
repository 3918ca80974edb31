#!/usr/bin/env bash
# Builds a .deb of the built app, installed for every user of the computer (a school's way; install.sh in the
# archive is the per-user way, without root):
#
#   packaging/linux/build_deb.sh [--xz] BUNDLE VERSION OUT_DIR
#       BUNDLE   the one-folder app PyInstaller built (dist/NeuralPlayground: NeuralPlayground and _internal/)
#       writes   OUT_DIR/neural-playground_VERSION_ARCH.deb
#
# What it installs:
#   /opt/neural-playground/                                  the app (nothing is written there at run time)
#   /usr/bin/neural-playground                               a link to it (neural-playground FILE opens a file)
#   /usr/share/applications/neural-playground.desktop        the menu entry, the default for scenario files
#   /usr/share/mime/packages/neural-playground.xml           the scenario file type (*.playground.json)
#   /usr/share/icons/hicolor/256x256/{apps,mimetypes}/       the app's icon and the scenario files' icon
#   /usr/share/doc/neural-playground/copyright
# postinst and postrm refresh the menu, MIME and icon caches where those tools are installed (on Debian and
# Ubuntu their own triggers do it too). `sudo apt install ./neural-playground_*.deb` installs it,
# `sudo apt remove neural-playground` removes every file again. Needs dpkg-deb and readelf (binutils); no root:
# the files are recorded as root's. Depends: the newest glibc that anything in the bundle needs, read from it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

compress=(-Zgzip -z6)  # xz saves about a quarter but takes minutes longer on 600 MB
if [ "${1:-}" = --xz ]; then
    compress=(-Zxz)
    shift
fi
if [ $# -ne 3 ] || [ ! -x "${1:-}/NeuralPlayground" ]; then
    echo "usage: packaging/linux/build_deb.sh [--xz] BUNDLE VERSION OUT_DIR (BUNDLE holds NeuralPlayground)" >&2
    exit 2
fi
bundle=$(cd "$1" && pwd)
version=$2
mkdir -p "$3"
out=$(cd "$3" && pwd)
package=neural-playground
if command -v dpkg >/dev/null 2>&1; then
    arch=$(dpkg --print-architecture)
else
    case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
fi
deb="$out/${package}_${version}_${arch}.deb"

stage=$(mktemp -d "${TMPDIR:-/tmp}/neural-playground-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/mime/packages" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/icons/hicolor/256x256/mimetypes" \
    "$root/usr/share/doc/$package" "$root/DEBIAN"
# Hard links when the stage is on the same disk (no second copy of 700 MB), else a copy.
cp -al "$bundle" "$root/opt/$package" 2>/dev/null || cp -a "$bundle" "$root/opt/$package"
ln -s "/opt/$package/NeuralPlayground" "$root/usr/bin/$package"
sed -e "s|^Exec=@APP@|Exec=$package|" -e "s|^TryExec=@APP@|TryExec=$package|" \
    "$here/neural-playground.desktop" > "$root/usr/share/applications/$package.desktop"
cp "$here/neural-playground.xml" "$root/usr/share/mime/packages/$package.xml"
cp "$repo/assets/icon.png" "$root/usr/share/icons/hicolor/256x256/apps/$package.png"
cp "$repo/assets/scenario-icon.png" \
    "$root/usr/share/icons/hicolor/256x256/mimetypes/application-x-neural-playground-scenario.png"
cat > "$root/usr/share/doc/$package/copyright" <<EOF
Neural Network Playground $version, with Python, PySide6 (Qt), PyTorch, NumPy, pyqtgraph and their libraries
inside /opt/$package. Their licences are in /opt/$package/_internal (the *.dist-info folders and the packages'
own licence files).
EOF

# The glibc it needs: the newest GLIBC_x.y version any ELF file in the bundle asks for.
glibc=$(find "$bundle" -type f \( -name "*.so*" -o -perm -u+x \) -print0 | xargs -0 -r sh -c '
    for f; do
        [ "$(head -c 4 "$f" | od -An -c | tr -d " ")" = "177ELF" ] && readelf -V -W "$f" 2>/dev/null
    done; true' sh | grep -o "GLIBC_[0-9][0-9.]*" | sed "s/GLIBC_//" | sort -uV | tail -n 1 || true)
depends=${glibc:+"Depends: libc6 (>= $glibc)"}

installed_kb=$(du -sk --apparent-size "$root" | cut -f1)
{
    echo "Package: $package"
    echo "Version: $version"
    echo "Architecture: $arch"
    echo "Maintainer: ${DEB_MAINTAINER:-Neural Network Playground <neural-playground@users.noreply.github.com>}"
    echo "Installed-Size: $installed_kb"
    [ -z "$depends" ] || echo "$depends"
    echo "Section: education"
    echo "Priority: optional"
    echo "Description: draw data, build a neural network and watch it learn"
    echo " A desktop playground for learning how neural networks work: draw or pick a 2D point cloud, build a"
    echo " network layer by layer, press Play and watch the decision boundary move as it trains. Works offline;"
    echo " training runs on the CPU, with PyTorch inside."
} > "$root/DEBIAN/control"
for script in postinst postrm; do
    cat > "$root/DEBIAN/$script" <<'EOF'
#!/bin/sh
# Let the desktop see the menu entry, the scenario file type and the icons (or see them gone). Each tool is
# optional; DPKG_ROOT is set when dpkg installs into another root.
set -e
root="${DPKG_ROOT:-}"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$root/usr/share/applications" || true
fi
if command -v update-mime-database >/dev/null 2>&1 && [ -d "$root/usr/share/mime" ]; then
    update-mime-database "$root/usr/share/mime" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$root/usr/share/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$root/usr/share/icons/hicolor" || true
fi
exit 0
EOF
done
chmod -R u+rwX,go+rX,go-w "$root"
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
rm -f "$deb"
dpkg-deb --root-owner-group "${compress[@]}" --build "$root" "$deb" >/dev/null
echo "$deb"

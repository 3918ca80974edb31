#!/usr/bin/env bash
# Builds the macOS app from the repository:
#   dist/NeuralPlayground.app                                 the app bundle
#   dist/NeuralPlayground-<version>-macos-<arch>.dmg          a disk image: drag the app onto Applications
#   dist/SHA256SUMS                                           its checksum
# then runs the built app's self-test. Needs Python 3.11 (python.org or Homebrew) and the Xcode command-line tools
# (hdiutil and codesign ship with macOS). The app is signed ad hoc, not notarised: the first time, open it with
# right-click > Open (or System Settings > Privacy & Security > Open Anyway).
#
#   packaging/build_macos.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=build/venv
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' playground/__init__.py)
dmg="dist/NeuralPlayground-$version-macos-$(uname -m).dmg"
app=dist/NeuralPlayground.app

echo "== build environment ($VENV)"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e . -r packaging/requirements.txt
"$VENV/bin/python" packaging/make_icon.py --platform-icons build/icons

echo "== PyInstaller ($app)"
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/playground.spec

echo "== self-test"
"$app/Contents/MacOS/NeuralPlayground" --self-test

echo "== disk image ($dmg)"
stage=build/dmg
rm -rf "$stage" "$dmg"
mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "Neural Network Playground" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"
rm -rf "$stage"
(cd dist && shasum -a 256 "$(basename "$dmg")" > SHA256SUMS)  # check with: shasum -a 256 -c SHA256SUMS
du -sh "$app" "$dmg"

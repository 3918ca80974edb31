#!/bin/sh
# Neural Network Playground: adds the app to this user's menu, with its icon, and registers scenario files
# (*.playground.json) so that they show their own icon and open in the app by double-click. No root needed:
# everything goes under ~/.local/share. The app itself stays in this folder; move the folder first if you want
# it elsewhere, then run this again.
#
#   ./install.sh              install (or update) for this user
#   ./install.sh --uninstall  remove the menu entry, the icons and the file type again
set -eu

here=$(cd "$(dirname "$0")" && pwd)
app="$here/NeuralPlayground/NeuralPlayground"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
desktop_file="$data/applications/neural-playground.desktop"
mime_file="$data/mime/packages/neural-playground.xml"
app_icon="$data/icons/hicolor/256x256/apps/neural-playground.png"
file_icon="$data/icons/hicolor/256x256/mimetypes/application-x-neural-playground-scenario.png"
mime_type="application/x-neural-playground-scenario"

refresh() {  # let the desktop notice; each tool is optional (a desktop without it rescans on its own)
    if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$data/mime"; fi
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$data/applications"; fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$data/icons/hicolor" 2>/dev/null || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$desktop_file" "$mime_file" "$app_icon" "$file_icon"
    refresh
    echo "Removed Neural Network Playground from the menu. Delete $here to remove the app itself."
    exit 0
fi
if [ $# -gt 0 ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi
if [ ! -x "$app" ]; then
    echo "install.sh: $app is missing; run this script from the unpacked folder" >&2
    exit 1
fi

case "$app" in
    *[\\\"\`\$]*)  # characters a desktop entry's Exec line would need escaped twice over; not worth the risk
        echo "install.sh: please move this folder to a path without \\ \" \` or \$ in it, then run me again" >&2
        exit 1
        ;;
esac
mkdir -p "$(dirname "$desktop_file")" "$(dirname "$mime_file")" "$(dirname "$app_icon")" "$(dirname "$file_icon")"
# The menu entry runs the app by its full path, in quotes (spaces are fine); % is doubled as desktop entries need.
APP="$app" APP_EXEC=$(printf '%s' "$app" | sed 's/%/%%/g') awk '
    /^Exec=@APP@/ { sub(/^Exec=@APP@/, ""); print "Exec=\"" ENVIRON["APP_EXEC"] "\"" $0; next }
    /^TryExec=@APP@/ { print "TryExec=" ENVIRON["APP"]; next }
    { print }' "$here/neural-playground.desktop" > "$desktop_file"
chmod 644 "$desktop_file"
cp "$here/neural-playground.xml" "$mime_file"
cp "$here/icons/neural-playground.png" "$app_icon"
cp "$here/icons/application-x-neural-playground-scenario.png" "$file_icon"
refresh
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default neural-playground.desktop "$mime_type" || true
fi
echo "Neural Network Playground is in your applications menu; *.playground.json files open in it."

#!/bin/sh
# Neural Network Playground: adds the app to this user's menu, with its icon, and registers scenario files
# (*.playground.json) so that they show their own icon and open in the app by double-click. No root needed:
# everything goes under ~/.local/share (and the default app for the file type into ~/.config/mimeapps.list). The
# app itself stays in this folder; move the folder first if you want it elsewhere, then run this again.
# (For all users of a computer, install the .deb instead.)
#
#   ./install.sh              install (or update) for this user
#   ./install.sh --uninstall  remove the menu entry, the icons, the file type and its default app again
set -eu

here=$(cd "$(dirname "$0")" && pwd)
app="$here/NeuralPlayground/NeuralPlayground"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
config="${XDG_CONFIG_HOME:-$HOME/.config}"
entry_name=neural-playground.desktop
desktop_file="$data/applications/$entry_name"
mime_file="$data/mime/packages/neural-playground.xml"
app_icon="$data/icons/hicolor/256x256/apps/neural-playground.png"
file_icon="$data/icons/hicolor/256x256/mimetypes/application-x-neural-playground-scenario.png"
launcher="$data/neural-playground/neural-playground"
mime_type="application/x-neural-playground-scenario"

refresh() {  # let the desktop notice; each tool is optional (a desktop without it rescans on its own)
    if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$data/mime"; fi
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$data/applications"; fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$data/icons/hicolor" 2>/dev/null || true
    fi
}

forget_default() {  # $1: a mimeapps.list; takes our entry out of its lines, leaving every other line as it was
    [ -f "$1" ] || return 0
    awk -v entry="$entry_name" '
        /^[^#[][^=]*=/ {
            key = substr($0, 1, index($0, "=") - 1); n = split(substr($0, index($0, "=") + 1), apps, ";")
            kept = ""; ours = 0
            for (i = 1; i <= n; i++) {
                if (apps[i] == entry) ours = 1; else if (apps[i] != "") kept = kept apps[i] ";"
            }
            if (ours) { if (kept != "") print key "=" kept; next }
        }
        { print }' "$1" > "$1.new-$$" && cat "$1.new-$$" > "$1" && rm -f "$1.new-$$"
}

safe_for_exec() {  # true when $1 needs no quoting in a desktop entry's Exec line, nor any %% (see below)
    case "$1" in
        *[!A-Za-z0-9/._+,:@=-]*) return 1 ;;
        *) return 0 ;;
    esac
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$desktop_file" "$mime_file" "$app_icon" "$file_icon" "$launcher"
    rmdir "$(dirname "$launcher")" 2>/dev/null || true
    forget_default "$config/mimeapps.list"
    forget_default "$data/applications/mimeapps.list"  # where older desktops kept it
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

mkdir -p "$(dirname "$desktop_file")" "$(dirname "$mime_file")" "$(dirname "$app_icon")" "$(dirname "$file_icon")"
# The menu entry's Exec line. The Desktop Entry spec wants a path with spaces, quotes, $ and the like in double
# quotes with \ " ` $ escaped, and every % doubled; but xdg-open on desktops it does not know (its "generic" route)
# reads Exec word by word, taking quotes and %% literally ("xdg-open: : Permission denied"). So Exec names the app
# itself when its path needs none of that, and otherwise a small launcher under ~/.local/share whose own path
# needs none (it runs the app by its real path, quoted for the shell).
rm -f "$launcher"
if safe_for_exec "$app"; then
    exec_path=$app
else
    mkdir -p "$(dirname "$launcher")"
    quoted=$(printf '%s' "$app" | sed "s/'/'\\\\''/g")
    printf '#!/bin/sh\n# Written by install.sh: runs Neural Network Playground from where it is unpacked.\nexec '"'"'%s'"'"' "$@"\n' \
        "$quoted" > "$launcher"
    chmod 755 "$launcher"
    exec_path=$launcher
fi
if safe_for_exec "$exec_path"; then
    exec_value=$exec_path
else  # a home folder with a space in it: quoted as the spec says (xdg-open's generic route cannot run it)
    exec_value=\"$(printf '%s' "$exec_path" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')\"
fi
EXEC="$exec_value" TRY="$(printf '%s' "$exec_path" | sed 's/\\/\\\\/g')" awk '
    /^Exec=@APP@/ { sub(/^Exec=@APP@/, ""); print "Exec=" ENVIRON["EXEC"] $0; next }
    /^TryExec=@APP@/ { print "TryExec=" ENVIRON["TRY"]; next }
    { print }' "$here/neural-playground.desktop" > "$desktop_file"
chmod 644 "$desktop_file"
cp "$here/neural-playground.xml" "$mime_file"
cp "$here/icons/neural-playground.png" "$app_icon"
cp "$here/icons/application-x-neural-playground-scenario.png" "$file_icon"
refresh
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default "$entry_name" "$mime_type" || true
fi
echo "Neural Network Playground is in your applications menu; *.playground.json files open in it."

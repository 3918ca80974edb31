#!/usr/bin/env bash
# The project's two set-up commands:
#   ./dev.sh app [SCENARIO.json | train ... | snapshot ...]   launch the app (installs on first run)
#   ./dev.sh test [pytest args]                                run lint and the whole test suite
# Both create .venv/ on first use and reinstall only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PYTHON=${PYTHON:-python3}

ensure_env() {  # $1: the extras to install ("" or "[test]")
    local extras=$1
    local stamp
    stamp="$VENV/.installed$(echo "$extras" | tr -d '[]')-$(sha1sum pyproject.toml | cut -c1-12)"
    [ -f "$stamp" ] && return 0
    if [ ! -x "$VENV/bin/python" ]; then
        echo "Creating $VENV (first run only)..." >&2
        "$PYTHON" -m venv "$VENV"
    fi
    echo "Installing the playground and what it needs (first run only, a few minutes)..." >&2
    # torch is pinned to 2.13.0 in pyproject.toml, so pip takes the local CPU wheel, never CUDA ones.
    # (This machine's pip config lists extra local indexes; pip's "is ignored" warnings about them are noise.)
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".$extras" \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    touch "$stamp"
}

cmd=${1:-app}
[ $# -gt 0 ] && shift
case "$cmd" in
    app)
        ensure_env ""
        exec "$VENV/bin/playground" "$@"
        ;;
    test)
        ensure_env "[test]"
        export QT_QPA_PLATFORM=offscreen
        "$VENV/bin/ruff" check playground tests packaging
        "$VENV/bin/lint-imports" --no-cache
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *)
        echo "usage: ./dev.sh app [args] | ./dev.sh test [pytest args]" >&2
        exit 2
        ;;
esac

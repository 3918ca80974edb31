#!/usr/bin/env bash
# The project's two set-up commands:
#   ./dev.sh app [SCENARIO.json | train ... | snapshot ...]   launch the app (installs on first run)
#   ./dev.sh test [pytest args]                                run lint and the whole test suite (on every
#                                                              core; with pytest args, as they say)
# Both create .venv/ on first use and reinstall only when pyproject.toml changes.
#   ./dev.sh check-python    only check the Python and make (or remake) .venv/; installs nothing
# PYTHON=python3.12 ./dev.sh ... chooses the interpreter (3.11 or newer). Without it, a .venv/ made by a Python
# new enough is kept, else the first of python3, python3.14 ... python3.11 that is new enough makes one.
# A .venv/ made by another Python than the one asked for (or by one too old, or gone) is rebuilt.
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
NEED=3.11
OS_RELEASE=${DEV_OS_RELEASE:-/etc/os-release}  # read to say what to install; tests give their own

say() { echo "$@" >&2; }

version_of() {  # "3.11" for a working interpreter, nothing otherwise
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

new_enough() {  # is version $1 (e.g. "3.10") at least $NEED?
    [[ $1 =~ ^([0-9]+)\.([0-9]+)$ ]] || return 1
    local major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
    (( major > ${NEED%.*} || (major == ${NEED%.*} && minor >= ${NEED#*.}) ))
}

os_field() {  # a field of /etc/os-release (ID, VERSION_ID), or nothing
    [ -r "$OS_RELEASE" ] || return 0
    sed -n "s/^$1=//p" "$OS_RELEASE" | tr -d "\"'" | head -n 1
}

explain_python() {  # $1: the interpreter tried, $2: its version (nothing: it did not run); exits
    local id version
    id=$(os_field ID)
    version=$(os_field VERSION_ID)
    if [ -n "$2" ]; then
        say "The playground needs Python $NEED or newer, but $1 is Python $2."
    else
        say "$1 was not found (or did not run). The playground needs Python $NEED or newer."
    fi
    case "$id $version" in
        "ubuntu 22.04")
            say "On Ubuntu 22.04, install Python 3.11 (from Ubuntu's own universe packages):"
            say "    sudo apt install python3.11 python3.11-venv"
            say "then run:"
            say "    PYTHON=python3.11 ./dev.sh ${CMD}" ;;
        "ubuntu 18.04" | "ubuntu 20.04")
            say "Ubuntu $version has no Python 3.11 package of its own; the deadsnakes PPA has one:"
            say "    sudo add-apt-repository ppa:deadsnakes/ppa && sudo apt update"
            say "    sudo apt install python3.11 python3.11-venv"
            say "then run:"
            say "    PYTHON=python3.11 ./dev.sh ${CMD}" ;;
        "debian 10" | "debian 11")
            say "Debian $version has no Python 3.11 package; Debian 12 and later ship it as python3."
            say "Upgrade, or install Python 3.11 from https://www.python.org/downloads/ and run:"
            say "    PYTHON=/path/to/python3.11 ./dev.sh ${CMD}" ;;
        ubuntu* | debian*)
            say "Install it with:"
            say "    sudo apt install python3 python3-venv"
            say "then run ./dev.sh ${CMD} again (or PYTHON=python3.11 ./dev.sh ${CMD})." ;;
        *)
            say "Install Python $NEED or newer (https://www.python.org/downloads/ or your system's packages),"
            say "then run:"
            say "    PYTHON=/path/to/python3.11 ./dev.sh ${CMD}" ;;
    esac
    exit 1
}

make_venv() {  # $1: the interpreter, $2: its version
    say "Creating $VENV with $1 (Python $2)..."
    rm -rf "$VENV"
    if ! "$1" -m venv "$VENV" || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
        rm -rf "$VENV"  # half made: never reuse it
        say "Could not make a virtual environment with $1."
        say "On Debian and Ubuntu the venv module is a package of its own:"
        say "    sudo apt install python$2-venv"
        say "then run ./dev.sh ${CMD} again."
        exit 1
    fi
}

ensure_venv() {  # keeps a .venv made by a suitable Python, else makes one
    local have want candidate
    have=$(version_of "$VENV/bin/python")
    if [ -n "${PYTHON:-}" ]; then
        want=$(version_of "$PYTHON")
        new_enough "$want" || explain_python "$PYTHON" "$want"
        [ "$have" = "$want" ] && return 0
    else
        new_enough "$have" && return 0
        for candidate in python3 python3.14 python3.13 python3.12 python3.11; do
            want=$(version_of "$candidate")
            if new_enough "$want"; then
                PYTHON=$candidate
                break
            fi
        done
        [ -n "${PYTHON:-}" ] || explain_python python3 "$(version_of python3)"
    fi
    if [ -e "$VENV" ]; then
        say "Rebuilding $VENV: it was made by ${have:+Python }${have:-a Python that no longer runs}, not Python $want."
    fi
    make_venv "$PYTHON" "$want"
}

TORCH_CPU_INDEX=https://download.pytorch.org/whl/cpu

cpu_torch_args() {  # prints the pip options that keep torch the CPU build (several GB smaller than CUDA's)
    # On Linux, PyPI's torch is the CUDA build. Where pip already takes a CPU build (a local wheel, a configured
    # index) nothing is added; where it would take PyPI's, PyTorch's own CPU index is added, whose "+cpu" build
    # pip then prefers. pip is asked first, without installing anything (--dry-run).
    [ "$(uname -s)" = Linux ] || return 0
    local pin report
    pin=$(sed -n 's/^ *"torch==\([^"]*\)".*/\1/p' pyproject.toml | head -n 1)
    [ -n "$pin" ] || return 0
    report=$("$VENV/bin/python" -m pip install --dry-run --quiet --no-deps --ignore-installed --report - \
        "torch==$pin" 2>/dev/null) || return 0  # no answer (offline): the install itself will say why
    case "$report" in
        *'"version": "'*'+cpu"'* | *'"url": "file:'*) return 0 ;;
        *'"name": "torch"'*) ;;
        *) return 0 ;;
    esac
    say "pip would take PyPI's CUDA build of torch (several GB); taking the CPU build from $TORCH_CPU_INDEX."
    echo "--extra-index-url $TORCH_CPU_INDEX"
}

ensure_env() {  # $1: the extras to install ("" or "[test]")
    local extras=$1
    local stamp
    ensure_venv
    stamp="$VENV/.installed$(echo "$extras" | tr -d '[]')-$(sha1sum pyproject.toml | cut -c1-12)"
    [ -f "$stamp" ] && return 0
    echo "Installing the playground and what it needs (first run only, a few minutes)..." >&2
    # torch is pinned in pyproject.toml, and kept the CPU build (cpu_torch_args).
    # (This machine's pip config lists extra local indexes; pip's "is ignored" warnings about them are noise.)
    local torch_args
    torch_args=$(cpu_torch_args)
    # shellcheck disable=SC2086 # torch_args is empty or two words
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $torch_args -e ".$extras" \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    touch "$stamp"
}

CMD=${1:-app}
[ $# -gt 0 ] && shift
case "$CMD" in
    app)
        ensure_env ""
        exec "$VENV/bin/playground" "$@"
        ;;
    test)
        ensure_env "[test]"
        export QT_QPA_PLATFORM=offscreen
        "$VENV/bin/ruff" check playground tests packaging
        "$VENV/bin/lint-imports" --no-cache
        if [ $# -eq 0 ]; then  # the whole suite: on every core (pytest-xdist), each test file on one of them
            set -- -n auto --maxprocesses 4 --dist loadfile  # (at most 4: each worker trains in a process of its own)
        fi
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    check-python)
        ensure_venv
        say "$VENV uses Python $(version_of "$VENV/bin/python"): fine."
        ;;
    *)
        echo "usage: ./dev.sh app [args] | ./dev.sh test [pytest args] | ./dev.sh check-python" >&2
        exit 2
        ;;
esac

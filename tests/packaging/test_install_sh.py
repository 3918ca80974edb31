"""packaging/linux/install.sh, run from an unpacked folder with a stand-in app against a throwaway HOME and XDG
folders (nothing is installed for real): the menu entry's Exec line follows the Desktop Entry spec and also
works through xdg-open's own reading of it (word by word, no quotes), whatever the folder's name; uninstalling
takes our default out of mimeapps.list and leaves every other line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="install.sh is for Linux desktops")

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO / "packaging" / "linux"
ENTRY = "neural-playground.desktop"
MIME_TYPE = "application/x-neural-playground-scenario"
FAKE_APP = '#!/bin/sh\nprintf "%s\\n" "$@" > "$FAKE_APP_RECORD"\n'


def unpack(folder: Path) -> Path:
    """An unpacked archive as build_linux.sh makes it, with a stand-in app that writes down its arguments."""
    folder.mkdir(parents=True)
    for name in ("install.sh", "neural-playground.desktop", "neural-playground.xml"):
        shutil.copy(LINUX / name, folder / name)
    (folder / "icons").mkdir()
    shutil.copy(REPO / "assets" / "icon.png", folder / "icons" / "neural-playground.png")
    shutil.copy(REPO / "assets" / "scenario-icon.png", folder / "icons" / f"{MIME_TYPE.replace('/', '-')}.png")
    app = folder / "NeuralPlayground" / "NeuralPlayground"
    app.parent.mkdir()
    app.write_text(FAKE_APP)
    app.chmod(0o755)
    return folder


def environment(tmp_path: Path, data: Path | None = None) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"PATH": os.environ["PATH"], "HOME": str(home), "XDG_DATA_HOME": str(data or home / ".local/share"),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_DIRS": str(tmp_path / "no-system-data"),
            "DISPLAY": ":987",  # xdg-open looks up the file type only "with a display"; nothing connects to it
            "FAKE_APP_RECORD": str(tmp_path / "app-arguments.txt")}


def run(command: list[str], env: dict, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, f"{command} failed: {result.stdout}{result.stderr}"
    return result


def exec_arguments(value: str) -> list[str]:
    """The Exec value as the Desktop Entry spec reads it: string escapes first, then arguments (double quotes,
    with \\ " ` $ escaped inside), then %% as %."""
    value = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[m.group(1)], value)
    arguments, current, quoted, started, i = [], "", False, False, 0
    while i < len(value):
        char = value[i]
        if quoted and char == "\\" and value[i + 1] in '"`$\\':
            current, i = current + value[i + 1], i + 2
            continue
        if char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if started or current:
                arguments.append(current)
            current, started = "", False
        else:
            current += char
        i += 1
    if started or current:
        arguments.append(current)
    return [argument.replace("%%", "%") for argument in arguments]


def desktop_value(data: Path, key: str) -> str:
    text = (data / "applications" / ENTRY).read_text(encoding="utf-8")
    return re.search(rf"^{key}=(.*)$", text, re.MULTILINE).group(1)


def opened_by_xdg_open(tmp_path: Path, env: dict) -> list[str]:
    """Double-click, as xdg-open does it outside GNOME and KDE: what the app was started with."""
    scenario = tmp_path / "my spiral.playground.json"
    scenario.write_text("{}")
    Path(env["FAKE_APP_RECORD"]).unlink(missing_ok=True)
    run(["xdg-open", str(scenario)], env)
    return Path(env["FAKE_APP_RECORD"]).read_text().splitlines()


needs_xdg = pytest.mark.skipif(not (shutil.which("xdg-open") and shutil.which("xdg-mime")
                                    and shutil.which("update-mime-database")), reason="needs xdg-utils")


@needs_xdg
@pytest.mark.parametrize("name", ["apps", "My Apps/100% sure", "it's \"odd\" $HOME `x` \\ here"])
def test_a_scenario_opens_through_xdg_open_from_any_folder(tmp_path, name):
    folder = unpack(tmp_path / name / "neural-playground-0.1.0")
    env = environment(tmp_path)
    run(["./install.sh"], env, cwd=folder)
    data = Path(env["XDG_DATA_HOME"])
    program, *rest = exec_arguments(desktop_value(data, "Exec"))
    assert rest == ["%f"]
    if name == "apps":  # nothing to escape: the entry names the app itself
        assert program == str(folder / "NeuralPlayground" / "NeuralPlayground")
    else:  # a launcher whose own path needs no quoting
        assert program == str(data / "neural-playground" / "neural-playground")
        assert re.fullmatch(r"[A-Za-z0-9/._+,:@=-]+", desktop_value(data, "Exec").removesuffix(" %f"))
    assert desktop_value(data, "TryExec") == program
    assert opened_by_xdg_open(tmp_path, env) == [str(tmp_path / "my spiral.playground.json")]


@needs_xdg
def test_a_data_folder_that_needs_quoting_is_quoted_as_the_spec_says(tmp_path):
    folder = unpack(tmp_path / "My Apps" / "neural-playground-0.1.0")  # needs the launcher, whose path needs quotes
    env = environment(tmp_path, data=tmp_path / "home" / "my data $5 \"x\" 50%")
    run(["./install.sh"], env, cwd=folder)
    data = Path(env["XDG_DATA_HOME"])
    value = desktop_value(data, "Exec")
    assert value.startswith('"') and "%%" in value  # quoted, its % doubled
    launcher = data / "neural-playground" / "neural-playground"
    assert exec_arguments(value) == [str(launcher), "%f"]
    run([str(launcher), "a file.playground.json"], env)  # the launcher runs the app with the arguments it got
    assert Path(env["FAKE_APP_RECORD"]).read_text().splitlines() == ["a file.playground.json"]


@needs_xdg
def test_uninstall_takes_only_our_lines_out_of_mimeapps_list(tmp_path):
    folder = unpack(tmp_path / "My Apps" / "neural-playground-0.1.0")
    env = environment(tmp_path)
    config = Path(env["XDG_CONFIG_HOME"])
    config.mkdir(parents=True)
    mimeapps = config / "mimeapps.list"
    mimeapps.write_text("# the user's own\n[Default Applications]\ntext/plain=org.gnome.gedit.desktop\n"
                        "[Added Associations]\napplication/json=code.desktop;neural-playground.desktop;\n"
                        "text/x-python=neural-playground.desktop;\n")
    run(["./install.sh"], env, cwd=folder)
    assert f"{MIME_TYPE}={ENTRY}" in mimeapps.read_text()  # xdg-mime made the app the default for scenarios
    data = Path(env["XDG_DATA_HOME"])
    installed = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
    run(["./install.sh", "--uninstall"], env, cwd=folder)
    assert mimeapps.read_text() == ("# the user's own\n[Default Applications]\ntext/plain=org.gnome.gedit.desktop\n"
                                    "[Added Associations]\napplication/json=code.desktop;\n")
    for relative in installed:  # what install.sh put there is gone (the MIME and icon caches it rebuilt stay)
        assert relative.startswith(("mime/", "icons/hicolor/icon-theme.cache")) or not (data / relative).exists()
    assert not [p for p in data.rglob("*neural-playground*")]
    assert MIME_TYPE not in (data / "mime" / "globs2").read_text()
    assert opened_by_xdg_open_fails(tmp_path, env)


def opened_by_xdg_open_fails(tmp_path: Path, env: dict) -> bool:
    scenario = tmp_path / "after.playground.json"
    scenario.write_text("{}")
    Path(env["FAKE_APP_RECORD"]).unlink(missing_ok=True)
    subprocess.run(["xdg-open", str(scenario)], env=env, capture_output=True, timeout=60, check=False)
    return not Path(env["FAKE_APP_RECORD"]).exists()

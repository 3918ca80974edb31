"""dev.sh checks the Python before making .venv/: too old is explained with what to install, and a .venv/ made
by another Python is rebuilt. Run on a copy of dev.sh with stand-in interpreters (shell scripts that answer
dev.sh's version question and make a fake venv of themselves): nothing is downloaded or installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAKE = """#!/bin/sh
# A stand-in for Python {version}: says its version, makes a venv of itself, and logs how it was called.
echo "$*" >> "{log}"
case "$1" in
    -c) echo {version} ;;
    -m) if [ "$2" = venv ]; then
            [ {venv_rc} = 0 ] || exit {venv_rc}
            mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && touch "$3/made-by-{version}"
        fi
        case "$*" in  # pip's report of what it would install, as the test wrote it
            *--dry-run*) cat "{log}.report" 2>/dev/null ;;
        esac ;;
esac
"""
UBUNTU_2204 = 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\n'
UBUNTU_2004 = 'NAME="Ubuntu"\nVERSION_ID="20.04"\nID=ubuntu\n'
DEBIAN_12 = 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of what dev.sh reads: itself and pyproject.toml."""
    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copy2(ROOT / "dev.sh", copy / "dev.sh")
    shutil.copy2(ROOT / "pyproject.toml", copy / "pyproject.toml")
    (tmp_path / "bin").mkdir()
    return copy


def fake_python(folder: Path, name: str, version: str, venv_rc: int = 0) -> Path:
    path = folder / name
    path.write_text(FAKE.format(version=version, log=folder / f"{name}.log", venv_rc=venv_rc))
    path.chmod(0o755)
    return path


def calls(python: Path) -> list[str]:
    log = python.parent / f"{python.name}.log"
    return log.read_text().splitlines() if log.exists() else []


def dev(repo: Path, *args: str, python: Path | None = None, os_release: str = UBUNTU_2204):
    """Runs the copy of dev.sh with only the stand-ins (and the system's tools) on PATH."""
    (repo.parent / "os-release").write_text(os_release)
    env = {"PATH": f"{repo.parent / 'bin'}:/usr/bin:/bin", "HOME": str(repo.parent),
           "DEV_OS_RELEASE": str(repo.parent / "os-release")}
    if python is not None:
        env["PYTHON"] = str(python)
    return subprocess.run([str(repo / "dev.sh"), *args], env=env, capture_output=True, text=True, timeout=60)


PIP_REPORT = """{{
  "version": "1",
  "install": [
    {{
      "download_info": {{
        "url": "{url}",
        "archive_info": {{}}
      }},
      "metadata": {{
        "metadata_version": "2.1",
        "name": "torch",
        "version": "{version}"
      }}
    }}
  ]
}}"""
CUDA_WHEEL = "https://files.pythonhosted.org/packages/ab/cd/torch-2.13.0-cp311-cp311-manylinux_2_28_x86_64.whl"
CPU_INDEX = "--extra-index-url https://download.pytorch.org/whl/cpu"


def install_call(python: Path) -> str:
    [call] = [c for c in calls(python) if c.startswith("-m pip install") and "--dry-run" not in c]
    return call


@pytest.mark.parametrize(("report", "adds_cpu_index"), [
    (PIP_REPORT.format(url=CUDA_WHEEL, version="2.13.0"), True),  # PyPI's Linux wheel: the CUDA build
    (PIP_REPORT.format(url="file:///opt/wheels/torch-2.13.0%2Bcpu-cp311-cp311-manylinux_2_28_x86_64.whl",
                       version="2.13.0+cpu"), False),  # a local CPU wheel, as on the project's machines
    (PIP_REPORT.format(url="https://download.pytorch.org/whl/cpu/torch-2.13.0%2Bcpu.whl", version="2.13.0+cpu"),
     False),  # an index of CPU builds configured already
    ("", False),  # pip could not say (offline): the install says why, nothing is guessed
])
def test_torch_is_installed_as_the_cpu_build(repo, report, adds_cpu_index):
    python = fake_python(repo.parent / "bin", "python3.11", "3.11")
    (repo.parent / "bin" / "python3.11.log.report").write_text(report)
    dev(repo, "app", python=python)  # installs, then fails to start the fake app: only the install matters
    dry_run = [c for c in calls(python) if "--dry-run" in c]
    assert dry_run and dry_run[0].endswith("torch==2.13.0")  # the pin, read from pyproject.toml
    command = install_call(python)
    assert command.endswith("-e .")
    assert (CPU_INDEX in command) == adds_cpu_index


def make_old_venv(repo: Path, version: str) -> None:
    """A .venv made and installed by another Python (its interpreter says its version)."""
    venv = repo / ".venv"
    (venv / "bin").mkdir(parents=True)
    fake_python(venv / "bin", "python", version)
    (venv / ".installed-0123456789ab").touch()
    (venv / "old").touch()


@pytest.mark.parametrize("command", ["app", "test", "check-python"])
def test_a_python_too_old_is_explained_before_anything_is_made(repo, command):
    old = fake_python(repo.parent / "bin", "python3.10", "3.10")
    result = dev(repo, command, python=old)
    assert result.returncode == 1
    message = result.stderr
    assert "needs Python 3.11 or newer" in message and "Python 3.10" in message
    assert "sudo apt install python3.11 python3.11-venv" in message  # Ubuntu 22.04's own packages
    assert f"PYTHON=python3.11 ./dev.sh {command}" in message
    assert "deadsnakes" not in message and "Traceback" not in message
    assert not (repo / ".venv").exists()
    assert not any(call.startswith("-m") for call in calls(old))  # no venv made, nothing installed


def test_where_the_system_has_no_python_3_11_the_message_says_where_to_get_one(repo):
    old = fake_python(repo.parent / "bin", "python3", "3.8")
    result = dev(repo, "app", python=old, os_release=UBUNTU_2004)
    assert result.returncode == 1
    assert "ppa:deadsnakes/ppa" in result.stderr and "python3.11-venv" in result.stderr
    missing = dev(repo, "app", python=repo.parent / "bin" / "python3.11", os_release=DEBIAN_12)
    assert missing.returncode == 1
    assert "python3.11 was not found" in missing.stderr and "sudo apt install python3 python3-venv" in missing.stderr


def test_a_venv_made_by_another_python_is_rebuilt_once(repo):
    make_old_venv(repo, "3.10")  # what the old dev.sh left behind on Ubuntu 22.04
    python = fake_python(repo.parent / "bin", "python3.11", "3.11")
    result = dev(repo, "check-python", python=python)
    assert result.returncode == 0, result.stderr
    assert "Rebuilding .venv: it was made by Python 3.10, not Python 3.11" in result.stderr
    venv = repo / ".venv"
    assert (venv / "made-by-3.11").exists()
    assert not (venv / "old").exists() and not list(venv.glob(".installed*"))  # reinstalled from scratch
    assert calls(python).count("-m venv .venv") == 1

    again = dev(repo, "check-python", python=python)
    assert again.returncode == 0 and "Rebuilding" not in again.stderr and "Python 3.11: fine" in again.stderr
    assert calls(python).count("-m venv .venv") == 1  # kept


def test_a_venv_of_a_newer_python_is_rebuilt_when_another_one_is_asked_for(repo):
    make_old_venv(repo, "3.13")
    python = fake_python(repo.parent / "bin", "python3.12", "3.12")
    result = dev(repo, "check-python", python=python)
    assert result.returncode == 0, result.stderr
    assert "made by Python 3.13, not Python 3.12" in result.stderr and (repo / ".venv" / "made-by-3.12").exists()


def test_a_venv_whose_python_is_gone_is_rebuilt(repo):
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "python").symlink_to(repo.parent / "uninstalled-python")
    python = fake_python(repo.parent / "bin", "python3.11", "3.11")
    result = dev(repo, "check-python", python=python)
    assert result.returncode == 0, result.stderr
    assert "a Python that no longer runs" in result.stderr and (repo / ".venv" / "made-by-3.11").exists()


def test_without_PYTHON_a_good_venv_is_kept_and_a_new_one_takes_a_python_new_enough(repo):
    bin_folder = repo.parent / "bin"
    python3 = fake_python(bin_folder, "python3", "3.10")  # the system's default is too old ...
    for name in ("python3.14", "python3.13", "python3.12"):
        fake_python(bin_folder, name, "").write_text("#!/bin/sh\nexit 127\n")  # ... these are not there ...
    python311 = fake_python(bin_folder, "python3.11", "3.11")  # ... but 3.11 is installed
    result = dev(repo, "check-python")
    assert result.returncode == 0, result.stderr
    assert (repo / ".venv" / "made-by-3.11").exists() and calls(python311).count("-m venv .venv") == 1
    assert not any(call.startswith("-m") for call in calls(python3))

    python311.write_text("#!/bin/sh\nexit 127\n")  # even gone from PATH: the .venv it made runs, so it is kept
    kept = dev(repo, "check-python")
    assert kept.returncode == 0 and "Rebuilding" not in kept.stderr and "Python 3.11: fine" in kept.stderr
    assert (repo / ".venv" / "made-by-3.11").exists()


def test_without_PYTHON_and_none_new_enough_the_default_one_is_named(repo):
    fake_python(repo.parent / "bin", "python3", "3.10")
    for name in ("python3.14", "python3.13", "python3.12", "python3.11"):
        fake_python(repo.parent / "bin", name, "").write_text("#!/bin/sh\nexit 127\n")
    result = dev(repo, "app")
    assert result.returncode == 1
    assert "python3 is Python 3.10" in result.stderr and "sudo apt install python3.11 python3.11-venv" in result.stderr


def test_a_venv_that_cannot_be_made_is_explained_and_not_left_half_made(repo):
    python = fake_python(repo.parent / "bin", "python3.11", "3.11", venv_rc=1)  # Debian without python3.11-venv
    result = dev(repo, "app", python=python)
    assert result.returncode == 1
    assert "sudo apt install python3.11-venv" in result.stderr
    assert not (repo / ".venv").exists()


def test_the_whole_suite_runs_on_every_core_and_pytest_arguments_run_as_given(repo):
    python = fake_python(repo.parent / "bin", "python3.11", "3.11")
    assert dev(repo, "check-python", python=python).returncode == 0
    for tool in ("ruff", "lint-imports"):  # (stand-ins: lint passes)
        (repo / ".venv" / "bin" / tool).write_text("#!/bin/sh\nexit 0\n")
        (repo / ".venv" / "bin" / tool).chmod(0o755)
    assert dev(repo, "test", python=python).returncode == 0
    assert calls(python)[-1] == "-m pytest -n auto --maxprocesses 4 --dist loadfile"  # (the venv's python logs here)
    assert dev(repo, "test", "--run-slow", "tests/packaging", python=python).returncode == 0
    assert calls(python)[-1] == "-m pytest --run-slow tests/packaging"


def test_the_ci_script_runs_the_readme_test_command():
    assert "./dev.sh test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "./dev.sh app" in readme and "./dev.sh test" in readme

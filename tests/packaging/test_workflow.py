"""The packaging workflow builds the installers again whenever the app changes, not only its packaging."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "package.yml"


def trigger_paths(event: str) -> list[str]:
    """The `paths:` list under `on: <event>:` (a flow list of quoted strings, as the file writes it)."""
    text = WORKFLOW.read_text(encoding="utf-8")
    block = re.search(rf"^  {event}:\n((?:    .*\n)+)", text, re.MULTILINE).group(1)
    return json.loads(re.search(r"^    paths: (\[.*\])$", block, re.MULTILINE).group(1))


def triggers(event: str, changed: str) -> bool:
    return any(fnmatch.fnmatch(changed, pattern.replace("**", "*")) for pattern in trigger_paths(event))


def test_a_change_to_the_app_or_its_assets_builds_the_installers():
    for event in ("pull_request", "push"):
        for changed in ("playground/core/training.py", "playground/gui/main_window.py", "playground/__init__.py",
                        "assets/lessons/01-neuron.json", "assets/icon.png", "packaging/playground.spec",
                        "pyproject.toml"):
            assert triggers(event, changed), f"{event}: a change to {changed} does not build the installers"


def test_a_change_to_tests_or_docs_alone_does_not():
    for event in ("pull_request", "push"):
        for changed in ("tests/gui/test_main_window.py", "README.md"):
            assert not triggers(event, changed)


def test_every_file_the_builds_make_is_kept():
    text = WORKFLOW.read_text(encoding="utf-8")
    for made in ("dist/*.tar.xz", "dist/*.deb", "dist/*-setup.exe", "dist/*.dmg", "dist/SHA256SUMS"):
        assert f"            {made}\n" in text

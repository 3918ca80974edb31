"""Where the app's data files are: the assets/ folder beside the package in a checkout (or an editable install),
or inside the bundle when the app is frozen by PyInstaller (packaging/playground.spec copies assets/ there, all
but the screenshots)."""

from __future__ import annotations

import sys
from pathlib import Path


def assets_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return root / "assets"


ASSETS = assets_dir()


def lessons_dir() -> Path:
    """The folder of lesson files and the glossary."""
    return assets_dir() / "lessons"

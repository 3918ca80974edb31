"""Where the app's data files are: assets/ beside the package in a checkout, or inside the packaged app."""

from __future__ import annotations

import sys
from pathlib import Path

ASSETS = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2])) / "assets"

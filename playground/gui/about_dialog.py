"""Help → About: the app's version, what it runs on (Python, Qt, PyTorch...) and the device that trains the
network, so a teacher can tell at a glance which copy is installed and whether it uses a GPU."""

from __future__ import annotations

import html
import platform
import sys
from importlib import metadata

import numpy as np
import pyqtgraph
import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from .. import __version__


def _distribution_version(name: str) -> str:
    """A package's version from its metadata (the GUI does not import torch itself)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def about_html(device: str) -> str:
    """The About text. `device`: what the training process reports, e.g. "CPU" or "CUDA (NVIDIA H100)"."""
    packaged = "the installed app" if getattr(sys, "frozen", False) else "running from source"
    rows = (("Python", platform.python_version()), ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
            ("PyTorch", _distribution_version("torch")), ("NumPy", np.__version__),
            ("pyqtgraph", pyqtgraph.__version__), ("System", f"{platform.system()} {platform.machine()}"))
    table = "".join(f"<tr><td>{name}</td><td>&nbsp;&nbsp;{html.escape(value)}</td></tr>" for name, value in rows)
    return (f"<h3>Neural Network Playground {__version__}</h3>"
            "<p>Draw data, build a neural network, and watch it learn.</p>"
            f"<p>Training runs on: <b>{html.escape(device)}</b></p>"
            f"<p>Built with ({packaged}):</p><table>{table}</table>")


class AboutDialog(QDialog):
    def __init__(self, device: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Neural Network Playground")
        layout = QVBoxLayout(self)
        self.label = QLabel(about_html(device))
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy versions
        layout.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.label.text()

"""Starting Qt: the GUI itself, and rendering a view to a PNG without a display."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .core.scenario import Scenario

ASSETS = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent)) / "assets"


def _ensure_platform(headless: bool) -> None:
    """Use Qt's offscreen platform when asked to, or when there is no display to open a window on."""
    no_display = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                           or os.environ.get("WAYLAND_DISPLAY"))
    if headless or no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _application():
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .gui import theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Neural Network Playground")
    app.setOrganizationName("Neural Network Playground")
    icon = ASSETS / "icon.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    theme.apply(app)
    return app


def run_gui(scenario: Scenario) -> int:
    _ensure_platform(headless=False)
    from .gui.main_window import MainWindow
    from .gui.session import Session

    app = _application()
    window = MainWindow(Session(scenario))
    window.show()
    return app.exec()


def render_boundary_png(dataset, snapshot, path: Path, size: int = 800) -> None:
    """Paint the real boundary view for one snapshot and save it as a PNG (no display needed)."""
    _ensure_platform(headless=True)
    from PySide6.QtCore import QTimer

    from .gui.boundary_view import BoundaryView

    app = _application()
    view = BoundaryView()
    view.resize(size, size)
    view.set_dataset(dataset)
    view.show_snapshot(snapshot)
    result: dict[str, bool] = {}

    def grab() -> None:
        result["saved"] = view.grab().save(str(path), "PNG")
        view.close()
        app.quit()

    def fit() -> None:  # once the axes have their size, make the plane itself size x size
        extra = view.decorations()
        view.resize(size + extra.width(), size + extra.height())
        QTimer.singleShot(50, grab)

    view.show()
    QTimer.singleShot(50, fit)  # ending through the event loop also avoids a crash at exit
    app.exec()
    if not result.get("saved"):
        raise OSError(f"could not write {path}")

"""The start-up card: painted as soon as Qt is loaded, before the plotting library and the window, and gone once
the window shows."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
from PySide6.QtGui import QImage

from playground.core.assets import ASSETS
from playground.gui import splash


def _pixels(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    array = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return array[:, :image.width(), 2::-1].astype(int)  # RGB


def test_the_card_shows_the_icon_and_the_name_and_is_painted_at_once(qtbot):
    card = splash.show_splash(ASSETS / "icon.png")
    qtbot.addWidget(card)
    assert card.isVisible() and splash.painted_at is not None
    rgb = _pixels(card)
    height, width, _ = rgb.shape
    assert (width, height) == splash.SIZE
    icon = rgb[:, 24:120]
    text = rgb[:, 140:]
    assert (np.abs(icon - icon.mean(axis=2, keepdims=True)) > 40).any()  # the icon's colours
    dark = (text.max(axis=2) < 100)  # the name, in the text colour
    rows = np.flatnonzero(dark.any(axis=1))
    assert rows.size and rows.min() > 10 and rows.max() < height - 10  # inside the card, not cut
    assert (np.abs(rgb[height // 2, -5] - 255) < 5).all()  # white card
    card.close()
    assert not card.isVisible()


def test_opening_the_app_paints_the_card_before_importing_the_plots():
    # In a fresh process: the card is painted while pyqtgraph (the plots' library) is not loaded yet.
    program = textwrap.dedent("""
        import sys
        from playground import app
        app._bare_application()
        from playground.core.assets import ASSETS
        from playground.gui.splash import show_splash
        card = show_splash(ASSETS / "icon.png")
        print("pyqtgraph" in sys.modules, card.isVisible())
    """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_the_card_is_gone_once_the_window_shows():
    program = textwrap.dedent("""
        from PySide6.QtWidgets import QApplication
        from playground import app
        from playground.core.scenario import Scenario
        from playground.gui import splash
        if __name__ == "__main__":
            qt, window = app.open_window(Scenario())
            cards = [w for w in QApplication.topLevelWidgets() if w.objectName() == "start_splash"]
            print(splash.painted_at is not None, any(card.isVisible() for card in cards), window.isVisible())
            window.close_without_asking()
    """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "True"]  # the card was painted, and is gone

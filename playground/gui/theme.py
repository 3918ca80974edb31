"""Colours, fonts and the application style: a light theme close to the TensorFlow Playground's,
with sizes chosen to stay readable on a classroom projector."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette, QPen
from PySide6.QtWidgets import QApplication

NEUTRAL = "#e8eaeb"  # the heatmap where the network is unsure
TEXT = "#37474f"
MUTED = "#78909c"
ACCENT = "#183d4e"  # the play button, as in the TensorFlow Playground
BOUNDARY = "#263238"
ERROR = "#c62828"
BASE_POINT_SIZE = 11


def hex_to_rgb(colour: str) -> np.ndarray:
    c = QColor(colour)
    return np.array([c.red(), c.green(), c.blue()], dtype=np.float64)


def background_rgb(colour: str, strength: float = 0.42) -> np.ndarray:
    """A class colour washed toward white, for the heatmap under the points."""
    return 255.0 + (hex_to_rgb(colour) - 255.0) * strength


def diverging_lut(low: str, high: str, size: int = 256, strength: float = 0.42) -> np.ndarray:
    """(size, 3) uint8: low's colour at 0, a pale neutral at 0.5, high's colour at 1 (washed toward white by
    `strength`, as background_rgb).

    The neutral band is narrow in the middle, so the decision boundary reads as a sharp edge.
    """
    p = np.linspace(0.0, 1.0, size)[:, None]
    confidence = np.abs(2.0 * p - 1.0) ** 0.6
    side = np.where(p < 0.5, background_rgb(low, strength), background_rgb(high, strength))
    neutral = background_rgb(NEUTRAL, 1.0)
    return np.clip(neutral + (side - neutral) * confidence, 0, 255).astype(np.uint8)


def regions_rgb(p: np.ndarray, class_rgb: np.ndarray) -> np.ndarray:
    """(H, W, C) class probabilities -> (H, W, 3) uint8: each region in its class's washed colour, fading to
    neutral where the network is unsure."""
    top = p.argmax(axis=2)
    n = p.shape[2]
    confidence = (p.max(axis=2) - 1.0 / n) / (1.0 - 1.0 / n)
    neutral = background_rgb(NEUTRAL, 1.0)
    rgb = neutral + (class_rgb[top] - neutral) * (confidence[..., None] ** 0.6)
    return np.clip(rgb, 0, 255).astype(np.uint8)


def boundary_pen(width: float, colour: str = BOUNDARY) -> QPen:
    """The decision line's pen. Square caps, so a line drawn as many short segments reads as one smooth line (their
    ends overlap at every bend, as round caps' would), and so that, mapped to pixels first (pixel_lines.py), Qt
    draws the segments on its fast path: round caps took three times as long (2.4 ms a frame for a trained
    spiral's 1,250 segments; square caps in pixels 0.8 ms)."""
    import pyqtgraph as pg  # (here: the window's first stage, which uses this module, must not import pyqtgraph)

    pen = pg.mkPen(colour, width=width)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap)
    return pen


def configure_pyqtgraph() -> None:
    import pyqtgraph as pg

    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True, background="w", foreground=TEXT)


def apply(app: QApplication, plots: bool = True) -> None:
    """Fusion style, a light palette and a larger base font, the same on every platform; `plots`: pyqtgraph's
    options too (False leaves pyqtgraph unimported: each view sets them again when it is made)."""
    if plots:
        configure_pyqtgraph()
    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#f7f8f9"), (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.AlternateBase, "#f0f2f3"), (QPalette.ColorRole.Text, TEXT),
        (QPalette.ColorRole.WindowText, TEXT), (QPalette.ColorRole.ButtonText, TEXT),
        (QPalette.ColorRole.Button, "#ffffff"), (QPalette.ColorRole.Highlight, "#0877bd"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.ToolTipBase, "#ffffff"),
        (QPalette.ColorRole.ToolTipText, TEXT), (QPalette.ColorRole.PlaceholderText, MUTED),
    ):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(11.0)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


STYLE_SHEET = f"""
QGroupBox {{ font-weight: 600; border: 1px solid #dde2e5; border-radius: 6px; margin-top: 14px;
            padding: 10px 8px 8px 8px; background: #ffffff; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {MUTED};
                   text-transform: uppercase; letter-spacing: 1px; }}
QLabel[role="caption"] {{ color: {MUTED}; }}
QLabel[role="value"] {{ color: {TEXT}; font-weight: 600; }}
QLabel[role="big"] {{ color: {TEXT}; font-size: 20pt; font-weight: 300; }}
QLabel[role="error"] {{ color: {ERROR}; }}
QLineEdit[invalid="true"] {{ border: 2px solid {ERROR}; border-radius: 3px; }}
QToolButton {{ border: none; border-radius: 4px; padding: 4px; }}
QToolButton:hover {{ background: #e3e8eb; }}
QToolButton:checked {{ background: #d6e6f2; border: 1px solid #8fb8d8; }}
QToolButton:disabled {{ color: #b0bec5; }}
"""


def zoomed_style_sheet(zoom: float, text: str = TEXT, base_points: float = 11.0) -> str:
    """Every widget's text at `zoom` (`base_points` at zoom 1), and the rules of STYLE_SHEET that give text a
    size or colour of its own: for a window's own style sheet, which wins over the application's. (With style
    sheets in use, a font set with setFont does not reach the widgets; a style sheet's does.)"""
    return f"""
QWidget {{ font-size: {base_points * zoom:.2f}pt; }}
QLabel[role="caption"] {{ color: {MUTED if text == TEXT else text}; }}
QLabel[role="value"] {{ color: {text}; font-weight: 600; }}
QLabel[role="big"] {{ color: {text}; font-size: {20 * zoom:.1f}pt; font-weight: 300; }}
"""

"""The start-up card: the app's icon and name, and "Opening the playground…", painted as soon as Qt is loaded
(about a third of a second), while the rest of the start (the plotting library, the window's parts) loads. On a
school laptop that can take several seconds; without the card nothing at all would show meanwhile.

Only QtCore, QtGui and QtWidgets here: importing pyqtgraph (or anything that does, like theme.py) would make the
card wait for exactly what it is there to cover."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

TITLE = "Neural Network Playground"
OPENING = "Opening the playground…"
SIZE = (460, 150)  # logical pixels
TEXT, MUTED, BORDER = "#222222", "#666666", "#c8c8c8"  # as theme.py's text, muted text and lines
painted_at: float | None = None  # time.time() when the card was last painted (the bench's cold start reads it)


def card(icon: Path | None, ratio: float = 1.0) -> QPixmap:
    """The card's picture: a white card with a grey border, the icon at the left, the name and the note."""
    width, height = SIZE
    pixmap = QPixmap(round(width * ratio), round(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor("#ffffff"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setPen(QPen(QColor(BORDER), 1))
    painter.drawRect(QRectF(0.5, 0.5, width - 1, height - 1))
    left = 24
    if icon is not None and icon.exists():
        side = 96
        painter.drawPixmap(QRectF(left, (height - side) / 2, side, side), QPixmap(str(icon)), QRectF())
        left += side + 20
    title = QFont(QApplication.font())
    title.setPointSizeF(17)
    title.setBold(True)
    painter.setFont(title)
    painter.setPen(QColor(TEXT))
    painter.drawText(QRectF(left, 0, width - left - 16, height * 0.55),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap, TITLE)
    note = QFont(QApplication.font())
    note.setPointSizeF(11)
    painter.setFont(note)
    painter.setPen(QColor(MUTED))
    painter.drawText(QRectF(left, height * 0.6, width - left - 16, height * 0.3),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, OPENING)
    painter.end()
    return pixmap


def show_splash(icon: Path | None) -> QLabel:
    """Show the card now, in the middle of the screen, painted before this returns; close it once the window
    shows. (A plain frameless window: Qt's QSplashScreen waits up to a second for the window system in show().)"""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    splash = QLabel()
    splash.setObjectName("start_splash")
    splash.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint
                          | Qt.WindowType.WindowStaysOnTopHint)
    splash.setPixmap(card(icon, ratio))
    splash.setFixedSize(*SIZE)
    if screen is not None:
        centre = screen.availableGeometry().center()
        splash.move(centre.x() - SIZE[0] // 2, centre.y() - SIZE[1] // 2)
    splash.show()
    splash.repaint()  # painted now: the event loop does not run until the window is built
    QApplication.processEvents()
    global painted_at
    painted_at = time.time()
    return splash

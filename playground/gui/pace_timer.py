"""A single-shot timer for work that is done at most every so often: the loss chart's redraw, the diagram's
pictures while training (each frame moves them by under a pixel, and they are among the window's dearest to
paint). The first run after a quiet spell is due at once; the next when `seconds` have passed since the last."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, Qt, QTimer


class PaceTimer(QTimer):
    def __init__(self, seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.seconds = seconds
        self.setSingleShot(True)
        self.setTimerType(Qt.TimerType.PreciseTimer)
        self._last = -math.inf  # time.monotonic() of the last run

    def due_in(self) -> float:
        """Seconds until the next run is due (0 or less: due now)."""
        return self._last + self.seconds - time.monotonic()

    def start_paced(self) -> None:
        """Start for when the next run is due, unless already started."""
        if not self.isActive():
            wait = self.due_in()
            self.start(math.ceil(1000 * wait) if wait > 0 else 0)

    def ran(self) -> None:
        """Note a run now (however it came: the timer or a call of its own)."""
        self._last = time.monotonic()

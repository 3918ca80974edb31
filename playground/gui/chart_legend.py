"""The loss chart's legend row: a stroke of the training curve's pen and of the test curve's, each named, and
the switch to the log scale; on one row, or two in a narrow chart."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from .flow_layout import FlowLayout

STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine)  # the training curve's and the test curve's


class ChartLegend(QWidget):
    """The legend and the log-scale switch (`log_scale_checkbox`). `tips`: the tooltips, by "train", "test" and
    "log"."""

    def __init__(self, train_colour: str, test_colour: str, line_width: float, tips: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._line_width = line_width
        flow = FlowLayout(self, spacing=16)
        flow.setContentsMargins(8, 2, 8, 0)
        legend = QWidget()
        row = QHBoxLayout(legend)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self._samples: list[QLabel] = []  # the strokes of the training and test curves
        for kind, name in (("train", "training"), ("test", "test")):
            sample = QLabel()
            self._samples.append(sample)
            text = QLabel(name)
            for label in (sample, text):
                label.setToolTip(tips[kind])
                row.addWidget(label)
            row.addSpacing(6)
        flow.addWidget(legend)
        self.log_scale_checkbox = QCheckBox("Log scale")
        self.log_scale_checkbox.setToolTip(tips["log"])
        flow.addWidget(self.log_scale_checkbox)
        self.show_samples(train_colour, test_colour)

    def show_samples(self, train_colour: str, test_colour: str, zoom: float = 1.0) -> None:
        """The two strokes in these colours, at this zoom."""
        for sample, colour, style in zip(self._samples, (train_colour, test_colour), STYLES, strict=True):
            sample.setPixmap(self._stroke(colour, style, zoom))

    def _stroke(self, colour: str, style: Qt.PenStyle, zoom: float) -> QPixmap:
        """A short stroke in a curve's pen."""
        ratio = 2.0
        pixmap = QPixmap(int(30 * zoom * ratio), int(12 * zoom * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pg.mkPen(colour, width=self._line_width * zoom, style=style))
        painter.drawLine(QPointF(1 * zoom, 6 * zoom), QPointF(29 * zoom, 6 * zoom))
        painter.end()
        return pixmap

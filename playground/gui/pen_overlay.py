"""A pen for talking over the views: strokes drawn on a transparent sheet laid over the plane and the hidden
space. The strokes belong to the sheet only: they never touch the points, the undo history or the scenario.

While the pen is off the sheet lets every mouse event through to the views underneath. The strokes are kept
as fractions of the sheet's size, so they stay on what they were drawn around when the window is resized."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

PEN_COLOUR = "#e6007e"  # magenta: unlike any class colour in either palette, and strong on white and on colour
PEN_WIDTH = 5.0  # pixels at zoom 1


class PenOverlay(QWidget):
    drawing_changed = Signal(bool)  # the pen was picked up (True) or put down

    def __init__(self, covered: QWidget) -> None:
        """A sheet over `covered` (made its child, always as large as it)."""
        super().__init__(covered)
        self._covered = covered
        self._strokes: list[list[QPointF]] = []  # each a list of points as fractions of the sheet's size
        self._drawing = False
        self.width_scale = 1.0  # the display's zoom: thicker strokes when everything is larger
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        covered.installEventFilter(self)
        self.setGeometry(covered.rect())
        self.raise_()

    # ----- what it holds ------------------------------------------------------------------------
    @property
    def drawing(self) -> bool:
        return self._drawing

    @property
    def strokes(self) -> list[list[tuple[float, float]]]:
        """The strokes, each as (x, y) pixel positions on the sheet now."""
        w, h = self.width(), self.height()
        return [[(p.x() * w, p.y() * h) for p in stroke] for stroke in self._strokes]

    def set_drawing(self, drawing: bool) -> None:
        """Pick the pen up (the views stop taking the mouse) or put it down."""
        if drawing == self._drawing:
            return
        self._drawing = drawing
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, not drawing)
        if drawing:
            self.setCursor(Qt.CursorShape.CrossCursor)
            self.raise_()
        else:
            self.unsetCursor()
        self.drawing_changed.emit(drawing)

    def clear(self) -> None:
        self._strokes.clear()
        self.update()

    # ----- keeping its size -----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._covered and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self.setGeometry(self._covered.rect())
            self.raise_()  # above views made or re-parented later
        return super().eventFilter(watched, event)

    # ----- drawing ------------------------------------------------------------------------------
    def _fraction(self, event: QMouseEvent) -> QPointF:
        p = event.position()
        return QPointF(p.x() / max(1, self.width()), p.y() / max(1, self.height()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._strokes.append([self._fraction(event)])
            self.update()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self._strokes:
            self._strokes[-1].append(self._fraction(event))
            self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._strokes:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(PEN_COLOUR), PEN_WIDTH * self.width_scale)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        w, h = self.width(), self.height()
        for stroke in self._strokes:
            path = QPainterPath(QPointF(stroke[0].x() * w, stroke[0].y() * h))
            if len(stroke) == 1:  # a dot
                path.lineTo(QPointF(stroke[0].x() * w + 0.01, stroke[0].y() * h))
            for p in stroke[1:]:
                path.lineTo(QPointF(p.x() * w, p.y() * h))
            painter.drawPath(path)
        painter.end()

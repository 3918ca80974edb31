"""How the main window's parts are laid out, so that they fit any screen from 1000x700 up:

- the play controls across the top;
- the control panels in a column on the left that scrolls down, is always as wide as its widest row (rows added
  later too, so nothing is cut off) and can be hidden;
- the views (the plane, and the hidden space beside or under it) taking the free space, so they are the largest
  thing on the screen;
- the numbers, the network diagram and the loss chart in a column on the right, behind splitters that the user
  can drag (between the views and that column, and between the diagram and the chart)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .square_container import SquareContainer
from .views_pair import ViewsPair

RESULTS_SHARE = 0.24  # of the width beside the controls, for the numbers, diagram and chart at first
LOADING_NOTE = "Loading the views…"
DIAGRAM_SHARE = 0.5  # of that column's height (under the numbers) for the diagram; the chart has the rest


class ControlsColumn(QScrollArea):
    """The control panels one under the other. It scrolls down when they are taller than the window, and its
    width follows theirs: a panel that grows (a hidden layer added) widens the column instead of being cut off."""

    def __init__(self, panels: list[QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget()
        content.setObjectName("controls_content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(10, 4, 6, 10)
        layout.setSpacing(10)
        for panel in panels:
            layout.addWidget(panel)
        layout.addStretch(1)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the panels' sizes changed: take the width they now need
        return super().eventFilter(watched, event)

    def needed_width(self) -> int:
        """The panels' width, and room for the scroll bar (it comes and goes with the window's height)."""
        content = self.widget()
        width = max(content.sizeHint().width(), content.minimumSizeHint().width())
        return width + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        return QSize(self.needed_width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.needed_width(), 120)


class ViewsPlaceholder(QWidget):
    """Where a view goes, while the window's second stage makes it (app.py's progressive start): the window's
    background, with a quiet note, taking the room the view will take."""

    def __init__(self, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("views_placeholder")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        if note:
            label = QLabel(note)
            label.setProperty("role", "caption")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            QVBoxLayout(self).addWidget(label)


class WindowLayout(QWidget):
    """The window's central widget: every part in its place (the parts are made and wired by the window).

    Built in two steps, so that the window can be painted before its pyqtgraph views are made: first the top
    bar, the controls, the numbers and the diagram, with placeholders where the views go; then place_views puts
    the drawing tools, the views and the chart in the placeholders' places (each panel made in its final parent
    where it can be: no reparenting of whole panels)."""

    def __init__(self, transport: QWidget, panels: list[QWidget], banner: QWidget, metrics: QWidget,
                 diagram: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controls = ControlsColumn(panels)
        self.controls_button = QToolButton()  # shows and hides the controls column (the window gives its action)
        self.controls_button.setObjectName("controls_button")
        self.controls_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        transport.layout().insertWidget(0, self.controls_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.views_area = views_area = QWidget()
        self._views_layout = views_layout = QVBoxLayout(views_area)
        views_layout.setContentsMargins(6, 4, 6, 6)
        views_layout.addWidget(banner)
        self._views_placeholder = ViewsPlaceholder(LOADING_NOTE)
        views_layout.addWidget(self._views_placeholder, 1)
        self.plane: SquareContainer | None = None
        self.views: ViewsPair | None = None

        results = QWidget()  # the numbers, the diagram and the chart
        results.setObjectName("results_column")
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 8, 8, 6)
        results_layout.addWidget(metrics)
        self.results_splitter = QSplitter(Qt.Orientation.Vertical)
        self.results_splitter.setObjectName("results_splitter")
        self.results_splitter.addWidget(diagram)
        self.results_splitter.addWidget(ViewsPlaceholder())  # the chart's place
        self.results_splitter.setChildrenCollapsible(False)
        self.results_splitter.setStretchFactor(0, 1)
        self.results_splitter.setStretchFactor(1, 1)
        results_layout.addWidget(self.results_splitter, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("views_splitter")
        self.splitter.addWidget(views_area)
        self.splitter.addWidget(results)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)  # a larger window gives its room to the views
        self.splitter.setStretchFactor(1, 0)
        self._sized = False  # the splitters get their first sizes once the window has its size

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.controls)
        body.addWidget(self.splitter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        transport.setObjectName("transport_bar")
        transport.setStyleSheet("#transport_bar { background: #ffffff; border-bottom: 1px solid #dde2e5; }")
        transport.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout.addWidget(transport)
        layout.addLayout(body, 1)

    def place_views(self, toolbar: QWidget, boundary_view, second: QWidget, chart: QWidget) -> None:
        """The drawing tools above the banner, the plane and the second view in the views' placeholder's place,
        the chart in its placeholder's place (each splitter keeps its sizes)."""
        self._views_layout.insertWidget(0, toolbar)
        self.plane = SquareContainer(boundary_view, boundary_view.decorations)
        # The plane's room changes with its legend's rows (a narrower window wraps it): fit the square again then.
        boundary_view.plot.getViewBox().sigResized.connect(self.plane.fit_soon)
        self.views = ViewsPair(self.plane, second)
        self._views_layout.replaceWidget(self._views_placeholder, self.views)
        self._views_layout.setStretchFactor(self.views, 1)
        self._views_placeholder.deleteLater()
        self._views_placeholder = None
        sizes = self.results_splitter.sizes()
        self.results_splitter.replaceWidget(1, chart).deleteLater()
        self.results_splitter.setSizes(sizes)

    def share_space(self) -> None:
        """First sizes of the splitters for the window's size: most of the width for the views, a quarter for
        the numbers, diagram and chart; the diagram a little taller than the chart."""
        width = self.splitter.width()
        results = self.splitter.widget(1)
        side = max(results.minimumSizeHint().width(), round(RESULTS_SHARE * width))
        self.splitter.setSizes([max(1, width - side), side])
        height = self.results_splitter.height()
        diagram = round(DIAGRAM_SHARE * height)
        self.results_splitter.setSizes([diagram, max(1, height - diagram)])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self.share_space()

    def restore_splitters(self, states: tuple[bytes | None, bytes | None]) -> None:
        """The splitters as the user left them (from saved settings); None keeps the first sizes."""
        for splitter, state in zip((self.splitter, self.results_splitter), states, strict=True):
            if state and splitter.restoreState(state):
                self._sized = True

    def splitter_states(self) -> tuple[bytes, bytes]:
        return bytes(self.splitter.saveState().data()), bytes(self.results_splitter.saveState().data())

"""The view beside the plane: the hidden space, or, for a network with no hidden layer (the hidden space has
nothing to show then: one neuron draws a straight line), the loss landscape of that neuron. Only the page shown
(and only while the pair has room for it) asks the training process for frames."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from ..core.network_spec import NetworkSpec
from .hidden_space_panel import HiddenSpacePanel
from .loss_landscape_panel import LossLandscapePanel
from .session import Session


class SecondView(QStackedWidget):
    def __init__(self, session: Session, hidden: HiddenSpacePanel, landscape: LossLandscapePanel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("second_view")
        self.hidden, self.landscape = hidden, landscape
        self.addWidget(hidden)
        self.addWidget(landscape)
        self._shown = True
        session.network_changed.connect(self._on_session_network_changed)
        self._on_session_network_changed(session.network)

    @property
    def shows_landscape(self) -> bool:
        return self.currentWidget() is self.landscape

    def set_shown(self, shown: bool) -> None:
        """The pair shows this view (it is wanted and there is room), or not."""
        self._shown = shown
        self._activate()

    def _on_session_network_changed(self, spec: NetworkSpec) -> None:
        self.setCurrentWidget(self.hidden if spec.hidden else self.landscape)
        self._activate()

    def _activate(self) -> None:
        self.currentWidget().setVisible(self._shown)  # hidden itself too, not only inside a hidden stack
        self.hidden.set_active(self._shown and not self.shows_landscape)
        self.landscape.set_active(self._shown and self.shows_landscape)

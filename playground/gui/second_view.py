"""The view beside the plane: the hidden space or the loss landscape, on two tabs. A network with no hidden layer
has no hidden space to show (one neuron draws a straight line), so it shows the landscape of that neuron, with no
tabs; any other network shows the hidden space first, and its landscape (a slice) on the second tab. Only the page
shown (and only while the pair has room for it) asks the training process for frames. The landscape's panel is made
when it is first wanted (its two plots cost the window's first paint about 40 ms otherwise)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QTabBar, QVBoxLayout, QWidget

from ..core.network_spec import NetworkSpec
from .hidden_space_panel import HiddenSpacePanel
from .loss_landscape_panel import LossLandscapePanel
from .session import Session

TABS = ("Hidden space", "Loss landscape")


class SecondView(QWidget):
    def __init__(self, session: Session, hidden: HiddenSpacePanel, make_landscape: Callable[[], LossLandscapePanel],
                 parent: QWidget | None = None) -> None:
        """`make_landscape()` makes the landscape's panel, when it is first wanted."""
        super().__init__(parent)
        self.setObjectName("second_view")
        self.hidden = hidden
        self._make_landscape = make_landscape
        self._landscape: LossLandscapePanel | None = None
        self._landscape_place = QWidget()  # the landscape's page until its panel is made
        self.tabs = QTabBar()
        self.tabs.setObjectName("second_view_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for text in TABS:
            self.tabs.addTab(text)
        self.tabs.setTabToolTip(0, "How the chosen hidden layer bends the plane")
        self.tabs.setTabToolTip(1, "The loss for the weights around where they are: the hill gradient descent "
                                   "walks down")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.pages = QStackedWidget()
        self.pages.addWidget(hidden)
        self.pages.addWidget(self._landscape_place)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.tabs)
        layout.addWidget(self.pages, 1)
        self._shown = True
        self._has_hidden = True
        session.network_changed.connect(self._on_session_network_changed)
        self._on_session_network_changed(session.network)

    @property
    def has_hidden(self) -> bool:
        """The network has hidden layers (so both pages, on tabs)."""
        return self._has_hidden

    @property
    def landscape(self) -> LossLandscapePanel:
        """The landscape's panel (made now, if it was not yet)."""
        return self._made_landscape()

    def _made_landscape(self) -> LossLandscapePanel:
        if self._landscape is None:
            self._landscape = self._make_landscape()
            shown = self.pages.currentIndex()
            self.pages.insertWidget(1, self._landscape)
            self.pages.removeWidget(self._landscape_place)
            self._landscape_place.deleteLater()
            self.pages.setCurrentIndex(shown)
            self._landscape.set_active(self._shown and self.shows_landscape)
        return self._landscape

    @property
    def landscape_made(self) -> bool:
        return self._landscape is not None

    @property
    def shows_landscape(self) -> bool:
        return self.pages.currentIndex() == 1

    def set_shown(self, shown: bool) -> None:
        """The pair shows this view (it is wanted and there is room), or not."""
        self._shown = shown
        self._activate()

    def show_landscape(self, landscape: bool) -> None:
        """Choose the page (a network with no hidden layer always shows its landscape)."""
        self.tabs.setCurrentIndex(1 if landscape else 0)

    def bind_action(self, action) -> None:
        """A checkable menu action that follows the page shown and chooses it (it cannot be unchecked for a network
        with no hidden layer: its landscape is all there is to show)."""
        self._action = action
        action.toggled.connect(lambda on: self.show_landscape(on) if self._has_hidden else None)
        self._sync_action()

    def _sync_action(self) -> None:
        action = getattr(self, "_action", None)
        if action is not None:
            action.setEnabled(self._has_hidden)
            action.setChecked(self.shows_landscape)

    def _on_session_network_changed(self, spec: NetworkSpec) -> None:
        self._has_hidden = bool(spec.hidden)
        self.tabs.setVisible(self._has_hidden)
        self._place()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._place()

    def _place(self) -> None:
        landscape = not self._has_hidden or self.tabs.currentIndex() == 1
        if landscape:
            self._made_landscape()  # (the first time it is wanted)
        self.pages.setCurrentIndex(1 if landscape else 0)
        self._activate()
        self._sync_action()

    def _activate(self) -> None:
        self.pages.currentWidget().setVisible(self._shown)  # hidden itself too, not only inside a hidden stack
        self.hidden.set_active(self._shown and not self.shows_landscape)
        if self._landscape is not None:
            self._landscape.set_active(self._shown and self.shows_landscape)

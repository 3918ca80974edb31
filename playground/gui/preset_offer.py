"""A bar above the views that offers, when a learner picks a preset made to teach something, the network it is
made for ("Two curves is made for one hidden layer of 2 tanh neurons…"): one click loads it, another keeps the
network as it is. It goes away by itself once the network is the one offered, or the data changes to another
preset, or a scenario is opened (a file brings its own network)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..core.meant_networks import MeantNetwork, meant_networks
from ..core.presets import PresetSpec
from .offer_bar import OfferBar
from .session import Session


class PresetOffer(OfferBar):
    def __init__(self, session: Session, parent: QWidget | None = None,
                 offers: dict[str, MeantNetwork] | None = None) -> None:
        super().__init__("preset_offer", "#e8f1f8", "#9cc3e0", "Use this network", "Keep mine", parent)
        self._session = session
        self._offers = meant_networks() if offers is None else offers
        self._preset_name = session.preset.name if session.preset is not None else None
        self._offered: MeantNetwork | None = None
        self.use_button, self.keep_button = self.accept_button, self.decline_button
        self.keep_button.setToolTip("Keep the network as it is")
        self.use_button.clicked.connect(self._on_use_button_clicked)
        self.keep_button.clicked.connect(self.withdraw)
        session.preset_changed.connect(self._on_session_preset_changed)
        session.network_changed.connect(self._on_session_network_changed)

    @property
    def offered(self) -> MeantNetwork | None:
        """The network offered now (None while the bar is hidden)."""
        return self._offered

    def withdraw(self) -> None:
        self._offered = None
        self.hide()

    def _on_session_preset_changed(self, preset: PresetSpec | None) -> None:
        name = preset.name if preset is not None else None
        if name == self._preset_name:
            return  # more points, other noise: the same preset, nothing new to offer
        self._preset_name = name
        offer = self._offers.get(name) if name is not None else None
        if offer is None or offer.network == self._session.network:
            self.withdraw()
            return
        self._offered = offer
        self.label.setText(f"{offer.why}  (That is a {offer.network.describe()} network; yours is "
                           f"{self._session.network.describe()}.)")
        self.use_button.setToolTip(f"Load the {offer.network.describe()} network (the training starts over)")
        self.show()

    def _on_session_network_changed(self, network) -> None:
        if self._offered is not None and network == self._offered.network:
            self.withdraw()

    def _on_use_button_clicked(self) -> None:
        if self._offered is not None:
            self._session.set_network(self._offered.network)
        self.withdraw()

"""The layer editor's width boxes, typed into with real keys: a number out of range is never silently cut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from playground.core.network import MAX_WIDTH, NetworkSpec
from playground.core.scenario import Scenario
from playground.gui.network_panel import NetworkPanel
from playground.gui.session import Session


@pytest.fixture
def panel(qtbot) -> NetworkPanel:
    panel = NetworkPanel(Session(Scenario(network=NetworkSpec(hidden=(8, 8)))))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def type_width(qtbot, panel: NetworkPanel, layer: int, text: str) -> None:
    """Click into the layer's width box, select what it shows, type `text` and press Enter."""
    spin = panel.width_spins[layer]
    qtbot.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def note(panel: NetworkPanel) -> str:
    return panel.note_label.text() if panel.note_label.isVisibleTo(panel) else ""


def hidden(panel: NetworkPanel) -> tuple[int, ...]:
    return panel._session.network.hidden


def test_typing_a_width_sets_it(qtbot, panel):
    type_width(qtbot, panel, 0, "16")
    assert hidden(panel) == (16, 8)
    assert note(panel) == ""


@pytest.mark.parametrize("typed", ["256", "65", "1000000"])
def test_typing_a_width_above_the_maximum_gives_the_maximum_and_says_so(qtbot, panel, typed):
    type_width(qtbot, panel, 0, typed)
    assert hidden(panel) == (MAX_WIDTH, 8)  # not 25, what Qt kept of "256"
    assert panel.width_spins[0].text() == str(MAX_WIDTH)
    assert note(panel) == f"A layer has at most {MAX_WIDTH} neurons."


def test_the_note_shows_even_when_the_width_was_already_the_maximum(qtbot, panel):
    type_width(qtbot, panel, 1, str(MAX_WIDTH))
    assert hidden(panel) == (8, MAX_WIDTH) and note(panel) == ""
    type_width(qtbot, panel, 1, "100")
    assert hidden(panel) == (8, MAX_WIDTH)
    assert note(panel) == f"A layer has at most {MAX_WIDTH} neurons."


def test_typing_zero_gives_one_neuron_and_says_so(qtbot, panel):
    type_width(qtbot, panel, 1, "0")
    assert hidden(panel) == (8, 1)
    assert note(panel) == "A layer has at least one neuron."


def test_the_note_goes_at_the_next_change(qtbot, panel):
    type_width(qtbot, panel, 0, "256")
    assert note(panel)
    type_width(qtbot, panel, 0, "12")
    assert hidden(panel) == (12, 8)
    assert note(panel) == ""


def test_emptying_the_box_keeps_the_width(qtbot, panel):
    spin = panel.width_spins[0]
    qtbot.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(spin, Qt.Key.Key_Backspace)
    assert spin.text() == ""
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert hidden(panel) == (8, 8)
    assert panel.width_spins[0].text() == "8"
    assert note(panel) == ""

"""LiveLabel: numbers that change every frame are repainted without laying the window out again, and always have
room for their text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from playground.gui.live_label import LiveLabel


class LayoutRequests(QObject):
    """Counts the layout requests a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def panel_with(label: QLabel, qtbot) -> tuple[QWidget, LayoutRequests]:
    """The label in a panel with another line of text, shown and laid out (keep the panel: it owns the label),
    and what counts the layout requests of the label's own parent (where a new text's request goes first)."""
    outer = QWidget()
    qtbot.addWidget(outer)
    inner = QWidget(outer)
    QVBoxLayout(outer).addWidget(inner)
    layout = QVBoxLayout(inner)
    layout.addWidget(QLabel("Training loss"))
    layout.addWidget(label)
    outer.resize(300, 120)
    outer.show()
    qtbot.waitExposed(outer)
    qtbot.wait(1)  # (the first layout's posted requests delivered)
    return outer, LayoutRequests(inner)


def fits(label: QLabel) -> bool:
    """The label's text fits its width and height."""
    metrics = QFontMetrics(label.font())
    return metrics.horizontalAdvance(label.text()) <= label.contentsRect().width() and \
        metrics.height() <= label.contentsRect().height()


def test_a_new_value_that_fits_is_repainted_without_laying_the_panel_out(qtbot):
    label = LiveLabel("0.250")
    _panel, requests = panel_with(label, qtbot)
    before = label.grab().toImage()
    for text in ("0.251", "0.249", "0.183"):
        label.setText(text)
        qtbot.wait(1)  # (posted events delivered)
    assert label.text() == "0.183"
    assert requests.count == 0
    assert label.grab().toImage() != before  # the new number is drawn
    # A plain QLabel asks for a layout at each new text: what this saves.
    plain = QLabel("0.250")
    _outer, plain_requests = panel_with(plain, qtbot)
    plain.setText("0.251")
    qtbot.wait(1)
    assert plain_requests.count > 0


def test_a_longer_value_widens_the_label_once_and_shows_whole(qtbot):
    label = LiveLabel("9")
    _panel, requests = panel_with(label, qtbot)
    label.setText("1,234,567")
    qtbot.waitUntil(lambda: fits(label) and requests.count >= 1)
    widened = label.width()
    requests.count = 0
    label.setText("7")  # shorter again: it keeps its room (no jump back and forth)
    qtbot.wait(1)
    assert label.width() == widened and requests.count == 0


def test_the_widest_sample_gives_room_from_the_start(qtbot):
    label = LiveLabel("–", widest="100.0%")
    _panel = panel_with(label, qtbot)
    assert label.width() >= QFontMetrics(label.font()).horizontalAdvance("100.0%")
    width = label.width()
    label.setText("100.0%")
    qtbot.wait(1)
    assert label.width() == width and fits(label)


def test_a_font_change_measures_the_room_again(qtbot):
    """The display's zoom reaches the numbers through the style sheet: the label follows, larger and smaller."""
    label = LiveLabel("0.250", widest="100.0%")
    _panel = panel_with(label, qtbot)
    small = label.size()
    label.setStyleSheet("font-size: 30pt;")
    qtbot.waitUntil(lambda: label.height() > small.height())
    assert label.width() >= QFontMetrics(label.font()).horizontalAdvance("100.0%") > small.width()
    assert fits(label)
    label.setStyleSheet("")
    qtbot.waitUntil(lambda: label.size() == small)

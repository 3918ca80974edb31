"""The plane and the hidden space share the centre: side by side when wide, stacked when narrow or tall."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from playground.gui.views_pair import ViewsPair


def test_the_views_take_the_arrangement_with_the_larger_squares(qtbot):
    first, second = QWidget(), QWidget()
    pair = ViewsPair(first, second)
    qtbot.addWidget(pair)
    pair.show()
    pair.resize(900, 500)  # wide: two squares of about 380 side by side, against about 100 stacked
    qtbot.waitUntil(lambda: not pair.stacked and first.geometry().top() == second.geometry().top())
    assert first.geometry().right() < second.geometry().left()
    pair.resize(560, 1100)  # narrow and tall: stacked squares of about 400, against about 210 side by side
    qtbot.waitUntil(lambda: pair.stacked and first.geometry().bottom() < second.geometry().top())
    assert first.geometry().left() == second.geometry().left()
    pair.set_second_wanted(False)  # only the plane: nothing to arrange
    pair.resize(900, 500)
    assert pair.stacked

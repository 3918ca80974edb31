"""Guards against a known-bad Qt binding: PySide6 6.12.0 on Python 3.11 drops a reference to True with
every signal emit (and to None with many calls), so a training session aborts the interpreter after about
a minute ("Fatal Python error: bool_dealloc"). pyproject.toml pins a release without the leak."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 500  # a leaky binding loses ~1,000 references here: a clear failure, yet far from an abort


class _Emitter(QObject):
    fired = Signal(object)


def test_signals_and_setters_do_not_leak_references_to_true_or_none(qtbot):
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    label = QLabel()
    qtbot.addWidget(label)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(CALLS):
        emitter.fired.emit(i)
        label.setText(str(i))
        label.setVisible(i % 2 == 0)
    assert len(received) == CALLS
    # A sound binding keeps both counts where they were, give or take a few objects created meanwhile.
    assert sys.getrefcount(True) > true_before - 100
    assert sys.getrefcount(None) > none_before - 100

"""The spare training process (training_launch.py): started before the window is built, so that torch loads
meanwhile; the first window takes it and trains in it exactly what it would have trained in a new process."""

from __future__ import annotations

import pytest

from playground import training_launch
from playground.core.desired_state import dataset_digest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario

from .conftest import WAIT_MS, ask_process


@pytest.fixture
def spare():
    """A spare, started as the command line starts it; ended if the test did not hand it out."""
    training_launch.start_spare()
    launched = training_launch._spare
    yield launched
    left = training_launch.take_spare()
    if left is not None:
        training_launch.discard(left)


def test_the_first_window_trains_in_the_spare(qtbot, make_window, spare):
    window = make_window(Scenario(PresetSpec("xor", points=80), NetworkSpec((5,), "relu")))
    assert window.worker.pid == spare.process.pid  # no second process was started
    report = ask_process(qtbot, window)
    assert report.network == window.session.network and report.layer_shapes == ((5, 2), (1, 5))  # one output: 2 classes
    assert report.data_digest == dataset_digest(window.session.dataset) and report.n_points == 80
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot is not None and window.latest_snapshot.metrics.step > 0,
                    timeout=WAIT_MS)
    # A spare is given out once: another window starts a process of its own.
    other = make_window(Scenario())
    assert other.worker.pid not in (None, spare.process.pid)


def test_a_spare_nobody_takes_ends_by_itself_when_let_go():
    launched = training_launch.launch()
    training_launch.discard(launched, timeout=WAIT_MS / 1000)
    assert launched.process.exitcode == 0  # it returned when its pipe closed, rather than being killed


def test_a_spare_that_died_is_not_used(qtbot, make_window, spare):
    spare.process.kill()
    spare.process.join(WAIT_MS / 1000)
    window = make_window(Scenario())
    assert window.worker.pid is not None and window.worker.pid != spare.process.pid
    ask_process(qtbot, window)  # the new process answers

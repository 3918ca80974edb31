"""The worker's desired state, without a training process: what it would send, and how it takes the process's
word that training stopped by itself."""

from __future__ import annotations

import pytest

from playground.core.desired_state import DesiredState
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import TrainingSettings
from playground.worker import TrainingWorker


@pytest.fixture
def worker(qtbot):
    state = DesiredState(generate(PresetSpec("xor", points=50)), NetworkSpec((4,)), TrainingSettings())
    return TrainingWorker(state)  # never started: updates wait in its list


def pending(worker) -> list[tuple]:
    return [(kind, name, value) for kind, name, value in worker._items]


def test_the_newest_value_of_a_field_wins(worker):
    for rate in (0.1, 0.3, 1.0):
        worker.set_settings(TrainingSettings(learning_rate=rate))
    assert pending(worker) == [("set", "settings", TrainingSettings(learning_rate=1.0))]
    assert worker.state.settings.learning_rate == 1.0


def test_a_command_keeps_the_value_it_was_given_after(worker):
    worker.set_spec(NetworkSpec((3,)))
    worker.set_weight(0, 0, 0, 2.0)  # typed for the 3-neuron network
    worker.set_spec(NetworkSpec((5,)))
    assert [item[:2] for item in pending(worker)] == [("set", "network"), ("do", "weight"), ("set", "network")]


def test_stopping_by_itself_is_believed_only_without_a_later_play(worker, qtbot):
    worker.play()
    worker._on_received(worker._run, ("paused", 99))  # a stop from before the Play still waiting to be sent
    assert worker.is_playing
    worker._items.clear()
    worker._playing_seq = 5
    worker._on_received(worker._run, ("paused", 4))  # stopped before the update that carried Play
    assert worker.is_playing
    worker._on_received(worker._run, ("paused", 5))  # stopped after it: training really stopped
    assert not worker.is_playing

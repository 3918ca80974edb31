"""The worker tells the training process which frame the window has taken, so the process makes the next one
then and not frames the window would only drop (the loop's side: tests/core/test_frame_pacing.py)."""

from __future__ import annotations

import numpy as np

from playground.core.desired_state import DesiredState
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.snapshot import Metrics, Snapshot
from playground.core.training import TrainingSettings
from playground.training_process import SHOWN
from playground.worker import TrainingWorker


class Messages:
    """A connection end that hands out the given messages, then says the process stopped."""

    def __init__(self, *messages) -> None:
        self._messages = [*messages, ("stopped", None)]

    def recv(self):
        return self._messages.pop(0)


def frame(serial: int) -> Snapshot:
    return Snapshot(Metrics(step=serial), "CPU", 0.0, np.zeros((2, 2, 2), np.float32), (0.0, 1.0, 0.0, 1.0),
                    np.zeros((0, 2, 2), np.float32), serial=serial)


def test_taking_the_newest_frame_tells_the_process_its_number(qtbot):
    worker = TrainingWorker(DesiredState(generate(PresetSpec("xor", points=50)), NetworkSpec((4,)),
                                         TrainingSettings()))  # never started: what it would send waits
    worker._read(Messages(("snapshot", frame(3)), ("snapshot", frame(4))), worker._run)
    latest, metrics = worker.take_frames()
    assert latest.serial == 4 and len(metrics) == 2
    assert list(worker._outbox) == [(SHOWN, 4)]  # the newest one taken: the frame before it was dropped
    assert worker.take_frames() == (None, [])
    assert list(worker._outbox) == [(SHOWN, 4)]  # nothing new taken, nothing said

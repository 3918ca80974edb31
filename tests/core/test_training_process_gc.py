"""The training process leaves what exists once torch is imported out of Python's full garbage collections (each
walked about 170,000 objects: a frame ~50 ms late every minute or so)."""

from __future__ import annotations

import gc

from playground import training_process


class Closed:
    """A connection to a window that went away before it said what to train."""

    def recv(self):
        raise EOFError


def test_a_spare_freezes_what_its_imports_made():
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        training_process.run(Closed(), None)
        assert gc.get_freeze_count() > 10_000  # (torch's modules and more)
    finally:
        gc.unfreeze()

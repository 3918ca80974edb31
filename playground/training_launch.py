"""Starting the training process, and starting it early.

Importing torch takes the training process one to three seconds. Opening the app (`open_window` in app.py)
starts a spare process (`start_spare`) before it imports Qt, so that torch loads while the window is being
built; the window's training worker takes it (`take_spare`) and sends it what to train. A spare nobody takes
is ended at exit (it is a daemon process, and it also ends by itself when the window's process goes away)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from dataclasses import dataclass
from typing import Any

from .training_process import run as run_training_process

_spare: Launched | None = None
# NumPy's BLAS in the training process works on one thread, as torch does there (training_loop.py): its threads
# made a 100,000-point snapshot about three times slower on two cores (the hidden space's PCA and projection).
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


@dataclass
class Launched:
    process: multiprocessing.process.BaseProcess
    connection: Any  # the window's end of the pipe


def launch(state=None, log_path: str | None = None) -> Launched:
    """A new training process, on `state`; None: a spare that waits for its state (see training_process.py)."""
    # "spawn" everywhere: the same behaviour on Linux, macOS and Windows, and safe with Qt's threads.
    context = multiprocessing.get_context("spawn")
    connection, child_end = context.Pipe(duplex=True)
    process = context.Process(target=run_training_process, args=(child_end, state, log_path),
                              name="playground-training", daemon=True)
    with _environment(ONE_THREAD):  # read by the new process when it loads NumPy
        process.start()
    child_end.close()
    return Launched(process, connection)


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    """These environment variables while the block runs (ones set already are kept as they are)."""
    added = [name for name in values if name not in os.environ]
    os.environ.update({name: values[name] for name in added})
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def start_spare() -> None:
    """Start a spare training process now (once), for the first window to take."""
    global _spare
    if _spare is None:
        _spare = launch()


def take_spare() -> Launched | None:
    """The spare process, if one was started and still runs; each spare is given out once."""
    global _spare
    spare, _spare = _spare, None
    if spare is not None and not spare.process.is_alive():
        discard(spare)
        return None
    return spare


def discard(launched: Launched, timeout: float = 1.0) -> None:
    """End a process that was never given its state."""
    with contextlib.suppress(OSError):
        launched.connection.close()  # a spare waiting for its state ends when the pipe closes
    launched.process.join(timeout)
    if launched.process.is_alive():
        launched.process.terminate()
        launched.process.join(timeout)

"""The training process's entry point, as the window names it: a torch-free module, so that the window's process
never imports torch (it takes a second of the start-up); the child process imports the loop when it starts.

The process can also be started before the window knows what to train (a spare, see training_launch.py): it
then imports torch and the loop at once, while the window is still being built, and waits for its first message,
("state", DesiredState, log path), before it begins."""

from __future__ import annotations

STOP = "stop"  # the window's last word to the process
SHOWN = "shown"  # (SHOWN, serial): the window has taken that frame to paint (core/training_loop.py)
STATE = "state"  # the first message to a spare: what to train, and where to log


def run(connection, state, log_path: str | None = None) -> None:
    import gc

    from .core.training_loop import run_training_loop

    # What exists now (torch's modules: about 170,000 objects) is left out of Python's full garbage collections:
    # each walked them all, about 50 ms in which no frame went out (once a minute or so while training).
    gc.freeze()

    if state is None:  # a spare: torch is imported now; what to train comes next
        try:
            message = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):  # the window never came, or went away
            return
        if not (isinstance(message, tuple) and len(message) == 3 and message[0] == STATE):
            return
        _, state, log_path = message
    run_training_loop(connection, state, log_path)

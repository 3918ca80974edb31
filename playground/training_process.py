"""The training process's entry point, as the window names it: a torch-free module, so that the window's process
never imports torch (it takes a second of the start-up); the child process imports the loop when it starts."""

from __future__ import annotations

STOP = "stop"  # the window's last word to the process


def run(connection, state, log_path: str | None = None) -> None:
    from .core.training_loop import run_training_loop

    run_training_loop(connection, state, log_path)

"""Shared test set-up: Qt runs offscreen, torch on one thread, and no test may leave a thread or a child
process running."""

import multiprocessing
import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import torch

torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail any test that leaves a thread or a child process it started still running."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not leaked, f"the test left threads running: {[t.name for t in leaked]}"
    children = multiprocessing.active_children()
    assert not children, f"the test left child processes running: {[p.name for p in children]}"

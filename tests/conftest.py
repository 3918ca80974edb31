"""Shared test set-up: Qt runs offscreen, torch on one thread, and no test may leave a thread or a child
process running. Tests marked `slow` (building the packaged app) run only when pytest is given --run-slow."""

import multiprocessing
import os
import tempfile
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The autosave and the log file go to a folder of the test run's own, never the real home folder.
os.environ.setdefault("PLAYGROUND_HOME", tempfile.mkdtemp(prefix="playground-tests-"))

import pytest
import torch

torch.set_num_threads(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run the slow tests (building the packaged app: several minutes)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: give --run-slow to run it")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail any test that leaves a thread or a child process it started still running."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not leaked, f"the test left threads running: {[t.name for t in leaked]}"
    children = multiprocessing.active_children()
    assert not children, f"the test left child processes running: {[p.name for p in children]}"


@pytest.fixture
def log_home(tmp_path, monkeypatch):
    """A PLAYGROUND_HOME of the test's own, so its log files can be read; the log handler a process gets there is
    closed and taken off afterwards (the next one makes its own)."""
    import logging

    monkeypatch.setenv("PLAYGROUND_HOME", str(tmp_path))
    yield tmp_path
    root = logging.getLogger("playground")
    for handler in [h for h in root.handlers if getattr(h, "playground_log", False)]:
        root.removeHandler(handler)
        handler.close()

"""The log files support reads: one per process, each start says what runs (the app's version, Python, torch and
the device in the training process's file), and a file past MAX_LOG_BYTES is rotated, never grown without end."""

from __future__ import annotations

import logging
import platform
from multiprocessing import Pipe
from pathlib import Path

import torch

from playground import __version__, paths
from playground.core.desired_state import DesiredState
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import TrainingSettings
from playground.core.training_loop import STOP, run_training_loop


def test_the_window_log_starts_with_the_version_line(log_home):
    path = paths.start_logging("Qt 6.11.3")
    assert path == log_home / "log" / paths.WINDOW_LOG
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert f"window: INFO Neural Network Playground {__version__} started" in first
    assert f"Python {platform.python_version()}" in first and first.endswith(", Qt 6.11.3")


def test_the_training_process_logs_torch_and_the_device(log_home):
    path = paths.log_file(paths.TRAINING_LOG)
    state = DesiredState(generate(PresetSpec("xor", points=40)), NetworkSpec((2,)), TrainingSettings(device="cpu"))
    ours, theirs = Pipe(duplex=True)
    ours.send(STOP)
    run_training_loop(theirs, state, str(path))  # returns at once: told to stop
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert f"training process: INFO Neural Network Playground {__version__} started" in lines[0]
    assert f"torch {torch.__version__}, 1 thread(s), training on CPU" in lines[0]


def test_a_log_past_its_size_is_rotated_and_old_ones_dropped(log_home):
    path = paths.start_logging()
    log = logging.getLogger("playground.test")
    line = "x" * 999
    per_file = paths.MAX_LOG_BYTES // 1000  # about this many lines of 1,000 bytes fit in one file
    for number in range(per_file * (paths.LOG_BACKUPS + 2)):
        log.warning("%06d %s", number, line)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == [paths.WINDOW_LOG] + [f"{paths.WINDOW_LOG}.{n}" for n in range(1, paths.LOG_BACKUPS + 1)]
    for file in path.parent.iterdir():
        assert file.stat().st_size <= paths.MAX_LOG_BYTES
    newest = path.read_text(encoding="utf-8").splitlines()[-1]
    assert f"{per_file * (paths.LOG_BACKUPS + 2) - 1:06d}" in newest  # the newest line is in the current file
    oldest = (path.parent / f"{paths.WINDOW_LOG}.{paths.LOG_BACKUPS}").read_text(encoding="utf-8")
    assert "started" not in oldest  # the file with the start line went (five files' worth, four kept)


def test_a_log_folder_that_cannot_be_made_logs_nothing_and_says_so(log_home, monkeypatch):
    (log_home / "log").write_text("a file where the folder should be")
    assert paths.start_logging() is None
    assert not [h for h in logging.getLogger("playground").handlers if getattr(h, "playground_log", False)]


def test_one_log_handler_per_process_even_when_the_home_changes(log_home, tmp_path_factory, monkeypatch):
    first = paths.start_logging()
    paths.start_logging()  # the same file again: not a second handler (each line would be written twice)
    other = tmp_path_factory.mktemp("other")
    monkeypatch.setenv("PLAYGROUND_HOME", str(other))
    second = paths.start_logging()
    ours = [h for h in logging.getLogger("playground").handlers if getattr(h, "playground_log", False)]
    assert [Path(h.baseFilename) for h in ours] == [second.resolve()]
    assert len(first.read_text(encoding="utf-8").splitlines()) == 2  # two starts, two lines, none doubled

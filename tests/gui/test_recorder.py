"""Recording the window: the Record button starts, shows its red indicator, stops, asks where to save and writes
an animation with the frames it took; the hidden space's morph is recorded while paused; nothing recorded is said;
closing the window while recording leaves no thread; a slow encoder drops frames instead of holding the window."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from playground.core import animation
from playground.core.animation import AnimationWriter
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.gui import hidden_space_panel
from playground.gui.recorder import QUEUE_FRAMES, BackgroundEncoder

from .conftest import WAIT_MS

CURVES = Scenario(PresetSpec("two-curves"), NetworkSpec(hidden=(2,), activation="tanh"))


@pytest.fixture
def window(make_window):
    return make_window(CURVES)


def click_record(qtbot, window) -> None:
    """A click on the button's main part (its arrow, at the right, opens the menu)."""
    button = window.record_button.button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.height() // 2, button.height() // 2))


def mp4_frames(path: Path) -> int:
    return imageio_ffmpeg.count_frames_and_secs(str(path))[0]


def test_the_record_button_records_training_and_saves_where_the_learner_says(qtbot, window, tmp_path):
    recorder, button = window.recorder, window.record_button
    assert button.button.text() == "Record" and not button.indicator.isVisible()
    click_record(qtbot, window)
    assert recorder.recording and recorder.view == "plane" and recorder.suffix == ".mp4"
    assert button.button.text() == "Stop" and button.indicator.isVisible()
    window.play()
    qtbot.waitUntil(lambda: recorder.frames >= 8, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: button.indicator.text().startswith("● REC 0:0") and "frames" in button.indicator.text()
                    and int(button.indicator.text().split("· ")[1].split()[0]) >= 8, timeout=WAIT_MS)
    window.pause()
    window.questions.save = str(tmp_path / "curves")  # the right extension is added
    with qtbot.waitSignal(recorder.saved, timeout=WAIT_MS) as saved:
        click_record(qtbot, window)
    path = Path(saved.args[0])
    assert path == tmp_path / "curves.mp4" and path.is_file()
    assert window.questions.asked[-1][:2] == ("save", "Save the recording")
    assert not recorder.recording and not button.indicator.isVisible() and button.button.text() == "Record"
    assert mp4_frames(path) == recorder.frames  # every frame taken is in the file
    assert "Saved the recording to curves.mp4" in window.statusBar().currentMessage()
    reader_first, reader_last = _first_and_last(path)
    assert np.abs(reader_first.astype(int) - reader_last.astype(int)).mean() > 1  # the boundary moved
    view = window.boundary_view.grab().toImage()
    assert abs(reader_first.shape[1] - view.width()) <= 1 and abs(reader_first.shape[0] - view.height()) <= 1
    assert not recorder.encoder.writer.path.exists()  # moved, not copied: nothing left in the temporary folder


def _first_and_last(path: Path) -> tuple[np.ndarray, np.ndarray]:
    import imageio.v2 as imageio

    reader = imageio.get_reader(path, format="FFMPEG")
    try:
        frames = list(reader.iter_data())
    finally:
        reader.close()
    return frames[0], frames[-1]


def test_the_morph_of_the_hidden_space_is_recorded_as_a_gif(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(hidden_space_panel, "MORPH_MS_PER_STAGE", 400)
    recorder, panel = window.recorder, window.hidden_panel
    qtbot.waitUntil(lambda: panel.view.frame is not None, timeout=WAIT_MS)
    window.record_button.view_actions["hidden"].trigger()
    window.record_button.format_actions[".gif"].trigger()
    click_record(qtbot, window)
    assert recorder.recording and recorder.view == "hidden" and recorder.suffix == ".gif"
    panel.morph_button.click()  # paused: only the morph moves the picture
    qtbot.waitUntil(lambda: panel.morph_button.text() == "■ Stop", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.morph_button.text() == "▶ Morph", timeout=WAIT_MS)
    frames = recorder.frames
    assert frames >= 5
    window.questions.save = str(tmp_path / "morph.gif")
    with qtbot.waitSignal(recorder.saved, timeout=WAIT_MS):
        click_record(qtbot, window)
    with Image.open(tmp_path / "morph.gif") as gif:
        assert 2 <= gif.n_frames <= frames  # (a GIF merges frames that did not change)
        durations = []
        for index in range(gif.n_frames):
            gif.seek(index)
            durations.append(gif.info["duration"])
        first_size = gif.size
    assert abs(sum(durations) - 1000 * frames / recorder.fps) <= 10
    assert abs(first_size[0] - panel.view.width()) <= 1


def test_a_gif_stops_at_its_frame_limit_and_asks_where_to_save(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setitem(animation.MAX_FRAMES, ".gif", 4)
    recorder = window.recorder
    window.questions.save = str(tmp_path / "short.gif")
    assert recorder.start("plane", ".gif")
    with qtbot.waitSignal(recorder.saved, timeout=WAIT_MS):
        window.play()
    assert recorder.frames == 4 and not recorder.recording
    assert not window.record_button.indicator.isVisible()
    with Image.open(tmp_path / "short.gif") as gif:
        assert 2 <= gif.n_frames <= 4


def test_stopping_before_anything_changed_says_nothing_was_recorded(qtbot, window, tmp_path):
    recorder = window.recorder
    window.questions.save = str(tmp_path / "nothing.mp4")
    click_record(qtbot, window)
    for _ in range(3):  # paused and untouched: the frame timer ticks, and finds nothing new to take
        with qtbot.waitSignal(recorder.frame_timer.timeout, timeout=WAIT_MS):
            pass
    assert recorder.frames == 0
    click_record(qtbot, window)
    assert not recorder.recording
    assert "Nothing was recorded" in window.statusBar().currentMessage()
    assert not any(question[0] == "save" for question in window.questions.asked)  # nothing to save, no question
    qtbot.waitUntil(lambda: recorder.encoder.done, timeout=WAIT_MS)
    assert not Path(recorder.encoder.writer.path).exists() and not (tmp_path / "nothing.mp4").exists()


def test_closing_the_window_while_recording_stops_the_encoder_and_keeps_nothing(qtbot, window):
    recorder = window.recorder
    click_record(qtbot, window)
    window.play()
    qtbot.waitUntil(lambda: recorder.frames >= 3, timeout=WAIT_MS)
    encoder = recorder.encoder
    window.close()
    assert encoder.done and not encoder._thread.is_alive()
    assert not Path(encoder.writer.path).exists()
    assert not recorder.recording


def test_a_view_not_on_screen_is_not_recorded(qtbot, window):
    window.hidden_action.setChecked(False)
    qtbot.waitUntil(lambda: not window.hidden_panel.view.isVisible(), timeout=WAIT_MS)
    assert not window.recorder.start("hidden", ".mp4")
    assert "hidden space is not shown" in window.statusBar().currentMessage()


class SlowWriter(AnimationWriter):
    """A writer that holds on to its first frame until told to go on (an encoder that falls behind)."""

    def __init__(self, path) -> None:
        super().__init__(path, 10)
        self.go_on = threading.Event()
        self.entered = threading.Event()

    def add(self, frame) -> None:
        self.entered.set()
        self.go_on.wait()
        super().add(frame)


def test_a_slow_encoder_drops_frames_and_never_makes_the_window_wait(tmp_path):
    writer = SlowWriter(tmp_path / "slow.gif")
    done = threading.Event()
    encoder = BackgroundEncoder(writer, done.set)
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    assert encoder.offer(image)
    assert writer.entered.wait(20)  # the encoder took the first picture and is stuck on it
    taken = [encoder.offer(image) for _ in range(QUEUE_FRAMES + 5)]  # none of these waits
    assert taken == [True] * QUEUE_FRAMES + [False] * 5
    assert encoder.dropped == 5 and encoder.accepted == QUEUE_FRAMES + 1
    writer.go_on.set()
    encoder.finish()
    assert done.wait(20) and encoder.join(20)
    with Image.open(tmp_path / "slow.gif") as gif:
        assert gif.size == (40, 30)
    assert writer.count == QUEUE_FRAMES + 1 and encoder.error is None


def test_a_presentation_puts_record_aside_unless_it_records(qtbot, window):
    button = window.record_button
    window.presentation.enter()
    assert not button.isVisible()  # the presentation's bar must fit a 1024-pixel projector
    window.presentation.leave()
    qtbot.waitUntil(button.isVisible, timeout=WAIT_MS)
    assert window.recorder.start("plane", ".mp4")
    window.presentation.enter()
    assert button.isVisible() and button.indicator.isVisible()  # a recording keeps its indicator and its Stop
    window.recorder.cancel()
    assert button.button.text() == "Record" and not button.isVisible()
    window.presentation.leave()


def fake_bundle(tmp_path: Path, content: bytes) -> Path:
    """A packaged app's imageio_ffmpeg/binaries/ with a compressed "ffmpeg" (see tests/core/test_bundled_ffmpeg)."""
    import hashlib
    import json
    import lzma

    folder = tmp_path / "bundle" / "imageio_ffmpeg" / "binaries"
    folder.mkdir(parents=True)
    (folder / "ffmpeg-test.xz").write_bytes(lzma.compress(content))
    (folder / "ffmpeg-test.json").write_text(json.dumps(
        {"name": "ffmpeg-test", "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}))
    return folder


def test_the_packaged_apps_first_mp4_unpacks_its_ffmpeg_and_records_with_it(qtbot, window, tmp_path, monkeypatch):
    from playground.core import bundled_ffmpeg

    log = tmp_path / "ffmpeg-runs.log"
    real = imageio_ffmpeg.get_ffmpeg_exe()
    folder = fake_bundle(tmp_path, f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n'.encode())
    monkeypatch.delenv(bundled_ffmpeg.ENV, raising=False)
    monkeypatch.setenv("PLAYGROUND_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(bundled_ffmpeg, "bundle_binaries_dir", lambda: folder)
    recorder = window.recorder
    click_record(qtbot, window)
    window.play()
    qtbot.waitUntil(lambda: recorder.frames >= 4, timeout=WAIT_MS)
    window.pause()
    window.questions.save = str(tmp_path / "first.mp4")
    with qtbot.waitSignal(recorder.saved, timeout=WAIT_MS):
        click_record(qtbot, window)
    assert "libx264" in log.read_text()  # the unpacked binary made the video
    assert str(tmp_path / "home" / "cache") in os.environ[bundled_ffmpeg.ENV]
    assert mp4_frames(tmp_path / "first.mp4") == recorder.frames


def test_a_recording_whose_encoder_cannot_be_unpacked_stops_and_says_why(qtbot, window, tmp_path, monkeypatch):
    from playground.core import bundled_ffmpeg

    folder = fake_bundle(tmp_path, b"#!/bin/sh\n")
    monkeypatch.delenv(bundled_ffmpeg.ENV, raising=False)
    (tmp_path / "home").write_text("a file where the app's folder should be")
    monkeypatch.setenv("PLAYGROUND_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(bundled_ffmpeg, "bundle_binaries_dir", lambda: folder)
    recorder = window.recorder
    click_record(qtbot, window)
    window.play()
    qtbot.waitUntil(lambda: not recorder.recording, timeout=WAIT_MS)
    window.pause()
    assert window.questions.asked[-1][:2] == ("warn", "Cannot record")
    assert "cannot be written to" in window.questions.warnings[-1] and "GIF" in window.questions.warnings[-1]
    assert window.record_button.button.text() == "Record"


def test_no_frames_are_taken_while_the_encoder_gets_ready_and_stopping_then_says_so(qtbot, window, monkeypatch):
    from playground.core import bundled_ffmpeg

    release = threading.Event()
    monkeypatch.setattr(bundled_ffmpeg, "use_bundled_ffmpeg", lambda: release.wait(30))  # a slow first unpacking
    recorder, button = window.recorder, window.record_button
    click_record(qtbot, window)
    window.play()
    qtbot.waitUntil(lambda: button.indicator.text().startswith("● Getting the video encoder ready"), timeout=WAIT_MS)
    qtbot.wait(400)  # several frame ticks while the view changes: none is taken, none dropped
    assert recorder.recording and recorder.preparing and recorder.frames == 0 and recorder.dropped == 0
    click_record(qtbot, window)
    window.pause()
    assert not recorder.recording
    assert "the video encoder was still getting ready" in window.statusBar().currentMessage()
    release.set()
    assert recorder.encoder.join(20) and recorder.encoder.done

"""Recording the window as an animated GIF or an MP4 video, while it trains.

While recording, a timer at the animation's frame rate looks whether the view recorded has been painted again
since the last frame (a new snapshot, the morph or the history replay moving, a hover ring) and, if so, grabs it
as a picture. The GUI thread only grabs; the pictures go through a queue of bounded size to a thread of their
own that converts and encodes them (core/animation.py) into a file in the temporary folder. When the encoder
falls behind, frames are dropped (and counted) rather than making the window wait. On stop the window asks
where to save, and the finished file is moved there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from ..core.animation import DEFAULT_FPS, AnimationError, AnimationWriter
from .view_frames import image_to_array

QUEUE_FRAMES = 6  # pictures waiting for the encoder; beyond, new ones are dropped (about 0.4 s at 15 a second)
ENCODER_NICENESS = 10  # Linux: how much lower the encoder's priority is (0 to 19)
JOIN_S = 10.0  # how long closing the window waits for the encoder to stop
VIEW_NAMES = {"plane": "the plane", "hidden": "the hidden space", "window": "the whole window"}
FILTERS = {".gif": "Animated GIF (*.gif)", ".mp4": "MP4 video (*.mp4)"}


def grab_painted(widget: QWidget) -> QImage:
    """What `widget` shows on screen now. Read from the window's own pixels where the platform can give them (X11,
    Windows, macOS, offscreen: about 0.3 ms for a whole window), which costs a copy instead of painting the widget
    again (10 ms for the plane, 30 ms for the whole window, measured offscreen on a busy 2-core machine); else
    (Wayland) painted again by `QWidget.grab`."""
    window = widget.window()
    handle = window.windowHandle()
    screen = handle.screen() if handle is not None else None
    if screen is not None and widget.width() > 0 and widget.height() > 0:
        corner = widget.mapTo(window, QPoint(0, 0))
        pixmap = screen.grabWindow(window.winId(), corner.x(), corner.y(), widget.width(), widget.height())
        if not pixmap.isNull() and pixmap.width() > 0:
            return pixmap.toImage()
    return widget.grab().toImage()


def _yield_to_the_window() -> None:
    """On Linux, run the calling thread (and the ffmpeg it starts, which inherits it) at a lower priority, so that
    on a busy machine the encoding waits for the window and the training rather than the other way round (the
    queue then fills, and frames are dropped and counted)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), ENCODER_NICENESS)


class BackgroundEncoder:
    """A thread that turns pictures (QImages) into one animation file. `offer` never waits: a full queue drops
    the picture. `finish` writes out what is queued and closes the file; `cancel` drops everything and removes
    it. `on_done` is called from the encoder's thread when it has stopped."""

    def __init__(self, writer: AnimationWriter, on_done, capacity: int = QUEUE_FRAMES) -> None:
        self.writer = writer
        self.capacity = capacity
        self.accepted = 0
        self.dropped = 0
        self.error: str | None = None  # why the file could not be made, for the user
        self.done = False
        self.preparing = True  # until the encoder is ready (the packaged app's first MP4 unpacks its ffmpeg)
        self._frames: deque[QImage] = deque()
        self._condition = threading.Condition()
        self._closing = False
        self._cancelled = False
        self._on_done = on_done
        self._thread = threading.Thread(target=self._run, name="animation-encoder", daemon=True)
        self._thread.start()

    @property
    def full(self) -> bool:
        """The format holds no more frames (a GIF's limit)."""
        return self.accepted >= self._limit()

    def _limit(self) -> int:
        from ..core.animation import MAX_FRAMES

        return MAX_FRAMES[self.writer.suffix]

    def offer(self, image: QImage) -> bool:
        with self._condition:
            if self._closing or self.full:
                return False
            if len(self._frames) >= self.capacity:
                self.dropped += 1
                return False
            self._frames.append(image)
            self.accepted += 1
            self._condition.notify()
            return True

    def finish(self) -> None:
        with self._condition:
            self._closing = True
            self._condition.notify()

    def cancel(self) -> None:
        with self._condition:
            self._closing = self._cancelled = True
            self._frames.clear()
            self._condition.notify()

    def join(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        _yield_to_the_window()
        try:
            self.writer.prepare()  # the packaged app's first MP4 unpacks its ffmpeg (seconds): no frames meanwhile
            self.preparing = False
            while True:
                with self._condition:
                    self._condition.wait_for(lambda: self._frames or self._closing)
                    if self._cancelled or not self._frames:
                        break
                    image = self._frames.popleft()
                self.writer.add(image_to_array(image))
            if self._cancelled:
                self.writer.discard()
            else:
                self.writer.close()
        except AnimationError as error:
            self.error = str(error)
            self.writer.discard()
        except Exception:  # a recording must never take the window down; the log keeps the details
            logging.getLogger("playground.recording").exception("encoding failed")
            self.error = "the recording could not be written (the log file says why)"
            with contextlib.suppress(Exception):
                self.writer.discard()
        finally:
            self.preparing = False
            self.done = True
            self._on_done()


class Recorder(QObject):
    """Records one of the window's views: `start`, then `stop` (which asks where to save) or `cancel`."""

    started = Signal()
    progressed = Signal()  # a frame was taken (or dropped)
    stopped = Signal()
    saved = Signal(str)  # the path the animation was saved to
    _encoded = Signal()  # emitted from the encoder's thread; delivered in the GUI thread

    def __init__(self, window, fps: float = DEFAULT_FPS) -> None:
        super().__init__(window)
        self._window = window
        self.fps = fps
        self.view = "plane"
        self.suffix = ".mp4"
        self.encoder: BackgroundEncoder | None = None
        self._target: QObject | None = None
        self._watched: list[QObject] = []
        self._dirty = False
        self._grabbing = False
        self._started_at = 0.0
        self._save_to: str | None = None  # chosen, waiting for the encoder to finish
        self.frame_timer = QTimer(self)
        self.frame_timer.timeout.connect(self._on_timer_timeout)
        self._encoded.connect(self._on_encoded)

    # ----- state --------------------------------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self.frame_timer.isActive()

    @property
    def frames(self) -> int:
        return self.encoder.accepted if self.encoder is not None else 0

    @property
    def preparing(self) -> bool:
        """Recording, but the encoder is not ready yet (the packaged app's first MP4 unpacks its ffmpeg)."""
        return self.recording and self.encoder is not None and self.encoder.preparing

    @property
    def dropped(self) -> int:
        return self.encoder.dropped if self.encoder is not None else 0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started_at if self.recording else 0.0

    def _targets(self, view: str):
        """(the widget to grab, the widgets whose painting means a new frame) for a view."""
        w = self._window
        plane, hidden = w.boundary_view, w.hidden_panel.view
        if view == "plane":
            return plane, [plane.viewport()]
        if view == "hidden":
            return hidden, [hidden.viewport()]
        return w, [plane.viewport(), hidden.viewport()]

    # ----- recording ----------------------------------------------------------------------------
    def start(self, view: str | None = None, suffix: str | None = None) -> bool:
        """Start recording `view` ("plane", "hidden" or "window") as `suffix` (".gif" or ".mp4"). False, with a
        message, when that view is not on screen."""
        if self.recording or (self.encoder is not None and not self.encoder.done):
            return False
        self.view = view or self.view
        self.suffix = suffix or self.suffix
        target, watched = self._targets(self.view)
        if not target.isVisible():
            self._say(f"{VIEW_NAMES[self.view].capitalize()} is not shown, so it cannot be recorded"
                      + (": show it with View → Hidden space (H)" if self.view == "hidden" else ""))
            return False
        handle, path = tempfile.mkstemp(prefix="playground-recording-", suffix=self.suffix)
        os.close(handle)
        writer = AnimationWriter(path, self.fps, name="the recording")
        self.encoder = BackgroundEncoder(writer, self._encoded.emit)
        self._target, self._watched = target, watched
        for widget in watched:
            widget.installEventFilter(self)
        self._save_to = None
        self._dirty = False  # frames come when the view changes: a paused, untouched view gives none
        self._started_at = time.monotonic()
        self.frame_timer.start(round(1000 / self.fps))
        self.started.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._grabbing:
            self._dirty = True
        return False

    def mark_changed(self) -> None:
        """Something recorded changed (e.g. a snapshot was shown): the next tick takes a frame."""
        self._dirty = True

    def _on_timer_timeout(self) -> None:
        if not self._dirty or self.encoder is None or not self._target.isVisible():
            return  # (a view put aside while recording gives no frames until it is back)
        if self.encoder.preparing:
            return  # frames start once the encoder is ready; the view stays marked changed until then
        self._dirty = False
        self._grabbing = True
        try:
            image = grab_painted(self._target)
        finally:
            self._grabbing = False
        self.encoder.offer(image)
        self.progressed.emit()
        if self.encoder.full:
            gif = self.suffix == ".gif"
            self._say(f"The recording stopped at {self.frames:,} frames, the most {'a GIF' if gif else 'a video'} "
                      f"holds here{'; record an MP4 for longer' if gif else ''}")
            self.stop()

    def _unwatch(self) -> None:
        self.frame_timer.stop()
        for widget in self._watched:
            widget.removeEventFilter(self)
        self._watched, self._target = [], None

    def stop(self, path: str | None = None) -> bool:
        """Stop, and save where the learner says (`path` skips the question). False when nothing is saved."""
        if not self.recording:
            return False
        self._unwatch()
        encoder = self.encoder
        self.stopped.emit()
        if encoder.accepted == 0 and encoder.preparing:
            encoder.cancel()
            self._say("Nothing was recorded: the video encoder was still getting ready (only the first time)")
            return False
        if encoder.accepted == 0:
            encoder.cancel()
            self._say("Nothing was recorded: the view did not change while recording. Press Play (or move the "
                      "morph) while recording")
            return False
        encoder.finish()  # it writes out the last frames while the learner chooses where to save
        if not path:
            path = self._window.questions.save_path("Save the recording", self._suggested_name(),
                                                    FILTERS[self.suffix])
        if not path:
            encoder.cancel()
            self._say("The recording was not saved")
            return False
        if Path(path).suffix.lower() != self.suffix:
            path += self.suffix
        self._save_to = path
        if encoder.done:
            self._on_encoded()
        return True

    def cancel(self) -> None:
        """Stop and keep nothing; waits for the encoder's thread to end (the window is closing)."""
        was_recording = self.recording
        self._unwatch()
        if self.encoder is not None:
            self.encoder.cancel()
            self.encoder.join(JOIN_S)
        self._save_to = None
        if was_recording:
            self.stopped.emit()

    def _suggested_name(self) -> str:
        name = self._window.document.name.lower().replace(" ", "-")
        return f"{name}-{self.view}{self.suffix}"

    def _on_encoded(self) -> None:
        """The encoder has stopped: move its file where the learner chose (if they have chosen yet)."""
        encoder, path = self.encoder, self._save_to
        if encoder is not None and encoder.done and encoder.error and self.recording:
            self._unwatch()  # the encoder gave up while recording (no ffmpeg could be made ready): say so now
            self.stopped.emit()
            encoder.join()
            self._window.questions.warn("Cannot record", encoder.error[:1].upper() + encoder.error[1:])
            return
        if encoder is None or not encoder.done or path is None:
            return
        self._save_to = None
        encoder.join()
        source = encoder.writer.path
        if encoder.error:
            self._window.questions.warn("Cannot save the recording", encoder.error[:1].upper() + encoder.error[1:])
            return
        try:
            shutil.move(source, path)
        except OSError as error:
            source.unlink(missing_ok=True)
            self._window.questions.warn("Cannot save the recording",
                                        f"{Path(path).name}: {error.strerror or error}")
            return
        dropped = f" ({encoder.dropped:,} frames were dropped: the computer was busy)" if encoder.dropped else ""
        self._say(f"Saved the recording to {Path(path).name}: {encoder.accepted:,} frames{dropped}")
        self.saved.emit(path)

    def _say(self, message: str) -> None:
        if message:
            self._window.statusBar().showMessage(message, 10_000)

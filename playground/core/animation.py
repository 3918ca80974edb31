"""Animations: pictures of the views, (H, W, 3) uint8 arrays, written as an animated GIF or an MP4 video.

GIF frames go through Pillow, each one reduced to its own palette of 256 colours as it comes (one byte a pixel
is kept, not three) and written at the end; MP4 frames are piped to ffmpeg as they come (imageio's ffmpeg
plugin, with the binary the imageio-ffmpeg package ships, so nothing has to be installed on the system; the
packaged app ships it compressed and unpacks it the first time: core/bundled_ffmpeg.py).
No Qt here: the pictures come from the views, made elsewhere.
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import numpy as np

FORMATS = {".gif": "animated GIF", ".mp4": "MP4 video"}
MIN_FPS, MAX_FPS = 1.0, 50.0  # a GIF counts time in hundredths of a second, and players slow faster ones down
DEFAULT_FPS = 15.0
# More than 10 minutes of video at 15 frames a second; a GIF keeps its frames in memory until it is written (a
# 600-pixel frame takes about 0.4 MB), and a longer one would be too large to share anyway.
MAX_FRAMES = {".gif": 1_000, ".mp4": 10_000}
FILL = 255  # white, where a frame smaller than the first is padded out


class AnimationError(Exception):
    """An animation that cannot be made or written; the message is meant for the user."""


def format_of(path: str | Path) -> str:
    """'.gif' or '.mp4' from the file name, or an AnimationError that says which names work."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise AnimationError(f"an animation is saved as a .gif (animated GIF) or a .mp4 (video) file, "
                             f"not {suffix or 'a file without an extension'}")
    return suffix


def check_fps(fps: float) -> float:
    if not (MIN_FPS <= fps <= MAX_FPS):  # also refuses NaN
        raise AnimationError(f"frames per second must be from {MIN_FPS:g} to {MAX_FPS:g}")
    return float(fps)


def gif_durations(count: int, fps: float) -> list[int]:
    """Each frame's time on screen in ms, in whole hundredths of a second (a GIF's unit), spread so that the
    animation lasts count / fps seconds to the nearest hundredth (15 frames a second: 70, 70, 60, 70, ...)."""
    ends = [round(100 * (i + 1) / fps) for i in range(count)]
    return [10 * (end - start) for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def fit_frame(frame: np.ndarray, height: int, width: int) -> np.ndarray:
    """The frame cut or padded (white, right and bottom) to height x width: a video keeps the size of its first
    frame even if the window is resized while it records."""
    frame = frame[:height, :width, :3]
    h, w = frame.shape[:2]
    if (h, w) != (height, width):
        frame = np.pad(frame, ((0, height - h), (0, width - w), (0, 0)), constant_values=FILL)
    return np.ascontiguousarray(frame, dtype=np.uint8)


class AnimationWriter:
    """Frames in, one file out. `add` takes frames in order; `close` finishes the file (and must be called, also
    after an error: `discard` does it and removes the half-made file). Not thread-safe: one thread uses it."""

    def __init__(self, path: str | Path, fps: float = DEFAULT_FPS, name: str | None = None) -> None:
        """`name`: the file named in messages (the one the user chose, when `path` is a file made on the way)."""
        self.path = Path(path)
        self.name = name or self.path.name
        self.suffix = format_of(self.path)
        self.fps = check_fps(fps)
        self.count = 0
        self._size: tuple[int, int] | None = None  # (height, width) of the first frame
        self._gif_frames: list = []
        self._video = None
        self._prepared = False

    @property
    def size(self) -> tuple[int, int] | None:
        """(width, height) of the frames, once the first has come."""
        return None if self._size is None else (self._size[1], self._size[0])

    @property
    def full(self) -> bool:
        return self.count >= MAX_FRAMES[self.suffix]

    def add(self, frame: np.ndarray) -> None:
        if frame.ndim != 3 or frame.shape[2] < 3 or frame.dtype != np.uint8:
            raise ValueError("a frame is an (H, W, 3) or (H, W, 4) uint8 array")
        if self.full:
            raise AnimationError(f"an {FORMATS[self.suffix]} holds at most {MAX_FRAMES[self.suffix]:,} frames here")
        if self._size is None:
            height, width = frame.shape[:2]
            if self.suffix == ".mp4":  # H.264 in yuv420p needs an even width and height
                height, width = height + height % 2, width + width % 2
            self._size = (height, width)
        frame = fit_frame(frame, *self._size)
        if self.suffix == ".gif":
            self._add_gif(frame)
        else:
            self._add_video(frame)
        self.count += 1

    def _add_gif(self, frame: np.ndarray) -> None:
        from PIL import Image

        # One palette per frame (the classes' colours shade differently as the boundary moves), no dithering:
        # the pictures are flat colours and thin lines, which dithering would only make grainy.
        image = Image.fromarray(frame, "RGB")
        self._gif_frames.append(image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE))

    def prepare(self) -> None:
        """Get the encoder ready before the first frame: for an MP4 in the packaged app, unpack its ffmpeg the
        first time (seconds; run it off the GUI thread). Does nothing for a GIF, or when it is ready already."""
        if self.suffix != ".mp4" or self._prepared:
            return
        from .bundled_ffmpeg import FfmpegError, use_bundled_ffmpeg

        try:
            use_bundled_ffmpeg()
        except FfmpegError as error:
            raise AnimationError(f"the video cannot be made: {error}") from error
        self._prepared = True

    def _add_video(self, frame: np.ndarray) -> None:
        if self._video is None:
            self.prepare()
            import imageio.v2 as imageio
            import imageio_ffmpeg  # noqa: F401 - its ffmpeg binary; named here so that installers bundle it

            try:
                self._video = imageio.get_writer(
                    self.path, format="FFMPEG", mode="I", fps=self.fps, codec="libx264", pixelformat="yuv420p",
                    quality=8, macro_block_size=2, ffmpeg_log_level="error",
                    # Players may start before the whole file is read; x264 on one thread and its faster preset
                    # leave the cores to the window and the training (the pictures are flat colours: it costs
                    # little in size).
                    output_params=["-movflags", "+faststart", "-preset", "veryfast", "-threads", "1"])
            except (OSError, RuntimeError) as error:
                raise AnimationError(f"could not start writing {self.name}: {error}") from error
        try:
            self._video.append_data(frame)
        except (OSError, RuntimeError, BrokenPipeError) as error:
            raise AnimationError(f"could not write {self.name}: {_reason(error)}") from error

    def close(self) -> None:
        """Write out what was added. No frame at all is an error: there is nothing to save."""
        if self.suffix == ".gif":
            frames, self._gif_frames = self._gif_frames, []
            if not frames:
                raise AnimationError("no frames were recorded: there is nothing to save")
            try:
                frames[0].save(self.path, format="GIF", save_all=True, append_images=frames[1:], loop=0,
                               duration=gif_durations(len(frames), self.fps), optimize=False, disposal=1)
            except OSError as error:
                raise AnimationError(f"could not write {self.name}: {_reason(error)}") from error
            return
        video, self._video = self._video, None
        if video is None:
            raise AnimationError("no frames were recorded: there is nothing to save")
        try:
            video.close()
        except (OSError, RuntimeError) as error:
            raise AnimationError(f"could not finish {self.name}: {_reason(error)}") from error

    def discard(self) -> None:
        """Stop without a file: whatever was written so far is removed."""
        self._gif_frames = []
        video, self._video = self._video, None
        if video is not None:
            with contextlib.suppress(OSError, RuntimeError):
                video.close()
        self.path.unlink(missing_ok=True)


def _reason(error: BaseException) -> str:
    """The first line of what went wrong, without a traceback."""
    text = getattr(error, "strerror", None) or str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def frames_every(steps: int, target: int = 100) -> int:
    """Steps between frames so that a run of `steps` steps gives about `target` frames (at least one step)."""
    return max(1, math.ceil(steps / target))


def training_frame_steps(steps: int, every: int) -> list[int]:
    """The steps at which a recorded run takes its frames: the start, every `every` steps, and the end."""
    marks = list(range(0, steps, every))
    return [*marks, steps]


def morph_fractions(stages: int, fps: float, seconds_per_stage: float) -> list[float]:
    """Positions of the morph (0: the input plane, 1: the layer) for its frames: the stages at `seconds_per_stage`
    each, the first and the last position included."""
    count = max(1, (stages - 1) * max(1, round(seconds_per_stage * fps)))
    return [i / count for i in range(count + 1)]

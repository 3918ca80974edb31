"""`playground record`: a training run, or the hidden space's morph, as an animated GIF or an MP4 video.

The frames are painted by the window's own views (gui/view_frames.py), offscreen, from the snapshots the
training process would send the window: a recording of a run is what the window would have shown. Every option
is checked before anything is trained; mistakes end in one line and exit status 2, as for the other commands.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from dataclasses import replace
from pathlib import Path

from .options import UsageError, number, whole

VIEWS = ("plane", "hidden", "window")
DEFAULT_SIZE = 600  # the plane's side: a video that plays well and a GIF that stays small
WINDOW_SIZE = (1280, 800)  # the whole window, by default; --size gives its width
TARGET_FRAMES = 100  # a run gives about this many frames unless --every says otherwise


def add_record_options(parser: argparse.ArgumentParser) -> None:
    from .core.animation import DEFAULT_FPS, MAX_FPS, MIN_FPS

    parser.add_argument("--out", required=True, metavar="FILE.gif|FILE.mp4",
                        help="where to write the animation: .gif for an animated GIF, .mp4 for a video")
    parser.add_argument("--view", choices=VIEWS,
                        help="what to record: the plane with the boundary (default), the hidden space (default with "
                             "--morph), or the whole window")
    parser.add_argument("--fps", type=number("--fps", MIN_FPS, MAX_FPS), default=DEFAULT_FPS, metavar="F",
                        help=f"frames per second when it plays (default {DEFAULT_FPS:g}, {MIN_FPS:g} to {MAX_FPS:g})")
    parser.add_argument("--every", type=whole("--every", 1, 10_000_000), metavar="K",
                        help=f"a frame every K training steps (default: about {TARGET_FRAMES} frames for the run)")
    parser.add_argument("--morph", action="store_true",
                        help="train first, then record the hidden space's morph: the plane carried from the input "
                             "to the hidden layer one stage at a time (the linear map, the bias, the activation)")
    parser.add_argument("--size", type=whole("--size", 64, 4096), metavar="PX",
                        help=f"side of the plane in pixels (default {DEFAULT_SIZE}; the axes add a margin), or the "
                             f"width of the whole window (default {WINDOW_SIZE[0]})")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def check_record_options(args: argparse.Namespace) -> None:
    """Mistakes that need no training to find: the file, the view, the frame count."""
    from .core.animation import MAX_FRAMES, AnimationError, format_of, frames_every

    out = args.out
    if not out.strip():
        raise UsageError("--out needs a file name, like run.gif or run.mp4")
    if Path(out).is_dir():
        raise UsageError(f"--out: {out} is a folder; name a .gif or .mp4 file")
    try:
        suffix = format_of(out)
    except AnimationError as error:
        raise UsageError(f"--out: {error}")
    folder = Path(out).parent
    if not folder.is_dir():
        raise UsageError(f"--out: the folder {folder} does not exist")
    try:  # the surest way to know a file can be written there
        with open(partial_path(out), "wb"):
            pass
        partial_path(out).unlink()
    except OSError as error:
        raise UsageError(f"--out: cannot write in the folder {folder}: {error.strerror or error}")
    if args.view is None:
        args.view = "hidden" if args.morph else "plane"
    if args.morph and args.view == "plane":
        raise UsageError("--morph shows the hidden space: use --view hidden (the default with --morph) or window")
    if args.morph and args.every is not None:
        raise UsageError("--every sets the frames of a training run; --morph records the morph after training")
    if not args.morph:
        every = args.every or frames_every(args.steps, TARGET_FRAMES)
        frames = math.ceil(args.steps / every) + 1
        if frames > MAX_FRAMES[suffix]:
            raise UsageError(f"{args.steps:,} steps with a frame every {every:,} make {frames:,} frames; a "
                             f"{suffix[1:].upper()} holds at most {MAX_FRAMES[suffix]:,} here (take a larger --every"
                             f"{' or a .mp4' if suffix == '.gif' else ''})")
        args.every = every


def partial_path(out: str | Path) -> Path:
    """Where the animation is written while it is made; renamed to `out` once it is whole, so that a run that
    fails or is stopped leaves nothing behind (and never half of an earlier file)."""
    out = Path(out)
    return out.with_name(f".{out.stem}.recording{out.suffix}")


def _trainer(scenario):
    """A trainer for the scenario, going on from its weights when it has some (as `train` does)."""
    from .core.training import Trainer

    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    if scenario.weights is not None:
        w = scenario.weights
        trainer.load_weights(w.layers, steps=w.steps, epochs=w.epochs)
    return trainer


def run_record(args: argparse.Namespace, scenario) -> int:
    from .app import _application, _ensure_platform
    from .cli import _hidden_request, _metrics_dict
    from .core.animation import AnimationError, AnimationWriter, morph_fractions, training_frame_steps
    from .core.lesson_check import train as train_steps  # in chunks, stopping where training blows up

    view = "boundary" if args.view == "plane" else args.view
    request = _hidden_request(args, scenario) if view != "boundary" else None
    if args.morph and request is None:
        raise UsageError("--morph needs a network with a hidden layer (e.g. --hidden 2)")
    _ensure_platform(headless=True)
    _application()
    from .gui.hidden_space_panel import MORPH_MS_PER_STAGE
    from .gui.view_frames import OffscreenView, in_event_loop

    out = Path(args.out)
    partial = partial_path(out)
    size = args.size or DEFAULT_SIZE
    if view == "window":
        width = args.size or WINDOW_SIZE[0]
        size = (width, round(width * WINDOW_SIZE[1] / WINDOW_SIZE[0]))
    trainer = _trainer(scenario)
    trainer.hidden_request = request
    writer = AnimationWriter(partial, args.fps, name=out.name)
    what = {}

    def record() -> None:
        painter = OffscreenView(view, scenario, trainer.dataset, size, request)
        try:
            if args.morph:
                what["steps"] = train_steps(trainer, args.steps)
                trainer.hidden_request = replace(request, morph=True)
                snapshot = trainer.snapshot()
                if snapshot.hidden is None:
                    raise UsageError(snapshot.hidden_note or "the hidden space cannot be drawn for this network")
                stages = len(snapshot.hidden.stage_names)
                what["stages"] = list(snapshot.hidden.stage_names)
                for fraction in morph_fractions(stages, args.fps, MORPH_MS_PER_STAGE / 1000):
                    writer.add(painter.frame(snapshot, fraction))
                return
            done = 0
            marks = training_frame_steps(args.steps, args.every)
            for mark in marks:
                done += train_steps(trainer, mark - done)
                writer.add(painter.frame(trainer.snapshot()))
                if done < mark:  # training blew up: its last picture ends the recording
                    break
            what["steps"] = done
        finally:
            painter.close()

    try:
        in_event_loop(record)
        writer.close()
        os.replace(partial, out)
    except AnimationError as error:
        writer.discard()
        raise UsageError(str(error))
    except BaseException:
        writer.discard()
        raise
    result = _metrics_dict(trainer, 0.0, what["steps"])
    width, height = writer.size
    seconds = writer.count / args.fps
    summary = {"out": str(out), "format": out.suffix.lower()[1:], "frames": writer.count, "width": width,
               "height": height, "fps": args.fps, "seconds": round(seconds, 3),
               "recorded": "morph" if args.morph else "training", "view": args.view}
    if args.morph:
        summary["stages"] = what["stages"]
    else:
        summary["every"] = args.every
    summary.update({k: v for k, v in result.items() if k not in ("seconds", "steps_per_second")})
    if args.json:
        print(json.dumps(summary))
        return 0
    quality = f"test R² {result['test_r2']}" if result["task"] == "fit" else \
        f"test accuracy {result['test_accuracy']}"
    subject = f"the morph through {len(what['stages'])} stages after {result['steps']:,} steps" if args.morph else \
        f"{result['steps']:,} steps, a frame every {args.every:,}"
    print(f"wrote {out}: {writer.count:,} frames of {width}x{height} pixels, {seconds:.1f} s at {args.fps:g} frames "
          f"a second ({subject}; {quality})")
    if result["message"]:
        print(result["message"])
    return 0

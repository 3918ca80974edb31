"""`playground bench` without a scenario: the standard measurement, in one run, on the TensorFlow Playground's
own workload (the spiral, 500 points, half for training, no noise, tanh, squared error, SGD at 0.03, batches of
10: 25 steps an epoch) for its two usual networks, 4,2 and six layers of 8:

- headless: training steps and epochs a second (the mean of a run before the window's and one after it), and what
  one snapshot costs, part by part;
- in the real window (offscreen, full speed, every view shown): steps and epochs a second, the share of the
  headless rate it keeps, frames painted a second and the intervals between them (median, 99th percentile);
- the cold start: from launching the app to the start-up card painted (gui/splash.py), to its window painted
  (the first stage: top bar, controls, numbers and diagram, the views' places kept), to the views painted (the
  plane, after pyqtgraph is loaded and the views are made), and to the first frame from the training process
  (training ready), each the median of a few runs, each in a fresh process (`--measure-start`);
- the device training ran on;
- how busy the computer was (bench_host.host_check_ms), how much its cores slow each other down
  (bench_host.cores_together) and, in the window, the cores the window, the training
  steps and the frames made beside them each used (bench_host.CoreWatch).

Timing belongs here, never in tests: the tests check that the numbers are there and make sense."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing.reduction import ForkingPickler

from .bench_host import HOST_CHECK_ADDITIONS, cores_together, host_check_ms
from .core.network_spec import NetworkSpec
from .core.presets import PresetSpec
from .core.scenario import Scenario
from .core.training_settings import TrainingSettings

NETWORKS = {"4,2": (4, 2), "six layers of 8": (8,) * 6}
WORKLOAD = "spiral, 500 points (250 to train on), noise 0, tanh, squared error, SGD 0.03, batch 10"
START_RUNS = 3
START_TIMEOUT_S = 120.0
MEASURE_START = "--measure-start"  # the hidden option of `playground` that runs one cold start


def tfp_scenario(hidden: tuple[int, ...]) -> Scenario:
    """The TensorFlow Playground's workload, with these hidden layers."""
    return Scenario(PresetSpec("spiral", points=500, noise=0.0, test_ratio=0.5),
                    NetworkSpec(hidden, "tanh", features=("x1", "x2")),
                    TrainingSettings("sgd", 0.03, batch_size=10, loss="mse"), speed=None)


def _epochs(steps_per_second: float | None, scenario: Scenario) -> float | None:
    if steps_per_second is None:
        return None
    dataset = scenario.dataset()
    n_train = int((~dataset.is_test).sum())
    batch = scenario.training.batch_size or n_train
    return round(steps_per_second * batch / n_train, 1)


def snapshot_parts(scenario: Scenario, repeats: int = 20) -> dict:
    """The median cost in ms of one snapshot, whole and part by part, as the training process makes it (the
    hidden-space request as the window's default: the last hidden layer), and of pickling it to send it."""
    from .core.hidden_space import HiddenRequest
    from .core.training import Trainer, decision_boundary, grid_axes

    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    trainer.hidden_request = HiddenRequest(len(scenario.network.hidden)) if scenario.network.hidden else None
    trainer.step(20)
    bounds = trainer.dataset.bounds()

    def boundary():
        grid, grid_bounds = trainer.probability_grid()
        xs, ys = grid_axes(grid_bounds, trainer.grid_size)
        decision_boundary(grid, xs, ys)

    snapshot = trainer.snapshot()
    parts = {"total": trainer.snapshot, "metrics": trainer.metrics, "boundary": boundary,
             "misclassified": trainer.misclassified, "hidden": trainer.hidden_frame,
             "network": lambda: trainer.network_picture(bounds),
             "send": lambda: ForkingPickler.dumps(snapshot)}  # (as multiprocessing's pipe pickles it)
    result = {}
    for name, part in parts.items():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            part()
            times.append(time.perf_counter() - started)
        result[name] = round(1000 * statistics.median(times), 2)
    return result


def cold_start(runs: int = START_RUNS) -> dict:
    """Launch the app `runs` times, each in a new process with its own empty home folder: the median seconds
    to the start-up card painted, to the window painted and to training ready.

    As a learner's launch: after one launch not counted (the disk cache warm, as the issue's figures ask), and
    with Python's compiled modules kept (an installed app has them; a shell with PYTHONDONTWRITEBYTECODE set would
    otherwise compile the app's hundred-odd modules at every launch, about 0.2 s)."""
    card, painted, views, ready, errors = [], [], [], [], []
    for run in range(runs + 1 if runs > 0 else 0):
        with tempfile.TemporaryDirectory(prefix="playground-bench-") as home:
            environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
            environment["PLAYGROUND_HOME"] = home
            command = [sys.executable] + ([] if getattr(sys, "frozen", False) else ["-m", "playground"])
            started = time.time()
            try:
                done = subprocess.run([*command, MEASURE_START, repr(started)], env=environment,
                                      capture_output=True, text=True, timeout=START_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                errors.append("timed out")
                continue
        if run == 0:
            continue  # the warm-up launch
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            errors.append((done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1])
            continue
        measured = json.loads(lines[-1])
        painted.append(measured["window_painted_s"])
        if measured.get("views_painted_s") is not None:
            views.append(measured["views_painted_s"])
        if measured.get("card_painted_s") is not None:
            card.append(measured["card_painted_s"])
        ready.append(measured["training_ready_s"])
    result = {"runs": len(painted),
              "card_painted_s": round(statistics.median(card), 2) if card else None,
              "window_painted_s": round(statistics.median(painted), 2) if painted else None,
              "views_painted_s": round(statistics.median(views), 2) if views else None,
              "training_ready_s": round(statistics.median(ready), 2) if ready else None}
    if errors:
        result["errors"] = errors
    return result


def run_suite(seconds: float, start_runs: int = START_RUNS) -> dict:
    """Everything above, for both networks; `seconds` of training for each rate measured."""
    from . import app
    from .cli_bench import headless_bench

    host_before = host_check_ms()  # (also the speed alone that cores together is measured against)
    result: dict = {"workload": WORKLOAD, "host_check_ms": [host_before], "cores_together": cores_together(host_before),
                    "networks": {}}
    for name, hidden in NETWORKS.items():
        scenario = tfp_scenario(hidden)
        # Headless before and after the window's run, which is measured against their mean: a shared computer's
        # load comes and goes within seconds, and one headless run beside it could land in a quiet or a busy moment.
        before = headless_bench(scenario, seconds)
        window = app.bench_gui(scenario, seconds, host_check=False)  # (the suite's own checks are around all runs)
        after = headless_bench(scenario, seconds, snapshots=False)
        result["device"] = before["device"]
        runs = [before["steps_per_second"], after["steps_per_second"]]
        headless = round(statistics.mean(runs), 1)
        share = window["steps_per_second"] / headless if window["steps_per_second"] and headless else None
        result["networks"][name] = {
            "headless_steps_per_second": headless,
            "headless_runs_steps_per_second": runs,
            "headless_epochs_per_second": _epochs(headless, scenario),
            "window_steps_per_second": window["steps_per_second"],
            "window_epochs_per_second": _epochs(window["steps_per_second"], scenario),
            "window_share_of_headless": round(share, 2) if share is not None else None,
            "frames_per_second": window["frames_per_second"],
            "frame_interval_ms_p50": window["frame_interval_ms_p50"],
            "frame_interval_ms_p99": window["frame_interval_ms_p99"],
            "cores": window["cores"],
            "snapshot_ms": snapshot_parts(scenario),
        }
    result["start"] = cold_start(start_runs)
    result["host_check_ms"].append(host_check_ms())  # (and after: a shared computer's load comes and goes)
    return result


def suite_text(result: dict) -> str:
    """The suite's result as a few readable lines."""
    lines = [f"workload: {result['workload']}", f"device: {result.get('device')}"]
    if len(result.get("host_check_ms") or ()) == 2:
        before, after = result["host_check_ms"]
        lines.append(f"host check: {before} ms before, {after} ms after ({HOST_CHECK_ADDITIONS:,} additions in "
                     f"Python: the longer they take, the busier the computer, and the lower every figure)")
    if result.get("cores_together"):
        lines.append(f"cores together: a core runs the host check at {result['cores_together']} of its speed alone "
                     f"while another core runs it too (below 1, each core slows the other down)")
    for name, n in result["networks"].items():
        parts = ", ".join(f"{k} {v}" for k, v in n["snapshot_ms"].items() if k != "total")
        runs = n.get("headless_runs_steps_per_second")
        lines += [f"{name}:",
                  f"  headless  {n['headless_steps_per_second']} steps/s, {n['headless_epochs_per_second']} epochs/s"
                  + (f" (the mean of {runs[0]} before the window's run and {runs[1]} after it)" if runs else ""),
                  f"  window    {n['window_steps_per_second']} steps/s, {n['window_epochs_per_second']} epochs/s "
                  f"({n['window_share_of_headless']} of headless)",
                  f"  frames    {n['frames_per_second']}/s, intervals p50 {n['frame_interval_ms_p50']} ms, "
                  f"p99 {n['frame_interval_ms_p99']} ms",
                  *cores_line(n.get("cores")),
                  f"  snapshot  {n['snapshot_ms']['total']} ms ({parts})"]
    start = result["start"]
    lines.append(f"start: card painted {start.get('card_painted_s')} s, window painted {start['window_painted_s']} s "
                 f"(its first stage), views painted {start.get('views_painted_s')} s, "
                 f"training ready {start['training_ready_s']} s "
                 f"(median of {start['runs']})" + (f"; failed: {start['errors']}" if start.get("errors") else ""))
    return "\n".join(lines)


def cores_line(cores: dict | None) -> list[str]:
    """The cores the window, the steps and the frames used, as a line of the text (none where not measured)."""
    if not cores:
        return []
    return [f"  cores     {cores['all']} of {os.cpu_count()}: window {cores['window']}, training steps "
            f"{cores['training_steps']}, frames beside them {cores['training_frames']}"]


def measure_start(argv: list[str]) -> int:
    """One cold start (`playground --measure-start T0`, T0 the launcher's clock when it launched this process):
    open the window as the app does, and print as JSON the seconds from T0 to its first paint (its first stage),
    to the plane's first paint (the views made), and to the first frame from the training process; then close."""
    started = float(argv[1])
    from . import app as app_module

    app_module._ensure_platform(headless=False)
    from PySide6.QtCore import QEvent, QObject, QTimer

    app, window = app_module.open_window(Scenario())
    seen: dict = {}

    class ViewsPainted(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and "views" not in seen:
                seen["views"] = time.time() - started
            return False

    watcher = ViewsPainted()

    def watch_views() -> None:
        seen["views_built"] = time.time() - started
        window.boundary_view.viewport().installEventFilter(watcher)  # (a graphics view paints there)

    window.views_built.connect(watch_views)

    def poll() -> None:
        if window.latest_snapshot is None or app_module.window_painted_at is None or "views" not in seen:
            QTimer.singleShot(5, poll)
            return
        from .gui import splash

        print(json.dumps({"card_painted_s": round(splash.painted_at - started, 3) if splash.painted_at else None,
                          "window_painted_s": round(app_module.window_painted_at - started, 3),
                          "window_cpu_s": round(app_module.window_painted_cpu, 3),
                          "views_painted_s": round(seen["views"], 3),
                          "training_ready_s": round(time.time() - started, 3)}), flush=True)
        window.close_without_asking()
        app.quit()

    QTimer.singleShot(0, poll)
    return app.exec()

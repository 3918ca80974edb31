"""`playground bench`: which measurement the options ask for, and the headless one of a scenario (the standard
suite is bench_suite.py, the window's app.bench_gui, recording's bench_record.py, the GPU's device_check.py)."""

from __future__ import annotations

import argparse
import json
import time

BENCH_OWN_OPTIONS = {"command", "seconds", "json", "gui", "record", "record_as", "start_runs", "device_check"}


def is_standard_bench(args: argparse.Namespace, defaults: dict) -> bool:
    """`playground bench` with no data, network or training option and no scenario (`defaults`: the options'
    values when none is given): the standard suite."""
    if args.gui or args.record:
        return False
    return all(value == defaults.get(name) for name, value in vars(args).items() if name not in BENCH_OWN_OPTIONS)


def headless_bench(scenario, seconds: float, snapshots: bool = True) -> dict:
    """Training steps a second without a window, and (with `snapshots`) the cost of a snapshot."""
    from .core.training import Trainer
    from .core.training_loop import CHUNK_SECONDS, MAX_CHUNK

    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    if scenario.network.hidden:  # as the window does: the last hidden layer in the hidden-space view
        from .core.hidden_space import HiddenRequest

        trainer.hidden_request = HiddenRequest(len(scenario.network.hidden))
    trainer.step(20)  # warm-up
    started = time.perf_counter()
    steps, count = 0, 20
    # In chunks as the training process runs them with nothing else to do (CHUNK_SECONDS of steps each).
    while time.perf_counter() - started < seconds and not trainer.diverged:
        chunk_started = time.perf_counter()
        ran = trainer.step(count)
        steps += ran
        if ran:
            per_step = (time.perf_counter() - chunk_started) / ran
            count = max(1, min(MAX_CHUNK, round(CHUNK_SECONDS / max(per_step, 1e-7))))
    elapsed = time.perf_counter() - started
    if not snapshots:
        return {"network": trainer.spec.describe(), "points": len(trainer.dataset), "device": trainer.device_text,
                "steps_per_second": round(steps / elapsed, 1)}
    # The snapshots the training process takes while training (a big data set through a big network: the metrics
    # estimated on a sample; a big network: coarser pictures), and, where they differ, the paused one's (every point
    # measured, every picture in full).
    times = _snapshot_times(trainer, live=True)
    live = trainer.snapshot(live=True)
    result = {"network": trainer.spec.describe(), "points": len(trainer.dataset),
              "device": trainer.device_text, "steps_per_second": round(steps / elapsed, 1),
              "grid": live.probabilities.shape[0] or trainer.grid_size,
              "snapshot_ms_median": round(1000 * times[len(times) // 2], 2),
              "snapshot_ms_max": round(1000 * times[-1], 2)}
    paused = trainer.snapshot()
    if paused.probabilities.shape != live.probabilities.shape:
        result["paused_grid"] = paused.probabilities.shape[0]
    if trainer.estimates_metrics:
        result["metrics_sample"] = live.metrics.sample_size
    if trainer.estimates_metrics or "paused_grid" in result:  # (each after a step: a paused frame of unchanged
        exact = _snapshot_times(trainer, live=False, repeats=5, step_first=True)  # weights reuses its figures)
        result["paused_snapshot_ms_median"] = round(1000 * exact[len(exact) // 2], 2)
    return result


def _snapshot_times(trainer, live: bool, repeats: int = 20, step_first: bool = False) -> list[float]:
    """Seconds each of `repeats` snapshots took (each after a step of its own, untimed, with `step_first`), sorted."""
    times = []
    for _ in range(repeats):
        if step_first:
            trainer.step(1)
        t0 = time.perf_counter()
        trainer.snapshot(live=live)
        times.append(time.perf_counter() - t0)
    return sorted(times)


def run_bench(args: argparse.Namespace, scenario, standard: bool) -> int:
    """Run the measurement the options ask for and print it (JSON with --json); the exit status."""
    if args.device_check:
        from .device_check import check_text, checks_passed, run_check

        result = run_check(args.seconds)
        print(json.dumps(result) if args.json else check_text(result))
        return 0 if checks_passed(result) else 1
    if standard:
        from .bench_suite import run_suite, suite_text

        result = run_suite(args.seconds, args.start_runs)
        print(json.dumps(result) if args.json else suite_text(result))
        return 0
    if args.record:
        from .bench_record import bench_recording

        result = bench_recording(scenario, args.seconds, args.record, "." + args.record_as)
    elif args.gui:
        from .app import bench_gui

        result = bench_gui(scenario, args.seconds)
    else:
        result = headless_bench(scenario, args.seconds)
    print(json.dumps(result) if args.json else "\n".join(f"{k:20} {v}" for k, v in result.items()))
    return 0

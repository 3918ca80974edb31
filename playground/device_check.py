"""The device check (issue 17): training steps a second on the CPU and on a CUDA GPU side by side, headless, for

- the TensorFlow Playground's workload (bench_suite.WORKLOAD) with its networks 4,2 and six layers of 8: tiny;
- four layers of 64 on 2,000 spiral points, at batches of 100 and of 400: just below and above the device
  policy's threshold (device_policy.py), to confirm or move it;
- ten layers of 64 (the widest network the window builds) and ten layers of 256 (the issue's big case, wider than
  the window allows: the check lifts that limit in its own process) on 100,000 spiral points in batches of 1,000.

For each: the multiply-adds of one step against the threshold, where the policy trains when CUDA is chosen, the
rate on the CPU and on CUDA (each forced), and, where the policy keeps the network off the GPU, the rate of a
trainer that chose CUDA (what the app does). The CPU runs on the training process's one thread, as in the app.
Checks: a tiny network chosen onto CUDA is not slower than on the CPU; the big case is faster on CUDA than on the
CPU; the policy picks the faster device (or one within 20% of it). With no CUDA GPU here, the CUDA figures and
checks are null and the note says the GPU figures are still to be measured.

Run: `python -m playground.device_check [--seconds S] [--json FILE]` (packaging/gpu_check.sh on a GPU machine), or
`playground bench --device-check [--seconds S] [--json]`.
It needs torch and NumPy only (no Qt). Prints a short table, then the result as one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from dataclasses import replace

import torch

from .bench_suite import tfp_scenario
from .core import network_spec
from .core.device_policy import GPU_WORTH_PER_LAYER, place, step_work
from .core.network_spec import NetworkSpec
from .core.presets import PresetSpec
from .core.scenario import Scenario
from .core.training_settings import TrainingSettings

NO_GPU = "no CUDA GPU here: the GPU figures are still to be measured"
TINY = ("4,2", "six layers of 8")
BIG = "ten layers of 256 on 100,000 points"
NEAR = 0.8  # a device within 20% of the faster one is as good a choice
CHUNK_SECONDS = 0.02  # the steps of one timed call take about this long (at most MAX_CHUNK steps)
MAX_CHUNK = 200


@contextlib.contextmanager
def wider_layers(width: int = 256):
    """Lets a NetworkSpec have layers up to `width` neurons (the window allows network_spec.MAX_WIDTH)."""
    before = network_spec.MAX_WIDTH
    network_spec.MAX_WIDTH = max(before, width)
    try:
        yield
    finally:
        network_spec.MAX_WIDTH = before


def _sgd(batch: int) -> TrainingSettings:
    return TrainingSettings("sgd", 0.03, batch_size=batch, loss="mse")


def _case(points: int, hidden: tuple[int, ...], batch: int) -> Scenario:
    return Scenario(PresetSpec("spiral", points=points, noise=0.0, test_ratio=0.5),
                    NetworkSpec(hidden, "tanh", features=("x1", "x2")), _sgd(batch), speed=None)


def cases() -> dict[str, Scenario]:
    """The workloads measured, by name (see the module's docstring). A Trainer of the widest needs wider_layers()
    around it too (it fits the network to the data anew)."""
    with wider_layers():
        return {"4,2": tfp_scenario((4, 2)), "six layers of 8": tfp_scenario((8,) * 6),
                "four layers of 64, batch 100": _case(2_000, (64,) * 4, 100),
                "four layers of 64, batch 400": _case(2_000, (64,) * 4, 400),
                "ten layers of 64 on 100,000 points": _case(100_000, (64,) * 10, 1_000),
                BIG: _case(100_000, (256,) * 10, 1_000)}


def steps_per_second(dataset, scenario: Scenario, device: str, seconds: float, follow_policy: bool) -> dict:
    """Headless training steps a second on `device` (`follow_policy`: as the app trains, else forced there):
    warmed up first (TorchScript optimises its kernel over the first calls), then timed in calls of about
    CHUNK_SECONDS each, the GPU's queue emptied before each clock reading."""
    from .core.training import Trainer

    trainer = Trainer(dataset, scenario.network, replace(scenario.training, device=device),
                      follow_policy=follow_policy)
    sync = torch.cuda.synchronize if trainer.device.type == "cuda" else (lambda: None)

    def timed(count: int) -> tuple[int, float]:
        started = time.perf_counter()
        ran = trainer.step(count)
        sync()
        return ran, time.perf_counter() - started

    chunk, calls, warm = 1, 0, 0.0
    while calls < 3 or (warm < min(1.0, seconds / 2) and not trainer.diverged):
        ran, took = timed(chunk)
        calls, warm = calls + 1, warm + took
        if took < CHUNK_SECONDS and chunk < MAX_CHUNK:
            chunk = min(2 * chunk, MAX_CHUNK)
    timed(chunk)  # (the last size of call, warmed up too)
    steps, elapsed = 0, 0.0
    while (elapsed < seconds or steps == 0) and not trainer.diverged:
        ran, took = timed(chunk)
        if ran == 0:
            break
        steps, elapsed = steps + ran, elapsed + took
    return {"steps_per_second": round(steps / elapsed, 1) if steps and elapsed > 0 else None,
            "device": trainer.device_text, "diverged": trainer.diverged}


def run_check(seconds: float = 3.0, names: tuple[str, ...] | None = None) -> dict:
    """Every case (or those named) on the CPU and, where there is one, on CUDA; see the module's docstring."""
    cuda = torch.cuda.is_available()
    result: dict = {
        "torch": torch.__version__, "cuda": torch.version.cuda,
        "gpu": torch.cuda.get_device_name(0) if cuda else None, "cpu_threads": torch.get_num_threads(),
        "seconds_each": seconds, "threshold_multiply_adds_per_layer": GPU_WORTH_PER_LAYER,
        "note": "" if cuda else NO_GPU, "cases": {}}
    with wider_layers():
        for name, scenario in cases().items():
            if names is not None and name not in names:
                continue
            dataset = scenario.dataset()
            spec = scenario.network.for_data(dataset)
            work = step_work(spec, int((~dataset.is_test).sum()), scenario.training.batch_size)
            chosen = place(torch.device("cuda"), work).device.type
            case = {"network": spec.describe(), "points": len(dataset), "batch": work.batch,
                    "multiply_adds_per_step": work.multiply_adds(), "weight_layers": work.layers,
                    "work_per_threshold": round(work.multiply_adds() / (GPU_WORTH_PER_LAYER * work.layers), 4),
                    "policy_trains_on": chosen}
            cpu = steps_per_second(dataset, scenario, "cpu", seconds, follow_policy=False)
            case["cpu_steps_per_second"] = cpu["steps_per_second"]
            case["cuda_steps_per_second"] = case["app_steps_per_second"] = case["app_device"] = None
            if cuda:
                gpu = steps_per_second(dataset, scenario, "cuda", seconds, follow_policy=False)
                case["cuda_steps_per_second"] = gpu["steps_per_second"]
                app = gpu if chosen == "cuda" else steps_per_second(dataset, scenario, "cuda", seconds, True)
                case["app_steps_per_second"], case["app_device"] = app["steps_per_second"], app["device"]
            case["diverged"] = cpu["diverged"]
            case["policy_picks_the_faster"] = _picks_faster(case)
            result["cases"][name] = case
    result["checks"] = _checks(result["cases"]) if cuda else \
        {"tiny_not_slower_on_cuda": None, "big_faster_on_cuda": None, "policy_picks_the_faster": None}
    return result


def _picks_faster(case: dict) -> bool | None:
    cpu, gpu = case["cpu_steps_per_second"], case["cuda_steps_per_second"]
    if not cpu or not gpu:
        return None
    picked, other = (gpu, cpu) if case["policy_trains_on"] == "cuda" else (cpu, gpu)
    return picked >= NEAR * other


def _checks(found: dict) -> dict:
    tiny = [found[name] for name in TINY if name in found]
    big = found.get(BIG)
    agree = [case["policy_picks_the_faster"] for case in found.values()]
    return {"tiny_not_slower_on_cuda": all(c["app_steps_per_second"] and c["cpu_steps_per_second"] and
                                           c["app_steps_per_second"] >= NEAR * c["cpu_steps_per_second"]
                                           for c in tiny) if tiny else None,
            "big_faster_on_cuda": None if big is None or not big["cuda_steps_per_second"] else
            big["cuda_steps_per_second"] > (big["cpu_steps_per_second"] or 0),
            "policy_picks_the_faster": None if None in agree else all(agree)}


def checks_passed(result: dict) -> bool:
    """No check failed (those without a GPU to measure on are None, and count as not failed)."""
    return all(value is not False for value in result["checks"].values())


def check_text(result: dict) -> str:
    """The result as a short table."""
    def rate(value) -> str:
        return "-" if value is None else f"{value:,.0f}"

    lines = [f"torch {result['torch']}, GPU: {result['gpu'] or 'none'}, CPU on {result['cpu_threads']} thread(s), "
             f"{result['seconds_each']} s a measurement",
             f"{'case':38} {'work/threshold':>14} {'policy':>6} {'CPU steps/s':>12} {'CUDA steps/s':>13} "
             f"{'app steps/s':>12}"]
    for name, case in result["cases"].items():
        lines.append(f"{name:38} {case['work_per_threshold']:>14.4g} {case['policy_trains_on']:>6} "
                     f"{rate(case['cpu_steps_per_second']):>12} {rate(case['cuda_steps_per_second']):>13} "
                     f"{rate(case['app_steps_per_second']):>12}")
    lines.append("checks: " + ", ".join(f"{k} {v}" for k, v in result["checks"].items()))
    if result["note"]:
        lines.append(result["note"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.device_check", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds of timed training per measurement")
    parser.add_argument("--json", metavar="FILE", help="also write the result to FILE")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # as the training process (training_loop.py)
    result = run_check(args.seconds)
    print(check_text(result))
    text = json.dumps(result)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            file.write(text + "\n")
    print(text, flush=True)
    return 0 if checks_passed(result) else 1


if __name__ == "__main__":
    sys.exit(main())

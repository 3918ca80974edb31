"""The device check (packaging/gpu_check.sh, playground/device_check.py) runs here too, with no GPU: the CPU figures
are measured, the CUDA ones are null with a note that they are still to be measured, and where the device policy
would train each case is as its work says. Its checks are tried on made-up figures, as a GPU machine would give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from playground import device_check
from playground.core.device_policy import GPU_WORTH_PER_LAYER
from playground.core.network import build_module

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[subprocess.CompletedProcess, dict]:
    out = tmp_path_factory.mktemp("gpu-check")
    environment = {**os.environ, "OUT": str(out), "PYTHON": sys.executable, "GPU_CHECK_SECONDS": "0.01"}
    done = subprocess.run(["bash", str(ROOT / "packaging" / "gpu_check.sh")], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=600)
    return done, json.loads((out / "gpu_check.json").read_text())


def test_the_script_runs_the_check_and_the_cuda_tests(checked):
    done, result = checked
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    last = [line for line in done.stdout.splitlines() if line.startswith("{")][-1]
    assert json.loads(last) == result  # the JSON printed is the JSON written
    assert "test_on_cuda_the_fast_path_gives_autograds_weights" in done.stdout
    assert "test_on_cuda_moving_between_the_gpu_and_the_cpu" in done.stdout
    assert "gpu_check: passed" in done.stdout


def test_each_case_has_its_cpu_rate_and_where_the_policy_trains_it(checked):
    _, result = checked
    assert set(result["cases"]) == set(device_check.cases())
    assert result["threshold_multiply_adds_per_layer"] == GPU_WORTH_PER_LAYER
    with device_check.wider_layers():
        scenarios = {name: scenario for name, scenario in device_check.cases().items()}
        for name, case in result["cases"].items():
            dataset = scenarios[name].dataset()
            spec = scenarios[name].network.for_data(dataset)
            n_train = int((~dataset.is_test).sum())
            batch = min(scenarios[name].training.batch_size, n_train)
            # a step: the batch through every weight and bias once forward and twice backward
            work = 3 * batch * sum(p.numel() for p in build_module(spec).parameters())
            layers = len(spec.hidden) + 1
            assert case["batch"] == batch and case["multiply_adds_per_step"] == work, name
            assert case["policy_trains_on"] == ("cuda" if work >= GPU_WORTH_PER_LAYER * layers else "cpu"), name
            assert isinstance(case["cpu_steps_per_second"], float) and case["cpu_steps_per_second"] > 0, name
            assert case["diverged"] is False
    cases = result["cases"]
    assert cases["4,2"]["policy_trains_on"] == cases["six layers of 8"]["policy_trains_on"] == "cpu"
    assert cases[device_check.BIG]["policy_trains_on"] == "cuda"
    assert cases[device_check.BIG]["network"] == "2-" + "256-" * 10 + "1 tanh"
    assert cases[device_check.BIG]["points"] == 100_000


@pytest.mark.skipif(torch.cuda.is_available(), reason="here with no GPU")
def test_without_a_gpu_the_cuda_figures_are_still_to_be_measured(checked):
    _, result = checked
    assert result["gpu"] is None and result["note"] == device_check.NO_GPU
    assert all(case[key] is None for case in result["cases"].values()
               for key in ("cuda_steps_per_second", "app_steps_per_second", "policy_picks_the_faster"))
    assert result["checks"] == {"tiny_not_slower_on_cuda": None, "big_faster_on_cuda": None,
                                "policy_picks_the_faster": None}
    assert device_check.NO_GPU in device_check.check_text(result)


def case(policy: str, cpu: float, cuda: float, app: float | None = None) -> dict:
    found = {"work_per_threshold": 1.0, "policy_trains_on": policy, "cpu_steps_per_second": cpu,
             "cuda_steps_per_second": cuda,
             "app_steps_per_second": app if app is not None else (cuda if policy == "cuda" else cpu)}
    found["policy_picks_the_faster"] = device_check._picks_faster(found)
    return found


def test_the_checks_on_a_gpu_machines_figures():
    good = {"4,2": case("cpu", 20_000, 3_000), "six layers of 8": case("cpu", 10_000, 2_000, app=9_500),
            device_check.BIG: case("cuda", 15, 900)}
    assert device_check._checks(good) == {"tiny_not_slower_on_cuda": True, "big_faster_on_cuda": True,
                                          "policy_picks_the_faster": True}
    slow_tiny = {**good, "4,2": case("cpu", 20_000, 3_000, app=3_000)}  # the app trained it on the GPU after all
    assert device_check._checks(slow_tiny)["tiny_not_slower_on_cuda"] is False
    slow_big = {**good, device_check.BIG: case("cuda", 15, 10)}
    checks = device_check._checks(slow_big)
    assert checks["big_faster_on_cuda"] is False and checks["policy_picks_the_faster"] is False
    # a case near the threshold the policy put on the CPU, 10% slower there than on the GPU: as good a choice
    near = {**good, "near": case("cpu", 900, 1_000)}
    assert device_check._checks(near)["policy_picks_the_faster"] is True
    wrong = {**good, "near": case("cpu", 500, 1_000)}
    assert device_check._checks(wrong)["policy_picks_the_faster"] is False


# ----- playground bench --device-check ------------------------------------------------------------------
@pytest.fixture
def canned(monkeypatch) -> dict:
    """run_check replaced by one that answers at once with a made-up GPU machine's result (kept in `canned`)."""
    result = {"torch": "2", "cuda": "13", "gpu": "Pretend GPU", "cpu_threads": 1, "seconds_each": 0.1,
              "threshold_multiply_adds_per_layer": GPU_WORTH_PER_LAYER, "note": "",
              "cases": {"4,2": case("cpu", 20_000, 3_000)}, "checks": {}}

    def run_check(seconds: float) -> dict:
        result["seconds_each"] = seconds
        result["checks"] = device_check._checks(result["cases"])
        return result

    monkeypatch.setattr(device_check, "run_check", run_check)
    return result


def test_playground_bench_device_check_prints_the_check(capsys, canned):
    from playground import cli

    assert cli.main(["bench", "--device-check", "--json", "--seconds", "0.5"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == canned and printed["seconds_each"] == 0.5
    assert cli.main(["bench", "--device-check"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("torch 2, GPU: Pretend GPU") and "tiny_not_slower_on_cuda True" in text
    canned["cases"]["4,2"] = case("cpu", 20_000, 3_000, app=3_000)  # the tiny network went to the GPU after all
    assert cli.main(["bench", "--device-check", "--json"]) == 1


def test_playground_bench_device_check_takes_no_workload_options(capsys, canned):
    from playground import cli

    for extra in (["--hidden", "4"], ["--preset", "xor"], ["--gui"], ["--lr", "0.1"]):
        assert cli.main(["bench", "--device-check", *extra]) == 2
        err = capsys.readouterr().err
        assert err.startswith("playground: error: --device-check measures its own networks and data"), err

"""Fuzzing the command line with hypothesis: random command lines made of the real options (read from the parsers)
with random values, files good and bad. `cli.main` returns 0 or 2 and never raises; a refusal is one line,
`playground: error: ...`, and nothing warns. Training is cut to 0 steps and pictures, benchmarks and the window
are replaced by stand-ins, so each example takes milliseconds.

CI runs a fixed set of examples (derandomized); PLAYGROUND_FUZZ_EXAMPLES=N runs N fresh random ones.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground import app, bench_suite, cli, cli_bench
from playground.core.csv_io import write_csv
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.scenario import Scenario, save_scenario

LONG_RUN = int(os.environ.get("PLAYGROUND_FUZZ_EXAMPLES", "0"))
# Python's words, and NaN or infinity as a number shows them ("not nan"); a label the user named "nan" may be echoed
PYTHON_WORDS = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception)\b|\bnot -?(nan|inf)\b")
COUNT = {"command lines": 0}


def options_of(parser: argparse.ArgumentParser) -> dict[str, bool]:
    """Option name -> whether it takes a value, as the parser defines them."""
    return {name: action.nargs != 0 for action in parser._actions for name in action.option_strings}


SUBPARSERS = next(a for a in cli._build_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
OPTIONS = {None: options_of(cli._gui_parser())} | {name: options_of(p) for name, p in SUBPARSERS.items()}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, list[str]]:
    tmp = tmp_path_factory.mktemp("cli-fuzz")
    save_scenario(Scenario(PresetSpec("xor", points=50), NetworkSpec(hidden=(3,))), tmp / "good.playground.json")
    write_csv(generate(PresetSpec("circle", points=30)), tmp / "good.csv")
    (tmp / "broken.playground.json").write_text('{"format": "neural-playground-scenario",,}', encoding="utf-8")
    (tmp / "broken.csv").write_text("x,y,label\n1,2,a\n3,four,b\n", encoding="utf-8")
    (tmp / "binary.bin").write_bytes(bytes(range(256)))
    (tmp / "folder.png").mkdir()
    common = [str(tmp / "binary.bin"), str(tmp / "missing.json"), str(tmp), ""]
    return {
        "--scenario": [str(tmp / "good.playground.json"), str(tmp / "broken.playground.json"), str(tmp / "good.csv"),
                       *common],
        "--csv": [str(tmp / "good.csv"), str(tmp / "broken.csv"), str(tmp / "good.playground.json"), *common],
        "--out": [str(tmp / "x.png"), str(tmp / "x.py"), str(tmp / "x.jpg"), str(tmp / "missing" / "x.png"),
                  str(tmp / "folder.png"), *common],
    }


@pytest.fixture(scope="module")
def stand_ins():
    real_train = cli._train

    def train_nothing(scenario, steps, history=None):
        return real_train(scenario, 0, history)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "_train", train_nothing)
        patch.setattr(cli_bench, "headless_bench", lambda scenario, seconds: {"steps_per_second": 1.0})
        patch.setattr(bench_suite, "run_suite", lambda seconds, runs: {
            "workload": "", "device": "CPU", "networks": {},
            "start": {"runs": 0, "window_painted_s": None, "training_ready_s": None}})
        patch.setattr(app, "bench_gui", lambda scenario, seconds: {"frames_per_second": 1.0})
        patch.setattr(app, "run_gui", lambda scenario: 0)
        for name in ("render_boundary_png", "render_hidden_png", "render_window_png"):
            patch.setattr(app, name, lambda *args, **kwargs: None)
        yield


NUMBERS = st.sampled_from(["0", "1", "2", "3", "-1", "0.5", "1.5", "10", "64", "65", "600", "601", "0.1", "1e300",
                           "-1e300", "1e400", "nan", "NaN", "inf", "-inf", "1e6", str(10**12), str(2**32), str(2**64),
                           "9" * 5000, "", " ", "abc", "8,8", "3,4", "1,2,3", "tanh", "relu,tanh", "x1,x2", "x1sq",
                           "adam", "mse", "l2", "fit", "classify", "xor", "wave", "cpu", "auto", "hidden", "window",
                           "affine", "a\nb", "\x1b[0m", "é"])


@st.composite
def command_line(draw, files: dict[str, list[str]]) -> list[str]:
    command = draw(st.sampled_from([None, "train", "snapshot", "bench", "export-script"]))
    argv = [] if command is None else [command]
    names = sorted(OPTIONS[command])
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from(names))
        argv.append(name)
        if not OPTIONS[command][name] and draw(st.integers(0, 9)) > 0:
            continue  # a flag; now and then it gets a value all the same
        if name in files and draw(st.booleans()):
            argv.append(draw(st.sampled_from(files[name])))
        else:
            argv.append(draw(NUMBERS | st.text(max_size=6)))
    if command in (None, "export-script") and draw(st.integers(0, 4)) == 0:
        argv.append(draw(st.sampled_from([*files["--scenario"], "trian", "bench2"])))
    if command in ("snapshot", "train", "export-script") and "--steps" not in argv and draw(st.booleans()):
        argv += ["--steps", "0"]
    if command in ("snapshot", "export-script") and "--out" not in argv and draw(st.integers(0, 4)) > 0:
        argv += ["--out", files["--out"][0 if command == "snapshot" else 1]]
    return argv


@settings(max_examples=LONG_RUN or 150, derandomize=not LONG_RUN, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_command_lines_end_in_0_or_one_line_and_2(files, stand_ins, data):
    argv = data.draw(command_line(files), label="argv")
    COUNT["command lines"] += 1
    out, err = io.StringIO(), io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        warnings.simplefilter("error")
        status = cli.main(argv)
    assert status in (0, 2), (argv, status)
    if status == 2:
        lines = err.getvalue().splitlines()
        assert len(lines) == 1, (argv, err.getvalue())
        assert lines[0].startswith("playground: error: "), lines
        assert not PYTHON_WORDS.search(lines[0].removeprefix("playground: error: ")), lines
        assert out.getvalue() == ""
    else:
        assert err.getvalue() == "", (argv, err.getvalue())


def test_the_fuzzer_knows_every_option():
    assert {"--steps", "--out", "--size", "--layer", "--dims", "--neurons", "--view", "--stage"} <= set(
        OPTIONS["snapshot"])
    assert {"--seconds", "--gui", "--json"} <= set(OPTIONS["bench"])
    for command in (None, "train", "snapshot", "bench"):  # the lesson commands take none of the data options
        assert {"--scenario", "--csv", "--points", "--noise", "--test-ratio", "--seed", "--hidden", "--lr",
                "--batch-size", "--reg-rate", "--device"} <= set(OPTIONS[command])


def teardown_module() -> None:
    if LONG_RUN:
        print(f"\nfuzzed {COUNT['command lines']:,} command lines")


"""Absurd option values on the command line, in this process: each one gives one line, `playground: error: ...`,
naming the option, and exit status 2, before any training, window or picture is started."""

from __future__ import annotations

import re

import pytest

from playground import app, bench_suite, cli, cli_bench
from playground.core.presets import MAX_POINTS

HUGE = "9" * 5000  # more digits than Python turns into a whole number


class ReachedWorkError(Exception):
    """Raised by the stand-ins below: the command got past its checks to real work."""


@pytest.fixture
def no_work(monkeypatch):
    """Training, benchmarks, the window and pictures replaced by stand-ins that raise ReachedWorkError."""
    def reached(*args, **kwargs):
        raise ReachedWorkError

    for module, name in ((cli, "_train"), (cli_bench, "headless_bench"), (bench_suite, "run_suite"), (app, "run_gui"),
                         (app, "bench_gui"),
                         (app, "render_boundary_png"), (app, "render_hidden_png"), (app, "render_window_png")):
        monkeypatch.setattr(module, name, reached)


def error_line(capsys, argv: list[str]) -> str:
    """The one line a refused command prints (and checks that it is one line, with status 2)."""
    status = cli.main(argv)
    out, err = capsys.readouterr()
    assert status == 2, (argv, out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("playground: error: ")
    message = lines[0].removeprefix("playground: error: ")
    assert not re.search(r"\b(nan|inf|infinity|Traceback|Error)\b", message, re.IGNORECASE), message
    assert "argument " not in message and "invalid int" not in message and "invalid float" not in message
    assert len(message) < 300, message
    return message


OUT = ["--out", "picture.png"]
CASES = [
    # (argv, the words the message must hold)
    (["train", "--steps", str(10**12)], "--steps must be a whole number from 0 to 10,000,000"),
    (["train", "--steps", "-5"], "--steps"),
    (["train", "--steps", "1e6"], "--steps must be a whole number"),
    (["train", "--steps", HUGE], "--steps"),
    (["train", "--steps", "nan"], "--steps"),
    (["snapshot", *OUT, "--steps", str(10**8)], "10,000,000"),
    (["train", "--points", "1"], f"--points must be a whole number from 2 to {MAX_POINTS:,}"),
    (["train", "--points", "-1"], "--points"),
    (["train", "--points", str(10**12)], "--points"),
    (["train", "--points", HUGE], "--points"),
    (["train", "--points", "2.5"], "--points"),
    (["train", "--noise", "nan"], "--noise must be a number from 0 to 1"),
    (["train", "--noise=-inf"], "--noise must be a number from 0 to 1"),
    (["train", "--noise", "1e300"], "--noise"),
    (["train", "--noise", "-0.5"], "--noise"),
    (["train", "--noise", "-inf"], "--noise needs a value"),
    (["train", "--test-ratio", "nan"], "--test-ratio must be a number at least 0 and below 1"),
    (["train", "--test-ratio", "1"], "--test-ratio"),
    (["train", "--test-ratio", "inf"], "--test-ratio"),
    (["train", "--test-ratio", "-1e300"], "--test-ratio"),
    (["train", "--seed", "-1"], "--seed must be a whole number from 0 to 4,294,967,295"),
    (["train", "--seed", str(2**64)], "--seed"),
    (["train", "--seed", HUGE], "--seed"),
    (["train", "--seed", "1.5"], "--seed"),
    (["train", "--lr", "nan"], "--lr (the learning rate) must be a number above 0 and at most 10"),
    (["train", "--lr", "inf"], "--lr"),
    (["train", "--lr", "0"], "--lr"),
    (["train", "--lr", "-1"], "learning rate"),
    (["train", "--lr", "1e300"], "--lr"),
    (["train", "--lr", "1e400"], "--lr"),
    (["train", "--batch-size", "-1"], f"--batch-size must be a whole number from 0 (all points) to {MAX_POINTS:,}"),
    (["train", "--batch-size", str(10**30)], "--batch-size"),
    (["train", "--batch-size", "nan"], "--batch-size"),
    (["train", "--reg-rate", "nan"], "--reg-rate must be a number from 0 to 1"),
    (["train", "--reg-rate", "-1"], "--reg-rate"),
    (["train", "--reg-rate", "inf"], "--reg-rate"),
    (["snapshot", *OUT, "--size", "0"], "--size must be a whole number from 64 to 4,096"),
    (["snapshot", *OUT, "--size", str(10**12)], "--size"),
    (["snapshot", *OUT, "--size", "nan"], "--size"),
    (["snapshot", *OUT, "--layer", "0"], "--layer must be a whole number from 1 to 10"),
    (["snapshot", *OUT, "--layer", HUGE], "--layer"),
    (["snapshot", *OUT, "--layer", "-1"], "--layer"),
    (["snapshot", *OUT, "--dims", "4"], "--dims must be a whole number from 2 to 3"),
    (["bench", "--seconds", "nan"], "--seconds must be a number from 0.1 to 600"),
    (["bench", "--seconds", "inf"], "--seconds"),
    (["bench", "--seconds", "1e300"], "--seconds"),
    (["bench", "--seconds", "0"], "--seconds"),
    (["bench", "--seconds", "-1"], "--seconds"),
    (["train", "--hidden", HUGE], "--hidden takes neuron counts"),
    (["train", "--hidden", "8,x"], "8,x"),
    (["train", "--hidden", "-8"], "--hidden"),
    (["train", "--hidden", "100"], "--hidden: a hidden layer needs 1 to 64 neurons"),
    (["train", "--hidden", ",".join(["8"] * 11)], "--hidden: at most 10 hidden layers"),
    (["train", "--preset", "moons"], "--preset cannot be 'moons'; choose one of: rabbits-unicorns"),
    (["train", "--json=yes"], "--json takes no value"),
    (["train", "--frobnicate"], "unknown option: --frobnicate"),
    (["snapshot"], "--out is required"),
    (["snapshot", "--out", ""], "--out needs a file name, like picture.png"),
    # the window's command line shares the data, network and training options
    (["--points", "-1"], "--points"),
    (["--noise", "nan"], "--noise"),
    (["--test-ratio", "2"], "--test-ratio"),
    (["--seed", HUGE], "--seed"),
    (["--lr", "nan"], "--lr"),
    (["--batch-size", "-1"], "--batch-size"),
    (["--reg-rate", "inf"], "--reg-rate"),
    (["--hidden", "1000"], "--hidden"),
    (["--steps", "5"], "unknown option: --steps"),
]


@pytest.mark.parametrize(("argv", "words"), CASES, ids=[" ".join(argv)[:60] for argv, _ in CASES])
def test_absurd_values_give_one_plain_line_and_status_2(capsys, no_work, argv, words):
    assert words in error_line(capsys, argv)


@pytest.mark.parametrize(("argv", "expected"), [
    (["train", "--steps", "10000000", "--points", "100000", "--seed", "4294967295", "--lr", "10", "--noise", "1",
      "--test-ratio", "0", "--batch-size", "100000", "--reg-rate", "1"], None),
    (["train", "--steps", "0"], None),
    (["snapshot", "--out", "x.png", "--size", "64", "--layer", "1", "--dims", "3", "--hidden", "3"], None),
    (["snapshot", "--out", "x.png", "--size", "4096"], None),
    (["bench", "--seconds", "0.1"], None),
    (["bench", "--seconds", "600"], None),
    (["--seed", "0", "--points", "2"], None),
])
def test_the_largest_and_smallest_values_taken_reach_the_work(no_work, tmp_path, monkeypatch, argv, expected):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ReachedWorkError):
        cli.main(argv)


def test_a_typo_in_a_command_names_the_commands(capsys, no_work, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert error_line(capsys, ["trian"]) == "'trian' is neither a command (train, snapshot, record, bench, " \
                                            "export-script, lessons, lesson) nor a scenario file; did you mean train?"
    assert error_line(capsys, ["my-scenario.playground.json"]).endswith("my-scenario.playground.json: no such file")


def test_out_naming_a_folder_is_refused_before_training(capsys, no_work, tmp_path):
    folder = tmp_path / "pictures.png"
    folder.mkdir()
    message = error_line(capsys, ["snapshot", "--out", str(folder)])
    assert message == f"--out: {folder} is a folder; name a .png file"


@pytest.mark.parametrize("argv", [["--help"], ["train", "--help"], ["--version"]])
def test_help_and_version_return_0(capsys, no_work, argv):
    assert cli.main(argv) == 0
    assert capsys.readouterr().out


@pytest.mark.parametrize("value", ["a\nb", "a\u2028b", "x\x1b[31mred"])
def test_messages_stay_on_one_line_whatever_the_option_holds(capsys, no_work, value):
    message = error_line(capsys, ["train", "--activation", value])
    assert "\x1b" not in message


@pytest.mark.parametrize("option", ["--scenario", "--csv"])
def test_file_names_the_system_cannot_take_are_refused(capsys, no_work, option):
    for name in ("a\x00b", "\ud800.json", "x" * 5000):
        error_line(capsys, ["train", option, name])


def test_a_csv_file_given_as_a_scenario_and_back_points_to_the_right_option(capsys, no_work, tmp_path):
    from playground.core.csv_io import write_csv
    from playground.core.presets import PresetSpec, generate
    from playground.core.scenario import Scenario, save_scenario

    write_csv(generate(PresetSpec("xor", points=20)), tmp_path / "points.csv")
    save_scenario(Scenario(), tmp_path / "mine.playground.json")
    for argv in (["train", "--scenario", str(tmp_path / "points.csv")], [str(tmp_path / "points.csv")]):
        assert error_line(capsys, argv) == "points.csv: this is not a playground scenario file; for a CSV file of " \
                                           "points use --csv"
    message = error_line(capsys, ["train", "--csv", str(tmp_path / "mine.playground.json")])
    assert message.startswith("mine.playground.json: line 1: ")
    assert message.endswith("; for a scenario file use --scenario")

"""`playground lessons` and `playground lesson N --check --json` as a user runs them (subprocesses), and the exit
status when a check fails (in process, with a lesson made to fail)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from playground import cli_lessons
from playground.cli import main
from playground.core.lessons import lesson_from_dict, load_lessons

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
LESSONS, _ = load_lessons()


COMMANDS = {"list-json": ("lessons", "--json"), "list": ("lessons",), "check": ("lesson", "11", "--check", "--json")}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playground", *args], cwd=REPO, env=ENV, capture_output=True,
                          text=True, timeout=240, check=False)


@pytest.fixture(scope="module")
def runs():
    """The commands started together (each imports torch: seconds), their results by name."""
    with ThreadPoolExecutor(max_workers=len(COMMANDS)) as pool:
        futures = {name: pool.submit(run_cli, *args) for name, args in COMMANDS.items()}
        return {name: future.result() for name, future in futures.items()}


def test_lessons_lists_number_and_title(runs):
    listed = runs["list-json"]
    assert listed.returncode == 0, listed.stderr
    answer = json.loads(listed.stdout)
    assert answer["problems"] == []
    assert [(item["number"], item["title"], item["steps"]) for item in answer["lessons"]] == \
        [(lesson.number, lesson.title, len(lesson.steps)) for lesson in LESSONS]
    text = runs["list"]
    assert text.returncode == 0 and text.stderr == ""
    assert text.stdout.splitlines() == [f"{lesson.number:>3}. {lesson.title}" for lesson in LESSONS]


def test_lesson_check_json_prints_exactly_one_object(runs):
    lesson = next(lesson for lesson in LESSONS if lesson.number == 11)  # a quick one: a line fit
    checked = runs["check"]
    assert checked.returncode == 0, checked.stderr
    result = json.loads(checked.stdout)  # the whole output is one JSON object (json.loads refuses anything more)
    assert list(result) == ["lesson", "title", "steps"]
    assert (result["lesson"], result["title"]) == (11, lesson.title)
    assert [step["title"] for step in result["steps"]] == [step.title for step in lesson.steps]
    for step, source in zip(result["steps"], lesson.steps, strict=True):
        assert list(step) == ["title", "checked", "goal_met", "met_at_start"]
        assert step["checked"] is (source.goal is not None)
        if step["checked"]:
            assert step["goal_met"] is True and step["met_at_start"] is False


@pytest.mark.parametrize(("args", "words"), [
    (("lesson", "13", "--check", "--json"), "there is no lesson 13; the lessons are 1 to 12"),
    (("lesson", "0", "--check"), "the lesson number must be a whole number from 1 to 999, not '0'"),
    (("lesson", "three"), "the lesson number must be a whole number from 1 to 999, not 'three'"),
    (("lesson", "3", "--json"), "--json goes with --check"),
])
def test_a_lesson_that_is_not_there_is_one_line_and_status_2(args, words, capsys):
    assert main(list(args)) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and words in err


def test_lesson_n_opens_the_window_on_that_lesson(monkeypatch):
    opened = []
    monkeypatch.setattr("playground.app.run_gui", lambda scenario, lesson=None: opened.append(lesson) or 0)
    assert main(["lesson", "3"]) == 0
    assert opened == [3]


def test_a_failing_check_exits_1_after_printing_its_result(monkeypatch, capsys):
    """One neuron cannot learn XOR, so a 'solution' that only trains it misses a 90% goal."""
    failing = lesson_from_dict({
        "format": "neural-playground-lesson", "version": 1, "number": 4, "title": "Cannot", "summary": "S.",
        "steps": [{"title": "A line on XOR", "text": "Train.",
                   "scenario": {"data": {"preset": {"name": "xor", "points": 100}}, "network": {"hidden": []},
                                "training": {}},
                   "goal": {"says": "Test accuracy at least 90%", "metric": "test_accuracy", "at_least": 0.9},
                   "solution": {"steps": 100}}]})
    monkeypatch.setattr("playground.core.lessons.load_lessons", lambda: ([failing], ["x.json: a problem"]))
    assert main(["lesson", "4", "--check", "--json"]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["steps"] == [{"title": "A line on XOR", "checked": True, "goal_met": False, "met_at_start": False}]
    assert main(["lesson", "4", "--check"]) == 1
    assert "the solution does NOT meet the goal" in capsys.readouterr().out
    assert main(["lessons"]) == 0
    out, err = capsys.readouterr()
    assert out == "  4. Cannot\n" and err == "playground: warning: a lesson was left out: x.json: a problem\n"
    assert main(["lesson", "5", "--check"]) == 2
    assert "there is no lesson 5; the lessons are 4 to 4; 1 lesson file(s) could not be read" in capsys.readouterr().err
    assert cli_lessons.run_lesson_command  # the module the parser hands lesson commands to


def test_playground_with_a_lesson_file_opens_the_window_on_it(monkeypatch, tmp_path):
    from playground.core.lesson_writer import StepDraft, save_step
    from playground.core.scenario import Scenario

    lesson, _ = save_step(tmp_path, Scenario(), StepDraft("A step", "Press Play."), new_title="Handed out")
    opened = []
    monkeypatch.setattr("playground.app.run_gui",
                        lambda scenario, lesson=None, lesson_file=None: opened.append(lesson_file) or 0)
    assert main([str(lesson.source)]) == 0
    assert opened == [str(lesson.source)]

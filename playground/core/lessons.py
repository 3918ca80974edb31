"""Lessons that teach by predict, try, check: the data in assets/lessons/ (one JSON file per lesson, plus
glossary.json), read strictly, and what the lessons panel needs from them. No Qt here.

For the lessons panel:

    lessons, problems = load_lessons()          # the good lessons, by number; problems: one plain line each
    step = lessons[0].steps[0]
    step.scenario                               # a Scenario, read by scenario_from_dict: load it as File > Open does
                                                # (data, network, training, weights, speed, controls hidden/locked,
                                                # and its "view": the hidden space's layer, stage and axes)
    step.text, step.hints, step.answer          # hints and the answer only on a click
    step.prediction                             # None, or Prediction: .sketch (a prompt for the pen) or .question
                                                # with .choices (Choice: text, right, feedback) before the step runs
    step.goal                                   # None, or Goal: .says (the goal in words), .parts
    state = GoalState.from_parts(snapshot.metrics, network, settings, dataset)   # on every snapshot
    goal_met(step.goal, state)                  # True turns the goal green
    goal_progress(step.goal, state)             # (GoalPart(says, met), ...): one tick per part of the goal
    glossary, problems = load_glossary()        # {"epoch": "one or two plain sentences", ...} for tooltips

A goal is checked on the state now: one with "training steps at most 300" turns red again once the learner trains
past 300 steps (Reset starts the count again), so the panel may keep a step ticked once its goal has been met.

Headless (the command line and the tests): apply_solution(step) is the step's scenario with its solution's
changes; check_lesson(lesson) plays every step's solution and its untouched start (see lesson_check.py).

A lesson file: {"format": "neural-playground-lesson", "version": 1, "number": 1, "title": ..., "summary": ...,
"steps": [step, ...]}. A step: "title", "text", "scenario" (a scenario file's object; "format" and "version" may be
left out; what the views show is its "view"), and optionally "prediction", "goal" (see lesson_goals.py), "hints",
"answer" and "solution" (see lesson_check.py; a step with a goal must have one, so that the goal can be checked).
A file that cannot be used is left out, with its problem named (the file, the step and the field), never a crash.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assets import lessons_dir
from .dataset import DatasetError
from .files import file_problem, os_problem, shown_name
from .json_fields import CONTROL_CHARS, FieldReader, decode_text, parse_json_text, shown_value
from .lesson_check import Solution, apply_solution, check_lesson, lesson_passes, solution_from_dict
from .lesson_goals import Goal, GoalPart, GoalState, goal_from_dict, goal_met, goal_progress
from .scenario import FORMAT as SCENARIO_FORMAT
from .scenario import MAX_FILE_BYTES, Scenario, ScenarioError, scenario_from_dict
from .scenario import VERSION as SCENARIO_VERSION

__all__ = ["Choice", "Goal", "GoalPart", "GoalState", "Lesson", "LessonError", "LessonStep", "Prediction",
           "Solution", "apply_solution", "check_lesson", "goal_met", "goal_progress",
           "lesson_from_dict", "lesson_json", "lesson_passes", "load_all_lessons", "load_glossary", "load_lesson",
           "load_lessons"]

FORMAT = "neural-playground-lesson"
VERSION = 1
GLOSSARY_FORMAT = "neural-playground-glossary"
GLOSSARY_FILE = "glossary.json"
MAX_TITLE = 80
MAX_NUMBER = 999
log = logging.getLogger("playground.lessons")


class LessonError(ScenarioError):
    """A lesson file that cannot be used: the message names the file, the step and the field."""


@dataclass(frozen=True)
class Choice:
    text: str
    right: bool
    feedback: str  # shown as soon as this choice is picked


@dataclass(frozen=True)
class Prediction:
    """Asked before the step runs: a multiple-choice `question` with `choices` (exactly one right), or, when
    `sketch` is True, `question` is the prompt to sketch the boundary with the pen (the real one is overlaid
    afterwards) and `feedback` what to compare then."""

    question: str
    choices: tuple[Choice, ...] = ()
    sketch: bool = False
    feedback: str = ""


@dataclass(frozen=True, eq=False)
class LessonStep:
    title: str
    text: str  # two or three plain sentences: what to do and what to look for
    scenario: Scenario
    prediction: Prediction | None = None
    goal: Goal | None = None
    hints: tuple[str, ...] = ()
    answer: str = ""
    solution: Solution | None = None


@dataclass(frozen=True, eq=False)
class Lesson:
    number: int
    title: str
    summary: str
    steps: tuple[LessonStep, ...]
    source: Path | None = None  # the file it was read from


# ----- reading ---------------------------------------------------------------------------------------
def _text(reader: FieldReader, key: str, default: Any = ..., limit: int | None = None) -> str:
    value = reader.get(key, str, default)
    if default is ... and not value.strip():
        raise LessonError(f"'{reader.where(key)}' is empty")
    if limit is not None and len(value) > limit:
        raise LessonError(f"'{reader.where(key)}' is longer than {limit} characters")
    return value


def _texts(where: str, values: list) -> tuple[str, ...]:
    if not all(isinstance(v, str) and v.strip() and not CONTROL_CHARS.search(v) for v in values):
        raise LessonError(f"'{where}' must be a list of texts, each on one line")
    return tuple(values)


def _read_prediction(obj: Any) -> Prediction:
    reader = FieldReader(obj, "prediction")
    if "sketch" in reader.obj:
        prompt = _text(reader, "sketch")
        feedback = _text(reader, "feedback", "")
        reader.done()
        return Prediction(prompt, sketch=True, feedback=feedback)
    question = _text(reader, "question")
    items = reader.get("choices", list)
    reader.done()
    choices = []
    for i, item in enumerate(items):
        choice = FieldReader(item, f"prediction.choices[{i + 1}]")
        choices.append(Choice(_text(choice, "text"), choice.get("right", bool, False), _text(choice, "feedback")))
        choice.done()
    if not 2 <= len(choices) <= 6:
        raise LessonError(f"'prediction.choices' must offer 2 to 6 choices, not {len(choices)}")
    if sum(c.right for c in choices) != 1:
        raise LessonError("'prediction.choices': exactly one choice must be \"right\": true")
    return Prediction(question, tuple(choices))


def _read_scenario(obj: dict) -> Scenario:
    full = {"format": SCENARIO_FORMAT, "version": SCENARIO_VERSION, **obj}
    try:
        return scenario_from_dict(full)
    except (ScenarioError, DatasetError) as error:
        raise LessonError(f"scenario: {error}")


def _read_step(obj: Any) -> LessonStep:
    reader = FieldReader(obj, "")
    title = _text(reader, "title", limit=MAX_TITLE)
    text = _text(reader, "text")
    scenario = _read_scenario(reader.get("scenario", dict))
    prediction = reader.get("prediction", dict, None)
    goal = reader.get("goal", dict, None)
    hints = _texts("hints", reader.get("hints", list, []))
    answer = _text(reader, "answer", "")
    solution = reader.get("solution", dict, None)
    reader.done()
    if goal is not None and solution is None:
        raise LessonError("a step with a 'goal' needs a 'solution', so that the goal can be checked")
    return LessonStep(
        title, text, scenario,
        prediction=None if prediction is None else _read_prediction(prediction),
        goal=None if goal is None else goal_from_dict(goal, "goal", scenario.data.task),
        hints=hints, answer=answer,
        solution=None if solution is None else solution_from_dict(solution, scenario),
    )


def lesson_from_dict(obj: Any, source: Path | None = None) -> Lesson:
    """A lesson from a lesson file's object; LessonError naming the step and field if anything is off."""
    try:
        return _lesson(obj, source)
    except LessonError:
        raise
    except ScenarioError as error:  # the field reader's own messages
        raise LessonError(str(error))


def _lesson(obj: Any, source: Path | None) -> Lesson:
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise LessonError(f"this is not a lesson file ('format' should be \"{FORMAT}\")")
    reader = FieldReader(obj, "")
    reader.get("format", str)
    version = reader.get("version", int)
    if version != VERSION:
        raise LessonError(f"lesson version {version} is not supported by this version of the app (it reads "
                          f"version {VERSION})")
    number = reader.get("number", int)
    title = _text(reader, "title", limit=MAX_TITLE)
    summary = _text(reader, "summary")
    items = reader.get("steps", list)
    reader.done()
    if not 1 <= number <= MAX_NUMBER:
        raise LessonError(f"'number' must be from 1 to {MAX_NUMBER}, not {number}")
    if not items:
        raise LessonError("'steps' is empty: a lesson needs at least one step")
    steps = []
    for i, item in enumerate(items):
        try:
            steps.append(_read_step(item))
        except ScenarioError as error:
            name = item.get("title") if isinstance(item, dict) and isinstance(item.get("title"), str) else ""
            label = f" ({shown_value(name)[1:-1]})" if name and not CONTROL_CHARS.search(name) else ""
            raise LessonError(f"step {i + 1}{label}: {error}")
    return Lesson(number, title, summary, tuple(steps), source)


def _read_json(path: Path, what: str) -> Any:
    problem = file_problem(path, MAX_FILE_BYTES, what)
    if problem:
        raise LessonError(problem)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LessonError(os_problem(error))
    try:
        text = decode_text(raw)
    except ScenarioError:  # its words are about scenario files
        looks_like_json = raw.lstrip(b" \t\r\n").startswith(b"{")
        raise LessonError("the file is not UTF-8 text; save it again as UTF-8" if looks_like_json else
                          f"this is not a {what} file (it is not text)")
    if not text.lstrip(" \t\r\n").startswith("{"):
        raise LessonError(f"this is not a {what} file: it should hold one JSON object, {{ ... }}")
    return parse_json_text(text)


def load_lesson(path: str | Path) -> Lesson:
    """Read one lesson file; LessonError, starting with the file's name, if it cannot be used."""
    path = Path(path)
    try:
        return lesson_from_dict(_read_json(path, "lesson"), path)
    except ScenarioError as error:
        raise LessonError(f"{shown_name(path)}: {error}")


def load_lessons(folder: str | Path | None = None) -> tuple[list[Lesson], list[str]]:
    """Every lesson in `folder` (default: the app's own), ordered by number, and the problems with the files
    that were left out, one plain line each. Never raises for a bad file."""
    folder = Path(folder) if folder is not None else lessons_dir()
    if not folder.is_dir():
        return [], [f"the lessons folder is missing: {folder}"]
    try:
        paths = sorted(p for p in folder.glob("*.json") if p.name != GLOSSARY_FILE)
    except OSError as error:
        return [], [f"the lessons folder cannot be read: {os_problem(error)}"]
    lessons: dict[int, Lesson] = {}
    problems = []
    for path in paths:
        try:
            lesson = load_lesson(path)
        except LessonError as error:
            problems.append(str(error))
            continue
        except Exception:  # never let one file stop the app; the details go to the log
            log.exception("lesson file %s could not be read", path)
            problems.append(f"{shown_name(path)}: this lesson file could not be read")
            continue
        if lesson.number in lessons:
            first = lessons[lesson.number].source
            problems.append(f"{shown_name(path)}: lesson {lesson.number} is also in "
                            f"{shown_name(first) if first else 'another file'}; only that one is used")
            continue
        lessons[lesson.number] = lesson
    return [lessons[n] for n in sorted(lessons)], problems


def load_all_lessons(own_folder: str | Path | None) -> tuple[list[Lesson], list[str]]:
    """The app's lessons and, after them, the teacher's own from `own_folder` (File > Save as lesson step; a
    folder not made yet holds none), ordered by number; an own lesson with an app lesson's number is left out."""
    lessons, problems = load_lessons()
    if own_folder is None or not Path(own_folder).is_dir():
        return lessons, problems
    own, own_problems = load_lessons(own_folder)
    taken = {lesson.number for lesson in lessons}
    for lesson in own:
        if lesson.number in taken:
            own_problems.append(f"{shown_name(lesson.source) if lesson.source else 'a lesson'}: lesson "
                                f"{lesson.number} is one of the app's own; give yours another number")
        else:
            lessons.append(lesson)
    return sorted(lessons, key=lambda lesson: lesson.number), problems + own_problems


def load_glossary(path: str | Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The glossary, {term: one or two plain sentences} in the file's order, and its problem (if any) in a
    list: a bad glossary gives an empty one, never an error."""
    path = Path(path) if path is not None else lessons_dir() / GLOSSARY_FILE
    try:
        obj = _read_json(path, "glossary")
        if not isinstance(obj, dict) or obj.get("format") != GLOSSARY_FORMAT:
            raise LessonError(f"this is not a glossary file ('format' should be \"{GLOSSARY_FORMAT}\")")
        reader = FieldReader(obj, "")
        reader.get("format", str)
        if reader.get("version", int) != VERSION:
            raise LessonError(f"only glossary version {VERSION} can be read")
        terms = reader.get("terms", dict)
        reader.done()
        for term, meaning in terms.items():
            if not term.strip() or CONTROL_CHARS.search(term) or not isinstance(meaning, str) or not meaning.strip() \
                    or CONTROL_CHARS.search(meaning):
                raise LessonError(f"'terms': {shown_value(term)} must have a meaning in words, on one line")
        return dict(terms), []
    except ScenarioError as error:
        return {}, [f"{shown_name(path)}: {error}"]
    except Exception:
        log.exception("glossary %s could not be read", path)
        return {}, [f"{shown_name(path)}: the glossary could not be read"]


def lesson_json(lesson: Lesson) -> dict[str, Any]:
    """What `playground lessons --json` lists for a lesson."""
    return {"number": lesson.number, "title": lesson.title, "summary": lesson.summary, "steps": len(lesson.steps)}


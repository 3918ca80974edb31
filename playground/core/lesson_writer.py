"""A teacher's own lesson steps (File > Save as lesson step): the window's state now as a step's scenario, with the
teacher's title and text, and optionally a question to predict, hints, an answer and a goal. Steps go into lesson
files in the teacher's own lessons folder, written as the shipped ones are (assets/lessons/), so a lesson can be
handed out as one file; nothing here needs programming, and nothing is written that the lessons panel would
refuse (the lesson is read back from its object first).

Own lessons are numbered from FIRST_OWN_NUMBER, apart from the app's own (1 to 12, and any a later version adds)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .json_fields import decode_text, parse_json_text, readable_json
from .lessons import FORMAT, MAX_NUMBER, MAX_TITLE, VERSION, Lesson, LessonError, lesson_from_dict, load_lesson
from .scenario import Scenario, scenario_to_dict

FIRST_OWN_NUMBER = 101


@dataclass(frozen=True)
class StepDraft:
    """What the teacher wrote for a step. `choices`: (text, right, feedback) for a question to predict (one
    right); `goal_percent`: the test accuracy (R² for a curve fit) to reach, checked by training the step's
    start for `goal_steps` steps; `with_weights`: the step starts from the network as trained now."""

    title: str
    text: str
    hints: tuple[str, ...] = ()
    answer: str = ""
    question: str = ""
    choices: tuple[tuple[str, bool, str], ...] = ()
    goal_percent: float | None = None
    goal_steps: int = 500
    with_weights: bool = False


def _one_line(text: str) -> str:
    """Lesson texts are one line each: paragraphs join with a space, tabs and other invisible characters go."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).split())


def step_object(scenario: Scenario, draft: StepDraft) -> dict[str, Any]:
    """The step as a lesson file holds it."""
    if not draft.with_weights:
        scenario = replace(scenario, weights=None, history=None)
    scene = scenario_to_dict(scenario)
    del scene["format"], scene["version"]
    step: dict[str, Any] = {"title": _one_line(draft.title), "text": _one_line(draft.text), "scenario": scene}
    choices = [(_one_line(text), right, _one_line(feedback)) for text, right, feedback in draft.choices
               if _one_line(text)]
    if _one_line(draft.question) or choices:
        step["prediction"] = {"question": _one_line(draft.question), "choices": [
            {"text": text, "right": right, "feedback": feedback or ("Yes." if right else "Not this one.")}
            for text, right, feedback in choices]}
    if draft.goal_percent is not None:
        fit = scenario.dataset().is_fit
        metric, words = ("test_r2", "Test R²") if fit else ("test_accuracy", "Test accuracy")
        step["goal"] = {"says": f"{words} at least {draft.goal_percent:g}%", "metric": metric,
                        "at_least": round(draft.goal_percent / 100, 6)}
        step["solution"] = {"steps": draft.goal_steps}
    hints = [_one_line(hint) for hint in draft.hints if _one_line(hint)]
    if hints:
        step["hints"] = hints
    if _one_line(draft.answer):
        step["answer"] = _one_line(draft.answer)
    return step


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "lesson"


def next_own_number(lessons: list[Lesson]) -> int:
    taken = {lesson.number for lesson in lessons}
    number = FIRST_OWN_NUMBER
    while number in taken:
        number += 1
    if number > MAX_NUMBER:
        raise LessonError(f"there are already {MAX_NUMBER - FIRST_OWN_NUMBER + 1} lessons of your own; add the "
                          "step to one of them")
    return number


def save_step(folder: Path, scenario: Scenario, draft: StepDraft, lesson: Lesson | None = None,
              new_title: str = "", new_summary: str = "", taken: list[Lesson] | None = None) -> tuple[Lesson, int]:
    """Add the step to `lesson` (one of the teacher's own, read from its file) or to a new lesson titled
    `new_title` in `folder`, numbered after every lesson in `taken`. Returns the lesson as read back from what
    was written, and the new step's index. LessonError (in words) if the step or the file cannot be used;
    OSError if the folder cannot be written."""
    step = step_object(scenario, draft)
    if lesson is not None:
        if lesson.source is None:
            raise LessonError("this lesson has no file of its own to add a step to")
        obj = json.loads(lesson.source.read_text(encoding="utf-8"))
        obj["steps"].append(step)
        path = lesson.source
    else:
        title = _one_line(new_title)
        if not title:
            raise LessonError("give the new lesson a title")
        if len(title) > MAX_TITLE:
            raise LessonError(f"a lesson's title has at most {MAX_TITLE} characters")
        number = next_own_number(taken or [])
        obj = {"format": FORMAT, "version": VERSION, "number": number, "title": title,
               "summary": _one_line(new_summary) or title, "steps": [step]}
        path = folder / f"{number}-{_slug(title)}.json"
    written = lesson_from_dict(obj, path)  # refuses, in words, what the panel would not read
    _write(obj, path)
    return written, len(written.steps) - 1


def _write(obj: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(readable_json(obj), encoding="utf-8")
    os.replace(partial, path)  # never half a lesson file, even if the disk fills up


def is_lesson_file(path: str | Path) -> bool:
    """Whether the file says it is a lesson (a cheap look at its start, before it is read in full)."""
    try:
        with open(path, "rb") as stream:
            start = stream.read(4096)
    except OSError:
        return False
    return FORMAT.encode() in start


def import_lesson(path: str | Path, folder: Path, lessons: list[Lesson]) -> Lesson:
    """A lesson file handed out by a teacher, copied into the learner's own lessons `folder` so that it stays
    in the lessons panel; numbered anew (from FIRST_OWN_NUMBER) if its number is taken by another lesson. The
    same file opened again replaces its earlier copy. LessonError in words if it cannot be used; OSError if the
    folder cannot be written."""
    lesson = load_lesson(path)  # refuses a bad file, naming it
    obj = parse_json_text(decode_text(Path(path).read_bytes()))
    same = next((item for item in lessons if item.number == lesson.number and item.title == lesson.title
                 and item.source is not None and item.source.parent == folder), None)
    others = [item for item in lessons if item is not same]
    if any(item.number == obj["number"] for item in others):
        obj["number"] = next_own_number(others)
    target = same.source if same is not None else folder / f"{obj['number']}-{_slug(lesson.title)}.json"
    written = lesson_from_dict(obj, target)
    _write(obj, target)
    return written

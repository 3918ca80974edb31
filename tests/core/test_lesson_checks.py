"""A test per lesson: each step's solution, played through the project's own Trainer as a learner's changes would
be applied, meets the step's goal; the untouched start does not (at step 0, nor trained as long). Also that the
check can fail, and a fuzzed lesson file never gets past the loader with anything but a plain message."""

from __future__ import annotations

import copy
import json
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.core.divergence import CHECK_STEPS
from playground.core.lesson_check import check_step, goal_state, train, trainer_for
from playground.core.lessons import (
    Lesson,
    LessonError,
    check_lesson,
    goal_met,
    goal_progress,
    lesson_from_dict,
    lesson_passes,
    load_lessons,
)

LESSONS, _ = load_lessons()
PYTHON_WORDS = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception)\b|\bnot -?(nan|inf)\b")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson-{lesson.number}")
def test_every_goal_is_reached_by_its_solution_and_not_without_the_learner(lesson):
    started = time.perf_counter()
    result = check_lesson(lesson)
    assert result["lesson"] == lesson.number and result["title"] == lesson.title
    checked = [step for step in result["steps"] if step["checked"]]
    assert checked, "a lesson without a goal to check"
    for step in result["steps"]:
        assert step["goal_met"] is (True if step["checked"] else None), step
        assert step["met_at_start"] is (False if step["checked"] else None), step
    assert lesson_passes(result)
    assert time.perf_counter() - started < 60  # a few seconds on a fast machine; this guards against a runaway


def step_dict(goal: dict, solution: dict, network: dict | None = None) -> dict:
    return {"title": "Step", "text": "Do it.",
            "scenario": {"data": {"preset": {"name": "xor", "points": 200}}, "network": network or {"hidden": []},
                         "training": {"optimizer": "adam"}},
            "goal": {"says": "The goal", **goal}, "solution": solution}


def lesson_of(*steps: dict) -> Lesson:
    return lesson_from_dict({"format": "neural-playground-lesson", "version": 1, "number": 99, "title": "T",
                             "summary": "S.", "steps": list(steps)})


def test_the_check_fails_when_the_solution_falls_short_or_the_start_already_meets_the_goal():
    """XOR: one neuron (a line) gets about 3 corners of 4 right at best; 4 hidden neurons get it right."""
    lesson = lesson_of(
        step_dict({"metric": "test_accuracy", "at_least": 0.9}, {"steps": 200}),  # no change: a line cannot
        step_dict({"metric": "test_accuracy", "at_most": 0.8}, {"network": {"hidden": [4]}, "steps": 200}),
        step_dict({"metric": "test_accuracy", "at_least": 0.9}, {"network": {"hidden": [4]}, "steps": 200},
                  network={"hidden": [8]}),  # the start already learns XOR: nothing for the learner to do
        step_dict({"metric": "test_accuracy", "at_least": 0.9}, {"network": {"hidden": [4]}, "steps": 200}),
    )
    steps = check_lesson(lesson)["steps"]
    assert (steps[0]["goal_met"], steps[0]["met_at_start"]) == (False, False)
    assert (steps[1]["goal_met"], steps[1]["met_at_start"]) == (False, True)  # untrained and the line: at most 80%
    assert (steps[2]["goal_met"], steps[2]["met_at_start"]) == (True, True)
    assert (steps[3]["goal_met"], steps[3]["met_at_start"]) == (True, False)
    assert not lesson_passes(check_lesson(lesson_of(step_dict({"diverged": True}, {"steps": 10}))))


def test_a_step_without_a_goal_is_not_checked():
    step = lesson_from_dict(json.loads(json.dumps(LESSON_WITHOUT_GOAL))).steps[0]
    assert check_step(step) == {"title": "Look", "checked": False, "goal_met": None, "met_at_start": None}


LESSON_WITHOUT_GOAL = {"format": "neural-playground-lesson", "version": 1, "number": 7, "title": "T", "summary": "S.",
                       "steps": [{"title": "Look", "text": "Look.", "scenario": {
                           "data": {"preset": {"name": "gauss", "points": 20}}, "network": {"hidden": []},
                           "training": {}}}]}


def test_training_stops_at_a_divergence_and_the_goal_sees_it():
    lesson = LESSONS[5]  # learning rate: the second step's solution blows up
    step = next(s for s in lesson.steps if s.goal and "diverge" in s.goal.says.lower())
    from playground.core.lessons import apply_solution

    trainer = trainer_for(apply_solution(step))
    train(trainer, step.solution.steps)
    state = goal_state(trainer)
    assert state.diverged
    # Left to train on, it stops at the divergence, as the window does (checked every CHECK_STEPS steps at most).
    trainer = trainer_for(apply_solution(step))
    asked = step.solution.steps + 2 * CHECK_STEPS
    assert train(trainer, asked) < asked and trainer.diverged
    assert goal_met(step.goal, state) and all(part.met for part in goal_progress(step.goal, state))


# ----- fuzzing the loader ----------------------------------------------------------------------------------
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False)
                           | st.text(max_size=12), lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)
with open(LESSONS[0].source, encoding="utf-8") as stream:
    FIRST = json.load(stream)


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, (*prefix, i))


ALL_PATHS = [p for p in paths(FIRST) if p]


@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(ALL_PATHS), value=JSON_VALUES, drop=st.booleans())
def test_a_lesson_file_with_a_value_swapped_or_dropped_loads_or_says_why(where, value, drop):
    obj = copy.deepcopy(FIRST)
    parent = obj
    for key in where[:-1]:
        parent = parent[key]
    if drop and isinstance(parent, dict):
        del parent[where[-1]]
    else:
        parent[where[-1]] = value
    try:
        lesson = lesson_from_dict(obj)
    except LessonError as error:
        message = str(error)
        assert len(message.splitlines()) == 1 and not PYTHON_WORDS.search(message), message
        return
    assert isinstance(lesson, Lesson)

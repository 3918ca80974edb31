"""A teacher's own lesson steps: the state becomes a step's scenario with the teacher's words, written as the
shipped lessons are, read back by the lessons loader, and checkable with `playground lesson N --check`."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from playground.core.lesson_check import check_lesson
from playground.core.lesson_writer import (
    FIRST_OWN_NUMBER,
    StepDraft,
    import_lesson,
    is_lesson_file,
    save_step,
    step_object,
)
from playground.core.lessons import LessonError, load_all_lessons, load_lessons
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, scenario_to_dict
from playground.core.training import TrainingSettings
from playground.core.view_choice import HiddenSpaceChoice, ViewChoice

START = Scenario(PresetSpec("xor", points=200, seed=1), NetworkSpec(hidden=(4,)), TrainingSettings("adam", 0.03),
                 view=ViewChoice(HiddenSpaceChoice(layer=1, stage="affine")))
DRAFT = StepDraft(
    title="Four neurons for XOR", text="Press Play.\n\nWatch the four corners turn their colour.",
    hints=("Give it time.", "", "Four is enough."), answer="About 95%.",
    question="Will four hidden neurons learn XOR?",
    choices=(("Yes", True, "They can bend the plane enough."), ("No", False, ""), ("", False, "")),
    goal_percent=90, goal_steps=800)


def test_a_new_lesson_holds_the_state_and_the_teachers_words(tmp_path):
    lesson, index = save_step(tmp_path, START, DRAFT, new_title="My XOR", new_summary="Corners.")
    assert (lesson.number, lesson.title, lesson.summary, index) == (FIRST_OWN_NUMBER, "My XOR", "Corners.", 0)
    step = lesson.steps[0]
    assert step.title == "Four neurons for XOR"
    assert step.text == "Press Play. Watch the four corners turn their colour."  # a lesson text is one line
    assert step.hints == ("Give it time.", "Four is enough.") and step.answer == "About 95%."
    assert [(c.text, c.right) for c in step.prediction.choices] == [("Yes", True), ("No", False)]
    assert step.prediction.choices[1].feedback  # a choice left without words still says something
    assert step.goal.says == "Test accuracy at least 90%" and step.solution.steps == 800
    assert scenario_to_dict(step.scenario) == scenario_to_dict(START)  # views included
    read, problems = load_lessons(tmp_path)
    assert problems == [] and [item.number for item in read] == [FIRST_OWN_NUMBER]
    assert lesson.source == tmp_path / f"{FIRST_OWN_NUMBER}-my-xor.json"
    assert json.loads(lesson.source.read_text(encoding="utf-8"))["steps"][0]["goal"]["at_least"] == 0.9


def test_a_step_is_added_to_a_teachers_lesson_and_its_goal_can_be_checked(tmp_path):
    first, _ = save_step(tmp_path, replace(START, network=NetworkSpec(hidden=())),
                         StepDraft("One neuron", "Try one neuron first.", goal_percent=90, goal_steps=300),
                         new_title="My XOR")
    lesson, index = save_step(tmp_path, START, DRAFT, lesson=first)
    assert index == 1 and lesson.source == first.source and [s.title for s in lesson.steps] == \
        ["One neuron", "Four neurons for XOR"]
    result = check_lesson(lesson)  # what `playground lesson 101 --check` prints
    one, four = result["steps"]
    assert four["checked"] and four["goal_met"] and not four["met_at_start"]
    assert one["checked"] and not one["goal_met"]  # a line cannot do XOR: the teacher learns it from the check


def test_numbers_follow_the_lessons_there_are_and_the_apps_own_win(tmp_path):
    shipped, _ = load_lessons()
    first, _ = save_step(tmp_path, START, DRAFT, new_title="One", taken=shipped)
    lessons, _ = load_all_lessons(tmp_path)
    second, _ = save_step(tmp_path, START, DRAFT, new_title="Two", taken=lessons)
    assert (first.number, second.number) == (FIRST_OWN_NUMBER, FIRST_OWN_NUMBER + 1)
    clash = json.loads(first.source.read_text(encoding="utf-8"))
    clash["number"] = 3
    (tmp_path / "3-mine.json").write_text(json.dumps(clash), encoding="utf-8")
    lessons, problems = load_all_lessons(tmp_path)
    assert [n for n in (lesson.number for lesson in lessons) if n >= FIRST_OWN_NUMBER] == [101, 102]
    assert next(lesson for lesson in lessons if lesson.number == 3).title == shipped[2].title
    assert any("lesson 3 is one of the app's own" in problem for problem in problems)


@pytest.mark.parametrize(("draft", "title", "words"), [
    (DRAFT, "", "give the new lesson a title"),
    (replace(DRAFT, title=" "), "Mine", "'title' is empty"),
    (replace(DRAFT, choices=(("Yes", False, "a"), ("No", False, "b"))), "Mine", "exactly one choice"),
    (replace(DRAFT, goal_steps=10**6), "Mine", "'solution.steps' must be from 0 to 20,000"),
])
def test_a_step_that_could_not_be_read_is_refused_and_nothing_is_written(tmp_path, draft, title, words):
    with pytest.raises(LessonError, match=words):
        save_step(tmp_path, START, draft, new_title=title)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_is_an_os_error_and_the_lesson_file_is_kept(tmp_path):
    lesson, _ = save_step(tmp_path, START, DRAFT, new_title="Mine")
    before = lesson.source.read_bytes()
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OSError):
            save_step(tmp_path, START, DRAFT, lesson=lesson)
    finally:
        tmp_path.chmod(0o700)
    assert lesson.source.read_bytes() == before


def test_trained_weights_go_into_the_step_only_when_asked(tmp_path):
    from playground.core.trained_weights import TrainedWeights
    from playground.core.training import Trainer

    trainer = Trainer(START.dataset(), START.network, TrainingSettings(device="cpu"))
    trainer.step(5)
    trained = replace(START, weights=TrainedWeights(trainer.weights(), steps=5, epochs=5.0))
    assert "weights" not in step_object(trained, DRAFT)["scenario"]
    kept = step_object(trained, replace(DRAFT, with_weights=True))["scenario"]
    assert kept["weights"]["steps"] == 5


def test_a_handed_out_lesson_is_kept_among_the_learners_own_and_renumbered_if_taken(tmp_path):
    teacher, learner = tmp_path / "teacher", tmp_path / "learner"
    handed_out, _ = save_step(teacher, START, DRAFT, new_title="My XOR")
    lessons, _ = load_all_lessons(learner)
    kept = import_lesson(handed_out.source, learner, lessons)
    assert kept.source.parent == learner and kept.number == handed_out.number == FIRST_OWN_NUMBER
    assert [step.title for step in kept.steps] == [step.title for step in handed_out.steps]
    lessons, _ = load_all_lessons(learner)
    again = import_lesson(handed_out.source, learner, lessons)  # opened twice: one copy
    assert again.source == kept.source and len(list(learner.iterdir())) == 1
    other, _ = save_step(tmp_path / "other", START, DRAFT, new_title="Another teacher's")  # also number 101
    lessons, _ = load_all_lessons(learner)
    moved = import_lesson(other.source, learner, lessons)
    assert moved.number == FIRST_OWN_NUMBER + 1 and len(list(learner.iterdir())) == 2
    assert is_lesson_file(other.source) and not is_lesson_file(tmp_path / "none.json")


def test_a_broken_lesson_file_is_refused_by_name_and_nothing_is_kept(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "neural-playground-lesson", "version": 1, "number": 5}', encoding="utf-8")
    with pytest.raises(LessonError, match=r"^broken\.json: 'title' is missing"):
        import_lesson(bad, tmp_path / "learner", [])
    assert not (tmp_path / "learner").exists()

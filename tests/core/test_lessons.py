"""Lesson files: the shipped lessons load and cover the issue's topics; broken files are refused with the file,
step and field named while the others still load; solutions apply as a learner's changes would."""

from __future__ import annotations

import ast
import copy
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from playground.core import assets
from playground.core.lesson_check import solution_scenario, trainer_for
from playground.core.lessons import (
    GLOSSARY_FILE,
    LessonError,
    apply_solution,
    lesson_from_dict,
    load_glossary,
    load_lesson,
    load_lessons,
)
from playground.core.presets import PresetSpec
from playground.core.view_choice import HiddenSpaceChoice, ViewChoice

REPO = Path(__file__).resolve().parents[2]
LESSONS, PROBLEMS = load_lessons()
BY_NUMBER = {lesson.number: lesson for lesson in LESSONS}
GOOD = {
    "format": "neural-playground-lesson", "version": 1, "number": 50, "title": "A test lesson",
    "summary": "Two steps to test the loader.",
    "steps": [
        {"title": "Train", "text": "Press Play.",
         "scenario": {"data": {"preset": {"name": "xor", "points": 40}}, "network": {"hidden": [4]},
                      "training": {"optimizer": "adam"}, "view": {"hidden_space": {"layer": 1}}},
         "prediction": {"question": "Will it learn?", "choices": [
             {"text": "Yes", "right": True, "feedback": "It will."}, {"text": "No", "feedback": "It will."}]},
         "goal": {"says": "Test accuracy at least 90%", "metric": "test_accuracy", "at_least": 0.9},
         "hints": ["Press Play."], "answer": "It learns.", "solution": {"steps": 100}},
        {"title": "Look", "text": "Look at it.",
         "scenario": {"data": {"preset": {"name": "line"}}, "network": {"hidden": []}, "training": {}}},
    ],
}


def write(folder: Path, name: str, obj) -> Path:
    path = folder / name
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
    return path


def broken(change) -> dict:
    lesson = copy.deepcopy(GOOD)
    change(lesson)
    return lesson


# ----- the shipped lessons ---------------------------------------------------------------------------------
def test_the_shipped_lessons_all_load_numbered_1_to_12_with_2_to_4_steps():
    assert PROBLEMS == []
    assert [lesson.number for lesson in LESSONS][:12] == list(range(1, 13))
    for lesson in LESSONS:
        assert 2 <= len(lesson.steps) <= 4, lesson.title
        assert len({step.title for step in lesson.steps}) == len(lesson.steps)
        assert any(step.prediction for step in lesson.steps), f"lesson {lesson.number} asks for no prediction"
        assert any(step.goal for step in lesson.steps), f"lesson {lesson.number} has no goal to reach"


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](\s|$)", text))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson-{lesson.number}")
def test_texts_are_short_and_goal_steps_have_hints_and_an_answer(lesson):
    for step in lesson.steps:
        assert 1 <= sentences(step.text) <= 4 and len(step.text) <= 420, step.title
        assert "nan" not in step.text.split()
        if step.goal is not None:
            assert step.hints and step.answer, step.title
            assert step.goal.says[0].isupper(), step.goal.says
        if step.prediction is not None and not step.prediction.sketch:
            assert all(choice.feedback for choice in step.prediction.choices)


def test_the_lessons_cover_the_issues_topics():
    first = BY_NUMBER[1].steps[0]  # the hand-set neuron: speed 1, size 1, bias -10 on rabbits vs unicorns
    typed = [(w.source, w.value) for w in first.solution.typed_weights]
    assert first.scenario.data.name == "rabbits-unicorns"
    assert sorted(typed, key=str) == [(1, 1.0), (2, 1.0), (None, -10.0)]
    assert any(not step.scenario.network.hidden and step.goal for step in BY_NUMBER[1].steps[1:])  # then training
    assert BY_NUMBER[2].steps[0].scenario.data.noise >= 0.4  # overlapping data
    assert {s.scenario.data.name for s in BY_NUMBER[3].steps} == {"xor"}
    assert BY_NUMBER[3].steps[0].solution.network["hidden"] == [4]  # four hidden neurons work
    curves = BY_NUMBER[4].steps
    assert curves[1].scenario.view.hidden_space.shown and not curves[0].scenario.view.hidden_space.shown
    assert {step.scenario.view.hidden_space.stage for step in curves[1:]} == {"affine", "activation"}
    assert BY_NUMBER[5].steps[0].scenario.dataset().train_points.shape[0] <= 30  # few training points
    assert any(step.solution.data for step in BY_NUMBER[5].steps)  # more data ...
    assert any(step.solution.training.get("regularization") for step in BY_NUMBER[5].steps)  # ... or regularisation
    rates = BY_NUMBER[6].steps
    assert any(getattr(step.goal.check, "quantity", None) == "diverged" for step in rates if step.goal)  # too large
    activations = {step.scenario.network.activations[0] if step.scenario.network.hidden else
                   step.scenario.network.activation for step in BY_NUMBER[7].steps}
    assert {"linear", "step"} <= activations
    assert BY_NUMBER[8].steps[0].solution.network["features"] == ["x1sq", "x2sq"]
    assert BY_NUMBER[8].steps[0].scenario.data.name == "circle"
    assert BY_NUMBER[9].steps[0].scenario.data.name == "spiral"
    ring = BY_NUMBER[10].steps[0]
    assert ring.scenario.network.hidden == (2, 2, 2) and ring.scenario.network.activation == "tanh"
    assert ring.scenario.view.hidden_space == HiddenSpaceChoice(layer=3)  # the last of the narrow layers
    assert any(step.scenario.view.hidden_space.dims == 3 for step in BY_NUMBER[10].steps)
    line = BY_NUMBER[11].steps[0].scenario.data
    assert (line.name, line.resolved_points(), line.task) == ("line", 30, "fit")
    assert all(step.scenario.dataset().n_classes >= 3 for step in BY_NUMBER[12].steps)


def test_the_glossary_explains_the_words_the_lessons_use():
    glossary, problems = load_glossary()
    assert problems == []
    for term in ("epoch", "loss", "accuracy", "PCA", "affine", "activation", "gradient", "learning rate",
                 "overfitting", "softmax", "R²"):
        assert term in glossary and 1 <= sentences(glossary[term]) <= 2, term


def test_the_lessons_are_found_beside_the_package_and_in_the_frozen_app(monkeypatch, tmp_path):
    assert assets.lessons_dir() == REPO / "assets" / "lessons" and assets.lessons_dir().is_dir()
    assert (assets.lessons_dir() / GLOSSARY_FILE).is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)  # PyInstaller's unpacked bundle
    assert assets.lessons_dir() == tmp_path / "assets" / "lessons"


def test_the_installer_spec_bundles_every_lesson_file():
    """Evaluate the spec's own `datas = ...` statement: every lesson file and the glossary go into the bundle's
    assets/lessons, where assets_dir() looks when frozen."""
    spec = (REPO / "packaging" / "playground.spec").read_text()
    statement = next(node for node in ast.parse(spec).body if isinstance(node, ast.Assign)
                     and any(isinstance(t, ast.Name) and t.id == "datas" for t in node.targets))
    datas = eval(compile(ast.Expression(statement.value), "spec", "eval"), {"ROOT": REPO, "Path": Path})
    bundled = {(Path(source).name, Path(target).as_posix()) for source, target in datas}
    for path in assets.lessons_dir().glob("*.json"):
        assert (path.name, "assets/lessons") in bundled


# ----- refusing broken files -------------------------------------------------------------------------------
@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d.pop("title"), "'title' is missing"),
    (lambda d: d.update(steps={}), "'steps' must be a list, not an object"),
    (lambda d: d.update(number="one"), "'number' must be a whole number"),
    (lambda d: d.update(tittle="x"), "unknown field 'tittle'; did you mean 'title'?"),
    (lambda d: d.update(version=2), "lesson version 2 is not supported"),
    (lambda d: d.update(format="neural-playground-scenario"), "this is not a lesson file"),
    (lambda d: d.update(steps=[]), "a lesson needs at least one step"),
    (lambda d: d["steps"][0].pop("text"), "step 1 (Train): 'text' is missing"),
    (lambda d: d["steps"][0]["goal"].update(metric="test_acc"), "step 1 (Train): 'goal.metric': unknown metric"),
    (lambda d: d["steps"][0]["scenario"]["network"].update(hidden=[0]),
     "step 1 (Train): scenario: 'network.hidden': a hidden layer needs 1 to 64 neurons"),
    (lambda d: d["steps"][0]["scenario"]["data"]["preset"].update(name="spirals"),
     "step 1 (Train): scenario: unknown preset 'spirals'"),
    (lambda d: d["steps"][0]["solution"].update(data={"preset": {"points": 1}}),
     "step 1 (Train): solution: the number of points must be between 2"),
    (lambda d: d["steps"][0]["scenario"].update(format="other"), "scenario: this is not a playground scenario"),
    (lambda d: d["steps"][0]["scenario"]["view"]["hidden_space"].update(layer=2),
     "step 1 (Train): scenario: 'view.hidden_space.layer' must be a hidden layer of the network, 1 to 1"),
    (lambda d: d["steps"][0]["scenario"]["view"]["hidden_space"].update(dims=3, axes=[1, 2]),
     "'view.hidden_space.axes' must list 3 neurons for a 3D view"),
    (lambda d: d["steps"][0].update(view={"hidden_space": True}), "step 1 (Train): unknown field 'view'"),
    (lambda d: d["steps"][0]["prediction"]["choices"][1].update(right=True), "exactly one choice must be"),
    (lambda d: d["steps"][0]["prediction"].update(choices=[]), "must offer 2 to 6 choices"),
    (lambda d: d["steps"][0].pop("solution"), "a step with a 'goal' needs a 'solution'"),
    (lambda d: d["steps"][0]["solution"].update(steps=10**9), "'solution.steps' must be from 0 to 20,000"),
    (lambda d: d["steps"][0]["solution"].update(network={"hidden": [4, 100]}), "step 1 (Train): solution: "
                                                                               "'network.hidden'"),
    (lambda d: d["steps"][0]["solution"].update(typed_weights=[{"layer": 3, "neuron": 1, "bias": 1}]),
     "'solution.typed_weights[1].layer' must be from 1 to 2"),
    (lambda d: d["steps"][0]["solution"].update(typed_weights=[{"layer": 1, "neuron": 1, "input": 3, "weight": 1}]),
     "'solution.typed_weights[1].input' must be from 1 to 2"),
    (lambda d: d["steps"][0].update(hints=["two\nlines"]), "'hints' must be a list of texts, each on one line"),
    (lambda d: d["steps"][1]["scenario"].update(network={"hidden": [], "features": ["x1", "x2"]}),
     "step 2 (Look): scenario: network: in curve fitting the network sees only x"),
    (lambda d: d["steps"][1].update(goal={"says": "x", "metric": "test_accuracy", "at_least": 0.9},
                                    solution={"steps": 1}), "this step fits a curve; use test_r2"),
])
def test_a_broken_lesson_is_refused_naming_the_file_step_and_field(tmp_path, change, words):
    write(tmp_path, "01-good.json", GOOD | {"number": 1})
    write(tmp_path, "02-broken.json", broken(change))
    lessons, problems = load_lessons(tmp_path)
    assert [lesson.number for lesson in lessons] == [1]  # the good one still loads
    assert len(problems) == 1 and problems[0].startswith("02-broken.json: ")
    assert words in problems[0]
    assert "\n" not in problems[0] and "Traceback" not in problems[0]


@pytest.mark.parametrize(("text", "words"), [
    ('{"format": "neural-playground-lesson",\n "number": 1\n "title": "x"}', "not valid JSON: line 2, column 13: "
                                                                            "a comma is missing"),
    ("", "it should hold one JSON object"),
    ("[1, 2]", "it should hold one JSON object"),
    ("\x00\x81\xfe binary", "this is not a lesson file (it is not text)"),
    ('{"title": "caf\xe9"}', "the file is not UTF-8 text; save it again as UTF-8"),
])
def test_files_that_are_not_lessons_at_all(tmp_path, text, words):
    path = tmp_path / "bad.json"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(LessonError) as refused:
        load_lesson(path)
    assert str(refused.value).startswith("bad.json: ") and words in str(refused.value)


def test_a_second_lesson_with_the_same_number_and_a_missing_folder(tmp_path):
    write(tmp_path, "a.json", GOOD)
    write(tmp_path, "b.json", GOOD)
    write(tmp_path, GLOSSARY_FILE, {"format": "neural-playground-glossary", "version": 1, "terms": {}})
    lessons, problems = load_lessons(tmp_path)
    assert len(lessons) == 1 and lessons[0].source.name == "a.json"
    assert problems == ["b.json: lesson 50 is also in a.json; only that one is used"]
    assert load_lessons(tmp_path / "nowhere") == ([], [f"the lessons folder is missing: {tmp_path / 'nowhere'}"])


def test_an_unexpected_error_in_one_file_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    from playground.core import lessons as module

    write(tmp_path, "01.json", GOOD | {"number": 1})
    write(tmp_path, "02.json", GOOD | {"number": 2})
    real = module.lesson_from_dict

    def flaky(obj, source=None):
        if obj["number"] == 2:
            raise RecursionError("deep")
        return real(obj, source)

    monkeypatch.setattr(module, "lesson_from_dict", flaky)
    lessons, problems = load_lessons(tmp_path)
    assert [lesson.number for lesson in lessons] == [1]
    assert problems == ["02.json: this lesson file could not be read"]


def test_a_broken_glossary_gives_an_empty_one_and_says_why(tmp_path):
    path = write(tmp_path, "glossary.json", {"format": "neural-playground-glossary", "version": 1,
                                             "terms": {"loss": 3}})
    assert load_glossary(path) == ({}, ["glossary.json: 'terms': \"loss\" must have a meaning in words, on one line"])
    assert load_glossary(tmp_path / "none.json") == ({}, ["none.json: no such file"])


def test_the_loaded_step_holds_what_the_file_says():
    lesson = lesson_from_dict(GOOD)
    step = lesson.steps[0]
    assert step.scenario.data == PresetSpec("xor", points=40) and step.scenario.network.hidden == (4,)
    assert step.scenario.view == ViewChoice(HiddenSpaceChoice(shown=True, layer=1))
    assert [c.right for c in step.prediction.choices] == [True, False]
    assert step.goal.says == "Test accuracy at least 90%" and step.solution.steps == 100
    assert lesson.steps[1].scenario.data.task == "fit" and lesson.steps[1].goal is None


# ----- solutions ---------------------------------------------------------------------------------------------
def test_typed_weights_are_in_the_datas_units_as_the_diagram_shows_them():
    """Rabbits vs unicorns span 0 to 10 on both axes, which the network sees as -1 to 1: u = (x - 5) / 5. So speed
    1, size 1, bias -10 in data units are weights 5, 5 and bias -10 + 1·5 + 1·5 = 0 in the network's units."""
    step = BY_NUMBER[1].steps[0]
    solved = apply_solution(step)
    (weight, bias), = solved.weights.layers
    np.testing.assert_allclose(weight, [[5.0, 5.0]], rtol=1e-6)
    np.testing.assert_allclose(bias, [0.0], atol=1e-5)
    assert solved.network == step.scenario.network and solved.training == step.scenario.training


def test_a_network_change_keeps_the_start_weights_of_layers_whose_shape_is_unchanged():
    step = BY_NUMBER[4].steps[2]  # a trained 2-2-1 tanh network; the solution makes it linear
    solved = apply_solution(step)
    assert solved.network.activation == "linear"
    for (w0, b0), (w1, b1) in zip(step.scenario.weights.layers, solved.weights.layers, strict=True):
        assert np.array_equal(w0, w1) and np.array_equal(b0, b1)


def test_a_preset_change_changes_only_the_fields_named():
    step = BY_NUMBER[5].steps[1]
    changed = solution_scenario(step.scenario, step.solution)
    start = step.scenario.data
    assert changed.data.points == 500
    assert (changed.data.noise, changed.data.test_ratio) == (start.noise, start.test_ratio)
    assert changed.dataset().train_points.shape[0] == round(500 * (1 - start.test_ratio))


def test_a_solution_that_only_trains_is_the_start_itself():
    step = BY_NUMBER[1].steps[1]
    assert not step.solution.changes_anything and apply_solution(step) is step.scenario
    trainer = trainer_for(step.scenario)
    assert trainer.settings.device == "cpu" and trainer.step_count == 0

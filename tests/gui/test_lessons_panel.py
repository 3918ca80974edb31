"""The lessons panel on the real window: View > Lessons opens it; Start loads a step's scenario (asking first
about unsaved work); a prediction answers at once; hints and the answer wait for a click; the goal turns green
when the learner does what the step asks and trains, and stays red when they only press Play; progress is kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from playground.core.hidden_space import HiddenRequest
from playground.core.lesson_check import apply_solution
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training_settings import TrainingSettings
from playground.gui.main_window import MainWindow
from playground.gui.session import Session

from .conftest import WAIT_MS, ask_process
from .monkey import post_key

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(make_window):
    return make_window(Scenario(PresetSpec("spiral", points=100), NetworkSpec(hidden=(8, 8))))


def start_lesson(qtbot, window, number: int) -> None:
    panel = window.lessons_panel
    panel.select_lesson(number)
    qtbot.mouseClick(panel.start_button, LEFT)


def menu_action(window, title: str):
    return next(action for menu in window.menuBar().actions() for action in menu.menu().actions()
                if action.text() == title)


def lesson(window, number: int):
    return next(item for item in window.lessons_panel._lessons if item.number == number)


def test_the_lessons_are_read_when_first_wanted_not_before_the_window_shows(qtbot, make_window, monkeypatch):
    from playground.gui import lessons as lessons_module

    reads = []
    real = lessons_module.load_all_lessons
    monkeypatch.setattr(lessons_module, "load_all_lessons", lambda folder: reads.append(folder) or real(folder))
    window = make_window(Scenario(PresetSpec("spiral", points=100)))
    assert reads == []  # opening the window reads no lesson file
    post_key(window.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.lessons_dock.isVisible)
    assert len(reads) == 1 and window.lessons_dock.widget() is window.lessons_panel
    assert window.lessons_panel.lesson_combo.count() >= 12  # every lesson, read once it was wanted
    window.lessons_dock.hide()
    post_key(window.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.lessons_dock.isVisible)
    assert len(reads) == 1  # read once


def test_ctrl_l_opens_the_lessons_and_start_loads_the_first_step(qtbot, window):
    assert not window.lessons_dock.isVisible()
    post_key(window.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.lessons_dock.isVisible)
    panel = window.lessons_panel
    assert panel.lesson_combo.count() >= 12
    start_lesson(qtbot, window, 4)
    step = lesson(window, 4).steps[0]
    assert window.session.network == step.scenario.network.for_data(window.session.dataset)
    assert window.session.preset == step.scenario.data
    assert panel.progress_label.text() == f"Lesson 4 · step 1 of {len(lesson(window, 4).steps)}"
    assert panel.title_label.text() == step.title and panel.goal_label.text() == step.goal.says
    assert not panel.goal_reached and panel.goal_box.title() == "Goal"
    qtbot.waitUntil(lambda: ask_process(qtbot, window).network == window.session.network)  # the process too
    assert window.presentation.tools.lesson_label.text().startswith("Lesson 4 · step 1 of")


def test_a_prediction_answers_at_once_and_hints_wait_for_a_click(qtbot, window):
    start_lesson(qtbot, window, 4)
    panel = window.lessons_panel
    prediction = panel.step.prediction
    assert panel.prediction_box.isVisible() and panel.question_label.text() == prediction.question
    right = next(i for i, c in enumerate(prediction.choices) if c.right)
    wrong = next(i for i, c in enumerate(prediction.choices) if not c.right)
    on_its_circle = QPoint(8, panel.choice_buttons[0].height() // 2)  # a radio button takes clicks on its text
    qtbot.mouseClick(panel.choice_buttons[wrong], LEFT, pos=on_its_circle)
    assert "Not quite." in panel.feedback_label.text() and prediction.choices[wrong].feedback in \
        panel.feedback_label.text()
    qtbot.mouseClick(panel.choice_buttons[right], LEFT, pos=on_its_circle)
    assert "Right." in panel.feedback_label.text()
    step = panel.step
    assert panel.hints_label.text() == "" and panel.answer_label.text() == ""  # never shown unasked
    qtbot.mouseClick(panel.hint_button, LEFT)
    assert panel.hints_label.text() == f"Hint 1: {step.hints[0]}"
    qtbot.mouseClick(panel.answer_button, LEFT)
    assert panel.answer_label.text() == f"Answer: {step.answer}"


def train_steps(qtbot, window, steps: int) -> None:
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step >= steps, timeout=120_000)
    window.pause()


def test_the_goal_stays_red_if_the_learner_only_plays_and_turns_green_when_they_do_the_step(qtbot, window):
    start_lesson(qtbot, window, 4)
    window.transport.speed_control.full_button.click()  # no need to watch
    panel = window.lessons_panel
    step = panel.step
    steps = step.solution.steps
    train_steps(qtbot, window, steps)  # the single neuron the step starts with
    assert not panel.goal_reached and panel.goal_box.title() == "Goal"
    assert "○ test accuracy at least 95%" in panel.parts_label.text()
    # the learner builds what the step asks for (one hidden layer of 2 tanh neurons), as the panels would
    solved = apply_solution(step)
    qtbot.mouseClick(window.network_panel.add_layer_button, LEFT)
    qtbot.waitUntil(lambda: len(window.session.network.hidden) == 1)
    window.network_panel.width_spins[0].setValue(solved.network.hidden[0])
    qtbot.waitUntil(lambda: window.session.network.hidden == solved.network.hidden, timeout=WAIT_MS)
    assert window.session.network.activations == solved.network.activations
    window.transport.reset_button.click()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 0)  # the reset's first frame
    train_steps(qtbot, window, steps)
    qtbot.waitUntil(lambda: panel.goal_reached, timeout=WAIT_MS)
    assert panel.goal_box.title() == "Goal reached ✔"
    assert "✔ test accuracy at least 95%" in panel.parts_label.text()


def test_start_here_opens_lesson_1(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(Scenario()), train=False, autosave=False, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.start_here.start_button, LEFT)
    assert not window.start_here.isVisible() and window.lessons_dock.isVisible()
    first = window.lessons_panel.lessons[0]
    assert window.lessons_panel.step is first.steps[0] and first.number == 1
    assert window.session.network == first.steps[0].scenario.network.for_data(window.session.dataset)
    window.close()


def test_progress_is_kept_and_unsaved_work_is_asked_about(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("lessons/done", ["4.1"])
    window = MainWindow(Session(Scenario(PresetSpec("xor", points=60), NetworkSpec(hidden=(3,)))), train=False,
                        autosave=False, settings=settings)
    qtbot.addWidget(window)
    window.show()
    assert window.start_here.isVisible() and not window.lessons_dock.isVisible()  # the very first start
    assert window.session.network.hidden == (3,)  # offers, and changes nothing until clicked
    from .conftest import ScriptedQuestions

    window.set_questions(ScriptedQuestions())
    window.session.set_network(NetworkSpec(hidden=(5,)))  # unsaved work
    window.questions.unsaved = "cancel"
    start_lesson(qtbot, window, 4)
    assert window.session.network.hidden == (5,) and window.lessons_panel.step is None  # nothing replaced
    window.questions.unsaved = "discard"
    start_lesson(qtbot, window, 4)
    assert window.lessons_panel.goal_reached  # reached in an earlier run
    assert "1 reached" in window.lessons_panel.summary_label.text()
    window.close()
    again = MainWindow(Session(Scenario()), train=False, autosave=False, settings=settings)
    qtbot.addWidget(again)
    assert not again.start_here.isVisible()  # "Start here" only once
    again.close()


def test_playground_lesson_n_opens_the_window_on_that_lesson(qtbot, tmp_path):
    """What `playground lesson 10` asks of the new window: lesson 10's first step, its scenario and its views, and
    no welcome bar over it; a number with no lesson changes nothing."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(Scenario()), train=False, autosave=False, settings=settings)
    qtbot.addWidget(window)
    window.show()
    assert window.start_here.isVisible()  # the very first start
    assert not window.lessons.open_lesson(99) and window.lessons_panel.step is None
    assert window.lessons.open_lesson(10)
    step = lesson(window, 10).steps[0]
    assert window.lessons_panel.step is step and window.lessons_dock.isVisible()
    assert not window.start_here.isVisible()
    assert window.session.network == step.scenario.network.for_data(window.session.dataset)
    chosen = step.scenario.view.hidden_space
    assert window.hidden_action.isChecked() and window.hidden_panel.layer_combo.currentData() == chosen.layer == 3
    window.close()


def test_a_sketched_prediction_stays_over_the_plane_and_is_compared_once_training_begins(qtbot, window):
    start_lesson(qtbot, window, 1)
    qtbot.mouseClick(window.lessons_panel.next_button, LEFT)  # step 2: sketch, then let training find the line
    panel, pen = window.lessons_panel, window.presentation.pen
    assert panel.step.prediction.sketch and panel.sketch_button.isVisible()
    points = len(window.session.dataset)
    qtbot.mouseClick(panel.sketch_button, LEFT)
    assert pen.drawing
    middle = pen.rect().center()
    qtbot.mousePress(pen, LEFT, pos=middle - QPoint(60, 60))
    for k in range(1, 7):
        qtbot.mouseMove(pen, middle + QPoint(20 * k - 60, 20 * k - 60))
    qtbot.mouseRelease(pen, LEFT, pos=middle + QPoint(60, 60))
    assert len(pen.strokes) == 1 and len(pen.strokes[0]) >= 6
    assert len(window.session.dataset) == points  # a sketch is not data
    assert "Compare" not in panel.feedback_label.text()
    qtbot.mouseClick(window.transport.step_button, LEFT)  # training begins
    qtbot.waitUntil(lambda: "Compare" in panel.feedback_label.text(), timeout=WAIT_MS)
    assert panel.step.prediction.feedback in panel.feedback_label.text()
    assert not pen.drawing and not panel.sketch_button.isChecked()  # the plane takes the mouse again
    assert len(pen.strokes) == 1  # the sketch stays, over the real boundary
    qtbot.mouseClick(panel.previous_button, LEFT)
    assert pen.strokes == []  # it belonged to its step


def test_a_teacher_saves_the_window_as_a_lesson_step_and_the_panel_lists_it(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_HOME", str(tmp_path))  # the teacher's own lessons folder
    window.hidden_panel.choose(HiddenRequest(2, "affine"))
    menu_action(window, "Save as &lesson step…").trigger()
    dialog = window.lessons.step_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.save_button, LEFT)  # nothing written yet: it says what is missing
    assert dialog.isVisible() and dialog.problem_label.text() == "Give the new lesson a title."
    qtbot.keyClicks(dialog.lesson_title_edit, "Spirals for 9B")
    qtbot.keyClicks(dialog.title_edit, "Two layers of eight")
    qtbot.keyClicks(dialog.text_edit, "Press Play and watch the arms separate.")
    qtbot.keyClicks(dialog.question_edit, "Will it learn the spiral?")
    qtbot.keyClicks(dialog.choice_edits[0], "Yes")
    qtbot.keyClicks(dialog.choice_edits[1], "No")
    qtbot.mouseClick(dialog.goal_check, LEFT)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    panel = window.lessons_panel
    assert panel.lesson_combo.findText("101. Spirals for 9B") >= 0
    mine = lesson(window, 101)
    assert mine.source.parent == tmp_path / "data" / "lessons"
    step = mine.steps[0]
    assert (step.title, step.text, step.goal.says) == ("Two layers of eight", "Press Play and watch the arms "
                                                       "separate.", "Test accuracy at least 90%")
    assert [c.text for c in step.prediction.choices] == ["Yes", "No"]
    assert step.scenario.network == window.session.scenario().network
    assert step.scenario.view.hidden_space.layer == 2 and step.scenario.view.hidden_space.stage == "affine"
    assert "lesson 101" in window.statusBar().currentMessage()
    # a second step goes into the same lesson
    menu_action(window, "Save as &lesson step…").trigger()
    dialog = window.lessons.step_dialog
    dialog.lesson_combo.setCurrentIndex(dialog.lesson_combo.findData(mine))
    assert not dialog.lesson_title_edit.isEnabled()
    qtbot.keyClicks(dialog.title_edit, "Now fewer")
    qtbot.keyClicks(dialog.text_edit, "Take a layer away.")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [s.title for s in lesson(window, 101).steps] == ["Two layers of eight", "Now fewer"]


def test_file_open_on_a_handed_out_lesson_opens_it_and_keeps_it(qtbot, window, tmp_path, monkeypatch):
    from playground.core.lesson_writer import StepDraft, save_step

    handed_out, _ = save_step(tmp_path / "teacher", Scenario(PresetSpec("circle", points=80), NetworkSpec(hidden=())),
                              StepDraft("Squares help", "Tick x1² and x2², then press Play."),
                              new_title="Circles for 9B")
    monkeypatch.setenv("PLAYGROUND_HOME", str(tmp_path / "learner"))
    window.questions.open = str(handed_out.source)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # File > Open
    qtbot.waitUntil(lambda: window.lessons_panel.step is not None)
    panel = window.lessons_panel
    assert panel.lesson.title == "Circles for 9B" and panel.title_label.text() == "Squares help"
    assert window.session.preset.name == "circle" and len(window.session.dataset) == 80
    assert window.session.network.hidden == ()
    assert panel.lesson.source.parent == tmp_path / "learner" / "data" / "lessons"  # kept for next time
    assert window.lessons_dock.isVisible() and not window.questions.warnings


def test_a_frame_made_before_the_step_was_loaded_does_not_meet_its_goal(qtbot, make_window):
    """A frame the training process sent before it took the step's scenario (here: a classifier's, 90% right,
    after a reset of its own) must not be judged against the step's goal (test R² at least 0.8 within 60 steps):
    its numbers are another network's."""
    window = make_window(Scenario(PresetSpec("rabbits-unicorns", points=100), NetworkSpec(()),
                                  TrainingSettings("adam", 0.1)))
    window.pause()
    for _ in range(20):  # 20 steps of the whole batch: over 95% right
        window.worker.step()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 20, timeout=WAIT_MS)
    before = window.latest_snapshot
    assert before.metrics.test_accuracy >= 0.85
    number, index = 6, 2
    window.lessons.open_step(lesson(window, number), index, ask=False)
    panel = window.lessons_panel
    assert panel.step.title == "Why momentum" and before.metrics.step <= 60
    window.show_snapshot(replace(before, generation=before.generation + 1))  # still on its way when it loaded
    assert not panel.goal_reached and panel.goal_box.title() == "Goal"
    # The step's own frames are judged: its start is far off (R² below 0).
    qtbot.waitUntil(lambda: window.latest_snapshot.state_seq >= window.worker.queued_seq(), timeout=WAIT_MS)
    assert "○ test R² at least 0.8" in panel.parts_label.text() and not panel.goal_reached

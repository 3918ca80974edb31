"""The lessons panel (View > Lessons): pick a lesson, and go through its steps. A step says what to do and what to
look for; it may first ask for a prediction (a question with instant feedback, or a sketch with the pen); its goal
is checked live on every frame and turns green when reached (and stays ticked). Hints and the answer wait for a
click. Which steps were reached is kept between runs.

The panel shows and asks; the window loads a step's scenario and views (MainWindow.open_lesson_step)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core.lesson_goals import GoalState
from ..core.lessons import Lesson, LessonStep, goal_met, goal_progress
from .glossary_links import GlossaryLinks

DONE_KEY = "lessons/done"  # "lesson.step" of every step whose goal was reached
GOOD, WRONG, MUTED = "#2e7d32", "#c75b00", "#78909c"


def step_id(lesson: Lesson, index: int) -> str:
    return f"{lesson.number}.{index + 1}"


class ChoiceRow(QWidget):
    """A choice to predict: a radio button and its text, which wraps (a radio button's own text does not, and a
    long choice would widen the panel past the dock's edge); a click on the text picks the choice too."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QRadioButton()
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setAccessibleName(text)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def text(self) -> str:
        return self.label.text()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.button.geometry().contains(event.position()
                                                                                               .toPoint()):
            self.button.click()
        super().mousePressEvent(event)


class LessonsPanel(QWidget):
    step_requested = Signal(object, int)  # Lesson, step index: load it
    sketch_requested = Signal(bool)  # pick up the pen to sketch a prediction (False: put it down)

    def __init__(self, lessons: list[Lesson], problems: list[str], settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lessons = lessons
        self._settings = settings
        self._done: set[str] = self._read_done()
        self._lesson: Lesson | None = None
        self._index = -1  # the step shown; -1: none loaded yet
        self._hints_shown = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 8)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 20)  # about 300 pixels: texts wrap
        self.lesson_combo = QComboBox()
        for lesson in lessons:
            self.lesson_combo.addItem(f"{lesson.number}. {lesson.title}", lesson.number)
        self.lesson_combo.setToolTip("Choose a lesson")
        outer.addWidget(self.lesson_combo)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setProperty("role", "caption")
        outer.addWidget(self.summary_label)
        self.start_button = QPushButton("Start this lesson")
        self.start_button.setToolTip("Load the lesson's first step (asks first if there is unsaved work)")
        outer.addWidget(self.start_button)
        self.problems_label = QLabel("\n".join(f"Not loaded: {p}" for p in problems))
        self.problems_label.setWordWrap(True)
        self.problems_label.setProperty("role", "error")
        self.problems_label.setVisible(bool(problems))
        outer.addWidget(self.problems_label)

        self.step_area = QWidget()
        step_layout = QVBoxLayout(self.step_area)
        step_layout.setContentsMargins(0, 4, 0, 0)
        self.progress_label = QLabel()
        self.progress_label.setProperty("role", "caption")
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setProperty("role", "value")
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.glossary_links = GlossaryLinks(self.text_label)  # glossary words as links: their meaning on hover
        for widget in (self.progress_label, self.title_label, self.text_label):
            step_layout.addWidget(widget)
        step_layout.addWidget(self._build_prediction())
        step_layout.addWidget(self._build_goal())
        step_layout.addWidget(self._build_help())
        step_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(self.step_area)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.previous_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        buttons.addWidget(self.previous_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        outer.addLayout(buttons)
        for button in (self.start_button, self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space stays Play

        self.lesson_combo.currentIndexChanged.connect(self._on_lesson_combo_changed)
        self.start_button.clicked.connect(lambda: self._request(0))
        self.previous_button.clicked.connect(lambda: self._request(self._index - 1))
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self._on_lesson_combo_changed()

    # ----- parts ----------------------------------------------------------------------------------
    def _build_prediction(self) -> QWidget:
        self.prediction_box = QGroupBox("Predict first")
        layout = QVBoxLayout(self.prediction_box)
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        layout.addWidget(self.question_label)
        self.choice_group = QButtonGroup(self)
        self.choice_buttons: list[QRadioButton] = []
        self.choice_rows: list[ChoiceRow] = []
        self.choices_layout = QVBoxLayout()
        layout.addLayout(self.choices_layout)
        self.sketch_button = QPushButton("Sketch it with the pen")
        self.sketch_button.setCheckable(True)
        self.sketch_button.setToolTip("Draw on the plane where you think the boundary will go; then press Play "
                                      "and compare (your sketch is never saved)")
        self.sketch_button.toggled.connect(self.sketch_requested)
        layout.addWidget(self.sketch_button)
        self.feedback_label = QLabel()
        self.feedback_label.setWordWrap(True)
        layout.addWidget(self.feedback_label)
        self.choice_group.idClicked.connect(self._on_choice_clicked)
        return self.prediction_box

    def _build_goal(self) -> QWidget:
        self.goal_box = QGroupBox("Goal")
        layout = QVBoxLayout(self.goal_box)
        self.goal_label = QLabel()
        self.goal_label.setWordWrap(True)
        self.goal_label.setProperty("role", "value")
        layout.addWidget(self.goal_label)
        self.parts_label = QLabel()
        self.parts_label.setWordWrap(True)
        self.parts_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.parts_label)
        return self.goal_box

    def _build_help(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.hint_button = QPushButton("Show a hint")
        self.answer_button = QPushButton("Show the answer")
        for button in (self.hint_button, self.answer_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.hints_label = QLabel()
        self.hints_label.setWordWrap(True)
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        layout.addWidget(self.hints_label)
        layout.addWidget(self.answer_label)
        self.hint_button.clicked.connect(self._on_hint_button_clicked)
        self.answer_button.clicked.connect(self._on_answer_button_clicked)
        return box

    # ----- which step -------------------------------------------------------------------------------
    @property
    def lessons(self) -> list[Lesson]:
        return list(self._lessons)

    def set_lessons(self, lessons: list[Lesson], problems: list[str]) -> None:
        """The lessons read again (a teacher saved a step): the list follows; the step shown stays shown."""
        self._lessons = lessons
        number = self.lesson_combo.currentData()
        with QSignalBlocker(self.lesson_combo):
            self.lesson_combo.clear()
            for lesson in lessons:
                self.lesson_combo.addItem(f"{lesson.number}. {lesson.title}", lesson.number)
            self.lesson_combo.setCurrentIndex(max(0, self.lesson_combo.findData(number)))
        self.problems_label.setText("\n".join(f"Not loaded: {p}" for p in problems))
        self.problems_label.setVisible(bool(problems))
        if self._lesson is not None:  # the same lesson, as read now (it may have a new step)
            self._lesson = next((item for item in lessons if item.number == self._lesson.number), None)
            if self._lesson is None:
                self._index = -1
        self._show_summary()
        self._show_step()

    @property
    def lesson(self) -> Lesson | None:
        return self._lesson

    @property
    def index(self) -> int:
        return self._index

    @property
    def step(self) -> LessonStep | None:
        return self._lesson.steps[self._index] if self._lesson is not None and self._index >= 0 else None

    def select_lesson(self, number: int) -> None:
        self.lesson_combo.setCurrentIndex(max(0, self.lesson_combo.findData(number)))

    def _on_lesson_combo_changed(self, *_args) -> None:
        number = self.lesson_combo.currentData()
        lesson = next((item for item in self._lessons if item.number == number), None)
        if lesson is self._lesson:
            return
        self._lesson, self._index = lesson, -1
        self._show_summary()
        self.start_button.setEnabled(lesson is not None)
        self._show_step()

    def _show_summary(self) -> None:
        lesson = self._lesson
        done = sum(step_id(lesson, i) in self._done for i in range(len(lesson.steps))) if lesson else 0
        self.summary_label.setText(f"{lesson.summary}  ({len(lesson.steps)} steps; {done} reached)"
                                   if lesson else "No lessons could be loaded.")

    def _request(self, index: int) -> None:
        if self._lesson is not None and 0 <= index < len(self._lesson.steps):
            self.step_requested.emit(self._lesson, index)

    def _on_next_button_clicked(self) -> None:
        if self._lesson is None:
            return
        if self._index + 1 < len(self._lesson.steps):
            self._request(self._index + 1)
        elif self.lesson_combo.currentIndex() + 1 < self.lesson_combo.count():  # on to the next lesson
            self.lesson_combo.setCurrentIndex(self.lesson_combo.currentIndex() + 1)
            self._request(0)

    def show_step(self, lesson: Lesson, index: int) -> None:
        """The window loaded this step: show it."""
        if lesson is not self._lesson:
            self.select_lesson(lesson.number)
        self._lesson, self._index = lesson, index
        self._show_step()

    def _show_step(self) -> None:
        step = self.step
        self.step_area.setVisible(step is not None)
        self.previous_button.setEnabled(step is not None and self._index > 0)
        self.next_button.setEnabled(step is not None)
        self.start_button.setVisible(step is None)
        self._hints_shown = 0
        self.hints_label.clear()
        self.answer_label.clear()
        self.sketch_button.setChecked(False)
        if step is None:
            return
        lesson = self._lesson
        self.progress_label.setText(f"Lesson {lesson.number} · step {self._index + 1} of {len(lesson.steps)}")
        self.title_label.setText(step.title)
        self.glossary_links.set_text(step.text)
        self._show_prediction(step)
        self.goal_box.setVisible(step.goal is not None)
        if step.goal is not None:
            self.goal_label.setText(step.goal.says)
            self.parts_label.clear()
            self._paint_goal(step_id(lesson, self._index) in self._done)
        self.hint_button.setVisible(bool(step.hints))
        self.hint_button.setEnabled(True)
        self.answer_button.setVisible(bool(step.answer))

    def _show_prediction(self, step: LessonStep) -> None:
        prediction = step.prediction
        self.prediction_box.setVisible(prediction is not None)
        for button in self.choice_buttons:
            self.choice_group.removeButton(button)
        for row in self.choice_rows:
            row.deleteLater()
        self.choice_buttons, self.choice_rows = [], []
        self.feedback_label.clear()
        if prediction is None:
            return
        self.question_label.setText(prediction.question)
        self.sketch_button.setVisible(prediction.sketch)
        for number, choice in enumerate(prediction.choices):
            row = ChoiceRow(choice.text)
            self.choice_group.addButton(row.button, number)
            self.choices_layout.addWidget(row)
            self.choice_buttons.append(row.button)
            self.choice_rows.append(row)
        if prediction.sketch and prediction.feedback:
            self.sketch_button.setToolTip(prediction.feedback)

    def compare_sketch(self) -> None:
        """Training has begun after the learner sketched their prediction: the pen goes down, the sketch stays
        over the plane, and the step says what to compare."""
        self.sketch_button.setChecked(False)
        feedback = self.step.prediction.feedback if self.step is not None and self.step.prediction else ""
        self.feedback_label.setText(f"<b>Compare:</b> your sketch (magenta) and the network's boundary (the line "
                                    f"between the colours). {feedback}")

    def _on_choice_clicked(self, number: int) -> None:
        choice = self.step.prediction.choices[number]
        colour = GOOD if choice.right else WRONG
        self.feedback_label.setText(f"<span style='color:{colour}'><b>{'Right.' if choice.right else 'Not quite.'}"
                                    f"</b> {choice.feedback}</span>")

    # ----- the goal, live ---------------------------------------------------------------------------
    def check(self, state: GoalState) -> None:
        """Check the step's goal on the window's newest state (every frame)."""
        step = self.step
        if step is None or step.goal is None:
            return
        parts = goal_progress(step.goal, state)
        met = goal_met(step.goal, state)
        key = step_id(self._lesson, self._index)
        if met and key not in self._done:
            self._done.add(key)
            self._write_done()
            self._show_summary()
        ticks = "<br>".join(f"<span style='color:{GOOD if p.met else MUTED}'>{'✔' if p.met else '○'} {p.says}</span>"
                            for p in parts)
        self.parts_label.setText(ticks)
        self._paint_goal(key in self._done)

    @property
    def goal_reached(self) -> bool:
        return self.step is not None and step_id(self._lesson, self._index) in self._done

    def _paint_goal(self, reached: bool) -> None:
        self.goal_box.setTitle("Goal reached ✔" if reached else "Goal")
        self.goal_box.setStyleSheet(f"QGroupBox {{ border: 2px solid {GOOD}; background: #eef7ee; }}"
                                    f"QGroupBox::title {{ color: {GOOD}; }}" if reached else "")

    # ----- hints and the answer, on a click --------------------------------------------------------
    def _on_hint_button_clicked(self) -> None:
        step = self.step
        if step is None:
            return
        self._hints_shown = min(self._hints_shown + 1, len(step.hints))
        self.hints_label.setText("\n".join(f"Hint {i + 1}: {h}" for i, h in enumerate(step.hints[:self._hints_shown])))
        self.hint_button.setEnabled(self._hints_shown < len(step.hints))

    def _on_answer_button_clicked(self) -> None:
        if self.step is not None:
            self.answer_label.setText(f"Answer: {self.step.answer}")

    # ----- kept between runs -----------------------------------------------------------------------
    def _read_done(self) -> set[str]:
        if self._settings is None:
            return set()
        value = self._settings.value(DONE_KEY, [])
        value = [value] if isinstance(value, str) else value
        return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()

    def _write_done(self) -> None:
        if self._settings is not None:
            self._settings.setValue(DONE_KEY, sorted(self._done))

"""File > Save as lesson step: the teacher writes what the learner should do and look for, and optionally a question
to predict, hints, an answer and a goal; the window's state now (data, network, settings, speed, views, hidden or
locked controls, and if asked the trained network) becomes the step's start. The step goes into a new lesson or
one of the teacher's own, in their lessons folder; the lessons panel lists it at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.lesson_check import MAX_CHECK_STEPS
from ..core.lesson_writer import StepDraft
from ..core.lessons import MAX_TITLE, Lesson

INTRO = ("The window as it is now becomes the step's start: the data, the network, the settings, what the views "
         "show and the controls you hid or locked. Write what learners should do and what to look for.")
CHOICES = 3
NEW_LESSON = None  # the lesson combo's item for a new lesson


class LessonStepDialog(QDialog):
    save_requested = Signal(object, object, str, str)  # StepDraft, Lesson or None (a new one), title, summary

    def __init__(self, own_lessons: list[Lesson], fit: bool, trained: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as lesson step")
        outer = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_lesson(own_lessons))
        layout.addWidget(self._build_step())
        layout.addWidget(self._build_prediction())
        layout.addWidget(self._build_goal(fit, trained))
        scroll = QScrollArea()  # a laptop's screen is not tall enough for all of it at once
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll, 1)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setProperty("role", "error")
        self.problem_label.hide()
        outer.addWidget(self.problem_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save step")
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        # as wide as the parts need (the scroll area only scrolls down), as tall as the screen allows
        scroll.setMinimumWidth(body.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(max(em * 48, self.minimumSizeHint().width()), self.fontMetrics().lineSpacing() * 40)
        self._on_lesson_changed()

    # ----- parts --------------------------------------------------------------------------------
    def _build_lesson(self, own_lessons: list[Lesson]) -> QWidget:
        box = QGroupBox("Lesson")
        form = QFormLayout(box)
        self.lesson_combo = QComboBox()
        self.lesson_combo.addItem("A new lesson", NEW_LESSON)
        for lesson in own_lessons:
            self.lesson_combo.addItem(f"{lesson.number}. {lesson.title} ({len(lesson.steps)} steps)", lesson)
        self.lesson_combo.setToolTip("Start a new lesson, or add this step at the end of one of your own")
        self.lesson_combo.currentIndexChanged.connect(self._on_lesson_changed)
        form.addRow("Add to", self.lesson_combo)
        self.lesson_title_edit = QLineEdit()
        self.lesson_title_edit.setMaxLength(MAX_TITLE)
        self.lesson_title_edit.setPlaceholderText("e.g. Rabbits, unicorns and one neuron")
        self.summary_edit = QLineEdit()
        self.summary_edit.setPlaceholderText("One sentence: what the lesson is about")
        form.addRow("Lesson title", self.lesson_title_edit)
        form.addRow("Summary", self.summary_edit)
        self._lesson_form = form
        return box

    def _build_step(self) -> QWidget:
        box = QGroupBox("Step")
        form = QFormLayout(box)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(MAX_TITLE)
        self.title_edit.setPlaceholderText("e.g. Find the line")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("Two or three plain sentences: what to do, and what to look for.")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5)
        self.hints_edit = QPlainTextEdit()
        self.hints_edit.setPlaceholderText("One hint per line (optional); learners see them one click at a time.")
        self.hints_edit.setTabChangesFocus(True)
        self.hints_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.answer_edit = QLineEdit()
        self.answer_edit.setPlaceholderText("Optional; shown only when a learner asks for it")
        form.addRow("Title", self.title_edit)
        form.addRow("What to do", self.text_edit)
        form.addRow("Hints", self.hints_edit)
        form.addRow("Answer", self.answer_edit)
        return box

    def _build_prediction(self) -> QWidget:
        box = QGroupBox("Predict first (optional)")
        grid = QGridLayout(box)
        self.question_edit = QLineEdit()
        self.question_edit.setPlaceholderText("A question to answer before pressing Play")
        grid.addWidget(QLabel("Question"), 0, 0)
        grid.addWidget(self.question_edit, 0, 1, 1, 3)
        right_caption = QLabel("Right")
        right_caption.setProperty("role", "caption")
        grid.addWidget(right_caption, 1, 3, Qt.AlignmentFlag.AlignHCenter)
        self.right_group = QButtonGroup(self)
        self.choice_edits: list[QLineEdit] = []
        self.feedback_edits: list[QLineEdit] = []
        for row in range(CHOICES):
            choice, feedback, right = QLineEdit(), QLineEdit(), QRadioButton()
            choice.setPlaceholderText(f"Choice {row + 1}")
            feedback.setPlaceholderText("What it says when picked")
            right.setToolTip("The right choice")
            self.right_group.addButton(right, row)
            grid.addWidget(choice, row + 2, 0, 1, 2)
            grid.addWidget(feedback, row + 2, 2)
            grid.addWidget(right, row + 2, 3, Qt.AlignmentFlag.AlignHCenter)
            self.choice_edits.append(choice)
            self.feedback_edits.append(feedback)
        self.right_group.buttons()[0].setChecked(True)
        return box

    def _build_goal(self, fit: bool, trained: bool) -> QWidget:
        box = QGroupBox("Goal (optional)")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.goal_check = QCheckBox(f"Test {'R²' if fit else 'accuracy'} at least")
        self.goal_spin = QDoubleSpinBox()
        self.goal_spin.setRange(1.0, 100.0)
        self.goal_spin.setDecimals(0)
        self.goal_spin.setValue(90.0)
        self.goal_spin.setSuffix(" %")
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(1, MAX_CHECK_STEPS)
        self.steps_spin.setValue(500)
        self.steps_spin.setToolTip("How many training steps the goal's check may take (playground lesson N --check)")
        for widget in (self.goal_check, self.goal_spin, QLabel("within"), self.steps_spin, QLabel("steps")):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.goal_check.toggled.connect(self.goal_spin.setEnabled)
        self.goal_check.toggled.connect(self.steps_spin.setEnabled)
        self.goal_spin.setEnabled(False)
        self.steps_spin.setEnabled(False)
        note = QLabel("The goal turns green when learners reach it. Check that the start does not reach it already "
                      "with: playground lesson N --check")
        note.setWordWrap(True)
        note.setProperty("role", "caption")
        layout.addWidget(note)
        self.weights_check = QCheckBox("Start from the network as trained now (its weights and loss curves)")
        self.weights_check.setEnabled(trained)
        self.weights_check.setToolTip("Otherwise the step starts untrained, from the weights seed")
        layout.addWidget(self.weights_check)
        return box

    # ----- what was written ---------------------------------------------------------------------
    @property
    def chosen_lesson(self) -> Lesson | None:
        return self.lesson_combo.currentData()

    def _on_lesson_changed(self, *_args) -> None:
        new = self.chosen_lesson is NEW_LESSON
        for widget in (self.lesson_title_edit, self.summary_edit):
            widget.setEnabled(new)

    def draft(self) -> StepDraft:
        right = self.right_group.checkedId()
        choices = tuple((edit.text(), row == right, feedback.text())
                        for row, (edit, feedback) in enumerate(zip(self.choice_edits, self.feedback_edits,
                                                                   strict=True)))
        return StepDraft(
            title=self.title_edit.text(), text=self.text_edit.toPlainText(),
            hints=tuple(self.hints_edit.toPlainText().splitlines()), answer=self.answer_edit.text(),
            question=self.question_edit.text(), choices=choices,
            goal_percent=self.goal_spin.value() if self.goal_check.isChecked() else None,
            goal_steps=self.steps_spin.value(), with_weights=self.weights_check.isChecked())

    def _problem(self) -> str:
        """What is missing, in words, before anything is written."""
        if self.chosen_lesson is NEW_LESSON and not self.lesson_title_edit.text().strip():
            return "Give the new lesson a title."
        if not self.title_edit.text().strip():
            return "Give the step a title."
        if not self.text_edit.toPlainText().strip():
            return "Write what learners should do in this step."
        filled = [edit.text().strip() for edit in self.choice_edits]
        asked = self.question_edit.text().strip()
        if asked or any(filled):
            if not asked:
                return "Write the question, or leave the choices empty."
            if sum(bool(text) for text in filled) < 2:
                return "A question needs at least two choices."
            if not filled[self.right_group.checkedId()]:
                return "The choice marked right is empty."
        return ""

    def show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def _on_save_clicked(self) -> None:
        problem = self._problem()
        self.show_problem(problem)
        if not problem:
            self.save_requested.emit(self.draft(), self.chosen_lesson, self.lesson_title_edit.text(),
                                     self.summary_edit.text())

"""The lessons in the window: the panel in a dock on the right (View > Lessons, Ctrl+L), the first start's "Start
here" bar above the plane, loading a step (its scenario and what its views show), and checking its goal on every
frame that comes after the step was loaded; a sketched prediction is compared with the boundary once training
has begun."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from ..core.lesson_goals import GoalState
from ..core.lesson_writer import FIRST_OWN_NUMBER, import_lesson, save_step
from ..core.lessons import LessonError, load_all_lessons
from ..core.snapshot import Snapshot
from ..paths import own_lessons_dir
from .lesson_step_dialog import LessonStepDialog
from .lessons_panel import LessonsPanel
from .start_here import StartHere

LESSON_BESIDE_CONTROLS = 2400  # pixels across: a narrower screen (1920 too) shows a lesson in the controls column's
# place, else the plane and the hidden space are left squares of 300 pixels beside both; Ctrl+B brings it back


class Lessons(QObject):
    """The lessons' part of the window. The panel, with every lesson read from its file, is built when first
    needed (the dock shown, a lesson opened, a step saved): not before the window first shows."""

    def __init__(self, window, settings: QSettings | None) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._panel: LessonsPanel | None = None
        self.dock = QDockWidget("Lessons", window)
        self.dock.setObjectName("lessons_dock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                              | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.action = self.dock.toggleViewAction()
        self.action.setText("&Lessons")
        self.action.setShortcut(QKeySequence("Ctrl+L"))
        self.action.setToolTip("Lessons that lead you through neural networks step by step (Ctrl+L)")
        window.view_menu.insertAction(window.view_menu.actions()[0], self.action)
        window.addAction(self.action)
        window.document.lesson_opener = self.open_lesson_file
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        self._sketch_step: int | None = None  # the training step when the learner began a sketch, till compared
        window.snapshot_shown.connect(self._check_goal)
        self._step_seq = 0  # frames of updates before this one are from before the step was loaded
        self.start_here = StartHere()
        area = window.process_banner.parentWidget().layout()
        area.insertWidget(area.indexOf(window.process_banner) + 1, self.start_here)
        self.start_here.start_requested.connect(self._start_first_lesson)
        if settings is not None and settings.value("lessons/welcomed") is None:  # the very first start
            settings.setValue("lessons/welcomed", True)
            self.start_here.show()

    @property
    def panel(self) -> LessonsPanel:
        """The lessons' panel, built (and every lesson read) on first use."""
        return self._made_panel()

    def _made_panel(self) -> LessonsPanel:
        if self._panel is None:
            lessons, problems = load_all_lessons(own_lessons_dir())
            self._panel = LessonsPanel(lessons, problems, self._settings)
            self._panel.step_requested.connect(self.open_step)
            self._panel.sketch_requested.connect(self._on_sketch_requested)
            self.dock.setWidget(self._panel)
        return self._panel

    def open_lesson(self, number: int) -> bool:
        """Open lesson `number` at its first step (`playground lesson N`); False if there is none, or the
        learner kept their unsaved work."""
        lesson = next((lesson for lesson in self.panel.lessons if lesson.number == number), None)
        return lesson is not None and self.open_step(lesson, 0)

    def open_lesson_file(self, path: str) -> bool:
        """A lesson file chosen in File > Open (its unsaved-work question already asked): kept among the
        learner's own lessons, and opened at its first step."""
        try:
            lesson = import_lesson(path, own_lessons_dir(), self.panel.lessons)
        except LessonError as error:
            self._window.questions.warn("Cannot open lesson", str(error))
            return False
        except OSError as error:
            self._window.questions.warn("Cannot open lesson", f"It cannot be kept in {own_lessons_dir()}: "
                                                              f"{error.strerror or error}")
            return False
        self.panel.set_lessons(*load_all_lessons(own_lessons_dir()))
        lesson = next(item for item in self.panel.lessons if item.number == lesson.number)
        return self.open_step(lesson, 0, ask=False)

    def _start_first_lesson(self) -> None:
        if self.panel.lessons:
            self.dock.show()
            self.open_step(self.panel.lessons[0], 0)

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        """On a laptop's screen the lesson takes the controls column's place, so the plane and the hidden space
        keep their room (Ctrl+B brings the column back)."""
        w = self._window
        if visible:
            self._made_panel()  # (built, with the lessons read, when first shown)
        screen = w.screen()
        if visible and screen is not None and w.controls_action.isChecked() \
                and screen.availableGeometry().width() < LESSON_BESIDE_CONTROLS:
            w.controls_action.setChecked(False)

    def open_step(self, lesson, index: int, ask: bool = True) -> bool:
        """Load a lesson's step: its scenario (asking first about unsaved work, unless `ask` is False: asked
        already) and what its views show."""
        w = self._window
        if ask and not w.document.confirm_discard("opening a lesson"):
            return False
        step = lesson.steps[index]
        self.start_here.hide()  # a lesson is open: the welcome has done its work
        w.presentation.pen.clear()  # a sketch belongs to its step
        self._sketch_step = None
        w.document.load(step.scenario, None)  # and what its views show, as File > Open does
        self._step_seq = w.worker.queued_seq()
        self.panel.show_step(lesson, index)
        w.presentation.tools.set_lesson_step(
            f"Lesson {lesson.number} · step {index + 1} of {len(lesson.steps)}: {step.title}")
        self.dock.show()
        return True

    # ----- a teacher's own steps ----------------------------------------------------------------
    def own_lessons(self) -> list:
        folder = own_lessons_dir()
        return [lesson for lesson in self.panel.lessons if lesson.number >= FIRST_OWN_NUMBER
                and lesson.source is not None and lesson.source.parent == folder]

    def save_as_step(self) -> LessonStepDialog:
        """File > Save as lesson step: the dialog (non-blocking); the step is written when it says Save."""
        w = self._window
        shown = w.latest_snapshot
        trained = shown is not None and shown.metrics.step > 0
        dialog = LessonStepDialog(self.own_lessons(), w.session.dataset.is_fit, trained, w)
        dialog.save_requested.connect(lambda *args: self._save_step(dialog, *args))
        self.step_dialog = dialog
        dialog.open()
        return dialog

    def _save_step(self, dialog: LessonStepDialog, draft, lesson, title: str, summary: str) -> None:
        w = self._window
        scenario = w.document.scenario()  # with the views, and the trained weights when the process gives them
        try:
            saved, index = save_step(own_lessons_dir(), scenario, draft, lesson, title, summary,
                                     taken=self.panel.lessons)
        except LessonError as error:
            dialog.show_problem(f"The step cannot be saved: {error}")
            return
        except OSError as error:
            dialog.show_problem(f"The step cannot be saved in {own_lessons_dir()}: {error.strerror or error}")
            return
        dialog.accept()
        self.panel.set_lessons(*load_all_lessons(own_lessons_dir()))
        w.statusBar().showMessage(f"Saved as step {index + 1} of lesson {saved.number}, “{saved.title}”: hand out "
                                  f"{saved.source}", 10_000)

    def _on_sketch_requested(self, drawing: bool) -> None:
        pen = self._window.presentation.pen
        pen.set_drawing(drawing)
        if drawing and self._sketch_step is None:
            shown = self._window.latest_snapshot
            self._sketch_step = shown.metrics.step if shown is not None else 0

    def _check_goal(self, snapshot: Snapshot) -> None:
        if self._panel is None or self._panel.step is None or snapshot.state_seq < self._step_seq:
            return  # no step, or a frame the training process made before it took the step's scenario
        if self._sketch_step is not None and snapshot.metrics.step > self._sketch_step \
                and self._window.presentation.pen.strokes:  # sketched, then trained: time to compare
            self._sketch_step = None
            self.panel.compare_sketch()
        session = self._window.session
        self.panel.check(GoalState.from_parts(snapshot.metrics, session.network, session.training,
                                              session.dataset))

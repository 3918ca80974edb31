"""Help > Guide (F1) and the glossary in the tooltips: F1 opens the guide, which ends with every word of the
glossary file; every key the guide names is a key of the window; the controls that use a glossary word show its
meaning (from the file) when the mouse rests on them; a missing guide file is said plainly."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QHelpEvent, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QToolTip

from playground.core import guide as guide_module
from playground.core.assets import assets_dir
from playground.core.controls import ControlsSpec
from playground.core.guide import guide_keys, load_guide
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.gui.glossary_tips import ACTIVATION_TERMS, OPTIMIZER_TERMS, glossary_uses
from playground.gui.guide_dialog import GuideDialog

from .layout_checks import settle
from .monkey import post_key, post_mouse

GLOSSARY = assets_dir() / "lessons" / "glossary.json"
GUIDE = assets_dir() / "guide" / "guide.md"
LEFT = Qt.MouseButton.LeftButton

pytestmark = pytest.mark.usefixtures("app_theme")  # the app's own font: the dialog's size is measured


def glossary() -> dict[str, str]:
    """The glossary as the data file has it (read here, not by the app's loader)."""
    return json.loads(GLOSSARY.read_text(encoding="utf-8"))["terms"]


def plain(text: str) -> str:
    """What a tooltip's rich text reads as."""
    document = QTextDocument()
    document.setHtml(text)
    return " ".join(document.toPlainText().split())


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def window(make_window):
    window = make_window(Scenario(PresetSpec("two-curves", points=60), NetworkSpec(hidden=(4, 3))))
    window.controls_action.setChecked(True)
    settle(window)
    return window


def press_f1(qtbot, window) -> GuideDialog:
    post_key(window.windowHandle(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.guide.dialog is not None and window.guide.dialog.isVisible())
    return window.guide.dialog


def hover(qtbot, widget, at: QPoint | None = None) -> str:
    """Rest the mouse on `widget` (the tooltip event Qt sends then) and read the tooltip shown, as plain text."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    at = widget.rect().center() if at is None else at
    QApplication.postEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))
    qtbot.waitUntil(QToolTip.isVisible)
    return plain(QToolTip.text())


def test_f1_opens_the_guide_which_ends_with_the_whole_glossary(qtbot, window):
    dialog = press_f1(qtbot, window)
    assert not dialog.isModal() and QApplication.activeModalWidget() is None  # the window stays usable beside it
    text = one_line(dialog.text())
    for part in ("first five minutes", "Keyboard shortcuts", "Presentation mode", "Lessons", "hidden space"):
        assert part.lower() in text.lower(), part
    terms = glossary()
    assert len(terms) >= 30
    glossary_at = text.index("Glossary")
    for term, meaning in terms.items():  # each word with its meaning, as the file has it, after the heading
        assert f"{term}: {one_line(meaning)}" in text[glossary_at:], term
    assert dialog.headings()[-1] == "Glossary"
    # the list of sections jumps to the glossary
    dialog.sections_combo.activated.emit(dialog.headings().index("Glossary"))
    first_visible = dialog.browser.cursorForPosition(QPoint(4, 4)).block().text()
    assert first_visible == "Glossary"


def test_the_guide_fits_a_small_screen_and_grows_with_the_zoom(qtbot, window):
    dialog = press_f1(qtbot, window)
    room = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= room.width() and dialog.frameGeometry().height() <= room.height()
    assert dialog.browser.width() >= dialog.browser.fontMetrics().horizontalAdvance("M") * 30  # readable lines
    before = dialog.browser.font().pointSizeF()
    for _ in range(2):  # in the guide, the window's zoom keys
        post_key(dialog.windowHandle(), Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier, "+")
    qtbot.waitUntil(lambda: window.display.zoom > 1.1)
    qtbot.waitUntil(lambda: dialog.browser.font().pointSizeF() >= before * window.display.zoom - 0.1)
    room = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= room.width() and dialog.frameGeometry().height() <= room.height()
    # it widens with the text: its lines hold at least 40 letters M, or it takes 80% of the screen's width
    assert dialog.browser.width() >= min(dialog.browser.fontMetrics().horizontalAdvance("M") * 40,
                                         room.width() * 0.8)
    # the keys the guide names grow with the text
    found = dialog.browser.document().find("Ctrl+L")
    key_font = found.charFormat().font().resolve(dialog.browser.font())
    assert found.charFormat().fontFixedPitch()
    assert key_font.pointSizeF() == pytest.approx(dialog.browser.font().pointSizeF(), abs=0.6)


def test_finding_a_word_marks_it_and_says_when_it_is_not_there(qtbot):
    dialog = GuideDialog(load_guide())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.find_edit, "dropout")
    count = one_line(dialog.text()).lower().count("dropout")
    assert count >= 2
    assert len(dialog.browser.extraSelections()) == count
    assert dialog.browser.textCursor().selectedText().lower() == "dropout"
    first = dialog.browser.textCursor().position()
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    assert dialog.browser.textCursor().position() > first  # Enter: the next one
    dialog.find_edit.clear()
    qtbot.keyClicks(dialog.find_edit, "zebrafish")
    assert dialog.found_label.text() == "not in the guide" and not dialog.browser.extraSelections()


def shortcuts_of(window) -> set[str]:
    """Every key the window answers: its actions' shortcuts (menus, the lessons) and its QShortcuts (Play, the
    drawing tools, the presentation's keys)."""
    keys = {sequence.toString() for action in window.findChildren(QAction) for sequence in action.shortcuts()}
    return keys | {shortcut.key().toString() for shortcut in window.findChildren(QShortcut)}


def test_every_key_the_guide_names_is_a_key_of_the_window(window):
    named = guide_keys(GUIDE.read_text(encoding="utf-8"))
    for expected in ("F1", "Ctrl+L", "F11", "Space", "Ctrl+S", "Ctrl+O", "Ctrl++", "Ctrl+-"):
        assert expected in named, expected  # the guide names them, and the reading of its keys finds them
    keys = shortcuts_of(window)
    assert "Ctrl+K" not in keys  # (a key the window does not have is told apart)
    missing = [key for key in named if QKeySequence(key).isEmpty() or QKeySequence(key).toString() not in keys]
    assert not missing, f"the guide names keys the window does not have: {missing}"


def test_f1_works_while_presenting(qtbot, window):
    post_key(window.windowHandle(), Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.presentation.active)
    dialog = press_f1(qtbot, window)
    post_key(dialog.windowHandle(), Qt.Key.Key_Escape)  # Esc closes the guide first...
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.presentation.active
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    post_key(window.windowHandle(), Qt.Key.Key_Escape)  # ...then, in the window, leaves the presentation
    qtbot.waitUntil(lambda: not window.presentation.active)


def test_the_learning_rate_and_other_controls_show_the_glossary_meaning(qtbot, window):
    terms = glossary()
    training, hidden, network = window.training_panel, window.hidden_panel, window.network_panel
    form = training.layout()
    for widget, term in ((training.rate_slider.slider, "learning rate"),
                         (form.labelForField(training.rate_slider), "learning rate"),  # the "Learning rate" label
                         (training.rate_slider.label, "learning rate"),  # the value beside the slider
                         (training.batch_slider.slider, "batch size"),
                         (training.optimizer_combo, "optimizer"),
                         (training.reg_combo, "regularization"),
                         (window.transport.epoch_label, "epoch"),
                         (hidden.axes_combo, "PCA"),
                         (hidden.stage_combo, "affine"),
                         (hidden.stage_combo, "activation"),
                         (network.activation_combos[0], "activation"),
                         (network.dropout_spins[1], "dropout"),
                         (window.metrics_panel.values["test_loss"], "loss"),
                         (window.metrics_panel.values["test_loss"], "test points"),
                         (window.data_panel.test_slider.slider, "test points")):
        shown = hover(qtbot, widget)
        assert one_line(terms[term]) in shown, (term, shown)
        assert "Help > Guide" in shown
    # the tooltip keeps its own words
    assert one_line(training.rate_slider.slider.toolTip()) in hover(qtbot, training.rate_slider.slider)
    assert one_line(hidden.axes_combo.toolTip()) in hover(qtbot, hidden.axes_combo)
    # every word the tooltips name is in the glossary file (a word renamed there would quietly lose its meaning)
    named = {term for _, words in glossary_uses(window) for term in words} | set(ACTIVATION_TERMS.values()) \
        | set(OPTIMIZER_TERMS.values())
    assert named - {""} <= set(terms), named - {""} - set(terms)
    # a control without a glossary word keeps its plain tooltip
    add = window.network_panel.add_layer_button
    assert hover(qtbot, add) == one_line(add.toolTip())


def test_a_layer_added_later_and_a_locked_control_keep_the_meaning(qtbot, window):
    meaning = one_line(glossary()["activation"])
    qtbot.mouseClick(window.network_panel.add_layer_button, LEFT)
    qtbot.waitUntil(lambda: len(window.network_panel.activation_combos) == 3)
    assert meaning in hover(qtbot, window.network_panel.activation_combos[2])
    # the activation and the optimizer chosen are explained too
    terms = glossary()
    combo = window.network_panel.activation_combos[2]
    combo.setCurrentIndex(combo.findData("relu"))
    qtbot.waitUntil(lambda: window.session.network.activations[2] == "relu")
    shown = hover(qtbot, window.network_panel.activation_combos[2])
    assert one_line(terms["ReLU"]) in shown and one_line(terms["tanh"]) not in shown
    optimizer = window.training_panel.optimizer_combo
    optimizer.setCurrentIndex(optimizer.findData("rmsprop"))
    qtbot.waitUntil(lambda: window.session.training.optimizer == "rmsprop")
    assert one_line(terms["RMSprop"]) in hover(qtbot, optimizer)
    slider = window.training_panel.rate_slider.slider
    window.session.set_controls(ControlsSpec(locked=frozenset({"learning_rate"})))
    qtbot.waitUntil(lambda: "Locked" in slider.toolTip())
    shown = hover(qtbot, slider)
    assert "Locked" in shown and one_line(glossary()["learning rate"]) in shown
    # curve fitting: the score readouts explain R², not accuracy
    window.data_panel.task_combo.setCurrentIndex(window.data_panel.task_combo.findData("fit"))
    qtbot.waitUntil(lambda: window.session.dataset.task == "fit")
    shown = hover(qtbot, window.metrics_panel.values["test_accuracy"])
    terms = glossary()
    assert one_line(terms["R²"]) in shown and one_line(terms["accuracy"]) not in shown


def test_a_missing_guide_is_said_plainly(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "guide.md"  # (a folder or a damaged file: tests/core/test_guide.py)
    monkeypatch.setattr(guide_module, "guide_path", lambda: path)
    dialog = press_f1(qtbot, window)
    text = one_line(dialog.text())
    assert "The guide could not be shown" in text and "guide.md" in text and "Installing the app again" in text
    assert "Traceback" not in text and "Error" not in text
    for term, meaning in glossary().items():  # the glossary is still there
        assert f"{term}: {one_line(meaning)}" in text


def test_a_guide_dialog_shows_any_guide_given(qtbot):
    dialog = GuideDialog(guide_module.Guide("# One\n\nText\n\n## Two\n\nMore `F1`\n", ()))
    qtbot.addWidget(dialog)
    assert dialog.headings() == ["One", "Two"]
    assert dialog.go_to("Two") and not dialog.go_to("Three")
    assert isinstance(dialog.findChild(QLabel), QLabel)


def test_glossary_words_in_a_lesson_step_are_links_that_show_their_meaning(qtbot, window):
    post_key(window.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.lessons_dock.isVisible)
    panel = window.lessons_panel
    panel.select_lesson(1)
    qtbot.mouseClick(panel.start_button, LEFT)
    label = panel.text_label
    qtbot.waitUntil(lambda: "neuron" in label.text())
    assert label.text().count('href="glossary:neuron"') == 1  # the first time the word comes
    QToolTip.hideText()
    line = label.fontMetrics().lineSpacing()
    seen = []
    for y in range(line // 2, 3 * line, line):  # the mouse along the first lines, until it is on a link
        for x in range(2, label.width(), 5):
            post_mouse(label, QEvent.Type.MouseMove, QPoint(x, y), Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
            QApplication.processEvents()
            if QToolTip.isVisible():
                seen.append(plain(QToolTip.text()))
                break
        if seen:
            break
    assert seen, "no link in the step's first lines showed a meaning"
    meanings = glossary()
    assert any(seen[0].startswith(f"{term[:1].upper()}{term[1:]}: {one_line(meaning)}")
               for term, meaning in meanings.items()), seen[0]

"""Help > Guide (F1): a short guide for a learner opening the app for the first time, and the glossary at its end
(both read by core/guide.py from assets/). A window beside the main one, not modal, so the learner can follow the
"first five minutes" while trying them; a box finds words in it and a list jumps to its sections."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.guide import GLOSSARY_HEADING, Guide, load_guide
from .glossary_tips import GlossaryTips

FOUND_COLOUR = "#fff2a8"  # every match of the word looked for
KEY_COLOUR = "#eceff1"  # behind the keys the guide names
ZOOM_KEYS = {"Ctrl++", "Ctrl+=", "Ctrl+-", "Ctrl+0"}


class GuideDialog(QDialog):
    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Guide — Neural Network Playground")
        self.setObjectName("guide_dialog")
        self.setModal(False)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find a word, e.g. epoch")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setToolTip("Type a word to find it in the guide; Enter finds the next place")
        self.found_label = QLabel()
        self.found_label.setProperty("role", "caption")
        self.sections_combo = QComboBox()
        self.sections_combo.setToolTip("Go to a part of the guide")
        self.sections_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sections_combo.setMinimumContentsLength(14)
        top.addWidget(QLabel("Find"))
        top.addWidget(self.find_edit, 1)
        top.addWidget(self.found_label)
        top.addWidget(self.sections_combo, 1)
        layout.addLayout(top)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # the guide links nowhere; a stray link must not blank the page
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.find_edit.textChanged.connect(lambda: self._find(again=False))
        self.find_edit.returnPressed.connect(lambda: self._find(again=True))
        self.sections_combo.activated.connect(lambda i: self.go_to(self.sections_combo.itemText(i)))
        self.show_guide(guide)
        self.fit_screen()

    # ----- content ------------------------------------------------------------------------------
    def show_guide(self, guide: Guide) -> None:
        self.guide = guide
        self.browser.setMarkdown(guide.text)
        self.browser.document().setDocumentMargin(self.fontMetrics().horizontalAdvance("M") * 0.8)
        self._tidy()
        self.sections_combo.clear()
        self.sections_combo.addItems(self.headings())

    def _tidy(self) -> None:
        """Headings one size smaller than Markdown's own (its title is poster-sized in a window this narrow), and
        keys (code spans) at the text's size, so that they follow the zoom, on a light grey like a key cap."""
        changes = []  # (start, end, format to merge or to set)
        block = self.browser.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level:
                heading = QTextCharFormat()
                heading.setProperty(QTextFormat.Property.FontSizeAdjustment, max(0, 3 - level))
                changes.append((block.position(), block.position() + block.length() - 1, heading, True))
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().fontFixedPitch():
                    key = QTextCharFormat(fragment.charFormat())
                    key.clearProperty(QTextFormat.Property.FontPointSize)
                    key.setBackground(QColor(KEY_COLOUR))
                    changes.append((fragment.position(), fragment.position() + fragment.length(), key, False))
                fragments += 1
            block = block.next()
        cursor = QTextCursor(self.browser.document())
        for first, last, format_, merge in changes:
            cursor.setPosition(first)
            cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
            if merge:
                cursor.mergeCharFormat(format_)
            else:
                cursor.setCharFormat(format_)

    def headings(self) -> list[str]:
        """The guide's sections (headings of level 1 and 2), in order."""
        found = []
        block = self.browser.document().begin()
        while block.isValid():
            if 0 < block.blockFormat().headingLevel() <= 2:
                found.append(block.text())
            block = block.next()
        return found

    def text(self) -> str:
        """The guide as shown, in plain text."""
        return self.browser.toPlainText()

    def go_to(self, heading: str) -> bool:
        """Scroll so that the section `heading` starts at the top; False if there is none."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0 and block.text() == heading:
                cursor = QTextCursor(block)
                self.browser.setTextCursor(cursor)
                top = self.browser.document().documentLayout().blockBoundingRect(block).top()
                self.browser.verticalScrollBar().setValue(round(top))
                return True
            block = block.next()
        return False

    def show_glossary(self) -> None:
        self.go_to(GLOSSARY_HEADING)

    # ----- finding ------------------------------------------------------------------------------
    def _find(self, again: bool) -> None:
        """Mark every place the word is found, and go to the next one (from the top when the word changed)."""
        word = self.find_edit.text().strip()
        document = self.browser.document()
        marks = []
        if word:
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(word, cursor)
                if cursor.isNull():
                    break
                mark = QTextEdit.ExtraSelection()
                mark.cursor = cursor
                mark.format = QTextCharFormat()
                mark.format.setBackground(QColor(FOUND_COLOUR))
                marks.append(mark)
        self.browser.setExtraSelections(marks)
        if not word:
            self.found_label.setText("")
            return
        if not marks:
            self.found_label.setText("not in the guide")
            return
        self.found_label.setText(f"{len(marks)} found" if len(marks) > 1 else "1 found")
        start = self.browser.textCursor() if again else QTextCursor(document)
        found = document.find(word, start)
        if found.isNull():  # past the last one: from the top again
            found = document.find(word, QTextCursor(document))
        self.browser.setTextCursor(found)
        self.browser.ensureCursorVisible()

    # ----- size ---------------------------------------------------------------------------------
    def fit_screen(self) -> None:
        """About 46 characters wide and 40 lines high at the text's size (the window's zoom), but never larger than
        the screen the window is on."""
        self.ensurePolished()  # the window's style sheet sets the text's size
        metrics = self.fontMetrics()
        width, height = metrics.horizontalAdvance("M") * 46, metrics.lineSpacing() * 40
        screen = (self.parentWidget() or self).screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() * 9 // 10), min(height, room.height() * 85 // 100)
            # At the right of the screen: the controls, the top bar and the plane stay in sight beside it.
            self.move(room.right() - width - room.width() // 50, room.top() + (room.height() - height) // 3)
        self.resize(width, height)


class GuideAction(QObject):
    """Help > Guide (F1) in `window`'s Help menu, and the glossary's meanings in the tooltips of the controls and
    views that use its words (GlossaryTips). The guide is read when it is first shown."""

    def __init__(self, window, help_menu) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: GuideDialog | None = None
        self.action = QAction("&Guide", window)
        self.action.setShortcut(QKeySequence("F1"))
        self.action.setToolTip("A short guide to the app, its keys and the words it uses (F1)")
        self.action.setStatusTip(self.action.toolTip())
        self.action.triggered.connect(self.show)
        help_menu.insertAction(help_menu.actions()[0] if help_menu.actions() else None, self.action)
        window.addAction(self.action)  # F1 works with the menu bar hidden (presenting)
        self.tips = GlossaryTips(window)

    def show(self) -> GuideDialog:
        if self.dialog is None:
            self.dialog = GuideDialog(load_guide(), self._window)
            # The zoom keys work from the guide too (its text follows the window's zoom).
            self.dialog.addActions([action for action in self._window.actions()
                                    if {key.toString() for key in action.shortcuts()} & ZOOM_KEYS])
            self._window.display.zoom_changed.connect(self.dialog.fit_screen)
        if self.dialog.isVisible():  # perhaps behind the main window: bring it to the front
            self.dialog.raise_()
        self.dialog.show()
        self.dialog.activateWindow()
        return self.dialog

"""The questions the window asks the learner (which file, save the changes?, restore the autosaved work?) in one
place, so that tests and the randomized test can answer them without a modal dialog blocking the event loop."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Questions:
    def __init__(self, parent: QWidget) -> None:
        self._parent = parent

    def unsaved_changes(self, action: str, name: str) -> str:
        """'save', 'discard' or 'cancel': what to do with unsaved changes before `action` (e.g. "opening a file")."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          f"Save the changes to {name} before {action}?", parent=self._parent)
        box.setInformativeText("If you don't save, your changes will be lost.")
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                               | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def open_path(self, title: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self._parent, title, "", filters)
        return path or None

    def save_path(self, title: str, suggested: str, filters: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self._parent, title, suggested, filters)
        return path or None

    def restore(self, when: str, what: str) -> bool:
        """Whether to bring back work autosaved before the app was closed unexpectedly."""
        box = QMessageBox(QMessageBox.Icon.Question, "Restore your work?",
                          f"The playground was closed unexpectedly {when}. Your work was saved automatically: "
                          f"{what}.", parent=self._parent)
        box.setInformativeText("Restore it?")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard it", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self._parent, title, text)

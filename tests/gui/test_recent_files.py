"""File > Open recent: files opened and saved, newest first, kept for the next start; one that has gone is
taken off the list with a word, and nothing else changes."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, save_scenario
from playground.gui.main_window import MainWindow
from playground.gui.session import Session

from .conftest import ScriptedQuestions


def open_window(qtbot, settings_path) -> MainWindow:
    window = MainWindow(Session(Scenario()), train=False, autosave=False,
                        settings=QSettings(str(settings_path), QSettings.Format.IniFormat))
    window.set_questions(ScriptedQuestions())
    qtbot.addWidget(window)
    window.show()
    return window


def recent_entries(window) -> list[str]:
    """The menu's file entries as the user sees them (filled when it opens)."""
    menu = window.recent_files.menu
    menu.aboutToShow.emit()
    return [a.text() for a in menu.actions() if a.isEnabled() and a.toolTip().endswith(".json")]


def choose(window, name: str) -> None:
    menu = window.recent_files.menu
    menu.aboutToShow.emit()
    [action] = [a for a in menu.actions() if a.text().endswith(name)]
    action.trigger()


def test_opened_and_saved_files_come_back_newest_first_and_open(qtbot, tmp_path):
    circle, xor = tmp_path / "circle.playground.json", tmp_path / "xor.playground.json"
    save_scenario(Scenario(PresetSpec("circle", points=60), NetworkSpec(hidden=(3,))), circle)
    save_scenario(Scenario(PresetSpec("xor", points=60), NetworkSpec(hidden=(5, 2))), xor)
    window = open_window(qtbot, tmp_path / "settings.ini")
    assert recent_entries(window) == []
    assert window.open_scenario(str(circle))
    assert window.open_scenario(str(xor))
    window.questions.save = str(tmp_path / "mine")
    assert window.document.save_as()
    assert recent_entries(window) == ["&1 mine.playground.json", "&2 xor.playground.json",
                                      "&3 circle.playground.json"]
    choose(window, "circle.playground.json")
    assert window.session.network == NetworkSpec(hidden=(3,)) and window.document.path.name == circle.name
    assert recent_entries(window)[0] == "&1 circle.playground.json"
    window.close()
    again = open_window(qtbot, tmp_path / "settings.ini")  # the next start
    assert recent_entries(again) == ["&1 circle.playground.json", "&2 mine.playground.json",
                                     "&3 xor.playground.json"]
    again.close()


def test_a_file_that_has_gone_is_taken_off_the_list(qtbot, tmp_path):
    gone = tmp_path / "gone.playground.json"
    save_scenario(Scenario(PresetSpec("xor", points=60), NetworkSpec(hidden=(5, 2))), gone)
    window = open_window(qtbot, tmp_path / "settings.ini")
    assert window.open_scenario(str(gone))
    window.document.new()
    network = window.session.network
    gone.unlink()
    choose(window, "gone.playground.json")
    assert window.session.network == network and window.document.path is None  # nothing changed
    [warning] = window.questions.warnings
    assert "gone.playground.json is no longer in" in warning
    assert recent_entries(window) == []
    menu_texts = [a.text() for a in window.recent_files.menu.actions()]
    assert menu_texts == ["No recent files"]
    window.close()


def test_clear_the_list(qtbot, tmp_path):
    saved = tmp_path / "a.playground.json"
    save_scenario(Scenario(), saved)
    window = open_window(qtbot, tmp_path / "settings.ini")
    window.open_scenario(str(saved))
    choose(window, "Clear the list")
    assert recent_entries(window) == []
    window.close()
    assert recent_entries(open_window(qtbot, tmp_path / "settings.ini")) == []

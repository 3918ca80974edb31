"""The window's menus: File, Edit, View and Help. The actions other parts of the window use (controls, hidden
space, arrows, presenting, contrast, the recent files) are kept on the window as attributes."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from .display import HIGH_CONTRAST, STANDARD
from .guide_dialog import GuideAction
from .hidden_space_panel import ARROWS_TIP
from .image_export import copy_view_under_mouse
from .log_folder import add_log_folder_action
from .recent_files import RecentFiles
from .window_settings import restored_layout


def build_menus(window) -> None:
    """The File, Edit, View and Help menus; the actions other parts use are kept on the window."""
    file_menu = window.menuBar().addMenu("&File")
    window.recent_files = RecentFiles(window.settings, window)
    window.recent_files.chosen.connect(window._open_recent)
    window.document.changed.connect(window._remember_recent)
    # Explicit keys: some platforms' themes (and Qt's offscreen one) bind none to the standard ones.
    for title, keys, slot in (("&New scenario", "Ctrl+N", window.document.new),
                              ("&Open scenario…", "Ctrl+O", window.open_scenario),
                              ("&Save scenario", "Ctrl+S", window.document.save),
                              ("Save scenario &as…", "Ctrl+Shift+S", window.document.save_as),
                              ("Save as &lesson step…", None, lambda: window.lessons.save_as_step()),
                              (None, None, None),
                              ("&Import points from CSV…", "Ctrl+I", window.import_csv),
                              ("&Export points to CSV…", "Ctrl+E", window.export_csv),
                              ("Export as &PyTorch script…", None, window.export_script),
                              ("Export &image…", None, window.export_image),
                              ("Export &report…", None, window.export_report),
                              (None, None, None),
                              ("&Hide and lock controls…", None, window.choose_controls),
                              (None, None, None),
                              ("&Quit", "Ctrl+Q", window.close)):
        if title is None:
            file_menu.addSeparator()
            continue
        action = QAction(title, window)
        if keys:
            action.setShortcut(keys)
        action.triggered.connect(lambda _=False, s=slot: s())
        file_menu.addAction(action)
        if keys == "Ctrl+O":
            file_menu.addMenu(window.recent_files.menu)
    edit_menu = window.menuBar().addMenu("&Edit")
    stack = window.session.undo_stack
    # Ctrl+Shift+Z redoes on every platform (the platform's own redo key works too, e.g. Ctrl+Y).
    for action, keys in ((stack.createUndoAction(window, "&Undo"), ["Ctrl+Z", QKeySequence.StandardKey.Undo]),
                         (stack.createRedoAction(window, "&Redo"), ["Ctrl+Shift+Z", QKeySequence.StandardKey.Redo])):
        shortcuts = []
        for key in keys:
            for sequence in QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) \
                    else [QKeySequence(key)]:
                if sequence not in shortcuts:
                    shortcuts.append(sequence)
        action.setShortcuts(shortcuts)
        edit_menu.addAction(action)
    view_action(window, edit_menu, "&Copy view as picture", "Ctrl+Shift+C", "Copies the view under the mouse "
                      "pointer (or the whole window) to the clipboard", lambda: copy_view_under_mouse(window))
    view_menu = window.view_menu = window.menuBar().addMenu("&View")
    splitters, controls_shown = restored_layout(window.settings, window.width())
    window.window_layout.restore_splitters(splitters)
    window.controls_action = QAction("&Controls column", window)
    window.controls_action.setCheckable(True)
    window.controls_action.setShortcut(QKeySequence("Ctrl+B"))
    window.controls_action.setToolTip("Show or hide the column of controls on the left, to give the views more "
                                    "room (Ctrl+B)")
    window.controls_action.toggled.connect(window._on_controls_action_toggled)
    window.controls_action.setChecked(controls_shown)
    window._on_controls_action_toggled(controls_shown)
    window.window_layout.controls_button.clicked.connect(window.controls_action.toggle)
    view_menu.addAction(window.controls_action)
    window.hidden_action = QAction("&Hidden space beside the plane", window)
    window.hidden_action.setToolTip("The hidden space beside the plane (H); for a network with no hidden layer, "
                                  "the loss landscape of its one neuron")
    window.hidden_action.setStatusTip(window.hidden_action.toolTip())
    window.hidden_action.setCheckable(True)
    window.hidden_action.setChecked(True)
    window.hidden_action.setShortcut(QKeySequence("H"))
    window.hidden_action.toggled.connect(window._on_hidden_action_toggled)
    view_menu.addAction(window.hidden_action)
    window.landscape_action = QAction("Loss &landscape in the hidden space's place", window)
    window.landscape_action.setToolTip("Beside the plane, the loss landscape (a slice of it, for a network with hidden "
                                       "layers) instead of the hidden space: the second tab there")
    window.landscape_action.setStatusTip(window.landscape_action.toolTip())
    window.landscape_action.setCheckable(True)
    window.second_view.bind_action(window.landscape_action)
    view_menu.addAction(window.landscape_action)
    window.mistakes_action = QAction("&Mark misclassified points", window)
    window.mistakes_action.setCheckable(True)
    window.mistakes_action.setChecked(True)
    window.mistakes_action.toggled.connect(window.boundary_view.set_show_mistakes)
    view_menu.addAction(window.mistakes_action)
    window.arrows_action = QAction("&Arrows: where training pushes each point", window)
    window.arrows_action.setCheckable(True)
    window.arrows_action.setToolTip(ARROWS_TIP)
    window.arrows_action.toggled.connect(window._on_arrows_toggled)
    window.hidden_panel.arrows_button.toggled.connect(window.arrows_action.setChecked)
    view_menu.addAction(window.arrows_action)
    view_menu.addSeparator()
    window.simple_action = QAction("&Simple mode (for beginners)", window)
    window.simple_action.setCheckable(True)
    window.simple_action.setToolTip("Only the data, the layers and play; the other controls tucked away")
    window.simple_action.toggled.connect(lambda on: window.control_states.set_simple(on))
    view_menu.addAction(window.simple_action)
    view_menu.addSeparator()
    window.present_action = view_action(window, view_menu, "&Present (full screen)", "F11",
                                            "Full screen for a class: the views as large as the screen "
                                            "allows, the controls in a slim bar (Esc leaves)",
                                            lambda: window.presentation.toggle(), checkable=True)
    view_action(window, view_menu, "Zoom &in", ["Ctrl++", "Ctrl+="], "Larger text, points and lines",
                      window.display.zoom_in)
    view_action(window, view_menu, "Zoom &out", "Ctrl+-", "Smaller text, points and lines", window.display.zoom_out)
    view_action(window, view_menu, "&Actual size", "Ctrl+0", "Text, points and lines at their usual size",
                      window.display.reset_zoom)
    window.contrast_action = view_action(window,
        view_menu, "High-&contrast colours", None, "Colours that stay apart for colour-blind viewers and on a "
        "washed-out projector; the classes keep their shapes",
        lambda: window.display.set_palette(HIGH_CONTRAST if window.contrast_action.isChecked() else STANDARD),
        checkable=True)
    window.display.changed.connect(lambda: window.contrast_action.setChecked(window.display.high_contrast))
    help_menu = window.menuBar().addMenu("&Help")
    window.about_action = QAction("&About Neural Network Playground", window)
    window.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS puts it in the application menu
    window.about_action.triggered.connect(window._show_about)
    help_menu.addAction(window.about_action)
    window.guide = GuideAction(window, help_menu)  # Help > Guide (F1), and the glossary in the tooltips
    window.log_folder_action = add_log_folder_action(window, help_menu)
    for menu in (file_menu, edit_menu, view_menu):  # their keys work with the menu bar hidden (presenting)
        window.addActions([action for action in menu.actions() if not action.isSeparator()])

def view_action(window, menu, title: str, keys, tip: str, slot, checkable: bool = False) -> QAction:
    """An action in `menu` with its keys, tip and slot."""
    action = QAction(title, window)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in (keys if isinstance(keys, list) else [keys])])
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.setCheckable(checkable)
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    return action

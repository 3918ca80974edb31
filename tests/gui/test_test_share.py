"""The share of test points survives clearing the data: importing, clearing and importing again keeps the
share the learner chose, and drawn points follow it too."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.data_tools import Tool

from .plane_input import choose, stroke


@pytest.fixture
def window(make_window):
    window = make_window(Scenario(PresetSpec("gauss", points=40), NetworkSpec((4,)), TrainingSettings()))
    window.warnings = window.questions.warnings
    return window


def choose_test_share(window, percent: int) -> None:
    """Move the Data panel's test share slider, as the learner does."""
    slider = window.data_panel.test_slider
    slider.slider.setValue(slider.values.index(percent))
    assert window.session.preset.test_ratio == percent / 100


def write_points(path, n: int) -> None:
    rng = np.random.default_rng(3)
    rows = [f"{x:.3f},{y:.3f},{'a' if i % 2 else 'b'}" for i, (x, y) in enumerate(rng.uniform(-5, 5, (n, 2)))]
    path.write_text("x,y,label\n" + "\n".join(rows) + "\n")


def test_import_clear_and_import_again_keeps_the_chosen_test_share(qtbot, window, tmp_path):
    choose_test_share(window, 30)
    path = tmp_path / "points.csv"
    write_points(path, 20)
    assert window.import_csv(str(path)), window.warnings
    assert int(window.session.dataset.is_test.sum()) == 6  # 30% of 20
    qtbot.mouseClick(window.data_toolbar.clear_button, Qt.MouseButton.LeftButton)
    assert len(window.session.dataset) == 0
    assert window.import_csv(str(path)), window.warnings
    assert window.warnings == []
    assert int(window.session.dataset.is_test.sum()) == 6
    qtbot.keyClick(window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)  # clear all, by key
    assert len(window.session.dataset) == 0
    # Points drawn on the empty plane become test points at the same share (binomial: 400 points, p = 0.3).
    choose(qtbot, window, Tool.BRUSH)
    window.data_toolbar.amount_slider.setValue(20)
    for y in (-3.0, 0.0, 3.0):
        stroke(window, [(-4.0 + 0.4 * i, y) for i in range(21)])
    dataset = window.session.dataset
    assert len(dataset) >= 400
    assert 0.2 < dataset.is_test.mean() < 0.4


def test_a_saved_custom_data_set_brings_its_share_along(qtbot, window, tmp_path):
    """Opening a scenario of drawn points: new points follow the share the file's points have."""
    from playground.core.dataset import Dataset
    from playground.core.scenario import save_scenario

    rng = np.random.default_rng(5)
    points = rng.uniform(-5, 5, (50, 2))
    data = Dataset.create(points, np.arange(50) % 2, test_ratio=0.8, seed=2)
    path = tmp_path / "drawn.playground.json"
    save_scenario(Scenario(data, NetworkSpec((4,)), TrainingSettings()), path)
    assert window.open_scenario(str(path))
    qtbot.keyClick(window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    choose(qtbot, window, Tool.BRUSH)
    window.data_toolbar.amount_slider.setValue(20)
    for y in (-3.0, 0.0, 3.0):
        stroke(window, [(-4.0 + 0.4 * i, y) for i in range(21)])
    assert 0.7 < window.session.dataset.is_test.mean() < 0.9

"""The landscape of any network on the second tab beside the plane, and optimisers compared on it: driven with
real clicks, checked against what the training process uses and against runs made here."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from playground.core.landscape_frames import OPTIMIZER_LABELS, RACE_STEPS, LandscapeRequest
from playground.core.network import NetworkSpec
from playground.core.optimizer_race import race
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import Trainer, TrainingSettings

from .conftest import WAIT_MS, ask_process
from .test_loss_landscape_view import LINE, click

DEEP = Scenario(PresetSpec("two-curves", points=80), NetworkSpec((4, 3), "tanh"), TrainingSettings("adam", 0.03))
EVERY = tuple(OPTIMIZER_LABELS)


def click_tab(qtbot, window, index: int) -> None:
    tabs = window.second_view.tabs
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(index).center())


@pytest.fixture
def deep(make_window):
    window = make_window(DEEP)
    window.pause()
    return window


def test_a_deep_network_shows_a_slice_of_its_landscape_on_the_second_tab(qtbot, deep):
    second = deep.second_view
    assert second.tabs.isVisible() and not second.shows_landscape and deep.hidden_panel.isVisible()
    click_tab(qtbot, deep, 1)
    assert second.shows_landscape and deep.landscape_panel.isVisible() and not deep.hidden_panel.isVisible()
    report = ask_process(qtbot, deep)
    qtbot.waitUntil(lambda: ask_process(qtbot, deep).landscape == LandscapeRequest(kind="random"), timeout=WAIT_MS)
    assert ask_process(qtbot, deep).hidden is None  # the page not shown asks for nothing
    view = deep.landscape_panel.view
    qtbot.waitUntil(lambda: view.frame is not None and view.frame.complete, timeout=WAIT_MS)
    assert np.array_equal(view.image.image, view.frame.shade) and view.frame.resolution > 21  # paused: finer
    assert view.plot.getAxis("bottom").labelText == "random direction 1"
    # A click on a slice sets nothing (a point of a slice is no weights to type).
    xmin, xmax, ymin, ymax = view.frame.bounds
    click(view, xmin + 0.2 * (xmax - xmin), ymin + 0.8 * (ymax - ymin))
    after = ask_process(qtbot, deep)
    assert all(np.array_equal(a, b) for old, new in zip(report.weights, after.weights, strict=True)
               for a, b in zip(old, new, strict=True))
    # A new slice, asked for from the slice menu, goes to the process.
    deep.landscape_panel.new_slice_action.trigger()
    qtbot.waitUntil(lambda: ask_process(qtbot, deep).landscape.take == 1, timeout=WAIT_MS)
    deep.landscape_panel.slice_actions["trajectory"].trigger()
    qtbot.waitUntil(lambda: ask_process(qtbot, deep).landscape.kind == "trajectory", timeout=WAIT_MS)
    assert deep.landscape_panel.slice_button.text() == "Slice along the path"
    click_tab(qtbot, deep, 0)  # back: the hidden space is drawn again, the landscape no longer
    qtbot.waitUntil(lambda: ask_process(qtbot, deep).landscape is None, timeout=WAIT_MS)
    assert ask_process(qtbot, deep).hidden is not None


def test_one_neuron_has_no_tabs(make_window):
    window = make_window(LINE)
    assert window.second_view.shows_landscape and not window.second_view.tabs.isVisible()


def test_compared_optimisers_are_each_ones_own_run_from_the_weights_then(qtbot, make_window):
    window = make_window(LINE)
    window.pause()
    panel = window.landscape_panel
    assert not panel.race_chart.isVisible()
    start = ask_process(qtbot, window).weights
    button = panel.compare_button  # its main part (the arrow beside it opens the menu of optimizers)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(10, button.height() // 2))
    assert panel.compare_button.isChecked()
    qtbot.waitUntil(lambda: ask_process(qtbot, window).landscape.race == EVERY, timeout=WAIT_MS)
    view = panel.view
    qtbot.waitUntil(lambda: view.frame is not None and len(view.frame.race) == 4, timeout=WAIT_MS)
    assert panel.race_chart.isVisible()
    # Each optimiser's run, made here from the same weights: its loss is the chart's line, and the end of its
    # path on the landscape is the line a network with its final weights draws.
    session = window.session
    trainer = Trainer(session.dataset, session.network, session.training)
    alone = race(trainer, EVERY, RACE_STEPS, start=start)
    lines = panel.race_chart.lines()
    assert set(lines) == set(EVERY) == set(view.race_paths)
    for name, run in alone.items():
        steps, losses = lines[name]
        np.testing.assert_allclose(losses, run.objective, rtol=1e-5)
        assert list(steps) == list(range(RACE_STEPS + 1))
        final = Trainer(session.dataset, session.network, session.training)
        flat = run.weights[-1]  # (weight, bias) of the one neuron
        final.load_weights(((flat[:1].reshape(1, 1), flat[1:2]),))
        item = view.race_paths[name]
        assert (item.xData[-1], item.yData[-1]) == pytest.approx(final.fit_line(), abs=1e-4)
        assert (item.xData[0], item.yData[0]) == pytest.approx(trainer.fit_line(), abs=1e-4)
    assert view.path.xData is None or len(view.path.xData) == 0  # their paths stand in for the training's
    assert not view.arrow_head.isVisible()
    # Down to one optimiser: nothing to compare, and the caption says why.
    for name in EVERY[1:]:
        panel.optimizer_actions[name].trigger()
    qtbot.waitUntil(lambda: view.frame is not None and not view.frame.race, timeout=WAIT_MS)
    assert "Choose at least two different optimizers" in view._caption.textItem.toPlainText()
    assert not panel.race_chart.isVisible()
    panel.compare_button.setChecked(False)
    qtbot.waitUntil(lambda: ask_process(qtbot, window).landscape.race == (), timeout=WAIT_MS)


def test_the_view_menu_chooses_the_landscape_and_follows_the_tabs(qtbot, deep):
    action = deep.landscape_action
    assert action.isEnabled() and not action.isChecked()
    action.trigger()
    assert deep.second_view.shows_landscape and deep.second_view.tabs.currentIndex() == 1
    qtbot.waitUntil(lambda: ask_process(qtbot, deep).landscape is not None, timeout=WAIT_MS)
    click_tab(qtbot, deep, 0)
    assert not action.isChecked() and not deep.second_view.shows_landscape
    deep.session.set_network(NetworkSpec((), features=("x1", "x2")))  # one neuron: its landscape, nothing else
    assert action.isChecked() and not action.isEnabled() and deep.second_view.shows_landscape


def test_the_export_dialog_offers_the_page_shown_and_says_where_the_other_is(qtbot, deep):
    from playground.gui.image_export import exportable_views

    def reasons():
        return {view.key: view.reason for view in exportable_views(deep)}

    assert reasons()["hidden"] is None
    assert reasons()["landscape"] == "on the other tab beside the plane (Loss landscape)"
    click_tab(qtbot, deep, 1)
    assert reasons()["landscape"] is None
    assert reasons()["hidden"] == "on the other tab beside the plane (Hidden space)"

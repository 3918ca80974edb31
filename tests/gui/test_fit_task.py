"""Curve fitting in the window: choosing the task, the fitted curve on the plane, a and b typed by hand."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.network_diagram import bias_handle

from .conftest import WAIT_MS
from .test_network_diagram import weight_point


@pytest.fixture
def window(make_window):
    return make_window(Scenario(PresetSpec("xor", points=100), NetworkSpec((4,), "tanh"), TrainingSettings()))


def test_choosing_curve_fitting_switches_the_whole_window(qtbot, window):
    data, network, training = window.data_panel, window.network_panel, window.training_panel
    data.task_combo.setCurrentIndex(data.task_combo.findData("fit"))
    session = window.session
    assert session.dataset.is_fit and session.preset.name == "line" and len(session.dataset) == 30
    names = [data.preset_combo.itemData(i) for i in range(data.preset_combo.count())]
    assert names == ["line", "parabola", "wave", "step", None]  # the fit presets, then "Custom data"
    assert session.network.task == "fit" and session.network.features == ("x1",)
    assert not network.feature_buttons["x2"].isEnabled() and network.feature_buttons["x1"].text() == "x"
    assert session.training.loss == "mse" and not training.loss_combo.isEnabled()
    assert window.class_panel.isHidden()
    qtbot.waitUntil(lambda: window.latest_snapshot.task == "fit", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.boundary_view._curve.isVisible(), timeout=WAIT_MS)
    assert window.metrics_panel.captions["test_accuracy"].text() == "Test fit (R²)"
    assert window.boundary_view.plot.getAxis("bottom").labelText == "x"

    data.task_combo.setCurrentIndex(data.task_combo.findData("classify"))
    assert not session.dataset.is_fit and session.preset.name == "rabbits-unicorns"
    assert session.network.features == ("x1", "x2") and session.training.loss == "cross-entropy"
    assert not window.class_panel.isHidden() and training.loss_combo.isEnabled()
    qtbot.waitUntil(lambda: window.latest_snapshot.task == "classify", timeout=WAIT_MS)
    assert window.metrics_panel.captions["test_accuracy"].text() == "Test accuracy"
    assert not window.boundary_view._curve.isVisible()


def test_undo_takes_the_task_back_too(qtbot, window):
    window.data_panel.task_combo.setCurrentIndex(window.data_panel.task_combo.findData("fit"))
    assert window.session.dataset.is_fit
    window.session.undo_stack.undo()
    assert not window.session.dataset.is_fit and window.session.preset.name == "xor"
    assert window.data_panel.task_combo.currentData() == "classify"
    assert window.session.network.features == ("x1", "x2")


def test_training_fits_the_line_and_shows_its_equation(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("line"), NetworkSpec((), features=("x1",)),
                                  TrainingSettings("sgd", 0.1)))
    assert window.network_panel.fit_hint.isVisibleTo(window)
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step >= 1000, timeout=WAIT_MS)
    window.pause()
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)
    a, b = window.latest_snapshot.fit_line
    assert abs(a - 2) < 0.1 and abs(b - 1) < 0.1
    view = window.boundary_view
    qtbot.waitUntil(lambda: view._caption.isVisible(), timeout=WAIT_MS)
    assert view._caption.toPlainText().startswith("network: y = ")
    float(window.metrics_panel.values["test_accuracy"].text())  # R² as a number, not a percentage
    # every training sample has its error drawn: a vertical segment from it to the curve
    x, _y = view._residuals.getData()
    assert len(x) == 2 * len(window.session.dataset.train_points)
    np.testing.assert_allclose(x[0::2], x[1::2])


def test_typing_a_and_b_in_the_diagram_draws_that_line(qtbot, make_window, monkeypatch):
    window = make_window(Scenario(PresetSpec("line"), NetworkSpec((), features=("x1",)), TrainingSettings()))
    diagram = window.network_diagram
    qtbot.waitUntil(lambda: diagram.picture is not None, timeout=WAIT_MS)
    values = iter([-0.5, 3.0])
    monkeypatch.setattr(diagram, "ask_value", lambda title, current: next(values))
    diagram.repaint()
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=weight_point(diagram, 0, 0, 0).toPoint())
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=bias_handle(diagram._boxes[1][0]).center().toPoint())
    qtbot.waitUntil(lambda: window.latest_snapshot.fit_line is not None and
                    np.allclose(window.latest_snapshot.fit_line, (-0.5, 3.0), atol=1e-4), timeout=WAIT_MS)
    curve = window.latest_snapshot.fit_curve
    np.testing.assert_allclose(curve[:, 1], -0.5 * curve[:, 0] + 3.0, atol=1e-3)

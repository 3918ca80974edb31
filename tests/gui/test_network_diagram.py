"""The network diagram: neurons and weights drawn live, values on hover, weights typed by hand."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings
from playground.gui.network_diagram import bias_handle

from .conftest import WAIT_MS


def weight_point(diagram, layer: int, target: int, source: int) -> QPointF:
    """The middle of the line of one weight."""
    sources, targets = diagram._boxes[layer], diagram._boxes[layer + 1]
    a = sources[source].center() + QPointF(sources[source].width() / 2, 0)
    b = targets[target].center() - QPointF(targets[target].width() / 2, 0)
    return (a + b) / 2


@pytest.fixture
def window(make_window):
    return make_window(Scenario(PresetSpec("xor", points=100), NetworkSpec((4, 2), "tanh"), TrainingSettings()))


def test_the_diagram_shows_every_layer_and_weight(qtbot, window):
    diagram = window.network_diagram
    qtbot.waitUntil(lambda: diagram.picture is not None, timeout=WAIT_MS)
    picture = diagram.picture
    assert picture.layer_sizes == (2, 4, 2, 1)
    assert [w.shape for w in picture.weights] == [(4, 2), (2, 4), (1, 2)]
    assert all(m.shape[1:] == (28, 28) for m in picture.maps)
    diagram.repaint()
    assert [len(layer) for layer in diagram._boxes] == [2, 4, 2, 1]
    hit = diagram._hit(weight_point(diagram, 1, 1, 3))
    assert hit == ("weight", 1, 1, 3)
    assert f"{picture.weights[1][1, 3]:.3f}" in diagram._describe(hit)
    assert diagram._hit(diagram._boxes[2][1].center()) == ("neuron", 2, 1, None)
    assert diagram._hit(bias_handle(diagram._boxes[2][1]).center()) == ("bias", 2, 1, None)


def test_weights_and_biases_typed_by_hand_reach_the_model_paused_or_playing(qtbot, make_window, monkeypatch):
    # A tiny SGD rate, so training barely moves a typed value and it can be checked while playing.
    window = make_window(Scenario(PresetSpec("xor", points=100), NetworkSpec((4, 2), "tanh"),
                                  TrainingSettings("sgd", 0.00001)))
    diagram = window.network_diagram
    qtbot.waitUntil(lambda: diagram.picture is not None, timeout=WAIT_MS)
    typed = {"Weight": 2.5, "Bias": -1.25}
    monkeypatch.setattr(diagram, "ask_value", lambda title, current: typed[title])
    diagram.repaint()
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=weight_point(diagram, 2, 0, 1).toPoint())
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=bias_handle(diagram._boxes[1][2]).center().toPoint())
    qtbot.waitUntil(lambda: diagram.picture.weights[2][0, 1] == 2.5 and diagram.picture.biases[0][2] == -1.25,
                    timeout=WAIT_MS)
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step > 20, timeout=WAIT_MS)
    typed["Weight"] = -3.0
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=weight_point(diagram, 2, 0, 1).toPoint())
    qtbot.waitUntil(lambda: abs(diagram.picture.weights[2][0, 1] + 3.0) < 1e-2, timeout=WAIT_MS)
    assert window.latest_snapshot.playing
    qtbot.mouseClick(window.transport.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.latest_snapshot.playing, timeout=WAIT_MS)


def test_the_hand_set_perceptron_draws_speed_plus_size_equals_ten(qtbot, make_window, monkeypatch):
    window = make_window(Scenario(PresetSpec(), NetworkSpec((), "step"), TrainingSettings()))
    diagram = window.network_diagram
    qtbot.waitUntil(lambda: diagram.picture is not None, timeout=WAIT_MS)
    assert diagram.picture.data_units
    values = iter([1.0, 1.0, -10.0])
    monkeypatch.setattr(diagram, "ask_value", lambda title, current: next(values))
    diagram.repaint()
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=weight_point(diagram, 0, 0, 0).toPoint())  # speed
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=weight_point(diagram, 0, 0, 1).toPoint())  # size
    bias = bias_handle(diagram._boxes[1][0]).center().toPoint()
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=bias)
    qtbot.waitUntil(lambda: abs(float(diagram.picture.biases[0][0]) + 10.0) < 1e-3, timeout=WAIT_MS)
    np.testing.assert_allclose(diagram.picture.weights[0], [[1.0, 1.0]], atol=1e-4)
    line = window.latest_snapshot.boundary_segments.reshape(-1, 2)
    np.testing.assert_allclose(line.sum(axis=1), 10.0, atol=0.05)  # the line speed + size = 10
    assert window.latest_snapshot.metrics.test_accuracy > 0.95


def test_clicking_a_neuron_shows_its_map_large_and_clicking_again_goes_back(qtbot, window):
    diagram, view = window.network_diagram, window.boundary_view
    qtbot.waitUntil(lambda: diagram.picture is not None, timeout=WAIT_MS)
    diagram.repaint()
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=diagram._boxes[1][3].center().toPoint())
    qtbot.waitUntil(lambda: window.latest_snapshot.focus == (1, 3), timeout=WAIT_MS)
    focus_map = window.latest_snapshot.focus_map
    assert focus_map.shape == (200, 200)
    # It is the same neuron the diagram shows small: compare at the diagram's resolution.
    small = diagram.picture.maps[1][3]
    assert np.corrcoef(focus_map[::200 // 28][:28, ::200 // 28][:, :28].ravel(), small.ravel())[0, 1] > 0.95
    assert view._caption.isVisible() and "Layer 1, neuron 4" in view._caption.toPlainText()
    assert not view._boundary.isVisible()
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=diagram._boxes[1][3].center().toPoint())
    qtbot.waitUntil(lambda: window.latest_snapshot.focus is None, timeout=WAIT_MS)
    assert not view._caption.isVisible() and view._boundary.isVisible()


def test_pointing_between_a_network_change_and_its_repaint_finds_nothing(qtbot, window):
    diagram = window.network_diagram
    qtbot.waitUntil(lambda: diagram.picture is not None, timeout=WAIT_MS)
    diagram.repaint()
    old_boxes = diagram._boxes
    window.session.set_network(NetworkSpec((3,), "relu"))
    qtbot.waitUntil(lambda: diagram.picture.layer_sizes == (2, 3, 1), timeout=WAIT_MS)
    diagram._boxes = old_boxes  # as if the mouse moved before the next paint
    assert diagram._hit(old_boxes[2][1].center()) is None


def test_a_new_frame_of_the_diagram_repaints_nothing_behind_it(qtbot):
    # The diagram paints all of itself every frame; the panels around it must not be painted again under it.
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from playground.gui.network_diagram import NetworkDiagram

    class Panel(QWidget):
        paints = 0

        def paintEvent(self, event) -> None:
            Panel.paints += 1

    panel = Panel()
    panel.setAutoFillBackground(True)  # as the window's panels and splitters: a background of their own
    qtbot.addWidget(panel)
    diagram = NetworkDiagram()
    QVBoxLayout(panel).addWidget(diagram)
    painted = []
    diagram.painted.connect(lambda: painted.append(1))
    panel.resize(400, 300)
    panel.show()
    qtbot.waitUntil(lambda: Panel.paints >= 1 and bool(painted), timeout=WAIT_MS)  # the first paint of all
    before, painted[:] = Panel.paints, []
    for count in range(1, 4):
        diagram.update()  # as a new frame does
        qtbot.waitUntil(lambda count=count: len(painted) >= count, timeout=WAIT_MS)
    assert Panel.paints == before
    pixel = diagram.grab().toImage().pixelColor(5, 5)
    assert (pixel.red(), pixel.green(), pixel.blue()) == (255, 255, 255)  # and what it paints covers it: white

"""The loss landscape beside the plane, for a network of one neuron: it takes the hidden space's place, its path is
the optimiser's real parameters, and a real click on it sets the parameters the training process uses."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from playground.core.landscape_frames import LandscapeRequest
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario
from playground.core.training import Trainer, TrainingSettings

from .conftest import WAIT_MS, ask_process

LINE = Scenario(PresetSpec("line"), NetworkSpec((), features=("x1",), task="fit", n_classes=1),
                TrainingSettings("sgd", 0.1))


def data_line(report, dataset) -> tuple[float, float]:
    """(a, b) of y = a·x + b from the process's own weights (in the network's units: x and y scaled to [-1, 1] over
    the plane's bounds)."""
    (w, bias), = report.weights
    xmin, xmax, ymin, ymax = dataset.bounds()
    cx, sx, cy, sy = (xmin + xmax) / 2, (xmax - xmin) / 2, (ymin + ymax) / 2, (ymax - ymin) / 2
    a = float(w[0, 0]) * sy / sx
    return a, cy + sy * (float(bias[0]) - float(w[0, 0]) * cx / sx)


def click(view, x: float, y: float) -> None:
    """A real left click at the parameters (x, y), posted to the view's viewport and handled by the event loop."""
    scene = view.plot.getViewBox().mapViewToScene(QPointF(x, y))
    local = QPointF(view.mapFromScene(scene))
    viewport = view.viewport()
    for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QApplication.postEvent(viewport, QMouseEvent(kind, local, QPointF(viewport.mapToGlobal(local.toPoint())),
                                                     Qt.MouseButton.LeftButton, buttons,
                                                     Qt.KeyboardModifier.NoModifier))
    QApplication.processEvents()


@pytest.fixture
def window(make_window):
    window = make_window(LINE)
    window.pause()
    return window


def test_the_landscape_takes_the_hidden_spaces_place_for_one_neuron(qtbot, window):
    assert window.second_view.shows_landscape and window.landscape_panel.isVisible()
    assert not window.hidden_panel.isVisible()
    qtbot.waitUntil(lambda: ask_process(qtbot, window).landscape == LandscapeRequest((0, 1)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.landscape_panel.view.frame is not None, timeout=WAIT_MS)
    assert window.landscape_panel.view.plot.getAxis("bottom").labelText == "a (slope)"
    window.hidden_action.setChecked(False)  # View > H: the view beside the plane goes, and its frames with it
    assert window.landscape_panel.isHidden() and window.landscape_panel.request() is None
    qtbot.waitUntil(lambda: ask_process(qtbot, window).landscape is None, timeout=WAIT_MS)
    window.hidden_action.setChecked(True)
    assert window.landscape_panel.isVisible()
    qtbot.waitUntil(lambda: ask_process(qtbot, window).landscape == LandscapeRequest((0, 1)), timeout=WAIT_MS)
    window.session.set_network(NetworkSpec((2,), features=("x1",), task="fit", n_classes=1))
    assert not window.second_view.shows_landscape and window.hidden_panel.isVisible()
    qtbot.waitUntil(lambda: ask_process(qtbot, window).landscape is None, timeout=WAIT_MS)  # no frames of it
    assert window.worker.state.hidden is not None


def test_the_path_drawn_is_the_optimisers_real_parameters(qtbot, window):
    """Twelve steps with the Step button: the view's path is the trainer's (a, b) after each step, read off a
    trainer run here one step at a time."""
    steps = 12
    for _ in range(steps):
        qtbot.mouseClick(window.transport.step_button, Qt.MouseButton.LeftButton)
        qtbot.wait(5)
    view = window.landscape_panel.view
    qtbot.waitUntil(lambda: view.frame is not None and view.frame.path_steps[-1] == steps, timeout=WAIT_MS)
    xs, ys = view.path.xData, view.path.yData
    assert list(view.frame.path_steps) == list(range(steps + 1))
    trainer = Trainer(window.session.dataset, window.session.network, window.session.training)
    expected = [trainer.fit_line()]
    for _ in range(steps):
        trainer.step(1)
        expected.append(trainer.fit_line())
    assert np.c_[xs, ys] == pytest.approx(np.array(expected), abs=1e-4)
    assert (xs[-1], ys[-1]) == pytest.approx(window.latest_snapshot.fit_line, abs=1e-5)
    # the view holds the frame's own pictures: the heat map, the contours and the current point
    frame = view.frame
    assert np.array_equal(view.image.image, frame.shade)
    assert len(view.contours.xData) == 2 * len(frame.contours) > 0
    assert tuple(view.current.data["x"]) + tuple(view.current.data["y"]) == pytest.approx(frame.current)


def test_a_click_on_the_landscape_sets_a_and_b_there(qtbot, window):
    view = window.landscape_panel.view
    qtbot.waitUntil(lambda: view.frame is not None, timeout=WAIT_MS)
    xmin, xmax, ymin, ymax = view.frame.bounds
    target = (xmin + 0.2 * (xmax - xmin), ymin + 0.75 * (ymax - ymin))
    click(view, *target)
    box = view.plot.getViewBox()
    pixel = (xmax - xmin) / box.width() * 2, (ymax - ymin) / box.height() * 2  # two pixels' worth of a and b
    qtbot.waitUntil(lambda: data_line(ask_process(qtbot, window), window.session.dataset)[0] == pytest.approx(
        target[0], abs=pixel[0]), timeout=WAIT_MS)
    a, b = data_line(ask_process(qtbot, window), window.session.dataset)
    assert (a, b) == (pytest.approx(target[0], abs=pixel[0]), pytest.approx(target[1], abs=pixel[1]))
    # the plane's line moved there, and the path starts again from the point clicked
    qtbot.waitUntil(lambda: window.latest_snapshot.fit_line == pytest.approx((a, b), abs=1e-4), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(view.path.xData) == 1 and view.path.xData[0] == pytest.approx(a, abs=1e-4),
                    timeout=WAIT_MS)
    qtbot.mouseClick(window.transport.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.path.xData) == 2, timeout=WAIT_MS)
    assert view.path.xData[0] == pytest.approx(a, abs=1e-4) and view.path.yData[0] == pytest.approx(b, abs=1e-4)


def test_a_classifier_chooses_which_two_of_its_three_parameters(qtbot, make_window):
    window = make_window(Scenario(PresetSpec("rabbits-unicorns", points=80), NetworkSpec(()), TrainingSettings()))
    window.pause()
    combo = window.landscape_panel.plane_combo
    assert combo.isVisible() and [combo.itemText(i) for i in range(combo.count())] == \
        ["w1 and w2", "w1 and b", "w2 and b"]
    combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: ask_process(qtbot, window).landscape == LandscapeRequest((0, 2)), timeout=WAIT_MS)
    view = window.landscape_panel.view
    qtbot.waitUntil(lambda: view.frame is not None and view.frame.names == ("w1", "b"), timeout=WAIT_MS)
    assert view.frame.held[0] == "w2"
    assert view.plot.getAxis("bottom").labelText == "w1 (weight of speed)"
    xmin, xmax, ymin, ymax = view.frame.bounds
    target = ((xmin + xmax) / 2 + 0.1 * (xmax - xmin), ymin + 0.3 * (ymax - ymin))
    click(view, *target)
    picture = window.network_diagram  # the diagram shows the first layer in the data's units

    def w1_and_b():
        network = window.latest_snapshot.network
        return float(network.weights[0][0, 0]), float(network.biases[0][0])

    qtbot.waitUntil(lambda: w1_and_b() == pytest.approx(target, rel=0.02, abs=0.02 * (ymax - ymin)),
                    timeout=WAIT_MS)
    assert picture is not None

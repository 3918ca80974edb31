"""The training process really uses what the learner sets with the widgets. Each test changes one setting
with the real control, trains a step or two, and checks the frames that come back from the training process
against values derived here independently (NumPy gradients, torch's own initialisation, counting samples).
Each would fail if the training process ignored that setting: the expected numbers then differ by far more
than the tolerance (the tests say by how much, or why).

The network is mostly one neuron on x1, x2 (two classes: one sigmoid output), on data whose plane is exactly
[-1, 1]², so the weights the network picture shows in the data's units are the network's own."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec
from playground.core.scenario import Scenario
from playground.core.training import TrainingSettings

from .conftest import WAIT_MS

TOLERANCE = {"rtol": 1e-4, "atol": 1e-6}  # float32 arithmetic in torch against float64 here


def square_data() -> Dataset:
    """20 points in [-1, 1]² (the plane itself, so data units are the network's units), 16 of them training
    points, labelled by a line with a few exceptions."""
    rng = np.random.default_rng(11)
    points = rng.uniform(-0.95, 0.95, (20, 2))
    labels = (points[:, 0] + 0.5 * points[:, 1] > 0.1).astype(np.int64)
    labels[[2, 7, 13]] ^= 1
    is_test = np.zeros(20, bool)
    is_test[[0, 5, 10, 15]] = True
    return Dataset(points, labels, is_test, class_names=("A", "B"), domain=(-1.0, 1.0, -1.0, 1.0))


DATA = square_data()
X = DATA.train_points.astype(np.float64)
Y = DATA.train_labels.astype(np.float64)


def open_window(make_window, optimizer: str = "adam", rate: float = 0.03, network: NetworkSpec | None = None,
                **settings):
    network = network or NetworkSpec((), "sigmoid")
    return make_window(Scenario(DATA, network, TrainingSettings(optimizer, rate, **settings)))


def neuron(window) -> tuple[np.ndarray, float]:
    """The single neuron's weights (w1, w2) and bias in the newest frame from the training process."""
    picture = window.latest_snapshot.network
    assert picture.layer_sizes == (2, 1) and picture.data_units
    return picture.weights[0][0].astype(np.float64), float(picture.biases[0][0])


def gradient(w: np.ndarray, b: float, loss: str = "cross-entropy") -> tuple[np.ndarray, float]:
    """d(mean loss)/d(w, b) over the training points, for p = sigmoid(w·x + b)."""
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    # Cross-entropy -[y log p + (1 - y) log(1 - p)] has slope p - y in z; the squared error over the two class
    # probabilities, ½[(1-p - (1-y))² + (p - y)²] = (p - y)², has slope 2 (p - y) p (1 - p).
    slope = (p - Y) if loss == "cross-entropy" else 2.0 * (p - Y) * p * (1.0 - p)
    dz = slope / len(Y)
    return X.T @ dz, float(dz.sum())


def choose(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def slide(value_slider, value) -> None:
    value_slider.slider.setValue(value_slider.values.index(value))


def step(qtbot, window, times: int = 1) -> None:
    """Press Step `times` times, each time until the frame after the last step asked for has come (a step by
    epoch runs its steps in chunks, and the frames between them say that training goes on)."""
    for _ in range(times):
        before = window.latest_snapshot.metrics.step
        qtbot.mouseClick(window.transport.step_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda b=before: window.latest_snapshot.metrics.step > b and not window.latest_snapshot.playing,
                        timeout=WAIT_MS)


def test_sgd_at_the_chosen_learning_rate_takes_exactly_one_gradient_step(qtbot, make_window):
    """Adam at 0.03 in the file; SGD at 0.3 chosen. Ignoring either, the step would be Adam's (about 0.03 per
    weight, whatever the gradient) or a tenth as long."""
    window = open_window(make_window, "adam", 0.03)
    w0, b0 = neuron(window)
    panel = window.training_panel
    choose(panel.optimizer_combo, "sgd")
    slide(panel.rate_slider, 0.3)
    step(qtbot, window)
    gw, gb = gradient(w0, b0)
    w1, b1 = neuron(window)
    np.testing.assert_allclose(w1, w0 - 0.3 * gw, **TOLERANCE)
    assert b1 == pytest.approx(b0 - 0.3 * gb, rel=1e-4, abs=1e-6)
    assert np.abs(0.3 * gw).min() > 1e-3  # the step is far larger than the tolerance
    assert window.latest_snapshot.metrics.step == 1


def test_a_new_learning_rate_applies_from_the_next_step(qtbot, make_window):
    window = open_window(make_window, "sgd", 0.3)
    step(qtbot, window)
    w1, b1 = neuron(window)
    slide(window.training_panel.rate_slider, 3.0)
    step(qtbot, window)
    gw, gb = gradient(w1, b1)
    w2, b2 = neuron(window)
    np.testing.assert_allclose(w2, w1 - 3.0 * gw, **TOLERANCE)
    assert b2 == pytest.approx(b1 - 3.0 * gb, rel=1e-4, abs=1e-6)


def test_momentum_adds_the_previous_step_to_the_second(qtbot, make_window):
    """SGD with momentum 0.9: the first step is plain SGD's, the second adds 0.9 times the first gradient.
    Staying with plain SGD would miss 0.3 · 0.9 · g0 on the second step."""
    window = open_window(make_window, "sgd", 0.3)
    choose(window.training_panel.optimizer_combo, "momentum")
    w0, b0 = neuron(window)
    step(qtbot, window)
    g0w, g0b = gradient(w0, b0)
    w1, b1 = neuron(window)
    np.testing.assert_allclose(w1, w0 - 0.3 * g0w, **TOLERANCE)
    step(qtbot, window)
    g1w, g1b = gradient(w1, b1)
    w2, b2 = neuron(window)
    np.testing.assert_allclose(w2, w1 - 0.3 * (0.9 * g0w + g1w), **TOLERANCE)
    assert b2 == pytest.approx(b1 - 0.3 * (0.9 * g0b + g1b), rel=1e-4, abs=1e-6)
    assert np.abs(0.3 * 0.9 * g0w).min() > 1e-3  # plain SGD's second step would be this far off


def test_squared_error_loss_gives_its_own_gradient(qtbot, make_window):
    """The squared error's gradient carries the sigmoid's slope p(1 - p) (here at most ¼ and often much less)
    and twice the error: a different step from cross-entropy's."""
    window = open_window(make_window, "sgd", 1.0)
    w0, b0 = neuron(window)
    choose(window.training_panel.loss_combo, "mse")
    step(qtbot, window)
    gw, gb = gradient(w0, b0, "mse")
    w1, b1 = neuron(window)
    np.testing.assert_allclose(w1, w0 - gw, **TOLERANCE)
    assert b1 == pytest.approx(b0 - gb, rel=1e-4, abs=1e-6)
    cross_entropy, _ = gradient(w0, b0)
    assert np.abs(cross_entropy - gw).min() > 1e-3


@pytest.mark.parametrize(("kind", "rate"), [("l2", 0.1), ("l1", 0.03)])
def test_regularisation_pulls_the_weights_in_by_its_formula(qtbot, make_window, kind, rate):
    """L2 adds rate · w to the weights' gradient, L1 rate · sign(w); the bias is not regularised."""
    window = open_window(make_window, "sgd", 0.3)
    w0, b0 = neuron(window)
    panel = window.training_panel
    choose(panel.reg_combo, kind)
    choose(panel.reg_rate_combo, rate)
    step(qtbot, window)
    gw, gb = gradient(w0, b0)
    penalty = rate * (w0 if kind == "l2" else np.sign(w0))
    w1, b1 = neuron(window)
    np.testing.assert_allclose(w1, w0 - 0.3 * (gw + penalty), **TOLERANCE)
    assert b1 == pytest.approx(b0 - 0.3 * gb, rel=1e-4, abs=1e-6)
    assert np.abs(0.3 * penalty).min() > 1e-4  # what ignoring the penalty would miss


def test_the_batch_size_sets_how_many_samples_each_step_sees(qtbot, make_window):
    """16 training points, batches of 4: three steps are 12 samples, 0.75 of an epoch (a whole epoch per step
    if the batch size were ignored), and Step by epoch takes 4 steps."""
    window = open_window(make_window, "sgd", 0.3)
    slide(window.training_panel.batch_slider, 4)
    step(qtbot, window, 3)
    metrics = window.latest_snapshot.metrics
    assert (metrics.step, metrics.epoch) == (3, 0.75)
    assert window.transport.epoch_label.text() == "0.8"
    choose(window.transport.step_size_combo, "epoch")
    step(qtbot, window)
    metrics = window.latest_snapshot.metrics
    assert (metrics.step, metrics.epoch) == (7, 1.75)


def first_layer_from_seed(seed: int, inputs: int = 2, outputs: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The starting weights torch gives a first layer after seeding its generator."""
    torch.manual_seed(seed)
    layer = torch.nn.Linear(inputs, outputs)
    return layer.weight.detach().numpy().astype(np.float64), layer.bias.detach().numpy().astype(np.float64)


def type_seed(qtbot, window, seed: int) -> None:
    spin = window.training_panel.seed_spin
    spin.selectAll()
    qtbot.keyClicks(spin, str(seed))
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert window.session.training.seed == seed


def test_the_weights_seed_chooses_the_starting_map(qtbot, make_window):
    """The same seed gives the same starting weights and map; another seed other ones (torch's own first
    layer after seeding it, derived here)."""
    window = open_window(make_window, "sgd", 0.3, seed=5)
    first = window.latest_snapshot
    w, b = first_layer_from_seed(5)
    np.testing.assert_allclose(first.network.weights[0], w, **TOLERANCE)
    np.testing.assert_allclose(first.network.biases[0], b, **TOLERANCE)
    step(qtbot, window)
    type_seed(qtbot, window, 8)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 0, timeout=WAIT_MS)
    w8, b8 = first_layer_from_seed(8)
    np.testing.assert_allclose(window.latest_snapshot.network.weights[0], w8, **TOLERANCE)
    np.testing.assert_allclose(window.latest_snapshot.network.biases[0], b8, **TOLERANCE)
    assert np.abs(w8 - w).max() > 0.05
    assert np.abs(window.latest_snapshot.probabilities - first.probabilities).max() > 0.01
    step(qtbot, window)
    type_seed(qtbot, window, 5)
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step == 0, timeout=WAIT_MS)
    again = window.latest_snapshot
    np.testing.assert_array_equal(again.network.weights[0], first.network.weights[0])
    np.testing.assert_array_equal(again.probabilities, first.probabilities)  # the same starting map


def test_layers_activations_and_inputs_chosen_in_the_network_panel_are_what_trains(qtbot, make_window):
    """The frames' network picture (drawn from the training process's own model) follows the Network panel:
    layer sizes, inputs, and activations, by name and by what the neurons output."""
    window = open_window(make_window, "sgd", 0.3)
    panel = window.network_panel

    def picture():
        return window.latest_snapshot.network

    qtbot.mouseClick(panel.add_layer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: picture().layer_sizes == (2, 4, 1), timeout=WAIT_MS)
    assert picture().activations == ("tanh",)
    assert picture().maps[1].min() < 0  # tanh outputs below zero somewhere on the plane
    panel.width_spins[0].setValue(6)
    choose(panel.activation_combos[0], "relu")
    qtbot.waitUntil(lambda: picture().layer_sizes == (2, 6, 1) and picture().activations == ("relu",),
                    timeout=WAIT_MS)
    assert picture().maps[1].min() >= 0  # a ReLU outputs nothing below zero
    qtbot.mouseClick(panel.feature_buttons["x1x2"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: picture().feature_names == ("x1", "x2", "x1x2"), timeout=WAIT_MS)
    assert picture().layer_sizes == (3, 6, 1)
    # The input x1·x2 over the plane is the product of the coordinates (scaled to [-1, 1], here the same).
    xs = np.linspace(-1, 1, 28, endpoint=False) + 1 / 28
    np.testing.assert_allclose(picture().maps[0][2], np.outer(xs, xs), atol=1e-5)
    assert window.network_diagram.picture.activations == ("relu",)

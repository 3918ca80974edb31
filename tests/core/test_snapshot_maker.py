"""The snapshot maker: each set of points goes through the network once per snapshot, and what the shared passes
give is what the network gives at those points called directly (module by module, written out here)."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest
import torch
from torch import nn

from playground.core.dataset import Dataset
from playground.core.hidden_frames import HiddenRequest
from playground.core.network import NetworkSpec, class_probabilities
from playground.core.presets import PresetSpec, generate
from playground.core.push_arrows import point_pushes
from playground.core.scenario import Scenario
from playground.core.snapshot_maker import GRID_WORK, MIN_GRID, PICTURE_SIZE
from playground.core.training import Trainer, TrainingSettings

SETTINGS = TrainingSettings("adam", 0.03, batch_size=10, device="cpu")
TOLERANCE = dict(rtol=1e-5, atol=2e-6)  # float32 rounding: the passes may add up a layer's sums in another order


def three_classes(n: int = 240) -> Dataset:
    rng = np.random.default_rng(1)
    centres = np.array([[-3.0, -3.0], [3.0, -3.0], [0.0, 3.0]])
    labels = np.arange(n) % 3
    return Dataset.create(centres[labels] + rng.normal(0.0, 0.9, size=(n, 2)), labels, test_ratio=0.4, seed=0,
                          domain=(-6.0, 6.0, -6.0, 6.0))


CASES = {
    "tanh 4,2": (lambda: generate(PresetSpec("spiral", points=200)), NetworkSpec((4, 2), "tanh")),
    "relu, dropout, features": (lambda: generate(PresetSpec("circle", points=200)),
                                NetworkSpec((5, 3), ("relu", "sigmoid"), features=("x1", "x2", "x1sq", "sinx2"),
                                            dropout=0.2)),
    "three classes": (three_classes, NetworkSpec((6,), "leaky-relu", n_classes=3)),
    "perceptron": (lambda: generate(PresetSpec("gauss", points=100)), NetworkSpec((), "step")),
    "fit": (lambda: generate(PresetSpec("wave", points=60)),
            NetworkSpec((6,), "gelu", n_classes=1, features=("x1", "x1sq"), task="fit")),
}


@pytest.fixture(scope="module", params=list(CASES))
def trainer(request) -> Trainer:
    make_data, spec = CASES[request.param]
    trainer = Trainer(make_data(), spec, SETTINGS)
    trainer.step(30)
    return trainer


def grid_of(bounds, size: int) -> np.ndarray:
    """Cell centres, row i = y, column j = x, written out again."""
    xmin, xmax, ymin, ymax = bounds
    xs = xmin + (np.arange(size) + 0.5) * (xmax - xmin) / size
    ys = ymin + (np.arange(size) + 0.5) * (ymax - ymin) / size
    return np.array([[x, y] for y in ys for x in xs], dtype=np.float32)


@torch.no_grad()
def every_layer(trainer: Trainer, points: np.ndarray) -> list[np.ndarray]:
    """The network called module by module in its usual (points, neurons) layout: the features, each hidden
    layer after its activation, and the logits."""
    trainer.model.eval()
    x = trainer.model[0](torch.as_tensor(points))
    found = []
    for module in trainer.model[1]:
        x = module(x)
        if not isinstance(module, nn.Linear | nn.Dropout):
            found.append(x.numpy().copy())
    if trainer.spec.perceptron:
        found.pop()
    return [*found, x.numpy().copy()]


def probabilities(trainer: Trainer, logits: np.ndarray) -> np.ndarray:
    return class_probabilities(torch.as_tensor(logits), trainer.spec.perceptron).numpy()


def test_the_probability_map_is_the_networks_output_at_the_cell_centres(trainer):
    if trainer.is_fit:
        pytest.skip("a fitted curve has no class map")
    snapshot = trainer.snapshot()
    size = trainer.grid_size
    expected = probabilities(trainer, every_layer(trainer, grid_of(snapshot.bounds, size))[-1])
    assert snapshot.probabilities.shape == (size, size, expected.shape[1])
    np.testing.assert_allclose(snapshot.probabilities.reshape(size * size, -1), expected, **TOLERANCE)


def test_the_focused_neurons_map_is_that_neurons_output_over_the_grid(trainer):
    layers = every_layer(trainer, grid_of(trainer.dataset.bounds(), trainer.grid_size))
    size = trainer.grid_size
    for layer in range(len(layers) - 1):  # the features and every hidden layer
        for neuron in (0, layers[layer].shape[1] - 1):
            trainer.focus = (layer, neuron)
            snapshot = trainer.snapshot()
            assert snapshot.focus == (layer, neuron)
            np.testing.assert_allclose(snapshot.focus_map, layers[layer][:, neuron].reshape(size, size), **TOLERANCE)
            np.testing.assert_array_equal(trainer.neuron_map(layer, neuron), snapshot.focus_map)
    trainer.focus = (len(layers) + 3, 0)  # a neuron that is gone: no map
    assert trainer.snapshot().focus_map is None and trainer.neuron_map(len(layers) + 3, 0) is None
    trainer.focus = None


def test_the_diagrams_maps_are_every_neurons_output_over_its_small_grid(trainer):
    bounds = trainer.dataset.bounds()
    layers = every_layer(trainer, grid_of(bounds, PICTURE_SIZE))
    picture = trainer.snapshot().network
    expected = layers[:-1]
    output = layers[-1] if trainer.is_fit else probabilities(trainer, layers[-1])
    expected.append(output[:, 1:] if output.shape[1] == 2 and not trainer.is_fit else output)
    assert len(picture.maps) == len(expected)
    for drawn, values in zip(picture.maps, expected, strict=True):
        np.testing.assert_allclose(drawn, values.T.reshape(-1, PICTURE_SIZE, PICTURE_SIZE), **TOLERANCE)


def test_the_metrics_and_the_mistakes_are_the_networks_on_the_training_and_test_points(trainer):
    dataset = trainer.dataset
    snapshot = trainer.snapshot()
    logits = torch.as_tensor(every_layer(trainer, dataset.points.astype(np.float32))[-1])
    for rows, loss, accuracy in ((~dataset.is_test, snapshot.metrics.train_loss, snapshot.metrics.train_accuracy),
                                 (dataset.is_test, snapshot.metrics.test_loss, snapshot.metrics.test_accuracy)):
        part = logits[torch.as_tensor(np.array(rows))]
        if trainer.is_fit:
            y = torch.as_tensor(dataset.points[rows, 1], dtype=torch.float32)
            target = (y - trainer.model[0].centre[1]) / trainer.model[0].scale[1]
            residual = ((part[:, 0] - target) ** 2)
            assert loss == pytest.approx(float(residual.mean()), rel=1e-5)
            assert accuracy == pytest.approx(1 - float(residual.sum() / ((target - target.mean()) ** 2).sum()),
                                             rel=1e-5)
        else:
            y = torch.as_tensor(dataset.labels[rows], dtype=torch.int64)
            assert loss == pytest.approx(float(trainer.loss_of(part, y)), rel=1e-5)
            predicted = probabilities(trainer, part.numpy()).argmax(axis=1)
            assert accuracy == pytest.approx(float((predicted == y.numpy()).mean()))
    if trainer.is_fit:
        assert snapshot.misclassified is None
    else:
        predicted = probabilities(trainer, logits.numpy()).argmax(axis=1)
        np.testing.assert_array_equal(snapshot.misclassified, predicted != dataset.labels)
        np.testing.assert_array_equal(trainer.misclassified(), snapshot.misclassified)
    assert trainer.metrics() == snapshot.metrics


def rows_through(trainer: Trainer) -> list[int]:
    """The number of points of every call of the network's input scaling during one snapshot."""
    seen: list[int] = []
    handle = trainer.model[0].register_forward_hook(lambda _module, inputs, _output: seen.append(len(inputs[0])))
    try:
        trainer.snapshot()
    finally:
        handle.remove()
    return seen


def test_a_snapshot_sends_each_set_of_points_through_the_network_once():
    trainer = Trainer(generate(PresetSpec("spiral", points=200)), NetworkSpec((4, 2), "tanh"), SETTINGS)
    trainer.focus = (1, 2)
    n, grid = len(trainer.dataset), trainer.grid_size ** 2
    # The data's points once (metrics on the training and the test points, and the mistakes), the boundary grid
    # once (in blocks) for the probabilities and the focused neuron's map together, the diagram's grid once.
    seen = rows_through(trainer)
    assert sum(seen) == n + grid + PICTURE_SIZE ** 2
    assert seen.count(n) == 1 and seen.count(PICTURE_SIZE ** 2) == 1


def test_the_arrows_on_the_plane_and_in_the_hidden_layer_come_from_one_backward_pass(monkeypatch):
    trainer = Trainer(generate(PresetSpec("two-curves", points=80)), NetworkSpec((3, 2), "tanh"), SETTINGS)
    trainer.step(40)
    trainer.arrows = True
    trainer.hidden_request = HiddenRequest(2)  # two neurons: drawn as they are, so the arrows are the pushes
    calls = []
    grad = torch.autograd.grad

    def counting(*args, **kwargs):
        calls.append(1)
        return grad(*args, **kwargs)

    monkeypatch.setattr(torch.autograd, "grad", counting)
    snapshot = trainer.snapshot()
    monkeypatch.undo()
    assert len(calls) == 1
    np.testing.assert_allclose(snapshot.plane_arrows, point_pushes(trainer, 0), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(snapshot.hidden.arrows, point_pushes(trainer, 2), rtol=1e-4, atol=1e-6)
    assert np.isnan(snapshot.hidden.arrows[trainer.dataset.is_test]).all()
    trainer.arrows = False
    assert trainer.snapshot().plane_arrows is None


def test_the_hidden_pictures_regions_are_the_output_layer_at_each_picture_point():
    trainer = Trainer(generate(PresetSpec("two-curves", points=80)), NetworkSpec((3, 2), "tanh"), SETTINGS)
    trainer.step(40)
    trainer.hidden_request = HiddenRequest(2)  # two neurons feeding the output: drawn as they are
    frame = trainer.snapshot().hidden
    assert frame is not None and frame.regions is not None
    size = frame.regions.shape[0]
    xs = np.linspace(frame.view[0], frame.view[1], size)
    ys = np.linspace(frame.view[2], frame.view[3], size)
    picture_points = np.array([[x, y] for y in ys for x in xs], dtype=np.float32)
    with torch.no_grad():
        output = trainer.model[1][-1](torch.as_tensor(picture_points))
    expected = probabilities(trainer, output.numpy()).reshape(size, size, -1)
    np.testing.assert_allclose(frame.regions, expected, **TOLERANCE)


def test_a_very_big_network_gets_a_coarser_boundary_grid_and_a_small_one_the_full_grid():
    """The boundary grid costs cells x weights multiply-adds: ten layers of 64 get fewer cells (within
    GRID_WORK, at least MIN_GRID along a side), a TF Playground-sized network the trainer's full grid."""
    dataset = generate(PresetSpec("xor", points=60))
    big = Trainer(dataset, NetworkSpec((64,) * 10), TrainingSettings(device="cpu"))
    weights = sum(layer.weight.numel() for layer in big.linear_layers())
    side = big.snapshot().probabilities.shape[0]
    assert MIN_GRID <= side < big.grid_size
    assert side ** 2 * weights <= GRID_WORK < (side + 1) ** 2 * weights  # as many cells as the work allows
    small = Trainer(dataset, NetworkSpec((8, 8)), TrainingSettings(device="cpu"))
    snapshot = small.snapshot()
    assert snapshot.probabilities.shape[:2] == (small.grid_size, small.grid_size)


@pytest.mark.parametrize("perceptron", [False, True])
def test_the_predicted_class_is_the_most_probable_one_even_at_a_tie_or_nan(perceptron):
    """Two classes: the class is read off p > 1/2 (no two-column probabilities made); it must be what the argmax of
    class_probabilities gives (the first class on a tie, and where the logit is not a number)."""
    spec = NetworkSpec((), "step") if perceptron else NetworkSpec((3,), "tanh")
    trainer = Trainer(generate(PresetSpec("gauss", points=40)), spec, SETTINGS)
    assert trainer.spec.perceptron == perceptron
    if perceptron:
        logits = torch.tensor([[0.0], [1.0], [0.5], [float("nan")]])
    else:
        tiny = float(np.finfo(np.float32).tiny)
        logits = torch.tensor([[0.0], [1e-9], [-1e-9], [tiny], [2e-7], [-2e-7], [3.0], [-3.0], [40.0], [-120.0],
                               [float("inf")], [float("-inf")], [float("nan")]])
        logits = torch.cat([logits, torch.randn(500, 1, generator=torch.Generator().manual_seed(0)) * 1e-6])
    expected = class_probabilities(logits, perceptron).argmax(dim=1)
    assert torch.equal(trainer._maker.predicted_classes(logits), expected)


@pytest.mark.parametrize("spec", [NetworkSpec((4, 2), "tanh"), NetworkSpec((6,), "relu", dropout=0.3),
                                  NetworkSpec((), "sigmoid")])
def test_a_two_class_frame_travels_with_one_map_and_arrives_exactly_as_it_was(spec):
    """Class 0's probability is 1 - class 1's: the frame is pickled (as the pipe sends it) with class 1's map alone,
    and the window gets the same (H, W, 2) values, bit for bit."""
    dataset = Scenario(PresetSpec("two-curves", points=120)).dataset()
    trainer = Trainer(dataset, spec, TrainingSettings("adam", 0.03, batch_size=10))
    trainer.step(40)
    frame = trainer.snapshot()
    p = frame.probabilities
    assert p.shape[2] == 2 and np.array_equal(p[:, :, 0], np.float32(1) - p[:, :, 1])  # so nothing is lost
    arrived = pickle.loads(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL))
    assert arrived.probabilities.dtype == p.dtype and arrived.probabilities.flags.c_contiguous
    np.testing.assert_array_equal(arrived.probabilities, p)
    np.testing.assert_array_equal(arrived.boundary_segments, frame.boundary_segments)
    assert arrived.metrics == frame.metrics and arrived.network.layer_sizes == frame.network.layer_sizes
    full = pickle.dumps(replace(frame, probabilities=np.zeros((0, 0, 1), np.float32)))
    assert len(pickle.dumps(frame)) - len(full) < p[:, :, 1].nbytes + 1000  # one map's bytes, not two


def test_three_classes_travel_as_they_are():
    rng = np.random.default_rng(3)
    labels = np.repeat(np.arange(3), 40)
    points = (rng.normal(size=(120, 2)) + np.array([[0, 0], [4, 0], [0, 4]])[labels]).astype(np.float32)
    dataset = Dataset(points, labels, np.zeros(120, bool), class_names=("a", "b", "c"),
                      class_colours=("#ff0000", "#00ff00", "#0000ff"))
    trainer = Trainer(dataset, NetworkSpec((5,), "tanh"), TrainingSettings("adam", 0.03, batch_size=10))
    trainer.step(10)
    frame = trainer.snapshot()
    assert frame.probabilities.shape[2] == 3
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(frame)).probabilities, frame.probabilities)


def test_a_frame_whose_two_columns_do_not_add_up_travels_whole():
    frame = Trainer(Scenario(PresetSpec("two-curves", points=60)).dataset(), NetworkSpec((3,), "tanh"),
                    TrainingSettings("sgd", 0.03)).snapshot()
    odd = frame.probabilities.copy()
    odd[5, 7, 0] = 0.25  # (made by hand, as a test's stand-in process might)
    odd_frame = replace(frame, probabilities=odd)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(odd_frame)).probabilities, odd)

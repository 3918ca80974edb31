"""The perceptron (no hidden layer, the step activation) with two classes and with three or more: one step
unit per class; the firing units share the probability equally, and when none fires every class is as likely."""

import math

import numpy as np
import pytest
import torch

from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec, class_probabilities
from playground.core.training import Trainer, TrainingSettings

CPU = TrainingSettings(device="cpu")
PERCEPTRON = NetworkSpec(hidden=(), activation="step")


def three_classes() -> Dataset:
    """Three columns of points: x near 1, 2 and 3 (x1 < 1.5 is class 0, and so on), y anywhere."""
    rng = np.random.default_rng(0)
    labels = np.arange(90) % 3
    points = np.c_[labels + 1 + rng.uniform(-0.3, 0.3, 90), rng.uniform(0, 4, 90)]
    return Dataset.create(points, labels, test_ratio=0.5, seed=0)


def test_two_class_perceptron_probabilities_are_its_output():
    out = torch.tensor([[0.0], [1.0]])
    assert torch.equal(class_probabilities(out, perceptron=True), torch.tensor([[1.0, 0.0], [0.0, 1.0]]))


def test_multi_class_perceptron_probabilities_share_the_firing_units():
    out = torch.tensor([[0.0, 1.0, 0.0],   # one unit fires: that class
                        [1.0, 0.0, 1.0],   # two fire: half each
                        [0.0, 0.0, 0.0],   # none fires: every class alike
                        [1.0, 1.0, 1.0]])  # all fire: every class alike
    p = class_probabilities(out, perceptron=True)
    third = 1 / 3
    expected = torch.tensor([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5], [third, third, third], [third, third, third]])
    torch.testing.assert_close(p, expected)


def hand_set(trainer: Trainer) -> None:
    """Unit 0 fires for x1 < 1.5, unit 2 for x1 > 2.5, unit 1 never (one unit cannot pick out the middle
    column): the middle column, class 1, gets the uniform guess."""
    trainer.set_weight(0, 0, 0, -1.0)
    trainer.set_weight(0, 0, 1, 0.0)
    trainer.set_weight(0, 0, None, 1.5)
    trainer.set_weight(0, 1, 0, 0.0)
    trainer.set_weight(0, 1, 1, 0.0)
    trainer.set_weight(0, 1, None, -1.0)
    trainer.set_weight(0, 2, 0, 1.0)
    trainer.set_weight(0, 2, 1, 0.0)
    trainer.set_weight(0, 2, None, -2.5)


def test_a_three_class_perceptron_trains_measures_and_pictures_without_error():
    data = three_classes()
    trainer = Trainer(data, PERCEPTRON, CPU)
    assert trainer.spec.n_outputs == 3
    hand_set(trainer)
    assert trainer.step(5) == 5  # a perceptron does not learn by gradient, but the steps count
    metrics = trainer.metrics()
    # Units 0 and 2 are right on their classes; class 1 gets the uniform guess, whose argmax is class 0.
    for points, labels, accuracy, loss in (
            (data.train_points, data.train_labels, metrics.train_accuracy, metrics.train_loss),
            (data.test_points, data.test_labels, metrics.test_accuracy, metrics.test_loss)):
        expected = np.where(points[:, 0] < 1.5, 0, np.where(points[:, 0] > 2.5, 2, 0))
        assert accuracy == pytest.approx(np.mean(expected == labels))
        # cross-entropy of the probabilities: 1 - 1e-6 for a sure right answer, 1/3 for the uniform guess
        p_true = np.where(labels == 1, 1 / 3, 1 - 1e-6)
        assert loss == pytest.approx(float(np.mean(-np.log(p_true))), rel=1e-5)
    assert math.isfinite(metrics.train_loss)
    picture = trainer.network_picture(data.bounds())
    assert picture.layer_sizes == (2, 3)
    assert picture.maps[-1].shape == (3, 28, 28)
    snapshot = trainer.snapshot()
    assert snapshot.probabilities.shape[2] == 3
    np.testing.assert_allclose(snapshot.probabilities.sum(axis=2), 1.0, atol=1e-6)
    assert snapshot.misclassified.shape == (len(data),)


def test_a_three_class_perceptron_under_squared_error():
    data = three_classes()
    trainer = Trainer(data, PERCEPTRON, TrainingSettings(loss="mse", device="cpu"))
    hand_set(trainer)
    labels = data.train_labels
    # 0.5 · Σ (p - one-hot)²: 0 for a sure right answer, 0.5 · ((2/3)² + 2 · (1/3)²) = 1/3 for the uniform guess
    expected = np.where(labels == 1, 1 / 3, 0.0).mean()
    assert trainer.metrics().train_loss == pytest.approx(expected, abs=1e-6)

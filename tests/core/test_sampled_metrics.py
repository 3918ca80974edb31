"""Live metrics of a big data set through a big network: while training they are estimated on a fixed stratified
sample, and they are exactly what the network gives on those points; a paused frame measures every point again;
small cases are never sampled."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from playground.core.hidden_frames import HiddenRequest
from playground.core.hidden_sample import hidden_sample
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.snapshot_maker import DATA_WORK, LIVE_DATA_WORK, LIVE_MIN_SAMPLE, METRICS_SAMPLE
from playground.core.training import Trainer, TrainingSettings

SETTINGS = TrainingSettings("adam", 0.01, batch_size=32, device="cpu")
N = 12_000  # more than METRICS_SAMPLE; through three layers of 64 about 100 million multiply-adds a pass
BIG = {
    "classify": (lambda: generate(PresetSpec("xor", points=N)), NetworkSpec((64, 64, 64), "tanh")),
    "fit": (lambda: generate(PresetSpec("wave", points=N)),
            NetworkSpec((64, 64, 64), "tanh", n_classes=1, features=("x1",), task="fit")),
}


@pytest.fixture(scope="module", params=list(BIG))
def big(request) -> Trainer:
    make_data, spec = BIG[request.param]
    trainer = Trainer(make_data(), spec, SETTINGS)
    trainer.step(40)
    return trainer


def sample_size(trainer: Trainer) -> int:
    """METRICS_SAMPLE points, fewer when that many would cost more than LIVE_DATA_WORK (never under
    LIVE_MIN_SAMPLE)."""
    work = sum(layer.weight.numel() for layer in trainer.linear_layers())
    return max(LIVE_MIN_SAMPLE, min(METRICS_SAMPLE, LIVE_DATA_WORK // work))


def sample_of(trainer: Trainer) -> np.ndarray:
    dataset = trainer.dataset
    return hidden_sample(dataset.points, dataset.labels, dataset.is_test, sample_size(trainer))


@torch.no_grad()
def direct(trainer: Trainer, rows: np.ndarray) -> tuple[float, float, np.ndarray | None]:
    """Loss, accuracy (R² for a fit) and which points are wrong, from the network called on these points."""
    dataset = trainer.dataset
    trainer.model.eval()
    logits = trainer.model(torch.as_tensor(dataset.points[rows], dtype=torch.float32))
    if trainer.is_fit:
        y = torch.as_tensor(dataset.points[rows, 1], dtype=torch.float32)
        target = (y - trainer.model[0].centre[1]) / trainer.model[0].scale[1]
        residual = (logits[:, 0] - target) ** 2
        return float(residual.mean()), 1 - float(residual.sum() / ((target - target.mean()) ** 2).sum()), None
    labels = dataset.labels[rows]
    predicted = trainer.probabilities_of(logits).argmax(dim=1).numpy()
    loss = float(trainer.loss_of(logits, torch.as_tensor(labels, dtype=torch.int64)))
    return loss, float((predicted == labels).mean()), predicted != labels


def test_live_metrics_are_the_networks_on_a_fixed_stratified_sample(big):
    dataset = big.dataset
    work = sum(layer.weight.numel() for layer in big.linear_layers())
    assert len(dataset) * work > DATA_WORK and big.estimates_metrics
    snapshot = big.snapshot(live=True)
    m = snapshot.metrics
    index = sample_of(big)
    assert m.estimated and (m.sample_size, m.data_size) == (sample_size(big), N) == (len(index), len(dataset))
    assert LIVE_MIN_SAMPLE < m.sample_size < METRICS_SAMPLE  # (three layers of 64: a sample fewer than the most)
    in_sample = np.zeros(len(dataset), bool)
    in_sample[index] = True
    # Each class's training and test points keep their shares in the sample.
    for group in (~dataset.is_test, dataset.is_test):
        assert np.count_nonzero(group & in_sample) == pytest.approx(len(index) * group.mean(), abs=2)
    for rows, loss, accuracy in ((in_sample & ~dataset.is_test, m.train_loss, m.train_accuracy),
                                 (in_sample & dataset.is_test, m.test_loss, m.test_accuracy)):
        expected_loss, expected_accuracy, _ = direct(big, rows)
        assert loss == pytest.approx(expected_loss, rel=1e-5)
        assert accuracy == pytest.approx(expected_accuracy, rel=1e-5, abs=1e-6)
    if big.is_fit:
        assert snapshot.misclassified is None
        return
    # The sample's mistakes are known, and no other point is marked.
    wrong = direct(big, in_sample)[2]
    assert len(snapshot.misclassified) == len(dataset)
    np.testing.assert_array_equal(snapshot.misclassified[in_sample], wrong)
    assert not snapshot.misclassified[~in_sample].any()


def test_a_live_hidden_space_carries_the_sample_and_its_pass_gives_the_same_metrics(big, monkeypatch):
    """With the hidden space shown, a live frame's hidden space carries the metrics' sample (its mistakes all
    known), and the metrics come from that pass, with no pass of their own: the same figures."""
    alone = big.snapshot(live=True)
    passes = []
    real = big._maker.point_values
    monkeypatch.setattr(big._maker, "point_values", lambda points=None: passes.append(points) or real(points))
    big.hidden_request = HiddenRequest(2)
    try:
        shown = big.snapshot(live=True)
    finally:
        big.hidden_request = None
    assert passes == []
    np.testing.assert_array_equal(shown.hidden.point_index, sample_of(big))
    assert shown.hidden.data_size == len(big.dataset)
    for name in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        assert getattr(shown.metrics, name) == pytest.approx(getattr(alone.metrics, name), rel=1e-5, abs=1e-6)
    if not big.is_fit:
        np.testing.assert_array_equal(shown.misclassified, alone.misclassified)


def test_the_sample_stays_the_same_frame_after_frame(big):
    first = big.snapshot(live=True)
    big.step(5)
    second = big.snapshot(live=True)
    assert second.metrics.step == first.metrics.step + 5
    assert second.metrics.sample_size == first.metrics.sample_size
    if not big.is_fit:
        index = sample_of(big)
        outside = np.ones(len(big.dataset), bool)
        outside[index] = False
        assert not first.misclassified[outside].any() and not second.misclassified[outside].any()


def test_a_paused_frame_measures_every_point(big):
    live = big.snapshot(live=True)
    paused = big.snapshot()
    m = paused.metrics
    assert not m.estimated and (m.sample_size, m.data_size) == (0, 0)
    assert m == big.metrics()
    every = np.ones(len(big.dataset), bool)
    expected_loss, expected_accuracy, _ = direct(big, every & ~big.dataset.is_test)
    assert m.train_loss == pytest.approx(expected_loss, rel=1e-5)
    assert m.train_accuracy == pytest.approx(expected_accuracy, rel=1e-5, abs=1e-6)
    assert m.train_loss != live.metrics.train_loss  # (the estimate is of other points: not the same number)
    if not big.is_fit:
        np.testing.assert_array_equal(paused.misclassified, direct(big, every)[2])
        assert paused.misclassified.sum() > live.misclassified.sum()  # mistakes outside the sample shown again


@pytest.mark.parametrize(("preset", "points", "hidden", "features"), [
    ("spiral", 500, (64,) * 10, ("x1", "x2")),  # a small data set, however big the network
    ("two-curves", 100_000, (8, 8), ("x1", "x2")),
    ("spiral", 100_000, (8,) * 8, ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")),  # TF Playground's most
])
def test_small_cases_are_never_sampled(preset, points, hidden, features):
    trainer = Trainer(generate(PresetSpec(preset, points=points)), NetworkSpec(hidden, "tanh", features=features),
                      SETTINGS)
    assert not trainer.estimates_metrics
    snapshot = trainer.snapshot(live=True)
    assert not snapshot.metrics.estimated
    assert snapshot.metrics == trainer.metrics()
    np.testing.assert_array_equal(snapshot.misclassified, trainer.misclassified())


def test_a_paused_big_case_measures_every_point_again_only_when_something_they_depend_on_changed(big, monkeypatch):
    """Paused, a change that leaves the network and the data as they were (a pan, another hidden layer) reuses
    the exact figures; a weight typed in, a step or new settings measure again (and they are the network's)."""
    passes = []
    real = big._maker.point_values
    monkeypatch.setattr(big._maker, "point_values", lambda points=None: passes.append(points) or real(points))
    big.step(1)  # (from where the other tests left it)
    first = big.snapshot()
    assert len(passes) == 1
    again = big.snapshot()
    assert len(passes) == 1 and again.metrics == first.metrics  # nothing changed: not measured again
    if not big.is_fit:
        np.testing.assert_array_equal(again.misclassified, first.misclassified)
        assert again.misclassified is not first.misclassified  # (each frame its own array)
    layer = big.linear_layers()[-1]
    big.set_weight(len(big.linear_layers()) - 1, 0, 0, float(layer.weight[0, 0].detach()) + 1.0)  # typed in
    typed = big.snapshot()
    assert len(passes) == 2 and typed.metrics.train_loss != first.metrics.train_loss
    assert typed.metrics == big.metrics()  # (Trainer.metrics: a pass of its own)
    big.step(1)
    stepped = big.snapshot()
    assert len(passes) == 4 and stepped.metrics.step == typed.metrics.step + 1
    assert stepped.metrics == big.metrics()
    if not big.is_fit:  # another loss: the same weights measure another loss
        big.set_settings(replace(SETTINGS, loss="mse"))
        other = big.snapshot()
        assert len(passes) == 6 and other.metrics.train_loss != stepped.metrics.train_loss
        assert other.metrics == big.metrics()
        big.set_settings(SETTINGS)

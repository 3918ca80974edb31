"""A big data set's hidden space is drawn from a fixed, stratified sample of its points (core/hidden_sample.py)."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest
import torch

from playground.core.dataset import Dataset
from playground.core.hidden_sample import HIDDEN_SAMPLE, hidden_sample
from playground.core.hidden_space import HiddenRequest, HiddenSpaceTracker
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.push_arrows import point_pushes
from playground.core.scenario import Scenario
from playground.core.training import Trainer, TrainingSettings

BIG = 12_000  # more than HIDDEN_SAMPLE


def big_trainer(hidden=(2,), points: int = BIG, seed: int = 0, classes: str = "two-curves") -> Trainer:
    scenario = Scenario(PresetSpec(classes, points=points, seed=seed), NetworkSpec(hidden, "tanh"),
                        TrainingSettings())
    trainer = Trainer(scenario.dataset(), scenario.network, scenario.training)
    trainer.hidden_request = HiddenRequest(len(hidden))
    return trainer


def group_counts(labels: np.ndarray, is_test: np.ndarray) -> dict[tuple[int, bool], int]:
    keys = list(zip(labels.tolist(), is_test.tolist(), strict=True))
    return {key: keys.count(key) for key in set(keys)}


def test_a_big_data_set_is_drawn_from_a_fixed_sample_that_keeps_each_group_s_share():
    trainer = big_trainer()
    first, note = trainer.hidden_frame()
    assert note == "" and first.sampled and first.data_size == BIG
    index = first.point_index
    assert len(index) == HIDDEN_SAMPLE == len(first.points) == len(first.labels) == len(first.is_test)
    assert index.min() >= 0 and index.max() < BIG and np.all(np.diff(index) > 0)  # valid, sorted, no repeats
    data = trainer.dataset
    np.testing.assert_array_equal(first.labels, data.labels[index])
    np.testing.assert_array_equal(first.is_test, data.is_test[index])
    # Each class's training and test points keep their share of the whole (to rounding: one point).
    whole, drawn = group_counts(data.labels, data.is_test), group_counts(first.labels, first.is_test)
    assert set(drawn) == set(whole) and len(whole) == 4
    for key, count in whole.items():
        assert abs(drawn[key] - count * HIDDEN_SAMPLE / BIG) <= 1, key
    # Fixed: the same points frame after frame while the network learns.
    trainer.step(20)
    second, _ = trainer.hidden_frame()
    np.testing.assert_array_equal(second.point_index, index)
    assert not np.allclose(second.points, first.points)  # (it is a new picture of them)


def test_the_sample_changes_with_the_data_and_only_a_little_when_points_are_added():
    trainer = big_trainer()
    before = trainer.hidden_frame()[0].point_index
    other = big_trainer(seed=1).dataset
    trainer.set_dataset(other)
    after = trainer.hidden_frame()[0].point_index
    assert not np.array_equal(before, after)
    np.testing.assert_array_equal(after, hidden_sample(other.points, other.labels, other.is_test))
    # A few points added at the end: the others' choice stays (the picture does not jump while drawing).
    data = trainer.dataset
    extra = Dataset.create(np.r_[data.points, data.points[:30] + 0.01].astype(np.float32),
                           np.r_[data.labels, data.labels[:30]])
    extra = replace(extra, is_test=np.r_[data.is_test, np.zeros(30, bool)])
    grown = hidden_sample(extra.points, extra.labels, extra.is_test)
    assert len(np.intersect1d(grown, after)) >= HIDDEN_SAMPLE - 30


def test_a_small_class_is_still_drawn():
    rng = np.random.default_rng(3)
    labels = np.r_[np.zeros(9990, np.int64), np.ones(10, np.int64)]  # class 1: a thousandth of the points
    index = hidden_sample(rng.normal(size=(10_000, 2)), labels, np.zeros(10_000, bool), limit=500)
    assert len(index) == 500 and (labels[index] == 1).sum() >= 1


def test_a_small_data_set_carries_every_point():
    trainer = big_trainer(points=HIDDEN_SAMPLE)
    frame, _ = trainer.hidden_frame()
    assert frame.point_index is None and not frame.sampled and len(frame.points) == HIDDEN_SAMPLE
    assert frame.sample_position(17) == 17 and frame.data_index(17) == 17


@pytest.mark.parametrize(("hidden", "request_"), [((2,), HiddenRequest(1)), ((5, 3), HiddenRequest(1, "affine",
                                                                                                   neurons=(4, 1)))])
def test_the_sampled_picture_is_the_full_picture_at_those_points(hidden, request_):
    """The sampled frame's points, morph stages and arrows are the rows of the whole data set's picture at the
    sample's indices (axes that do not depend on the points: the layer as it is, or two chosen neurons)."""
    trainer = big_trainer(hidden)
    trainer.step(10)
    trainer.arrows = True
    trainer.hidden_request = replace(request_, morph=True)
    sampled, _ = trainer.hidden_frame()
    index = sampled.point_index
    data = trainer.dataset
    full = HiddenSpaceTracker().frame(trainer.model, trainer.spec.hidden, trainer.spec.activations,
                                      trainer.view_bounds or data.bounds(), data.points, trainer.hidden_request,
                                      trainer._output_values, point_pushes(trainer, request_.layer, request_.stage))
    np.testing.assert_allclose(sampled.points, full.points[index], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(sampled.arrows, full.arrows[index], rtol=1e-4, atol=1e-7, equal_nan=True)
    np.testing.assert_allclose(sampled.grid, full.grid, rtol=1e-5, atol=1e-6)
    vertices = sampled.n_vertices
    assert len(sampled.stage_positions) == len(full.stage_positions) >= 3
    # (A stage wider than 2 is drawn on PCA axes, fitted to the points carried: compared where they are fixed.)
    stages = range(len(full.stage_positions)) if hidden == (2,) else (0, len(full.stage_positions) - 1)
    for mine, whole in ((sampled.stage_positions[i], full.stage_positions[i]) for i in stages):
        assert len(mine) == vertices + len(index)
        np.testing.assert_allclose(mine[vertices:], whole[vertices:][index], rtol=1e-4, atol=1e-5)
    # And derived without the tracker: the layer's own values at the sampled points, on the frame's axes.
    with torch.no_grad():
        h = trainer.model[1][:2](trainer.model[0](torch.as_tensor(data.points[index]))).double().numpy()
    if request_.neurons is None:
        np.testing.assert_allclose(sampled.points, np.tanh(h), rtol=1e-4, atol=1e-5)
    else:
        np.testing.assert_allclose(sampled.points, h[:, list(request_.neurons)], rtol=1e-4, atol=1e-5)


def test_mistakes_and_hovered_points_map_through_the_sample():
    trainer = big_trainer()
    frame = trainer.snapshot().hidden
    wrong = trainer.snapshot().misclassified
    index = frame.point_index
    np.testing.assert_array_equal(frame.of_points(wrong), wrong[index])
    assert frame.of_points(wrong[:-1]) is None  # (another data set's mistakes: none drawn)
    np.testing.assert_array_equal(frame.of_points(wrong[index]), wrong[index])  # (already the sample's: kept)
    k = 1234
    assert frame.data_index(k) == index[k] and frame.sample_position(int(index[k])) == k
    missing = np.setdiff1d(np.arange(BIG), index)[0]
    assert frame.sample_position(int(missing)) == -1 and frame.data_index(-1) == -1


def test_a_big_frame_travels_small_and_arrives_exactly_as_it_was():
    """The mistakes travel a bit a point and the hidden regions of two classes as class 1's map alone (class 0's
    is 1 - it, to the bit); the window gets the same arrays."""
    trainer = big_trainer((3, 2))
    trainer.step(5)
    frame = trainer.snapshot()
    hidden, wrong = frame.hidden, frame.misclassified
    regions = hidden.regions
    assert regions.shape[2] == 2 and np.array_equal(regions[:, :, 0], np.float32(1) - regions[:, :, 1])
    arrived = pickle.loads(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL))
    np.testing.assert_array_equal(arrived.misclassified, wrong)
    assert arrived.misclassified.dtype == bool and wrong.any() and not wrong.all()
    np.testing.assert_array_equal(arrived.hidden.regions, regions)
    np.testing.assert_array_equal(arrived.hidden.points, hidden.points)
    np.testing.assert_array_equal(arrived.hidden.point_index, hidden.point_index)
    bare = replace(frame, misclassified=None, hidden=replace(hidden, regions=None))
    extra = len(pickle.dumps(frame)) - len(pickle.dumps(bare))
    assert extra < BIG // 8 + regions[:, :, 1].nbytes + 1000  # a bit a point, one map: not a byte each, two maps
    # The whole hidden picture: the sample's points, not every point's.
    assert len(pickle.dumps(hidden)) < 20 * HIDDEN_SAMPLE + regions.nbytes

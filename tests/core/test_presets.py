"""Preset generators: counts, reproducibility and the TensorFlow Playground's formulas."""

import numpy as np
import pytest

from playground.core.dataset import DatasetError
from playground.core.presets import MAX_POINTS, PRESETS, TF_DOMAIN, PresetSpec, generate

ALL_PRESETS = sorted(PRESETS)


def test_the_expected_presets_exist():
    assert {"rabbits-unicorns", "interleaved-curves", "spiral", "circle", "xor", "gauss"} <= set(PRESETS)


@pytest.mark.parametrize("name", ALL_PRESETS)
@pytest.mark.parametrize("points", [2, 301, 1000])
def test_generates_the_requested_count_with_two_classes(name, points):
    ds = generate(PresetSpec(name, points=points))
    assert len(ds) == points
    assert ds.points.shape == (points, 2)
    assert ds.points.dtype == np.float32
    assert np.isfinite(ds.points).all()
    if PRESETS[name].task == "fit":  # samples of a curve: one kind of point
        assert ds.n_classes == 1 and ds.is_fit and not ds.labels.any()
        return
    assert ds.n_classes == 2
    assert set(np.unique(ds.labels)) <= {0, 1}
    assert np.isfinite(ds.points).all()
    if points >= 301:
        assert set(np.unique(ds.labels)) == {0, 1}  # both classes really occur


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_same_seed_gives_the_same_data(name):
    a = generate(PresetSpec(name, points=400, noise=0.2, seed=11))
    b = generate(PresetSpec(name, points=400, noise=0.2, seed=11))
    np.testing.assert_array_equal(a.points, b.points)
    np.testing.assert_array_equal(a.labels, b.labels)
    np.testing.assert_array_equal(a.is_test, b.is_test)


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_another_seed_gives_other_data(name):
    a = generate(PresetSpec(name, points=400, noise=0.2, seed=11))
    b = generate(PresetSpec(name, points=400, noise=0.2, seed=12))
    assert not np.array_equal(a.points, b.points)
    assert not np.array_equal(a.is_test, b.is_test)


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_default_noise_is_used_when_none(name):
    spec = PresetSpec(name, points=200)
    assert spec.resolved_noise() == PRESETS[name].default_noise
    a = generate(spec)
    b = generate(PresetSpec(name, points=200, noise=PRESETS[name].default_noise))
    np.testing.assert_array_equal(a.points, b.points)


@pytest.mark.parametrize("ratio", [0.1, 0.5, 0.8])
def test_test_ratio_is_applied(ratio):
    ds = generate(PresetSpec("gauss", points=500, test_ratio=ratio))
    assert ds.is_test.sum() == round(500 * ratio)


@pytest.mark.parametrize("points", [200, 1000])
def test_spiral_without_noise_follows_the_playground_formula(points):
    ds = generate(PresetSpec("spiral", points=points, noise=0.0))
    n = points // 2
    i = np.arange(n)
    r = 5.0 * i / n
    t = 1.75 * 2.0 * np.pi * i / n
    arm1 = np.c_[r * np.sin(t), r * np.cos(t)]
    arm0 = np.c_[r * np.sin(t + np.pi), r * np.cos(t + np.pi)]
    np.testing.assert_allclose(ds.points[ds.labels == 1], arm1, rtol=0, atol=1e-5)
    np.testing.assert_allclose(ds.points[ds.labels == 0], arm0, rtol=0, atol=1e-5)
    assert ds.domain == TF_DOMAIN


def test_spiral_odd_count_splits_points_between_the_arms():
    ds = generate(PresetSpec("spiral", points=301, noise=0.0))
    assert (ds.labels == 1).sum() == 150
    assert (ds.labels == 0).sum() == 151


def test_spiral_noise_moves_points_by_at_most_noise():
    clean = generate(PresetSpec("spiral", points=400, noise=0.0))
    noisy = generate(PresetSpec("spiral", points=400, noise=0.3))
    shift = np.abs(noisy.points - clean.points)
    assert shift.max() <= 0.3 + 1e-5
    assert shift.max() > 0.1


def test_circle_without_noise_has_an_inner_disc_and_an_outer_ring():
    ds = generate(PresetSpec("circle", points=2000, noise=0.0))
    radius = np.hypot(ds.points[:, 0], ds.points[:, 1])
    inner, outer = radius[ds.labels == 1], radius[ds.labels == 0]
    assert len(inner) == 1000 and len(outer) == 1000
    assert inner.max() < 2.5
    assert outer.min() >= 3.5 - 1e-5
    assert outer.max() <= 5.0 + 1e-5


def test_xor_without_noise_labels_by_quadrant():
    ds = generate(PresetSpec("xor", points=2000, noise=0.0))
    x, y = ds.points[:, 0].astype(np.float64), ds.points[:, 1].astype(np.float64)
    np.testing.assert_array_equal(ds.labels, (x * y >= 0).astype(np.int64))
    assert np.abs(x).min() >= 0.3 - 1e-6
    assert np.abs(y).min() >= 0.3 - 1e-6
    assert np.abs(ds.points).max() <= 5.3 + 1e-5


def test_xor_with_noise_mislabels_some_points():
    ds = generate(PresetSpec("xor", points=2000, noise=0.5))
    x, y = ds.points[:, 0], ds.points[:, 1]
    disagree = (ds.labels != (x * y >= 0)).mean()
    assert 0.05 < disagree < 0.5


def test_gauss_class_means():
    ds = generate(PresetSpec("gauss", points=4000, noise=0.0))
    np.testing.assert_allclose(ds.points[ds.labels == 1].mean(axis=0), [2.0, 2.0], atol=0.1)
    np.testing.assert_allclose(ds.points[ds.labels == 0].mean(axis=0), [-2.0, -2.0], atol=0.1)
    # noise 0 is the Playground's variance 0.5
    np.testing.assert_allclose(ds.points[ds.labels == 1].var(axis=0), [0.5, 0.5], rtol=0.15)


def test_gauss_noise_widens_the_clouds():
    narrow = generate(PresetSpec("gauss", points=4000, noise=0.0))
    wide = generate(PresetSpec("gauss", points=4000, noise=0.5))
    assert wide.points[wide.labels == 1].std() > 2 * narrow.points[narrow.labels == 1].std()


def test_rabbits_and_unicorns():
    ds = generate(PresetSpec("rabbits-unicorns", points=3000, noise=1.0))
    assert ds.feature_names == ("speed", "size")
    assert ds.class_names == ("rabbit", "unicorn")
    assert ds.domain == (0.0, 10.0, 0.0, 10.0)
    assert ds.points.min() >= 0.0
    assert ds.points.max() <= 10.0
    assert ds.bounds() == ds.domain
    rabbits, unicorns = ds.points[ds.labels == 0], ds.points[ds.labels == 1]
    assert (rabbits.mean(axis=0) < unicorns.mean(axis=0)).all()  # unicorns are faster and bigger


def test_interleaved_curves_fill_the_playground_plane():
    ds = generate(PresetSpec("interleaved-curves", points=1000, noise=0.0))
    assert ds.class_names == ("upper curve", "lower curve")
    assert np.abs(ds.points).max() <= 6.0
    assert ds.bounds() == TF_DOMAIN


@pytest.mark.parametrize(("spec", "message"), [
    (PresetSpec("moons"), "unknown preset 'moons'"),
    (PresetSpec("xor", points=1), "number of points"),
    (PresetSpec("xor", points=0), "number of points"),
    (PresetSpec("xor", points=-5), "number of points"),
    (PresetSpec("xor", points=MAX_POINTS + 1), "number of points"),
    (PresetSpec("xor", noise=-0.1), "noise"),
    (PresetSpec("xor", noise=1.5), "noise"),
    (PresetSpec("xor", noise=float("nan")), "noise"),
    (PresetSpec("xor", noise=float("inf")), "noise"),
    (PresetSpec("xor", test_ratio=1.0), "test share"),
])
def test_invalid_specs_raise_dataset_error(spec, message):
    with pytest.raises(DatasetError, match=message):
        generate(spec)


def test_fresh_test_points_come_from_the_same_distribution():
    from playground.core.presets import fresh_test_points

    spec = PresetSpec("circle", points=400, seed=3)
    dataset = generate(spec)
    fresh = fresh_test_points(dataset, spec, draw=1)
    np.testing.assert_array_equal(fresh.train_points, dataset.train_points)
    assert len(fresh.test_points) == len(dataset.test_points)
    radius = np.hypot(*fresh.test_points.T)
    inside = fresh.test_labels == 1
    assert np.all(radius[inside] < 2.5) and np.all(radius[~inside] >= 3.5)  # the circle's own rule
    assert not np.array_equal(fresh.test_points, dataset.test_points)
    again = fresh_test_points(dataset, spec, draw=1)
    np.testing.assert_array_equal(again.points, fresh.points)
    assert not np.array_equal(fresh_test_points(dataset, spec, draw=2).test_points, fresh.test_points)

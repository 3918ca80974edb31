"""Dataset: validation, immutability, the train/test split and the plane's bounds."""

import numpy as np
import pytest

from playground.core.dataset import (
    CLASS_COLOURS,
    DEFAULT_TEST_SHARE,
    MAX_CLASSES,
    MAX_TEST_SHARE,
    Dataset,
    DatasetError,
    share_of_test_points,
    split_mask,
)


def make(points, labels, is_test=None, **kwargs) -> Dataset:
    points = np.asarray(points, dtype=np.float64)
    if is_test is None:
        is_test = np.zeros(len(labels), dtype=bool)
    return Dataset(points, np.asarray(labels), is_test, **kwargs)


SQUARE = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]


# ----- validation ------------------------------------------------------------------------------
def test_valid_dataset_is_accepted():
    ds = make(SQUARE, [0, 1, 1, 0])
    assert len(ds) == 4
    assert ds.n_classes == 2
    assert ds.class_colours == CLASS_COLOURS[:2]


@pytest.mark.parametrize("points", [
    np.zeros((4, 3)),
    np.zeros((4,)),
    np.zeros((2, 2, 2)),
    np.zeros((4, 1)),
])
def test_points_must_have_shape_n_by_2(points):
    with pytest.raises(DatasetError, match="shape"):
        Dataset(points, np.zeros(len(points), dtype=np.int64), np.zeros(len(points), dtype=bool))


def test_labels_and_flags_must_match_the_number_of_points():
    with pytest.raises(DatasetError, match="same length"):
        make(SQUARE, [0, 1, 0])
    with pytest.raises(DatasetError, match="same length"):
        make(SQUARE, [0, 1, 0, 1], is_test=np.zeros(5, dtype=bool))
    with pytest.raises(DatasetError, match="same length"):
        make(SQUARE, np.zeros((4, 1), dtype=np.int64))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_points_must_be_finite(bad):
    points = np.array(SQUARE)
    points[2, 1] = bad
    with pytest.raises(DatasetError, match="finite"):
        make(points, [0, 1, 0, 1])


@pytest.mark.filterwarnings("ignore:overflow encountered in cast:RuntimeWarning")
def test_points_too_large_for_float32_are_refused():
    with pytest.raises(DatasetError, match="finite"):
        make([[0.0, 0.0], [1e300, 0.0]], [0, 1])


@pytest.mark.parametrize("labels", [[0, 1, 2, 0], [0, -1, 1, 0]])
def test_labels_must_be_class_indices(labels):
    with pytest.raises(DatasetError, match="labels must lie between 0 and 1"):
        make(SQUARE, labels)


def test_one_class_is_refused():
    with pytest.raises(DatasetError, match="2 to 8 classes"):
        make(SQUARE, [0, 0, 0, 0], class_names=("only",), class_colours=CLASS_COLOURS[:1])


def test_nine_classes_are_refused():
    names = tuple(f"c{i}" for i in range(MAX_CLASSES + 1))
    with pytest.raises(DatasetError, match="not 9"):
        make(SQUARE, [0, 1, 2, 3], class_names=names, class_colours=(*CLASS_COLOURS, "#000000"))


def test_eight_classes_are_accepted():
    labels = np.arange(8)
    points = np.c_[np.arange(8.0), np.zeros(8)]
    ds = Dataset.create(points, labels)
    assert ds.n_classes == MAX_CLASSES == 8
    assert ds.class_colours == CLASS_COLOURS


def test_create_with_nine_distinct_labels_is_refused():
    with pytest.raises(DatasetError, match="2 to 8 classes"):
        Dataset.create(np.c_[np.arange(9.0), np.zeros(9)], np.arange(9))


def test_each_class_needs_one_colour():
    with pytest.raises(DatasetError, match="colour"):
        make(SQUARE, [0, 1, 0, 1], class_colours=CLASS_COLOURS[:3])


def test_exactly_two_feature_names():
    with pytest.raises(DatasetError, match="two features"):
        make(SQUARE, [0, 1, 0, 1], feature_names=("a", "b", "c"))


@pytest.mark.parametrize("domain", [(1.0, 0.0, 0.0, 1.0), (0.0, 1.0, 2.0, 2.0), (0.0, np.inf, 0.0, 1.0),
                                    (np.nan, 1.0, 0.0, 1.0)])
def test_domain_must_be_finite_with_min_below_max(domain):
    with pytest.raises(DatasetError, match="bounds"):
        make(SQUARE, [0, 1, 0, 1], domain=domain)


def test_dataset_error_is_a_value_error():
    assert issubclass(DatasetError, ValueError)


# ----- immutability and dtypes -----------------------------------------------------------------
def test_arrays_are_read_only_with_fixed_dtypes():
    ds = make(SQUARE, [0, 1, 1, 0], is_test=[True, False, False, False])
    assert ds.points.dtype == np.float32
    assert ds.labels.dtype == np.int64
    assert ds.is_test.dtype == np.bool_
    for array in (ds.points, ds.labels, ds.is_test):
        assert not array.flags.writeable
        assert array.flags.c_contiguous
    with pytest.raises(ValueError):
        ds.points[0, 0] = 5.0
    with pytest.raises(ValueError):
        ds.labels[0] = 1
    with pytest.raises(ValueError):
        ds.is_test[0] = False


def test_names_and_colours_become_tuples():
    ds = make(SQUARE, [0, 1, 1, 0], class_names=["a", "b"], feature_names=["speed", "size"],
              class_colours=["#000000", "#ffffff"])
    assert ds.class_names == ("a", "b")
    assert ds.feature_names == ("speed", "size")
    assert ds.class_colours == ("#000000", "#ffffff")


def test_train_and_test_views_follow_the_flags():
    ds = make(SQUARE, [0, 1, 1, 0], is_test=[False, True, False, True])
    np.testing.assert_array_equal(ds.train_points, [[0, 0], [0, 1]])
    np.testing.assert_array_equal(ds.test_points, [[1, 0], [1, 1]])
    np.testing.assert_array_equal(ds.train_labels, [0, 1])
    np.testing.assert_array_equal(ds.test_labels, [1, 0])


def test_dataset_does_not_share_memory_with_the_callers_array():
    base = np.zeros((8, 2), dtype=np.float32)
    ds = Dataset(base[:4], np.array([0, 1, 0, 1]), np.zeros(4, dtype=bool))
    base[0, 0] = 42.0
    assert ds.points[0, 0] == 0.0


# ----- split -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("n", "ratio"), [(10, 0.5), (101, 0.3), (7, 0.0), (1000, 0.25), (3, 0.2), (9, 0.45)])
def test_split_mask_chooses_round_n_times_ratio_test_points(n, ratio):
    mask = split_mask(n, ratio, seed=3)
    assert mask.dtype == np.bool_
    assert mask.shape == (n,)
    assert int(mask.sum()) == round(n * ratio)


def test_split_mask_is_reproducible_by_seed():
    np.testing.assert_array_equal(split_mask(200, 0.5, 7), split_mask(200, 0.5, 7))


def test_split_mask_differs_across_seeds():
    masks = [split_mask(200, 0.5, seed) for seed in range(5)]
    for i in range(len(masks)):
        for j in range(i + 1, len(masks)):
            assert not np.array_equal(masks[i], masks[j])


@pytest.mark.parametrize(("n", "ratio"), [(10, 0.99), (2, 0.9), (50, 0.999)])
def test_split_mask_keeps_at_least_one_training_point(n, ratio):
    mask = split_mask(n, ratio, seed=0)
    assert (~mask).sum() >= 1
    assert mask.sum() == n - 1


@pytest.mark.parametrize("ratio", [-0.1, 1.0, 1.5])
def test_split_mask_rejects_ratio_outside_0_1(ratio):
    with pytest.raises(DatasetError, match="test share"):
        split_mask(10, ratio, 0)


def test_create_draws_the_split_from_seed():
    points = np.random.default_rng(0).normal(size=(60, 2))
    labels = np.arange(60) % 2
    a = Dataset.create(points, labels, test_ratio=0.25, seed=4)
    b = Dataset.create(points, labels, test_ratio=0.25, seed=4)
    c = Dataset.create(points, labels, test_ratio=0.25, seed=5)
    assert a.is_test.sum() == 15
    np.testing.assert_array_equal(a.is_test, b.is_test)
    assert not np.array_equal(a.is_test, c.is_test)
    assert a.class_names == ("class 0", "class 1")


def test_with_split_keeps_points_and_changes_flags():
    ds = Dataset.create(np.random.default_rng(1).normal(size=(40, 2)), np.arange(40) % 2, test_ratio=0.5, seed=0)
    other = ds.with_split(0.1, seed=9)
    np.testing.assert_array_equal(other.points, ds.points)
    np.testing.assert_array_equal(other.labels, ds.labels)
    assert other.is_test.sum() == 4
    assert other.class_names == ds.class_names


# ----- bounds ----------------------------------------------------------------------------------
def test_bounds_is_the_domain_when_every_point_is_inside():
    domain = (-6.0, 6.0, -5.0, 5.0)
    ds = make([[-6.0, -5.0], [6.0, 5.0], [0.0, 0.0]], [0, 1, 0], domain=domain)
    assert ds.bounds() == domain


def test_bounds_grow_to_hold_points_outside_the_domain():
    domain = (0.0, 10.0, 0.0, 10.0)
    ds = make([[1.0, 1.0], [12.0, 5.0], [5.0, -3.0]], [0, 1, 0], domain=domain)
    xmin, xmax, ymin, ymax = ds.bounds()
    assert xmin <= domain[0] and ymax >= domain[3]  # still holds the domain
    assert xmax > 12.0  # with a margin past the outside points
    assert ymin < -3.0
    assert (xmin, xmax, ymin, ymax) != domain


def test_grown_bounds_keep_the_domains_centre_and_proportions():
    domain = (0.0, 10.0, 0.0, 5.0)  # twice as wide as high
    ds = make([[1.0, 1.0], [14.0, 2.0]], [0, 1], domain=domain)
    xmin, xmax, ymin, ymax = ds.bounds()
    assert (xmin + xmax) / 2 == pytest.approx(5.0)
    assert (ymin + ymax) / 2 == pytest.approx(2.5)
    assert (xmax - xmin) / (ymax - ymin) == pytest.approx(2.0)
    assert xmax > 14.0
    assert xmin < 0.0


def test_bounds_without_domain_add_a_margin():
    ds = make([[0.0, 0.0], [10.0, 20.0]], [0, 1])
    assert ds.bounds(margin=0.1) == pytest.approx((-1.0, 11.0, -2.0, 22.0))


def test_bounds_of_an_empty_dataset():
    empty = Dataset(np.zeros((0, 2)), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool))
    assert empty.bounds() == (-6.0, 6.0, -6.0, 6.0)
    with_domain = Dataset(np.zeros((0, 2)), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool),
                          domain=(0, 1, 0, 2))
    assert with_domain.bounds() == (0.0, 1.0, 0.0, 2.0)


def test_bounds_of_a_single_point_are_not_degenerate():
    xmin, xmax, ymin, ymax = make([[3.0, 3.0], [3.0, 3.0]], [0, 1]).bounds()
    assert xmin < 3.0 < xmax
    assert ymin < 3.0 < ymax


# ----- the share of test points --------------------------------------------------------------------
def test_the_test_share_is_the_chosen_one_else_the_datas_own():
    ds = make(SQUARE, [0, 1, 1, 0], [True, False, False, False])
    assert share_of_test_points(ds) == 0.25
    assert share_of_test_points(ds, chosen=0.3) == 0.3  # a preset's share wins over the drawn points'


@pytest.mark.parametrize("default", [DEFAULT_TEST_SHARE, 0.2, 0.0])
def test_empty_data_has_a_defined_test_share(default):
    """Data with no point has no share of its own (not nan): the caller's remembered one, else one half."""
    empty = make(np.zeros((0, 2)), [])
    assert share_of_test_points(empty) == DEFAULT_TEST_SHARE == 0.5
    assert share_of_test_points(empty, default=default) == default
    split_mask(10, share_of_test_points(empty, default=default), 0)  # a share the split takes


@pytest.mark.parametrize(("flags", "chosen", "expected"), [
    ([True] * 4, None, MAX_TEST_SHARE),  # only test points: some must stay to train on
    ([False] * 4, None, 0.0),
    ([False] * 4, float("nan"), DEFAULT_TEST_SHARE),
    ([False] * 4, 1.0, MAX_TEST_SHARE),
    ([False] * 4, -0.5, 0.0),
])
def test_the_test_share_is_always_one_split_mask_accepts(flags, chosen, expected):
    share = share_of_test_points(make(SQUARE, [0, 1, 1, 0], flags), chosen=chosen)
    assert share == expected
    assert split_mask(20, share, 1).sum() == round(20 * share)

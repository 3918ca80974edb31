"""Edits: each apply returns the edited data set and an inverse that gives back the original exactly, without
ever mutating its input; point edits keep the network's weights, new data sets and class changes do not."""

from __future__ import annotations

import random

import numpy as np
import pytest

from playground.core.dataset import CLASS_COLOURS, MAX_CLASSES, Dataset, DatasetError
from playground.core.edits import (
    AddClass,
    AddPoints,
    Edit,
    InsertPoints,
    MovePoints,
    RecolourClass,
    RemoveClass,
    RemovePoints,
    RenameClass,
    ReplaceData,
    clear_points,
)
from playground.core.presets import MAX_POINTS

from .edit_helpers import IS_TEST, LABELS, POINTS, assert_same, check_round_trip, make, snapshot


# ----- round trips, one edit of each kind -------------------------------------------------------
def edit_cases(ds: Dataset):
    other = make([[9.0, 9.0]], [3], [False], n_classes=4)
    return {
        "add": AddPoints([[7.0, 7.0], [-7.0, 1.0]], [2, 0], [True, False]),
        "add nothing": AddPoints(np.zeros((0, 2)), [], []),
        "remove": RemovePoints([4, 1, 4]),
        "remove nothing": RemovePoints([]),
        "remove all": RemovePoints(range(len(ds))),
        "insert": InsertPoints(np.array([0, 3, 7]), np.array([[1, 1], [2, 2], [3, 3]], np.float32),
                               np.array([2, 2, 0]), np.array([True, False, True])),
        "move": MovePoints([5, 0], [[0.5, 0.5], [-1.0, -2.0]]),
        "move twice the same": MovePoints([2, 2], [[0.5, 0.5], [-1.0, -2.0]]),
        "replace": ReplaceData(other),
        "replace, keep weights": ReplaceData(make(POINTS[:2], [1, 0], n_classes=3), resets_training=False),
        "clear": clear_points(ds),
        "add class": AddClass("new"),
        "add class with colour": AddClass("new", "#123456"),
        "remove class": RemoveClass(1),
        "remove first class": RemoveClass(0),
        "remove last class": RemoveClass(2),
        "rename class": RenameClass(1, "  renamed "),
        "recolour class": RecolourClass(2, "#abcdef"),
    }


@pytest.mark.parametrize("case", list(edit_cases(make([], [], n_classes=3))))
def test_every_edit_is_undone_and_redone_exactly(ds, case):
    check_round_trip(edit_cases(ds)[case], ds)


@pytest.mark.parametrize("case", ["add", "remove nothing", "move", "replace", "clear", "add class", "remove class",
                                  "rename class", "recolour class"])
def test_an_edit_can_be_applied_to_an_empty_data_set(case):
    empty = make([], [], n_classes=3)
    edit = edit_cases(empty)[case]
    if case == "move":
        edit = MovePoints([], np.zeros((0, 2)))
    check_round_trip(edit, empty)


# ----- random data sets and random sequences of edits ------------------------------------------
def random_dataset(rng: random.Random) -> Dataset:
    n, k = rng.randint(0, 50), rng.randint(2, MAX_CLASSES)
    points = np.array([[rng.uniform(-8, 8), rng.uniform(-8, 8)] for _ in range(n)], dtype=np.float32)
    colours = list(CLASS_COLOURS)
    rng.shuffle(colours)
    domain = None if rng.random() < 0.5 else (-10.0, rng.uniform(-5, 10), -3.0, rng.uniform(0, 9))
    return Dataset(points.reshape(-1, 2), [rng.randrange(k) for _ in range(n)], [rng.random() < 0.3 for _ in range(n)],
                   class_names=tuple(f"c{i}-{rng.randrange(100)}" for i in range(k)),
                   class_colours=tuple(colours[:k]), domain=domain,
                   feature_names=rng.choice([("x1", "x2"), ("a", "b")]))


def random_edit(rng: random.Random, ds: Dataset) -> Edit:
    n, k = len(ds), ds.n_classes
    kinds = ["add", "insert", "replace", "clear", "rename", "recolour"]
    if n:
        kinds += ["remove", "move"]
    if k < MAX_CLASSES:
        kinds.append("add class")
    if k > 2:
        kinds.append("remove class")
    kind = rng.choice(kinds)
    if kind == "add":
        m = rng.randint(0, 5)
        return AddPoints([[rng.uniform(-9, 9), rng.uniform(-9, 9)] for _ in range(m)],
                         [rng.randrange(k) for _ in range(m)], [rng.random() < 0.5 for _ in range(m)])
    if kind == "insert":
        m = rng.randint(0, 4)
        slots = np.array(sorted(rng.sample(range(n + m), m)), dtype=np.int64)
        return InsertPoints(slots, np.array([[rng.uniform(-9, 9), 1.5] for _ in range(m)], np.float32).reshape(-1, 2),
                            np.array([rng.randrange(k) for _ in range(m)], np.int64),
                            np.array([rng.random() < 0.5 for _ in range(m)], bool))
    if kind == "remove":  # unsorted, with repeats
        return RemovePoints([rng.randrange(n) for _ in range(rng.randint(0, 6))])
    if kind == "move":
        m = rng.randint(1, 4)
        return MovePoints([rng.randrange(n) for _ in range(m)], [[rng.uniform(-9, 9), rng.uniform(-9, 9)]
                                                                   for _ in range(m)])
    if kind == "replace":
        return ReplaceData(random_dataset(rng), resets_training=rng.random() < 0.5)
    if kind == "clear":
        return clear_points(ds)
    if kind == "rename":
        return RenameClass(rng.randrange(k), rng.choice(["a", " b ", "class 0", "long name"]))
    if kind == "recolour":
        return RecolourClass(rng.randrange(k), rng.choice([*CLASS_COLOURS, "#000000"]))
    if kind == "add class":
        return AddClass(f"extra {rng.randrange(10)}", rng.choice([None, "#102030"]))
    return RemoveClass(rng.randrange(k))


@pytest.mark.parametrize("seed", range(8))
def test_random_sequences_of_edits_undo_back_to_the_start(seed):
    rng = random.Random(seed)
    for _ in range(40):
        start = random_dataset(rng)
        original = snapshot(start)
        ds, inverses, history = start, [], [original]
        for _ in range(rng.randint(1, 12)):
            edit = random_edit(rng, ds)
            ds, inverse = check_round_trip(edit, ds)
            inverses.append(inverse)
            history.append(snapshot(ds))
        redos = []
        for inverse, expected in zip(reversed(inverses), reversed(history[:-1]), strict=True):
            ds, redo = inverse.apply(ds)
            assert_same(ds, expected)
            redos.append(redo)
        assert_same(ds, original)
        assert_same(start, original)
        for redo, expected in zip(reversed(redos), history[1:], strict=True):  # and forward again
            ds, _ = redo.apply(ds)
            assert_same(ds, expected)


# ----- point edits -----------------------------------------------------------------------------
def test_add_points_appends_in_order_with_the_given_labels_and_flags(ds):
    edit = AddPoints([[7.0, 8.0], [-1.0, -2.0], [0.25, 0.75]], [2, 0, 1], [True, False, True])
    edited, inverse = edit.apply(ds)
    assert len(edited) == len(ds) + 3
    assert np.array_equal(edited.points[: len(ds)], ds.points)
    assert np.array_equal(edited.points[len(ds):], np.array([[7, 8], [-1, -2], [0.25, 0.75]], np.float32))
    assert edited.labels.tolist() == [*LABELS, 2, 0, 1]
    assert edited.is_test.tolist() == [*IS_TEST, True, False, True]
    assert (edited.class_names, edited.class_colours, edited.domain) == (ds.class_names, ds.class_colours, ds.domain)
    assert isinstance(inverse, RemovePoints)
    assert inverse.indices.tolist() == [6, 7, 8]


def test_add_points_stores_its_own_read_only_arrays():
    points, labels, flags = np.array([[1.0, 2.0]]), np.array([1]), np.array([True])
    edit = AddPoints(points, labels, flags)
    points[0, 0], labels[0], flags[0] = 99.0, 0, False  # the caller's arrays change afterwards
    assert edit.points.tolist() == [[1.0, 2.0]] and edit.labels.tolist() == [1] and edit.is_test.tolist() == [True]
    assert (edit.points.dtype, edit.labels.dtype, edit.is_test.dtype) == (np.float32, np.int64, np.bool_)
    for array in (edit.points, edit.labels, edit.is_test):
        assert not array.flags.writeable


def test_add_points_accepts_a_flat_pair():
    edited, _ = AddPoints([3.0, 4.0], [1], [False]).apply(make([], [], n_classes=2))
    assert edited.points.tolist() == [[3.0, 4.0]]


@pytest.mark.parametrize("labels", [[3], [-1], [0, 5]])
def test_add_points_with_a_label_out_of_range_is_refused(ds, labels):
    points = np.zeros((len(labels), 2))
    with pytest.raises(DatasetError, match="labels"):
        AddPoints(points, labels, [False] * len(labels)).apply(ds)


def test_add_points_refuses_a_label_equal_to_the_number_of_classes_even_on_an_empty_set():
    with pytest.raises(DatasetError):
        AddPoints([[0.0, 0.0]], [2], [False]).apply(make([], [], n_classes=2))


@pytest.mark.parametrize(("points", "labels", "flags"), [
    ([[0.0, 0.0], [1.0, 1.0]], [0], [False]),
    ([[0.0, 0.0]], [0], [False, True]),
    ([[np.nan, 0.0]], [0], [False]),
    ([[0.0, np.inf]], [1], [True]),
])
def test_add_points_that_make_an_invalid_data_set_are_refused(ds, points, labels, flags):
    before = snapshot(ds)
    with pytest.raises(DatasetError):
        AddPoints(points, labels, flags).apply(ds)
    assert_same(ds, before)


def test_remove_points_removes_each_index_once_and_undo_puts_them_back_in_place(ds):
    edit = RemovePoints([4, 0, 4, 2, 0])
    assert edit.indices.tolist() == [0, 2, 4]
    edited, inverse = edit.apply(ds)
    keep = [1, 3, 5]
    assert np.array_equal(edited.points, ds.points[keep])
    assert edited.labels.tolist() == [LABELS[i] for i in keep]
    assert edited.is_test.tolist() == [IS_TEST[i] for i in keep]
    assert isinstance(inverse, InsertPoints)
    assert inverse.indices.tolist() == [0, 2, 4]
    assert np.array_equal(inverse.points, ds.points[[0, 2, 4]])
    restored, redo = inverse.apply(edited)
    assert_same(restored, ds)
    assert isinstance(redo, RemovePoints) and redo.indices.tolist() == [0, 2, 4]


@pytest.mark.parametrize("indices", [[6], [0, 6], [-1], [2, -3], [100]])
def test_remove_points_that_do_not_exist_is_refused(ds, indices):
    before = snapshot(ds)
    with pytest.raises(DatasetError):
        RemovePoints(indices).apply(ds)
    assert_same(ds, before)


def test_remove_points_from_an_empty_data_set_is_refused():
    with pytest.raises(DatasetError):
        RemovePoints([0]).apply(make([], [], n_classes=2))


def test_remove_no_points_changes_nothing(ds):
    edited, _ = RemovePoints(np.array([], dtype=np.int64)).apply(ds)
    assert_same(edited, ds)


def test_insert_points_places_them_at_their_positions_in_the_result():
    base = make([[0, 0], [1, 1]], [0, 1], [False, False], n_classes=3)
    edit = InsertPoints(np.array([0, 2, 3]), np.array([[5, 5], [6, 6], [7, 7]], np.float32),
                        np.array([2, 2, 0]), np.array([True, True, False]))
    edited, inverse = edit.apply(base)
    assert edited.points.tolist() == [[5, 5], [0, 0], [6, 6], [7, 7], [1, 1]]
    assert edited.labels.tolist() == [2, 0, 2, 0, 1]
    assert edited.is_test.tolist() == [True, False, True, False, False]
    assert isinstance(inverse, RemovePoints) and inverse.indices.tolist() == [0, 2, 3]


def test_move_points_changes_only_the_given_rows(ds):
    edited, inverse = MovePoints([3, 1], [[10.0, 11.0], [-10.0, -11.0]]).apply(ds)
    assert edited.points[3].tolist() == [10.0, 11.0]
    assert edited.points[1].tolist() == [-10.0, -11.0]
    others = [0, 2, 4, 5]
    assert np.array_equal(edited.points[others], ds.points[others])
    assert np.array_equal(edited.labels, ds.labels) and np.array_equal(edited.is_test, ds.is_test)
    assert isinstance(inverse, MovePoints)
    assert inverse.indices.tolist() == [3, 1]
    assert np.array_equal(inverse.positions, ds.points[[3, 1]])


def test_move_points_refuses_non_finite_positions(ds):
    with pytest.raises(DatasetError, match="finite"):
        MovePoints([0], [[np.nan, 0.0]]).apply(ds)


def test_move_points_stores_float32_positions(ds):
    edit = MovePoints([0], [[0.1, 0.2]])
    assert edit.positions.dtype == np.float32 and edit.positions.shape == (1, 2)
    assert not edit.positions.flags.writeable and not edit.indices.flags.writeable
    edited, _ = edit.apply(ds)
    assert edited.points[0].tolist() == np.array([0.1, 0.2], np.float32).tolist()


# ----- nothing is mutated ----------------------------------------------------------------------
@pytest.mark.parametrize("case", list(edit_cases(make([], [], n_classes=3))))
def test_edits_never_mutate_their_input_nor_themselves(ds, case):
    edit = edit_cases(ds)[case]
    before = snapshot(ds)
    fields = {name: np.array(value, copy=True) for name, value in vars(edit).items() if isinstance(value, np.ndarray)}
    edit.apply(ds)
    edit.apply(ds)  # an edit can be applied again: the undo stack redoes it
    assert_same(ds, before)
    for array in (ds.points, ds.labels, ds.is_test):
        assert not array.flags.writeable
    for name, value in fields.items():
        assert np.array_equal(getattr(edit, name), value), name


def test_the_edited_data_set_shares_no_writable_memory_with_the_original(ds):
    edited, _ = MovePoints([0], [[1.0, 1.0]]).apply(ds)
    with pytest.raises(ValueError, match="read-only"):
        edited.points[1, 0] = 42.0
    assert ds.points[0].tolist() == [0.0, 0.0]


def test_edits_hold_only_read_only_arrays(ds):
    remove = RemovePoints([1, 0])
    _, insert = remove.apply(ds)
    arrays = [remove.indices, insert.indices, insert.points, insert.labels, insert.is_test]
    assert not any(array.flags.writeable for array in arrays)


# ----- whole data sets: clear and replace ------------------------------------------------------
def test_clear_points_keeps_the_classes_and_the_plane(ds):
    edit = clear_points(ds)
    assert isinstance(edit, ReplaceData)
    edited, inverse = edit.apply(ds)
    assert len(edited) == 0 and edited.points.shape == (0, 2)
    assert edited.class_names == ds.class_names
    assert edited.class_colours == ds.class_colours
    assert edited.feature_names == ds.feature_names
    assert edited.bounds() == ds.bounds() == (-6.0, 6.0, -6.0, 6.0)
    assert isinstance(inverse, ReplaceData) and inverse.dataset is ds


def test_clear_points_without_a_domain_keeps_the_data_range_as_the_plane():
    ds = make([[1.0, 2.0], [3.0, -4.0]], [0, 1], n_classes=2)
    edited, _ = clear_points(ds).apply(ds)
    assert ds.domain is None
    assert edited.domain == ds.bounds()
    assert edited.bounds() == ds.bounds()


def test_clear_points_of_a_single_point_keeps_a_valid_plane():
    ds = make([[1.0, 2.0]], [0], n_classes=2)
    edited, _ = clear_points(ds).apply(ds)
    xmin, xmax, ymin, ymax = edited.bounds()
    assert xmin < xmax and ymin < ymax
    assert edited.bounds() == ds.bounds()


def test_clear_points_of_an_empty_data_set_keeps_the_default_plane():
    ds = make([], [], n_classes=2)
    edited, _ = clear_points(ds).apply(ds)
    assert edited.bounds() == ds.bounds() == (-6.0, 6.0, -6.0, 6.0)


def test_clear_points_keeps_the_plane_when_points_lie_outside_the_domain():
    ds = make([[5.0, 5.0], [0.0, 0.0]], [0, 1], n_classes=2, domain=(-1, 1, -1, 1))
    edited, _ = clear_points(ds).apply(ds)
    assert edited.bounds() == ds.bounds()


def test_clear_points_keeps_the_weights_and_so_does_its_undo(ds):
    edit = clear_points(ds)
    assert edit.resets_training is False
    edited, inverse = edit.apply(ds)
    assert inverse.resets_training is False
    assert inverse.apply(edited)[1].resets_training is False


def test_point_edits_keep_the_weights(ds):
    for case in ("add", "remove", "insert", "move", "rename class", "recolour class"):
        edit = edit_cases(ds)[case]
        _, inverse = edit.apply(ds)
        assert edit.resets_training is False, case
        assert inverse.resets_training is False, case


def test_replace_data_resets_training_by_default(ds):
    other = make([[0.0, 0.0]], [1], n_classes=3)
    edit = ReplaceData(other)
    assert edit.resets_training is True
    edited, inverse = edit.apply(ds)
    assert edited is other
    assert isinstance(inverse, ReplaceData) and inverse.dataset is ds
    assert inverse.resets_training is True
    assert inverse.text == edit.text == "Replace the data"


def test_replace_data_that_keeps_the_weights_has_an_inverse_that_keeps_them_too(ds):
    edit = ReplaceData(make([[0.0, 0.0]], [1], n_classes=3), resets_training=False)
    edited, inverse = edit.apply(ds)
    assert inverse.resets_training is False
    assert inverse.apply(edited)[1].resets_training is False


@pytest.mark.parametrize("n_classes", [2, 4, 8])
def test_replace_data_with_another_number_of_classes_resets_training_both_ways(ds, n_classes):
    edit = ReplaceData(make([], [], n_classes=n_classes), resets_training=False)
    edited, inverse = edit.apply(ds)
    assert inverse.resets_training is True
    assert inverse.apply(edited)[1].resets_training is True


@pytest.mark.parametrize(("indices", "positions"), [
    ([], [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),  # a selection emptied while its points were being dragged
    ([0, 1], [[1.0, 2.0]]),
    ([0, 1, 2], np.zeros((2, 2))),
    ([0], [[1.0, 2.0, 3.0]]),
    ([0, 1], [1.0, 2.0, 3.0, 4.0]),
])
def test_move_points_refuses_a_position_count_that_does_not_match_the_points(ds, indices, positions):
    with pytest.raises(DatasetError, match="position"):
        MovePoints(indices, positions).apply(ds)


def test_move_points_accepts_one_point_as_a_flat_pair(ds):
    edited, _ = MovePoints([2], [1.5, -2.5]).apply(ds)
    assert edited.points[2].tolist() == [1.5, -2.5]


def test_adding_points_stops_at_the_most_the_playground_takes_and_says_what_to_do():
    full = make(np.zeros((MAX_POINTS - 1, 2)), np.zeros(MAX_POINTS - 1, np.int64), None, n_classes=2)
    one_more, _ = AddPoints([[1.0, 1.0]], [1], [False]).apply(full)  # up to the limit: fine
    assert len(one_more) == MAX_POINTS
    with pytest.raises(DatasetError, match=f"at most {MAX_POINTS:,}.*only 1 more fit.*remove some points"):
        AddPoints([[1.0, 1.0], [2.0, 2.0]], [1, 0], [False, False]).apply(full)
    with pytest.raises(DatasetError, match="no more fit"):
        AddPoints([[1.0, 1.0]], [1], [False]).apply(one_more)
    assert len(full) == MAX_POINTS - 1  # nothing changed

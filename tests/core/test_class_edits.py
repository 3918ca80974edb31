"""Class edits: add, remove, rename, recolour and reshape a class, each undone exactly."""

from __future__ import annotations

import numpy as np
import pytest

from playground.core.dataset import CLASS_COLOURS, MAX_CLASSES, DatasetError
from playground.core.edits import (
    AddClass,
    AddPoints,
    MovePoints,
    RecolourClass,
    RemoveClass,
    RemovePoints,
    RenameClass,
    ReplaceData,
    ReshapeClass,
)

from .edit_helpers import assert_same, make, snapshot


# ----- class edits -----------------------------------------------------------------------------
def test_add_class_appends_a_class_with_the_first_unused_palette_colour(ds):
    edited, inverse = AddClass("new").apply(ds)
    assert edited.class_names == (*ds.class_names, "new")
    assert edited.class_colours == (*CLASS_COLOURS[:3], CLASS_COLOURS[3])
    assert np.array_equal(edited.points, ds.points) and np.array_equal(edited.labels, ds.labels)
    assert isinstance(inverse, ReplaceData) and inverse.dataset is ds
    assert inverse.resets_training is True


@pytest.mark.parametrize(("colours", "expected"), [
    ((CLASS_COLOURS[1], CLASS_COLOURS[0]), CLASS_COLOURS[2]),
    ((CLASS_COLOURS[0], CLASS_COLOURS[2]), CLASS_COLOURS[1]),
    (("#000000", "#ffffff"), CLASS_COLOURS[0]),
    (CLASS_COLOURS[1:8], CLASS_COLOURS[0]),
    ((CLASS_COLOURS[7], *CLASS_COLOURS[:5]), CLASS_COLOURS[5]),
])
def test_add_class_skips_palette_colours_in_use(colours, expected):
    names = tuple(f"c{i}" for i in range(len(colours)))
    ds = make([], [], class_names=names, class_colours=colours)
    edited, _ = AddClass("new").apply(ds)
    assert edited.class_colours[-1] == expected
    assert edited.class_colours[:-1] == colours


def test_add_class_with_a_colour_uses_it(ds):
    edited, _ = AddClass("new", "#123456").apply(ds)
    assert edited.class_colours[-1] == "#123456"


def test_add_class_refuses_a_ninth_class():
    ds = make([[0.0, 0.0]], [7], n_classes=MAX_CLASSES)
    before = snapshot(ds)
    with pytest.raises(DatasetError, match=str(MAX_CLASSES)):
        AddClass("ninth").apply(ds)
    assert_same(ds, before)


def test_add_class_up_to_the_limit_uses_every_palette_colour_once():
    ds = make([], [], n_classes=2)
    for i in range(2, MAX_CLASSES):
        ds, _ = AddClass(f"class {i}").apply(ds)
    assert ds.class_colours == CLASS_COLOURS
    with pytest.raises(DatasetError):
        AddClass("one too many").apply(ds)


@pytest.mark.parametrize("name", ["", "   "])
def test_add_class_refuses_a_blank_name(ds, name):
    with pytest.raises(DatasetError):
        AddClass(name).apply(ds)


def test_remove_class_removes_its_points_and_shifts_higher_labels_down():
    ds = make([[i, -i] for i in range(7)], [0, 1, 2, 3, 1, 3, 2], [True, False, True, False, True, False, False],
              n_classes=4)
    edited, inverse = RemoveClass(1).apply(ds)
    keep = [0, 2, 3, 5, 6]
    assert np.array_equal(edited.points, ds.points[keep])
    assert edited.labels.tolist() == [0, 1, 2, 2, 1]
    assert edited.is_test.tolist() == [True, True, False, False, False]
    assert edited.class_names == ("class 0", "class 2", "class 3")
    assert edited.class_colours == (CLASS_COLOURS[0], CLASS_COLOURS[2], CLASS_COLOURS[3])
    assert edited.feature_names == ds.feature_names and edited.domain == ds.domain
    assert isinstance(inverse, ReplaceData) and inverse.dataset is ds
    assert inverse.resets_training is True
    assert_same(inverse.apply(edited)[0], ds)


def test_remove_the_last_class_changes_no_other_label(ds):
    edited, _ = RemoveClass(2).apply(ds)
    assert edited.labels.tolist() == [0, 1, 1, 0]
    assert edited.class_names == ("class 0", "class 1")


def test_remove_class_refuses_to_leave_fewer_than_two_classes():
    ds = make([[0.0, 0.0], [1.0, 1.0]], [0, 1], n_classes=2)
    before = snapshot(ds)
    for index in (0, 1):
        with pytest.raises(DatasetError, match="two classes"):
            RemoveClass(index).apply(ds)
    assert_same(ds, before)


@pytest.mark.parametrize("index", [3, -1])
def test_remove_class_refuses_a_class_that_does_not_exist(index):
    ds = make([], [], n_classes=3)
    with pytest.raises(DatasetError, match="no class"):
        RemoveClass(index).apply(ds)


def test_rename_class_strips_the_name_and_undo_restores_the_old_one(ds):
    edited, inverse = RenameClass(1, "  rabbits\t").apply(ds)
    assert edited.class_names == ("class 0", "rabbits", "class 2")
    assert edited.class_colours == ds.class_colours
    assert inverse.apply(edited)[0].class_names == ds.class_names


@pytest.mark.parametrize("name", ["", " ", "\t\n "])
def test_rename_class_refuses_a_blank_name(ds, name):
    with pytest.raises(DatasetError, match="name"):
        RenameClass(0, name).apply(ds)


@pytest.mark.parametrize("old", [" a ", ""])
def test_rename_class_undo_restores_any_old_name_exactly(old):
    ds = make([], [], class_names=(old, "b"))
    edited, inverse = RenameClass(0, "new").apply(ds)
    assert inverse.apply(edited)[0].class_names == (old, "b")


def test_recolour_class_changes_only_that_colour_and_undo_restores_it(ds):
    edited, inverse = RecolourClass(0, "#abcdef").apply(ds)
    assert edited.class_colours == ("#abcdef", *CLASS_COLOURS[1:3])
    assert edited.class_names == ds.class_names
    assert isinstance(inverse, RecolourClass) and (inverse.index, inverse.colour) == (0, CLASS_COLOURS[0])
    restored, redo = inverse.apply(edited)
    assert restored.class_colours == ds.class_colours
    assert (redo.index, redo.colour) == (0, "#abcdef")


def test_class_edits_carry_their_text_to_the_inverse(ds):
    for edit in (AddClass("x", text="a"), RemoveClass(0, text="b"), RenameClass(0, "y", text="c"),
                 RecolourClass(0, "#000000", text="d"), AddPoints([[0, 0]], [0], [False], text="e"),
                 RemovePoints([0], text="f"), MovePoints([0], [[1, 1]], text="g")):
        _, inverse = edit.apply(ds)
        assert inverse.text == edit.text


def test_move_points_that_do_not_exist_is_refused_with_a_dataset_error(ds):
    with pytest.raises(DatasetError):
        MovePoints([len(ds)], [[0.0, 0.0]]).apply(ds)


def test_markers_follow_classes_through_edits():

    ds = make([[0, 0], [1, 1]], [0, 1], n_classes=2)
    assert ds.class_markers == ("circle", "square")
    added, _ = AddClass("third").apply(ds)
    assert added.class_markers == ("circle", "square", "triangle")
    reshaped, undo = ReshapeClass(2, "unicorn").apply(added)
    assert reshaped.class_markers[2] == "unicorn"
    assert undo.apply(reshaped)[0].class_markers == added.class_markers
    removed, _ = RemoveClass(0).apply(reshaped)
    assert removed.class_markers == ("square", "unicorn")
    with pytest.raises(DatasetError, match="unknown marker"):
        ReshapeClass(0, "dragon").apply(ds)

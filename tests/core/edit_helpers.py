"""Helpers shared by the tests of data set edits."""

from __future__ import annotations

import numpy as np

from playground.core.dataset import CLASS_COLOURS, Dataset
from playground.core.edits import Edit


def make(points, labels, is_test=None, n_classes=None, **kwargs) -> Dataset:
    labels = np.asarray(labels, dtype=np.int64)
    if is_test is None:
        is_test = np.zeros(len(labels), dtype=bool)
    if n_classes is not None:
        kwargs.setdefault("class_names", tuple(f"class {i}" for i in range(n_classes)))
        kwargs.setdefault("class_colours", CLASS_COLOURS[:n_classes])
    return Dataset(np.asarray(points, dtype=np.float32).reshape(-1, 2), labels, np.asarray(is_test, bool), **kwargs)


def snapshot(ds: Dataset) -> dict:
    """Everything that defines a data set, copied so that later changes to `ds` cannot reach it."""
    return {
        "points": np.array(ds.points, copy=True),
        "labels": np.array(ds.labels, copy=True),
        "is_test": np.array(ds.is_test, copy=True),
        "class_names": ds.class_names,
        "class_colours": ds.class_colours,
        "feature_names": ds.feature_names,
        "domain": ds.domain,
    }


def assert_same(a: Dataset | dict, b: Dataset | dict) -> None:
    a = a if isinstance(a, dict) else snapshot(a)
    b = b if isinstance(b, dict) else snapshot(b)
    for key in ("points", "labels", "is_test"):
        assert a[key].dtype == b[key].dtype, key
        assert a[key].shape == b[key].shape, key
        assert np.array_equal(a[key], b[key]), key
    for key in ("class_names", "class_colours", "feature_names", "domain"):
        assert a[key] == b[key], key


def assert_frozen(ds: Dataset) -> None:
    assert ds.points.dtype == np.float32 and ds.points.ndim == 2 and ds.points.shape[1] == 2
    assert ds.labels.dtype == np.int64
    assert ds.is_test.dtype == np.bool_
    for array in (ds.points, ds.labels, ds.is_test):
        assert not array.flags.writeable


def check_round_trip(edit: Edit, ds: Dataset) -> tuple[Dataset, Edit]:
    """Apply, undo, redo: undo gives back `ds`, redo gives back the edited set, exactly; `ds` is untouched."""
    before = snapshot(ds)
    edited, inverse = edit.apply(ds)
    assert_same(ds, before)
    assert_frozen(edited)
    assert isinstance(inverse, Edit)
    assert inverse.text == edit.text

    edited_before = snapshot(edited)
    restored, redo = inverse.apply(edited)
    assert_same(restored, before)
    assert_same(edited, edited_before)
    assert_frozen(restored)
    assert redo.text == edit.text

    again, _ = redo.apply(restored)
    assert_same(again, edited_before)
    assert_same(restored, before)
    return edited, inverse


# a small, varied data set used by the example-based tests
POINTS = [[0.0, 0.0], [1.0, 0.5], [2.0, -1.0], [3.0, 3.0], [-4.0, 2.5], [5.5, -0.25]]
LABELS = [0, 1, 2, 1, 0, 2]
IS_TEST = [False, True, False, False, True, True]

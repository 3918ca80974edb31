"""Data patches between the window and the training process: the smallest change that rebuilds the data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.core.desired_state import PatchError, apply_patch, dataset_digest, make_patch
from playground.core.edits import AddPoints, MovePoints, RecolourClass, RemovePoints
from playground.core.presets import PresetSpec, generate


@pytest.fixture(scope="module")
def base():
    return generate(PresetSpec("xor", points=200))


def same(a, b) -> bool:
    return dataset_digest(a) == dataset_digest(b) and a.class_colours == b.class_colours and \
        a.class_markers == b.class_markers


def test_appended_points_travel_alone(base):
    new, _ = AddPoints(np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([1, 0]), np.array([True, False])).apply(base)
    patch = make_patch(base, 4, new, 5)
    assert (patch.kind, patch.size, patch.base, patch.version) == ("append", 2, 4, 5)
    assert same(apply_patch(base, 4, patch), new)


def test_moved_points_travel_alone(base):
    new, _ = MovePoints(np.array([3, 50]), np.array([[0.0, 0.0], [1.0, 1.0]])).apply(base)
    patch = make_patch(base, 1, new, 2)
    assert patch.kind == "move" and patch.size == 2
    assert same(apply_patch(base, 1, patch), new)


def test_removed_points_and_new_colours_send_the_whole_data(base):
    for edit in (RemovePoints(np.array([0, 7])), RecolourClass(0, "#123456")):
        new, _ = edit.apply(base)
        patch = make_patch(base, 1, new, 2)
        assert patch.kind == "full"
        assert same(apply_patch(base, 99, patch), new)  # a whole data set fits any version


def test_a_patch_for_another_version_is_refused(base):
    new, _ = AddPoints(np.array([[1.0, 2.0]]), np.array([1]), np.array([False])).apply(base)
    patch = make_patch(base, 4, new, 5)
    with pytest.raises(PatchError):
        apply_patch(base, 3, patch)


def test_the_digest_sees_every_field_training_uses(base):
    moved, _ = MovePoints(np.array([0]), base.points[:1] + 1e-3).apply(base)
    assert dataset_digest(moved) != dataset_digest(base)
    flipped = base.with_split(0.3, 1)
    assert dataset_digest(flipped) != dataset_digest(base)
    assert dataset_digest(generate(PresetSpec("xor", points=200))) == dataset_digest(base)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["add", "move", "remove"]), st.integers(1, 20), st.integers(0, 10**6)),
                min_size=1, max_size=12))
def test_any_chain_of_edits_is_rebuilt_exactly_from_patches(base, edits):
    """The training process's copy, built from patches alone, always equals the window's data."""
    window, process, version = base, base, 0
    for kind, count, seed in edits:
        rng = np.random.default_rng(seed)
        n = len(window)
        if kind == "add":
            edit = AddPoints(rng.uniform(-5, 5, (count, 2)), rng.integers(0, 2, count), rng.uniform(size=count) < 0.5)
        elif kind == "move" and n:
            idx = rng.choice(n, min(count, n), replace=False)
            edit = MovePoints(idx, rng.uniform(-5, 5, (len(idx), 2)))
        elif n > 1:
            edit = RemovePoints(rng.choice(n, min(count, n - 1), replace=False))
        else:
            continue
        new, _ = edit.apply(window)
        patch = make_patch(window, version, new, version + 1)
        process = apply_patch(process, version, patch)
        window, version = new, version + 1
        assert same(process, window)

"""A big network's frames while training: coarser pictures (the plane's grid, the hidden space's carried grid, the
diagram's maps), each still exactly what the network gives at its points; paused frames and small networks keep
every picture in full."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch

from playground.core.hidden_frames import HiddenRequest
from playground.core.hidden_space import GRID_CELLS
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.snapshot_maker import (
    GRID_WORK,
    LIVE_GRID_WORK,
    LIVE_HIDDEN_WORK,
    LIVE_MIN_CELLS,
    LIVE_MIN_GRID,
    LIVE_MIN_PICTURE,
    LIVE_PICTURE_WORK,
    MIN_GRID,
    PICTURE_SIZE,
    decision_boundary,
    grid_axes,
)
from playground.core.training import Trainer, TrainingSettings

from .test_snapshot_maker import TOLERANCE, every_layer, grid_of, probabilities

SETTINGS = TrainingSettings("adam", 0.01, batch_size=10, device="cpu")
BIG = (64,) * 9 + (2,)  # ten hidden layers, the last of 2 so the hidden space draws its neurons' values as they are


def weights(hidden: tuple[int, ...]) -> int:
    """Multiply-adds of one point's pass: every layer's weights (2 inputs, 1 output)."""
    sizes = (2, *hidden, 1)
    return sum(a * b for a, b in itertools.pairwise(sizes))


def cells_within(work: int, least: int, hidden: tuple[int, ...]) -> int:
    return max(least, math.isqrt(work // weights(hidden)))


@pytest.fixture(scope="module")
def big() -> Trainer:
    trainer = Trainer(generate(PresetSpec("spiral", points=200)), NetworkSpec(BIG, "tanh"), SETTINGS)
    trainer.hidden_request = HiddenRequest(len(BIG))
    trainer.step(5)
    return trainer


def test_a_big_networks_live_plane_is_coarser_and_still_the_networks_output(big):
    live, paused = big.snapshot(live=True), big.snapshot()
    side = cells_within(LIVE_GRID_WORK, LIVE_MIN_GRID, BIG)
    full = min(big.grid_size, cells_within(GRID_WORK, MIN_GRID, BIG))
    assert side < full
    for snapshot, size in ((live, side), (paused, full)):
        expected = probabilities(big, every_layer(big, grid_of(snapshot.bounds, size))[-1])
        assert snapshot.probabilities.shape == (size, size, 2)
        np.testing.assert_allclose(snapshot.probabilities.reshape(size * size, -1), expected, **TOLERANCE)
    # the boundary is traced on the coarser grid
    xs, ys = grid_axes(live.bounds, side)
    np.testing.assert_array_equal(live.boundary_segments, decision_boundary(live.probabilities, xs, ys))


def test_a_big_networks_live_maps_are_smaller_and_still_each_neurons_output(big):
    size = cells_within(LIVE_PICTURE_WORK, LIVE_MIN_PICTURE, BIG)
    assert size < PICTURE_SIZE
    picture = big.snapshot(live=True).network
    layers = every_layer(big, grid_of(picture.bounds, size))
    for drawn, values in zip(picture.maps[1:-1], layers[1:-1], strict=True):  # every hidden layer
        np.testing.assert_allclose(drawn, values.T.reshape(-1, size, size), **TOLERANCE)
    assert big.snapshot().network.maps[1].shape[1:] == (PICTURE_SIZE, PICTURE_SIZE)


@torch.no_grad()
def test_a_big_networks_live_hidden_grid_is_coarser_and_carried_exactly(big):
    cells = min(GRID_CELLS, cells_within(LIVE_HIDDEN_WORK // 2, LIVE_MIN_CELLS, BIG))
    assert cells < GRID_CELLS
    live = big.snapshot(live=True).hidden
    assert live.grid.shape == (cells + 1, cells + 1, 2) and live.cell_values.shape == (cells, cells, 2)
    xmin, xmax, ymin, ymax = big.dataset.bounds()
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, cells + 1), np.linspace(ymin, ymax, cells + 1))
    vertices = np.c_[gx.ravel(), gy.ravel()].astype(np.float32)
    np.testing.assert_allclose(live.grid.reshape(-1, 2), every_layer(big, vertices)[len(BIG)], atol=2e-5)
    # each cell in the colour of the network's output at its centre
    centres = np.c_[(gx[:-1, :-1] + gx[1:, 1:]).ravel() / 2, (gy[:-1, :-1] + gy[1:, 1:]).ravel() / 2]
    expected = probabilities(big, every_layer(big, centres.astype(np.float32))[-1])
    np.testing.assert_allclose(live.cell_values.reshape(-1, 2), expected, atol=2e-5)
    assert big.snapshot().hidden.grid.shape == (GRID_CELLS + 1, GRID_CELLS + 1, 2)


@pytest.mark.parametrize("hidden", [(4, 2), (8,) * 6, (8, 8)])
def test_the_tf_playground_networks_keep_every_picture_in_full_while_training(hidden):
    trainer = Trainer(generate(PresetSpec("spiral", points=200)), NetworkSpec(hidden, "tanh"), SETTINGS)
    trainer.hidden_request = HiddenRequest(len(hidden))
    live, paused = trainer.snapshot(live=True), trainer.snapshot()
    assert live.probabilities.shape == paused.probabilities.shape == (trainer.grid_size, trainer.grid_size, 2)
    assert live.hidden.grid.shape == paused.hidden.grid.shape == (GRID_CELLS + 1, GRID_CELLS + 1, 2)
    assert live.network.maps[1].shape[1:] == (PICTURE_SIZE, PICTURE_SIZE)
    np.testing.assert_array_equal(live.probabilities, paused.probabilities)

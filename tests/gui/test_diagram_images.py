"""The diagram makes a layer's neuron images in one pass: each exactly as neuron_image makes it alone."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gui.diagram_pixels import layer_images, neuron_image


def pixels(image) -> np.ndarray:
    return np.array([[image.pixel(x, y) for x in range(image.width())] for y in range(image.height())])


@pytest.mark.parametrize("symmetric", [True, False])
def test_a_layers_images_are_its_neurons_images_one_by_one(qtbot, symmetric):
    rng = np.random.default_rng(3)
    maps = rng.normal(0.0, 2.0, size=(4, 28, 28)).astype(np.float32)
    maps[1] = 0.0  # a silent neuron: no peak to scale by
    maps[2, 3, 5], maps[2, 7, 1], maps[3, 0, 0] = np.nan, np.inf, -np.inf  # a diverged network's values
    if not symmetric:
        maps = 1.0 / (1.0 + np.exp(-maps))
    together = layer_images(maps, symmetric)
    assert len(together) == 4
    for values, image in zip(maps, together, strict=True):
        np.testing.assert_array_equal(pixels(image), pixels(neuron_image(values, symmetric)))
    assert layer_images(np.zeros((0, 28, 28), np.float32)) == []

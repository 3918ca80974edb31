"""The network diagram's neuron pictures as pixels: each neuron's map over the plane coloured from orange (-1)
through near-white (0) to blue (+1), and every layer's pictures sampled into their boxes as one image a column.

The diagram remakes every picture for every frame while training, so the work is done with NumPy over many
neurons at once (layers of one shape together), and what depends only on where the boxes are (which map pixel
each screen pixel shows) is worked out once per layout (column_gather)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtGui import QImage

from . import theme
from .display import WEIGHT_COLOURS


def _lut(positive: str = WEIGHT_COLOURS[0], negative: str = WEIGHT_COLOURS[1]) -> np.ndarray:
    """(256, 3) uint8 from orange (-1) through near-white (0) to blue (+1) (or the colours given)."""
    t = np.linspace(-1.0, 1.0, 256)[:, None]
    white = np.array([245.0, 246.0, 247.0])
    side = np.where(t < 0, theme.hex_to_rgb(negative), theme.hex_to_rgb(positive))
    return np.clip(white + (side - white) * np.abs(t) ** 0.8, 0, 255).astype(np.uint8)


_LUT = _lut()


def _packed(lut: np.ndarray) -> np.ndarray:
    """A (256, 3) uint8 colour table as (256,) uint32 pixels of QImage's RGB32 format (0xffRRGGBB), which the
    painter draws without converting: an RGB888 image is converted pixel by pixel at every paint, and the
    diagram paints every picture every frame."""
    rgb = lut.astype(np.uint32)
    return np.uint32(0xFF000000) | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]


_PACKED: dict[bytes, np.ndarray] = {}  # _packed of each colour table used (one per palette)


def _packed_cached(lut: np.ndarray) -> np.ndarray:
    key = lut.tobytes()
    if key not in _PACKED:
        _PACKED[key] = _packed(lut)
    return _PACKED[key]


def neuron_image(values: np.ndarray, symmetric: bool = True, lut: np.ndarray = _LUT) -> QImage:
    """A neuron's (R, R) map as an image; values scaled by their largest size (outputs: 0..1 as -1..1)."""
    values = np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0)  # a diverged network: neutral maps
    if symmetric:
        peak = float(np.abs(values).max()) or 1.0
        scaled = values / peak
    else:
        scaled = 2.0 * values - 1.0
    index = np.clip(((scaled + 1.0) * 127.5).astype(np.int32), 0, 255)
    pixels = np.ascontiguousarray(_packed(lut)[index[::-1]])  # row 0 is the top of the picture
    h, w = pixels.shape
    return QImage(pixels.data, w, h, 4 * w, QImage.Format.Format_RGB32).copy()


def layer_images(maps: np.ndarray, symmetric: bool = True, lut: np.ndarray = _LUT) -> list[QImage]:
    """A layer's (N, R, R) maps as N images, exactly as neuron_image makes each, in one pass over the layer."""
    atlas = layer_atlas(maps, symmetric, lut)
    if atlas is None:
        return []
    side = atlas.width()
    return [atlas.copy(0, i * side, side, side) for i in range(atlas.height() // side)]


def layer_atlas(maps: np.ndarray, symmetric: bool = True, lut: np.ndarray = _LUT) -> QImage | None:
    """A layer's (N, R, R) maps as one image of N pictures stacked top to bottom (neuron i in rows i·R to
    (i + 1)·R), each exactly as neuron_image makes it; None for no neurons."""
    pixels = layer_pixels(maps, symmetric, lut)
    if pixels is None:
        return None
    n, h, w = pixels.shape
    return QImage(pixels.data, w, n * h, 4 * w, QImage.Format.Format_RGB32).copy()


def layer_pixels(maps: np.ndarray, symmetric: bool = True, lut: np.ndarray = _LUT) -> np.ndarray | None:
    """A layer's (N, R, R) maps as (N, R, R) uint32 RGB32 pixels, row 0 the top of each picture, each exactly as
    neuron_image colours it; None for no neurons."""
    if not len(maps):
        return None
    return network_pixels([maps], [symmetric], lut)[0]


def network_pixels(maps: Sequence[np.ndarray], symmetric: Sequence[bool],
                   lut: np.ndarray = _LUT) -> list[np.ndarray | None]:
    """Every layer's (N, R, C) maps as (N, R, C) uint32 RGB32 pixels (None for a layer of no neurons), each
    neuron exactly as neuron_image colours it, scaled by its own peak where `symmetric[k]`, else 0..1 as -1..1.
    Layers of one shape are coloured in one pass: a dozen NumPy calls a layer were most of the cost of a new
    picture of a deep network."""
    packed = _packed_cached(lut)
    out: list[np.ndarray | None] = [None] * len(maps)
    together: dict[tuple, list[int]] = {}
    for k, layer in enumerate(maps):
        layer = np.asarray(layer)
        if len(layer):
            together.setdefault((layer.shape[1:], layer.dtype), []).append(k)
    for (_shape, dtype), layers in together.items():
        counts = [len(maps[k]) for k in layers]
        values = np.concatenate([maps[k] for k in layers])  # a copy, mended in place
        values[~np.isfinite(values)] = 0.0  # a diverged network: neutral maps
        scaled_by_peak = np.repeat(np.array([bool(symmetric[k]) for k in layers]), counts)
        peak = np.abs(values).max(axis=(1, 2))
        # values / peak, or 2 · values - 1 as values / 0.5 - 1 (the same numbers: halving is exact).
        divisor = np.where(scaled_by_peak, np.where(peak == 0, 1.0, peak), 0.5).astype(dtype)
        offset = np.where(scaled_by_peak, 0.0, 1.0).astype(dtype)
        scaled = values / divisor[:, None, None] - offset[:, None, None]
        index = np.clip(((scaled + 1.0) * 127.5).astype(np.int32), 0, 255)
        pixels = np.ascontiguousarray(packed[index[:, ::-1]])  # row 0 is the top of each picture
        first = 0
        for k, count in zip(layers, counts, strict=True):
            out[k], first = pixels[first:first + count], first + count
    return out


def column_gather(shape: tuple[int, int, int], left: float, tops: np.ndarray, side: float,
                  tall: float | None = None) -> tuple[int, int, np.ndarray]:
    """Which of a layer's picture pixels ((N, R, C), network_pixels) each pixel of the widget shows, with the
    pictures in their boxes of `side` pixels (`side` wide and `tall` high, for strips) at x = left, y = tops[i]
    (ascending), each nearest-sampled as QPainter.drawImage draws it into its box: (x, y, (H, W) indices into the
    flattened pixels, -1 between the boxes). Made once per layout: then a frame's column is one gather, drawn as
    one image per layer instead of one drawImage per neuron (640 calls a frame for ten layers of 64 were a fifth
    of the cost of painting the diagram)."""
    _n, r, r_across = shape
    tall = side if tall is None else tall
    x0, y0 = math.floor(left), math.floor(tops[0])
    x1, y1 = max(x0 + 1, math.ceil(left + side)), max(y0 + 1, math.ceil(tops[-1] + tall))
    # Where each pixel's centre falls in its box, 0 to 1 inside it (above -1: the first pixels start at most
    # half a pixel before the boxes, so truncating gives row or column 0 there).
    across = (np.arange(x0, x1) + 0.5 - left) / side
    neuron = np.maximum(np.searchsorted(tops, np.arange(y0, y1) + 0.5, side="right") - 1, 0)
    down = (np.arange(y0, y1) + 0.5 - tops[neuron]) / tall
    rows = neuron * r + np.minimum((down * r).astype(np.intp), r - 1)
    columns = np.minimum((across * r_across).astype(np.intp), r_across - 1)
    index = rows[:, None] * r_across + columns[None, :]
    index[(down < 0) | (down >= 1)] = -1  # between the boxes
    index[:, (across < 0) | (across >= 1)] = -1
    return x0, y0, index


def column_pixels(pixels: np.ndarray, left: float, tops: np.ndarray, side: float,
                  tall: float | None = None) -> tuple[int, int, np.ndarray]:
    """A layer's pictures ((N, R, C) uint32, network_pixels) in their boxes (as column_gather places them), as
    one image in the widget's pixels: (x, y, (H, W) uint32 ARGB32-premultiplied pixels, transparent between the
    boxes)."""
    x0, y0, index = column_gather(pixels.shape, left, tops, side, tall)
    return x0, y0, np.append(pixels.ravel(), np.uint32(0))[index]

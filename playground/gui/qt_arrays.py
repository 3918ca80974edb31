"""NumPy arrays handed to QPainter's many-at-once calls (drawLines, drawRects) without a Python object per item."""

from __future__ import annotations

import numpy as np
from shiboken6 import wrapInstance


def as_array(primitives: np.ndarray, kind: type, first: int = 0, count: int | None = None,
             address: int | None = None) -> tuple[object, int]:
    """Arguments for QPainter.drawLines / drawRects that hand Qt `count` (all) lines or rectangles at once from
    rows first... of a C-contiguous (N, 4) float64 array, laid out as QLineF (x1, y1, x2, y2) or QRectF (x, y,
    width, height) are: a list of hundreds of QLineF made in Python for every frame cost more than Qt's drawing
    of them. `address`: the array's, if known (asking NumPy for it costs an import each time). The array must
    outlive the call (the wrapper neither owns nor frees its memory)."""
    address = primitives.ctypes.data if address is None else address
    count = len(primitives) - first if count is None else count
    return wrapInstance(address + primitives.strides[0] * first, kind), count

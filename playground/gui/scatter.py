"""Moving a scatter plot's spots without styling them again.

`ScatterPlotItem.setData` rebuilds every spot, and with a brush, pen and symbol per point that costs about
1.5 ms for 500 points, every frame. When only the positions change (the hidden space while training), the
spots' x and y are written in place instead; the item's cached bounds and picture are dropped, as setData does.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg


def move_spots(item: pg.ScatterPlotItem, positions: np.ndarray) -> bool:
    """Put the item's spots at `positions` (N, 2), keeping their styles; False (and nothing done) when the
    item does not hold exactly N spots, so the caller must set them up with setData."""
    if len(item.data) != len(positions):
        return False
    item.prepareGeometryChange()
    item.data["x"] = positions[:, 0]
    item.data["y"] = positions[:, 1]
    item.bounds = [None, None]
    item.invalidate()
    item.informViewBoundsChanged()
    return True

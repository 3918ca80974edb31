"""The marker shapes made without pyqtgraph (symbol_shapes.py) are pyqtgraph's own, element by element."""

import pytest

from playground.gui.marker_paths import _BUILT_IN
from playground.gui.symbol_shapes import NAMES, shape


@pytest.mark.parametrize("name", NAMES)
def test_shape_is_pyqtgraphs(name):
    from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols

    ours, theirs = shape(name), Symbols[name]
    assert ours.elementCount() == theirs.elementCount() > 0
    for i in range(theirs.elementCount()):
        a, b = ours.elementAt(i), theirs.elementAt(i)
        assert (a.type, a.x, a.y) == pytest.approx((b.type, b.x, b.y), abs=1e-12)


def test_every_built_in_marker_has_its_shape():
    assert set(_BUILT_IN.values()) <= set(NAMES)

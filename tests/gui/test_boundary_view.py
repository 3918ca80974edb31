"""The boundary view on its own: the very first frame already covers the plane."""

from __future__ import annotations

import pytest

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings
from playground.gui.boundary_view import BoundaryView


@pytest.mark.parametrize("preset", ["xor", "wave"])
def test_the_first_frame_covers_exactly_the_plane(qtbot, preset):
    """One frame is all `playground snapshot` paints: its map must already sit on the plane's bounds."""
    dataset = generate(PresetSpec(preset, points=60))
    trainer = Trainer(dataset, NetworkSpec((4,)), TrainingSettings(device="cpu"))
    trainer.focus = (1, 0) if preset == "wave" else None  # a curve fit shows a map only for a clicked neuron
    view = BoundaryView()
    qtbot.addWidget(view)
    view.set_dataset(dataset)
    view.show_snapshot(trainer.snapshot())
    rect = view._image.mapRectToParent(view._image.boundingRect())
    xmin, xmax, ymin, ymax = dataset.bounds()
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx((xmin, xmax, ymin, ymax))

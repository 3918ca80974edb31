"""The boundary view on its own: the very first frame already covers the plane."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

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


@pytest.mark.parametrize("width", [360, 640, 900])
def test_the_legend_wraps_rather_than_push_the_plane_out(qtbot, width):
    """Long class names on a narrow view: the legend takes more rows, never more than the view's width."""
    dataset = replace(generate(PresetSpec("two-curves", points=60)),
                      class_names=("a rather long upper curve name", "and an even longer lower one"))
    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(width, width)
    view.show()
    view.set_dataset(dataset)
    assert view.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize).width() <= width  # nothing forced wider
    assert view._legend.columnCount == {360: 1, 640: 2, 900: 3}[width]


@pytest.mark.parametrize("line", [(float("nan"), 1.0), (2.0, float("nan")), (float("inf"), 0.5),
                                  (1.0, float("-inf"))])
def test_a_diverged_fit_shows_no_equation_with_nan(qtbot, line):
    """A fit whose a or b is not a number: the plane shows no 'y = nan · x + nan', only finite equations."""
    dataset = generate(PresetSpec("line", points=30))
    trainer = Trainer(dataset, NetworkSpec((), features=("x1",), task="fit", n_classes=1),
                      TrainingSettings(device="cpu", loss="mse"))
    view = BoundaryView()
    qtbot.addWidget(view)
    view.set_dataset(dataset)
    good = trainer.snapshot()
    a, b = good.fit_line
    view.show_snapshot(good)
    assert view._caption.isVisible()
    assert view._caption.toPlainText() == f"network: y = {a:.2f} · x {'−' if b < 0 else '+'} {abs(b):.2f}"
    view.show_snapshot(replace(good, fit_line=line))
    text = view._caption.toPlainText().lower()
    assert "nan" not in text and "inf" not in text
    assert not view._caption.isVisible() or "—" in text

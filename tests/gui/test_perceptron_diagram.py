"""The network diagram of a perceptron with three classes: one step unit per class, drawn and hovered."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF

from playground.core.dataset import Dataset
from playground.core.network import NetworkSpec
from playground.core.training import Trainer, TrainingSettings
from playground.gui.network_diagram import NetworkDiagram


def test_a_three_class_perceptron_is_drawn_with_three_outputs(qtbot):
    labels = np.arange(60) % 3
    points = np.c_[labels + np.linspace(0.0, 0.5, 60), np.linspace(0.0, 3.0, 60)]
    data = Dataset.create(points, labels, test_ratio=0.5, seed=0)
    trainer = Trainer(data, NetworkSpec(hidden=(), activation="step"), TrainingSettings(device="cpu"))
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(500, 320)
    diagram.show_picture(trainer.network_picture(data.bounds()))
    image = diagram.grab().toImage()  # paints; an exception in paintEvent fails the test (pytest-qt)
    assert not image.isNull()
    assert [len(layer) for layer in diagram._boxes] == [2, 3]
    for i, box in enumerate(diagram._boxes[1]):
        assert diagram._hit(box.center()) == ("neuron", 1, i, None)
        assert "Output" in diagram._describe(diagram._hit(box.center()))
    hit = diagram._hit(QPointF(diagram._boxes[1][2].left() - 1, diagram._boxes[1][2].center().y()))
    assert hit is None or hit[0] in ("weight", "bias")

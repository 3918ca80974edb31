"""File > Export report: a web page of the run the window shows, with the window's own pictures, the numbers the
training process measured, and a scenario file that opens the same trained network."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest
from html_page import Page
from PySide6.QtGui import QImage

from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import Scenario, scenario_from_dict
from playground.core.training import TrainingSettings

from .conftest import WAIT_MS, ask_process
from .test_image_export import blocks, file_menu_action, pixels


def trained(qtbot, make_window, network: NetworkSpec):
    window = make_window(Scenario(PresetSpec("two-curves", points=60), network, TrainingSettings("adam", 0.03)))
    shown = []
    window.snapshot_shown.connect(shown.append)
    window.play()
    qtbot.waitUntil(lambda: window.latest_snapshot.metrics.step >= 60, timeout=WAIT_MS)
    window.pause()
    ask_process(qtbot, window)  # paused: no frame comes after the last one
    qtbot.waitUntil(lambda: shown and shown[-1] is window.latest_snapshot, timeout=WAIT_MS)
    return window


def export(window, path: Path) -> Page:
    """File > Export report…, with `path` chosen in the file dialog (.html is added when it has no extension)."""
    window.questions.save = str(path)
    file_menu_action(window, "Export &report…").trigger()
    written = path if path.suffix == ".html" else path.with_name(path.name + ".html")
    return Page(written.read_text(encoding="utf-8"))


def images(page: Page) -> dict[str, QImage]:
    found = {}
    for tag, attributes in page.tags:
        if tag == "img":
            image = QImage()
            assert image.loadFromData(base64.b64decode(attributes["src"].split(",", 1)[1]), "PNG")
            found[attributes["alt"]] = image
    return found


def test_the_report_holds_the_run_the_window_shows(qtbot, make_window, tmp_path):
    window = trained(qtbot, make_window, NetworkSpec((4,), "tanh"))
    page = export(window, tmp_path / "my report")
    process = ask_process(qtbot, window)
    text = page.all_text()
    # The numbers the training process measured at the step it stopped at.
    metrics = window.latest_snapshot.metrics
    assert metrics.step == process.step
    assert f"After {process.step:,} steps" in text  # (1,119 once past a thousand)
    assert f"{100 * metrics.test_accuracy:.1f}% Test accuracy" in text
    # (a fast run may be past a loss of 0.0005 when it pauses: shown as a bound, not as 0.000)
    loss = "< 0.001" if metrics.train_loss < 0.0005 else f"{metrics.train_loss:.3f}"
    assert f"{loss} Training loss" in text
    assert f"Learning rate {process.learning_rate:g}" in text and "Adam" in text
    # The pictures: the plane, the hidden space and the network, as the window paints them.
    pictures = images(page)
    assert set(pictures) == {"The plane", "The hidden space", "The network"}
    plane = window.boundary_view
    on_screen = pixels(plane.grab().toImage())
    exported = pixels(pictures["The plane"].scaled(plane.width(), plane.height()))
    assert exported.shape == on_screen.shape
    # The same picture, painted at a larger size and brought back down: alike block by block (edges differ).
    assert np.abs(blocks(exported, 8) - blocks(on_screen, 8)).mean() < 6
    # The curves come from the loss chart's history: one point per entry it holds.
    history = window.document.scenario().history
    assert history is not None and len(history) >= 2
    training_loss = re.search(r'<polyline points="([^"]+)"', page.html).group(1).split()
    assert len(training_loss) == len(history)
    # The scenario file in the page opens the same network, trained to the same step.
    [link] = [a for t, a in page.tags if t == "a" and a.get("download")]
    opened = scenario_from_dict(json.loads(base64.b64decode(link["href"].split(",", 1)[1])))
    assert opened.network == process.network and opened.weights.steps == process.step
    assert "Exported the report" in window.statusBar().currentMessage()


def test_a_network_of_one_neuron_shows_its_loss_landscape_in_place_of_the_hidden_space(qtbot, make_window,
                                                                                         tmp_path):
    window = trained(qtbot, make_window, NetworkSpec((), "tanh"))
    qtbot.waitUntil(lambda: window.latest_snapshot.landscape is not None, timeout=WAIT_MS)
    page = export(window, tmp_path / "report.html")
    pictures = images(page)
    assert set(pictures) == {"The plane", "The loss landscape", "The network"}
    view = window.landscape_panel.view
    on_screen = pixels(view.grab().toImage())
    exported = pixels(pictures["The loss landscape"].scaled(view.width(), view.height()))
    assert np.abs(blocks(exported, 8) - blocks(on_screen, 8)).mean() < 6
    assert "the path the optimiser took" in page.all_text()


@pytest.mark.parametrize(("folder", "message"), [("/sys", "may not write in the folder /sys"),
                                                 ("/no/such/folder", "does not exist")])
def test_a_report_that_cannot_be_written_says_why(qtbot, make_window, folder, message):
    window = trained(qtbot, make_window, NetworkSpec((4,), "tanh"))
    assert not window.export_report(f"{folder}/report.html")
    assert message in window.questions.warnings[-1]
    assert not Path(f"{folder}/report.html").exists()


def test_cancelling_the_file_dialog_writes_nothing(qtbot, make_window, tmp_path):
    window = trained(qtbot, make_window, NetworkSpec((4,), "tanh"))
    window.questions.save = None
    assert not window.export_report()
    suggested = next(q[2] for q in window.questions.asked if q[:2] == ("save", "Export report"))
    assert Path(suggested).name == "two-curves-report.html"
    assert not window.questions.warnings

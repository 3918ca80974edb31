"""The run report (core/run_report.py) and its charts (core/svg_chart.py): a page that stands alone, says what
the run did in plain words, draws the curves from the history's own numbers, and carries the scenario file."""

from __future__ import annotations

import base64
import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime

import numpy as np
import pytest
from html_page import Page

from playground.core import run_report
from playground.core.dataset import Dataset
from playground.core.loss_history import LossHistory
from playground.core.network_spec import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.run_report import ReportPicture, RunReport, report_html, result_sentence
from playground.core.scenario import Scenario, scenario_from_dict, scenario_text
from playground.core.snapshot import Metrics
from playground.core.svg_chart import HEIGHT, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, WIDTH, nice_ticks
from playground.core.training_settings import TrainingSettings

SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def history() -> LossHistory:
    steps = tuple(range(0, 210, 10))
    loss = tuple(0.7 * math.exp(-s / 60) for s in steps)
    test_loss = tuple(v * 1.1 for v in loss)
    accuracy = tuple(0.5 + 0.45 * (1 - math.exp(-s / 50)) for s in steps)
    return LossHistory(steps, loss, test_loss, accuracy, tuple(a - 0.03 for a in accuracy))


MEASURED = Metrics(200, 2.0, 0.1, 0.12, 0.95, 0.92)


def report(name="Two curves", scenario=None, metrics=MEASURED, **fields):
    scenario = scenario or Scenario(PresetSpec("two-curves", points=60), NetworkSpec((6, 4), "relu", dropout=0.1),
                                    TrainingSettings("sgd", 0.1, batch_size=10, regularization="l2", reg_rate=0.003),
                                    history=history())
    fields.setdefault("scenario_text", scenario_text(scenario))
    return RunReport(name, scenario, scenario.dataset(), metrics, made_at=datetime(2026, 12, 2, 9, 30),
                     version="9.9", device="CPU", **fields)


def svg_charts(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", html, flags=re.S)]


def test_the_page_stands_alone_no_scripts_and_nothing_fetched():
    picture = ReportPicture("The plane", "the plane", PNG_MAGIC + b"rest", width=400)
    page = Page(report_html(report(pictures=(picture,))))
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    for tag, attributes in page.tags:
        for name in ("src", "href"):
            if name in attributes:
                assert attributes[name].startswith("data:"), (tag, attributes[name][:40])
    [image] = [a for t, a in page.tags if t == "img"]
    assert base64.b64decode(image["src"].split(",", 1)[1]) == PNG_MAGIC + b"rest"
    assert image["width"] == "400"


def test_names_from_the_learner_are_text_not_markup():
    scenario = Scenario(Dataset.create(np.array([[0, 0], [1, 1], [2, 0], [1, 2]], np.float32), [0, 1, 0, 1],
                                       class_names=("<b>cats</b>", "dogs & co")), NetworkSpec(()))
    html = report_html(report("<script>alert(1)</script>", scenario, scenario_text=None))
    assert "<script" not in html and "<b>cats" not in html
    text = Page(html).all_text()
    assert "<script>alert(1)</script>" in text  # shown as written
    assert "<b>cats</b> (2)" in text and "dogs & co (2)" in text


def test_results_and_settings_are_in_plain_words():
    text = Page(report_html(report())).all_text()
    assert "After 200 steps, the network puts 92.0% of the test points" in text
    for expected in ("0.100 Training loss", "0.120 Test loss", "95.0% Training accuracy", "92.0% Test accuracy",
                     "SGD (plain gradient descent)", "Learning rate 0.1", "10 points in every step", "L2, rate 0.003",
                     "6, 4 neurons", "ReLU", "10% of each hidden layer's neurons", "60: 30 kept aside for testing",
                     "the preset “Two curves”", "made 2 December 2026, 09:30 with Neural Network Playground 9.9",
                     "Training ran on CPU"):
        assert expected in text, expected


@pytest.mark.parametrize(("metrics", "fit", "expected"), [
    (None, False, "has not been trained yet"),
    (Metrics(0), False, "has not been trained yet"),
    (Metrics(50, diverged=True), False, "Training blew up after 50 steps"),
    (Metrics(1, test_accuracy=0.5), False, "After 1 step, the network puts 50.0%"),
    (Metrics(300, test_accuracy=0.875), True, "the curve explains 0.875 (R²)"),
])
def test_the_result_sentence(metrics, fit, expected):
    assert expected in result_sentence(metrics, fit)


def polylines(chart: ET.Element) -> list[np.ndarray]:
    return [np.array([[float(v) for v in p.split(",")] for p in line.get("points").split()])
            for line in chart.iter(f"{SVG}polyline")]


def test_the_curves_are_the_history_drawn_to_scale():
    h = history()
    charts = svg_charts(report_html(report()))
    assert [c.find(f"{SVG}title").text for c in charts] == ["Loss (lower is better)", "Accuracy (higher is better)"]
    loss_lines = polylines(charts[0])
    assert len(loss_lines) == 2  # training and test
    steps = np.array(h.steps, float)
    for line, values in zip(loss_lines, (h.train_loss, h.test_loss), strict=True):
        assert len(line) == len(steps)
        # The steps span the plot from its left edge to its right edge, in proportion.
        expected_x = MARGIN_LEFT + steps / steps[-1] * (WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
        np.testing.assert_allclose(line[:, 0], expected_x, atol=0.01)
        # The y coordinates are an affine, downward function of the values: a least-squares line fits them all.
        design = np.column_stack([values, np.ones(len(values))])
        (slope, _), residual, *_ = np.linalg.lstsq(design, line[:, 1], rcond=None)
        assert slope < 0 and residual[0] < 1e-3
    # The accuracy chart is drawn from 0 (the bottom) to 100% (the top of the plot).
    train_accuracy = polylines(charts[1])[0]
    bottom, top = HEIGHT - MARGIN_BOTTOM, MARGIN_TOP
    np.testing.assert_allclose(train_accuracy[:, 1], bottom - np.array(h.train_accuracy) * (bottom - top), atol=0.01)


def test_a_value_that_is_not_a_number_leaves_a_gap():
    h = history()
    broken = replace(h, train_loss=(*h.train_loss[:5], math.nan, *h.train_loss[6:]))
    scenario = replace(report().scenario, history=broken)
    lines = polylines(svg_charts(report_html(report(scenario=scenario)))[0])
    assert [len(line) for line in lines] == [5, len(h) - 6, len(h)]


def test_without_a_history_the_page_says_so():
    scenario = replace(report().scenario, history=None)
    html = report_html(report(scenario=scenario, metrics=None))
    assert not svg_charts(html)
    assert "the network had not been trained" in Page(html).all_text()


def test_a_fit_report_shows_r2():
    scenario = Scenario(PresetSpec("line"), NetworkSpec((), task="fit", n_classes=1, features=("x1",)),
                        history=history())
    text = Page(report_html(report(scenario=scenario, metrics=Metrics(100, 1.0, 0.01, 0.02, 0.97, 0.96)))).all_text()
    assert "0.970 Training fit (R²)" in text and "the curve explains 0.960 (R²)" in text
    assert "curve fitting: predict" in text and "none: the inputs go straight to the output" in text


def test_the_scenario_file_can_be_downloaded_from_the_page_and_opened():
    original = report()
    page = Page(report_html(original))
    [link] = [a for t, a in page.tags if t == "a" and a.get("download")]
    assert link["download"] == "Two curves.playground.json"
    opened = scenario_from_dict(json.loads(base64.b64decode(link["href"].split(",", 1)[1])))
    assert opened.network == original.scenario.network and opened.training == original.scenario.training
    assert np.array_equal(opened.dataset().points, original.dataset.points)


def test_a_huge_scenario_file_is_left_out_with_a_note(monkeypatch):
    monkeypatch.setattr(run_report, "MAX_EMBEDDED_SCENARIO", 100)
    page = Page(report_html(report()))
    assert not [a for t, a in page.tags if t == "a" and a.get("download")]
    assert "too large to include" in page.all_text()


def test_without_its_style_sheet_the_page_is_plain_not_missing(monkeypatch, tmp_path):
    assert "font-family" in report_html(report())  # the style sheet is there normally
    monkeypatch.setattr(run_report, "STYLE_FILE", tmp_path / "gone.css")
    html = report_html(report())
    assert "font-family:system-ui" not in html.split("<svg", 1)[0] and "Two curves" in html


def test_a_missing_picture_says_why():
    picture = ReportPicture("The hidden space", "the points as a layer sees them", None, note="No hidden layer.")
    page = Page(report_html(report(pictures=(picture,))))
    assert not [a for t, a in page.tags if t == "img"]
    assert "No hidden layer." in page.all_text()


@pytest.mark.parametrize(("low", "high"), [(0, 1), (0, 0.73), (0, 2000), (-0.25, 1), (3, 3.0004)])
def test_ticks_are_round_and_cover_the_range(low, high):
    ticks = nice_ticks(low, high)
    assert 2 <= len(ticks) <= 11
    gaps = np.diff(ticks)
    np.testing.assert_allclose(gaps, gaps[0])
    mantissa = gaps[0] / 10 ** math.floor(math.log10(gaps[0]))
    assert round(mantissa, 6) in (1, 2, 5, 10)
    assert ticks[0] >= low - 1e-12 and ticks[-1] <= high + 1e-12 and ticks[0] - low < gaps[0]

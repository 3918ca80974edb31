"""The run report: one self-contained HTML page about a training run, for a learner to hand in. It holds the
results, the final pictures (given as PNG bytes by whoever painted them), the loss and accuracy curves drawn as
SVG from the run's history, every setting in plain words, and the scenario file itself as a download, so the
teacher can open the run in the playground. Nothing is fetched from elsewhere: no fonts, scripts or links out.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from datetime import datetime
from html import escape

from .assets import ASSETS
from .dataset import Dataset
from .feature_names import feature_title
from .loss_history import LossHistory
from .metric_text import format_accuracy, format_loss, format_r2, sample_text
from .presets import PRESETS, PresetSpec
from .scenario import SUFFIX, Scenario
from .snapshot import Metrics
from .svg_chart import Curve, svg_chart

TRAIN_COLOUR, TEST_COLOUR = "#37474f", "#0877bd"  # as the window's loss chart draws them
MAX_EMBEDDED_SCENARIO = 8 * 1024 * 1024  # characters: a larger scenario file is left out of the page
OPTIMIZER_TITLES = {"adam": "Adam", "sgd": "SGD (plain gradient descent)", "momentum": "SGD with momentum",
                    "rmsprop": "RMSprop"}
LOSS_TITLES = {"cross-entropy": "cross-entropy", "mse": "squared error"}
ACTIVATION_TITLES = {"tanh": "tanh", "relu": "ReLU", "leaky-relu": "leaky ReLU", "sigmoid": "sigmoid",
                     "gelu": "GELU", "linear": "linear (none)", "step": "step"}


@dataclass(frozen=True)
class ReportPicture:
    title: str  # e.g. "The plane"
    caption: str  # what the picture shows, in a learner's words
    png: bytes | None  # None: the picture could not be made, and `note` says why
    width: int = 0  # the width to show it at, in CSS pixels (the PNG may have more pixels, for sharpness)
    note: str = ""


@dataclass(frozen=True)
class RunReport:
    name: str  # the work's name, e.g. "Two curves"
    scenario: Scenario  # the data, network and settings (with the trained weights and history, when trained)
    dataset: Dataset  # the points trained on
    metrics: Metrics | None  # where training had come to; None: nothing measured yet
    pictures: tuple[ReportPicture, ...] = ()
    made_at: datetime | None = None
    version: str = ""
    device: str = ""  # where training ran, as the window shows it
    scenario_text: str | None = None  # the scenario file's text, offered as a download


def _count(n: int, thing: str) -> str:
    return f"{n:,} {thing}" if n == 1 else f"{n:,} {thing}s"


def data_rows(scenario: Scenario, dataset: Dataset) -> list[tuple[str, str]]:
    fit = dataset.is_fit
    spec = scenario.data
    rows = []
    if isinstance(spec, PresetSpec):
        rows.append(("Data", f"the preset “{PRESETS[spec.name].title}” (noise {spec.resolved_noise():g}, "
                             f"data seed {spec.seed})"))
    else:
        rows.append(("Data", "points drawn or loaded by hand"))
    n_test = int(dataset.is_test.sum())
    rows.append(("Points", f"{len(dataset):,}: {n_test:,} kept aside for testing, {len(dataset) - n_test:,} to "
                           "train on"))
    if fit:
        rows.append(("Task", f"curve fitting: predict {dataset.feature_names[1]} from {dataset.feature_names[0]}"))
    else:
        counts = [int((dataset.labels == k).sum()) for k in range(dataset.n_classes)]
        rows.append(("Classes", ", ".join(f"{name} ({n:,})" for name, n in zip(dataset.class_names, counts,
                                                                                  strict=True))))
        rows.append(("Axes", f"{dataset.feature_names[0]} (across), {dataset.feature_names[1]} (up)"))
    return rows


def network_rows(scenario: Scenario) -> list[tuple[str, str]]:
    net = scenario.network
    fit = net.task == "fit"
    inputs = ", ".join(feature_title(f, fit) for f in net.features)
    rows = [("Shape", net.describe()), ("Inputs", inputs)]
    if net.hidden:
        rows.append(("Hidden layers", ", ".join(str(w) for w in net.hidden) + " neurons"))
        names = net.activations
        rows.append(("Activation", ", ".join(ACTIVATION_TITLES.get(a, a) for a in names)
                     if len(set(names)) > 1 else ACTIVATION_TITLES.get(names[0], names[0])))
        dropouts = net.dropouts
        rows.append(("Dropout", "none" if not any(dropouts) else
                     ", ".join(f"{100 * d:g}%" for d in dropouts) if len(set(dropouts)) > 1 else
                     f"{100 * dropouts[0]:g}% of each hidden layer's neurons silenced in each step"))
    else:
        rows.append(("Hidden layers", "none: the inputs go straight to the output"))
    rows.append(("Output", "one number, the predicted y" if fit else
                 f"{net.n_classes} classes (the probability of each)"))
    return rows


def training_rows(scenario: Scenario, metrics: Metrics | None) -> list[tuple[str, str]]:
    t = scenario.training
    rows = [("Optimizer", OPTIMIZER_TITLES.get(t.optimizer, t.optimizer)),
            ("Learning rate", f"{t.learning_rate:g}"),
            ("Batch size", "all the training points in every step" if t.batch_size == 0 else
             f"{t.batch_size:,} points in every step"),
            ("Loss", LOSS_TITLES.get(t.loss, t.loss)),
            ("Regularization", "none" if t.regularization == "none" or t.reg_rate == 0 else
             f"{t.regularization.upper()}, rate {t.reg_rate:g}"),
            ("Weights seed", str(t.seed))]
    if metrics is not None:
        rows.append(("Trained for", f"{_count(metrics.step, 'step')} ({metrics.epoch:,.1f} epochs: passes "
                                    "through the training points)"))
    return rows


def result_sentence(metrics: Metrics | None, fit: bool) -> str:
    """The run's outcome in one sentence (and, for figures estimated while training, on how many points)."""
    sentence = _outcome(metrics, fit)
    if metrics is not None and metrics.estimated and metrics.step and not metrics.diverged:
        sentence += f" {sample_text(metrics.sample_size, metrics.data_size)}."
    return sentence


def _outcome(metrics: Metrics | None, fit: bool) -> str:
    if metrics is None or metrics.step == 0:
        return "The network has not been trained yet: these are its starting weights."
    if metrics.diverged:
        return (f"Training blew up after {_count(metrics.step, 'step')}: the loss stopped being a number. A "
                "smaller learning rate usually helps.")
    if fit:
        if not math.isfinite(metrics.test_accuracy):
            return f"After {_count(metrics.step, 'step')}, the fit on the test points could not be measured."
        return (f"After {_count(metrics.step, 'step')}, the curve explains {format_r2(metrics.test_accuracy)} "
                "(R²) of the spread of the test points, which it never learned from.")
    if not math.isfinite(metrics.test_accuracy):
        return f"After {_count(metrics.step, 'step')}, the network's accuracy on test points could not be measured."
    return (f"After {_count(metrics.step, 'step')}, the network puts {format_accuracy(metrics.test_accuracy)} of "
            "the test points, which it never learned from, in the right class.")


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th scope=\"row\">{escape(name)}</th><td>{escape(value)}</td></tr>" for name, value in rows)
    return f"<table>{body}</table>"


def _metric_cards(metrics: Metrics | None, fit: bool) -> str:
    quality, quality_text = ("fit (R²)", format_r2) if fit else ("accuracy", format_accuracy)
    m = metrics or Metrics()
    cards = [("Training loss", format_loss(m.train_loss)), ("Test loss", format_loss(m.test_loss)),
             (f"Training {quality}", quality_text(m.train_accuracy)),
             (f"Test {quality}", quality_text(m.test_accuracy))]
    return '<div class="cards">' + "".join(
        f'<div class="card"><div class="value">{escape(value)}</div><div class="label">{escape(label)}</div></div>'
        for label, value in cards) + "</div>"


def curves_svg(history: LossHistory | None, fit: bool) -> str:
    """The loss chart and the accuracy (or R²) chart, as two SVG drawings; a sentence when there is no history."""
    if history is None or len(history) < 1:
        return '<p class="note">No training curves: the network had not been trained when this report was made.</p>'
    steps = [float(s) for s in history.steps]
    loss = svg_chart("Loss (lower is better)", steps,
                     [Curve("training", history.train_loss, TRAIN_COLOUR),
                      Curve("test", history.test_loss, TEST_COLOUR, dashed=True)],
                     y_text=lambda v: f"{v:g}", chart_id="loss")
    if fit:
        finite = [v for v in (*history.train_accuracy, *history.test_accuracy) if math.isfinite(v)]
        low = max(-1.0, math.floor(min([0.0, *finite]) * 4) / 4)  # R² below -1 is off the chart: a poor fit anyway
        quality = svg_chart("Fit, R² (higher is better; 1 is perfect)", steps,
                            [Curve("training", history.train_accuracy, TRAIN_COLOUR),
                             Curve("test", history.test_accuracy, TEST_COLOUR, dashed=True)],
                            y_range=(low, 1.0), y_text=lambda v: f"{v:g}", chart_id="quality")
    else:
        quality = svg_chart("Accuracy (higher is better)", steps,
                            [Curve("training", history.train_accuracy, TRAIN_COLOUR),
                             Curve("test", history.test_accuracy, TEST_COLOUR, dashed=True)],
                            y_range=(0.0, 1.0), y_text=lambda v: f"{100 * v:g}%", chart_id="quality")
    return f'<div class="charts"><div class="chart">{loss}</div><div class="chart">{quality}</div></div>'


def _picture(picture: ReportPicture) -> str:
    title = f"<figcaption><strong>{escape(picture.title)}</strong>: {escape(picture.caption)}</figcaption>"
    if picture.png is None:
        return f'<figure class="missing">{title}<p class="note">{escape(picture.note)}</p></figure>'
    data = base64.b64encode(picture.png).decode("ascii")
    width = f' width="{picture.width}"' if picture.width else ""
    return f'<figure><img src="data:image/png;base64,{data}"{width} alt="{escape(picture.title)}">{title}</figure>'


def _download(report: RunReport) -> str:
    text = report.scenario_text
    if text is None:
        return ""
    file_name = "".join(c if c.isalnum() or c in "-_ " else "-" for c in report.name).strip() or "run"
    if len(text) > MAX_EMBEDDED_SCENARIO:
        return ('<p class="note">The run\'s scenario file is too large to include in this page; save it from the '
                'playground with File → Save.</p>')
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f'<p>To open this run in the playground (the same data, network, settings and trained weights): '
            f'<a download="{escape(file_name)}{SUFFIX}" href="data:application/json;base64,{data}">download '
            f'{escape(file_name)}{SUFFIX}</a>, then File → Open.</p>')


STYLE_FILE = ASSETS / "report" / "report.css"


def _style() -> str:
    """The page's style sheet; without its file (a broken install) the page is plain, not missing."""
    try:
        return STYLE_FILE.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def report_html(report: RunReport) -> str:
    """The whole page, as text (UTF-8 when written)."""
    fit = report.dataset.is_fit
    made = f"{report.made_at.day} {report.made_at:%B %Y, %H:%M}" if report.made_at else ""
    version = f"Neural Network Playground {report.version}".strip()
    device = f" Training ran on {escape(report.device)}." if report.device else ""
    pictures = "".join(_picture(p) for p in report.pictures)
    settings = "".join(f"<section><h3>{title}</h3>{_table(rows)}</section>" for title, rows in (
        ("Data", data_rows(report.scenario, report.dataset)), ("Network", network_rows(report.scenario)),
        ("Training", training_rows(report.scenario, report.metrics))))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{escape(version)}">
<title>{escape(report.name)}: training report</title>
<style>{_style()}</style>
</head>
<body>
<main>
<h1>{escape(report.name)}</h1>
<p class="made">A training report, made {escape(made)} with {escape(version)}.{device}</p>
<h2>Results</h2>
<p class="sentence">{escape(result_sentence(report.metrics, fit))}</p>
{_metric_cards(report.metrics, fit)}
<h2>Pictures</h2>
<div class="pictures">{pictures or '<p class="note">No pictures.</p>'}</div>
<h2>Training curves</h2>
<p>Solid: the training points, which the network learns from. Dashed: the test points, kept aside to check it
on points it never saw.</p>
{curves_svg(report.scenario.history, fit)}
<h2>Settings</h2>
<div class="settings">{settings}</div>
{_download(report)}
</main>
</body>
</html>
"""

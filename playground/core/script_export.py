"""Export as PyTorch script: a scenario written out as one standalone Python file that needs only torch and numpy.

The script recreates the data (written into it, or for many points into a CSV file beside it), the network with
the same input features, layers, activations, dropout and starting weights (drawn from the same seed in the same
order), the loss, the optimiser, the regularisation and the order the batches are drawn in, exactly as
core/training.py does; so on the CPU it repeats the playground's run to the last digits (dropout excepted: its
random choices come from another random stream here). Its last line of output is one JSON object with the keys
of `playground train --json`. The script's text lives in script_template.py.
"""

from __future__ import annotations

import errno
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .dataset import Dataset
from .files import shown_name
from .presets import PRESETS, PresetSpec
from .scenario import Scenario
from .script_template import (
    ABOUT_REPEAT,
    ABOUT_WEIGHTS,
    DATA_CSV,
    DATA_EMBEDDED,
    FIT_LINE,
    LOSS,
    MEASURE_CLASSES,
    MEASURE_FIT,
    PENALTY,
    PROBABILITIES,
    SCRIPT,
    STEP_CLASS,
    TARGETS_CLASSES,
    TARGETS_FIT,
    UPDATE,
    UPDATE_PERCEPTRON,
    WEIGHTS,
)

DEFAULT_STEPS = 1000
MAX_EMBEDDED_POINTS = 2000  # more points than this go to a CSV file beside the script
INDENT = "    "
FEATURE_CODE = {"x1": "x1", "x2": "x2", "x1sq": "x1 * x1", "x2sq": "x2 * x2", "x1x2": "x1 * x2",
                "sinx1": "torch.sin(6.0 * x1)", "sinx2": "torch.sin(6.0 * x2)"}
FEATURE_WORDS = {"x1": "x1", "x2": "x2", "x1sq": "x1²", "x2sq": "x2²", "x1x2": "x1·x2", "sinx1": "sin(6·x1)",
                 "sinx2": "sin(6·x2)"}
ACTIVATION_CODE = {"tanh": ("nn.Tanh()", "tanh"), "relu": ("nn.ReLU()", "ReLU: negative sums become 0"),
                   "leaky-relu": ("nn.LeakyReLU(0.1)", "leaky ReLU: negative sums are multiplied by 0.1"),
                   "sigmoid": ("nn.Sigmoid()", "a sigmoid"), "gelu": ("nn.GELU()", "GELU"),
                   "linear": ("nn.Identity()", "nothing: the sum goes on as it is"),
                   "step": ("Step()", "a step: 1 if the sum is positive, else 0")}
OPTIMIZER_CODE = {
    "adam": ("Adam: gradient descent with a step size of its own for every weight, from the slopes so far.",
             "torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)"),
    "sgd": ("Plain gradient descent (SGD): each step moves every weight against its slope, times the learning "
            "rate.", "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)"),
    "momentum": ("Gradient descent with momentum: each step keeps 0.9 of the last step's movement, like a ball "
                 "rolling downhill.", "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.9)"),
    "rmsprop": ("RMSprop: gradient descent that divides each slope by the recent size of that weight's slopes.",
                "torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE)"),
}


class ScriptExportError(ValueError):
    """A script that cannot be written: the message is meant for the user."""


@dataclass(frozen=True)
class ExportedScript:
    text: str  # the Python script
    data_file: str | None = None  # the name of the CSV file it reads its points from (beside it), if any
    data_text: str | None = None  # that file's text


def _f32(value: float) -> str:
    """The shortest decimal that reads back as this float32 (Python reads it as a float64, which rounds to the
    same float32: rounding twice cannot go wrong when the wider type has twice the digits and two more)."""
    return str(np.float32(value))


def _plain(text: str) -> str:
    """A name from the data made safe for a comment or a docstring: printable, no quotes or backslashes."""
    return "".join(c if c.isprintable() else "?" for c in text).replace("\\", "/").replace('"', "'")


def _class_list(dataset: Dataset) -> str:
    return ", ".join(f'{k} = "{_plain(name)}"' for k, name in enumerate(dataset.class_names))


def _rows(points: np.ndarray, labels: np.ndarray | None, indent: str) -> str:
    if labels is None:
        return "".join(f"{indent}[{_f32(x)}, {_f32(y)}],\n" for x, y in points)
    return "".join(f"{indent}[{_f32(x)}, {_f32(y)}, {int(c)}],\n" for (x, y), c in zip(points, labels, strict=True))


def _data(dataset: Dataset, data_file: str | None) -> tuple[str, str | None]:
    """The script's data section, and the CSV file's text when the points go there."""
    fit = dataset.is_fit
    x_name, y_name = (_plain(n) for n in dataset.feature_names)
    x_name = "" if x_name in ("x", "x1") else f" ({x_name})"
    y_name = "" if y_name in ("y", "x2") else f" ({y_name})"
    if fit:
        columns = f"its x{x_name} and its y{y_name}"
        to_doc = "the points (x, y) as float32."
        to_return = "torch.tensor(table[:, :2], dtype=torch.float32)"
        left = ("train_points", "test_points")
    else:
        columns = f"its x1{x_name}, its x2{y_name} and its class ({_class_list(dataset)})"
        to_doc = "the points (x1, x2) as float32, and their classes as whole numbers."
        to_return = "torch.tensor(table[:, :2], dtype=torch.float32), torch.tensor(table[:, 2], dtype=torch.int64)"
        left = ("train_points, train_labels", "test_points, test_labels")
    if data_file is None:
        columns = f"Each row is one point: {columns}."
    else:
        columns = f"The points are in a CSV file that must stay beside this script ({len(dataset):,} points: too " \
                  f"many to list here). Each row is one point: {columns}, and 1 for a test point or 0 for a " \
                  "training point."
    columns = textwrap.fill(columns, width=110, initial_indent="# ", subsequent_indent="# ")
    values = {"columns": columns, "to_tensors_doc": to_doc, "to_tensors_return": to_return,
              "width": 2 if fit else 3, "train_left": left[0], "test_left": left[1]}
    if data_file is None:
        labels = (None, None) if fit else (dataset.train_labels, dataset.test_labels)
        text = DATA_EMBEDDED.substitute(values, train_rows=_rows(dataset.train_points, labels[0], INDENT),
                                        test_rows=_rows(dataset.test_points, labels[1], INDENT))
        csv_text = None
    else:
        text = DATA_CSV.substitute(values, file_name=data_file)
        header = "x,y,is_test" if fit else "x1,x2,label,is_test"
        rows = [f"{_f32(x)},{_f32(y)}{'' if fit else f',{int(c)}'},{int(t)}"
                for (x, y), c, t in zip(dataset.points, dataset.labels, dataset.is_test, strict=True)]
        csv_text = "\n".join([header, *rows]) + "\n"
    return text, csv_text


def _inputs(features: tuple[str, ...], fit: bool) -> tuple[str, str]:
    """The docstring and the body of network_inputs() (in curve fitting, x1 is the x of the points)."""
    words = ", ".join(FEATURE_WORDS[name].replace("x1", "x" if fit else "x1") for name in features)
    if features == ("x1", "x2"):
        return "Points on the plane -> the numbers the network is given: x1 and x2, scaled.", f"{INDENT}return scaled"
    names = [n for n in ("x1", "x2") if any(n in FEATURE_CODE[f] for f in features)]
    unpack = f"{INDENT}{', '.join(names)} = {', '.join(f'scaled[:, {int(n[1]) - 1}]' for n in names)}\n"
    doc = f"Points on the plane -> the network's inputs: {words}, from the scaled coordinates."
    if any(name.startswith("sin") for name in features):
        doc += "\n    (sin takes 6 times the scaled value: the TensorFlow Playground's plane runs from -6 to 6.)"
    return doc, unpack + f"{INDENT}return torch.stack([{', '.join(FEATURE_CODE[f] for f in features)}], dim=1)"


def _layers(spec, dataset: Dataset) -> str:
    lines = []
    width_in = spec.n_inputs
    for k, (width, activation, dropout) in enumerate(zip(spec.hidden, spec.activations, spec.dropouts,
                                                         strict=True)):
        lines.append(f"nn.Linear({width_in}, {width}),  # hidden layer {k + 1}: {width} neuron"
                     f"{'s' if width > 1 else ''}, each adds up its weighted inputs and a bias")
        code, words = ACTIVATION_CODE[activation]
        lines.append(f"{code},  # ... and passes the sum through {words}")
        if dropout > 0:
            lines.append(f"nn.Dropout({dropout!r}),  # while training, silences a random {dropout:.0%} of these "
                         "neurons in each step")
        width_in = width
    if spec.task == "fit":
        what = "one number, the predicted y (scaled like the plane)"
    elif spec.n_outputs == 1:
        what = f'one number, the score for class 1 ("{_plain(dataset.class_names[1])}")'
    else:
        what = "one score per class"
    lines.append(f"nn.Linear({width_in}, {spec.n_outputs}),  # the output: {what}")
    if spec.perceptron:
        lines.append("Step(),  # a step unit: 1 if the sum is positive, else 0 (a perceptron)")
    return "".join(f"{INDENT}{line}\n" for line in lines)


def _weights(weights, start: bool) -> str:
    layers = []
    for k, (w, b) in enumerate(weights.layers):
        rows = "".join(f"{INDENT * 3}[{', '.join(_f32(v) for v in row)}],\n" for row in w)
        neurons = f"{w.shape[0]} neurons, {w.shape[1]} input{'s' if w.shape[1] > 1 else ''} each" \
            if w.shape[0] > 1 else f"1 neuron, {w.shape[1]} input{'s' if w.shape[1] > 1 else ''}"
        layers.append(f"{INDENT}(  # layer {k + 1}: {neurons}\n"
                      f"{INDENT * 2}[\n{rows}{INDENT * 2}],\n"
                      f"{INDENT * 2}[{', '.join(_f32(v) for v in b)}],\n{INDENT}),\n")
    comment = "False: start from the seed's random weights instead" if start else \
        "True: go on from these weights instead of the seed's random ones"
    about = textwrap.fill(f"The playground's weights ({_trained(weights)}). For each layer: one row of weights per "
                          "neuron (one weight per input), then the neurons' biases.", width=110,
                          initial_indent="# ", subsequent_indent="# ")
    return WEIGHTS.substitute(comment=about, start=start, start_comment=comment,
                              trained_steps_plain=weights.steps, trained_epochs=repr(weights.epochs),
                              layers="".join(layers))


def _trained(weights) -> str:
    return f"after {weights.steps:,} training steps" if weights.steps else "before any training"


def _loss(spec, settings) -> tuple[str, str]:
    """The loss section (probabilities, loss, penalty) and the measuring function."""
    if spec.task == "fit":
        parts = [LOSS["fit"]]
        measure = MEASURE_FIT
    else:
        if spec.perceptron:
            probabilities = PROBABILITIES["perceptron-one" if spec.n_outputs == 1 else "perceptron-many"]
            loss = "perceptron-cross-entropy" if settings.loss == "cross-entropy" else "mse"
        else:
            probabilities = PROBABILITIES["sigmoid" if spec.n_outputs == 1 else "softmax"]
            loss = "mse" if settings.loss == "mse" else \
                "binary-cross-entropy" if spec.n_outputs == 1 else "cross-entropy"
        parts = [probabilities, LOSS[loss]]
        measure = MEASURE_CLASSES
    text = "\n\n\n".join(parts)
    if settings.regularization != "none" and settings.reg_rate > 0:
        text += "\n\n\n" + PENALTY[settings.regularization]
    return text, measure


def script_for(scenario: Scenario, steps: int, *, script_name: str = "train.py", title: str | None = None,
               made_by: str = "the command `playground export-script`", start_from_weights: bool = True,
               note: str = "") -> ExportedScript:
    """The script for `scenario`, training `steps` steps: from its trained weights when it has them and
    `start_from_weights` (as `playground train` goes on from them), else from the seed's starting weights (the
    weights are then written into the script all the same, with a switch to start from them). `note` is added
    to the script's opening words (say where the number of steps came from, for example)."""
    dataset = scenario.dataset()
    if len(dataset.train_points) == 0:
        raise ScriptExportError("there are no training points to train on: make some points training points "
                                "(a smaller test share) and export again")
    spec = scenario.network.for_data(dataset)
    settings = scenario.training
    weights = scenario.weights if scenario.weights is not None and scenario.weights.shapes == spec.layer_shapes \
        else None
    start = weights is not None and start_from_weights
    if title is None:
        title = PRESETS[scenario.data.name].title if isinstance(scenario.data, PresetSpec) else "your own points"
    stem = Path(script_name).stem
    data_file = f"{stem}_data.csv" if len(dataset) > MAX_EMBEDDED_POINTS else None
    data, data_text = _data(dataset, data_file)
    xmin, xmax, ymin, ymax = dataset.bounds()  # the Trainer's scaling, computed the same way
    inputs_doc, inputs_body = _inputs(spec.features, spec.task == "fit")
    loss, measure = _loss(spec, settings)
    fit = spec.task == "fit"
    penalised = settings.regularization != "none" and settings.reg_rate > 0
    rate_name = f"{settings.regularization.upper()}_RATE"
    network = spec.describe()
    if any(d > 0 for d in spec.dropouts):
        note += " Dropout's random choices are drawn from another random stream than the playground's, so the " \
                "numbers come out close to the playground's but not the same."
    if weights is not None and not start:
        note += f" The playground's weights ({_trained(weights)}) are written out below too: set " \
                "START_FROM_TRAINED_WEIGHTS = True to go on from them."
    about = (ABOUT_WEIGHTS if start else ABOUT_REPEAT).substitute(
        network=network, steps=f"{steps:,}", trained=_trained(weights) if weights is not None else "", note=note)
    about = textwrap.fill(" ".join(about.split()), width=110) + "\n"
    text = SCRIPT.substitute(
        title=_plain(title), made_by=made_by, script_name=_plain(script_name), about=about,
        path_import="from pathlib import Path\n" if data_file else "",
        functional_import="" if fit else "import torch.nn.functional as F\n",
        steps=steps, learning_rate=repr(settings.learning_rate), batch_size=settings.batch_size, seed=settings.seed,
        regularization_setting=f"{rate_name} = {settings.reg_rate!r}  # {settings.regularization.upper()} "
                               "regularisation: how strongly large weights are held back\n" if penalised else "",
        data=data, axes="x, y" if fit else "x1, x2", centre_x=repr((xmin + xmax) / 2), centre_y=repr((ymin + ymax) / 2),
        half_x=repr((xmax - xmin) / 2), half_y=repr((ymax - ymin) / 2), inputs_doc=inputs_doc,
        inputs_body=inputs_body, targets=TARGETS_FIT if fit else TARGETS_CLASSES,
        step_class=STEP_CLASS if "step" in spec.activations or spec.perceptron else "",
        layers=_layers(spec, dataset), weights=_weights(weights, start) if weights is not None else "",
        loss=loss, measure=measure,
        optimizer=f"# {OPTIMIZER_CODE[settings.optimizer][0]}\noptimizer = {OPTIMIZER_CODE[settings.optimizer][1]}",
        network=network, step_loss="data_loss(model(inputs), targets)" + (" + penalty()" if penalised else ""),
        update=UPDATE_PERCEPTRON if spec.perceptron else UPDATE,
        quality="r2" if fit else "accuracy", quality_title="fit (R²)" if fit else "accuracy",
        percent="" if fit else ", True", task=spec.task,
        fit_line=FIT_LINE if fit and not spec.hidden and spec.features == ("x1",) else "",
    )
    return ExportedScript(re.sub(r"\n{4,}", "\n\n\n", text), data_file, data_text)  # two blank lines at most


def _write_problem(error: OSError) -> str:
    """Why a file cannot be written, in a learner's words."""
    if isinstance(error, PermissionError):
        return "you do not have permission to write there"
    if isinstance(error, IsADirectoryError):
        return "this is a folder, not a file"
    if isinstance(error, FileNotFoundError):
        return "its folder does not exist"
    reasons = {errno.ENOSPC: "the disk is full", errno.EROFS: "the disk can only be read",
               errno.ENAMETOOLONG: "the file's name is too long"}
    reason = error.strerror or "the system refused"
    return reasons.get(error.errno, f"the system refused ({reason[:1].lower()}{reason[1:]})")


def write_script(scenario: Scenario, steps: int, path: str | Path, **options) -> list[Path]:
    """Write the script (and its CSV file of points, when it has one, beside it); returns the files written.
    `options` go to script_for. A file that cannot be written is a ScriptExportError in plain words."""
    path = Path(path)
    exported = script_for(scenario, steps, script_name=path.name, **options)
    files = [(path, exported.text)]
    if exported.data_file is not None:
        files.insert(0, (path.with_name(exported.data_file), exported.data_text))
    for file, text in files:
        try:
            with file.open("w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except OSError as error:
            raise ScriptExportError(f"cannot write {shown_name(file, whole=True)}: {_write_problem(error)}")
        except ValueError:  # a NUL character or a lone surrogate in the name
            raise ScriptExportError(f"cannot write {shown_name(file, whole=True)}: no file can have this name")
    return [file for file, _ in files]

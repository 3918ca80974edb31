"""Scenario files: versioned JSON holding the data (a preset recipe or explicit points), the network, the
training settings and, optionally, how to show training ("view": its speed, what the hidden space shows, the part
of the plane), the controls hidden or locked, the trained weights and the loss chart's history. Loading is
strict: unknown fields, wrong types and out-of-range values are refused with a message that names the field, so a
hand-edited file never half-loads.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .controls import ControlsError, ControlsSpec
from .dataset import CLASS_COLOURS, Dataset, DatasetError
from .files import MAX_COORDINATE, file_problem, os_problem, shown_name
from .json_fields import (
    CONTROL_CHARS,
    NOT_A_SCENARIO,
    FieldReader,
    decode_text,
    is_number,
    parse_json_text,
    shown_value,
)
from .json_fields import JsonFileError as ScenarioError
from .loss_history import LossHistory, read_history
from .network_spec import MAX_WIDTH, NetworkSpec, SpecError
from .presets import MAX_POINTS, PRESETS, PresetSpec, generate
from .trained_weights import TrainedWeights, WeightsError
from .training_settings import TrainingError, TrainingSettings
from .view_choice import ViewChoice, ViewChoiceError, read_hidden_space, read_plane

FORMAT = "neural-playground-scenario"
VERSION = 1
SUFFIX = ".playground.json"
# 100,000 points as save_scenario writes them take about 7 MB; this leaves room for hand-formatted files and
# for weights (ten hidden layers of 64 neurons: about 1 MB). Checked with stat(), before the file is read.
MAX_FILE_BYTES = 32 * 1024 * 1024
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Steps per second shown when nothing else is asked for: slow enough to watch the boundary move (rabbits vs
# unicorns settles in about 150 steps, the spiral in 400 to 800: 5 to 25 seconds). None means full speed.
WATCHABLE_SPEED = 30.0
MIN_SPEED, MAX_SPEED = 0.1, 100_000.0


def _plain(where: str, values: list) -> None:
    """Refuse names with line breaks or other invisible characters: they would garble every message and label."""
    if any(isinstance(v, str) and CONTROL_CHARS.search(v) for v in values):
        raise ScenarioError(f"'{where}' holds a line break, a tab or another invisible character in a name")


@dataclass(frozen=True)
class Scenario:
    data: PresetSpec | Dataset = field(default_factory=PresetSpec)
    network: NetworkSpec = field(default_factory=NetworkSpec)
    training: TrainingSettings = field(default_factory=TrainingSettings)
    weights: TrainedWeights | None = None  # where training had come to; None: fresh weights from the seed
    speed: float | None = WATCHABLE_SPEED  # steps per second while playing; None: as fast as the computer can
    controls: ControlsSpec = field(default_factory=ControlsSpec)  # what the file hides or locks (for a lesson)
    view: ViewChoice = field(default_factory=ViewChoice)  # the hidden space's layer and axes, the plane's part
    history: LossHistory | None = None  # the loss chart up to the weights' step (kept only with weights)

    def dataset(self) -> Dataset:
        return generate(self.data) if isinstance(self.data, PresetSpec) else self.data


# ----- writing -------------------------------------------------------------------------------------
def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    data = scenario.data
    if isinstance(data, PresetSpec):
        data_dict: dict[str, Any] = {"preset": {
            "name": data.name, "points": data.resolved_points(), "noise": data.resolved_noise(),
            "seed": data.seed, "test_ratio": data.test_ratio,
        }}
    else:
        data_dict = {
            "points": data.points.tolist(),
            "labels": data.labels.tolist(),
            "test": data.is_test.tolist(),
            "class_names": list(data.class_names),
            "class_colours": list(data.class_colours),
            "class_markers": list(data.class_markers),
            "feature_names": list(data.feature_names),
        }
        if data.domain is not None:
            data_dict["domain"] = list(data.domain)
        if data.is_fit:
            data_dict["task"] = "fit"
    t = scenario.training
    result = {
        "format": FORMAT,
        "version": VERSION,
        "data": data_dict,
        "network": _network_dict(scenario.network),
        "training": {"optimizer": t.optimizer, "learning_rate": t.learning_rate, "batch_size": t.batch_size,
                     "loss": t.loss, "seed": t.seed, "regularization": t.regularization, "reg_rate": t.reg_rate,
                     **({"device": t.device} if t.device != "auto" else {})},
    }
    result["view"] = {"speed": scenario.speed, **scenario.view.to_dict()}
    if scenario.weights is not None:
        result["weights"] = scenario.weights.to_dict()
        if scenario.history is not None and len(scenario.history):
            result["history"] = scenario.history.to_dict()
    if not scenario.controls.is_empty:
        result["controls"] = scenario.controls.to_dict()
    return result


def _network_dict(network: NetworkSpec) -> dict[str, Any]:
    activation = network.activation
    dropout = network.dropout
    return {"hidden": list(network.hidden),
            "activation": activation if isinstance(activation, str) else list(activation),
            "features": list(network.features),
            "dropout": dropout if isinstance(dropout, int | float) else list(dropout)}


def scenario_text(scenario: Scenario) -> str:
    """The scenario file's text, as save_scenario writes it."""
    return json.dumps(scenario_to_dict(scenario), indent=1) + "\n"


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    Path(path).write_text(scenario_text(scenario), encoding="utf-8")


# ----- reading -------------------------------------------------------------------------------------
def _read_data(reader: FieldReader) -> PresetSpec | Dataset:
    if "preset" in reader.obj:
        p = reader.child("preset")
        noise = p.get("noise", (int, float), None)
        spec = PresetSpec(
            name=p.get("name", str), points=p.get("points", int, None),
            noise=None if noise is None else float(noise), seed=p.get("seed", int, 0),
            test_ratio=float(p.get("test_ratio", (int, float), 0.5)),
        )
        p.done()
        reader.done()
        generate(spec)  # validates ranges now, with the preset's own messages
        return spec
    points = reader.get("points", list)
    n = len(points)
    if n > MAX_POINTS:  # counted before anything is checked point by point or built
        raise ScenarioError(f"this scenario has {n:,} points; the playground takes at most {MAX_POINTS:,}")
    labels = reader.get("labels", list)
    test = reader.get("test", list, None)
    class_names = reader.get("class_names", list)
    colours = reader.get("class_colours", list, None)
    markers = reader.get("class_markers", list, None)
    feature_names = reader.get("feature_names", list, ["x1", "x2"])
    domain = reader.get("domain", list, None)
    task = reader.get("task", str, "classify")
    reader.done()
    where = reader.where
    if len(labels) != n:
        raise ScenarioError(f"'{where('labels')}' has {_count(len(labels), 'label')} for {_count(n, 'point')}; "
                            "give one label per point")
    if test is not None and len(test) != n:
        raise ScenarioError(f"'{where('test')}' has {_count(len(test), 'flag')} for {_count(n, 'point')}; "
                            "give one true/false flag per point")
    for name_list, key in ((class_names, "class_names"), (feature_names, "feature_names"),
                           (markers or [], "class_markers")):
        _plain(where(key), name_list)
    for i, pair in enumerate(points):
        if not (isinstance(pair, list) and len(pair) == 2 and all(is_number(v) for v in pair)):
            raise ScenarioError(f"'{where('points')}' must be a list of [x, y] pairs of finite numbers; "
                                f"point {i + 1} is {shown_value(pair)}")
        if not all(abs(v) <= MAX_COORDINATE for v in pair):  # beyond it the plane overflows float32
            raise ScenarioError(f"'{where('points')}': point {i + 1} is too far out, {shown_value(pair)}; "
                                f"coordinates must lie between -{MAX_COORDINATE:g} and {MAX_COORDINATE:g}")
    xy = np.array(points, dtype=np.float64).reshape(n, 2)
    if not all(isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**63 for v in labels):
        raise ScenarioError(f"'{where('labels')}' must be a list of whole numbers (class indices)")
    if test is not None and not all(isinstance(v, bool) for v in test):
        raise ScenarioError(f"'{where('test')}' must be a list of true/false flags")
    for name_list, key in ((class_names, "class_names"), (feature_names, "feature_names")):
        if not all(isinstance(v, str) and v.strip() for v in name_list):
            raise ScenarioError(f"'{where(key)}' must be a list of non-empty names")
    if markers is not None and not all(isinstance(v, str) for v in markers):
        raise ScenarioError(f"'{where('class_markers')}' must be a list of shape names, like [\"circle\", \"star\"]")
    if colours is not None and not all(isinstance(v, str) and _COLOUR.match(v) for v in colours):
        raise ScenarioError(f"'{where('class_colours')}' must be colours written like \"#f59322\"")
    if domain is not None:
        _check_domain(where("domain"), domain)
    try:
        return Dataset(
            points=xy.reshape(n, 2).astype(np.float32), labels=np.array(labels, dtype=np.int64),
            is_test=np.array(test if test is not None else [False] * n, dtype=bool),
            class_names=tuple(class_names), feature_names=tuple(feature_names),
            class_colours=tuple(colours) if colours is not None else CLASS_COLOURS[: len(class_names)],
            class_markers=tuple(markers) if markers is not None else None,
            domain=tuple(domain) if domain is not None else None, task=task,
        )
    except DatasetError as error:
        raise ScenarioError(f"'{reader.path}': {error}")


def _count(n: int, thing: str) -> str:
    return f"{n:,} {thing}{'' if n == 1 else 's'}"


def _check_domain(where: str, domain: list) -> None:
    """Four numbers for the plane shown, each side wide enough for float32 to tell its ends apart."""
    if len(domain) != 4 or not all(is_number(v) for v in domain):
        raise ScenarioError(f"'{where}' must be four numbers: xmin, xmax, ymin, ymax")
    if not all(abs(v) <= MAX_COORDINATE for v in domain):
        raise ScenarioError(f"'{where}': the plane's bounds must lie between -{MAX_COORDINATE:g} and "
                            f"{MAX_COORDINATE:g}")
    for lo, hi in ((domain[0], domain[1]), (domain[2], domain[3])):
        if not hi - lo >= 1e-6 * max(1.0, abs(lo), abs(hi)):  # as Dataset.bounds pads a plane of equal points
            raise ScenarioError(f"'{where}': the plane's bounds need xmin < xmax and ymin < ymax, apart by at "
                                "least a millionth of their size")


def scenario_from_dict(obj: Any) -> Scenario:
    if not isinstance(obj, dict):
        raise ScenarioError(f"{NOT_A_SCENARIO}: a scenario is a JSON object, {{ ... }}")
    if "format" not in obj:
        raise ScenarioError(f"{NOT_A_SCENARIO} ('format' is missing)")
    if obj["format"] != FORMAT:
        raise ScenarioError(f"{NOT_A_SCENARIO} ('format' should be \"{FORMAT}\")")
    root = FieldReader(obj, "")
    root.get("format", str)
    version = root.get("version", int)
    if version != VERSION:
        raise ScenarioError(f"scenario version {version} is not supported by this version of the app "
                            f"(it reads version {VERSION})")
    data = _read_data(root.child("data"))
    task = data.task
    try:
        net = root.child("network")
        hidden = net.get("hidden", list)
        if not all(isinstance(w, int) and not isinstance(w, bool) for w in hidden):
            raise ScenarioError("'network.hidden' must be a list of neuron counts, like [8, 8]")
        wrong = [w for w in hidden if not 1 <= w <= MAX_WIDTH]
        if wrong:
            raise ScenarioError(f"'network.hidden': a hidden layer needs 1 to {MAX_WIDTH} neurons, "
                                f"not {shown_value(wrong[0])}")
        activation = net.get("activation", (str, list), "tanh")
        if isinstance(activation, list) and not all(isinstance(a, str) for a in activation):
            raise ScenarioError("'network.activation' must be a name, or a list of names (one per layer)")
        _plain("network.activation", activation if isinstance(activation, list) else [])
        features = net.get("features", list, ["x1"] if task == "fit" else ["x1", "x2"])
        if not all(isinstance(f, str) for f in features):
            raise ScenarioError("'network.features' must be a list of feature names, like [\"x1\", \"x2\"]")
        _plain("network.features", features)
        dropout = net.get("dropout", (int, float, list), 0.0)
        if isinstance(dropout, list) and not all(is_number(d) for d in dropout):
            raise ScenarioError("'network.dropout' must be a number, or a list of numbers (one per layer)")
        network = NetworkSpec(hidden=tuple(hidden),
                              activation=activation if isinstance(activation, str) else tuple(activation),
                              features=tuple(features),
                              dropout=float(dropout) if not isinstance(dropout, list) else tuple(dropout),
                              task=task, n_classes=1 if task == "fit" else 2)
        net.done()
    except SpecError as error:
        raise ScenarioError(f"network: {error}")
    try:
        tr = root.child("training")
        training = TrainingSettings(
            optimizer=tr.get("optimizer", str, "adam"),
            learning_rate=float(tr.get("learning_rate", (int, float), 0.03)),
            batch_size=tr.get("batch_size", int, 0), loss=tr.get("loss", str, "cross-entropy"),
            seed=tr.get("seed", int, 0), regularization=tr.get("regularization", str, "none"),
            reg_rate=float(tr.get("reg_rate", (int, float), 0.0)), device=tr.get("device", str, "auto"),
        )
        tr.done()
    except TrainingError as error:
        raise ScenarioError(f"training: {error}")
    speed, view = _read_view(root.child("view"), network) if "view" in root.obj else (WATCHABLE_SPEED, ViewChoice())
    weights = _read_weights(root.child("weights"), network, data) if "weights" in root.obj else None
    history = None
    if "history" in root.obj:
        if weights is None:
            raise ScenarioError("'history' is the loss chart of trained weights, but the file has no 'weights'")
        history = read_history(root.child("history"), weights.steps)
    controls = ControlsSpec()
    if "controls" in root.obj:
        try:
            controls = ControlsSpec.from_dict(root.get("controls", dict))
        except ControlsError as error:
            raise ScenarioError(str(error))
    root.done()
    return Scenario(data, network, training, weights, speed, controls, view, history)


def _read_view(reader: FieldReader, network: NetworkSpec) -> tuple[float | None, ViewChoice]:
    """The optional "view" object: {"speed": steps per second, or null for full speed; "hidden_space": what the
    hidden space shows; "plane": the part of the plane looked at} (core/view_choice.py)."""
    if reader.obj.get("speed", 0) is None:
        reader.seen.add("speed")
        speed = None
    else:
        speed = reader.get("speed", (int, float), WATCHABLE_SPEED)
    try:
        hidden = read_hidden_space(reader.get("hidden_space", dict), network.hidden, reader.where("hidden_space")) \
            if "hidden_space" in reader.obj else None
        plane = read_plane(reader.get("plane", list), reader.where("plane")) if "plane" in reader.obj else None
    except ViewChoiceError as error:
        raise ScenarioError(str(error))
    reader.done()
    if speed is not None and not MIN_SPEED <= speed <= MAX_SPEED:
        raise ScenarioError(f"'{reader.where('speed')}' must be between {MIN_SPEED:g} and {MAX_SPEED:,.0f} steps "
                            f"per second, or null for full speed; not {shown_value(speed)}")
    return None if speed is None else float(speed), ViewChoice(hidden, plane)


def _read_weights(reader: FieldReader, network: NetworkSpec, data: PresetSpec | Dataset) -> TrainedWeights:
    """The optional "weights" object: {"steps", "epochs", "layers": [{"weight": rows, "bias": numbers}, ...]},
    one layer per weight layer of the file's network (its output sized for the file's data)."""
    n_classes = data.n_classes if isinstance(data, Dataset) else len(PRESETS[data.name].class_names)
    shapes = network.for_task(data.task, n_classes).layer_shapes
    steps = reader.get("steps", int, 0)
    epochs = float(reader.get("epochs", (int, float), 0.0))
    layers = reader.get("layers", list)
    reader.done()
    if steps < 0 or epochs < 0:
        raise ScenarioError(f"'{reader.where('steps' if steps < 0 else 'epochs')}' must be 0 or more")
    if len(layers) != len(shapes):
        sizes = "-".join(str(n) for n in (shapes[0][1], *(out for out, _ in shapes)))
        raise ScenarioError(f"'{reader.where('layers')}' has {len(layers)} layers, but the network ({sizes}) "
                            f"has {len(shapes)} weight layers")
    pairs = []
    for k, ((n_out, n_in), layer) in enumerate(zip(shapes, layers, strict=True)):
        where = f"{reader.where('layers')}[{k + 1}]"
        item = FieldReader(layer, where)
        weight, bias = item.get("weight", list), item.get("bias", list)
        item.done()
        if len(weight) != n_out or not all(isinstance(row, list) and len(row) == n_in and all(map(is_number, row))
                                           for row in weight):
            raise ScenarioError(f"'{where}.weight' must be {n_out} rows of {n_in} numbers (one row per neuron, one "
                                f"number per input)")
        if len(bias) != n_out or not all(map(is_number, bias)):
            raise ScenarioError(f"'{where}.bias' must be {n_out} number{'s' if n_out > 1 else ''} (one per neuron)")
        for key, values in (("weight", weight), ("bias", bias)):
            with np.errstate(over="ignore"):
                too_large = not np.isfinite(np.array(values, dtype=np.float32)).all()
            if too_large:
                raise ScenarioError(f"'{where}.{key}' holds a number too large for a weight")
        pairs.append((weight, bias))
    try:
        return TrainedWeights(tuple(pairs), steps=steps, epochs=epochs)
    except WeightsError as error:
        raise ScenarioError(f"'{reader.path}': {error}")


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; every problem is a ScenarioError naming the file."""
    path = Path(path)
    name = shown_name(path)
    problem = file_problem(path, MAX_FILE_BYTES, "scenario")
    if problem:
        raise ScenarioError(f"{shown_name(path, whole=problem == 'no such file')}: {problem}")
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # at most this, should the file grow after stat()
    except OSError as error:
        raise ScenarioError(f"{name}: {os_problem(error)}")
    try:
        if len(raw) > MAX_FILE_BYTES:
            raise ScenarioError(f"the file is larger than {MAX_FILE_BYTES // 2**20} MB, the limit for scenario files")
        return scenario_from_dict(parse_json_text(decode_text(raw)))
    except (ScenarioError, DatasetError) as error:
        raise ScenarioError(f"{name}: {error}")

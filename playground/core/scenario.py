"""Scenario files: versioned JSON holding the data (a preset recipe or explicit points), the network and
the training settings. Loading is strict: unknown fields, wrong types and out-of-range values are refused
with a message that names the field, so a hand-edited file never half-loads.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .dataset import CLASS_COLOURS, Dataset, DatasetError
from .network import NetworkSpec, SpecError
from .presets import PRESETS, PresetSpec, generate
from .trained_weights import TrainedWeights, WeightsError
from .training import TrainingError, TrainingSettings

FORMAT = "neural-playground-scenario"
VERSION = 1
SUFFIX = ".playground.json"
MAX_FILE_BYTES = 64 * 1024 * 1024
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


LARGEST_NUMBER = 1e300  # beyond this a JSON number cannot be a sensible coordinate or setting


class ScenarioError(ValueError):
    """A scenario file that cannot be used: the message names the file's problem for the user."""


def _is_number(value: Any) -> bool:
    """A finite JSON number of sensible size (not true/false, which Python counts as int)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return abs(value) <= LARGEST_NUMBER


@dataclass(frozen=True)
class Scenario:
    data: PresetSpec | Dataset = field(default_factory=PresetSpec)
    network: NetworkSpec = field(default_factory=NetworkSpec)
    training: TrainingSettings = field(default_factory=TrainingSettings)
    weights: TrainedWeights | None = None  # where training had come to; None: fresh weights from the seed

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
                     "loss": t.loss, "seed": t.seed, "regularization": t.regularization, "reg_rate": t.reg_rate},
    }
    if scenario.weights is not None:
        result["weights"] = scenario.weights.to_dict()
    return result


def _network_dict(network: NetworkSpec) -> dict[str, Any]:
    activation = network.activation
    dropout = network.dropout
    return {"hidden": list(network.hidden),
            "activation": activation if isinstance(activation, str) else list(activation),
            "features": list(network.features),
            "dropout": dropout if isinstance(dropout, int | float) else list(dropout)}


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    text = json.dumps(scenario_to_dict(scenario), indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")


# ----- reading -------------------------------------------------------------------------------------
class _Reader:
    """Takes typed fields out of one JSON object and complains, by dotted path, about anything off."""

    def __init__(self, obj: Any, path: str) -> None:
        if not isinstance(obj, dict):
            raise ScenarioError(f"{path or 'the file'} must be a JSON object")
        self.obj, self.path, self.seen = obj, path, set()

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        self.seen.add(key)
        if key not in self.obj:
            if default is ...:
                raise ScenarioError(f"'{self._where(key)}' is missing")
            return default
        value = self.obj[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if ok and isinstance(value, int | float) and not isinstance(value, bool):
            ok = _is_number(value) and (float in kinds or abs(value) < 2**63)
        if not ok:
            names = " or ".join({int: "a whole number", float: "a number", str: "text", list: "a list",
                                 dict: "an object", bool: "true or false"}[k] for k in kinds)
            raise ScenarioError(f"'{self._where(key)}' must be {names}, not {json.dumps(value)[:40]}")
        return value

    def child(self, key: str) -> _Reader:
        return _Reader(self.get(key, dict), self._where(key))

    def done(self) -> None:
        unknown = sorted(set(self.obj) - self.seen)
        if unknown:
            raise ScenarioError(f"unknown field '{self._where(unknown[0])}'")


def _read_data(reader: _Reader) -> PresetSpec | Dataset:
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
    labels = reader.get("labels", list)
    test = reader.get("test", list, None)
    class_names = reader.get("class_names", list)
    colours = reader.get("class_colours", list, None)
    markers = reader.get("class_markers", list, None)
    feature_names = reader.get("feature_names", list, ["x1", "x2"])
    domain = reader.get("domain", list, None)
    task = reader.get("task", str, "classify")
    reader.done()
    where = reader._where
    for i, pair in enumerate(points):
        if not (isinstance(pair, list) and len(pair) == 2 and all(_is_number(v) for v in pair)):
            raise ScenarioError(f"'{where('points')}' must be a list of [x, y] pairs of finite numbers; "
                                f"point {i + 1} is {json.dumps(pair)[:40]}")
    xy = np.array(points, dtype=np.float64).reshape(len(points), 2)
    if not all(isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**63 for v in labels):
        raise ScenarioError(f"'{where('labels')}' must be a list of whole numbers (class indices)")
    if test is not None and not all(isinstance(v, bool) for v in test):
        raise ScenarioError(f"'{where('test')}' must be a list of true/false flags")
    for name_list, key in ((class_names, "class_names"), (feature_names, "feature_names")):
        if not all(isinstance(v, str) and v.strip() for v in name_list):
            raise ScenarioError(f"'{where(key)}' must be a list of non-empty names")
    if colours is not None and not all(isinstance(v, str) and _COLOUR.match(v) for v in colours):
        raise ScenarioError(f"'{where('class_colours')}' must be colours written like \"#f59322\"")
    if domain is not None and (len(domain) != 4 or not all(_is_number(v) for v in domain)):
        raise ScenarioError(f"'{where('domain')}' must be four numbers: xmin, xmax, ymin, ymax")
    n = len(points)
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


def scenario_from_dict(obj: Any) -> Scenario:
    root = _Reader(obj, "")
    if root.get("format", str) != FORMAT:
        raise ScenarioError(f"this is not a playground scenario ('format' should be \"{FORMAT}\")")
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
        activation = net.get("activation", (str, list), "tanh")
        if isinstance(activation, list) and not all(isinstance(a, str) for a in activation):
            raise ScenarioError("'network.activation' must be a name, or a list of names (one per layer)")
        features = net.get("features", list, ["x1"] if task == "fit" else ["x1", "x2"])
        if not all(isinstance(f, str) for f in features):
            raise ScenarioError("'network.features' must be a list of feature names, like [\"x1\", \"x2\"]")
        dropout = net.get("dropout", (int, float, list), 0.0)
        if isinstance(dropout, list) and not all(_is_number(d) for d in dropout):
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
            reg_rate=float(tr.get("reg_rate", (int, float), 0.0)),
        )
        tr.done()
    except TrainingError as error:
        raise ScenarioError(f"training: {error}")
    weights = _read_weights(root.child("weights"), network, data) if "weights" in root.obj else None
    root.done()
    return Scenario(data, network, training, weights)


def _read_weights(reader: _Reader, network: NetworkSpec, data: PresetSpec | Dataset) -> TrainedWeights:
    """The optional "weights" object: {"steps", "epochs", "layers": [{"weight": rows, "bias": numbers}, ...]},
    one layer per weight layer of the file's network (its output sized for the file's data)."""
    n_classes = data.n_classes if isinstance(data, Dataset) else len(PRESETS[data.name].class_names)
    shapes = network.for_task(data.task, n_classes).layer_shapes
    steps = reader.get("steps", int, 0)
    epochs = float(reader.get("epochs", (int, float), 0.0))
    layers = reader.get("layers", list)
    reader.done()
    if steps < 0 or epochs < 0:
        raise ScenarioError(f"'{reader._where('steps' if steps < 0 else 'epochs')}' must be 0 or more")
    if len(layers) != len(shapes):
        sizes = "-".join(str(n) for n in (shapes[0][1], *(out for out, _ in shapes)))
        raise ScenarioError(f"'{reader._where('layers')}' has {len(layers)} layers, but the network ({sizes}) "
                            f"has {len(shapes)} weight layers")
    pairs = []
    for k, ((n_out, n_in), layer) in enumerate(zip(shapes, layers, strict=True)):
        where = f"{reader._where('layers')}[{k + 1}]"
        item = _Reader(layer, where)
        weight, bias = item.get("weight", list), item.get("bias", list)
        item.done()
        if len(weight) != n_out or not all(isinstance(row, list) and len(row) == n_in and all(map(_is_number, row))
                                           for row in weight):
            raise ScenarioError(f"'{where}.weight' must be {n_out} rows of {n_in} numbers (one row per neuron, one "
                                f"number per input)")
        if len(bias) != n_out or not all(map(_is_number, bias)):
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
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError(f"{path.name}: the file is larger than {MAX_FILE_BYTES // 2**20} MB")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path.name}: cannot be read ({error.__class__.__name__})")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(f"{path.name}: not valid JSON (line {error.lineno}, column {error.colno}: "
                            f"{error.msg})")
    except (ValueError, RecursionError) as error:  # e.g. a number with thousands of digits, absurd nesting
        raise ScenarioError(f"{path.name}: not a usable JSON file ({str(error)[:80]})")
    try:
        return scenario_from_dict(obj)
    except (ScenarioError, DatasetError) as error:
        raise ScenarioError(f"{path.name}: {error}")

"""Fuzzing the file loaders with hypothesis: random bytes, valid files with bytes flipped, inserted, deleted or
duplicated, scenario JSON with values swapped for random ones of other types and fields dropped or added, and
random CSV text. Whatever the file, a loader returns a valid object or raises its own error (ScenarioError,
DatasetError) with a one-line message naming the file, and no warning.

CI runs a few hundred examples per test, the same ones every time (derandomized). For a long run with fresh
random examples: PLAYGROUND_FUZZ_EXAMPLES=20000 pytest tests/core/test_loader_fuzz.py -s (prints how many files
were fuzzed).
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import warnings
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from playground.core.csv_io import parse_csv, read_csv, write_csv
from playground.core.dataset import Dataset, DatasetError
from playground.core.files import MAX_COORDINATE
from playground.core.network import NetworkSpec
from playground.core.presets import MAX_POINTS, PresetSpec, generate
from playground.core.scenario import Scenario, ScenarioError, load_scenario, save_scenario, scenario_to_dict
from playground.core.training import Trainer, TrainingSettings

LONG_RUN = int(os.environ.get("PLAYGROUND_FUZZ_EXAMPLES", "0"))
FUZZED: Counter[str] = Counter()
# Python's words, and NaN or infinity as a number shows them ("not nan"); a label the user named "nan" may be echoed
PYTHON_WORDS = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception)\b|\bnot -?(nan|inf)\b")


def fuzz(ci_examples: int):
    """hypothesis settings: `ci_examples` derandomized examples, or PLAYGROUND_FUZZ_EXAMPLES random ones."""
    return settings(max_examples=LONG_RUN or ci_examples, derandomize=not LONG_RUN, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much, HealthCheck.large_base_example])


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    if LONG_RUN:
        print(f"\nfuzzed: {dict(FUZZED)}, {sum(FUZZED.values()):,} in all")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# ----- the property --------------------------------------------------------------------------------
def check_message(message: str, name: str) -> None:
    assert message.startswith(f"{name}: "), message
    assert len(message.splitlines()) == 1, message
    assert not PYTHON_WORDS.search(message), message


def check_usable(dataset: Dataset, network: NetworkSpec, training: TrainingSettings) -> None:
    """What the window does with loaded data: a network for it, a step of training, a frame for the views."""
    assert len(dataset) <= MAX_POINTS
    assert np.isfinite(dataset.points).all() and (np.abs(dataset.points) <= MAX_COORDINATE).all()
    if len(dataset) > 2000:  # a big preset: checked as data only, to keep the examples fast
        return
    settings = replace(training, device="cpu", loss="mse" if dataset.is_fit else training.loss)  # as the window
    trainer = Trainer(dataset, network.for_data(dataset), settings, grid_size=16)  # a small grid: fast enough
    trainer.step(1)
    trainer.snapshot()


def load_scenario_checked(path: Path) -> None:
    FUZZED["scenario files"] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            check_message(str(error), path.name)
            return
        assert isinstance(scenario, Scenario)
        dataset = scenario.dataset()
        check_usable(dataset, scenario.network, scenario.training)


def read_csv_checked(path: Path) -> None:
    FUZZED["CSV files"] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            dataset = read_csv(path)
        except DatasetError as error:
            check_message(str(error), path.name)
            return
        assert isinstance(dataset, Dataset)
        check_usable(dataset, NetworkSpec(), TrainingSettings())


# ----- valid files to start from ---------------------------------------------------------------------
def seed_scenarios() -> list[Scenario]:
    explicit = Dataset(points=np.array([[0.25, -1.5], [3.0, 2.0], [-0.125, 7.5], [1e-3, -2e5]], dtype=np.float32),
                       labels=np.array([0, 2, 1, 2]), is_test=np.array([False, True, False, False]),
                       class_names=("cat", "dog", "bird"), feature_names=("weight", "height"),
                       class_colours=("#112233", "#aabbcc", "#ABCDEF"), domain=(-1.0, 4.0, -3.0, 8.0),
                       class_markers=("circle", "rabbit", "star"))
    return [
        Scenario(PresetSpec("xor", points=40, noise=0.1, seed=4, test_ratio=0.3),
                 NetworkSpec(hidden=(4, 3), activation=("relu", "tanh"), dropout=(0.1, 0.0)),
                 TrainingSettings(optimizer="sgd", learning_rate=0.1, batch_size=16, loss="mse", seed=7,
                                  regularization="l2", reg_rate=0.01)),
        Scenario(explicit, NetworkSpec(hidden=(3,), features=("x1", "x2", "x1sq")), TrainingSettings()),
        Scenario(generate(PresetSpec("line", points=6)), NetworkSpec(hidden=(), features=("x1",), task="fit",
                                                                      n_classes=1), TrainingSettings(loss="mse")),
    ]


@pytest.fixture(scope="module")
def scenario_seeds(folder) -> list[bytes]:
    seeds = []
    for i, scenario in enumerate(seed_scenarios()):
        path = folder / f"seed{i}.playground.json"
        save_scenario(scenario, path)
        seeds.append(path.read_bytes())
    return seeds


def seed_datasets() -> list[Dataset]:
    return [
        Dataset.create(np.array([[0.5, -1.25], [3e4, 2.0], [-7.5, 1e-7], [1.0, 1.0]], dtype=np.float32),
                       [0, 1, 2, 1], class_names=("red", "green, blue", "#3"),
                       feature_names=("width (cm)", 'say "hi"')),
        Dataset.create(np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32), [1, 0, 1], class_names=("0", "1")),
        generate(PresetSpec("wave", points=5)),
    ]


@pytest.fixture(scope="module")
def csv_seeds(folder) -> list[bytes]:
    seeds = []
    for i, dataset in enumerate(seed_datasets()):
        path = folder / f"seed{i}.csv"
        write_csv(dataset, path)
        seeds.append(path.read_bytes())
    seeds.append(b"x;y;label\n1.5;2;a\n3;4;b\n")  # semicolons, no classes comment
    seeds.append(b"\xef\xbb\xbf1\t2\tcat\r\n3\t4\tdog\r\n")  # a byte-order mark, tabs, Windows line ends
    return seeds


def test_the_seed_files_load(scenario_seeds, csv_seeds, folder):
    for i, data in enumerate(scenario_seeds):
        (folder / "s.playground.json").write_bytes(data)
        assert isinstance(load_scenario(folder / "s.playground.json"), Scenario), i
    for i, data in enumerate(csv_seeds):
        (folder / "s.csv").write_bytes(data)
        assert isinstance(read_csv(folder / "s.csv"), Dataset), i


# ----- byte mutations ---------------------------------------------------------------------------------
TOKENS = [b",", b"[", b"]", b"{", b"}", b'"', b"\n", b"-", b"e99", b"1e400", b"NaN", b"Infinity", b"\x00", b"\xff",
          b"null", b"true", b"0", b"99999999999999999999", b"#", b";", b"\t", b"\r", b"\\", b"\\u", b"\xef\xbb\xbf"]


@st.composite
def mutated(draw, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "duplicate"]))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            data[min(pos, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 16))]
        elif op == "duplicate":
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 64))] * draw(st.integers(1, 3))
    return bytes(data)


@fuzz(200)
@given(data=st.binary(max_size=3000))
def test_random_bytes(folder, data):
    for name, check in (("random.playground.json", load_scenario_checked), ("random.csv", read_csv_checked)):
        (folder / name).write_bytes(data)
        check(folder / name)


@fuzz(250)
@given(data=st.data())
def test_scenario_files_with_bytes_changed(folder, scenario_seeds, data):
    path = folder / "mutated.playground.json"
    path.write_bytes(data.draw(mutated(scenario_seeds)))
    load_scenario_checked(path)


@fuzz(300)
@given(data=st.data())
def test_csv_files_with_bytes_changed(folder, csv_seeds, data):
    path = folder / "mutated.csv"
    path.write_bytes(data.draw(mutated(csv_seeds)))
    read_csv_checked(path)


# ----- JSON mutations ---------------------------------------------------------------------------------
FIELD_NAMES = ["format", "version", "data", "network", "training", "preset", "name", "points", "noise", "seed",
               "test_ratio", "labels", "test", "class_names", "class_colours", "class_markers", "feature_names",
               "domain", "task", "hidden", "activation", "features", "dropout", "optimizer", "learning_rate",
               "batch_size", "loss", "regularization", "reg_rate", "view", "speed"]
NUMBERS = st.sampled_from([0, -1, 1, 2, 0.5, -0.0, 1e-320, 1e15, 1e16, 3e38, 1e300, 2**31, 2**32, 2**63, 2**64,
                           -(2**63), MAX_POINTS, MAX_POINTS + 1, 64, 65, 10, 11, math.nan, math.inf, -math.inf])
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-(10**40), 10**40) | NUMBERS
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12)
           | st.sampled_from(["tanh", "relu", "x1", "x1sq", "fit", "classify", "xor", "line", "circle", "adam", "mse",
                              "l1", "#ff0000", "rabbit", "neural-playground-scenario", "a\nb", "\ud800", "\x00"]))
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=6)
                           | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=6), inner, max_size=4),
                           max_leaves=12)


def places(obj, path=()):
    """Every (path to a container, key or index) in obj."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield path, key
            yield from places(value, (*path, key))
    elif isinstance(obj, list):
        for i, value in enumerate(obj[:8]):  # a few list elements are enough
            yield path, i
            yield from places(value, (*path, i))


def container(obj, path):
    for key in path:
        obj = obj[key]
    return obj


@st.composite
def mutated_json(draw, seeds: list[dict]) -> dict:
    obj = copy.deepcopy(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 3))):
        spots = list(places(obj))
        if not spots:
            break
        path, key = draw(st.sampled_from(spots))
        parent = container(obj, path)
        op = draw(st.sampled_from(["replace", "replace", "number", "drop", "add", "duplicate"]))
        if op == "replace":
            parent[key] = draw(JSON_VALUES)
        elif op == "number":
            parent[key] = draw(NUMBERS)
        elif op == "drop":
            del parent[key]
        elif op == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELD_NAMES) | st.text(max_size=8))] = draw(JSON_VALUES)
        elif op == "add":
            parent.insert(key, draw(JSON_VALUES))
        elif isinstance(parent, list):
            parent[key:key] = [copy.deepcopy(parent[key])] * draw(st.integers(1, 4))
    return obj


@fuzz(400)
@given(data=st.data())
def test_scenario_json_with_values_changed_fields_dropped_or_added(folder, data):
    seeds = [scenario_to_dict(scenario) for scenario in seed_scenarios()]
    obj = data.draw(mutated_json(seeds))
    path = folder / "changed.playground.json"
    path.write_text(json.dumps(obj, indent=data.draw(st.sampled_from([None, 1]))), encoding="utf-8")
    load_scenario_checked(path)


# ----- random CSV text --------------------------------------------------------------------------------
CELLS = (st.floats().map(repr) | st.integers().map(str) | st.text(max_size=8)
         | st.sampled_from(["", " ", "nan", "inf", "-inf", "1e400", "3e38", "1e15", "-1e15", "1e16", "x", "a", "b",
                            "c", "0", "1", "-1", "01", "#", '"', '""', '"a,b"', "1,5", "0x10", "1_000", "\u0663",
                            "\x00", "\x0c", "label", " 2 "]))
LINE_STARTS = st.sampled_from(["", "", "", "# ", "# classes: ", "#classes:"])


@st.composite
def csv_text(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 30))):
        cells = draw(st.lists(CELLS, max_size=4))
        lines.append(draw(LINE_STARTS) + draw(st.sampled_from([",", ";", "\t", ", "])).join(cells))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines) + draw(st.sampled_from(["", "\n"]))


@fuzz(300)
@given(text=csv_text() | st.text(max_size=300))
@example(text="# classes: 0,nan\n0.0,0.0,0.0")  # found by a long run: a class the user named nan
def test_random_csv_text(folder, text):
    path = folder / "random.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    read_csv_checked(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            parse_csv(text, name="pasted")
        except DatasetError as error:
            check_message(str(error), "pasted")

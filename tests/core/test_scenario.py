"""Scenario files: round trips, and strict refusal of anything off, always as ScenarioError."""

import copy
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from playground.core import scenario as scenario_module
from playground.core.dataset import CLASS_COLOURS, Dataset
from playground.core.files import MAX_COORDINATE
from playground.core.network import NetworkSpec
from playground.core.presets import MAX_POINTS, PresetSpec, generate
from playground.core.scenario import (
    FORMAT,
    MAX_FILE_BYTES,
    VERSION,
    Scenario,
    ScenarioError,
    load_scenario,
    save_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from playground.core.training import Trainer, TrainingSettings

PRESET_SCENARIO = Scenario(
    PresetSpec("xor", points=300, noise=0.1, seed=4, test_ratio=0.3),
    NetworkSpec(hidden=(4, 3), activation="relu"),
    TrainingSettings(optimizer="sgd", learning_rate=0.1, batch_size=16, loss="mse", seed=7),
)


def explicit_dataset() -> Dataset:
    return Dataset(
        points=np.array([[0.25, -1.5], [3.0, 2.0], [-0.125, 7.5], [1e-3, -2e5]], dtype=np.float32),
        labels=np.array([0, 2, 1, 2]),
        is_test=np.array([False, True, False, False]),
        class_names=("cat", "dog", "bird"),
        feature_names=("weight", "height"),
        class_colours=("#112233", "#aabbcc", "#ABCDEF"),
        domain=(-1.0, 4.0, -3.0, 8.0),
    )


def base_dict() -> dict:
    return scenario_to_dict(PRESET_SCENARIO)


def explicit_dict() -> dict:
    return scenario_to_dict(Scenario(explicit_dataset(), NetworkSpec(), TrainingSettings()))


def write(tmp_path: Path, content) -> Path:
    path = tmp_path / "scenario.playground.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def load_error(tmp_path: Path, content) -> str:
    """The message of the ScenarioError that loading `content` raises (and nothing else may be raised)."""
    path = write(tmp_path, content)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert message.startswith(path.name)  # every message names the file
    assert "\n" not in message
    return message


def changed(obj: dict, dotted: str, value) -> dict:
    obj = copy.deepcopy(obj)
    *parents, last = dotted.split(".")
    target = obj
    for key in parents:
        target = target[key]
    target[last] = value
    return obj


def removed(obj: dict, dotted: str) -> dict:
    obj = copy.deepcopy(obj)
    *parents, last = dotted.split(".")
    target = obj
    for key in parents:
        target = target[key]
    del target[last]
    return obj


# ----- round trips -----------------------------------------------------------------------------
def test_preset_scenario_round_trip(tmp_path):
    path = tmp_path / "xor.playground.json"
    save_scenario(PRESET_SCENARIO, path)
    loaded = load_scenario(path)
    assert loaded == PRESET_SCENARIO
    assert loaded.data == PRESET_SCENARIO.data
    assert loaded.network == PRESET_SCENARIO.network
    assert loaded.training == PRESET_SCENARIO.training
    original, again = PRESET_SCENARIO.dataset(), loaded.dataset()
    np.testing.assert_array_equal(again.points, original.points)
    np.testing.assert_array_equal(again.is_test, original.is_test)


def test_saved_file_is_readable_json(tmp_path):
    path = tmp_path / "s.json"
    save_scenario(PRESET_SCENARIO, path)
    obj = json.loads(path.read_text(encoding="utf-8"))
    assert obj["format"] == FORMAT
    assert obj["version"] == VERSION
    assert obj["network"] == {"hidden": [4, 3], "activation": "relu", "features": ["x1", "x2"], "dropout": 0.0}
    assert obj["data"]["preset"]["name"] == "xor"
    assert obj["training"]["learning_rate"] == 0.1


def test_default_noise_is_written_out_and_regenerates_the_same_data(tmp_path):
    scenario = Scenario(PresetSpec("rabbits-unicorns", points=100))
    path = tmp_path / "s.json"
    save_scenario(scenario, path)
    loaded = load_scenario(path)
    assert loaded.data.noise == pytest.approx(0.15)
    np.testing.assert_array_equal(loaded.dataset().points, scenario.dataset().points)


def test_explicit_points_round_trip(tmp_path):
    original = explicit_dataset()
    scenario = Scenario(original, NetworkSpec(hidden=(), activation="sigmoid"),
                        TrainingSettings(learning_rate=2.5, batch_size=3, seed=1))
    path = tmp_path / "points.playground.json"
    save_scenario(scenario, path)
    loaded = load_scenario(path)
    data = loaded.data
    assert isinstance(data, Dataset)
    assert loaded.dataset() is data
    np.testing.assert_array_equal(data.points, original.points)  # float32 survives JSON exactly
    assert data.points.dtype == np.float32
    np.testing.assert_array_equal(data.labels, original.labels)
    np.testing.assert_array_equal(data.is_test, original.is_test)
    assert data.class_names == original.class_names
    assert data.feature_names == original.feature_names
    assert data.class_colours == original.class_colours
    assert data.domain == original.domain
    assert loaded.network == scenario.network
    assert loaded.training == scenario.training


def test_explicit_points_defaults(tmp_path):
    obj = explicit_dict()
    obj["data"] = {"points": [[0, 0], [1, 1.5]], "labels": [0, 1], "class_names": ["a", "b"]}
    data = load_scenario(write(tmp_path, obj)).data
    assert isinstance(data, Dataset)
    assert not data.is_test.any()
    assert data.class_colours == CLASS_COLOURS[:2]
    assert data.feature_names == ("x1", "x2")
    assert data.domain is None


def test_empty_point_list_is_allowed(tmp_path):
    obj = explicit_dict()
    obj["data"] = {"points": [], "labels": [], "test": [], "class_names": ["a", "b"]}
    data = load_scenario(write(tmp_path, obj)).data
    assert len(data) == 0


def test_defaults_for_optional_fields(tmp_path):
    obj = {"format": FORMAT, "version": VERSION, "data": {"preset": {"name": "gauss"}},
           "network": {"hidden": [3]}, "training": {}}
    loaded = load_scenario(write(tmp_path, obj))
    assert loaded.data == PresetSpec("gauss")
    assert loaded.network == NetworkSpec(hidden=(3,))
    assert loaded.training == TrainingSettings()


def test_whole_numbers_are_accepted_where_numbers_are_expected(tmp_path):
    obj = changed(base_dict(), "training.learning_rate", 1)
    obj = changed(obj, "data.preset.noise", 0)
    loaded = load_scenario(write(tmp_path, obj))
    assert loaded.training.learning_rate == 1.0
    assert loaded.data.noise == 0.0


def test_scenario_from_dict_round_trip():
    assert scenario_from_dict(scenario_to_dict(PRESET_SCENARIO)) == PRESET_SCENARIO


# ----- refusals --------------------------------------------------------------------------------
def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.json"
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(path)


def test_a_folder_is_not_a_scenario(tmp_path):
    with pytest.raises(ScenarioError, match="folder"):
        load_scenario(tmp_path)


def test_invalid_json_names_the_line(tmp_path):
    text = json.dumps(base_dict(), indent=1).replace('"version": 1,', '"version": 1,,')
    line = text.splitlines().index(next(s for s in text.splitlines() if ",," in s)) + 1
    message = load_error(tmp_path, text)
    assert "not valid JSON" in message
    assert f"line {line}" in message


def test_not_utf8(tmp_path):
    """A scenario saved by an editor in a Windows code page: the é is not UTF-8."""
    path = tmp_path / "s.json"
    path.write_bytes(json.dumps(explicit_dict(), ensure_ascii=False).replace("cat", "café").encode("cp1252"))
    with pytest.raises(ScenarioError, match=r"^s\.json: the file is not UTF-8 text; save it again as UTF-8$"):
        load_scenario(path)


@pytest.mark.parametrize("content", ["[]", "3", '"text"', "null"])
def test_the_top_level_must_be_an_object(tmp_path, content):
    assert load_error(tmp_path, content).endswith("this is not a playground scenario file")
    with pytest.raises(ScenarioError, match="a scenario is a JSON object"):
        scenario_from_dict(json.loads(content))


def test_wrong_format_string(tmp_path):
    message = load_error(tmp_path, changed(base_dict(), "format", "something-else"))
    assert "not a playground scenario" in message


def test_missing_format(tmp_path):
    assert "'format' is missing" in load_error(tmp_path, removed(base_dict(), "format"))


@pytest.mark.parametrize("version", [0, 2, 99])
def test_unsupported_version(tmp_path, version):
    message = load_error(tmp_path, changed(base_dict(), "version", version))
    assert f"version {version} is not supported" in message


@pytest.mark.parametrize(("where", "dotted"), [
    ("", "foo"),
    ("network", "network.foo"),
    ("training", "training.foo"),
    ("data", "data.foo"),
    ("data.preset", "data.preset.foo"),
])
def test_unknown_field_is_named_by_its_dotted_path(tmp_path, where, dotted):
    obj = base_dict()
    target = obj
    for key in filter(None, where.split(".")):
        target = target[key]
    target["foo"] = 1
    assert f"unknown field '{dotted}'" in load_error(tmp_path, obj)


def test_unknown_field_next_to_explicit_points(tmp_path):
    obj = explicit_dict()
    obj["data"]["colour_map"] = "viridis"
    assert "unknown field 'data.colour_map'" in load_error(tmp_path, obj)


@pytest.mark.parametrize("device", ["cpu", "cuda", "cuda:1", "mps"])
def test_the_device_chosen_is_saved_and_read_back(tmp_path, device):
    scenario = Scenario(training=TrainingSettings(device=device))
    path = tmp_path / "device.playground.json"
    save_scenario(scenario, path)
    assert json.loads(path.read_text())["training"]["device"] == device
    assert load_scenario(path).training.device == device


def test_the_automatic_device_is_not_written_and_a_bad_one_is_refused(tmp_path):
    assert "device" not in scenario_to_dict(Scenario())["training"]
    error = load_error(tmp_path, changed(base_dict(), "training.device", "gpu"))
    assert "training: unknown device 'gpu'" in error


@pytest.mark.parametrize("dotted", ["data", "network", "training", "version", "network.hidden",
                                    "data.preset.name"])
def test_missing_required_field(tmp_path, dotted):
    assert f"'{dotted}' is missing" in load_error(tmp_path, removed(base_dict(), dotted))


@pytest.mark.parametrize(("dotted", "value"), [
    ("network.hidden", "8,8"),
    ("network.hidden", 8),
    ("network.activation", 3),
    ("network", [8, 8]),
    ("training.learning_rate", "0.03"),
    ("training.batch_size", 2.5),
    ("training.optimizer", None),
    ("training.seed", "1"),
    ("data.preset.points", "500"),
    ("data.preset.points", 500.0),
    ("data.preset.noise", "low"),
    ("data.preset.name", ["xor"]),
    ("data.preset", "xor"),
    ("data", []),
])
def test_wrong_types_are_named(tmp_path, dotted, value):
    message = load_error(tmp_path, changed(base_dict(), dotted, value))
    assert dotted in message


@pytest.mark.parametrize(("dotted", "value"), [
    ("version", True),
    ("training.batch_size", True),
    ("training.seed", False),
    ("training.learning_rate", True),
    ("data.preset.points", True),
    ("data.preset.noise", False),
    ("data.preset.test_ratio", True),
    ("network.hidden", [True, 8]),
])
def test_true_or_false_is_not_a_number(tmp_path, dotted, value):
    message = load_error(tmp_path, changed(base_dict(), dotted, value))
    assert dotted in message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(tmp_path, value):
    # Python's json writes and reads NaN and Infinity, so a file may hold them
    message = load_error(tmp_path, changed(base_dict(), "training.learning_rate", value))
    assert "training.learning_rate" in message


@pytest.mark.parametrize(("dotted", "value", "words"), [
    ("training.learning_rate", -1, "learning rate"),
    ("training.learning_rate", 0, "learning rate"),
    ("training.learning_rate", 11, "learning rate"),
    ("training.batch_size", -1, "batch size"),
    ("training.seed", -1, "seed"),
    ("training.optimizer", "lbfgs", "unknown optimizer"),
    ("training.loss", "hinge", "unknown loss"),
    ("network.hidden", [0], "1 to 64"),
    ("network.hidden", [8, 65], "1 to 64"),
    ("network.hidden", [1] * 11, "at most 10"),
    ("network.activation", "swish", "unknown activation"),
    ("data.preset.name", "moons", "unknown preset"),
    ("data.preset.points", 1, "number of points"),
    ("data.preset.points", 10**6, "number of points"),
    ("data.preset.noise", 2, "noise"),
    ("data.preset.noise", -0.5, "noise"),
    ("data.preset.test_ratio", 1, "test share"),
    ("data.preset.test_ratio", -0.2, "test share"),
])
def test_out_of_range_values(tmp_path, dotted, value, words):
    assert words in load_error(tmp_path, changed(base_dict(), dotted, value))


@pytest.mark.parametrize(("data", "words"), [
    ({"points": [[0, 0], [float("nan"), 1]], "labels": [0, 1], "class_names": ["a", "b"]}, "finite"),
    ({"points": [[0, 0], [float("inf"), 1]], "labels": [0, 1], "class_names": ["a", "b"]}, "finite"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 2], "class_names": ["a", "b"]}, "labels must lie"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, -1], "class_names": ["a", "b"]}, "labels must lie"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1.0], "class_names": ["a", "b"]}, "data.labels"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, True], "class_names": ["a", "b"]}, "data.labels"),
    ({"points": [[0, 0], [1, 1]], "labels": [0], "class_names": ["a", "b"]}, "1 label for 2 points"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "test": [0, 1], "class_names": ["a", "b"]}, "data.test"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "test": [True], "class_names": ["a", "b"]}, "1 flag for 2"),
    ({"points": [[0, 0, 0], [1, 1, 1]], "labels": [0, 1], "class_names": ["a", "b"]}, "data.points"),
    ({"points": [[0, 0], [1]], "labels": [0, 1], "class_names": ["a", "b"]}, "data.points"),
    ({"points": [["a", "b"]], "labels": [0], "class_names": ["a", "b"]}, "data.points"),
    ({"points": [1, 2], "labels": [0, 1], "class_names": ["a", "b"]}, "data.points"),
    ({"points": "none", "labels": [0, 1], "class_names": ["a", "b"]}, "data.points"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 0], "class_names": ["a"]}, "2 to 8 classes"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": [f"c{i}" for i in range(9)]}, "classes"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": ["a", ""]}, "data.class_names"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": ["a", 2]}, "data.class_names"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": ["a", "b"], "class_colours": ["red", "#000000"]},
     "data.class_colours"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": ["a", "b"], "class_colours": ["#000000"]},
     "colour"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": ["a", "b"], "feature_names": ["x"]},
     "two features"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": ["a", "b"], "domain": [0, 1, 0]}, "data.domain"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": ["a", "b"], "domain": [0, 1, 0, True]},
     "data.domain"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": ["a", "b"], "domain": [1, 0, 0, 1]}, "bounds"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 1]}, "'data.class_names' is missing"),
    ({"points": [[0, True], [1, 1]], "labels": [0, 1], "class_names": ["a", "b"]}, "point 1"),
    ({"points": [[0, 0], [10**400, 1]], "labels": [0, 1], "class_names": ["a", "b"]}, "point 2"),
    ({"points": [[0, 0], [1, 1]], "labels": [0, 10**30], "class_names": ["a", "b"]}, "data.labels"),
    ({"labels": [0, 1], "class_names": ["a", "b"]}, "'data.points' is missing"),
])
def test_bad_explicit_points(tmp_path, data, words):
    obj = explicit_dict()
    obj["data"] = data
    assert words in load_error(tmp_path, obj)


@pytest.mark.parametrize("obj", [
    {"format": FORMAT, "version": VERSION, "data": {"preset": {"name": "xor", "points": 1}},
     "network": {"hidden": []}, "training": {}},
    {"format": FORMAT, "version": "1"},
    {"format": FORMAT, "version": VERSION, "data": {"points": [[0, "x"]], "labels": [0], "class_names": ["a", "b"]},
     "network": {"hidden": []}, "training": {}},
])
def test_every_refusal_is_a_scenario_error(tmp_path, obj):
    load_error(tmp_path, obj)


# ----- numbers out of any sensible range --------------------------------------------------------
def test_negative_preset_seed_is_a_scenario_error(tmp_path):
    load_error(tmp_path, changed(base_dict(), "data.preset.seed", -1))


@pytest.mark.parametrize(("dotted", "value"), [
    pytest.param("training.learning_rate", 10**400, id="learning_rate"),
    pytest.param("data.preset.noise", 10**400, id="noise"),
])
def test_huge_whole_numbers_are_scenario_errors(tmp_path, dotted, value):
    load_error(tmp_path, changed(base_dict(), dotted, value))


def test_class_markers_round_trip_and_are_validated(tmp_path):
    from playground.core.dataset import Dataset

    ds = Dataset([[0, 0], [1, 1]], [0, 1], [False, True], ("rabbit", "unicorn"),
                 class_markers=("rabbit", "unicorn"))
    path = tmp_path / "animals.playground.json"
    save_scenario(Scenario(data=ds), path)
    assert load_scenario(path).data.class_markers == ("rabbit", "unicorn")
    text = path.read_text().replace('"unicorn"\n', '"dragon"\n')
    path.write_text(text)
    with pytest.raises(ScenarioError, match="marker"):
        load_scenario(path)


def test_network_and_training_extras_round_trip(tmp_path):
    scenario = Scenario(PresetSpec("circle"),
                        NetworkSpec((6, 3), ("tanh", "relu"), features=("x1sq", "x2sq", "sinx1"), dropout=(0.2, 0.0)),
                        TrainingSettings("rmsprop", 0.01, regularization="l1", reg_rate=0.003))
    path = tmp_path / "extras.playground.json"
    save_scenario(scenario, path)
    loaded = load_scenario(path)
    assert loaded.network == scenario.network
    assert loaded.training == scenario.training


# ----- bad input: a learner's words, no warnings, limits checked before the work ---------------------
def compact_points_file(tmp_path: Path, n: int) -> Path:
    """A scenario of n explicit points, written compactly (as a generated file might be)."""
    obj = explicit_dict()
    labels = ",".join(["0", "1"] * (n // 2) + ["1"] * (n % 2))
    data = f'{{"points": [{",".join(["[0,1]"] * n)}], "labels": [{labels}], "class_names": ["a", "b"]}}'
    text = (f'{{"format": "{FORMAT}", "version": {VERSION}, "data": {data}, '
            f'"network": {json.dumps(obj["network"])}, "training": {json.dumps(obj["training"])}}}')
    path = tmp_path / "many.playground.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_most_points_the_playground_takes_load(tmp_path):
    data = load_scenario(compact_points_file(tmp_path, MAX_POINTS)).data
    assert len(data) == MAX_POINTS


def test_one_point_more_than_the_playground_takes_is_refused_before_any_array_is_built(tmp_path, monkeypatch):
    path = compact_points_file(tmp_path, MAX_POINTS + 1)

    def no_arrays(*args, **kwargs):
        raise AssertionError("an array was built")

    monkeypatch.setattr(scenario_module.np, "array", no_arrays)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == (f"{path.name}: this scenario has {MAX_POINTS + 1:,} points; "
                               f"the playground takes at most {MAX_POINTS:,}")


def test_millions_of_points_are_refused_before_the_json_is_parsed(tmp_path, monkeypatch):
    path = compact_points_file(tmp_path, 2_900_000)
    assert path.stat().st_size < MAX_FILE_BYTES  # refused for its points, not its size

    def no_parsing(*args, **kwargs):
        raise AssertionError("the JSON was parsed")

    monkeypatch.setattr(json, "loads", no_parsing)
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert time.perf_counter() - started < 2.0
    assert str(info.value) == (f"{path.name}: this scenario has about 2,900,000 points; "
                               f"the playground takes at most {MAX_POINTS:,}")


def test_the_size_limit_fits_the_largest_scenario_with_room_to_spare(tmp_path):
    """100,000 points as save_scenario writes them, plus room for weights of 10 hidden layers of 64 neurons."""
    data = generate(PresetSpec("spiral", points=MAX_POINTS, noise=1.0))
    path = tmp_path / "largest.playground.json"
    save_scenario(Scenario(data, NetworkSpec(hidden=(64,) * 10)), path)
    weights_text = len(json.dumps([[[-0.123456789] * 64] * 64] * 10, indent=1).encode())
    assert 2 * (path.stat().st_size + weights_text) < MAX_FILE_BYTES
    assert MAX_FILE_BYTES <= 32 * 2**20  # a 37 MB file of 2.9 million points was accepted before


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.playground.json"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was read")

    for name in ("open", "read_text", "read_bytes"):
        monkeypatch.setattr(Path, name, no_reading)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == (f"{path.name}: the file is larger than {MAX_FILE_BYTES // 2**20} MB, "
                               "the limit for scenario files")


NOT_A_SCENARIO = "this is not a playground scenario file"


@pytest.mark.parametrize("content", [
    pytest.param(bytes(range(256)) * 4, id="binary"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(100), id="png"),
    pytest.param(b"hello world\nthis is just text\n", id="text"),
    pytest.param(b"x,y,label\n1,2,a\n3,4,b\n", id="csv"),
    pytest.param(b"", id="empty"),
    pytest.param(b"\x00" * 1000, id="zeros"),
    pytest.param(b"// a comment\n{}", id="comment-first"),
])
def test_a_file_that_is_not_a_scenario_says_so(tmp_path, content):
    path = tmp_path / "notes.playground.json"
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path.name}: {NOT_A_SCENARIO}")
    assert "Error" not in str(info.value)


@pytest.mark.parametrize("content", ["[]", "3", '"text"', "null", '{"name": "my-app", "version": "1.0"}'])
def test_json_that_is_not_a_scenario_says_so(tmp_path, content):
    assert NOT_A_SCENARIO in load_error(tmp_path, content)


@pytest.mark.parametrize(("bom", "encoding"), [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                                               (b"\xfe\xff", "utf-16-be")])
def test_a_file_with_a_byte_order_mark_loads(tmp_path, bom, encoding):
    """Windows editors add a byte-order mark, and Notepad's 'Unicode' is UTF-16."""
    path = tmp_path / "notepad.playground.json"
    path.write_bytes(bom + json.dumps(base_dict(), indent=2).encode(encoding))
    assert load_scenario(path) == PRESET_SCENARIO


@pytest.mark.parametrize(("broken", "line", "words"), [
    ('"version": 1,,', 3, "a field name in double quotes"),
    ('"version": [1,,2],', 3, "a value is missing"),
    ('"version": 1', 3, "a comma is missing"),
    ('"version" 1,', 3, "a colon (:) is missing"),
    ('"version": 1, }', 3, "a field name in double quotes"),
    ("'version': 1,", 3, "a field name in double quotes"),
    ('"version": "1\n', 3, "is not closed"),
    ('"version": tru,', 3, "a value is missing"),
])
def test_json_mistakes_are_named_in_plain_words_with_their_line(tmp_path, broken, line, words):
    text = '{\n "format": "neural-playground-scenario",\n ' + broken + '\n "data": {}\n}\n'
    message = load_error(tmp_path, text)
    assert f"not valid JSON: line {line}" in message
    assert words in message
    assert "Expecting" not in message and "delimiter" not in message


def test_text_after_the_scenario_is_named(tmp_path):
    message = load_error(tmp_path, json.dumps(base_dict()) + "\n{}\n")
    assert "line 2" in message
    assert "more text after the end of the scenario" in message


@pytest.mark.parametrize(("content", "words"), [
    ('{"format": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"format": "neural-playground-scenario", "version": ' + "7" * 5000 + "}", "a number with thousands of digits"),
])
def test_absurd_json_is_refused_in_plain_words(tmp_path, content, words):
    message = load_error(tmp_path, content)
    assert words in message
    assert "recursion" not in message and "limit" not in message


def test_a_folder_is_not_a_scenario_file(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path)
    assert str(info.value) == f"{tmp_path.name}: this is a folder, not a scenario file"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
def test_a_device_is_not_a_scenario_file():
    with pytest.raises(ScenarioError, match=r"^null: this is a device or a pipe, not a scenario file"):
        load_scenario("/dev/null")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    """Opening a pipe for reading waits until something writes to it: forever, for a file dialog's pick."""
    pipe = tmp_path / "pipe.playground.json"
    os.mkfifo(pipe)
    code = ("import sys\nfrom playground.core.scenario import ScenarioError, load_scenario\n"
            "try:\n    load_scenario(sys.argv[1])\nexcept ScenarioError as error:\n    print(error)\n")
    run = subprocess.run([sys.executable, "-c", code, str(pipe)], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2], check=False)
    assert run.stdout.strip() == "pipe.playground.json: this is a device or a pipe, not a scenario file"


@pytest.mark.parametrize(("point", "words"), [
    ([1e300, 1], "point 2"),
    ([1, -3e38], "point 2"),
    ([1e16, 0], "point 2"),
])
def test_coordinates_too_large_for_the_plane_are_refused_without_warnings(tmp_path, point, words):
    obj = explicit_dict()
    obj["data"]["points"][1] = point
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        message = load_error(tmp_path, obj)
    assert words in message
    assert f"between -{MAX_COORDINATE:g} and {MAX_COORDINATE:g}" in message


@pytest.mark.parametrize("domain", [[-1e300, 1e300, 0, 1], [0, 1, -1e16, 0], [0, 1e-50, 0, 1], [5, 5.000001, 0, 1]])
def test_a_plane_too_large_or_too_narrow_is_refused(tmp_path, domain):
    obj = explicit_dict()
    obj["data"]["domain"] = domain
    obj["data"]["points"] = [[0, 0.5]] * 4 if domain[1] > 1e-3 else [[0, 0]] * 4
    assert "data.domain" in load_error(tmp_path, obj)


def test_data_at_the_coordinate_limits_trains_and_draws_without_warnings(tmp_path):
    big = MAX_COORDINATE
    obj = explicit_dict()
    obj["data"]["points"] = [[-big, big], [big, -big], [0, 0], [big, big]]
    obj["data"]["domain"] = [-big, big, -big, big]
    scenario = load_scenario(write(tmp_path, obj))
    obj["data"]["domain"] = [1, 1 + 2e-6, 0, 1]  # the narrowest plane taken
    obj["data"]["points"] = [[1, 0], [1 + 1e-6, 1], [1, 1], [1, 0.5]]
    narrow = load_scenario(write(tmp_path, obj))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for loaded in (scenario, narrow):
            trainer = Trainer(loaded.dataset(), loaded.network, TrainingSettings(device="cpu"))
            trainer.step(5)
            trainer.snapshot()
            assert not trainer.metrics().diverged


@pytest.mark.parametrize(("dotted", "value"), [
    ("class_names", ["a", "b\nc"]),
    ("class_names", ["a", "\ud800"]),
    ("feature_names", ["x\ty", "y"]),
    ("class_markers", ["circle", "\x00"]),
    ("task", "fit\n"),
])
def test_names_with_control_characters_are_refused(tmp_path, dotted, value):
    obj = explicit_dict()
    obj["data"] = {"points": [[0, 0], [1, 1]], "labels": [0, 1], "class_names": ["a", "b"], dotted: value}
    assert f"data.{dotted}" in load_error(tmp_path, obj)


def test_text_with_control_characters_is_refused_where_a_name_is_expected(tmp_path):
    for dotted, value in (("network.activation", "tanh\n"), ("training.optimizer", "adam\x00"),
                          ("data.preset.name", "xor\r\nxor"), ("network.features", ["x1", "x2\n"])):
        message = load_error(tmp_path, changed(base_dict(), dotted, value))
        assert dotted in message


def test_wrong_types_are_named_in_plain_words(tmp_path):
    message = load_error(tmp_path, changed(base_dict(), "training.learning_rate", [[1] * 10_000]))
    assert message.endswith("'training.learning_rate' must be a number, not a list")
    message = load_error(tmp_path, changed(base_dict(), "training.seed", {"a": 1}))
    assert message.endswith("'training.seed' must be a whole number, not an object")
    message = load_error(tmp_path, changed(base_dict(), "network.hidden", "8,8"))
    assert message.endswith("'network.hidden' must be a list, not \"8,8\"")


def test_a_deeply_nested_wrong_value_is_refused_in_plain_words(tmp_path):
    deep = 1
    for _ in range(500):
        deep = [deep]
    message = load_error(tmp_path, changed(base_dict(), "training.learning_rate", deep))
    assert message.endswith("must be a number, not a list")


@pytest.mark.parametrize(("dotted", "value", "words"), [
    ("network.hidden", [10**300], "'network.hidden': a hidden layer needs 1 to 64 neurons, not a number with 301 "
                                  "digits"),
    ("network.hidden", [8, -(10**40)], "not a number with 41 digits"),
    ("network.dropout", [10**300, 0], "network: dropout must be between 0 and 0.9"),
    ("data.preset.points", 10**4000, "'data.preset.points' must be a whole number, not a number with 4001 digits"),
])
def test_huge_whole_numbers_give_short_messages(tmp_path, dotted, value, words):
    message = load_error(tmp_path, changed(base_dict(), dotted, value))
    assert message.endswith(words)


def test_label_and_flag_counts_must_match_the_points_before_they_are_checked_one_by_one(tmp_path):
    obj = explicit_dict()
    obj["data"] = {"points": [[0, 0], [1, 1]], "labels": [0, 1, 1], "class_names": ["a", "b"]}
    assert "'data.labels' has 3 labels for 2 points" in load_error(tmp_path, obj)
    obj["data"] = {"points": [[0, 0], [1, 1]], "labels": [0, 1], "test": [True], "class_names": ["a", "b"]}
    assert "'data.test' has 1 flag for 2 points" in load_error(tmp_path, obj)


def test_a_misspelt_field_is_named_with_the_field_meant(tmp_path):
    obj = changed(removed(base_dict(), "training.learning_rate"), "training.lerning_rate", 0.1)
    assert load_error(tmp_path, obj).endswith("unknown field 'training.lerning_rate'; did you mean 'learning_rate'?")
    obj = changed(base_dict(), "training.colour", 1)
    assert load_error(tmp_path, obj).endswith("unknown field 'training.colour'")


def test_an_unknown_field_with_a_long_or_odd_name_is_named_briefly_on_one_line(tmp_path):
    assert load_error(tmp_path, changed(base_dict(), "network.a\nb", 1)).endswith("unknown field 'network.a\\nb'")
    message = load_error(tmp_path, changed(base_dict(), "x" * 100_000, 1))
    assert message.endswith("unknown field '" + "x" * 35 + "...'")


@pytest.mark.parametrize("marker", [[float("nan")], 3, None, {"shape": "star"}])
def test_a_marker_that_is_not_a_name_is_refused_in_plain_words(tmp_path, marker):
    obj = explicit_dict()
    obj["data"]["class_markers"] = ["circle", marker, "star"]
    assert load_error(tmp_path, obj).endswith("'data.class_markers' must be a list of shape names, like "
                                              '["circle", "star"]')

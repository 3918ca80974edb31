"""Scenario files: round trips, and strict refusal of anything off, always as ScenarioError."""

import json

import numpy as np
import pytest

from playground.core.dataset import CLASS_COLOURS, Dataset
from playground.core.network import NetworkSpec
from playground.core.presets import PresetSpec
from playground.core.scenario import (
    FORMAT,
    VERSION,
    Scenario,
    ScenarioError,
    load_scenario,
    save_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from playground.core.training import TrainingSettings

from .scenario_helpers import (
    PRESET_SCENARIO,
    base_dict,
    changed,
    explicit_dataset,
    explicit_dict,
    load_error,
    removed,
    write,
)


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

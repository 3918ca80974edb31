"""Scenario files at the limits and off them: the most points, the size limit, files that are no scenario at all
(other JSON, byte-order marks, mistakes in the JSON, folders, devices, pipes), coordinates too large for the plane,
and odd names, types and fields, each refused in one plain line."""

import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from playground.core import scenario as scenario_module
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
)
from playground.core.training import Trainer, TrainingSettings

from .scenario_helpers import PRESET_SCENARIO, base_dict, changed, explicit_dict, load_error, removed, write


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

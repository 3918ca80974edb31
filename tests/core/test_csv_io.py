"""CSV import and export: the format's rules, exact round trips, every kind of bad file, and training on
data in the file's own units."""

import os
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.core.csv_io import MAX_FILE_BYTES, format_csv, parse_csv, read_csv, write_csv
from playground.core.dataset import CLASS_COLOURS, MAX_CLASSES, Dataset, DatasetError, split_mask
from playground.core.files import MAX_COORDINATE
from playground.core.network import NetworkSpec
from playground.core.presets import MAX_POINTS, PresetSpec, generate
from playground.core.training import Trainer, TrainingSettings


def bits(points: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(points, dtype=np.float32).view(np.uint32)


def same_dataset(a: Dataset, b: Dataset) -> bool:
    return (a.points.dtype == b.points.dtype == np.float32 and np.array_equal(bits(a.points), bits(b.points))
            and np.array_equal(a.labels, b.labels) and a.class_names == b.class_names
            and a.feature_names == b.feature_names and a.class_colours == b.class_colours)


def three_classes() -> Dataset:
    points = np.array([[1e-3, -12345.678], [12345.678, 1e-3], [-0.1, 0.2], [-7.5e-8, 3.3e7], [2.0, -1e-30],
                       [np.float32(np.pi), -np.float32(np.e)]], dtype=np.float32)
    return Dataset.create(points, [0, 1, 2, 2, 1, 0], class_names=("red", "green, blue", "class 2"),
                          feature_names=("width (cm)", "height"))


# ----- the format --------------------------------------------------------------------------------
def test_a_header_names_the_features():
    ds = parse_csv("speed,size,animal\n1,2,rabbit\n3.5,-4,unicorn\n")
    assert ds.feature_names == ("speed", "size")
    assert ds.class_names == ("rabbit", "unicorn")
    assert ds.points.dtype == np.float32
    assert ds.points.tolist() == [[1.0, 2.0], [3.5, -4.0]]
    assert ds.labels.dtype == np.int64
    assert ds.labels.tolist() == [0, 1]


def test_without_a_header_the_features_are_x1_and_x2():
    ds = parse_csv("1,2,a\n3,4,b\n")
    assert ds.feature_names == ("x1", "x2")
    assert len(ds) == 2


def test_header_names_are_stripped_and_empty_ones_fall_back():
    assert parse_csv("  ,  height ,label\n1,2,a\n3,4,b\n").feature_names == ("x1", "height")
    assert parse_csv("x,,\n1,2,a\n3,4,b\n").feature_names == ("x", "x2")


def test_name_labels_keep_their_order_of_first_appearance():
    ds = parse_csv("0,0,zebra\n1,1,ant\n2,2,zebra\n3,3,moth\n")
    assert ds.class_names == ("zebra", "ant", "moth")
    assert ds.labels.tolist() == [0, 1, 0, 2]


def test_integer_labels_are_sorted_and_named_by_their_digits():
    ds = parse_csv("0,0,2\n1,1,0\n2,2,1\n3,3,2\n")
    assert ds.class_names == ("0", "1", "2")
    assert ds.labels.tolist() == [2, 0, 1, 2]
    ds = parse_csv("0,0,1\n1,1,-1\n2,2,+1\n3,3,01\n")
    assert ds.class_names == ("-1", "1")
    assert ds.labels.tolist() == [1, 0, 1, 1]
    assert parse_csv("0,0,10\n1,1,9\n").class_names == ("9", "10")  # numbers, not text, are sorted


def test_mixed_integer_and_name_labels_are_all_names():
    ds = parse_csv("0,0,1\n1,1,a\n2,2,01\n")
    assert ds.class_names == ("1", "a", "01")
    assert ds.labels.tolist() == [0, 1, 2]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_delimiters(delimiter):
    text = "\n".join(delimiter.join(row) for row in [["x", "y", "c"], ["1.5", "2", "a"], ["-3", "4e2", "b"]])
    ds = parse_csv(text)
    assert ds.feature_names == ("x", "y")
    assert ds.points.tolist() == [[1.5, 2.0], [-3.0, 400.0]]
    assert ds.class_names == ("a", "b")


def test_the_first_line_fixes_the_delimiter():
    # the delimiter is chosen once, not guessed again on every line
    with pytest.raises(DatasetError, match="line 2: expected 3 values"):
        parse_csv("x;y;label\n1,2,a\n")


def test_blank_lines_spaces_and_comments_are_ignored():
    text = "\n# made by hand\n  x , y , label  \n\n   \n 1 ,\t2 , a \n# a comment, with commas\n3,4,b\n\n"
    ds = parse_csv(text)
    assert ds.feature_names == ("x", "y")
    assert ds.points.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert ds.class_names == ("a", "b")


def test_quoted_values_may_hold_the_delimiter():
    ds = parse_csv('"x, m","y",label\n1,2,"a, b"\n3,4,c\n')
    assert ds.feature_names == ("x, m", "y")
    assert ds.class_names == ("a, b", "c")


def test_windows_and_old_mac_line_endings():
    assert len(parse_csv("x,y,l\r\n1,2,a\r\n3,4,b\r\n")) == 2
    assert len(parse_csv("x,y,l\r1,2,a\r3,4,b\r")) == 2


def test_a_byte_order_mark_is_ignored(tmp_path):
    assert parse_csv("\ufeffx,y,label\n1,2,a\n3,4,b\n").feature_names == ("x", "y")
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbfx,y,label\r\n1,2,a\r\n3,4,b\r\n")
    ds = read_csv(path)
    assert ds.feature_names == ("x", "y")
    assert ds.class_names == ("a", "b")


def test_points_keep_their_units_and_the_split_comes_from_the_seed():
    text = "".join(f"{1e4 + i},{-0.001 * i},{'ab'[i % 2]}\n" for i in range(50))
    ds = parse_csv(text, test_ratio=0.3, seed=7)
    assert ds.points[:, 0].min() == np.float32(1e4)
    assert ds.domain is None
    assert ds.class_colours == CLASS_COLOURS[:2]
    assert np.array_equal(ds.is_test, split_mask(50, 0.3, 7))
    assert not np.array_equal(parse_csv(text, test_ratio=0.3, seed=8).is_test, ds.is_test)
    with pytest.raises(DatasetError, match="test share"):
        parse_csv(text, test_ratio=1.5)


# ----- round trips -------------------------------------------------------------------------------
def test_write_then_read_gives_the_same_dataset(tmp_path):
    original = three_classes()
    path = tmp_path / "three.csv"
    write_csv(original, path)
    again = read_csv(path)
    assert same_dataset(original, again)
    assert same_dataset(original, parse_csv(format_csv(original)))
    assert path.read_text(encoding="utf-8") == format_csv(original)


def test_every_float32_survives_the_text():
    """Every float32 up to the largest coordinate taken: bit patterns drawn at random, and the extremes."""
    rng = np.random.default_rng(1)
    raw = rng.integers(0, 2**32, size=(4000, 2), dtype=np.uint64).astype(np.uint32)
    points = raw.view(np.float32)
    points = np.where(np.isfinite(points) & (np.abs(points) <= MAX_COORDINATE), points, np.float32(1.0))
    top = np.nextafter(np.float32(MAX_COORDINATE), np.float32(0))
    tiny = np.array([[1.4e-45, -1.4e-45], [1.1754944e-38, 3e14], [-0.0, 0.0], [top, -top]], dtype=np.float32)
    points = np.vstack([points, tiny])
    labels = np.arange(len(points)) % 3
    original = Dataset.create(points, labels, class_names=("a", "b", "c"))
    assert np.array_equal(bits(parse_csv(format_csv(original)).points), bits(original.points))


def test_the_classes_comment_keeps_class_order():
    # class 1's points come first: read by first appearance, its name would become class 0
    original = Dataset.create(np.arange(8, dtype=np.float32).reshape(4, 2), [1, 1, 0, 1],
                              class_names=("cat", "dog"))
    text = format_csv(original)
    assert text.startswith("# classes: cat,dog\n")
    again = parse_csv(text)
    assert again.class_names == ("cat", "dog")
    assert again.labels.tolist() == [1, 1, 0, 1]
    without_comment = parse_csv(text.split("\n", 1)[1])
    assert without_comment.class_names == ("dog", "cat")


def test_the_classes_comment_keeps_classes_without_points():
    original = Dataset.create(np.zeros((3, 2), dtype=np.float32), [0, 2, 0], class_names=("a", "b", "c", "d"))
    again = parse_csv(format_csv(original))
    assert same_dataset(original, again)
    assert again.n_classes == 4


@pytest.mark.parametrize("names", [("0", "1"), ("1", "0"), ("01", "1"), ("2", "-1", "x")])
def test_integer_class_names_read_back_as_written(names):
    labels = np.arange(2 * len(names))[::-1] % len(names)
    original = Dataset.create(np.zeros((len(labels), 2), dtype=np.float32), labels, class_names=names)
    again = parse_csv(format_csv(original))
    assert again.class_names == names
    assert np.array_equal(again.labels, original.labels)


def test_feature_names_that_need_quotes_round_trip():
    original = Dataset.create(np.eye(2, dtype=np.float32), [0, 1], feature_names=("# of legs", 'say "hi"'))
    assert parse_csv(format_csv(original)).feature_names == ("# of legs", 'say "hi"')


def test_the_split_is_not_stored_but_drawn_again():
    original = generate(PresetSpec("circle", points=200, seed=3, test_ratio=0.2))
    again = parse_csv(format_csv(original), test_ratio=0.2, seed=3)
    assert np.array_equal(again.is_test, original.is_test)
    assert same_dataset(original.with_split(0.2, 3), again)


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"feature_names": ("1", "y")}, "looks like a number"),
    ({"feature_names": ("x", "")}, "empty"),
    ({"feature_names": (" x", "y")}, "space"),
    ({"class_names": ("a", "a")}, "same name"),
    ({"class_names": ("a", "b\nc")}, "line break"),
])
def test_names_that_would_not_read_back_are_refused(kwargs, words):
    dataset = Dataset.create(np.eye(2, dtype=np.float32), [0, 1], **kwargs)
    with pytest.raises(DatasetError, match=words):
        format_csv(dataset)


# ----- mistakes ----------------------------------------------------------------------------------
GOOD = "x,y,label\n1,2,a\n3,4,b\n"


@pytest.mark.parametrize(("text", "message"), [
    ("x,y,label\n1,2,a\n\n3,4,b\n# note\n5,6\n", "line 6: expected 3 values (x, y, label), found 2"),
    ("1,2,a\n3,4,b,extra\n", "line 2: expected 3 values (x, y, label), found 4"),
    ("x,y\n1,2,a\n", "line 2: expected 2 values (x, y), like the first row, found 3"),
    (GOOD + "abc,1,a\n", "line 4: 'abc' is not a number"),
    (GOOD + "1,,a\n", "line 4: a coordinate is missing"),
    (GOOD + "nan,1,a\n", "line 4: coordinates must be finite numbers"),
    (GOOD + "1,-inf,a\n", "line 4: coordinates must be finite numbers"),
    (GOOD + "1,Infinity,a\n", "line 4: coordinates must be finite numbers"),
    (GOOD + "4e38,1,a\n", "line 4: '4e38' is too large"),
    (GOOD + "1,-1e400,a\n", "line 4: '-1e400' is too large"),
    (GOOD + "1,3.4028236e38,a\n", "line 4: '3.4028236e38' is too large"),
    (GOOD + "1,2,\n", "line 4: the label (the third value) is empty"),
    (GOOD + "1,2,  \n", "line 4: the label (the third value) is empty"),
    ("".join(f"{i},{i},c{i}\n" for i in range(MAX_CLASSES + 1)), "line 9: found 9 classes; at most 8 are supported"),
    ("".join(f"{i},{i},{i}\n" for i in range(20)), "line 9: found 9 classes; at most 8 are supported"),
    ("".join(f"{i},{i},{n}\n" for i, n in enumerate(["1", "01", *"abcdefg"])),
     "line 9: found 9 classes"),  # mixed labels are names, so '1' and '01' are two classes
    ("1,2,a\n3,4,a\n", "needs at least two classes (labels); found only 'a'"),
    ("", "the file has no data rows"),
    ("\n\n  \n", "the file has no data rows"),
    ("x,y,label\n", "the file has no data rows"),
    ("# classes: a,b\nx,y,label\n# nothing yet\n", "the file has no data rows"),
    ("# classes: a,b\n" + GOOD + "5,6,c\n", "line 5: the label 'c' is not one of the classes listed on line 1"),
    ("# classes: a,b\n" + GOOD + "5,6, A\n", "line 5: the label 'A' is not one of the classes"),
    (GOOD + "# classes: a,b\n", "line 4: '# classes:' must come before the first data row"),
    ("# classes: a\n" + GOOD, "line 1: list 2 to 8 classes"),
    ("# classes:\n" + GOOD, "line 1: list 2 to 8 classes"),
    ("#classes: a,,b\n" + GOOD, "line 1: a class name in the list is empty"),
    ("# classes: a,b,a\n" + GOOD, "line 1: the class 'a' is listed twice"),
    ("# classes: a,b\n# Classes: b,a\n" + GOOD, "line 2: the classes are already listed on line 1"),
    ("x,y,label\n" + "1,2," + "a" * 20_000 + "\n", "line 2: the line is longer than 10,000 characters"),
])
def test_mistakes_name_the_line(text, message):
    with pytest.raises(DatasetError) as caught:
        parse_csv(text, name="points.csv")
    assert str(caught.value).startswith("points.csv: ")
    assert message in str(caught.value)


def test_more_than_max_points_rows_are_refused():
    rows = "".join(f"{i},{i % 7},{'ab'[i % 2]}\n" for i in range(MAX_POINTS + 1))
    assert len(parse_csv("x,y,label\n" + rows[: rows.index(f"\n{MAX_POINTS},") + 1])) == MAX_POINTS
    refused = f"line {MAX_POINTS + 2}: the file has more than 100,000 data rows"
    with pytest.raises(DatasetError, match=refused) as caught:
        parse_csv("x,y,label\n" + rows + "not a row at all\n")  # refused at the cap: the rest is never read
    assert "keep fewer rows" in str(caught.value)  # says what to do


def test_read_csv_names_the_file_in_its_messages(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(GOOD + "1,2\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"^mine\.csv: line 4: expected 3 values"):
        read_csv(path)
    with pytest.raises(DatasetError, match="no such file"):
        read_csv(tmp_path / "missing.csv")
    with pytest.raises(DatasetError, match="folder"):
        read_csv(tmp_path)


def test_bytes_that_are_not_utf8_are_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("x,y,label\n1,2,café\n3,4,thé\n".encode("latin-1"))
    with pytest.raises(DatasetError, match=r"latin1\.csv: the file is not UTF-8 text"):
        read_csv(path)


def test_a_file_over_64_mb_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(65 * 2**20)  # sparse: costs no disk
    assert path.stat().st_size > MAX_FILE_BYTES

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(DatasetError, match=r"huge\.csv: the file is larger than 64 MB"):
        read_csv(path)


def random_bytes(size: int) -> bytes:
    return np.random.default_rng(0).bytes(size)


def ascii_noise(size: int) -> bytes:
    return np.random.default_rng(0).integers(32, 127, size, dtype=np.uint8).tobytes()


def ascii_lines(size: int) -> bytes:
    return (b"abc def\n" * (size // 8))[:size]


@pytest.mark.parametrize("make", [random_bytes, ascii_noise, ascii_lines])
def test_50_mb_of_garbage_is_refused_quickly_and_cheaply(tmp_path, make):
    path = tmp_path / "garbage.csv"
    path.write_bytes(make(50 * 2**20))
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DatasetError, match=r"^garbage\.csv: "):
            read_csv(path)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < 2.0
    assert peak < 2 * 2**20  # it stops at the first bad line, long before holding the file


# ----- training ----------------------------------------------------------------------------------
def test_data_in_its_own_units_trains_as_well_as_the_preset(tmp_path):
    xor = generate(PresetSpec("xor"))
    scaled = xor.points.astype(np.float64) * [1000.0, 0.001] + [1e4, 0.0]
    data = Dataset.create(scaled.astype(np.float32), xor.labels, class_names=xor.class_names,
                          feature_names=("distance (m)", "weight (t)"))
    path = tmp_path / "xor-scaled.csv"
    write_csv(data, path)
    loaded = read_csv(path, test_ratio=0.5, seed=0)
    assert same_dataset(data, loaded)
    spec, settings = NetworkSpec((4,), "tanh"), TrainingSettings("adam", 0.03, device="cpu")
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        results = []
        for dataset in (loaded, xor):
            trainer = Trainer(dataset, spec, settings)
            trainer.step(1000)
            results.append(trainer.metrics().test_accuracy)
    finally:
        torch.set_num_threads(before)
    scaled_accuracy, preset_accuracy = results
    assert scaled_accuracy >= 0.9
    assert scaled_accuracy >= preset_accuracy - 0.05


# ----- bad files: plain words, no warnings, nothing read that cannot be a CSV file -------------------
def test_a_folder_is_not_a_csv_file(tmp_path):
    with pytest.raises(DatasetError) as info:
        read_csv(tmp_path)
    assert str(info.value) == f"{tmp_path.name}: this is a folder, not a CSV file"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
def test_a_device_is_not_a_csv_file():
    with pytest.raises(DatasetError, match=r"^null: this is a device or a pipe, not a CSV file$"):
        read_csv("/dev/null")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    code = ("import sys\nfrom playground.core.csv_io import read_csv\n"
            "from playground.core.dataset import DatasetError\n"
            "try:\n    read_csv(sys.argv[1])\nexcept DatasetError as error:\n    print(error)\n")
    run = subprocess.run([sys.executable, "-c", code, str(pipe)], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2], check=False)
    assert run.stdout.strip() == "pipe.csv: this is a device or a pipe, not a CSV file"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may read any file")
def test_a_file_without_read_permission(tmp_path):
    path = tmp_path / "locked.csv"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(DatasetError, match=r"^locked\.csv: you do not have permission to read this file$"):
        read_csv(path)


@pytest.mark.parametrize(("content", "line"), [
    pytest.param(GOOD.encode() + b"5,6,a\x00\x00\x00\n", 4, id="nul"),
    pytest.param(b"\x00" * 100, 1, id="zeros"),
    pytest.param(b"x,y,label\n1,2,a\x0cb\n3,4,c\n", 2, id="form-feed"),
    pytest.param(b"x,y,label\n1,2,a\x1bb\n3,4,c\n", 2, id="escape"),
    pytest.param("x,y,label\n1,2,a\u2028b\n3,4,c\n".encode(), 2, id="line-separator"),
])
def test_binary_data_in_a_utf8_file_is_refused(tmp_path, content, line):
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    with pytest.raises(DatasetError) as info:
        read_csv(path)
    assert str(info.value) == f"data.csv: line {line}: the line holds binary data (invisible control characters)"


def test_tabs_still_separate_values():
    assert parse_csv("x\ty\tlabel\n1\t2\ta\n3\t4\tb\n").feature_names == ("x", "y")


@pytest.mark.parametrize("value", ["1e16", "-1.0000001e15", "3e38", "-3.4028234e38"])
def test_coordinates_beyond_the_plane_the_app_draws_are_refused(value):
    with pytest.raises(DatasetError) as info:
        parse_csv(GOOD + f"{value},1,a\n")
    assert str(info.value) == (f"data: line 4: '{value}' is too large; coordinates must lie between "
                               f"-{MAX_COORDINATE:g} and {MAX_COORDINATE:g}")


def test_data_at_the_coordinate_limits_trains_and_draws_without_warnings():
    big = f"{MAX_COORDINATE:.17g}"
    text = f"x,y,label\n-{big},{big},a\n{big},-{big},b\n0,0,a\n{big},{big},b\n1,1,a\n-1,-{big},b\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for features in (("x1", "x2"), ("x1sq", "x2sq", "x1x2")):
            dataset = parse_csv(text)
            trainer = Trainer(dataset, NetworkSpec((4,), features=features), TrainingSettings(device="cpu"))
            trainer.step(5)
            trainer.snapshot()
            assert not trainer.metrics().diverged


def test_huge_coordinates_print_no_warnings(tmp_path):
    path = tmp_path / "far.csv"
    path.write_text(GOOD + "1e400,1,a\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DatasetError, match="too large"):
            read_csv(path)

"""CSV files of labelled points: one row per point, `x,y,label`, so data can come from and go to a spreadsheet.

Reading
- An optional header: the first row is a header when its x or y is not a number. Its first two names become
  the feature (axis) names; the third is ignored. Without a header the features are called x1 and x2.
- The delimiter is a comma; a semicolon or a tab when the first row has no comma but has one of them.
- Blank lines are skipped, and so are comment lines, which start with `#`. Spaces around values are ignored.
- Labels are class names as written; classes are numbered in order of first appearance. When every label is
  a whole number (-1, 0, 1, 2 ...), the classes are those numbers in increasing order, named by their digits.
- A comment `# classes: name0,name1,...` before the first data row fixes the classes and their order
  (and keeps classes that have no points); every label must then be one of those names exactly.
  `write_csv` always writes it, so a file written here reads back as the same data set.
- Curve-fitting data has two values per row, `x,y`, and no labels: a file whose first row has two values is read
  as samples of y at x (task "fit"); header names, when given, become the axis names (default x and y).
- Points keep the file's own units (no scaling): the network normalises its inputs from the data's bounds.
- The train/test split is not stored in the file; reading draws it from `test_ratio` and `seed`.
- Coordinates lie between -1e15 and 1e15 (beyond, the plane around them overflows float32).
- Every problem is a DatasetError whose message names the line, written for the user. Reading stops at the
  first bad line; files over 64 MB, folders, pipes and devices are refused before they are opened, and a line
  with control characters (a binary file) is refused.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from .dataset import MAX_CLASSES, Dataset, DatasetError, split_mask
from .files import MAX_COORDINATE, file_problem, os_problem, shown_name
from .presets import MAX_POINTS

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_LINE_CHARS = 10_000
CLASSES_COMMENT = "classes:"
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_BINARY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # control characters; a tab separates values
_DEFAULT_FEATURES = ("x1", "x2")
_FIT_FEATURES = ("x", "y")


def _quote(text: str, limit: int = 40) -> str:
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}...'"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _delimiter_of(line: str) -> str:
    if "," in line:
        return ","
    return ";" if ";" in line else "\t" if "\t" in line else ","


def _split(line: str, delimiter: str) -> list[str]:
    """The stripped values of one line; the csv module only where quotes need it."""
    if '"' in line:
        try:
            values = next(csv.reader((line,), delimiter=delimiter, skipinitialspace=True), [])
        except csv.Error as error:
            raise ValueError(f"cannot be read as CSV ({error})")
    else:
        values = line.split(delimiter)
    return [value.strip() for value in values]


def _numbered_lines(stream: io.TextIOBase) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line, refusing an overlong line before holding it whole in memory."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if line.endswith("\n"):
            line = line[:-1]
        elif len(line) > MAX_LINE_CHARS:
            raise DatasetError(f"line {number}: the line is longer than {MAX_LINE_CHARS:,} characters")
        if _BINARY.search(line):
            raise DatasetError(f"line {number}: the line holds binary data (invisible control characters)")
        yield number, line


class _Reader:
    """Collects rows one line at a time, refusing the first bad one."""

    def __init__(self) -> None:
        self.delimiter: str | None = None  # fixed by the first row
        self.columns: int | None = None  # likewise: 3 (x, y, label) or 2 (x, y: curve-fitting samples)
        self.header_seen = False
        self.feature_names = _DEFAULT_FEATURES
        self.listed: dict[str, int] | None = None  # from `# classes:`
        self.listed_line = 0
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.label_ids: list[int] = []  # provisional: index of the label's text in first-appearance order
        self.texts: dict[str, int] = {}  # label text -> provisional id
        self.first_lines: list[int] = []  # provisional id -> line where that label first appears
        self.class_keys: set[int | str] = set()  # labels counted as whole numbers where they look like one

    def comment(self, number: int, text: str) -> None:
        body = text.lstrip()[1:].strip()
        if not body.lower().startswith(CLASSES_COMMENT):
            return
        if self.listed is not None:
            raise DatasetError(f"line {number}: the classes are already listed on line {self.listed_line}")
        if self.xs:
            raise DatasetError(f"line {number}: '# classes:' must come before the first data row")
        rest = body[len(CLASSES_COMMENT):]
        try:
            names = _split(rest, _delimiter_of(rest)) if rest.strip() else []
        except ValueError as error:
            raise DatasetError(f"line {number}: the list of classes {error}")
        if not 2 <= len(names) <= MAX_CLASSES:
            raise DatasetError(f"line {number}: list 2 to {MAX_CLASSES} classes after '# classes:', "
                               f"not {len(names)}")
        if not all(names):
            raise DatasetError(f"line {number}: a class name in the list is empty")
        twice = [name for i, name in enumerate(names) if name in names[:i]]
        if twice:
            raise DatasetError(f"line {number}: the class {_quote(twice[0])} is listed twice")
        self.listed = {name: i for i, name in enumerate(names)}
        self.listed_line = number

    def row(self, number: int, line: str) -> None:
        if self.delimiter is None:
            self.delimiter = _delimiter_of(line)
        try:
            values = _split(line, self.delimiter)
        except ValueError as error:
            raise DatasetError(f"line {number}: {error}")
        if self.columns is None and len(values) == 2 and self.listed is None:
            self.columns = 2
        self.columns = self.columns or 3
        if len(values) != self.columns:
            what = "3 values (x, y, label)" if self.columns == 3 else "2 values (x, y), like the first row"
            raise DatasetError(f"line {number}: expected {what}, found {len(values)}")
        x_text, y_text, label = values if self.columns == 3 else (*values, "")
        defaults = _DEFAULT_FEATURES if self.columns == 3 else _FIT_FEATURES
        if not (self.xs or self.header_seen) and not (_is_number(x_text) and _is_number(y_text)):
            self.header_seen = True
            self.feature_names = (x_text or defaults[0], y_text or defaults[1])
            return
        if not (self.xs or self.header_seen):
            self.feature_names = defaults
        if len(self.xs) == MAX_POINTS:
            raise DatasetError(f"line {number}: the file has more than {MAX_POINTS:,} data rows, and the "
                               f"playground takes at most {MAX_POINTS:,} points; keep fewer rows (a random sample "
                               f"of them) in a copy of the file and open that")
        self.xs.append(self._coordinate(number, x_text))
        self.ys.append(self._coordinate(number, y_text))
        if self.columns == 3:
            self.label_ids.append(self._label_id(number, label))

    @staticmethod
    def _coordinate(number: int, text: str) -> float:
        if not text:
            raise DatasetError(f"line {number}: a coordinate is missing (the value is empty)")
        try:
            value = float(text)
        except ValueError:
            raise DatasetError(f"line {number}: {_quote(text)} is not a number")
        if math.isnan(value) or (math.isinf(value) and "inf" in text.lower()):
            raise DatasetError(f"line {number}: coordinates must be finite numbers, not {_quote(text)}")
        if abs(value) > MAX_COORDINATE:
            raise DatasetError(f"line {number}: {_quote(text)} is too large; coordinates must lie between "
                               f"-{MAX_COORDINATE:g} and {MAX_COORDINATE:g}")
        return value

    def _label_id(self, number: int, text: str) -> int:
        if not text:
            raise DatasetError(f"line {number}: the label (the third value) is empty")
        if self.listed is not None:
            index = self.listed.get(text)
            if index is None:
                raise DatasetError(f"line {number}: the label {_quote(text)} is not one of the classes listed on "
                                   f"line {self.listed_line} ({', '.join(self.listed)})")
            return index
        known = self.texts.get(text)
        if known is not None:
            return known
        self.class_keys.add(int(text) if _INTEGER.fullmatch(text) else text)
        if len(self.class_keys) > MAX_CLASSES:  # stop early: a larger file is not read to the end
            raise DatasetError(f"line {number}: found {MAX_CLASSES + 1} classes; at most {MAX_CLASSES} are supported")
        self.texts[text] = len(self.texts)
        self.first_lines.append(number)
        return self.texts[text]

    def dataset(self, test_ratio: float, seed: int) -> Dataset:
        if not self.xs:
            raise DatasetError("the file has no data rows")
        if self.columns == 2:
            points = np.column_stack((np.array(self.xs), np.array(self.ys))).astype(np.float32)
            return Dataset.fit_samples(points, test_ratio=test_ratio, seed=seed, feature_names=self.feature_names)
        ids = np.array(self.label_ids, dtype=np.int64)
        if self.listed is not None:
            class_names, labels = tuple(self.listed), ids
        else:
            texts = list(self.texts)
            if all(_INTEGER.fullmatch(text) for text in texts):
                values = sorted({int(text) for text in texts})
                class_names = tuple(str(value) for value in values)
                to_class = np.array([values.index(int(text)) for text in texts], dtype=np.int64)
                labels = to_class[ids]
            else:
                class_names, labels = tuple(texts), ids
            if len(class_names) < 2:
                raise DatasetError(f"the file needs at least two classes (labels); found only {_quote(texts[0])}")
            if len(class_names) > MAX_CLASSES:
                raise DatasetError(f"line {self.first_lines[MAX_CLASSES]}: found {len(class_names)} classes; "
                                   f"at most {MAX_CLASSES} are supported")
        points = np.column_stack((np.array(self.xs), np.array(self.ys))).astype(np.float32)
        return Dataset.create(points, labels, test_ratio=test_ratio, seed=seed, class_names=class_names,
                              feature_names=self.feature_names)


def _parse(lines: Iterable[tuple[int, str]], test_ratio: float, seed: int) -> Dataset:
    split_mask(0, test_ratio, seed)  # a bad share or seed is refused before the file is read
    reader = _Reader()
    for number, line in lines:
        text = line.strip()
        if not text:
            continue
        if text.startswith("#"):
            reader.comment(number, text)
        else:
            reader.row(number, line)
    return reader.dataset(test_ratio, seed)


def _named(name: str, error: DatasetError) -> DatasetError:
    return DatasetError(f"{name}: {error}")


def parse_csv(text: str, *, name: str = "data", test_ratio: float = 0.5, seed: int = 0) -> Dataset:
    """The data set in CSV `text` (see the module's notes); `name` starts every error message."""
    try:
        return _parse(_numbered_lines(io.StringIO(text.removeprefix("\ufeff"), newline=None)), test_ratio, seed)
    except DatasetError as error:
        raise _named(name, error)


def read_csv(path: str | Path, *, test_ratio: float = 0.5, seed: int = 0) -> Dataset:
    """The data set in a CSV file: UTF-8 (with or without a byte-order mark), at most 64 MB.

    Parsed as `parse_csv` does, but line by line, so a huge or broken file costs no more than its first bad line."""
    path = Path(path)
    name = shown_name(path)
    problem = file_problem(path, MAX_FILE_BYTES, "CSV")
    if problem:
        raise DatasetError(f"{shown_name(path, whole=problem == 'no such file')}: {problem}")
    try:
        with path.open(encoding="utf-8-sig", newline=None) as stream:
            return _parse(_numbered_lines(stream), test_ratio, seed)
    except UnicodeDecodeError:
        raise DatasetError(f"{name}: the file is not UTF-8 text; save it as CSV with UTF-8 encoding")
    except OSError as error:
        raise DatasetError(f"{name}: {os_problem(error)}")
    except DatasetError as error:
        raise _named(name, error)


# ----- writing -------------------------------------------------------------------------------------
def _check_writable(dataset: Dataset) -> None:
    """Refuse names that would not read back the same, rather than write a file that changes them."""
    def problem(kind: str, name: str) -> str | None:
        if not name.strip():
            return f"the {kind} name is empty"
        if name != name.strip():
            return f"the {kind} name {_quote(name)} starts or ends with a space"
        if "\n" in name or "\r" in name:
            return f"the {kind} name {_quote(name)} contains a line break"
        if kind == "feature" and _is_number(name):
            return f"the feature name {_quote(name)} looks like a number, so the header would read as data"
        return None

    found = [problem("feature", name) for name in dataset.feature_names]
    found += [problem("class", name) for name in dataset.class_names]
    if len(set(dataset.class_names)) != len(dataset.class_names):
        found.append("two classes have the same name")
    found = [p for p in found if p]
    if found:
        raise DatasetError(f"cannot save as CSV: {found[0]}")


def format_csv(dataset: Dataset) -> str:
    """The data set as CSV text that `parse_csv` reads back identically (the train/test split aside)."""
    _check_writable(dataset)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fit = dataset.is_fit
    if not fit:
        out.write(f"# {CLASSES_COMMENT} ")
        writer.writerow(dataset.class_names)
    header = [*dataset.feature_names] if fit else [*dataset.feature_names, "label"]
    if header[0].startswith("#"):  # quoted, so that it is not read as a comment
        csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(header)
    else:
        writer.writerow(header)
    names = dataset.class_names
    # '.9g' holds every float32 exactly: the text reads back to the same bits
    if fit:
        writer.writerows((format(x, ".9g"), format(y, ".9g")) for x, y in dataset.points.tolist())
        return out.getvalue()
    writer.writerows((format(x, ".9g"), format(y, ".9g"), names[label])
                     for (x, y), label in zip(dataset.points.tolist(), dataset.labels.tolist(), strict=True))
    return out.getvalue()


def write_csv(dataset: Dataset, path: str | Path) -> None:
    """Save the data set as a UTF-8 CSV file (see `format_csv`)."""
    Path(path).write_text(format_csv(dataset), encoding="utf-8", newline="")

"""Reading the app's JSON files (scenarios, lessons, the glossary) strictly and safely: the text decoded (UTF-8 or
UTF-16 with its mark), counted before it is parsed (a huge file is refused without its cost), parsed with json's
errors in plain words, and fields taken out one by one by a FieldReader that names, by dotted path, any field that
is missing, of the wrong type or unknown. Nothing here executes anything from a file."""

from __future__ import annotations

import codecs
import difflib
import json
import math
import re
from typing import Any

from .presets import MAX_POINTS

NOT_A_SCENARIO = "this is not a playground scenario file"
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")  # also lone surrogates: not text

# Counted in the text before it is parsed (parsing a big file costs about 7 times its size in memory, and
# seconds): a scenario holds one [ ] per point and a few hundred others (weights: a row per neuron), a handful
# of { }, and four or five commas per point.
_OTHER_LISTS = 10_000
_MAX_OBJECTS = 10_000
_MAX_COMMAS = 10 * MAX_POINTS
# How json's messages read in plain words (Python 3.11 to 3.13)
_JSON_REASONS = (
    ("Expecting value", "a value is missing or misspelt (text goes in double quotes; true, false and null are "
                        "written in lower case)"),
    ("Expecting property name", "expected a field name in double quotes (is there a comma too many?)"),
    ("Expecting ':' delimiter", "a colon (:) is missing after a field name"),
    ("Expecting ',' delimiter", "a comma is missing"),
    ("Illegal trailing comma", "there is a comma too many before a closing bracket"),
    ("Unterminated string", "a text in double quotes is not closed"),
    ("Invalid control character", "a text in double quotes is not closed on its line, or holds a tab"),
    ("Invalid \\", "a backslash in a text starts no valid escape (write \\\\ for a backslash)"),
    ("Extra data", "there is more text after the end of the scenario"),
)


LARGEST_NUMBER = 1e300  # beyond this a JSON number cannot be a sensible coordinate or setting


class JsonFileError(ValueError):
    """A file that cannot be used (a scenario, a lesson, the glossary): the message names its problem for the
    user. scenario.ScenarioError is this class."""


def is_number(value: Any) -> bool:
    """A finite JSON number of sensible size (not true/false, which Python counts as int)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return abs(value) <= LARGEST_NUMBER


def shown_value(value: Any) -> str:
    """A short description of a JSON value for a message: never the whole of a big list or number."""
    if isinstance(value, list):
        flat = len(value) <= 4 and all(v is None or (isinstance(v, bool | int | float) and len(str(v)) < 20)
                                       for v in value)
        return json.dumps(value) if flat else "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        text = json.dumps(value)
        return text if len(text) <= 40 else text[:36] + '..."'
    if isinstance(value, int) and not isinstance(value, bool) and len(str(value)) > 20:
        return f"a number with {len(str(value).lstrip('-'))} digits"
    return json.dumps(value)


def shown_key(key: str) -> str:
    """A field's name for a message: as it is, or, when long or holding invisible characters (a line break would
    split the message), short and escaped."""
    return key if len(key) <= 40 and not CONTROL_CHARS.search(key) else shown_value(key)[1:-1]


class FieldReader:
    """Takes typed fields out of one JSON object and complains, by dotted path, about anything off."""

    def __init__(self, obj: Any, path: str) -> None:
        if not isinstance(obj, dict):
            raise JsonFileError(f"{path or 'the file'} must be a JSON object")
        self.obj, self.path, self.seen = obj, path, set()

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        self.seen.add(key)
        if key not in self.obj:
            if default is ...:
                raise JsonFileError(f"'{self.where(key)}' is missing")
            return default
        value = self.obj[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if ok and isinstance(value, int | float) and not isinstance(value, bool):
            ok = is_number(value) and (float in kinds or abs(value) < 2**63)
        if not ok:
            names = " or ".join({int: "a whole number", float: "a number", str: "text", list: "a list",
                                 dict: "an object", bool: "true or false"}[k]
                                for k in kinds if not (k is int and float in kinds))
            raise JsonFileError(f"'{self.where(key)}' must be {names}, not {shown_value(value)}")
        if isinstance(value, str) and CONTROL_CHARS.search(value):
            raise JsonFileError(f"'{self.where(key)}' holds a line break, a tab or another invisible character")
        return value

    def child(self, key: str) -> FieldReader:
        return FieldReader(self.get(key, dict), self.where(key))

    def done(self) -> None:
        unknown = sorted(set(self.obj) - self.seen)
        if unknown:
            key = unknown[0]
            meant = difflib.get_close_matches(key, sorted(self.seen), n=1)
            raise JsonFileError(f"unknown field '{self.where(shown_key(key))}'"
                                + (f"; did you mean '{meant[0]}'?" if meant else ""))


def _about(n: int) -> str:
    """n to two significant digits, like 2,900,000."""
    return f"{round(n, 2 - len(str(n))):,}"


def decode_text(raw: bytes) -> str:
    """The file's text: UTF-8 (a byte-order mark allowed), or UTF-16 with its mark (Notepad's 'Unicode')."""
    utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    try:
        return raw.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError:
        if not utf16 and raw.lstrip(b" \t\r\n").startswith(b"{"):
            raise JsonFileError("the file is not UTF-8 text; save it again as UTF-8")
        raise JsonFileError(f"{NOT_A_SCENARIO} (it is not text)")


def _json_problem(error: json.JSONDecodeError) -> str:
    reason = next((plain for start, plain in _JSON_REASONS if error.msg.startswith(start)),
                  "this is not how JSON is written")
    line, column = error.lineno, error.colno
    if "delimiter" in error.msg:  # the missing comma or colon belongs after the value before it
        before = error.doc[:error.pos].rstrip()
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
    return f"not valid JSON: line {line}, column {column}: {reason}"


def parse_json_text(text: str) -> Any:
    """The JSON object in a scenario file's text; a JsonFileError, in plain words, for anything else. Counts
    lists, objects and values before parsing, so that a huge file is refused without its cost."""
    start = text.lstrip(" \t\r\n")
    if not start.startswith("{"):
        raise JsonFileError(NOT_A_SCENARIO + ("" if start else " (it is empty)"))
    lists = text.count("[")
    if lists > MAX_POINTS + _OTHER_LISTS:
        raise JsonFileError(f"this scenario has about {_about(lists)} points; the playground takes at most "
                            f"{MAX_POINTS:,}")
    if text.count("{") > _MAX_OBJECTS or text.count(",") > _MAX_COMMAS:
        raise JsonFileError(f"the file holds far more values than a scenario can (at most {MAX_POINTS:,} points)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise JsonFileError(_json_problem(error))
    except RecursionError:
        raise JsonFileError("the file's lists or objects are nested too deeply")
    except ValueError:  # Python refuses to read whole numbers of more than 4,300 digits
        raise JsonFileError("the file holds a number with thousands of digits")


def readable_json(obj: Any, indent: int = 2) -> str:
    """`obj` as JSON a person can read and edit: objects one field per line, but a list of numbers, texts or
    pairs (points, labels, a layer's weights) on one line, as a teacher would write it by hand."""
    def flat(value: Any) -> bool:
        return not isinstance(value, dict | list) or (isinstance(value, list) and not any(
            isinstance(v, dict) or (isinstance(v, list) and any(isinstance(w, dict | list) for w in v))
            for v in value))

    def write(value: Any, depth: int) -> str:
        if flat(value):
            return json.dumps(value, ensure_ascii=False)
        pad, inner = " " * (indent * depth), " " * (indent * (depth + 1))
        if isinstance(value, dict):
            if not value:
                return "{}"
            fields = (f"{inner}{json.dumps(k, ensure_ascii=False)}: {write(v, depth + 1)}" for k, v in value.items())
            return "{\n" + ",\n".join(fields) + "\n" + pad + "}"
        return "[\n" + ",\n".join(inner + write(v, depth + 1) for v in value) + "\n" + pad + "]"

    return write(obj, 0) + "\n"

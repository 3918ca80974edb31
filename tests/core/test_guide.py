"""The guide's text (core/guide.py): the guide file with the glossary written at its end, the keys it names, and
plain notes instead of errors for missing or damaged files."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from playground.core.guide import (
    GLOSSARY_HEADING,
    glossary_markdown,
    guide_keys,
    guide_path,
    load_guide,
    markdown_escape,
)
from playground.core.lessons import load_glossary


def test_the_shipped_guide_and_glossary_load_without_problems():
    guide = load_guide()
    assert guide.problems == ()
    assert guide_path().is_file()
    assert "<!--" not in guide.text  # the note for editors is not shown
    glossary, _ = load_glossary()
    tail = guide.text[guide.text.index(f"## {GLOSSARY_HEADING}"):]
    for term, meaning in glossary.items():
        assert f"- **{markdown_escape(term)}**: {markdown_escape(meaning)}" in tail


def test_the_glossary_is_in_alphabetical_order_and_escaped():
    text = glossary_markdown({"zeta": "last", "Alpha": "a*b_c [x] <y> `z` #1 | \\", "beta": "middle"})
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert [re.match(r"- \*\*(.+?)\*\*", line).group(1) for line in items] == ["Alpha", "beta", "zeta"]
    assert items[0] == r"- **Alpha**: a\*b\_c \[x\] \<y\> \`z\` \#1 \| \\"


def test_a_missing_guide_is_a_plain_note_and_the_glossary_stays(tmp_path):
    guide = load_guide(tmp_path / "guide.md")
    assert guide.problems == ("guide.md: no such file",)
    assert "The guide could not be shown" in guide.text and "Installing the app again" in guide.text
    assert f"## {GLOSSARY_HEADING}" in guide.text and "- **epoch**" in guide.text


def test_a_folder_in_the_guide_s_place_is_a_plain_note(tmp_path):
    (tmp_path / "guide.md").mkdir()
    guide = load_guide(tmp_path / "guide.md")
    assert guide.problems == ("guide.md: this is a folder, not a guide file",)
    assert "The guide could not be shown" in guide.text


def test_a_damaged_guide_and_glossary_are_plain_notes(tmp_path):
    bad_guide = tmp_path / "guide.md"
    bad_guide.write_bytes(b"# Guide\n\xff\xfe")
    bad_glossary = tmp_path / "glossary.json"
    bad_glossary.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    guide = load_guide(bad_guide, bad_glossary)
    assert guide.problems[0] == "guide.md: the file is not UTF-8 text"
    assert guide.problems[1].startswith("glossary.json: ")
    assert "The glossary could not be shown" in guide.text and "Traceback" not in guide.text


def test_a_guide_is_shown_as_written_with_the_glossary_after_it(tmp_path):
    path = tmp_path / "guide.md"
    path.write_text("<!-- for editors -->\n# Hello\n\nPress `F1`.\n", encoding="utf-8")
    glossary = tmp_path / "glossary.json"
    glossary.write_text(json.dumps({"format": "neural-playground-glossary", "version": 1,
                                    "terms": {"epoch": "One pass."}}), encoding="utf-8")
    text = load_guide(path, glossary).text
    assert text == "# Hello\n\nPress `F1`.\n\n" + glossary_markdown({"epoch": "One pass."})


def test_the_keys_a_guide_names():
    text = "<!-- `Ctrl+K` in a note -->\nPress `F1`, `Ctrl+plus` or `Ctrl+minus`, then `F1` again and `Ctrl+Shift+Z`."
    assert guide_keys(text) == ["F1", "Ctrl++", "Ctrl+-", "Ctrl+Shift+Z"]


def test_the_installer_spec_bundles_the_guide():
    """The spec's own `datas = ...` statement puts guide.md into the bundle's assets/guide, where assets_dir()
    looks when frozen."""
    root = Path(__file__).resolve().parents[2]
    spec = (root / "packaging" / "playground.spec").read_text()
    statement = next(node for node in ast.parse(spec).body if isinstance(node, ast.Assign)
                     and any(isinstance(t, ast.Name) and t.id == "datas" for t in node.targets))
    datas = eval(compile(ast.Expression(statement.value), "spec", "eval"), {"ROOT": root, "Path": Path})
    assert (str(guide_path()), "assets/guide") in {(source, Path(target).as_posix()) for source, target in datas}

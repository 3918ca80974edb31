"""The guide for a learner opening the app for the first time (Help > Guide): Markdown in assets/guide/guide.md,
with the glossary (assets/lessons/glossary.json) written at its end, so that the meanings live in one file only.
No Qt here.

    guide = load_guide()        # guide.text: Markdown to show; guide.problems: one plain line for each file at fault
    guide_keys(guide.text)      # the keys the guide names (every `code span` in it is one), as Qt writes them

A missing or unreadable guide gives a plain note in its place (and the glossary still); never an error."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .assets import assets_dir
from .files import file_problem, os_problem, shown_name
from .lessons import load_glossary

__all__ = ["GLOSSARY_HEADING", "Guide", "glossary_markdown", "guide_keys", "guide_path", "load_guide",
           "markdown_escape"]

GUIDE_FILE = "guide.md"
MAX_GUIDE_BYTES = 1_000_000
GLOSSARY_HEADING = "Glossary"
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
log = logging.getLogger("playground.guide")


@dataclass(frozen=True)
class Guide:
    text: str  # Markdown: the guide (or a note saying why it is missing) and the glossary
    problems: tuple[str, ...]  # one plain line for each file that could not be used


def guide_path() -> Path:
    return assets_dir() / "guide" / GUIDE_FILE


def markdown_escape(text: str) -> str:
    """`text` shown as it is in Markdown: the characters that would start emphasis, code, a link or HTML escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def glossary_markdown(glossary: dict[str, str]) -> str:
    """The glossary as the guide's last section: each term in bold with its meaning, in alphabetical order."""
    lines = [f"## {GLOSSARY_HEADING}", "",
             "The words the app, its tooltips and the lessons use, each in a sentence or two.", ""]
    for term in sorted(glossary, key=str.casefold):
        lines.append(f"- **{markdown_escape(term)}**: {markdown_escape(glossary[term])}")
    return "\n".join(lines) + "\n"


def _read_guide(path: Path) -> tuple[str, str | None]:
    """The guide's Markdown and None, or a note to show in its place and the problem in one line."""
    problem = file_problem(path, MAX_GUIDE_BYTES, "guide")
    if problem is None:
        try:
            return path.read_bytes().decode("utf-8"), None
        except OSError as error:
            problem = os_problem(error)
        except UnicodeDecodeError:
            problem = "the file is not UTF-8 text"
        except Exception:
            log.exception("guide %s could not be read", path)
            problem = "the file could not be read"
    line = f"{shown_name(path)}: {problem}"
    note = ("# Guide\n\n**The guide could not be shown.** The file that holds it, "
            f"{markdown_escape(shown_name(path))} in {markdown_escape(shown_name(path.parent, whole=True))}, is "
            f"missing or damaged ({markdown_escape(problem)}). Installing the app again brings it back.\n\n"
            "Meanwhile, rest the mouse on any control to read what it does, and try View > Lessons.\n")
    return note, line


def load_guide(path: str | Path | None = None, glossary_path: str | Path | None = None) -> Guide:
    """The guide from `path` (assets/guide/guide.md by default) with the glossary from `glossary_path`
    (assets/lessons/glossary.json) at its end."""
    text, problem = _read_guide(Path(path) if path is not None else guide_path())
    problems = [problem] if problem else []
    glossary, glossary_problems = load_glossary(glossary_path)
    problems += glossary_problems
    text = _COMMENT.sub("", text).strip() + "\n\n"
    if glossary:
        text += glossary_markdown(glossary)
    else:
        text += (f"## {GLOSSARY_HEADING}\n\nThe glossary could not be shown: "
                 f"{markdown_escape('; '.join(glossary_problems) or 'it has no words in it')}.\n")
    return Guide(text, tuple(problems))


def guide_keys(text: str) -> list[str]:
    """Every key or key combination the guide names (its `code spans`, by the guide's own rule), in order, once
    each, as Qt writes them: "Ctrl+plus" is "Ctrl++"."""
    keys: list[str] = []
    for span in _CODE_SPAN.findall(_COMMENT.sub("", text)):
        key = re.sub(r"\bplus$", "+", re.sub(r"\bminus$", "-", span.strip()))
        if key not in keys:
            keys.append(key)
    return keys

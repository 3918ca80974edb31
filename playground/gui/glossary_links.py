"""Glossary words in a lesson's text as links: the mouse on one shows its meaning (from
assets/lessons/glossary.json) in a tooltip; a click shows it too. The first time each word comes in a text is
linked, plurals included ("neurons"), so that a step's text is not a sea of links."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QLabel, QToolTip

from ..core.lessons import load_glossary
from .glossary_tips import tip_html

SCHEME = "glossary:"
# Words of the glossary that mean something else in everyday text ("step 2", "a linear fit"): not linked.
NOT_LINKED = frozenset({"step", "linear"})


def _pattern(term: str) -> str:
    """The term as a whole word, its plural too ("test point" for "test points", "neurons" for "neuron")."""
    if term.endswith("s") and not term.endswith("ss"):
        return re.escape(term[:-1]) + "s?"
    return re.escape(term) + "(?:s|es)?"


def linked_html(text: str, glossary: dict[str, str]) -> str:
    """`text` (plain) as rich text with the first occurrence of each glossary word a link to "glossary:<word>";
    longer words first, so "gradient descent" is one link, not "gradient" and a loose "descent"."""
    terms = sorted((t for t in glossary if t not in NOT_LINKED), key=len, reverse=True)
    if not terms:
        return html.escape(text).replace("\n", "<br>")
    found = re.compile(r"(?<![\w-])(" + "|".join(f"(?:{_pattern(t)})" for t in terms) + r")(?![\w-])",
                       re.IGNORECASE)
    lower = {t.casefold(): t for t in terms}
    linked: set[str] = set()
    parts, at = [], 0
    for match in found.finditer(text):
        word = match.group(1)
        term = next((lower[k] for k in (word.casefold(), word.casefold()[:-1], word.casefold()[:-2],
                                         word.casefold() + "s") if k in lower), None)
        if term is None or term in linked:
            continue
        linked.add(term)
        parts.append(html.escape(text[at:match.start()]))
        parts.append(f'<a href="{SCHEME}{html.escape(term, quote=True)}">{html.escape(word)}</a>')
        at = match.end()
    parts.append(html.escape(text[at:]))
    return "".join(parts).replace("\n", "<br>")


class GlossaryLinks(QObject):
    """Shows texts in `label` with their glossary words linked, and a word's meaning when the mouse is on it."""

    def __init__(self, label: QLabel, glossary: dict[str, str] | None = None) -> None:
        super().__init__(label)
        self._label = label
        self.glossary = load_glossary()[0] if glossary is None else glossary
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(label.textInteractionFlags() | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        label.setOpenExternalLinks(False)
        label.linkHovered.connect(self._on_label_link)
        label.linkActivated.connect(self._on_label_link)

    def set_text(self, text: str) -> None:
        self._label.setText(linked_html(text, self.glossary))

    def meaning(self, href: str) -> str:
        """The tooltip for a link: the word in bold and its meaning ("" for anything else)."""
        term = href[len(SCHEME):] if href.startswith(SCHEME) else ""
        return tip_html("", [term], self.glossary) if term in self.glossary else ""

    def _on_label_link(self, href: str) -> None:
        tip = self.meaning(href)
        if tip:
            QToolTip.showText(QCursor.pos(), tip, self._label)
        else:
            QToolTip.hideText()

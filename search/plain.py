"""Markdown to searchable plain text with regular expressions: link targets and bare URLs dropped.

Indexing needs the words, not a faithful rendering: this is about twenty times
faster than rendering with markdown-it (:func:`kb_builder.text.to_plain`),
which matters for the 14,000 sections of the benchmark corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable

def _first_group(match: re.Match[str]) -> str:
    return match.group(1)


_RULES: tuple[tuple[str, re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    ("[!", re.compile(r"^\s*\[!INCLUDE\s*\[[^\]]*\]\([^)]*\)\]\s*$", re.M | re.I), ""),
    ("[!", re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|CAUTION|WARNING)\]", re.I), ""),
    ("](", re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), _first_group),
    ("http", re.compile(r"<https?://[^>\s]*>"), " "),
    ("http", re.compile(r"https?://[^\s<>)\]]+"), " "),
    ("<", re.compile(r"<br\s*/?>", re.I), "\n"),
    ("<", re.compile(r"</?[A-Za-z][^>]*>"), ""),
    ("", re.compile(r"^[ \t]{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M), ""),
    ("---", re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$", re.M), ""),
    ("&", re.compile(r"&nbsp;|&#160;"), " "),
)
"""(substring that must be present, pattern, replacement): a rule only runs on text it can change."""


_SPACES_RE = re.compile(r"  +")
_BLANK_LINES_RE = re.compile(r"\n[ \n]*\n")


def plain(markdown: str) -> str:
    """The words of a markdown fragment, markup and link targets removed."""
    text = markdown
    for trigger, pattern, replacement in _RULES:
        if trigger in text:
            text = pattern.sub(replacement, text)
    text = _SPACES_RE.sub(" ", text.replace("*", " ").replace("`", " ").replace("|", " ").replace("\t", " "))
    return _BLANK_LINES_RE.sub("\n", text).strip()

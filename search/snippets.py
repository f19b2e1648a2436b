"""A short, highlighted extract of a hit's text: the window with most query words.

Only the hits returned are highlighted, from the text stored for them, so the
cost does not grow with the index.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from .analysis import LANGUAGES, word_analyzer

SNIPPET_WORDS = 28
_WORD_RE = re.compile(r"[^\W_]+(?:[.'][^\W_]+)*")


@lru_cache(maxsize=65536)
def _keys(word: str) -> tuple[str, ...]:
    """What a word of the text can match in a plan's marks: itself lower-cased, its term in each language."""
    lowered = word.lower()
    return (lowered, *(f"{language}:{term}" for language in LANGUAGES for term in word_analyzer(language).terms(lowered)))


def snippet(text: str, marks: frozenset[str], width: int = SNIPPET_WORDS) -> str:
    """HTML: an escaped extract of ``text`` with query words in ``<mark>``, ``…`` where cut."""
    words = list(_WORD_RE.finditer(text))
    if not words:
        return html.escape(text[:200])
    hits = [not marks.isdisjoint(_keys(m.group())) for m in words]
    best_start, best_count = 0, -1
    count = sum(hits[:width])
    for start in range(max(1, len(words) - width + 1)):
        if start:
            count += (hits[start + width - 1] if start + width - 1 < len(words) else 0) - hits[start - 1]
        if count > best_count:
            best_start, best_count = start, count
    first, last = words[best_start], words[min(best_start + width, len(words)) - 1]
    begin = 0 if best_start == 0 else first.start()
    end = len(text) if best_start + width >= len(words) else last.end()
    parts: list[str] = ["…"] if begin else []
    cursor = begin
    for match, hit in zip(words[best_start : best_start + width], hits[best_start : best_start + width]):
        if hit:
            parts.append(html.escape(text[cursor : match.start()]))
            parts.append(f"<mark>{html.escape(match.group())}</mark>")
            cursor = match.end()
    parts.append(html.escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts).strip()

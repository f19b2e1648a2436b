"""Where the site search (Material's, in the page) splits text and queries into terms.

Material adds a trailing wildcard to every query term, and lunr skips its query
pipeline for wildcard terms: a function word typed in a query ("di", "con",
"the") is not dropped as a stop word but matches as a prefix ("di*" finds
"disco", "dimensioni") and can outweigh the words that matter. So the short
function words of the page's language and of English are separators too, as
are elided articles with their apostrophe ("l'agente" is found as "agente");
the stop-word filter drops all of them from the index anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

BASE = r'[\s\-,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'
"""Spaces and punctuation, a dot not followed by a digit (1.2 stays whole), escaped angle brackets,
and the start of each camelCase part ("GuestAgent" finds UserErrorGuestAgentStatusUnavailable)."""

FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "it": (
        "a", "ad", "agli", "ai", "al", "alla", "alle", "allo", "che", "ci", "col", "con", "da", "dagli", "dai", "dal", "dalla",
        "dalle", "dallo", "degli", "dei", "del", "della", "delle", "dello", "di", "e", "ed", "gli", "i", "il", "in", "la", "le",
        "lo", "ma", "ne", "negli", "nei", "nel", "nella", "nelle", "nello", "non", "o", "per", "se", "si", "su", "sugli", "sui",
        "sul", "sulla", "sulle", "sullo", "tra", "un", "una", "uno",
    ),
    "en": (
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if", "in", "into", "is", "it",
        "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
    ),
}  # fmt: skip
"""Stop words of lunr's filter for the language that are short enough to be a prefix of many words."""

ELIDED: dict[str, tuple[str, ...]] = {"it": ("all", "c", "dall", "dell", "l", "nell", "sull", "un")}
"""Articles and prepositions written with an apostrophe before the next word (``dell'agente``)."""


def separator(languages: Iterable[str]) -> str:
    """The search separator for pages in ``languages`` (two-letter codes, e.g. ``["it", "en"]``)."""
    languages = list(languages)
    words = sorted({word for language in languages for word in FUNCTION_WORDS.get(language, ())}, key=lambda w: (-len(w), w))
    elided = sorted({word for language in languages for word in ELIDED.get(language, ())}, key=lambda w: (-len(w), w))
    parts = [BASE]
    if elided:
        parts.append(r"\b(?:" + "|".join(map(_either_case, elided)) + r")['’]")
    if words:
        parts.append(r"\b(?:" + "|".join(map(_either_case, words)) + r")\b")
    return "|".join(parts)


def _either_case(word: str) -> str:
    """``di`` -> ``[Dd]i``: the word in lower case or capitalised (the separator sees the text as written)."""
    first = word[0]
    return f"[{first.upper()}{first}]{re.escape(word[1:])}"

"""Text to index terms, independent of the engine: codes, Italian, English, dotted names, anchors.

Every analyzer is a pure function of its text, used the same way at index and
query time, so the terms a query produces are the terms the index holds.
Word analysis is cached per distinct word: a knowledge base repeats its
vocabulary, so indexing costs a dictionary lookup per word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.lang import stemmer_for_language, stopwords_for_language

WORD_RE = re.compile(r"[^\W_]+")
"""Letters and digits: ``l'agente`` gives ``l`` and ``agente``."""
ALNUM_RE = re.compile(r"[A-Za-z0-9]+")
CAMEL_PART_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+\d*(?![a-z])|\d+")
"""``BCMV2VMNotFound`` -> BCMV2, VM, Not, Found."""
DOTTED_RE = re.compile(r"(?<![\w.])\.?[^\W_][\w-]*(?:\.[^\W_][\w-]*)+|(?<![\w.])\.[A-Za-z][\w-]*")
"""``waagent.conf``, ``Provisioning.Agent``, ``4.5``, ``.NET``: names with dots, kept whole."""
MAX_CODE_PARTS = 12
"""Codes with more camelCase parts only index their first twelve in combinations."""

LANGUAGES = ("it", "en")
ELISIONS = {"it": ("l", "d", "c", "dell", "dall", "nell", "sull", "all", "un", "quell", "quest", "po"), "en": ("s", "t", "d", "ll", "re", "ve", "m")}
"""Fragments left by apostrophes, dropped like stop words."""


def fold(text: str) -> str:
    """Lower-case with accents removed: ``Già`` -> ``gia``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class WordAnalyzer:
    """A language's word analysis: accents folded, stop words out, snowball stem.

    Folding comes first, so ``connettività`` and ``connettivita`` give one term.
    English stop words are stop words in every language: machine-translated
    articles keep English sentences glued to the translation.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        stops = set(stopwords_for_language(language)) | set(ELISIONS.get(language, ())) | set(stopwords_for_language("en"))
        self._stops = {fold(word) for word in stops}
        self._stem = stemmer_for_language(language)
        self._cache: dict[str, str] = {}

    def term(self, word: str) -> str:
        """The index term of one lower-cased word, '' for a stop word."""
        found = self._cache.get(word)
        if found is None:
            folded = fold(word)
            found = self._cache[word] = "" if folded in self._stops or len(folded) < 2 else self._stem(folded)
        return found

    def terms(self, text: str) -> list[str]:
        """Terms of a text, in order, repeats kept."""
        words = WORD_RE.findall(text.lower())
        found = list(map(self._cache.get, words))
        if None in found:
            found = [self.term(word) if term is None else term for term, word in zip(found, words)]
        return [term for term in found if term]


@lru_cache(maxsize=None)
def word_analyzer(language: str) -> WordAnalyzer:
    """The shared analyzer of a language (``it``, ``en``); other languages use English."""
    return WordAnalyzer(language if language in LANGUAGES else "en")


def language_of(locale: str) -> str:
    """``it-it`` -> ``it``; locales without their own analyzer read as English."""
    language = locale.split("-", 1)[0].lower()
    return language if language in LANGUAGES else "en"


def camel_parts(code: str) -> list[str]:
    """The camelCase parts of a code, lower-cased: ``UserErrorRpCollection`` -> user, error, rp, collection."""
    return [part.lower() for part in CAMEL_PART_RE.findall(code)]


def code_terms(text: str) -> list[str]:
    """Whole codes, lower-cased: ``BackUpOperationFailed / V2`` -> backupoperationfailed, v2."""
    return [token.lower() for token in ALNUM_RE.findall(text)]


def code_part_terms(text: str) -> list[str]:
    """Every run of consecutive camelCase parts of every code, joined and lower-cased.

    ``UserErrorKeyvaultPermissionsNotConfigured`` gives ``keyvault``,
    ``keyvaultpermissions``, ``usererror`` ... and the whole code, so a query
    naming any piece of a code, in any case, is one exact term.
    """
    found: list[str] = []
    for token in ALNUM_RE.findall(text):
        parts = camel_parts(token)[:MAX_CODE_PARTS] or [token.lower()]
        for start in range(len(parts)):
            for end in range(start + 1, len(parts) + 1):
                found.append("".join(parts[start:end]))
    return list(dict.fromkeys(found))


def query_code_terms(text: str, max_words: int = 8) -> list[str]:
    """Code terms of a query: each word, and adjacent words run together (``crp reported`` -> ``crpreported``)."""
    words = code_terms(text)[:max_words]
    joined = ["".join(words[start:end]) for start in range(len(words)) for end in range(start + 2, len(words) + 1)]
    return list(dict.fromkeys(words + joined))


def dotted_terms(text: str, parts: bool = True) -> list[str]:
    """Dotted names kept whole and lower-cased; with ``parts``, each side marked by its dot.

    ``Provisioning.Agent`` gives ``provisioning.agent``, ``provisioning.``, ``.agent``,
    so ``Extensions.Enable`` finds a text naming ``configurazione.Enable``.
    Version numbers (``4.5``) stay whole only.
    """
    found: list[str] = []
    for match in (m for word in text.split() if "." in word for m in DOTTED_RE.finditer(word)):
        token = match.group().lower()
        found.append(token)
        pieces = token.strip(".").split(".")
        if parts and len(pieces) > 1 and not all(p.isdigit() for p in pieces):
            found += [pieces[0] + "."] + ["." + piece for piece in pieces[1:]]
    return found


def anchor_words(anchor: str) -> str:
    """The words of an anchor slug: ``remove_lock-from`` -> ``remove lock from``."""
    return re.sub(r"[-_]+", " ", anchor)

"""A user's query as weighted term clauses over the index fields, whatever they typed.

There is no query syntax: quotes, colons, parentheses, ``*`` and ``AND``/``OR``
are ordinary characters, so no input can fail to parse. Every field receives the
query through the analyzer its documents went through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kb_builder.codes import is_code

from .analysis import ALNUM_RE, LANGUAGES, dotted_terms, query_code_terms, word_analyzer
from .typo import Corrector

MAX_QUERY_CHARS = 512
FIELD_BOOSTS = {"code": 8.0, "part": 2.0, "anchor": 6.0, "names": 2.0, "it": 1.0, "en": 1.0}
"""Weight of a match in each field: a whole code outweighs any sentence, a name or a piece of a code
weighs about a title word (checked on the dev set, ``kb eval``, and on tests/test_search_relevance.py)."""
JOINED_BOOST = 1.5
"""Extra weight of adjacent query words run together matching a piece of a code."""
TYPO_BOOST = {1: 0.8, 2: 0.6}
"""Share of the code weight a misspelled code keeps, by edit distance."""
TITLE_WEIGHT = 3.0
"""A title word counts this many body words (within the language fields)."""


@dataclass(frozen=True)
class Clause:
    """One term to look up in one field, and what a match is worth."""

    field: str
    term: str
    boost: float


@dataclass(frozen=True)
class Plan:
    """The clauses of a query and the words to highlight."""

    clauses: tuple[Clause, ...]
    corrections: tuple[tuple[str, str], ...]
    """(typed, known code) pairs used for typo tolerance."""
    marks: frozenset[str]
    """Terms (any field) whose words a snippet highlights."""


Known = Callable[[str, str], bool]
"""Whether (field, term) exists in the index."""


def plan(text: str, known: Known, codes: Corrector, parts: Corrector) -> Plan:
    """The clauses of a query string (already length-checked)."""
    clauses: list[Clause] = []
    words = ALNUM_RE.findall(text)
    typed = {word.lower() for word in words}
    code_like = {word.lower() for word in words if is_code(word)}
    code_words = query_code_terms(text)
    for term in code_words:
        clauses.append(Clause("code", term, FIELD_BOOSTS["code"]))
        if term not in typed:  # adjacent words run together: "crp reported" -> crpreported
            clauses.append(Clause("part", term, FIELD_BOOSTS["part"] * JOINED_BOOST))
        elif len(words) == 1 or term in code_like:  # a piece of a code, not a word of a sentence
            clauses.append(Clause("part", term, FIELD_BOOSTS["part"]))
    corrections = _corrections(text, known, codes, parts)
    for _, field, term, distance in corrections:
        clauses.append(Clause(field, term, FIELD_BOOSTS[field] * TYPO_BOOST[distance]))
    anchor = text.strip().strip("#").lower()
    if anchor and " " not in anchor:
        clauses.append(Clause("anchor", anchor, FIELD_BOOSTS["anchor"]))
    for term in dict.fromkeys(dotted_terms(text)):
        clauses.append(Clause("names", term, FIELD_BOOSTS["names"]))
    marks = {term for term in code_words if known("part", term)} | {term for _, _, term, _ in corrections}
    for language in LANGUAGES:
        terms = list(dict.fromkeys(word_analyzer(language).terms(text)))
        marks.update(f"{language}:{term}" for term in terms if known(language, term))
        clauses += [Clause(language, term, FIELD_BOOSTS[language]) for term in terms]
    return Plan(tuple(_merge(clauses)), tuple((typed, term) for typed, _, term, _ in corrections), frozenset(marks))


def _merge(clauses: list[Clause]) -> list[Clause]:
    """One clause per (field, term), keeping the highest boost."""
    best: dict[tuple[str, str], Clause] = {}
    for clause in clauses:
        key = (clause.field, clause.term)
        if key not in best or best[key].boost < clause.boost:
            best[key] = clause
    return list(best.values())


def _corrections(text: str, known: Known, codes: Corrector, parts: Corrector) -> list[tuple[str, str, str, int]]:
    """(typed, field, known term, distance) for each code-like word that the index does not know."""
    found: list[tuple[str, str, str, int]] = []
    for word in ALNUM_RE.findall(text):
        lowered = word.lower()
        if len(lowered) < 5 or lowered.isdigit() or known("part", lowered) or not _looks_like_code(word, known):
            continue
        nearest = codes.nearest(lowered)
        field = "code"
        if not nearest:
            nearest, field = parts.nearest(lowered), "part"
        found += [(word, field, term, distance) for term, distance in nearest]
    return found


def _looks_like_code(word: str, known: Known) -> bool:
    """A camelCase word, or a long word no text field knows (a lower-cased code)."""
    if is_code(word):
        return True
    return len(word) >= 8 and not any(known(language, term) for language in LANGUAGES for term in word_analyzer(language).terms(word))

"""Misspelled codes: the known terms within a small edit distance, a transposition counting as one.

The distance is the optimal string alignment distance (restricted
Damerau-Levenshtein) computed by rapidfuzz, against terms grouped by length so
a lookup only compares terms that could be close enough.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA


def max_distance(term: str) -> int:
    """Edits allowed for a term: 2 from eight characters, 1 from five, none below."""
    return 2 if len(term) >= 8 else 1 if len(term) >= 5 else 0


class Corrector:
    """Known terms (lower-case), searchable by edit distance."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for term in sorted(set(terms)):
            self._by_length[len(term)].append(term)

    def __len__(self) -> int:
        return sum(len(terms) for terms in self._by_length.values())

    def nearest(self, term: str, limit: int = 3) -> list[tuple[str, int]]:
        """The closest known terms within :func:`max_distance`, closest first, then alphabetical."""
        allowed = max_distance(term)
        if not allowed:
            return []
        found: list[tuple[str, int]] = []
        for length in range(len(term) - allowed, len(term) + allowed + 1):
            candidates = self._by_length.get(length)
            if candidates:
                matches = process.extract(term, candidates, scorer=OSA.distance, score_cutoff=allowed, limit=None)
                found += [(match, int(distance)) for match, distance, _ in matches]
        return sorted(found, key=lambda item: (item[1], item[0]))[:limit]

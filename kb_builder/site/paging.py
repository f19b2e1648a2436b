"""The code index in pages of bounded size, with dictionary-style guide words for each page.

The home page lists the codes; past a page's worth it lists the first page and
links to the others, so no page grows with the size of the knowledge base.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class PageRange:
    """One page of the index: its number (from 1) and the guide words of its first and last key."""

    number: int
    first: str
    last: str


def split_pages(items: Sequence[T], per_page: int) -> list[Sequence[T]]:
    """``items`` in consecutive pages of at most ``per_page``; one (maybe empty) page at least."""
    if per_page < 1:
        raise ValueError(f"per_page must be at least 1, not {per_page}")
    return [items[start : start + per_page] for start in range(0, len(items), per_page)] or [items[:0]]


def page_ranges(bounds: Sequence[tuple[str, str]]) -> list[PageRange]:
    """Each page's (first key, last key), shortened as guide words: just long enough to tell it from the page next to it and from the page's other end."""
    ranges = []
    for index, (first, last) in enumerate(bounds):
        before = bounds[index - 1][1] if index else ""
        after = bounds[index + 1][0] if index + 1 < len(bounds) else ""
        ranges.append(PageRange(index + 1, _distinct_prefix(first, before, last), _distinct_prefix(last, after, first)))
    return ranges


def _distinct_prefix(key: str, *others: str) -> str:
    """The shortest prefix of ``key`` that is a prefix of none of ``others`` (case-insensitive); ``key`` at most.
    In a title, a cut inside a word that another word follows goes on to that word's end (titles read as words)."""
    common = max(len(os.path.commonprefix([key.casefold(), other.casefold()])) for other in others)
    end = key.find(" ", common + 1)
    return key[:end] if end >= 0 else key[: common + 1]

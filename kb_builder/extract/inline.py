"""Inline markdown reduced to its words, and the inline patterns extraction reads."""

from __future__ import annotations

import re
from functools import lru_cache

BR_RE = re.compile(r"<br\s*/?>", re.I)
LINK_RE = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
MARKUP_RE = re.compile(r"<[^>]+>|\*\*|__|(?<!\w)[*_](?!\s)|`")
_SPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def plain_inline(markdown: str) -> str:
    """Inline markdown reduced to its words: links to their text, emphasis and tags dropped.

    Memoised: every heading's text is reduced several times (kind, title, subsection title).
    """
    text = LINK_RE.sub(lambda m: m.group("text"), markdown)
    text = MARKUP_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


def fragment(target: str) -> str:
    """The part of a link target after ``#`` (the whole target when it has none)."""
    return target.split("#", 1)[1] if "#" in target else target

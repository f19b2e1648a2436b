"""Heading slugs as markdown renderers (GitHub, DocFX) give them."""

from __future__ import annotations

import re
import unicodedata

_MARKUP_RE = re.compile(r"<[^>]*>|!?\[([^\]]*)\]\([^)]*\)|[*_`~]")
_DROP_RE = re.compile(r"[^\w\- ]", re.U)


def slugify(text: str) -> str:
    """GitHub-style slug: markup and punctuation dropped, lower case, each space a hyphen."""
    plain = _MARKUP_RE.sub(lambda m: m.group(1) or "", text)
    plain = unicodedata.normalize("NFC", plain).strip().lower()
    return _DROP_RE.sub("", plain).replace(" ", "-")

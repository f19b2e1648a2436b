"""The JSON answer to a search, shared by ``kb search --format json`` and ``GET /api/search``."""

from __future__ import annotations

from dataclasses import asdict

from .engine import Hit

LANGUAGES = ("it", "en")
"""Values of the ``lang`` filter."""
MAX_LIMIT = 100
"""Most hits one answer may ask for."""


def hit_json(hit: Hit) -> dict:
    """A hit as JSON: kind, id, codes, anchors, locale, title, url, score, snippet."""
    found = asdict(hit)
    found["codes"], found["anchors"] = list(hit.codes), list(hit.anchors)
    return found


def answer(query: str, lang: str | None, limit: int, hits: list[Hit]) -> dict:
    """``{"query", "lang", "limit", "hits": [...]}``."""
    return {"query": query, "lang": lang, "limit": limit, "hits": [hit_json(hit) for hit in hits]}

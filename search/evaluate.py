"""Relevance of a searcher on a query set: recall@1, recall@3 and MRR, overall and per kind.

A query set is JSON: ``{"queries": [{"q": ..., "kind": ..., "expect": ["code:X", "anchor:Y"]}]}``.
``code:X`` is met by a hit whose codes contain X, ``anchor:Y`` by a hit whose
anchors contain Y; the first target is the primary one (recall@1 asks for it),
any target counts for recall@3 and MRR.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .engine import Hit

DEPTH = 10
"""Hits looked at per query (MRR counts 0 beyond)."""


class Searchable(Protocol):
    def search(self, query: str, lang: str | None = None, limit: int = 10) -> list[Hit]: ...


@dataclass(frozen=True)
class Outcome:
    """How one query fared."""

    query: str
    kind: str
    expect: tuple[str, ...]
    rank: int | None
    """1-based rank of the first acceptable hit, None when not in the top DEPTH."""
    primary_first: bool
    top: tuple[str, ...]
    """Ids of the first three hits."""


@dataclass(frozen=True)
class Scores:
    """Recall@1, recall@3 and MRR of a group of queries."""

    count: int
    recall_at_1: float
    recall_at_3: float
    mrr: float


def matches(hit: Hit, target: str) -> bool:
    """Whether a hit meets a ``code:X`` or ``anchor:Y`` target."""
    kind, _, value = target.partition(":")
    if kind == "code":
        return value in hit.codes
    if kind == "anchor":
        return value in hit.anchors
    raise ValueError(f"unknown target {target!r} (expected code:X or anchor:Y)")


def load_queries(path: Path) -> list[dict]:
    """The queries of a query-set file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    queries = data["queries"] if isinstance(data, dict) else data
    for number, query in enumerate(queries, 1):
        if not isinstance(query, dict) or not isinstance(query.get("q"), str) or not query.get("expect"):
            raise ValueError(f"{path}: query {number} needs 'q' and 'expect'")
    return queries


def run(searcher: Searchable, queries: list[dict]) -> list[Outcome]:
    """Search every query and rank its targets."""
    outcomes = []
    for query in queries:
        expect = tuple(query["expect"])
        hits = searcher.search(query["q"], lang=query.get("lang"), limit=DEPTH)
        rank = next((n for n, hit in enumerate(hits, 1) if any(matches(hit, t) for t in expect)), None)
        primary = bool(hits) and matches(hits[0], expect[0])
        outcomes.append(Outcome(query["q"], query.get("kind", ""), expect, rank, primary, tuple(h.id for h in hits[:3])))
    return outcomes


def score(outcomes: list[Outcome]) -> Scores:
    """Scores of a group of outcomes."""
    count = len(outcomes)
    if not count:
        return Scores(0, 0.0, 0.0, 0.0)
    return Scores(
        count,
        sum(o.primary_first for o in outcomes) / count,
        sum(o.rank is not None and o.rank <= 3 for o in outcomes) / count,
        sum(1 / o.rank for o in outcomes if o.rank) / count,
    )


def by_kind(outcomes: list[Outcome]) -> dict[str, Scores]:
    """Scores overall (key ``all``) and per query kind, kinds sorted."""
    kinds = sorted({o.kind for o in outcomes})
    return {"all": score(outcomes)} | {kind: score([o for o in outcomes if o.kind == kind]) for kind in kinds}


def table(scores: dict[str, Scores]) -> str:
    """A markdown table of scores."""
    rows = ["| kind | queries | recall@1 | recall@3 | MRR |", "|---|---:|---:|---:|---:|"]
    rows += [f"| {kind} | {s.count} | {s.recall_at_1:.3f} | {s.recall_at_3:.3f} | {s.mrr:.3f} |" for kind, s in scores.items()]
    return "\n".join(rows)

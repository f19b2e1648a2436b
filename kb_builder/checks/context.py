"""What every check family reads: the knowledge base, the options, and an index of anchors and files."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from rapidfuzz import fuzz, process

from ..config import CheckConfig
from ..docfx.anchors import ANCHOR_RE
from ..model import Document, Heading, KnowledgeBase
from ..parse import parse_markdown


T = TypeVar("T")


@dataclass(frozen=True)
class Anchors:
    """The anchors one article defines."""

    ids: frozenset[str]
    """Every id a link may target: ``<a name>`` ids (on headings or loose in the text) and heading slugs (de-duplicated as renderers do)."""
    explicit: dict[str, tuple[Heading, ...]]
    """Explicit id -> the headings that carry it, in order."""


@dataclass
class CheckContext:
    """The shared, read-only view of one run; indexes are built on first use."""

    kb: KnowledgeBase
    config: CheckConfig
    only: frozenset[str] | None = None
    """Paths of the articles whose own findings this run computes (a re-check), None for every article."""
    _exists: dict[str, bool] = field(default_factory=dict)
    _anchors: dict[str, Anchors] = field(default_factory=dict)
    _include_headings: dict[str, tuple[list[Heading], list[tuple[str, int]]]] = field(default_factory=dict)
    _listings: dict[str, dict[str, str] | None] = field(default_factory=dict)
    link_targets: dict[tuple[str, str], Any] = field(default_factory=dict)
    """(file, link target) -> :class:`kb_builder.checks.links.Target`, memoised: several families resolve each link."""
    facts: dict[tuple[str, str], Any] = field(default_factory=dict)
    """(family module, article path) -> what that family's checks of other articles read of the article."""
    _shared: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def subjects(self) -> tuple[Document, ...]:
        """The articles whose own findings this run computes, in content order. Indexes always cover every article."""
        if self.only is None:
            return self.kb.documents
        return tuple(document for document in self.kb.documents if document.path in self.only)

    def is_subject(self, path: str) -> bool:
        return self.only is None or path in self.only

    def shared(self, name: str, compute: Callable[[], T]) -> T:
        """A cross-article index, computed once per run."""
        if name not in self._shared:
            self._shared[name] = compute()
        return self._shared[name]  # type: ignore[no-any-return]

    def article_facts(self, document: Document, compute: Callable[[CheckContext, Document], T]) -> T:
        """A family's facts about one article (``compute`` is the family's ``article_facts``), computed once,
        or known from the last run when a re-check found the article unchanged."""
        key = (compute.__module__, document.path)
        if key not in self.facts:
            self.facts[key] = compute(self, document)
        return self.facts[key]  # type: ignore[no-any-return]

    @property
    def probes(self) -> dict[str, bool]:
        """Every path whose existence this run looked up, with the answer."""
        return dict(self._exists)

    @cached_property
    def root(self) -> Path:
        return Path(self.kb.root)

    @cached_property
    def by_path(self) -> dict[str, Document]:
        """Documents by path relative to the content root."""
        return {document.path: document for document in self.kb.documents}

    @cached_property
    def by_locale_path(self) -> dict[tuple[str, str], Document]:
        """Documents by (locale, path relative to the locale root)."""
        return {(document.locale, document.rel_path): document for document in self.kb.documents}

    def anchors(self, document: Document) -> Anchors:
        """The anchors of an article, its resolved includes' headings included."""
        found = self._anchors.get(document.path)
        if found is None:
            headings, loose = self._included_anchors(document)
            found = self._anchors[document.path] = _anchors(document, headings, loose)
        return found

    def _included_anchors(self, document: Document) -> tuple[list[Heading], list[tuple[str, int]]]:
        """Headings and loose anchors of the resolved includes, each include file parsed once per run."""
        headings: list[Heading] = []
        loose: list[tuple[str, int]] = []
        for include in document.includes:
            if include.status == "resolved" and include.resolved and ("#" in include.markdown or "<a" in include.markdown):
                if include.resolved not in self._include_headings:
                    parsed = parse_markdown(include.markdown, include.resolved)
                    self._include_headings[include.resolved] = (parsed.headings, parsed.loose_anchors)
                found_headings, found_loose = self._include_headings[include.resolved]
                headings += found_headings
                loose += found_loose
        return headings, loose

    def case_variant(self, path: str) -> str | None:
        """The file of the content whose path differs from ``path`` only in letter case, if any."""
        folder, _, name = path.rpartition("/")
        names = self._folder_names(folder)
        if names is None:
            parent = self.case_variant(folder) if folder else None
            names = self._folder_names(parent) if parent is not None else None
            folder = parent if parent is not None else folder
        if not names:
            return None
        found = names.get(name.casefold())
        return f"{folder}/{found}" if folder and found else found

    def _folder_names(self, folder: str) -> dict[str, str] | None:
        """Case-folded name -> name of the entries of a content folder, None when there is no such folder."""
        if folder not in self._listings:
            try:
                self._listings[folder] = {entry.casefold(): entry for entry in os.listdir(self.root / folder)} if (self.root / folder).is_dir() else None
            except OSError:
                self._listings[folder] = None
        return self._listings[folder]

    def exists(self, path: str) -> bool:
        """True when ``path`` (relative to the content root) is a file or folder in the content."""
        found = self._exists.get(path)
        if found is None:
            found = self._exists[path] = (self.root / path).exists()
        return found

    def resolve(self, origin: str, relative: str) -> str | None:
        """A relative path written in file ``origin``, as a path relative to the content root; None when it leaves the root."""
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(origin), relative))
        return None if joined == ".." or joined.startswith("../") or joined.startswith("/") else joined


def _anchors(document: Document, included: list[Heading], included_loose: list[tuple[str, int]]) -> Anchors:
    ids: set[str] = set()
    explicit: dict[str, list[Heading]] = {}
    slug_counts: dict[str, int] = {}
    for heading in list(document.headings) + included:
        for anchor in heading.anchors:
            owners = explicit.setdefault(anchor, [])
            if heading not in owners:
                owners.append(heading)
            ids.add(anchor)
        count = slug_counts.get(heading.slug, 0)
        slug_counts[heading.slug] = count + 1
        ids.add(heading.slug if count == 0 else f"{heading.slug}-{count}")
    ids.update(anchor for anchor, _line in list(document.loose_anchors) + list(included_loose))
    ids.discard("")
    return Anchors(frozenset(ids), {anchor: tuple(owners) for anchor, owners in explicit.items()})


def closest(fragment: str, anchors: frozenset[str], limit: int = 3) -> list[str]:
    """The anchors nearest to a fragment, best first (ties in name order)."""
    scored = process.extract(fragment, sorted(anchors), scorer=fuzz.ratio, limit=limit * 2, score_cutoff=60)
    ranked = sorted(scored, key=lambda found: (-found[1], found[0]))
    return [name for name, _score, _index in ranked[:limit]]


def did_you_mean(names: list[str], prefix: str = "#") -> str:
    """``did you mean '#a'?`` / ``did you mean '#a', '#b' or '#c'?``"""
    quoted = [f"'{prefix}{name}'" for name in names]
    if len(quoted) == 1:
        return f"did you mean {quoted[0]}?"
    return f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"


def heading_col(document: Document, heading: Heading, anchor: str | None = None) -> int:
    """1-based column of an anchor tag in a heading line, or of the heading text."""
    line = document.lines[heading.line - 1] if heading.line <= len(document.lines) else ""
    if anchor is not None:
        position = line.find(f'"{anchor}"')
        if position >= 0:
            tag = line.rfind("<a", 0, position)
            return (tag if tag >= 0 else position) + 1
    tags = list(ANCHOR_RE.finditer(line))
    if tags:
        return tags[-1].end() + 1
    stripped = line.lstrip().lstrip("#").lstrip()
    return len(line) - len(stripped) + 1 if stripped else 1

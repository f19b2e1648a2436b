"""The check phase: every rule family over the whole knowledge base, after every article is known.

:func:`run_checks` is the one entry point, for ``kb check`` and for the site build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from ..cache import DocumentCache
from ..collector import paused_collection
from ..config import CheckConfig
from ..diagnostics import sort_key
from ..exclude import Exclusion
from ..model import Diagnostic, KnowledgeBase
from ..pipeline import load
from . import anchors, causes, errors, includes, incremental, language, links, locales, pages, suppress
from .context import CheckContext

Family = Callable[[CheckContext], Iterable[Diagnostic]]
FAMILIES: tuple[Family, ...] = (includes.check, links.check, anchors.check, errors.check, causes.check, locales.check, language.check, pages.check)
"""One ``check(context)`` per module, each yielding the diagnostics of its rules."""
ARTICLE_FACTS: tuple[incremental.ArticleFacts, ...] = (links.article_facts, errors.article_facts, causes.article_facts, locales.article_facts)
"""What each family's checks of one article read of another (the other families read only the frame: paths
and locales). A re-check reuses the findings of unchanged articles only while every article's facts are unchanged."""


def check_content(content: Path, config: CheckConfig | None = None, cache: DocumentCache | None = None, exclusion: Exclusion | None = None) -> tuple[KnowledgeBase, list[Diagnostic]]:
    """Load a content tree (but the excluded files) and check it, the cyclic garbage collector paused (see :mod:`kb_builder.collector`)."""
    with paused_collection():
        kb = load(content, cache=cache, exclusion=exclusion)
        return kb, run_checks(kb, config, cache)


def run_checks(kb: KnowledgeBase, config: CheckConfig | None = None, cache: DocumentCache | None = None) -> list[Diagnostic]:
    """Every diagnostic about ``kb``: read/parse findings and all rules, configured, suppressed and sorted.

    With ``cache`` (the one ``kb`` was loaded through), the findings of articles that did not change are
    reused from the last run when nothing they depend on changed (see :mod:`.incremental`).
    """
    config = config or CheckConfig()
    context = CheckContext(kb, config)
    found: list[Diagnostic] = list(kb.diagnostics)
    found += _families(context) if cache is None else incremental.recheck(context, cache, ARTICLE_FACTS, _families)
    found = suppress.apply(found, context.by_path)
    kept: dict[Diagnostic, None] = {}
    for diagnostic in found:
        if config.ignores_path(diagnostic.pos.path):
            continue
        if diagnostic.rule in config.severity:
            severity = config.severity[diagnostic.rule]
            if severity is None:
                continue
            diagnostic = replace(diagnostic, severity=severity)
        kept.setdefault(diagnostic)
    return sorted(kept, key=sort_key)


def _families(context: CheckContext) -> list[Diagnostic]:
    """The findings of every family about the run's subject articles."""
    return [diagnostic for family in FAMILIES for diagnostic in family(context)]

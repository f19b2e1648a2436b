"""The check phase: every rule family over the whole knowledge base, after every article is known.

:func:`run_checks` is the one entry point, for ``kb check`` and for the site build.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from ..cache import DocumentCache
from ..config import CheckConfig
from ..diagnostics import sort_key
from ..model import Diagnostic, KnowledgeBase
from ..pipeline import load
from . import anchors, causes, errors, includes, language, links, locales, pages, suppress
from .context import CheckContext

Family = Callable[[CheckContext], Iterable[Diagnostic]]
FAMILIES: tuple[Family, ...] = (includes.check, links.check, anchors.check, errors.check, causes.check, locales.check, language.check, pages.check)
"""One ``check(context)`` per module, each yielding the diagnostics of its rules."""


def check_content(content: Path, config: CheckConfig | None = None, cache: DocumentCache | None = None) -> tuple[KnowledgeBase, list[Diagnostic]]:
    """Load a content tree and check it.

    The cyclic garbage collector is paused meanwhile: loading allocates millions of objects and
    creates no reference cycles, so its passes only cost time (about half of a cached re-check).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        kb = load(content, cache=cache)
        return kb, run_checks(kb, config)
    finally:
        if collecting:
            gc.enable()


def run_checks(kb: KnowledgeBase, config: CheckConfig | None = None) -> list[Diagnostic]:
    """Every diagnostic about ``kb``: read/parse findings and all rules, configured, suppressed and sorted."""
    config = config or CheckConfig()
    context = CheckContext(kb, config)
    found: list[Diagnostic] = list(kb.diagnostics)
    for family in FAMILIES:
        found.extend(family(context))
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

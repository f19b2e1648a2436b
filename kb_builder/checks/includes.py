"""Includes: missing-include, include-outside-root, include-cycle (from the pipeline's resolution)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ..diagnostics import rule
from ..model import Diagnostic, Document, Include
from .context import CheckContext

MISSING_INCLUDE = rule("missing-include")
INCLUDE_OUTSIDE_ROOT = rule("include-outside-root")
INCLUDE_CYCLE = rule("include-cycle")


def check(context: CheckContext) -> Iterator[Diagnostic]:
    for document in context.kb.documents:
        for include in document.includes:
            if not context.config.ignores_url(include.target):
                found = _diagnostic(document, include)
                if found is not None:
                    yield found


def _diagnostic(document: Document, include: Include) -> Diagnostic | None:
    end_col = include.pos.col + len(document.lines[include.pos.line - 1].strip()) if include.pos.line <= len(document.lines) else None
    if include.status == "missing":
        looked = posixpath.normpath(posixpath.join(posixpath.dirname(document.path), include.target.split("#", 1)[0]))
        return MISSING_INCLUDE.at(
            include.pos,
            f"included file not found: {include.target}",
            f"no file {looked}; fix the path or add the include file (the article is built without it)",
            end_col=end_col,
        )
    if include.status == "outside-root":
        return INCLUDE_OUTSIDE_ROOT.at(
            include.pos,
            f"include points outside the content root: {include.target}",
            "include only files under the content root (e.g. '../../includes/<name>.md'); this one is never read",
            end_col=end_col,
        )
    if include.status == "cycle":
        return INCLUDE_CYCLE.at(
            include.pos,
            f"include cycle: {include.resolved or include.target} includes itself, directly or through other includes",
            "remove the [!INCLUDE] that leads back to a file already being included",
            end_col=end_col,
        )
    return None

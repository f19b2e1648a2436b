"""Includes: missing-include, include-outside-root, include-cycle (from the pipeline's resolution)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from ..diagnostics import Rule, rule
from ..model import Diagnostic, Document, Include
from .context import CheckContext

BY_STATUS: dict[str, tuple[Rule, str, str]] = {
    "missing": (
        rule("missing-include"),
        "included file not found: {target}",
        "no file {looked}; fix the path or add the include file (the article is built without it)",
    ),
    "outside-root": (
        rule("include-outside-root"),
        "include points outside the content root: {target}",
        "include only files under the content root (e.g. '../../includes/<name>.md'); this one is never read",
    ),
    "cycle": (
        rule("include-cycle"),
        "include cycle: {resolved} includes itself, directly or through other includes",
        "remove the [!INCLUDE] that leads back to a file already being included",
    ),
}
"""Include status -> rule, message and hint templates."""


def check(context: CheckContext) -> Iterator[Diagnostic]:
    for document in context.subjects:
        for include in document.includes:
            if include.status in BY_STATUS and not context.config.ignores_url(include.target):
                yield _diagnostic(document, include)


def _diagnostic(document: Document, include: Include) -> Diagnostic:
    found, message, hint = BY_STATUS[include.status]
    looked = posixpath.normpath(posixpath.join(posixpath.dirname(document.path), include.target.split("#", 1)[0]))
    fields = {"target": include.target, "looked": looked, "resolved": include.resolved or include.target}
    line = document.lines[include.pos.line - 1] if 0 < include.pos.line <= len(document.lines) else ""
    end_col = include.pos.col + len(line.strip()) if line else None
    return found.at(include.pos, message.format(**fields), hint.format(**fields), end_col=end_col)

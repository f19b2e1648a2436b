"""Pages: url-clash (two articles of a locale that would be published at the same URL)."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import article_paths
from ..diagnostics import rule
from ..model import Diagnostic, SourcePos
from .context import CheckContext


def check(context: CheckContext) -> Iterator[Diagnostic]:
    urls, clashes = article_paths(context.kb.documents)
    for path, other in sorted(clashes.items()):
        if not context.is_subject(path):
            continue
        yield rule("url-clash").at(
            SourcePos(path, 1),
            f"this article and {other} would have the same page URL; it is published at {urls[path]} instead",
            "rename one of the files (URLs ignore case, and foo/index.md is published as foo/)",
        )

"""ambiguous-anchor at its definitions: one ``<a name>`` id carried by several headings of an article.

A reader feels it only by following a link to it, so it is a warning when some link of the content targets
the anchor, and info otherwise (a later link to it makes it a warning, at the link and at each definition)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import rule
from ..model import Diagnostic, Document, Heading, Severity, SourcePos
from .context import CheckContext, heading_col
from .locales import linked_anchors

AMBIGUOUS_ANCHOR = rule("ambiguous-anchor")


def check(context: CheckContext) -> Iterator[Diagnostic]:
    linked = linked_anchors(context)
    for document in context.subjects:
        targeted = linked.get(document.path, set())
        own_lines = {heading.line for heading in document.headings}
        for anchor, owners in context.anchors(document).explicit.items():
            if len(owners) < 2 or context.config.ignores_anchor(anchor):
                continue
            lines = ", ".join(str(heading.line) for heading in owners)
            for index, heading in enumerate(owners):
                if heading.line not in own_lines:
                    continue
                col = heading_col(document, heading, anchor)
                lands = "this one" if index == 0 else f"line {owners[0].line}"
                unlinked = anchor not in targeted
                yield AMBIGUOUS_ANCHOR.at(
                    SourcePos(document.path, heading.line, col),
                    f"anchor '{anchor}' is defined on {len(owners)} headings (lines {lines}); links to it land on {lands}" + ("; no link of the content targets it" if unlinked else ""),
                    f"give this heading its own anchor, e.g. '{_unique_anchor(document, heading, anchor)}'",
                    end_col=col + len(f'<a name="{anchor}"></a>'),
                    severity=Severity.INFO if unlinked else None,
                )


def _unique_anchor(document: Document, heading: Heading, anchor: str) -> str:
    """The parent section's anchor joined to this one: ``<parent>-solution``."""
    parent = _parent(document, heading)
    if parent is None:
        return f"{anchor}-{heading.line}"
    parent_id = parent.anchors[0] if parent.anchors else parent.slug
    return f"{parent_id}-{anchor}"


def _parent(document: Document, heading: Heading) -> Heading | None:
    parent = None
    for candidate in document.headings:
        if candidate.line >= heading.line:
            break
        if candidate.level < heading.level:
            parent = candidate
    return parent

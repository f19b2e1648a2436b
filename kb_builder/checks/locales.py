"""cross-locale: an error code or a linked anchor that one locale of an article has and another lacks.

Each locale of an article is compared with the source locale (``source-locale``,
else the first in name order). A finding is reported in the document that
lacks the code or anchor, at its title, naming where the other locale has it.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from ..diagnostics import rule
from ..model import Diagnostic, Document, SourcePos
from .context import CheckContext
from .links import linked_document

CROSS_LOCALE = rule("cross-locale")


def check(context: CheckContext) -> Iterator[Diagnostic]:
    for versions in _translated(context):
        linked = linked_anchors(context)
        source = next((d for d in versions if d.locale == context.config.source_locale), min(versions, key=lambda d: d.locale))
        for other in versions:
            if other is not source:
                if context.is_subject(other.path):
                    yield from _compare(context, source, other, linked)
                if context.is_subject(source.path):
                    yield from _compare(context, other, source, linked)


def _translated(context: CheckContext) -> list[list[Document]]:
    """The articles the content holds in several locales: each one's versions."""
    by_article: dict[str, list[Document]] = {}
    for document in context.kb.documents:
        by_article.setdefault(document.rel_path, []).append(document)
    return [versions for versions in by_article.values() if len(versions) > 1]


def _compare(context: CheckContext, having: Document, lacking: Document, linked: dict[str, set[str]]) -> Iterator[Diagnostic]:
    """What ``having`` has and ``lacking`` lacks, reported in ``lacking``."""
    title = _title_pos(lacking)
    lacking_codes = {code.casefold() for error in lacking.errors for code in error.codes}
    for error in having.errors:
        for code in error.codes:
            if code.casefold() not in lacking_codes:
                yield CROSS_LOCALE.at(
                    title,
                    f"error code '{code}' of the {having.locale} article ({having.path}:{error.heading.line}) is missing from this locale",
                    f"add the section for '{code}', or remove it from the {having.locale} article if it is obsolete",
                )
    having_anchors = context.anchors(having).ids
    lacking_anchors = context.anchors(lacking).ids
    for anchor in sorted(linked.get(having.path, set()) | linked.get(lacking.path, set())):
        if anchor in having_anchors and anchor not in lacking_anchors and not context.config.ignores_anchor(anchor):
            yield CROSS_LOCALE.at(
                title,
                f"linked anchor '#{anchor}' of the {having.locale} article is missing from this locale",
                f"add <a name=\"{anchor}\"></a> to the matching heading so links to it work in {lacking.locale} too",
            )


def article_facts(context: CheckContext, document: Document) -> tuple[tuple[str, str], ...]:
    """(article path, fragment) of each link of the article into an article of the content: what cross-locale reads of it."""
    found: set[tuple[str, str]] = set()
    for link in document.links:
        if link.fragment:
            target = linked_document(context, document, link)
            if target is not None:
                found.add((target.path, unquote(link.fragment)))
    return tuple(sorted(found))


def linked_anchors(context: CheckContext) -> dict[str, set[str]]:
    """Document path -> the fragments links of the content point at in it."""

    def compute() -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for document in context.kb.documents:
            for path, fragment in context.article_facts(document, article_facts):
                found.setdefault(path, set()).add(fragment)
        return found

    return context.shared("linked-anchors", compute)


def _title_pos(document: Document) -> SourcePos:
    h1 = next((heading for heading in document.headings if heading.level == 1), None)
    return SourcePos(document.path, h1.line if h1 else max(min(document.body_start, len(document.lines)), 1))

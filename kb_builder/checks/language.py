"""untranslated-text: English left in a translated article, or glued to its translation.

The findings come from :mod:`kb_builder.bilingual` through ``Document.english``
(body lines) and ``Document.title`` (the front matter's title).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import rule
from ..labels import language_of
from ..model import Bilingual, Diagnostic, Document, SourcePos
from .context import CheckContext

UNTRANSLATED_TEXT = rule("untranslated-text")
EXCERPT = 60


def check(context: CheckContext) -> Iterator[Diagnostic]:
    for document in context.subjects:
        if language_of(document.locale) == "en":
            continue
        title_line = _front_matter_line(document, "title:") if document.metadata.get("title") else 0
        if title_line and document.title.status != "local":
            yield _diagnostic(document, title_line, document.title, document.lines[title_line - 1].find(document.title.original))
        for line, found in document.english:
            text = document.lines[line - 1] if 0 < line <= len(document.lines) else ""
            yield _diagnostic(document, line, found, text.find(found.original))


def _diagnostic(document: Document, line: int, found: Bilingual, offset: int) -> Diagnostic:
    english = found.english or ""
    if found.status == "split" and found.boundary is not None:
        start = found.boundary if found.order == "local-first" else max(found.original.find(english), 0)
        col = max(offset, 0) + start + 1
        message = f"English glued to the translation: '{_excerpt(english)}'"
        if found.order == "local-first":
            hint = f"delete the English; the translation ends at '…{_tail(found.original[: found.boundary])}'"
        else:
            hint = f"delete the English; the translation starts at '{_excerpt(found.original[found.boundary :])}'"
    else:
        start = found.original.find(english) if english else -1
        col = max(offset, 0) + max(start, 0) + 1
        message = f"English left untranslated: '{_excerpt(english or found.original)}'"
        hint = "translate it, or mark it as code if it is a literal (a message, a UI string)"
    return UNTRANSLATED_TEXT.at(SourcePos(document.path, line, col if offset >= 0 else 1), message, hint)


def _front_matter_line(document: Document, key: str) -> int:
    for number, text in enumerate(document.lines[: max(document.body_start - 1, 0)], start=1):
        if text.startswith(key):
            return number
    return 0


def _tail(text: str) -> str:
    text = " ".join(text.split())
    return text[-(EXCERPT // 2) :]


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"

"""Error codes: error-code-mismatch, missing-code, missing-message, duplicate-code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ..diagnostics import rule
from ..labels import labels_for
from ..model import Diagnostic, Document, ErrorEntry, SourcePos
from .context import CheckContext, heading_col

ERROR_CODE_MISMATCH = rule("error-code-mismatch")
MISSING_CODE = rule("missing-code")
MISSING_MESSAGE = rule("missing-message")
DUPLICATE_CODE = rule("duplicate-code")
TEMPLATE_SIGNALS = frozenset({"code-label", "message-label", "cause-links", "error-table"})
"""Signals of an error section written to the template ("Codice di errore:", "Messaggio di errore:", "Causa 1:", an
error table): missing-code and missing-message apply to those. An entry found by its heading in a list of codes, by a
row, or by a code the text names has no template to complete."""


class Definition(NamedTuple):
    """Where one section defines one code."""

    path: str
    section: int
    """The line of the section's heading (it identifies the section within its article)."""
    code: str
    line: int
    col: int

    @property
    def pos(self) -> SourcePos:
        return SourcePos(self.path, self.line, self.col)


def check(context: CheckContext) -> Iterator[Diagnostic]:
    definitions = _definitions(context)
    for document in context.subjects:
        for error in document.errors:
            yield from _structure(document, error)
        codes = dict.fromkeys(code.casefold() for error in document.errors for code in defined_codes(error))
        for code in codes:
            yield from (found for found in _duplicates(definitions[(document.locale, code)]) if found.pos.path == document.path)


def article_facts(context: CheckContext, document: Document) -> tuple[tuple[int, str, int, int], ...]:
    """Where the article's sections define codes, as (section, code, line, column): what duplicate-code reads of it."""
    found = []
    for error in document.errors:
        for code in defined_codes(error):
            pos = _code_pos(document, error, code)
            found.append((error.heading.line, code, pos.line, pos.col))
    return tuple(found)


def defined_codes(error: ErrorEntry) -> tuple[str, ...]:
    """The codes a section defines: on a code label line or leading its heading. A table row, or a code the text
    only names, documents the code where it is; the same code in two tables or two articles is no mistake."""
    if error.origin != "section":
        return ()
    declared = [code for declaration in error.declarations if declaration.label != "table" for code in declaration.codes]
    return tuple(code for code in error.codes if code in declared or code in error.heading_codes)


def _definitions(context: CheckContext) -> dict[tuple[str, str], list[Definition]]:
    """(locale, case-folded code) -> its definitions, in content order."""

    def compute() -> dict[tuple[str, str], list[Definition]]:
        by_code: dict[tuple[str, str], list[Definition]] = {}
        for document in context.kb.documents:
            path = document.path
            for section, code, line, col in context.article_facts(document, article_facts):
                by_code.setdefault((document.locale, code.casefold()), []).append(Definition(path, section, code, line, col))
        return by_code

    return context.shared("code-definitions", compute)


def _structure(document: Document, error: ErrorEntry) -> Iterator[Diagnostic]:
    heading_pos = SourcePos(document.path, error.heading.line, heading_col(document, error.heading))
    declared = [code for declaration in error.declarations for code in declaration.codes]
    stray = [code for code in error.heading_codes if code not in declared]
    if declared and stray:
        declaration = next(d for d in error.declarations if d.codes)
        joined = "".join(error.heading_codes)
        if joined in declared:
            hint = f"remove the space inside the heading's code: '{joined}'"
        else:
            hint = f"make the heading (line {error.heading.line}) and the '{declaration.label}' line name the same code"
        yield ERROR_CODE_MISMATCH.at(
            declaration.pos,
            f"the heading names {_quoted(error.heading_codes)} but the '{declaration.label}' line declares {_quoted(tuple(declared))}",
            hint,
        )
    labels = labels_for(document.locale)
    signals = {item.signal for item in error.evidence}
    if error.origin != "section" or not signals & TEMPLATE_SIGNALS:
        return  # only a section written as the error template (label lines, cause links) lacks its other parts
    if not error.codes:
        yield MISSING_CODE.at(heading_pos, f"error section '{error.title.original}' declares no error code", f"add a line '{labels.code[0].capitalize()}: <code>'")
    if error.message is None and not any(cause.error for cause in error.inline_causes):
        yield MISSING_MESSAGE.at(heading_pos, f"error section '{error.title.original}' has no error message", f"add a line '{labels.message[0].capitalize()}: <message>'")


def _duplicates(defined: list[Definition]) -> Iterator[Diagnostic]:
    """Every definition of a code that more than one section defines."""
    if len({(found.path, found.section) for found in defined}) < 2:
        return
    for found in defined:
        others = [f"line {o.pos.line}" if o.path == found.path else f"{o.path}:{o.pos.line}" for o in defined if (o.path, o.section) != (found.path, found.section)]
        yield DUPLICATE_CODE.at(
            found.pos,
            f"error code '{found.code}' is also defined at {', '.join(others)}",
            "merge the sections, or give each its own code: when errors are joined by code only the first is kept",
            end_col=found.pos.col + len(found.code),
        )


def _code_pos(document: Document, error: ErrorEntry, code: str) -> SourcePos:
    """Where a section defines a code: its declaration line, else its heading."""
    for declaration in error.declarations:
        if code in declaration.codes:
            line = document.lines[declaration.pos.line - 1]
            col = line.find(code)
            return SourcePos(document.path, declaration.pos.line, col + 1) if col >= 0 else declaration.pos
    line = document.lines[error.heading.line - 1]
    col = line.find(code, heading_col(document, error.heading) - 1)
    return SourcePos(document.path, error.heading.line, col + 1 if col >= 0 else 1)


def _quoted(codes: tuple[str, ...]) -> str:
    return " / ".join(f"'{code}'" for code in codes)

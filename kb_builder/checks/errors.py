"""Error codes: error-code-mismatch, missing-code, missing-message, duplicate-code."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import rule
from ..model import Diagnostic, Document, ErrorEntry, SourcePos
from .context import CheckContext, heading_col

ERROR_CODE_MISMATCH = rule("error-code-mismatch")
MISSING_CODE = rule("missing-code")
MISSING_MESSAGE = rule("missing-message")
DUPLICATE_CODE = rule("duplicate-code")


def check(context: CheckContext) -> Iterator[Diagnostic]:
    for locale in context.kb.locales:
        first: dict[str, tuple[Document, ErrorEntry, SourcePos]] = {}
        for document in context.kb.documents_in(locale):
            for error in document.errors:
                yield from _structure(document, error)
                yield from _duplicates(document, error, first)


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
    if not error.codes:
        yield MISSING_CODE.at(heading_pos, f"error section '{error.title.original}' declares no error code")
    if error.message is None and not any(cause.error for cause in error.inline_causes):
        yield MISSING_MESSAGE.at(heading_pos, f"error section '{error.title.original}' has no error message")


def _duplicates(document: Document, error: ErrorEntry, first: dict[str, tuple[Document, ErrorEntry, SourcePos]]) -> Iterator[Diagnostic]:
    for code in error.codes:
        pos = _code_pos(document, error, code)
        key = code.casefold()
        seen = first.get(key)
        if seen is None:
            first[key] = (document, error, pos)
            continue
        other_document, other_error, other_pos = seen
        if other_error is error:
            continue
        where = f"line {other_pos.line}" if other_document is document else f"{other_document.path}:{other_pos.line}"
        yield DUPLICATE_CODE.at(
            pos,
            f"error code '{code}' is already defined at {where} ('{other_error.title.original}')",
            "merge the two sections, or give this one its own code; the second is lost when errors are joined by code",
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

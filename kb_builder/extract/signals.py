"""What a section's own text says about errors: label lines, cause references, error tables and their rows,
and codes named as errors in the text. Reading only: :mod:`.entries` decides what it amounts to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it.token import Token

from ..codes import CODE, cell_codes, heading_codes, http_statuses, numeric_ids, prefixed_codes, strip_ids, value_codes
from ..labels import Labels
from ..model import CauseRef, CodeDeclaration, SourcePos
from .inline import BR_RE, LINK_RE, fragment, plain_inline
from .outline import Outline, Span
from .tables import Row, Table, column_roles

LABEL_RE = re.compile(r"^\s*(?:\*\*|__)?\s*(?P<label>[^\W\d_][^:*_\[\]<>|]{1,40}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>.*?)\s*$")
REF_RE = re.compile(
    r"^\s*(?:#{1,6}\s+)?(?:[-*+]\s+)?(?:\*\*|__)?\s*(?P<word>[^\W\d_][^\W\d_]*(?: [^\W\d_]+)?)\s+(?P<num>\d+)\s*(?:\*\*|__)?\s*[:.\-–]\s*(?:\*\*|__)?(?P<rest>.*)$"
)
BARE_REF_RE = re.compile(r"^\s*(?:\*\*|__)\s*\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)\s*(?:\*\*|__)\s*(?:<br\s*/?>)?\s*$", re.I)
_FENCE_PREFIXES = ("```", "~~~")


@dataclass(frozen=True)
class RowReading:
    """One table row read as a possible error: its codes and the cells that say what and how to fix it."""

    row: Row
    codes: tuple[str, ...]
    message: str
    """The error (or problem) cell, as written."""
    cause: str = ""
    action: str = ""
    description: str = ""


@dataclass(frozen=True)
class TableReading:
    """A table whose header makes it about errors, and its rows."""

    table: Table
    kind: str
    """``error`` (an error or error-code column), ``id`` (a plain code or id column) or ``issue`` (a problem column)."""
    roles: dict[int, str]
    rows: tuple[RowReading, ...]
    header_cell: str
    """The header cell that gave ``kind``, as written."""

    @property
    def coded_rows(self) -> tuple[RowReading, ...]:
        return tuple(row for row in self.rows if row.codes)


@dataclass
class SectionSignals:
    """Everything a section's own lines (heading to the next heading) say about errors."""

    heading_codes: tuple[str, ...]
    heading_rest: str
    """The heading after its codes and their separator ('' when the heading is only codes)."""
    heading_numbers: tuple[str, ...]
    """Numeric ids or HTTP statuses named as errors in the heading ("Errore 34506", "HTTP 502")."""
    heading_http: bool
    declarations: list[CodeDeclaration]
    message: str | None
    message_line: int
    refs: list[CauseRef]
    tables: list[TableReading]
    mentions: list[tuple[str, int, bool]] = field(default_factory=list)
    """Codes the section's text names as errors ("l'errore **X**", "errore 6800"), with their lines, and whether
    each is set apart as a code (a number after an error word, or a word in bold, backticks or quotes)."""


def read_signals(outline: Outline, span: Span) -> SectionSignals:
    """The signals of one section: its own lines, and the headings of its children for cause references."""
    labels = outline.labels
    heading = plain_inline(span.heading.text)
    codes, rest = heading_codes(span.heading.text)
    http = http_statuses(heading)
    numbers = tuple(dict.fromkeys(numeric_ids(heading, labels.error_number) + http))
    declarations: list[CodeDeclaration] = []
    message: str | None = None
    message_line = 0
    for opening, _inner in outline.blocks_in(span.heading.line + 1, span.own_end):
        if opening.type == "paragraph_open":
            found_message, found_line = _label_lines(outline, opening, declarations)
            if found_message is not None and message is None:
                message, message_line = found_message, found_line
    tables = [reading for table in outline.tables_in(span.heading.line + 1, span.own_end) if (reading := read_table(table, labels)) is not None]
    refs = cause_refs(outline, span.heading.line + 1, span.own_end)
    for child in outline.children[span.index]:
        refs += cause_refs(outline, child.heading.line, child.heading.line)
    if message is not None:
        declarations += [
            CodeDeclaration((number,), SourcePos(outline.path, message_line, 1), "id")
            for number in numeric_ids(message, labels.error_number)
            if all(number not in d.codes for d in declarations)
        ]
        message = strip_ids(message)
    signals = SectionSignals(codes, rest, numbers, bool(http), declarations, message, message_line, refs, tables)
    in_tables = {line for table in outline.tables_in(span.heading.line + 1, span.own_end) for line in range(table.line, table.end_line + 1)}
    signals.mentions = [found for found in mentions(outline, span.heading.line + 1, span.own_end) if found[1] not in in_tables]
    return signals


def _label_lines(outline: Outline, paragraph: Token, declarations: list[CodeDeclaration]) -> tuple[str | None, int]:
    """Read ``Label: value`` segments of a paragraph; codes go to ``declarations``."""
    assert paragraph.map
    labels = outline.labels
    message: str | None = None
    message_line = 0
    for line_no in range(paragraph.map[0] + 1, paragraph.map[1] + 1):
        raw = outline.lines[line_no - 1]
        if ":" not in raw:  # every label ends with one
            continue
        for segment in BR_RE.split(raw):
            match = LABEL_RE.match(segment)
            if not match:
                continue
            label = match.group("label").strip().lower()
            value = match.group("value").strip().strip("*").strip()
            if label in labels.code:
                value, embedded_message = _code_value(value, labels)
                codes = value_codes(value)
                col = raw.find(codes[0]) + 1 if codes else raw.find(segment.strip()) + 1
                declarations.append(CodeDeclaration(codes, SourcePos(outline.path, line_no, max(col, 1)), match.group("label").strip()))
                if embedded_message and message is None:
                    message, message_line = embedded_message, line_no
            elif label in labels.message and message is None:
                message, message_line = value, line_no
    return message, message_line


def _code_value(value: str, labels: Labels) -> tuple[str, str | None]:
    """``messaggio di errore UserErrorSkuNotAvailable: text`` -> (code, text)."""
    lowered = value.lower()
    for label in labels.message:
        if lowered.startswith(label):
            rest = value[len(label) :].strip()
            code, _, message = rest.partition(":")
            return code.strip(), message.strip() or None
    return value, None


def cause_refs(outline: Outline, first: int, last: int) -> list[CauseRef]:
    """Causa/Passaggio lines (and bare bold links) that point at a section."""
    refs: list[CauseRef] = []
    words = outline.labels.cause + outline.labels.step
    in_fence = False
    for line_no in range(first, last + 1):
        raw = outline.lines[line_no - 1]
        if raw.lstrip().startswith(_FENCE_PREFIXES):
            in_fence = not in_fence
        if in_fence:
            continue
        match = REF_RE.match(raw)
        if match and match.group("word").lower() in words:
            link = LINK_RE.search(match.group("rest"))
            if link is None:
                continue
            word = match.group("word")
            refs.append(
                CauseRef(
                    label=f"{word} {match.group('num')}",
                    word=word,
                    number=int(match.group("num")),
                    anchor=fragment(link.group("target")),
                    text=outline.split(plain_inline(match.group("rest"))),
                    pos=SourcePos(outline.path, line_no, raw.find(word) + 1),
                )
            )
            continue
        bare = BARE_REF_RE.match(raw)
        if bare and "#" in bare.group("target"):
            refs.append(CauseRef("", "", None, fragment(bare.group("target")), outline.split(plain_inline(bare.group("text"))), SourcePos(outline.path, line_no, raw.find("[") + 1)))
    return refs


def read_table(table: Table, labels: Labels) -> TableReading | None:
    """A table about errors, read row by row; None for any other table."""
    roles = column_roles(table.header, labels)
    kinds = [role for role in ("code", "error", "id", "issue") if role in roles.values()]
    if not kinds:
        return None
    kind = "error" if kinds[0] in ("code", "error") else kinds[0]
    key = next(column for column, role in roles.items() if role == kinds[0])
    rows = tuple(_read_row(row, roles, labels) for row in table.rows)
    return TableReading(table, kind, roles, rows, table.header[key])


def _read_row(row: Row, roles: dict[int, str], labels: Labels) -> RowReading:
    by_role: dict[str, str] = {}
    for column, role in roles.items():
        if column < len(row.cells):
            by_role.setdefault(role, row.cells[column])
    codes: list[str] = []
    for column, cell in enumerate(row.cells):
        role = roles.get(column, "")
        if role in ("code", "id"):
            codes += cell_codes(plain_inline(BR_RE.sub(", ", cell)).replace(" x ", "x"))
        elif role in ("action", "cause"):
            continue
        else:
            text = plain_inline(BR_RE.sub(" ", cell))
            codes += numeric_ids(text, labels.error_number)
            if role in ("error", "issue"):
                codes += heading_codes(text)[0] + prefixed_codes(text)
    message = by_role.get("error") or by_role.get("issue") or by_role.get("description", "")
    return RowReading(
        row,
        tuple(dict.fromkeys(codes)),
        strip_ids(BR_RE.sub(" ", message)).strip(),
        by_role.get("cause", ""),
        by_role.get("action", ""),
        by_role.get("description", "") if "error" in by_role or "issue" in by_role else "",
    )


@lru_cache(maxsize=16)
def _mention_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """An error word and a code-shaped word right after it, or a code followed by an error word."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    quote = r"[\s:\"'“”‘’*`_(]*"
    return re.compile(rf"(?<![\w])(?i:{alternatives}){quote}(?P<after>{CODE})(?![\w]|\.\w)|(?<![\w])(?P<before>{CODE})[*`_\"'”’)]*\s+(?i:{alternatives})(?![\w])")


_MARKS = frozenset("*`\"'“”‘’_")


def mentions(outline: Outline, first: int, last: int) -> list[tuple[str, int, bool]]:
    """Codes named as errors in lines first..last, outside code fences: numeric ids after an error word
    ("errore 6800", "Msg 40847", "(ID: 34513)", hex values) and code-shaped words next to one ("l'errore **X**"),
    each with its line and whether it is set apart as a code (numbers always; words in bold, backticks or quotes)."""
    labels = outline.labels
    pattern = _mention_re(labels.error_words)
    found: dict[str, tuple[int, bool]] = {}
    in_fence = False
    for line_no in range(first, last + 1):
        raw = outline.lines[line_no - 1]
        if raw.lstrip().startswith(_FENCE_PREFIXES):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for code in numeric_ids(raw, labels.error_number):
            found.setdefault(code, (line_no, True))
        if any(word in raw.lower() for word in labels.error_words):
            for match in pattern.finditer(raw):
                group = "after" if match.group("after") else "before"
                code = match.group(group)
                if code.isdigit():
                    continue
                start, end = match.span(group)
                marked = start > 0 and raw[start - 1] in _MARKS and end < len(raw) and raw[end] in _MARKS
                if code not in found or (marked and not found[code][1]):
                    found[code] = (line_no, marked)
    return [(code, line, marked) for code, (line, marked) in found.items()]

"""What a section's own text says about errors: label lines, cause references, error tables and their rows,
and codes named as errors in the text. Reading only: :mod:`.entries` decides what it amounts to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it.token import Token

from ..codes import CODE, CODE_RE, cell_codes, heading_codes, http_statuses, numeric_ids, prefixed_codes, strip_ids, value_codes
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
    names_error: bool
    """Some cell (a name, a message) speaks of a failure: what tells an error from an informational event."""
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
    """``error`` (an error or error-code column), ``id`` (a plain code or id column), ``issue`` (a problem column),
    ``error-list`` or ``code-list`` (a list of "CODE: text" items, after a line about errors or not)."""
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
    outputs: list[tuple[tuple[str, ...], str, int]] = field(default_factory=list)
    """Code blocks the text introduces as the error shown ("viene visualizzato il messaggio di errore seguente:"):
    (the codes in it, its first line, its line)."""
    mentions: list[tuple[str, int, bool]] = field(default_factory=list)
    """Codes the section's text names as errors ("l'errore **X**", "errore 6800"), with their lines, and whether
    each is set apart as a code (a number after an error word, or a word in bold, backticks or quotes)."""


def read_signals(outline: Outline, span: Span, title: str = "") -> SectionSignals:
    """The signals of one section: its own lines, and the headings of its children for cause references.
    ``title``: the article's own title, read with the heading of its first-level section."""
    labels = outline.labels
    heading = plain_inline(span.heading.text)
    codes, rest = heading_codes(span.heading.text)
    leading = _LEADING_NUMBER_RE.match(heading)
    if not codes and leading:  # "400 richiesta non valida": a number leading the words of a heading
        codes, rest = (leading.group(1),), ""
    named = f"{heading} {title}" if span.heading.level == 1 else heading
    http = http_statuses(named, labels.status_words)
    numbers = tuple(dict.fromkeys(numeric_ids(named, labels.error_number) + _short_error_numbers(heading, labels) + http))
    declarations: list[CodeDeclaration] = []
    message: str | None = None
    message_line = 0
    for opening, _inner in outline.blocks_in(span.heading.line + 1, span.own_end):
        if opening.type == "paragraph_open":
            found_message, found_line = _label_lines(outline, opening, declarations)
            if found_message is not None and message is None:
                message, message_line = found_message, found_line
    tables = [reading for table in outline.tables_in(span.heading.line + 1, span.own_end) if (reading := read_table(table, labels)) is not None]
    tables += error_lists(outline, span.heading.line + 1, span.own_end)
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
    in_tables |= {row.row.line for reading in tables if reading.kind.endswith("list") for row in reading.rows}
    signals.mentions = [found for found in mentions(outline, span.heading.line + 1, span.own_end) if found[1] not in in_tables]
    signals.outputs = error_outputs(outline, span.heading.line + 1, span.own_end)
    return signals


def error_outputs(outline: Outline, first: int, last: int) -> list[tuple[tuple[str, ...], str, int]]:
    """Fenced or indented code blocks right after a line that ends with ':' and speaks of an error or its message."""
    labels = outline.labels
    found: list[tuple[tuple[str, ...], str, int]] = []
    for opening, _inner in outline.blocks_in(first, last):
        if opening.type not in ("fence", "code_block") or not opening.map:
            continue
        start = opening.map[0]
        lead = next((outline.lines[n].strip() for n in range(start - 1, max(start - 4, first - 2), -1) if outline.lines[n].strip()), "")
        lowered = lead.lower()
        if not lead.endswith(":") or not (any(word in lowered for word in labels.error_words) or any(word in lowered for word in labels.message)):
            continue
        text = opening.content
        codes = numeric_ids(text, labels.error_number) + tuple(m.group("code") for m in _OUTPUT_CODE_RE.finditer(text))
        head = next((line.strip() for line in text.split("\n") if line.strip()), "")
        codes += heading_codes(head)[0]
        found.append((tuple(dict.fromkeys(codes)), head, start + 1))
    return found


def _short_error_numbers(heading: str, labels: Labels) -> tuple[str, ...]:
    """A two-digit number right after an error word in a heading ("Errore 53"); in running text two digits are too common."""
    return tuple(_short_number_re(labels.error_words).findall(heading)) if any(char.isdigit() for char in heading) else ()


@lru_cache(maxsize=16)
def _short_number_re(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)(?i:{alternatives})\s*[:#]?\s*(\d{{2}})(?![\w.,]\d|\d)")


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
            named = _label_with_code(label, labels)
            if named is not None:  # "Error code 40613: message"
                label, codes = named
                col = raw.find(codes[0]) + 1
                declarations.append(CodeDeclaration(codes, SourcePos(outline.path, line_no, max(col, 1)), match.group("label").strip()[: len(label)]))
                if value and message is None:
                    message, message_line = value, line_no
                continue
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


def _label_with_code(label: str, labels: Labels) -> tuple[str, tuple[str, ...]] | None:
    """``error code 40613`` -> (``error code``, ("40613",)): a code label with the code before the colon."""
    for word in labels.code:
        if label.startswith(word + " "):
            codes = value_codes(label[len(word) :])
            if codes:
                return word, codes
    return None


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
    names_error = False
    for column, cell in enumerate(row.cells):
        role = roles.get(column, "")
        if role not in ("action", "cause") and not names_error:
            lowered = cell.lower()
            names_error = any(word in lowered for word in labels.failure_words)
        if role in ("code", "id"):
            codes += cell_codes(plain_inline(BR_RE.sub(", ", cell)).replace(" x ", "x"), declared=role == "code")
        elif role in ("action", "cause"):
            continue
        else:
            text = plain_inline(BR_RE.sub(" ", cell))
            codes += numeric_ids(text, labels.error_number)
            if role in ("error", "issue"):
                codes += (cell_codes(text) if " " not in text.strip() else heading_codes(text)[0]) + prefixed_codes(text)
    message = by_role.get("error") or by_role.get("issue") or by_role.get("message") or by_role.get("description", "")
    return RowReading(
        row,
        tuple(dict.fromkeys(codes)),
        names_error,
        strip_ids(BR_RE.sub(" ", message)).strip(),
        by_role.get("cause", ""),
        by_role.get("action", ""),
        by_role.get("description", "") if {"error", "issue", "message"} & set(by_role) else "",
    )


_LEADING_NUMBER_RE = re.compile(r"^\s*(\d{3,}|0x[0-9A-Fa-f]{4,})\s+[^\W\d_]")
_ITEM_RE = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+(?P<rest>.*)$")
_ITEM_CODE_RE = re.compile(rf"^[*`_\"']*(?P<code>{CODE}|[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)[*`_\"']*\s*(?:[:–—]|\s-\s|(?=\())\s*(?P<text>\S.*)$")
_ALONE_CODE_RE = re.compile(rf"^[*`_\"']*(?P<code>{CODE}|[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+)[*`_\"']*\s*(?P<text>)$")
_CODE_LINE_RE = re.compile(rf"^\s*(?P<code>{CODE})(?:\t|\s{{2,}})(?P<text>[^\W_].*)$")
"""A line of a code block laid out as a table: ``400        Invalid parameter (check payload)``."""


def error_lists(outline: Outline, first: int, last: int) -> list[TableReading]:
    """Lists whose items each open with a code and a separator ("- ErrorCode.DeviceNotReady: indica che..."), read
    as tables of rows: ``error-list`` when the line leading into the list speaks of errors, else ``code-list``."""
    readings: list[TableReading] = []
    rows: list[RowReading] = []
    lead = ""
    lead_line = 0
    lead_indent = -1
    """-1 when the lead is text, else the indent of the list item that leads."""
    in_fence = False

    def close() -> None:
        if rows:
            lowered = lead.lower()
            speaks = lowered.rstrip(" *_").endswith(":") and (any(word in lowered for word in outline.labels.error_words + outline.labels.status_words) or "http" in lowered)
            if any(word in lowered for word in outline.labels.status_words) or "http" in lowered:
                kept = [row for row in rows if not _success_status(row.codes[0])]
                rows[:] = kept
        if rows:
            table = Table((), tuple(row.row for row in rows), rows[0].row.line, rows[-1].row.end_line)
            readings.append(TableReading(table, "error-list" if speaks else "code-list", {}, tuple(rows), lead.strip()[:60] or "list"))
        rows.clear()

    code_lines = _code_block_lines(outline, first, last)
    for number in range(first, last + 1):
        raw = outline.lines[number - 1]
        if raw.lstrip().startswith(_FENCE_PREFIXES):
            in_fence = not in_fence
            if number not in code_lines:
                continue
        if number in code_lines:
            found = _CODE_LINE_RE.match(raw)
            if found and len(found.group("text").split()) >= 2:
                rows.append(RowReading(Row((found.group("code"), found.group("text")), number, number), (found.group("code"),), True, found.group("text")))
            continue
        if in_fence:
            continue
        item = _ITEM_RE.match(raw)
        rest = plain_inline(item.group("rest")) if item else ""
        found = _ITEM_CODE_RE.match(rest) if item else None
        if item and not found and _ALONE_CODE_RE.match(rest) and (rows or lead.rstrip(" *_").endswith(":")):
            found = _ALONE_CODE_RE.match(rest)  # "- ErrorCode.CiSApplianceAgentNotOnline" alone, in a list of errors
        if found and not found.group("code").isdigit() and (found.group("text") == "" or len(found.group("text").split()) >= 3):
            if not rows and lead_indent >= len(item.group("indent")):
                lead = ""  # a sibling item leads into nothing: only text above, or a parent item, does
            rows.append(RowReading(Row((found.group("code"), found.group("text")), number, number), (found.group("code"),), True, found.group("text")))
        elif item:
            close()
            lead, lead_line, lead_indent = raw, number, len(item.group("indent"))
        elif raw.strip():
            if not (rows and raw.startswith((" ", "\t"))):  # a continuation line of the last item
                close()
                lead, lead_line, lead_indent = raw, number, -1
    close()
    del lead_line
    return readings


def _success_status(code: str) -> bool:
    """A 1xx, 2xx or 3xx HTTP status: no error."""
    return len(code) == 3 and code.isdigit() and 100 <= int(code) < 400


def _code_block_lines(outline: Outline, first: int, last: int) -> set[int]:
    """Lines of code blocks (fenced or indented, at any depth) in lines first..last whose lines mostly open with a
    code and a gap, as a table would: ``400        Invalid parameter``."""
    found: set[int] = set()
    for token in outline.code_blocks_in(first, last):
        assert token.map
        start, end = token.map[0] + 1, token.map[1]
        if token.type == "fence":
            start, end = start + 1, end - 1
        lines = [n for n in range(start, end + 1) if outline.lines[n - 1].strip()]
        coded = [n for n in lines if _CODE_LINE_RE.match(outline.lines[n - 1])]
        lead = next((outline.lines[n - 1].lower() for n in range(token.map[0], max(token.map[0] - 3, 0), -1) if outline.lines[n - 1].strip()), "")
        about = any(word in lead for word in outline.labels.error_words + outline.labels.status_words)
        if about and len(coded) >= 2 and len(coded) * 2 > len(lines):
            found.update(range(token.map[0] + 1, token.map[1] + 1))
    return found


@lru_cache(maxsize=16)
def _mention_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """An error word and a code-shaped word right after it, or a code followed by an error word."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    quote = r"[\s:\"'“”‘’*`_(]*"
    joined = r"(?:\w{1,3}\s+)?"  # "eccezione di **X**", "error of X"
    after = rf"(?:{CODE}|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)"
    return re.compile(rf"(?<![\w])(?i:{alternatives})(?=[\s:\"'“”‘’*`(]){quote}{joined}{quote}(?P<after>{after})(?![\w]|\.\w)|(?<![\w])(?P<before>{CODE})[*`_\"'”’)]*\s+(?i:{alternatives})(?![\w])")


_MARKS = frozenset("*`\"'“”‘’_")
_OUTPUT_CODE_RE = re.compile(rf"(?<![\w\"'])(?i:code)\s*[=:]\s*(?P<code>{CODE})(?![\w.])")
"""``Code=InvalidTemplate``, ``Code: NoRegisteredProviderFound``: the code field of an error as a tool prints it."""


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
        for code in numeric_ids(raw, labels.error_number) + http_statuses(raw) + tuple(m.group(1) for m in _OUTPUT_CODE_RE.finditer(raw)):
            found.setdefault(code, (line_no, True))
        if any(word in raw.lower() for word in labels.error_words):
            for match in pattern.finditer(raw):
                group = "after" if match.group("after") else "before"
                code = match.group(group)
                if code.isdigit():
                    continue
                start, end = match.span(group)
                marked = (start > 0 and raw[start - 1] in _MARKS) or any(word in code.lower() for word in labels.failure_words)
                if not marked and not CODE_RE.match(code):
                    continue  # a lower_snake word counts only set apart: "l'errore "unknown_user_type: ..."
                if code not in found or (marked and not found[code][1]):
                    found[code] = (line_no, marked)
    return [(code, line, marked) for code, (line, marked) in found.items()]

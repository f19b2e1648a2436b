"""Tables as rows of cells, whether written in markdown or as HTML ``<table>`` blocks, with their column roles.

markdown-it reads a pipe table as tokens; an HTML table is one or several HTML blocks (a blank line inside it
ends a block, and what follows may even parse as an indented code block), so HTML tables are read from the
source lines with :class:`html.parser.HTMLParser` instead, each row keeping its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it.token import Token

from ..labels import Labels
from .inline import plain_inline

_TABLE_OPEN_RE = re.compile(r"<table\b", re.I)
_TABLE_TAG_RE = re.compile(r"<(/?)table\b", re.I)
_HEADER_PUNCTUATION_RE = re.compile(r"[\s:*_.?]+$")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Row:
    """One body row: its cells (inline markdown for a pipe table, text for an HTML table) and its lines."""

    cells: tuple[str, ...]
    line: int
    end_line: int


@dataclass(frozen=True)
class Table:
    """A table: its header cells (plain text, empty when it has no header row) and body rows."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    line: int
    end_line: int
    html: bool = False


def markdown_tables(tokens: list[Token]) -> list[Table]:
    """Every pipe table (at any depth), in document order."""
    tables: list[Table] = []
    header: list[str] = []
    rows: list[Row] = []
    current: list[str] = []
    in_head = False
    start = row_line = row_end = 0
    for token in tokens:
        if token.type == "table_open" and token.map:
            header, rows, start = [], [], token.map[0] + 1
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            current = []
            row_line, row_end = (token.map[0] + 1, token.map[1]) if token.map else (0, 0)
        elif token.type == "inline" and start:
            current.append(token.content.strip())
        elif token.type == "tr_close":
            if in_head:
                header = [plain_inline(cell) for cell in current]
            else:
                rows.append(Row(tuple(current), row_line, max(row_end, row_line)))
        elif token.type == "table_close" and start:
            end = token.map[1] if token.map else (rows[-1].end_line if rows else start)
            tables.append(Table(tuple(header), tuple(rows), start, end))
            start = 0
    return tables


def html_tables(lines: tuple[str, ...] | list[str], first: int = 1) -> list[Table]:
    """Every top-level HTML ``<table>`` in ``lines`` (1-based lines from ``first``), outside code fences."""
    tables: list[Table] = []
    in_fence = False
    index = first - 1
    while index < len(lines):
        stripped = lines[index].lstrip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and _TABLE_OPEN_RE.search(lines[index]):
            end = _table_end(lines, index)
            tables.append(_read_html_table(lines, index, end))
            index = end
        index += 1
    return tables


def _table_end(lines: tuple[str, ...] | list[str], start: int) -> int:
    """0-based index of the line closing the table opened on ``start`` (nested tables counted)."""
    depth = 0
    for index in range(start, len(lines)):
        for tag in _TABLE_TAG_RE.finditer(lines[index]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                return index
    return len(lines) - 1


class _TableReader(HTMLParser):
    """Rows and cells of one HTML table; cells of nested tables join their outer cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[list[str], bool, bool, int, int]] = []
        """(cells, every cell a <th>, every cell wholly bold, first line, last line), 0-based offsets."""
        self._cells: list[str] = []
        self._parts: list[str] | None = None
        self._all_th = True
        self._bold_depth = 0
        self._plain_text = False
        self._row_line = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
        if self._depth > 1:
            self._break()
            return
        if tag == "tr":
            self._cells, self._all_th, self._plain_text, self._row_line = [], True, False, self.getpos()[0] - 1
        elif tag in ("td", "th"):
            self._parts = []
            self._all_th = self._all_th and tag == "th"
        elif tag in ("strong", "b"):
            self._bold_depth += 1
        elif tag in ("br", "p", "li", "div"):
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth -= 1
        if self._depth >= 1 and tag in ("td", "th") and self._parts is not None and self._depth == 1:
            self._cells.append(_SPACE_RE.sub(" ", "".join(self._parts)).strip())
            self._parts = None
        elif self._depth == 1 and tag == "tr":
            if self._parts is not None:
                self._cells.append(_SPACE_RE.sub(" ", "".join(self._parts)).strip())
                self._parts = None
            if self._cells:
                self.rows.append((self._cells, self._all_th, not self._plain_text, self._row_line, self.getpos()[0] - 1))
            self._cells = []
        elif tag in ("strong", "b"):
            self._bold_depth = max(self._bold_depth - 1, 0)

    def handle_data(self, data: str) -> None:
        if self._parts is None:
            return
        self._parts.append(data)
        if data.strip() and not self._bold_depth:
            self._plain_text = True

    def _break(self) -> None:
        if self._parts is not None:
            self._parts.append(" ")


def _read_html_table(lines: tuple[str, ...] | list[str], start: int, end: int) -> Table:
    reader = _TableReader()
    reader.feed("\n".join(lines[start : end + 1]))
    reader.close()
    rows = [(cells, all_th, bold, start + first + 1, start + last + 1) for cells, all_th, bold, first, last in reader.rows]
    header: tuple[str, ...] = ()
    if rows and (rows[0][1] or rows[0][2]):
        header = tuple(rows[0][0])
        rows = rows[1:]
    body = tuple(Row(tuple(cells), first, max(last, first)) for cells, _th, _bold, first, last in rows)
    return Table(header, body, start + 1, end + 1, html=True)


_CAMEL_BOUNDARY_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|[._]")


def header_name(cell: str) -> str:
    """A header cell as compared with the label words: plain, lower case, no trailing colon or emphasis, and a
    code-style name in words (``ErrorDetail.Code`` -> ``error detail code``)."""
    plain = plain_inline(cell)
    if " " not in plain.strip():
        plain = _CAMEL_BOUNDARY_RE.sub(" ", plain)
    return _SPACE_RE.sub(" ", _HEADER_PUNCTUATION_RE.sub("", plain.lower())).strip()


def _names(name: str, words: tuple[str, ...]) -> bool:
    """True when a header names one of ``words``: the word itself, or the word and more ("Errore di ...")."""
    return any(name == word or name.startswith(word + " ") for word in words)


def column_roles(header: tuple[str, ...], labels: Labels) -> dict[int, str]:
    """Column index -> role: ``code`` (an error code column), ``error`` (the error or its message), ``id`` (a plain
    "Code"/"ID" column, an error code only where the section is about errors), ``issue`` (the problem or symptom),
    ``cause``, ``action`` (the fix) or ``description``."""
    roles: dict[int, str] = {}
    for column, cell in enumerate(header):
        name = header_name(cell)
        if not name:
            continue
        words = name.split()
        if _names(name, labels.code) or (words[-1] in labels.code_column and any(word in labels.error_words for word in words[:-1])):
            role = "code"
        elif _names(name, labels.code_column):
            role = "id"
        elif name in labels.cause_column:
            role = "cause"
        elif name in labels.action_column or _names(name, labels.action_column):
            role = "action"
        elif name in labels.error_column or (_names(name, labels.error_column) and "code" not in roles.values()):
            role = "error"
        elif name in labels.issue_column:
            role = "issue"
        elif name in labels.description_column:
            role = "description"
        elif name in labels.message_column:
            role = "message"
        else:
            continue
        if role not in roles.values() or role in ("description",):
            roles[column] = role
    return roles

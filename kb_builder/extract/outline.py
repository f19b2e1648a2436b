"""One parsed article seen as extraction reads it: heading spans, top-level blocks, tables, and its lines
with the English glued to the translation taken out."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from markdown_it.token import Token

from .. import bilingual
from ..labels import Labels, labels_for
from ..model import Bilingual, Heading
from ..parse import ParsedMarkdown
from .tables import Table, html_tables, markdown_tables


@dataclass(frozen=True)
class Span:
    """A heading and the lines it owns (1-based, inclusive)."""

    index: int
    heading: Heading
    end: int
    """Last line before the next heading of the same or a higher level."""
    own_end: int
    """Last line before the next heading of any level."""
    parent: int | None
    """Index of the enclosing heading's span."""


class Outline:
    """The document view shared by the signal readers and the section builders."""

    def __init__(self, parsed: ParsedMarkdown, locale: str) -> None:
        self.parsed = parsed
        self.path = parsed.path
        self.locale = locale
        self.labels: Labels = labels_for(locale)
        self.lines = parsed.lines
        self.clean_lines, self.residue = self._separate()
        self.blocks = [(opening, inner) for opening, inner in top_level_blocks(parsed.tokens) if opening.map]
        self.block_lines = [opening.map[0] + 1 for opening, _ in self.blocks]  # type: ignore[index]
        tables = markdown_tables(parsed.tokens) + html_tables(self.lines, parsed.front_matter.body_start + 1)
        self.tables = sorted(tables, key=lambda table: table.line)
        self.table_lines = [table.line for table in self.tables]
        self.code_blocks = [token for token in parsed.tokens if token.type in ("fence", "code_block") and token.map]
        """Fenced and indented code blocks at any depth, in source order."""
        self.code_block_lines = [token.map[0] + 1 for token in self.code_blocks]  # type: ignore[index]
        self.spans = _spans(parsed.headings, len(self.lines))
        heading_lines = [span.heading.line for span in self.spans]
        self.children = {span.index: self.spans[bisect_right(heading_lines, span.heading.line) : bisect_right(heading_lines, span.end)] for span in self.spans}

    def _separate(self) -> tuple[list[str], dict[int, list[Bilingual]]]:
        """Lines with glued English removed, and what was found per 1-based line."""
        start = self.parsed.front_matter.body_start
        clean, findings = bilingual.separate_markdown("\n".join(self.lines[start:]), self.locale)
        clean_lines = list(self.lines[:start]) + clean.split("\n")
        if len(clean_lines) != len(self.lines):
            clean_lines = list(self.lines)
        residue: dict[int, list[Bilingual]] = {}
        for offset, found in findings:
            residue.setdefault(start + offset + 1, []).append(found)
        return clean_lines, residue

    def text(self, first: int, last: int, clean: bool = True) -> str:
        """Lines first..last (1-based, inclusive) as markdown."""
        source = self.clean_lines if clean else self.lines
        return "\n".join(source[first - 1 : last]).strip("\n")

    def split(self, text: str) -> Bilingual:
        return bilingual.split(text, self.locale)

    def tables_in(self, first: int, last: int) -> list[Table]:
        """Every table (at any depth) that starts within lines first..last."""
        return self.tables[bisect_left(self.table_lines, first) : bisect_right(self.table_lines, last)]

    def code_blocks_in(self, first: int, last: int) -> list[Token]:
        """The code blocks (at any depth) that start within lines first..last."""
        return self.code_blocks[bisect_left(self.code_block_lines, first) : bisect_right(self.code_block_lines, last)]

    def blocks_in(self, first: int, last: int) -> list[tuple[Token, list[Token]]]:
        return self.blocks[bisect_left(self.block_lines, first) : bisect_right(self.block_lines, last)]

    def ancestors(self, span: Span) -> list[Span]:
        """The spans enclosing ``span``, nearest first."""
        found: list[Span] = []
        index = span.parent
        while index is not None:
            found.append(self.spans[index])
            index = self.spans[index].parent
        return found


def _spans(headings: list[Heading], last_line: int) -> list[Span]:
    ends = [last_line] * len(headings)
    parents: list[int | None] = [None] * len(headings)
    open_headings: list[int] = []
    for index, heading in enumerate(headings):
        while open_headings and headings[open_headings[-1]].level >= heading.level:
            ends[open_headings.pop()] = heading.line - 1
        parents[index] = open_headings[-1] if open_headings else None
        open_headings.append(index)
    return [
        Span(index, heading, ends[index], headings[index + 1].line - 1 if index + 1 < len(headings) else last_line, parents[index])
        for index, heading in enumerate(headings)
    ]


def top_level_blocks(tokens: list[Token]) -> list[tuple[Token, list[Token]]]:
    """Top-level blocks (nesting level 0) with the tokens inside each."""
    blocks: list[tuple[Token, list[Token]]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0:
            index += 1
            continue
        if token.nesting == 1:
            depth, inner_end = 0, index
            for inner_end in range(index, len(tokens)):
                depth += tokens[inner_end].nesting
                if depth == 0:
                    break
            blocks.append((token, tokens[index + 1 : inner_end]))
            index = inner_end + 1
        else:
            blocks.append((token, []))
            index += 1
    return blocks

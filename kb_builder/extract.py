"""Extract stage: a parsed article -> error entries, shared cause sections and general sections.

Each heading starts a section; an error or cause section absorbs the headings
nested under it as subsections, so the sections cover the whole document.
Label words come from :mod:`kb_builder.labels`; where a label is unknown, the
code is still found as the code-shaped token leading the heading.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token

from . import bilingual
from .codes import heading_codes, numeric_ids, strip_ids, value_codes
from .labels import Labels, labels_for
from .model import (
    Bilingual,
    CauseRef,
    CauseSection,
    CodeDeclaration,
    Document,
    ErrorEntry,
    GeneralSection,
    Heading,
    Include,
    InlineCause,
    Link,
    Section,
    SourcePos,
    Subsection,
)
from .parse import ParsedMarkdown

BR_RE = re.compile(r"<br\s*/?>", re.I)
LABEL_RE = re.compile(r"^\s*(?:\*\*|__)?\s*(?P<label>[^\W\d_][^:*_\[\]<>|]{1,40}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>.*?)\s*$")
REF_RE = re.compile(
    r"^\s*(?:#{1,6}\s+)?(?:[-*+]\s+)?(?:\*\*|__)?\s*(?P<word>[^\W\d_][^\W\d_]*(?: [^\W\d_]+)?)\s+(?P<num>\d+)\s*(?:\*\*|__)?\s*[:.\-–]\s*(?:\*\*|__)?(?P<rest>.*)$"
)
BARE_REF_RE = re.compile(r"^\s*(?:\*\*|__)\s*\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)\s*(?:\*\*|__)\s*(?:<br\s*/?>)?\s*$", re.I)
LINK_RE = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
MARKUP_RE = re.compile(r"<[^>]+>|\*\*|__|(?<!\w)[*_](?!\s)|`")


@lru_cache(maxsize=4096)
def plain_inline(markdown: str) -> str:
    """Inline markdown reduced to its words: links to their text, emphasis and tags dropped.

    Memoised: every heading's text is reduced several times (kind, title, subsection title).
    """
    text = LINK_RE.sub(lambda m: m.group("text"), markdown)
    text = MARKUP_RE.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class _Span:
    """A heading and the lines it owns (1-based, inclusive)."""

    index: int
    heading: Heading
    end: int
    own_end: int
    """Last line before the next heading of any level."""


@dataclass
class _Signals:
    codes: tuple[str, ...]
    title_rest: str
    declarations: list[CodeDeclaration]
    message: str | None
    message_line: int
    refs: list[CauseRef]
    table_codes: list[str]
    table_message: str | None
    has_error_table: bool

    @property
    def is_error(self) -> bool:
        numbered_refs = any(ref.number is not None for ref in self.refs)
        return bool(self.codes or self.declarations or self.message or self.has_error_table or numbered_refs)


class _Extractor:
    """Holds one parsed document while its sections are built."""

    def __init__(self, parsed: ParsedMarkdown, locale: str) -> None:
        self.parsed = parsed
        self.locale = locale
        self.labels: Labels = labels_for(locale)
        self.lines = parsed.lines
        self.clean_lines, self.residue = self._separate()
        self.blocks = [(opening, inner) for opening, inner in _top_level_blocks(parsed.tokens) if opening.map]
        self.block_lines = [opening.map[0] + 1 for opening, _ in self.blocks]  # type: ignore[index]
        self.tables = _tables(parsed.tokens)
        self.table_lines = [line for line, _ in self.tables]

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

    # --- text helpers -------------------------------------------------
    def text(self, first: int, last: int, clean: bool = True) -> str:
        """Lines first..last (1-based, inclusive) as markdown."""
        source = self.clean_lines if clean else self.lines
        return "\n".join(source[first - 1 : last]).strip("\n")

    def split(self, text: str) -> Bilingual:
        return bilingual.split(text, self.locale)

    def tables_in(self, first: int, last: int) -> list[list[Token]]:
        """The tokens of every table (at any depth) that starts within lines first..last."""
        return [inner for _, inner in self.tables[bisect_left(self.table_lines, first) : bisect_right(self.table_lines, last)]]

    def blocks_in(self, first: int, last: int) -> list[tuple[Token, list[Token]]]:
        return self.blocks[bisect_left(self.block_lines, first) : bisect_right(self.block_lines, last)]

    # --- signals -------------------------------------------------------
    def signals(self, span: _Span, children: list[_Span]) -> _Signals:
        codes, rest = heading_codes(span.heading.text)
        declarations: list[CodeDeclaration] = []
        message: str | None = None
        message_line = 0
        table_codes: list[str] = []
        table_message: str | None = None
        has_error_table = False
        for opening, inner in self.blocks_in(span.heading.line + 1, span.own_end):
            if opening.type == "paragraph_open":
                found_message, found_line = self._label_lines(opening, declarations)
                if found_message is not None and message is None:
                    message, message_line = found_message, found_line
        for inner in self.tables_in(span.heading.line + 1, span.own_end):
            roles, rows = self._table(inner)
            if "error" in roles.values() or "code" in roles.values():
                has_error_table = True
                for cells, _line in rows:
                    for column, role in roles.items():
                        cell = cells[column] if column < len(cells) else ""
                        if role == "code":
                            table_codes += value_codes(cell.replace(" x ", "x")) or list(numeric_ids(cell, ()))
                        elif role == "error":
                            table_codes += numeric_ids(cell, self.labels.error_number)
                            if table_message is None:
                                table_message = strip_ids(BR_RE.sub(" ", cell)).strip()
        refs = self._refs(span.heading.line + 1, span.own_end)
        for child in children:
            refs += self._refs(child.heading.line, child.heading.line)
        if message is not None:
            declarations += [
                CodeDeclaration((number,), SourcePos(self.parsed.path, message_line, 1), "id")
                for number in numeric_ids(message, self.labels.error_number)
                if all(number not in d.codes for d in declarations)
            ]
            message = strip_ids(message)
        return _Signals(codes, rest, declarations, message, message_line, refs, table_codes, table_message, has_error_table)

    def _label_lines(self, paragraph: Token, declarations: list[CodeDeclaration]) -> tuple[str | None, int]:
        """Read ``Label: value`` segments of a paragraph; codes go to ``declarations``."""
        assert paragraph.map
        message: str | None = None
        message_line = 0
        for line_no in range(paragraph.map[0] + 1, paragraph.map[1] + 1):
            raw = self.lines[line_no - 1]
            if ":" not in raw:  # every label ends with one
                continue
            for segment in BR_RE.split(raw):
                match = LABEL_RE.match(segment)
                if not match:
                    continue
                label = match.group("label").strip().lower()
                value = match.group("value").strip().strip("*").strip()
                if label in self.labels.code:
                    value, embedded_message = self._code_value(value)
                    codes = value_codes(value)
                    col = raw.find(codes[0]) + 1 if codes else raw.find(segment.strip()) + 1
                    declarations.append(CodeDeclaration(codes, SourcePos(self.parsed.path, line_no, max(col, 1)), match.group("label").strip()))
                    if embedded_message and message is None:
                        message, message_line = embedded_message, line_no
                elif label in self.labels.message and message is None:
                    message, message_line = value, line_no
        return message, message_line

    def _code_value(self, value: str) -> tuple[str, str | None]:
        """``messaggio di errore UserErrorSkuNotAvailable: text`` -> (code, text)."""
        lowered = value.lower()
        for label in self.labels.message:
            if lowered.startswith(label):
                rest = value[len(label) :].strip()
                code, _, message = rest.partition(":")
                return code.strip(), message.strip() or None
        return value, None

    def _refs(self, first: int, last: int) -> list[CauseRef]:
        """Causa/Passaggio lines (and bare bold links) that point at a section."""
        refs: list[CauseRef] = []
        words = self.labels.cause + self.labels.step
        in_fence = False
        for line_no in range(first, last + 1):
            raw = self.lines[line_no - 1]
            if raw.lstrip().startswith(("```", "~~~")):
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
                        anchor=_fragment(link.group("target")),
                        text=self.split(plain_inline(match.group("rest"))),
                        pos=SourcePos(self.parsed.path, line_no, raw.find(word) + 1),
                    )
                )
                continue
            bare = BARE_REF_RE.match(raw)
            if bare and "#" in bare.group("target"):
                refs.append(
                    CauseRef("", "", None, _fragment(bare.group("target")), self.split(plain_inline(bare.group("text"))), SourcePos(self.parsed.path, line_no, raw.find("[") + 1))
                )
        return refs

    def _table(self, inner: list[Token]) -> tuple[dict[int, str], list[tuple[list[str], int]]]:
        """Column roles (error, code, cause, action) and the body rows of a table."""
        header: list[str] = []
        rows: list[tuple[list[str], int]] = []
        current: list[str] = []
        in_head = False
        row_line = 0
        for token in inner:
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                current = []
                row_line = token.map[0] + 1 if token.map else 0
            elif token.type == "inline":
                current.append(token.content.strip())
            elif token.type == "tr_close":
                if in_head:
                    header = current
                else:
                    rows.append((current, row_line))
        roles: dict[int, str] = {}
        for column, cell in enumerate(header):
            name = plain_inline(cell).lower().rstrip(":")
            if column == 0 and name in self.labels.code:
                roles[column] = "code"
            elif column == 0 and name in self.labels.error_column:
                roles[column] = "error"
            elif name in self.labels.cause_column:
                roles[column] = "cause"
            elif name in self.labels.action_column:
                roles[column] = "action"
        return roles, rows

    # --- sections ------------------------------------------------------
    def spans(self) -> list[_Span]:
        headings = self.parsed.headings
        last_line = len(self.lines)
        ends = [last_line] * len(headings)
        open_headings: list[int] = []
        for index, heading in enumerate(headings):
            while open_headings and headings[open_headings[-1]].level >= heading.level:
                ends[open_headings.pop()] = heading.line - 1
            open_headings.append(index)
        return [
            _Span(index, heading, ends[index], headings[index + 1].line - 1 if index + 1 < len(headings) else last_line)
            for index, heading in enumerate(headings)
        ]

    def build(self) -> list[Section]:
        spans = self.spans()
        lines = [span.heading.line for span in spans]
        children = {span.index: spans[bisect_right(lines, span.heading.line) : bisect_right(lines, span.end)] for span in spans}
        signals = {span.index: self.signals(span, children[span.index]) for span in spans}
        kinds: dict[int, str] = {}
        for span in spans:
            if span.heading.level > 1 and signals[span.index].is_error:
                kinds[span.index] = "error"
        cause_targets = {ref.anchor for i in kinds for ref in signals[i].refs}
        for span in spans:
            title = plain_inline(span.heading.text).lower().rstrip(":")
            if title in self.labels.causes_heading:
                for child in children[span.index]:
                    if child.heading.level == span.heading.level + 1 and child.index not in kinds:
                        kinds[child.index] = "cause"
        for span in spans:
            if span.index not in kinds and span.heading.level > 1 and cause_targets & set(span.heading.all_anchors):
                kinds[span.index] = "cause"
        sections: list[Section] = []
        preamble_end = (spans[0].heading.line - 1) if spans else len(self.lines)
        body_start = self.parsed.front_matter.body_start + 1
        if self.text(body_start, preamble_end).strip():
            sections.append(self._general(None, body_start, preamble_end, []))
        owner_end = 0
        for span in spans:
            if span.heading.line <= owner_end and kinds.get(span.index) != "error":
                continue
            kind = kinds.get(span.index, "general")
            if kind == "general":
                sections.append(self._general(span.heading, span.heading.line, span.own_end, []))
                continue
            absorbed: list[_Span] = []
            end = span.own_end
            for child in children[span.index]:
                if kinds.get(child.index) == "error":
                    break
                absorbed.append(child)
                end = child.own_end
            owner_end = end
            if kind == "error":
                sections.append(self._error(span, end, absorbed, signals[span.index]))
            else:
                sections.append(self._cause(span, end, absorbed))
        return self._link_causes(sections)

    def _subsections(self, absorbed: list[_Span]) -> tuple[Subsection, ...]:
        return tuple(Subsection(c.heading, self.text(c.heading.line + 1, c.own_end), self.split(plain_inline(c.heading.text))) for c in absorbed)

    def _links(self, first: int, last: int) -> tuple[Link, ...]:
        return tuple(link for link in self.parsed.links if first <= link.pos.line <= last)

    def _general(self, heading: Heading | None, first: int, last: int, absorbed: list[_Span]) -> GeneralSection:
        title = self.split(plain_inline(heading.text)) if heading else self.split("")
        identifier = (heading.anchors[0] if heading.anchors else heading.slug) if heading else "introduction"
        body_first = heading.line + 1 if heading else first
        return GeneralSection(
            id=identifier,
            heading=heading,
            title=title,
            body=self.text(body_first, last),
            subsections=self._subsections(absorbed),
            links=self._links(first, last),
            markdown=self.text(body_first, last, clean=False),
            source=SourcePos(self.parsed.path, first),
            end_line=last,
        )

    def _cause(self, span: _Span, end: int, absorbed: list[_Span]) -> CauseSection:
        heading = span.heading
        return CauseSection(
            id=heading.anchors[0] if heading.anchors else heading.slug,
            heading=heading,
            title=self.split(plain_inline(heading.text)),
            body=self.text(heading.line + 1, span.own_end),
            subsections=self._subsections(absorbed),
            referenced_by=(),
            links=self._links(heading.line, end),
            markdown=self.text(heading.line + 1, end, clean=False),
            source=SourcePos(self.parsed.path, heading.line),
            end_line=end,
        )

    def _error(self, span: _Span, end: int, absorbed: list[_Span], found: _Signals) -> ErrorEntry:
        heading = span.heading
        declared = [code for declaration in found.declarations for code in declaration.codes]
        codes = tuple(dict.fromkeys((declared or list(found.codes)) + found.table_codes))
        title_full = self.split(plain_inline(heading.text))
        title = _strip_codes(title_full, found.codes)
        message_text = found.message if found.message is not None else found.table_message
        description, steps, recommended = self._prose(heading.line + 1, span.own_end, found)
        return ErrorEntry(
            id=codes[0] if codes else (heading.anchors[0] if heading.anchors else heading.slug),
            codes=codes,
            heading=heading,
            title=title,
            message=self.split(plain_inline(message_text)) if message_text else None,
            description=description,
            causes=tuple(found.refs),
            inline_causes=self._inline_causes(heading.line + 1, end),
            steps=steps,
            notes=tuple(a for a in self.parsed.alerts if heading.line < a.line <= end),
            recommended_action=recommended,
            links=self._links(heading.line, end),
            subsections=self._subsections(absorbed),
            heading_codes=found.codes,
            declarations=tuple(found.declarations),
            markdown=self.text(heading.line + 1, end, clean=False),
            source=SourcePos(self.parsed.path, heading.line),
            end_line=end,
        )

    def _prose(self, first: int, last: int, found: _Signals) -> tuple[str, tuple[str, ...], str]:
        """Description paragraphs, steps (list items and step labels), recommended action."""
        ref_lines = {ref.pos.line for ref in found.refs}
        description: list[str] = []
        steps: list[str] = []
        recommended = ""
        for opening, inner in self.blocks_in(first, last):
            assert opening.map
            start, stop = opening.map[0] + 1, opening.map[1]
            if opening.type == "paragraph_open":
                lines = [n for n in range(start, stop + 1) if n not in ref_lines]
                raw = "\n".join(self.lines[n - 1] for n in lines)
                text = "\n".join(self.clean_lines[n - 1] for n in lines).strip()
                if not text:
                    continue
                label = LABEL_RE.match(BR_RE.split(raw)[0])
                word = label.group("label").strip().lower() if label else ""
                if word in self.labels.code or word in self.labels.message:
                    continue
                if word in self.labels.recommended_action:
                    recommended = BR_RE.sub("", text.split(":", 1)[1]).strip()
                    continue
                step = REF_RE.match(raw)
                if step and step.group("word").lower() in self.labels.step:
                    steps.append(text)
                    continue
                description.append(BR_RE.sub("\n", text).strip())
            elif opening.type in ("bullet_list_open", "ordered_list_open"):
                steps += [self._item_text(item) for item in inner if item.type == "list_item_open" and item.level == opening.level + 1 and item.map]
        return "\n\n".join(description), tuple(s for s in steps if s), recommended

    def _item_text(self, item: Token) -> str:
        assert item.map
        lines = self.clean_lines[item.map[0] : item.map[1]]
        first = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", lines[0])
        indent = len(lines[0]) - len(lines[0].lstrip()) + (len(lines[0].lstrip()) - len(re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", lines[0].lstrip())))
        rest = [line[indent:] if line[:indent].strip() == "" else line.strip() for line in lines[1:]]
        return BR_RE.sub("", "\n".join([first] + rest)).strip()

    def _inline_causes(self, first: int, last: int) -> tuple[InlineCause, ...]:
        found: list[InlineCause] = []
        for inner in self.tables_in(first, last):
            roles, rows = self._table(inner)
            if "action" not in roles.values():
                continue
            for cells, line in rows:
                by_role = {role: (cells[column] if column < len(cells) else "") for column, role in roles.items()}
                found.append(InlineCause(by_role.get("cause", ""), by_role.get("action", ""), by_role.get("error", by_role.get("code", "")), line))
        return tuple(found)

    def _link_causes(self, sections: list[Section]) -> list[Section]:
        """Fill each cause's ``referenced_by`` from the errors' references and links."""
        from dataclasses import replace

        by_anchor: dict[str, int] = {}
        for index, section in enumerate(sections):
            if isinstance(section, CauseSection):
                for anchor in section.anchors:
                    by_anchor.setdefault(anchor, index)
                for sub in section.subsections:
                    for anchor in sub.heading.all_anchors:
                        by_anchor.setdefault(anchor, index)
        referrers: dict[int, list[str]] = {}
        targeted: dict[int, list[str]] = {}
        for section in sections:
            if not isinstance(section, ErrorEntry):
                continue
            anchors = [ref.anchor for ref in section.causes] + [f for f in (self._local_fragment(link) for link in section.links) if f]
            for anchor in anchors:
                if anchor in by_anchor:
                    index = by_anchor[anchor]
                    if section.id not in referrers.setdefault(index, []):
                        referrers[index].append(section.id)
                    targeted.setdefault(index, []).append(anchor)
        result: list[Section] = []
        for index, section in enumerate(sections):
            if isinstance(section, CauseSection):
                own = [a for a in section.anchors if a in targeted.get(index, [])]
                section = replace(section, id=own[0] if own else section.id, referenced_by=tuple(referrers.get(index, [])))
            result.append(section)
        return result

    def _local_fragment(self, link: Link) -> str | None:
        """The fragment of a link into this same document, else None."""
        if link.is_image or link.fragment is None:
            return None
        path = link.path
        own_name = self.parsed.path.rsplit("/", 1)[-1]
        if path in ("", own_name) or path.rstrip("/").endswith("/" + own_name.removesuffix(".md")):
            return link.fragment
        return None


def _fragment(target: str) -> str:
    return target.split("#", 1)[1] if "#" in target else target


def _strip_codes(title: Bilingual, codes: tuple[str, ...]) -> Bilingual:
    """A heading's Bilingual without the codes that lead each part."""
    if not codes:
        return title

    def strip(text: str | None) -> str | None:
        if text is None:
            return None
        found, rest = heading_codes(text)
        return rest if found else text

    return Bilingual(title.original, strip(title.local) or "", strip(title.english), title.status, title.confidence, title.boundary, title.order)


def _tables(tokens: list[Token]) -> list[tuple[int, list[Token]]]:
    """Every table (at any depth) as (its first line, the tokens inside it), in document order."""
    tables: list[tuple[int, list[Token]]] = []
    opening: int | None = None
    for index, token in enumerate(tokens):
        if token.type == "table_open" and token.map and opening is None:
            opening = index
        elif token.type == "table_close" and opening is not None:
            tables.append((tokens[opening].map[0] + 1, tokens[opening + 1 : index]))  # type: ignore[index]
            opening = None
    return tables


def _top_level_blocks(tokens: list[Token]) -> list[tuple[Token, list[Token]]]:
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


def forget_memos() -> None:
    """Drop what extraction memoised (reduced headings, bilingual readings), so that a load starts cold."""
    plain_inline.cache_clear()
    bilingual.forget()


def extract_document(parsed: ParsedMarkdown, locale: str, rel_path: str, includes: tuple[Include, ...]) -> Document:
    """Build the Document of one parsed article."""
    extractor = _Extractor(parsed, locale)
    sections = extractor.build()
    metadata = dict(parsed.front_matter.data)
    h1 = next((h for h in parsed.headings if h.level == 1), None)
    raw_title = str(metadata.get("title") or (plain_inline(h1.text) if h1 else rel_path))
    return Document(
        path=parsed.path,
        locale=locale,
        rel_path=rel_path,
        title=bilingual.split(raw_title, locale),
        description=str(metadata.get("description") or ""),
        metadata=metadata,
        translation_type=str(metadata.get("ms.translationtype") or ""),
        headings=tuple(parsed.headings),
        sections=tuple(sections),
        links=tuple(parsed.links),
        includes=includes,
        alerts=tuple(parsed.alerts),
        lines=parsed.lines,
        body_start=parsed.front_matter.body_start + 1,
        english=tuple((line, found) for line, items in sorted(extractor.residue.items()) for found in items),
        loose_anchors=tuple(parsed.loose_anchors),
    )

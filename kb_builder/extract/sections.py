"""Builders of the model's sections: error entries (sections and table rows), shared causes, general sections."""

from __future__ import annotations

import re
from dataclasses import replace

from ..codes import heading_codes
from ..model import Bilingual, CauseSection, CodeDeclaration, ErrorEntry, GeneralSection, Heading, InlineCause, Link, Section, SourcePos, Subsection
from .entries import Decision
from .inline import BR_RE, plain_inline
from .outline import Outline, Span
from .signals import LABEL_RE, REF_RE, RowReading, SectionSignals, TableReading
from .tables import column_roles

_ITEM_MARKER_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LEADING_MARKER_RE = re.compile(r"^(?:[-*+]|\d+[.)])\s+")


def subsections(outline: Outline, absorbed: list[Span]) -> tuple[Subsection, ...]:
    return tuple(Subsection(c.heading, outline.text(c.heading.line + 1, c.own_end), outline.split(plain_inline(c.heading.text))) for c in absorbed)


def links(outline: Outline, first: int, last: int) -> tuple[Link, ...]:
    return tuple(link for link in outline.parsed.links if first <= link.pos.line <= last)


def general(outline: Outline, heading: Heading | None, first: int, last: int, entries: tuple[ErrorEntry, ...] = ()) -> GeneralSection:
    title = outline.split(plain_inline(heading.text)) if heading else outline.split("")
    identifier = (heading.anchors[0] if heading.anchors else heading.slug) if heading else "introduction"
    body_first = heading.line + 1 if heading else first
    return GeneralSection(
        id=identifier,
        heading=heading,
        title=title,
        body=outline.text(body_first, last),
        subsections=(),
        links=links(outline, first, last),
        markdown=outline.text(body_first, last, clean=False),
        source=SourcePos(outline.path, first),
        end_line=last,
        entries=entries,
    )


def cause(outline: Outline, span: Span, end: int, absorbed: list[Span]) -> CauseSection:
    heading = span.heading
    return CauseSection(
        id=heading.anchors[0] if heading.anchors else heading.slug,
        heading=heading,
        title=outline.split(plain_inline(heading.text)),
        body=outline.text(heading.line + 1, span.own_end),
        subsections=subsections(outline, absorbed),
        referenced_by=(),
        links=links(outline, heading.line, end),
        markdown=outline.text(heading.line + 1, end, clean=False),
        source=SourcePos(outline.path, heading.line),
        end_line=end,
    )


def error_section(outline: Outline, span: Span, end: int, absorbed: list[Span], found: SectionSignals, decision: Decision, single: TableReading | None) -> ErrorEntry:
    """An error entry that is a section of its own (with its nested headings as subsections)."""
    heading = span.heading
    table_codes = [code for reading in found.tables if reading.kind == "error" for row in reading.rows for code in row.codes]
    codes = tuple(dict.fromkeys(list(decision.codes) + table_codes))
    title_full = outline.split(plain_inline(heading.text))
    title = _strip_codes(title_full, found.heading_codes)
    message_text = found.message if found.message is not None else (single.rows[0].message if single is not None and single.rows else None)
    description, steps, recommended = _prose(outline, heading.line + 1, span.own_end, found)
    declarations = tuple(found.declarations)
    if not declarations and single is not None and single.coded_rows:
        row = single.coded_rows[0]
        declarations = (CodeDeclaration(row.codes, _locate(outline, row.row.line, row.row.end_line, row.codes[0]), "table"),)
    return ErrorEntry(
        id=codes[0] if codes else (heading.anchors[0] if heading.anchors else heading.slug),
        codes=codes,
        heading=heading,
        title=title,
        message=outline.split(plain_inline(message_text)) if message_text else None,
        description=description,
        causes=tuple(found.refs),
        inline_causes=_inline_causes(outline, heading.line + 1, end),
        steps=steps,
        notes=tuple(a for a in outline.parsed.alerts if heading.line < a.line <= end),
        recommended_action=recommended,
        links=links(outline, heading.line, end),
        subsections=subsections(outline, absorbed),
        heading_codes=found.heading_codes,
        declarations=declarations,
        markdown=outline.text(heading.line + 1, end, clean=False),
        source=SourcePos(outline.path, heading.line),
        end_line=end,
        evidence=decision.evidence,
        confidence=decision.confidence,
    )


def error_row(outline: Outline, heading: Heading, row: RowReading, decision: Decision) -> ErrorEntry:
    """An error entry made of one row of an error table: the row's codes, message, cause and fix."""
    codes = decision.codes
    message = plain_inline(BR_RE.sub(" ", row.message)) if row.message else ""
    leading, rest = heading_codes(message)
    if leading and rest:
        message = rest
    action = plain_inline(BR_RE.sub(" ", row.action)) if row.action else ""
    first, last = row.row.line, row.row.end_line
    inline = (InlineCause(plain_inline(BR_RE.sub(" ", row.cause)), action, message, first),) if row.cause else ()
    return ErrorEntry(
        id=codes[0],
        codes=codes,
        heading=heading,
        title=outline.split(message or codes[0]),
        message=outline.split(message) if message else None,
        description=plain_inline(BR_RE.sub(" ", row.description)) if row.description else "",
        causes=(),
        inline_causes=inline,
        steps=(),
        notes=(),
        recommended_action=action,
        links=links(outline, first, last),
        subsections=(),
        heading_codes=(),
        declarations=(CodeDeclaration(codes, _locate(outline, first, last, codes[0]), "table"),),
        markdown=outline.text(first, last, clean=False),
        source=SourcePos(outline.path, first),
        end_line=last,
        evidence=decision.evidence,
        confidence=decision.confidence,
        origin="table-row",
    )


def _col(outline: Outline, line: int, code: str) -> int:
    """1-based column of ``code`` on ``line``, 1 when it is not there."""
    return outline.lines[line - 1].find(code) + 1 if 0 < line <= len(outline.lines) and code in outline.lines[line - 1] else 1


def _locate(outline: Outline, first: int, last: int, code: str) -> SourcePos:
    """Where ``code`` is first written in lines first..last (the first line when it is not written as such)."""
    for number in range(first, min(last, len(outline.lines)) + 1):
        if code in outline.lines[number - 1]:
            return SourcePos(outline.path, number, _col(outline, number, code))
    return SourcePos(outline.path, first)


def _prose(outline: Outline, first: int, last: int, found: SectionSignals) -> tuple[str, tuple[str, ...], str]:
    """Description paragraphs, steps (list items and step labels), recommended action."""
    labels = outline.labels
    ref_lines = {ref.pos.line for ref in found.refs}
    description: list[str] = []
    steps: list[str] = []
    recommended = ""
    for opening, inner in outline.blocks_in(first, last):
        assert opening.map
        start, stop = opening.map[0] + 1, opening.map[1]
        if opening.type == "paragraph_open":
            lines = [n for n in range(start, stop + 1) if n not in ref_lines]
            raw = "\n".join(outline.lines[n - 1] for n in lines)
            text = "\n".join(outline.clean_lines[n - 1] for n in lines).strip()
            if not text:
                continue
            label = LABEL_RE.match(BR_RE.split(raw)[0])
            word = label.group("label").strip().lower() if label else ""
            if word in labels.code or word in labels.message:
                continue
            if word in labels.recommended_action:
                recommended = BR_RE.sub("", text.split(":", 1)[1]).strip()
                continue
            step = REF_RE.match(raw)
            if step and step.group("word").lower() in labels.step:
                steps.append(text)
                continue
            description.append(BR_RE.sub("\n", text).strip())
        elif opening.type in ("bullet_list_open", "ordered_list_open"):
            steps += [_item_text(outline, item) for item in inner if item.type == "list_item_open" and item.level == opening.level + 1 and item.map]
    return "\n\n".join(description), tuple(s for s in steps if s), recommended


def _item_text(outline: Outline, item: object) -> str:
    item_map = item.map  # type: ignore[attr-defined]
    lines = outline.clean_lines[item_map[0] : item_map[1]]
    first = _ITEM_MARKER_RE.sub("", lines[0])
    indent = len(lines[0]) - len(lines[0].lstrip()) + (len(lines[0].lstrip()) - len(_LEADING_MARKER_RE.sub("", lines[0].lstrip())))
    rest = [line[indent:] if line[:indent].strip() == "" else line.strip() for line in lines[1:]]
    return BR_RE.sub("", "\n".join([first] + rest)).strip()


def _inline_causes(outline: Outline, first: int, last: int) -> tuple[InlineCause, ...]:
    """The cause/action rows of the tables in lines first..last."""
    causes: list[InlineCause] = []
    for table in outline.tables_in(first, last):
        roles = column_roles(table.header, outline.labels)
        if "action" not in roles.values():
            continue
        for row in table.rows:
            by_role = {role: (row.cells[column] if column < len(row.cells) else "") for column, role in roles.items()}
            error = by_role.get("error", by_role.get("code", ""))
            causes.append(InlineCause(by_role.get("cause", ""), by_role.get("action", ""), error, row.line))
    return tuple(causes)


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


def link_causes(outline: Outline, sections: list[Section]) -> list[Section]:
    """Fill each cause's ``referenced_by`` from the errors' references and links."""
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
    errors = [entry for section in sections for entry in ((section,) if isinstance(section, ErrorEntry) else getattr(section, "entries", ()))]
    for entry in errors:
        anchors = [ref.anchor for ref in entry.causes] + [f for f in (_local_fragment(outline, link) for link in entry.links) if f]
        for anchor in anchors:
            if anchor in by_anchor:
                index = by_anchor[anchor]
                if entry.id not in referrers.setdefault(index, []):
                    referrers[index].append(entry.id)
                targeted.setdefault(index, []).append(anchor)
    result: list[Section] = []
    for index, section in enumerate(sections):
        if isinstance(section, CauseSection):
            own = [a for a in section.anchors if a in targeted.get(index, [])]
            section = replace(section, id=own[0] if own else section.id, referenced_by=tuple(referrers.get(index, [])))
        result.append(section)
    return result


def _local_fragment(outline: Outline, link: Link) -> str | None:
    """The fragment of a link into this same document, else None."""
    if link.is_image or link.fragment is None:
        return None
    path = link.path
    own_name = outline.path.rsplit("/", 1)[-1]
    if path in ("", own_name) or path.rstrip("/").endswith("/" + own_name.removesuffix(".md")):
        return link.fragment
    return None

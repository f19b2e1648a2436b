"""A parsed article -> its Document: every heading starts a section, each section is decided once.

An error or cause section absorbs the headings nested under it as subsections, so the sections tile the
document. Error tables in general sections give one entry per row that has a code (kept in the section's
``entries``); the section itself stays a general section, a page section and a link target.
"""

from __future__ import annotations

from .. import bilingual
from ..model import Document, ErrorEntry, Include, Section
from ..parse import ParsedMarkdown
from . import sections
from .entries import Decision, article_context, decide_row, decide_section
from .inline import plain_inline
from .outline import Outline, Span
from .signals import SectionSignals, TableReading, read_signals


def forget_memos() -> None:
    """Drop what extraction memoised (reduced headings, bilingual readings), so that a load starts cold."""
    plain_inline.cache_clear()
    bilingual.forget()


def extract_document(parsed: ParsedMarkdown, locale: str, rel_path: str, includes: tuple[Include, ...]) -> Document:
    """Build the Document of one parsed article."""
    outline = Outline(parsed, locale)
    metadata = dict(parsed.front_matter.data)
    h1 = next((h for h in parsed.headings if h.level == 1), None)
    raw_title = str(metadata.get("title") or (plain_inline(h1.text) if h1 else rel_path))
    title = " ".join(str(metadata.get(key) or "") for key in ("title", "pageTitle")).strip()
    built = _build(outline, article_context(metadata, raw_title, rel_path, outline.labels), title)
    return Document(
        path=parsed.path,
        locale=locale,
        rel_path=rel_path,
        title=bilingual.split(raw_title, locale),
        description=str(metadata.get("description") or ""),
        metadata=metadata,
        translation_type=str(metadata.get("ms.translationtype") or ""),
        headings=tuple(parsed.headings),
        sections=tuple(built),
        links=tuple(parsed.links),
        includes=includes,
        alerts=tuple(parsed.alerts),
        lines=parsed.lines,
        body_start=parsed.front_matter.body_start + 1,
        english=tuple((line, found) for line, items in sorted(outline.residue.items()) for found in items),
        loose_anchors=tuple(parsed.loose_anchors),
    )


def _build(outline: Outline, article: object, title: str) -> list[Section]:
    spans = outline.spans
    signals = {span.index: read_signals(outline, span, title) for span in spans}
    decisions: dict[int, tuple[Decision, TableReading | None]] = {}
    for span in spans:
        children = [signals[child.index] for child in outline.children[span.index]]
        decisions[span.index] = decide_section(outline, span, signals[span.index], children, article)  # type: ignore[arg-type]
    kinds: dict[int, str] = {}
    for span in spans:
        decision = decisions[span.index][0]
        if decision.is_entry and (decision.has_own_subject or not any(kinds.get(a.index) == "error" for a in outline.ancestors(span))):
            kinds[span.index] = "error"
    cause_targets = {ref.anchor for index in kinds for ref in signals[index].refs}
    labels = outline.labels
    for span in spans:
        title = plain_inline(span.heading.text).lower().rstrip(":")
        if title in labels.causes_heading:
            for child in outline.children[span.index]:
                if child.heading.level == span.heading.level + 1 and child.index not in kinds:
                    kinds[child.index] = "cause"
    for span in spans:
        if span.index not in kinds and span.heading.level > 1 and cause_targets & set(span.heading.all_anchors):
            kinds[span.index] = "cause"
    built: list[Section] = []
    preamble_end = (spans[0].heading.line - 1) if spans else len(outline.lines)
    body_start = outline.parsed.front_matter.body_start + 1
    if outline.text(body_start, preamble_end).strip():
        built.append(sections.general(outline, None, body_start, preamble_end))
    owner_end = 0
    for span in spans:
        if span.heading.line <= owner_end and kinds.get(span.index) != "error":
            continue
        kind = kinds.get(span.index, "general")
        if kind == "general":
            rows = _row_entries(outline, span, signals[span.index], article)
            built.append(sections.general(outline, span.heading, span.heading.line, span.own_end, rows))
            continue
        absorbed: list[Span] = []
        end = span.own_end
        for child in outline.children[span.index]:
            if kinds.get(child.index) == "error":
                break
            absorbed.append(child)
            end = child.own_end
        owner_end = end
        if kind == "error":
            decision, single = decisions[span.index]
            built.append(sections.error_section(outline, span, end, absorbed, signals[span.index], decision, single))
        else:
            built.append(sections.cause(outline, span, end, absorbed))
    return sections.link_causes(outline, built)


def _row_entries(outline: Outline, span: Span, found: SectionSignals, article: object) -> tuple[ErrorEntry, ...]:
    """The rows of a general section's error tables that are error entries, in source order."""
    entries: list[ErrorEntry] = []
    for reading in found.tables:
        for row in reading.rows:
            if not row.codes:
                continue
            decision = decide_row(outline, span, reading, row, article)  # type: ignore[arg-type]
            if decision.is_entry:
                entries.append(sections.error_row(outline, span.heading, row, decision))
    return tuple(entries)

"""The heart of the model: is this section (or this table row) an error entry?

A section is an error entry when its structure says so, never because a code-shaped word leads its heading.
Each signal the content gives is :class:`~kb_builder.model.Evidence` with a weight (:data:`SIGNALS`); the
weights combine as independent chances (confidence = 1 - product of (1 - weight)), and a section or a row is an
entry when the confidence reaches :data:`THRESHOLD` and at least one signal is about the section itself (the
context signals, ``error-heading`` and ``error-article``, never make an entry alone). So a CamelCase heading in
a tutorial (``heading-code`` 0.3) stays a heading; the same heading under "Codici di errore" (``error-heading``
0.5) or with a "Codice di errore:" line (``code-label`` 0.95) is an entry, whatever product it names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..codes import CODE
from ..labels import Labels
from ..model import Evidence
from .inline import plain_inline
from .outline import Outline, Span
from .signals import RowReading, SectionSignals, TableReading

SIGNALS: dict[str, tuple[float, str]] = {
    "code-label": (0.95, "a code label line declares the code"),
    "message-label": (0.9, "an error message label line"),
    "cause-links": (0.9, "numbered links to its causes"),
    "error-table": (0.9, "a table with an error or error-code column, about this one error"),
    "table-row": (0.9, "a row of a table with an error or error-code column"),
    "issue-row": (0.7, "a row of a problem table whose problem names an error number"),
    "id-row": (0.4, "a row of a table with a plain code or id column"),
    "failure-row": (0.3, "the row's name or text says something failed"),
    "error-output": (0.7, "a code block the text introduces as the error shown, with its code"),
    "error-list": (0.6, "an item of a list of codes after a line about errors"),
    "code-list": (0.25, "an item of a list that opens each item with a code"),
    "http-status": (0.6, "the heading names a 4xx or 5xx status as an HTTP error"),
    "heading-message": (0.5, "the heading is a code, a separator and a message"),
    "heading-code": (0.3, "the heading is a code-shaped word"),
    "error-mention": (0.45, "the text names the code as an error"),
    "anchor-code": (0.5, "the heading's anchor spells a code the text names as an error"),
    "error-heading": (0.5, "the section, or one enclosing it, has a heading about errors"),
    "error-article": (0.2, "the article is about errors (0.2 to 0.5, see ARTICLE_WEIGHTS)"),
    "failure-name": (0.3, "the heading's code names a failure (…Exception, …Error, …Failed)"),
}
"""Signal -> (weight, what it means). The weights were set by reading what each signal says, then checked on the
labelled set of ``tests/data/entries`` (see its README)."""
CONTEXT_SIGNALS = frozenset({"error-heading", "error-article"})
SUBJECT_SIGNALS = frozenset({"code-label", "message-label", "cause-links", "error-table", "error-output", "http-status", "heading-message", "heading-code"})
"""Signals that a section is about an error of its own: a section nested in an error entry that has none of them
(its text only names the error, "Come correggere l'errore X") is part of that entry."""
THRESHOLD = 0.65
_COMPACT_RE = re.compile(r"[\W_]+")
_ALTERNATIVES_RE = re.compile(r"-(?:or|and)-")
_CODE_WORD_RE = re.compile(rf"(?<![\w.]){CODE}(?![\w])")


@dataclass(frozen=True)
class Decision:
    """What a section (or a row) is, and why."""

    is_entry: bool
    codes: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    confidence: float

    @property
    def has_own_subject(self) -> bool:
        return any(item.signal in SUBJECT_SIGNALS for item in self.evidence)


def evidence(signal: str, detail: str, line: int) -> Evidence:
    return Evidence(signal, detail, line, SIGNALS[signal][0])


def combine(found: list[Evidence]) -> tuple[tuple[Evidence, ...], float]:
    """The strongest evidence of each signal, strongest first, and the confidence they give together."""
    best: dict[str, Evidence] = {}
    for item in found:
        if item.signal not in best or item.weight > best[item.signal].weight:
            best[item.signal] = item
    ordered = tuple(sorted(best.values(), key=lambda item: (-item.weight, item.line, item.signal)))
    doubt = 1.0
    for item in ordered:
        doubt *= 1.0 - item.weight
    return ordered, round(1.0 - doubt, 3)


def decide(found: list[Evidence], codes: tuple[str, ...], structural: bool = False) -> Decision:
    """An entry when the confidence reaches the threshold and some signal is about the subject itself;
    ``structural`` entries (label lines, cause links, a one-error table) need no code."""
    ordered, confidence = combine(found)
    own = any(item.signal not in CONTEXT_SIGNALS for item in ordered)
    return Decision(own and confidence >= THRESHOLD and (bool(codes) or structural), codes, ordered, confidence)


def about_errors(text: str, labels: Labels) -> bool:
    """True when a heading or title speaks of errors (an error word, or a code label such as "codici di errore")."""
    lowered = plain_inline(text).lower()
    words = set(re.findall(r"\w+", lowered))
    return any(word in words for word in labels.error_words) or any(label in lowered for label in labels.code)


ARTICLE_WEIGHTS = {"codes": 0.5, "errors": 0.35, "troubleshooting": 0.2}
"""How much the article's own words weigh: a title that names error codes ("Codici di errore di X") says every
section is about one; a title about errors, less; a troubleshooting article (metadata, title, file name), least."""


def article_context(metadata: Mapping[str, Any], title: str, path: str, labels: Labels) -> Evidence | None:
    """``error-article`` when the article's metadata, title or file name says it is about errors (weighed by
    :data:`ARTICLE_WEIGHTS`)."""
    titles = plain_inline(" ".join(str(metadata.get(key) or "") for key in ("title", "pageTitle")) + " " + title).lower()
    found = next((label for label in labels.code if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", titles)), None)
    if found:
        return Evidence("error-article", f"title: '{found}'", 1, ARTICLE_WEIGHTS["codes"])
    words = set(re.findall(r"\w+", titles))
    found = next((word for word in labels.error_words if word in words), None)
    if found:
        return Evidence("error-article", f"title: '{found}'", 1, ARTICLE_WEIGHTS["errors"])
    topic = str(metadata.get("ms.topic") or "").lower()
    if "troubleshoot" in topic:
        return Evidence("error-article", f"ms.topic: {topic}", 1, ARTICLE_WEIGHTS["troubleshooting"])
    found = next((phrase for phrase in labels.troubleshooting if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", titles)), None)
    if found:
        return Evidence("error-article", f"title: '{found}'", 1, ARTICLE_WEIGHTS["troubleshooting"])
    name = path.rsplit("/", 1)[-1].lower()
    found = next((word for word in ("troubleshoot", "error") if word in name), None)
    if found:
        return Evidence("error-article", f"file name: '{found}'", 1, ARTICLE_WEIGHTS["troubleshooting"])
    return None


def heading_context(outline: Outline, span: Span, own: bool) -> Evidence | None:
    """``error-heading`` when the section's heading (``own``) or an enclosing one below the title is about errors."""
    candidates = ([span] if own else []) + outline.ancestors(span)
    for candidate in candidates:
        if candidate.heading.level > 1 and about_errors(candidate.heading.text, outline.labels):
            return evidence("error-heading", f"heading '{plain_inline(candidate.heading.text)}'", candidate.heading.line)
    return None


def decide_section(outline: Outline, span: Span, signals: SectionSignals, child_signals: list[SectionSignals], article: Evidence | None) -> tuple[Decision, TableReading | None]:
    """Is the section an error entry; and the one-error table whose row gives its codes, if that is what makes it one."""
    found: list[Evidence] = []
    line = span.heading.line
    declared = tuple(code for declaration in signals.declarations for code in declaration.codes)
    if declared:
        declaration = next(d for d in signals.declarations if d.codes)
        found.append(evidence("code-label", f"'{declaration.label}:' line", declaration.pos.line))
    if signals.message is not None:
        found.append(evidence("message-label", "error message label line", signals.message_line))
    numbered = [ref for ref in signals.refs if ref.number is not None and ref.word.lower() in outline.labels.cause]
    if numbered:
        found.append(evidence("cause-links", f"'{numbered[0].label}' and {len(numbered) - 1} more", numbered[0].pos.line))
    codes = declared or signals.heading_codes
    failing = [code for code in signals.heading_codes if any(word in code.lower() for word in outline.labels.failure_words)]
    if failing:
        found.append(evidence("failure-name", f"'{failing[0]}' names a failure", line))
    if signals.heading_codes:
        if signals.heading_rest:
            found.append(evidence("heading-message", f"heading '{signals.heading_codes[0]} - …'", line))
        else:
            found.append(evidence("heading-code", f"heading '{signals.heading_codes[0]}'", line))
    shown = [output for output in signals.outputs if output[0]]
    if shown and not codes:
        codes = tuple(dict.fromkeys(code for output in shown for code in output[0]))
        found.append(evidence("error-output", f"the error shown: '{shown[0][1][:50]}'", shown[0][2]))
    if signals.heading_numbers and not codes:
        codes = signals.heading_numbers
        signal = "http-status" if signals.heading_http else "heading-message"
        found.append(evidence(signal, f"heading names {signals.heading_numbers[0]}", line))
    single = _single_error_table(signals)
    if single is not None and not (declared or signals.message is not None or numbered):
        if not codes and single.coded_rows:
            codes = single.coded_rows[0].codes
        found.append(evidence("error-table", f"table column '{single.header_cell}'", single.table.line))
    confirming = {code.casefold(): (code, at) for code, at, _marked in signals.mentions}
    for child in child_signals:
        for code, at, _marked in child.mentions:
            confirming.setdefault(code.casefold(), (code, at))
    mentioned = {code.casefold(): (code, at) for code, at, marked in signals.mentions if marked}
    named = [confirming[code.casefold()] for code in codes if code.casefold() in confirming]
    if named:
        found.append(evidence("error-mention", f"the text names '{named[0][0]}' as an error", named[0][1]))
    if not codes and mentioned:
        codes = tuple(code for code, _at in mentioned.values())
        first_code, first_line = next(iter(mentioned.values()))
        found.append(evidence("error-mention", f"the text names '{first_code}' as an error", first_line))
    if not codes or not signals.heading_codes:
        named_here = {code.casefold() for code, _at, _marked in signals.mentions} | {code.casefold() for output in signals.outputs for code in output[0]}
        spelled = [(code, at) for code, at in _spelled_by_anchor(outline, span) if code.casefold() in named_here]
        if spelled:
            codes = tuple(dict.fromkeys(codes + tuple(code for code, _line in spelled)))
            found.append(evidence("anchor-code", f"anchor '{span.heading.anchors[0]}' spells '{spelled[0][0]}'", spelled[0][1]))
    context = heading_context(outline, span, own=not signals.heading_codes)
    if context is not None:
        found.append(context)
    if article is not None:
        found.append(article)
    structural = bool(declared or signals.message is not None or numbered or single is not None)
    if span.heading.level == 1 and not (signals.heading_numbers or declared or signals.message is not None or shown):
        return Decision(False, (), (), 0.0), None
    return decide(found, codes, structural), single


def _spelled_by_anchor(outline: Outline, span: Span) -> list[tuple[str, int]]:
    """Codes of the section's text (code blocks included) that its explicit anchor spells: a translated heading
    keeps the English anchor (``account-name-invalid``, ``not-found-or-resource-not-found``) of the code it is about."""
    if not span.heading.anchors:
        return []
    wanted = {_COMPACT_RE.sub("", part).lower() for anchor in span.heading.anchors for part in [anchor, *_ALTERNATIVES_RE.split(anchor)]}
    found: dict[str, tuple[str, int]] = {}
    for number in range(span.heading.line + 1, span.own_end + 1):
        for match in _CODE_WORD_RE.finditer(outline.lines[number - 1]):
            code = match.group()
            if not code.isdigit() and code.lower() in wanted:
                found.setdefault(code.lower(), (code, number))
    return list(found.values())


def _single_error_table(signals: SectionSignals) -> TableReading | None:
    """The section's error table when it has one row: the table is about this one error."""
    for reading in signals.tables:
        if reading.kind == "error" and len(reading.rows) == 1:
            return reading
    return None


def decide_row(outline: Outline, span: Span | None, reading: TableReading, row: RowReading, article: Evidence | None) -> Decision:
    """Is one table row (of a section that is not an entry itself) an error entry."""
    signal = {"error": "table-row", "issue": "issue-row", "id": "id-row", "error-list": "error-list", "code-list": "code-list"}[reading.kind]
    where = f"list after '{reading.header_cell}'" if reading.kind.endswith("list") else f"table column '{reading.header_cell}'"
    found = [evidence(signal, where, row.row.line)]
    if span is not None:
        context = heading_context(outline, span, own=True)
        if context is not None:
            found.append(context)
    if article is not None:
        found.append(article)
    codes = row.codes
    if reading.kind == "id":
        codes = tuple(code for code in codes if not (len(code) == 3 and code.isdigit() and int(code) < 400))
        if not row.names_error:
            return Decision(False, codes, tuple(found), 0.0)
        found.append(evidence("failure-row", "the row says something failed", row.row.line))
    return decide(found, codes)

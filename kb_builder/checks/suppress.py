"""Inline suppression: ``<!-- kb: disable=missing-file,broken-anchor -->`` (names or ids, or ``all``).

Scope:
- at the end of a line with other content: that line only;
- alone on its line: from the next line to the end of the section that follows, i.e. up to
  (not including) the next heading after the first non-blank line. Placed just above a heading it
  covers that heading and its text; placed inside a section it covers the rest of that section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..diagnostics import BY_ID, BY_NAME, rule
from ..model import Diagnostic, Document, SourcePos

COMMENT_RE = re.compile(r"<!--\s*kb:\s*disable=([\w\-, ]+?)\s*-->", re.I)
ALL = "all"
SUPPRESSION = rule("suppression")


@dataclass(frozen=True)
class Suppression:
    """Rules silenced on lines first..last (1-based, inclusive) of one file."""

    first: int
    last: int
    rules: frozenset[str]
    """Rule names, or ``{"all"}``."""
    unknown: tuple[tuple[str, SourcePos], ...] = ()
    """Words of the comment that name no rule, where they are written."""

    def covers(self, diagnostic: Diagnostic) -> bool:
        return self.first <= diagnostic.pos.line <= self.last and (ALL in self.rules or diagnostic.rule in self.rules)


def suppressions(document: Document) -> list[Suppression]:
    """Every suppression comment of a document with its scope."""
    found: list[Suppression] = []
    if "kb:" not in "\n".join(document.lines):
        return found
    heading_lines = sorted(heading.line for heading in document.headings)
    for index, text in enumerate(document.lines):
        if "kb:" not in text:
            continue
        for match in COMMENT_RE.finditer(text):
            line = index + 1
            words = [part.strip() for part in match.group(1).split(",") if part.strip()]
            rules = frozenset(name for word in words if (name := _name(word)))
            unknown = tuple((word, SourcePos(document.path, line, text.find(word, match.start()) + 1)) for word in words if not _name(word))
            if text.replace(match.group(0), "").strip():
                found.append(Suppression(line, line, rules, unknown))
            else:
                found.append(Suppression(line + 1, _section_end(document, heading_lines, line), rules, unknown))
    return found


def _name(word: str) -> str:
    """The rule name a word of a comment means ('' for none)."""
    if word.lower() == ALL:
        return ALL
    found = BY_NAME.get(word) or BY_ID.get(word.upper())
    return found.name if found else ""


def _section_end(document: Document, heading_lines: list[int], line: int) -> int:
    first = next((n for n in range(line + 1, len(document.lines) + 1) if document.lines[n - 1].strip()), len(document.lines))
    following = next((h for h in heading_lines if h > first), None)
    return following - 1 if following else len(document.lines)


def apply(diagnostics: list[Diagnostic], documents: dict[str, Document]) -> list[Diagnostic]:
    """The diagnostics no suppression comment covers."""
    scopes = {path: found for path, document in documents.items() if (found := suppressions(document))}
    if not scopes:
        return diagnostics
    kept = [d for d in diagnostics if not any(s.covers(d) for s in scopes.get(d.pos.path, ()))]
    for found in scopes.values():
        for suppression in found:
            for word, pos in suppression.unknown:
                near = process.extractOne(word, list(BY_NAME), scorer=fuzz.ratio, score_cutoff=60)
                hint = f"did you mean '{near[0]}'? ('kb check --list-rules' lists them)" if near else "see 'kb check --list-rules'"
                kept.append(SUPPRESSION.at(pos, f"'{word}' in a kb: disable comment names no rule; nothing is silenced by it", hint, end_col=pos.col + len(word)))
    return kept

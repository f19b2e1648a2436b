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

from ..diagnostics import BY_ID, BY_NAME
from ..model import Diagnostic, Document

COMMENT_RE = re.compile(r"<!--\s*kb:\s*disable=([\w\-, ]+?)\s*-->", re.I)
ALL = "all"


@dataclass(frozen=True)
class Suppression:
    """Rules silenced on lines first..last (1-based, inclusive) of one file."""

    first: int
    last: int
    rules: frozenset[str]
    """Rule names, or ``{"all"}``."""

    def covers(self, diagnostic: Diagnostic) -> bool:
        return self.first <= diagnostic.pos.line <= self.last and (ALL in self.rules or diagnostic.rule in self.rules)


def suppressions(document: Document) -> list[Suppression]:
    """Every suppression comment of a document with its scope."""
    found: list[Suppression] = []
    heading_lines = sorted(heading.line for heading in document.headings)
    for index, text in enumerate(document.lines):
        if "kb:" not in text:
            continue
        for match in COMMENT_RE.finditer(text):
            rules = frozenset(_name(part.strip()) for part in match.group(1).split(",") if part.strip())
            line = index + 1
            if text.replace(match.group(0), "").strip():
                found.append(Suppression(line, line, rules))
            else:
                found.append(Suppression(line + 1, _section_end(document, heading_lines, line), rules))
    return found


def _name(word: str) -> str:
    if word.lower() == ALL:
        return ALL
    found = BY_NAME.get(word) or BY_ID.get(word.upper())
    return found.name if found else word


def _section_end(document: Document, heading_lines: list[int], line: int) -> int:
    first = next((n for n in range(line + 1, len(document.lines) + 1) if document.lines[n - 1].strip()), len(document.lines))
    following = next((h for h in heading_lines if h > first), None)
    return following - 1 if following else len(document.lines)


def apply(diagnostics: list[Diagnostic], documents: dict[str, Document]) -> list[Diagnostic]:
    """The diagnostics no suppression comment covers."""
    scopes = {path: found for path, document in documents.items() if (found := suppressions(document))}
    if not scopes:
        return diagnostics
    return [d for d in diagnostics if not any(s.covers(d) for s in scopes.get(d.pos.path, ()))]

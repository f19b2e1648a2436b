"""Parse-stage findings about markup the output cannot show as written.

An unclosed code fence turns the rest of its block into code; nesting past the
parser's limit drops the rest of the block; ``<script>``, ``on*=``
attributes, ``javascript:`` URLs and anchors with quotes or ``<`` are dropped or
escaped by the sanitizer, so the writer is told where they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from .diagnostics import BY_NAME
from .model import Diagnostic, SourcePos
from .parse import ParsedMarkdown, markdown_parser

SCRIPT_RE = re.compile(r"<(script|iframe|object|embed|style|base|form|meta|link|svg|math)\b", re.IGNORECASE)
"""A start tag (no space may follow '<': "< link" is text)."""
SCRIPT_BODY_RE = re.compile(r"<script\b.*?(?:</script\s*>|\Z)", re.IGNORECASE | re.DOTALL)
"""A script element: what its code holds ("<link>" in a string) is no element of the page."""
EVENT_RE = re.compile(r"<[a-z][^>]*?[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
SCRIPT_URL_RE = re.compile(r"""(?:\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?|\]\(\s*<?)\s*((?:java|vb)script|livescript)\s*:""", re.IGNORECASE)
UNSAFE_ANCHOR_RE = re.compile(r"[\"'<>`\s]")
FENCE_CLOSE_RE = re.compile(r"^[\s>]*(`{3,}|~{3,})\s*$")
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


def markup_findings(parsed: ParsedMarkdown) -> list[Diagnostic]:
    """Unclosed fences and script-capable markup of one parsed file, each at its line."""
    found = list(_unclosed_fences(parsed)) + list(_too_deep(parsed)) + list(_unsafe_html(parsed)) + list(_unsafe_anchors(parsed))
    return sorted(found, key=lambda d: (d.pos.line, d.pos.col, d.message))


def _unclosed_fences(parsed: ParsedMarkdown) -> Iterator[Diagnostic]:
    for token in parsed.tokens:
        if token.type != "fence" or not token.map:
            continue
        first, end = token.map
        closing = FENCE_CLOSE_RE.match(parsed.lines[end - 1]) if end - first > 1 and end <= len(parsed.lines) else None
        if closing is None or closing.group(1)[0] != token.markup[0] or len(closing.group(1)) < len(token.markup):
            yield BY_NAME["unclosed-fence"].at(SourcePos(parsed.path, first + 1), f"the code fence '{token.markup}' opened here is never closed")


def _too_deep(parsed: ParsedMarkdown) -> Iterator[Diagnostic]:
    """The first block where markdown-it reaches its nesting limit (it drops the rest of that block)."""
    limit = markdown_parser().options["maxNesting"]
    deepest = next((t for t in parsed.tokens if t.nesting == 1 and t.level + 1 >= limit and t.map), None)
    if deepest is not None:
        message = f"lists or quotes nested {limit} levels deep: markdown stops parsing here and the rest of the block is not shown"
        yield BY_NAME["nesting-limit"].at(SourcePos(parsed.path, deepest.map[0] + 1), message)  # type: ignore[index]


UNSAFE_PATTERNS = ((SCRIPT_RE, "a <{}> element", ("<",)), (EVENT_RE, "an {} attribute", ("<", "on", "=")), (SCRIPT_URL_RE, "a {}: URL", ("script",)))
"""Each pattern, what it finds, and the lowercase substrings any match holds (most text has none: no regex runs)."""


def _unsafe_html(parsed: ParsedMarkdown) -> Iterator[Diagnostic]:
    for token, source in _html_sources(parsed.tokens):
        lowered = source.lower()
        scripts = [(m.start(), m.end()) for m in SCRIPT_BODY_RE.finditer(source)] if "<script" in lowered else []
        for pattern, what, needles in UNSAFE_PATTERNS:
            if not all(needle in lowered for needle in needles):
                continue
            for match in pattern.finditer(source):
                if any(start < match.start() < end for start, end in scripts):
                    continue
                line = token.map[0] + 1 + source.count("\n", 0, match.start(1))  # type: ignore[index]
                written = source[match.start(1) : match.end()].split("\n", 1)[0]  # from the tag, attribute or scheme name
                col = parsed.lines[line - 1].find(written) + 1 if line <= len(parsed.lines) else 0
                end_col = col + len(written) if col > 0 else None
                yield BY_NAME["unsafe-html"].at(SourcePos(parsed.path, line, max(col, 1)), f"{what.format(match.group(1).lower())} is dropped from the output", end_col=end_col)


def _html_sources(tokens: list[Token]) -> Iterator[tuple[Token, str]]:
    """Raw HTML blocks, and inline content holding HTML or a link, with the token that gives their line."""
    for token in tokens:
        if token.type == "html_block" and token.map:
            yield token, token.content
        elif token.type == "inline" and token.map and ("<" in token.content or "](" in token.content):
            yield token, CODE_SPAN_RE.sub(_blank, token.content) if "`" in token.content else token.content


def _blank(match: re.Match[str]) -> str:
    """A code span as spaces, its newlines kept (code shows markup as text)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _unsafe_anchors(parsed: ParsedMarkdown) -> Iterator[Diagnostic]:
    named = [(anchor, heading.line) for heading in parsed.headings for anchor in heading.anchors] + parsed.loose_anchors
    for anchor, line in named:
        if UNSAFE_ANCHOR_RE.search(anchor):
            yield BY_NAME["unsafe-html"].at(SourcePos(parsed.path, line), f"the anchor name {anchor!r} holds quotes, '<', '>' or spaces; links to it cannot work everywhere")

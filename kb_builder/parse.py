"""Parse stage: markdown text -> tokens, headings, links, includes and alerts, each with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .docfx import docfx_plugin
from .frontmatter import FrontMatter, read_front_matter
from .model import Alert, Heading, Link, SourcePos
from .slug import slugify


LINK_SYNTAX_RE = re.compile(r"\[|<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@)")
"""What every link and image starts with: ``[`` (inline, reference, image), or ``<`` opening an autolink."""


LINK_TEXT_MARKERS = frozenset("*_~")
"""Emphasis and strikethrough delimiters: a link whose text holds one is parsed again with those rules."""


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The shared markdown-it instance: CommonMark, tables and the DocFX plugins, tuned for finding links.

    Inline tokens get their children only where the source can hold a link or an image: kb reads
    every other inline token by its source (``content``), and tokenising them was half of the parse.
    Emphasis is not tokenised (it never changes where a link starts or ends; the rare link whose
    text holds ``*``, ``_`` or ``~`` is parsed again in full, see :func:`_full_parser`), and link
    targets are kept as written, unescaped but not percent-encoded: the checks decode them anyway.
    """
    md = MarkdownIt("commonmark", {"html": True}).enable("table").disable("emphasis")
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    md.core.ruler.at("inline", _inline_with_links)
    md.use(docfx_plugin)
    return md


@lru_cache(maxsize=1)
def _full_parser() -> MarkdownIt:
    """Every inline rule (emphasis, strikethrough), for the inline tokens whose link text needs them."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    return md


def _as_written(url: str) -> str:
    return url


def _inline_with_links(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, for the inline tokens that may hold a link or an image."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if LINK_SYNTAX_RE.search(token.content):
                state.md.inline.parse(token.content, state.md, state.env, token.children)
                if _link_text_has_markers(token.children):
                    full, token.children = _full_parser(), []
                    full.inline.parse(token.content, full, state.env, token.children)


def _link_text_has_markers(children: list[Token]) -> bool:
    """True when the text of a link holds an emphasis or strikethrough delimiter."""
    depth = 0
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        elif depth and not LINK_TEXT_MARKERS.isdisjoint(child.content):
            return True
    return False


@dataclass(frozen=True)
class IncludeRef:
    """An include as written, before resolution."""

    title: str
    target: str
    line: int
    col: int


@dataclass
class ParsedMarkdown:
    """What the parse stage found in one file."""

    path: str
    front_matter: FrontMatter
    lines: tuple[str, ...]
    tokens: list[Token]
    """Inline tokens have children only where their source can hold a link (see :func:`markdown_parser`)."""
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    includes: list[IncludeRef] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    loose_anchors: list[tuple[str, int]] = field(default_factory=list)
    """``<a name>`` anchors outside headings, with their lines."""


def parse_markdown(text: str, path: str) -> ParsedMarkdown:
    """Parse one document. Line numbers are 1-based and count the front matter.

    Lone CRs end lines as they do for markdown-it, so the lines agree with the tokens' line maps.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = read_front_matter(text)
    lines = tuple(text.split("\n"))
    body = "\n" * front.body_start + "\n".join(lines[front.body_start :])
    env: dict[str, Any] = {}
    tokens = markdown_parser().parse(body, env)
    parsed = ParsedMarkdown(path, front, lines, tokens)
    _collect(parsed)
    parsed.loose_anchors = list(env.get("docfx_anchors", []))
    return parsed


def _collect(parsed: ParsedMarkdown) -> None:
    tokens = parsed.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            inline = tokens[index + 1]
            text = inline.content.strip()
            parsed.headings.append(
                Heading(
                    level=int(token.tag[1]),
                    text=text,
                    anchors=tuple(token.meta.get("anchors", ())),
                    slug=slugify(text),
                    line=token.map[0] + 1,
                )
            )
        elif token.type == "docfx_include" and token.map:
            line = token.map[0] + 1
            col = parsed.lines[line - 1].find("[") + 1
            parsed.includes.append(IncludeRef(token.meta["title"], token.meta["target"], line, max(col, 1)))
        elif token.type == "blockquote_open" and "alert" in token.meta and token.map:
            parsed.alerts.append(Alert(token.meta["alert"], _blockquote_markdown(parsed.lines, token.map), token.map[0] + 1))
        if token.type == "inline" and token.map:
            parsed.links.extend(_links(parsed, token))


def _blockquote_markdown(lines: tuple[str, ...], span: list[int]) -> str:
    """The alert's body as markdown: quote markers and the alert marker removed."""
    from .docfx.alerts import match_marker

    body: list[str] = []
    for raw in lines[span[0] : span[1]]:
        stripped = raw.lstrip()
        if stripped.startswith(">"):
            stripped = stripped[1:]
            stripped = stripped[1:] if stripped.startswith(" ") else stripped
        body.append(stripped)
    if body:
        found = match_marker(body[0])
        if found:
            body[0] = body[0][found[1] :].strip()
    return "\n".join(body).strip()


def _links(parsed: ParsedMarkdown, inline: Token) -> list[Link]:
    """Links and images of one inline token, each located at its line and column."""
    start, end = inline.map  # type: ignore[misc]
    region = parsed.lines[start:end]
    cursor_line, cursor_col = 0, 0
    found: list[Link] = []
    for child, text in _walk_links(inline.children or []):
        is_image = child.type == "image"
        target = str(child.attrGet("src") if is_image else child.attrGet("href") or "")
        line_no, col = _locate(region, target, cursor_line, cursor_col)
        if line_no >= 0:
            cursor_line, cursor_col = line_no, col + 1
            found.append(Link(target, text, SourcePos(parsed.path, start + line_no + 1, _link_start(region[line_no], col)), is_image))
        else:
            found.append(Link(target, text, SourcePos(parsed.path, start + 1, 1), is_image))
    return found


def _walk_links(children: list[Token]) -> list[tuple[Token, str]]:
    """Each link_open or image with its visible text."""
    result: list[tuple[Token, str]] = []
    for index, child in enumerate(children):
        if child.type == "image":
            result.append((child, child.content))
        elif child.type == "link_open":
            depth, parts = 0, []
            for position in range(index + 1, len(children)):  # not a slice: 10,000 links would copy n² tokens
                inner = children[position]
                if inner.type == "link_close" and depth == 0:
                    break
                depth += inner.nesting if inner.type.startswith("link") else 0
                parts.append(inner.content)
            result.append((child, "".join(parts)))
    return result


def _locate(region: tuple[str, ...], target: str, line: int, col: int) -> tuple[int, int]:
    """The first occurrence of ``target`` at or after (line, col) in the region, as written:
    verbatim, else with backslash escapes or character references where the target has a character."""
    if not target:
        return -1, -1
    for offset in range(line, len(region)):
        position = region[offset].find(target, col if offset == line else 0)
        if position >= 0:
            return offset, position
    written = _written_form(target)
    for offset in range(line, len(region)):
        found = written.search(region[offset], col if offset == line else 0)
        if found:
            return offset, found.start()
    return -1, -1


def _written_form(target: str) -> re.Pattern[str]:
    """A pattern for ``target`` as it may be written in the source: each character as a character reference,
    backslash-escaped or itself. Atomic groups keep the search linear."""
    return re.compile("".join(rf"(?>&#?\w+;|\\{re.escape(char)}|{re.escape(char)})" for char in target))


def _link_start(source_line: str, target_col: int) -> int:
    """1-based column of the ``[`` or ``<`` that opens the link whose target is at ``target_col``."""
    if target_col > 0 and source_line[target_col - 1] == "<" and not source_line.endswith("](<", 0, target_col):
        return target_col  # an autolink
    close = source_line.rfind("](", 0, target_col + 1)
    if close < 0:
        return target_col + 1
    depth = 0
    for position in range(close - 1, -1, -1):
        char = source_line[position]
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                return position if position > 0 and source_line[position - 1] == "!" else position + 1
            depth -= 1
    return target_col + 1

"""Markdown text in its three forms: source, sanitized HTML, plain text."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .docfx import docfx_plugin

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "name", "id"},
    "img": {"src", "alt", "title"},
    "div": {"class"},
    "span": {"class"},
    "code": {"class"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_SPACE_RE = re.compile(r"[ \t]+")


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(docfx_plugin)
    return md


def sanitize(html: str) -> str:
    """HTML with scripts, event handlers and dangerous URLs removed (nh3, the ammonia sanitizer)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")


def to_html(markdown: str) -> str:
    """Sanitized HTML of a markdown fragment."""
    if not markdown.strip():
        return ""
    return sanitize(_renderer().render(markdown)).strip()


def to_plain(markdown: str) -> str:
    """Readable plain text: markup, tags and link targets dropped; paragraphs and list markers kept."""
    if not markdown.strip():
        return ""
    lines: list[str] = []
    lists: list[list[int]] = []
    """Open lists: [next number] for an ordered one, [] for a bullet list."""
    marker = ""
    row: list[str] | None = None
    for token in _renderer().parse(markdown):
        kind = token.type
        if kind == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif kind == "bullet_list_open":
            lists.append([])
        elif kind in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            current = lists[-1] if lists else []
            marker = f"{current[0]}. " if current else "- "
            if current:
                current[0] += 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            lines.append(" | ".join(row))
            row = None
        elif kind == "inline":
            text = _inline_text(token)
            if row is not None:
                row.append(text)
                continue
            indent = "  " * max(len(lists) - 1, 0) if lists else ""
            lines.append(f"{indent}{marker}{text}")
            marker = ""
        elif kind in ("fence", "code_block"):
            lines.append(token.content.rstrip())
    return "\n".join(line for line in lines if line.strip()).strip()


def _inline_text(token: Token) -> str:
    words = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "image"):
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return _SPACE_RE.sub(" ", "".join(words)).strip()


def forms(markdown: str) -> dict[str, str]:
    """The three forms of a text field, as the JSON API carries them."""
    return {"markdown": markdown, "html": to_html(markdown), "text": to_plain(markdown)}

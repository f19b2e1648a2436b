"""Markdown text in its three forms: source, sanitized HTML, plain text."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

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
_BLANKS_RE = re.compile(r"\n{3,}")


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
    """Readable plain text: markup, tags and link targets dropped, paragraphs kept."""
    if not markdown.strip():
        return ""
    tokens = _renderer().parse(markdown)
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            words = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    words.append(" ")
                elif child.type == "image":
                    words.append(child.content)
            parts.append(_SPACE_RE.sub(" ", "".join(words)).strip())
        elif token.type in ("fence", "code_block"):
            parts.append(token.content.rstrip())
        elif token.type in ("paragraph_close", "heading_close", "list_item_close", "tr_close", "blockquote_close"):
            parts.append("\n")
        elif token.type in ("td_close", "th_close"):
            parts.append(" ")
    text = "".join(p if p in ("\n", " ") else p + ("" if p.endswith("\n") else "") for p in parts)
    return _BLANKS_RE.sub("\n\n", text).strip()


def forms(markdown: str) -> dict[str, str]:
    """The three forms of a text field, as the JSON API carries them."""
    return {"markdown": markdown, "html": to_html(markdown), "text": to_plain(markdown)}

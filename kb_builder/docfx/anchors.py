"""``<a name="...">`` anchors: lifted out of headings into ``token.meta["anchors"]``.

A heading may carry zero, one or several anchors; all are kept in order. Anchors
alone in an HTML block right above a heading (blank lines between) are that
heading's too, first. Anchors elsewhere (a bare ``<a name>`` in a paragraph) are
collected in ``env["docfx_anchors"]`` as ``(id, line)``.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'<>=`/]+)"""
_ATTRIBUTE = rf"\s+(?:name|id)\s*=\s*{_VALUE}"
ANCHOR_RE = re.compile(rf"<a(?:{_ATTRIBUTE})+\s*/?>\s*(?:</a>)?", re.I)
"""An anchor tag: ``<a name="x">``, ``<a id="x">``, or both (``<a id="x" name="x">``), with or without ``</a>``."""
ATTRIBUTE_RE = re.compile(rf"\s+(?:name|id)\s*=\s*(?P<value>{_VALUE})", re.I)
CLOSE_RE = re.compile(r"^\s*</a>\s*$", re.I)


def find_anchors(source: str) -> list[str]:
    """Every anchor id in a piece of inline source, in order (a tag with both ``id`` and ``name`` gives each once)."""
    found: list[str] = []
    for tag in ANCHOR_RE.finditer(source):
        for attribute in ATTRIBUTE_RE.finditer(tag.group()):
            value = html.unescape(attribute.group("value").strip("\"'"))
            if value not in found:
                found.append(value)
    return found


def strip_anchors(source: str) -> str:
    """The inline source without its anchor tags."""
    return ANCHOR_RE.sub("", source).strip()


def _lift_anchors(state: StateCore) -> None:
    tokens = state.tokens
    found: list[tuple[str, int]] = state.env.setdefault("docfx_anchors", [])
    for index, token in enumerate(tokens):
        if token.type not in ("html_block", "inline"):
            continue
        anchors = find_anchors(token.content)
        if not anchors:
            continue
        if token.type == "inline" and index and tokens[index - 1].type == "heading_open":
            tokens[index - 1].meta["anchors"] = tokens[index - 1].meta.get("anchors", []) + anchors
            token.children = [
                child
                for child in (token.children or [])
                if not (child.type == "html_inline" and (ANCHOR_RE.fullmatch(child.content.strip()) or CLOSE_RE.match(child.content)))
            ]
            token.content = strip_anchors(token.content)
        elif not _lift_to_next_heading(tokens, index, anchors):
            found.extend((anchor, (token.map[0] + 1) if token.map else 0) for anchor in anchors)


def _lift_to_next_heading(tokens: list[Token], index: int, anchors: list[str]) -> bool:
    """Give anchors written alone right above a heading (an HTML block, or a paragraph of nothing else) to that heading."""
    token = tokens[index]
    if strip_anchors(token.content):
        return False
    if token.type == "html_block":
        block, after = [token], index + 1
    elif index and tokens[index - 1].type == "paragraph_open" and index + 1 < len(tokens) and tokens[index + 1].type == "paragraph_close":
        block, after = tokens[index - 1 : index + 2], index + 2
    else:
        return False
    if after >= len(tokens) or tokens[after].type != "heading_open":
        return False
    tokens[after].meta["anchors"] = anchors + tokens[after].meta.get("anchors", [])
    for part in block:  # rendered as nothing: the heading carries the anchors
        part.hidden = True
        part.content = ""
        if part.type == "inline":
            part.children = []
    return True


def anchors_plugin(md: MarkdownIt) -> None:
    """Register the anchor-lifting core rule."""
    md.core.ruler.push("docfx_anchors", _lift_anchors)

"""``<a name="...">`` anchors: lifted out of headings into ``token.meta["anchors"]``.

A heading may carry zero, one or several anchors; all are kept in order. Anchors
elsewhere (a bare ``<a name>`` in a paragraph) are collected in
``env["docfx_anchors"]`` as ``(id, line)``.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

ANCHOR_RE = re.compile(r"""<a\s+(?:name|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))\s*/?>\s*(?:</a>)?""", re.I)
CLOSE_RE = re.compile(r"^\s*</a>\s*$", re.I)


def find_anchors(source: str) -> list[str]:
    """Every anchor id in a piece of inline source, in order."""
    return [html.unescape(next(g for g in m.groups() if g is not None)) for m in ANCHOR_RE.finditer(source)]


def strip_anchors(source: str) -> str:
    """The inline source without its anchor tags."""
    return ANCHOR_RE.sub("", source).strip()


def _lift_anchors(state: StateCore) -> None:
    tokens = state.tokens
    found: list[tuple[str, int]] = state.env.setdefault("docfx_anchors", [])
    for index, token in enumerate(tokens):
        if token.type == "html_block":
            line = (token.map[0] + 1) if token.map else 0
            found.extend((anchor, line) for anchor in find_anchors(token.content))
            continue
        if token.type != "inline":
            continue
        anchors = find_anchors(token.content)
        if not anchors:
            continue
        line = (token.map[0] + 1) if token.map else 0
        if index and tokens[index - 1].type == "heading_open":
            tokens[index - 1].meta["anchors"] = anchors
            token.children = [
                child
                for child in (token.children or [])
                if not (child.type == "html_inline" and (ANCHOR_RE.fullmatch(child.content.strip()) or CLOSE_RE.match(child.content)))
            ]
            token.content = strip_anchors(token.content)
        else:
            found.extend((anchor, line) for anchor in anchors)


def anchors_plugin(md: MarkdownIt) -> None:
    """Register the anchor-lifting core rule."""
    md.core.ruler.push("docfx_anchors", _lift_anchors)

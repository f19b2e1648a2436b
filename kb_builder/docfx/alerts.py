"""DocFX alerts: a blockquote opening with ``[!NOTE]`` (any case and spacing).

The five DocFX kinds (NOTE, TIP, IMPORTANT, CAUTION, WARNING) and the legacy
``[AZURE.NOTE]`` form are recognised, nested in lists too. The blockquote's
``meta["alert"]`` receives the kind and the marker is removed from the text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

KINDS = ("NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING")
MARKER_RE = re.compile(r"^\s*\[\s*!\s*(NOTE|TIP|IMPORTANT|CAUTION|WARNING)\s*\]|^\s*\[\s*AZURE\.(NOTE|TIP|IMPORTANT|CAUTION|WARNING)\s*\]", re.I)


def match_marker(text: str) -> tuple[str, int] | None:
    """The alert kind and the marker's length, when ``text`` opens with one."""
    match = MARKER_RE.match(text)
    if not match:
        return None
    return (match.group(1) or match.group(2)).upper(), match.end()


def _mark_alerts(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "blockquote_open":
            continue
        inline = next((t for t in tokens[index + 1 : index + 4] if t.type == "inline"), None)
        if inline is None:
            continue
        found = match_marker(inline.content)
        if not found:
            continue
        kind, length = found
        token.meta["alert"] = kind
        inline.content = inline.content[length:].lstrip(" \t").removeprefix("\n")
        _drop_marker_children(inline.children or [], length)


def _drop_marker_children(children: list, length: int) -> None:
    """Remove the marker from the inline children (text, then a line break)."""
    consumed = 0
    while children and consumed < length:
        child = children[0]
        if child.type == "text":
            remaining = length - consumed
            if len(child.content) <= remaining:
                consumed += len(child.content)
                children.pop(0)
                continue
            child.content = child.content[remaining:].lstrip()
            break
        if child.type in ("softbreak", "hardbreak"):
            children.pop(0)
            continue
        # The marker was tokenised as link text or similar: drop tokens until past it.
        consumed += len(child.content or child.markup or "")
        children.pop(0)
    while children and children[0].type in ("softbreak", "hardbreak"):
        children.pop(0)


def alerts_plugin(md: MarkdownIt) -> None:
    """Register the alert-marking core rule (after inline parsing)."""
    md.core.ruler.push("docfx_alerts", _mark_alerts)

"""Headings written without a space after the ``#`` marks when an anchor follows: ``##<a name="x"></a>Title``.

CommonMark reads such a line as a paragraph; the renderers of DocFX articles of 2016-2017 read it as a heading,
and thousands of articles of that era are written so. Only an anchor tag right after the marks makes the line a
heading, so ``#include`` or ``#hashtag`` stay text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import isStrSpace
from markdown_it.rules_block import StateBlock

_GLUED_RE = re.compile(r"(#{1,6})<a\s", re.I)


def _glued_heading(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    maximum = state.eMarks[start_line]
    match = _GLUED_RE.match(state.src, begin, maximum)
    if not match:
        return False
    if silent:
        return True
    level = len(match.group(1))
    pos = begin + level
    end = state.skipSpacesBack(maximum, pos)
    tail = state.skipCharsStrBack(end, "#", pos)
    if tail > pos and isStrSpace(state.src[tail - 1]):
        end = tail
    state.line = start_line + 1
    token = state.push("heading_open", f"h{level}", 1)
    token.markup = "#" * level
    token.map = [start_line, state.line]
    token = state.push("inline", "", 0)
    token.content = state.src[pos:end].strip()
    token.map = [start_line, state.line]
    token.children = []
    token = state.push("heading_close", f"h{level}", -1)
    token.markup = "#" * level
    return True


def glued_headings_plugin(md: MarkdownIt) -> None:
    """Register the rule before CommonMark's own heading rule."""
    md.block.ruler.before("heading", "docfx_glued_heading", _glued_heading, {"alt": ["paragraph", "reference", "blockquote"]})

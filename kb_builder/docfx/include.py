"""``[!INCLUDE [title](path)]`` (and the legacy ``[AZURE.INCLUDE [title](path)]``) as a block token ``docfx_include``.

The token's ``meta`` holds ``title`` and ``target``; resolving the file is the
pipeline's job (it alone knows the content root).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

INCLUDE_RE = re.compile(r"^\[(?:!|AZURE\.)INCLUDE\s*\[([^\]]*)\]\(\s*<?([^)>\s]*)>?\s*\)\s*\]\s*$", re.I)


def _include(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    text = state.src[begin : state.eMarks[start_line]].rstrip()
    match = INCLUDE_RE.match(text)
    if not match:
        return False
    if silent:
        return True
    token = state.push("docfx_include", "div", 0)
    token.map = [start_line, start_line + 1]
    token.meta = {"title": match.group(1).strip(), "target": match.group(2).strip()}
    token.markup = text
    state.line = start_line + 1
    return True


def include_plugin(md: MarkdownIt) -> None:
    """Register the include block rule, and render unresolved includes as nothing."""
    md.block.ruler.before("paragraph", "docfx_include", _include, {"alt": ["paragraph"]})
    md.add_render_rule("docfx_include", lambda self, tokens, idx, options, env: "")

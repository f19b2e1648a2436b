"""Content markdown -> sanitized HTML for the site, faithful to the DocFX source.

Every anchor a heading carries becomes a target (the first is the heading's id,
the others empty ``<a id>`` inside it), DocFX alerts become Material
admonitions, resolved includes are inlined, links are rewritten by
:class:`~kb_builder.site.links.SiteLinks`, and an image missing from the
content shows its alt text. All of it goes through :func:`kb_builder.text.sanitize`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..docfx import docfx_plugin
from ..model import Bilingual, Document
from ..slug import slugify
from ..text import sanitize
from .links import SiteLinks

ADMONITIONS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "info", "CAUTION": "warning", "WARNING": "danger"}
"""DocFX alert kind -> Material admonition type."""
_HEADING_RE = re.compile(r'<h([1-6])><a id="([^"]*)" rel="noopener noreferrer"></a>(.*?)</h\1>', re.DOTALL)
MAX_INCLUDE_DEPTH = 8


@dataclass(frozen=True)
class Context:
    """What rendering one piece of markdown needs to know about where it is shown."""

    document: Document
    page_url: str
    """Full-site URL of the page that shows the HTML."""
    words: Mapping[str, str]
    source_path: str = ""
    """The file the markdown comes from (content-root relative); the document's own path when ''."""
    on_article: bool = False
    """True on the article page itself: ``#anchor`` links stay in the page."""
    titles: Mapping[int, Bilingual] = field(default_factory=dict)
    """Heading line -> its bilingual title, so glued English shows beside the translation."""
    depth: int = 0

    @property
    def source(self) -> str:
        return self.source_path or self.document.path


def bilingual_html(text: Bilingual) -> str:
    """The local text with the recovered English beside it (escaped, for headings)."""
    local = html.escape(text.local or text.original)
    if text.english and text.local:
        return f'{local} <span class="kb-en" lang="en">{html.escape(text.english)}</span>'
    return local


class ContentRenderer:
    """Renders content markdown for site pages; one per site build."""

    def __init__(self, links: SiteLinks) -> None:
        self.links = links
        self.md = _parser()

    def html(self, markdown: str, context: Context) -> str:
        """A block of markdown as sanitized HTML."""
        if not markdown.strip():
            return ""
        return _finish(sanitize(self._render(markdown, context)))

    def inline(self, markdown: str, context: Context) -> str:
        """One line of inline markdown as sanitized HTML (no paragraph)."""
        if not markdown.strip():
            return ""
        env = {"context": context, "renderer": self}
        tokens = self.md.parseInline(markdown, env)
        self._prepare(tokens, context)
        return sanitize(self.md.renderer.render(tokens, self.md.options, env)).strip()

    def document(self, document: Document, context: Context) -> str:
        """The whole article body (front matter left out), lines numbered as in the source."""
        start = max(document.body_start - 1, 0)
        body = "\n" * start + "\n".join(document.lines[start:])
        return _finish(sanitize(self._render(body, replace(context, on_article=True))))

    def _render(self, markdown: str, context: Context) -> str:
        env = {"context": context, "renderer": self}
        tokens = self.md.parse(markdown, env)
        self._prepare(tokens, context)
        return self.md.renderer.render(tokens, self.md.options, env)

    def _prepare(self, tokens: Sequence[Token], context: Context) -> None:
        """Token rewrites: heading anchors and bilingual titles, alert pairs, links and images."""
        alert_levels: list[int] = []
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and index + 1 < len(tokens):
                _anchor_heading(token, tokens[index + 1], context)
            elif token.type == "blockquote_open":
                alert_levels.append(1 if "alert" in token.meta else 0)
            elif token.type == "blockquote_close" and alert_levels and alert_levels.pop():
                token.meta["alert_close"] = True
            if token.children:
                self._prepare(token.children, context)
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                token.attrSet("href", self.links.resolve(href, context.document, context.source, context.page_url, context.on_article))
            elif token.type == "image":
                src = self.links.image(str(token.attrGet("src") or ""), context.document, context.source, context.page_url)
                if src is None:
                    token.type = "html_inline"
                    alt = token.content or context.words["missing_image"]
                    token.content = f'<span class="kb-missing-image" title="{html.escape(context.words["missing_image"])}">{html.escape(alt)}</span>'
                else:
                    token.attrSet("src", src)

    def include(self, token: Token, context: Context) -> str:
        """The HTML of a resolved include (its links resolved from the included file), '' otherwise."""
        line = token.map[0] + 1 if token.map else 0
        found = next((i for i in context.document.includes if i.pos.line == line and i.target == token.meta.get("target")), None)
        if found is None or found.status != "resolved" or not found.resolved or context.depth >= MAX_INCLUDE_DEPTH:
            return ""
        inner = replace(context, source_path=found.resolved, titles={}, depth=context.depth + 1)
        return self._render(found.markdown, inner)


def _anchor_heading(opening: Token, inline: Token, context: Context) -> None:
    """Put every anchor of the heading in front of its text; show a split title bilingually."""
    anchors = list(opening.meta.get("anchors", ()))
    slug = slugify(inline.content.strip())
    if slug and slug not in anchors:
        anchors.append(slug)
    line = opening.map[0] + 1 if opening.map else 0
    title = context.titles.get(line)
    marks = "".join(f'<a id="{html.escape(anchor)}"></a>' for anchor in anchors)
    if title is not None and title.english and title.local:
        inline.children = [_html_token(marks + bilingual_html(title))]
    else:
        inline.children = [_html_token(marks)] + list(inline.children or [])


def _html_token(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _finish(sanitized: str) -> str:
    """Promote each heading's first anchor to its id and add a permalink (after sanitizing)."""

    def heading(match: re.Match[str]) -> str:
        level, anchor, inner = match.groups()
        return f'<h{level} id="{anchor}">{inner}<a class="headerlink" href="#{anchor}" title="Link">&para;</a></h{level}>'

    return _HEADING_RE.sub(heading, sanitized).strip()


def _render_blockquote_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # type: ignore[no-untyped-def]
    kind = tokens[idx].meta.get("alert")
    if not kind:
        return self.renderToken(tokens, idx, options, env)
    words = env["context"].words
    title = words.get(kind.lower(), kind.title())
    return f'<div class="admonition {ADMONITIONS.get(kind, "note")}"><div class="admonition-title">{html.escape(title)}</div>\n'


def _render_blockquote_close(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # type: ignore[no-untyped-def]
    if tokens[idx].meta.get("alert_close"):
        return "</div>\n"
    return self.renderToken(tokens, idx, options, env)


def _render_include(self, tokens: Sequence[Token], idx: int, options, env) -> str:  # type: ignore[no-untyped-def]
    return env["renderer"].include(tokens[idx], env["context"])


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The content parser (as in :mod:`kb_builder.parse`) with the site's render rules."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(docfx_plugin)
    md.add_render_rule("blockquote_open", _render_blockquote_open)
    md.add_render_rule("blockquote_close", _render_blockquote_close)
    md.add_render_rule("docfx_include", _render_include)
    return md

"""Where a link written in the content leads on the site.

Targets are worked out as full-site URLs (the catalog's scheme: primary locale
at the root, others under ``<locale>/``) and made relative to the page that
shows them, so the site works from any folder and offline. Links to articles
that are not in the content go to their public URL instead of a 404.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..catalog import Catalog
from ..model import CauseSection, Document, ErrorEntry

EXTERNAL_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
PUBLIC_HOSTS = frozenset({"docs.microsoft.com", "learn.microsoft.com"})
LOCALE_SEGMENT_RE = re.compile(r"^/[a-z]{2,3}-[a-z]{2,4}(?=/)", re.IGNORECASE)


@dataclass(frozen=True)
class PublicUrls:
    """The public home of the content, for links that leave it. ``{locale}`` is replaced by the page's locale."""

    base_url: str = ""
    """Where ``articles/`` of the content is published, e.g. ``https://learn.microsoft.com/{locale}/azure/``."""
    root_url: str = ""
    """Where site-root links (``/sysinternals/...``) go, e.g. ``https://learn.microsoft.com/{locale}/``."""

    def article(self, locale: str, rel_path: str, fragment: str | None) -> str | None:
        """The public URL of a path relative to a locale root (``articles/backup/x.md``)."""
        if not self.base_url:
            return None
        path = rel_path.removeprefix("articles/").removesuffix(".md")
        return self.base_url.replace("{locale}", locale) + path + (f"#{fragment}" if fragment is not None else "")

    def rooted(self, locale: str, target: str) -> str | None:
        """The public URL of a site-root link (``/powershell/module/...``)."""
        if not self.root_url:
            return None
        return self.root_url.replace("{locale}", locale).rstrip("/") + target


def relative_url(target: str, page_url: str) -> str:
    """``target`` (a full-site URL, maybe with ``#fragment``) relative to the page at ``page_url``."""
    path, hash_mark, fragment = target.partition("#")
    if path == page_url and hash_mark:
        return f"#{fragment}"
    base = "/" + page_url.rsplit("/", 1)[0] if "/" in page_url else "/"
    relative = posixpath.relpath("/" + path, base)
    if path.endswith("/") or not path:
        relative += "/"
    return relative + (hash_mark + fragment if hash_mark else "")


@dataclass
class SiteLinks:
    """Resolves content links for one catalog."""

    catalog: Catalog
    public: PublicUrls = field(default_factory=PublicUrls)
    content_root: Path | None = None
    _articles: dict[tuple[str, str], Document] = field(default_factory=dict, init=False)
    _targets: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict, init=False)
    _published: dict[tuple[str, str], Document] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for document in self.catalog.kb.documents:
            self._articles[(document.locale, document.rel_path)] = document
            if document.rel_path.startswith("articles/"):
                self._published[(document.locale, "/azure/" + document.rel_path.removeprefix("articles/").removesuffix(".md").lower())] = document
        if self.content_root is None:
            self.content_root = Path(self.catalog.kb.root)

    def locale_prefix(self, document: Document) -> str:
        """The document's locale folder relative to the content root (``it-it/``), '' for a bare root."""
        return document.path[: len(document.path) - len(document.rel_path)]

    def anchor_target(self, document: Document, anchor: str) -> str:
        """The full-site URL that shows ``anchor`` of ``document``: its error or cause page, else the article."""
        targets = self._targets.get((document.locale, document.path))
        if targets is None:
            targets = self._targets[(document.locale, document.path)] = self._anchor_targets(document)
        return targets.get(anchor) or self.catalog.section_url(document, anchor)

    def _anchor_targets(self, document: Document) -> dict[str, str]:
        found: dict[str, str] = {}
        for section in document.sections:
            if isinstance(section, ErrorEntry | CauseSection):
                page = self.catalog.url_of(document, section)
                for anchor in section.anchors:
                    found.setdefault(anchor, page)
                for sub in section.subsections:
                    for anchor in sub.heading.all_anchors:
                        found.setdefault(anchor, f"{page}#{anchor}")
        return found

    def resolve(self, target: str, document: Document, source_path: str, page_url: str, on_article: bool) -> str:
        """The href to write for ``target``, found in ``source_path`` (content-root relative), on the page ``page_url``."""
        target = target.strip()
        if not target:
            return target
        if target.startswith("#"):
            anchor = target[1:]
            if on_article:
                return target
            return relative_url(self.anchor_target(document, anchor), page_url)
        path, _, fragment_part = target.partition("#")
        fragment = fragment_part if "#" in target else None
        if EXTERNAL_RE.match(target):
            article = self._published_article(target, document)
            return self._article_link(article, fragment, document, page_url, on_article) if article else target
        if path.startswith("/"):
            return self.public.rooted(document.locale, target) or target
        rel = self._locale_relative(path.split("?", 1)[0], document, source_path)
        article = self._articles.get((document.locale, rel)) or self._articles.get((document.locale, rel + ".md"))
        if article is not None:
            return self._article_link(article, fragment, document, page_url, on_article)
        if self.asset_exists(document, rel):
            return relative_url(self.catalog.prefix(document.locale) + rel, page_url)
        if rel.endswith(".md") or "." not in posixpath.basename(rel):
            return self.public.article(document.locale, rel, fragment) or target
        return target

    def _article_link(self, article: Document, fragment: str | None, document: Document, page_url: str, on_article: bool) -> str:
        """A link to an article of the content: the same page's anchor, else the page that shows the anchor."""
        if not fragment:
            return relative_url(self.catalog.article_url(article), page_url)
        if on_article and article is document:
            return f"#{fragment}"
        if on_article:
            return relative_url(self.catalog.section_url(article, fragment), page_url)
        return relative_url(self.anchor_target(article, fragment), page_url)

    def image(self, src: str, document: Document, source_path: str, page_url: str) -> str | None:
        """The src of an image that exists in the content (copied to the site), else None."""
        if not src or EXTERNAL_RE.match(src) or src.startswith("/"):
            return None
        rel = self._locale_relative(src.split("#", 1)[0].split("?", 1)[0], document, source_path)
        if not self.asset_exists(document, rel):
            return None
        return relative_url(self.catalog.prefix(document.locale) + rel, page_url)

    def asset_exists(self, document: Document, rel: str) -> bool:
        if rel.startswith("../") or rel.endswith(".md") or self.content_root is None:
            return False
        return (self.content_root / self.locale_prefix(document) / rel).is_file()

    def _locale_relative(self, path: str, document: Document, source_path: str) -> str:
        """A relative link target as a path relative to the document's locale root."""
        prefix = self.locale_prefix(document)
        source_rel = source_path.removeprefix(prefix)
        return posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), path))

    def _published_article(self, url: str, document: Document) -> Document | None:
        """The article of the content an absolute docs.microsoft.com/learn URL names, if any."""
        parts = urlsplit(url)
        if parts.hostname not in PUBLIC_HOSTS:
            return None
        return self._published.get((document.locale, LOCALE_SEGMENT_RE.sub("", parts.path).rstrip("/").lower()))

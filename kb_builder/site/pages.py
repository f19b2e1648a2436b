"""The catalog -> the pages of one locale's part of the site, as template data (no MkDocs here).

Every error and cause has a page in every locale (in the locale's own text
when it has one, else the first locale that has it, with a notice); articles
have a page where they exist. HTML fragments are :class:`markupsafe.Markup`
(already sanitized); every other value is a plain string the template escapes.
"""

from __future__ import annotations

import re

import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..catalog import Catalog, CauseRecord, ErrorRecord, Located
from ..exclude import Exclusion
from ..extract import plain_inline
from ..labels import language_of
from ..model import Bilingual, CauseSection, Document, ErrorEntry, Subsection
from ..read import inside_root, locale_roots
from .links import SiteLinks, relative_url
from .paging import PageRange, page_ranges, split_pages
from .render import ADMONITIONS, ContentRenderer, Context
from .strings import language_name, strings_for


CODES_PER_PAGE = 50
"""Codes listed on the home page and on each further page of the code index."""
ENTRIES_PER_PAGE = 200
"""Causes (or articles) listed on each page of their list."""
LIST_PAGES = {"causes": "cause-list", "articles": "article-list"}
"""List -> the folder of its further pages (``cause-list/2/``): outside ``causes/``, where any name may be a cause's."""
INDEX_KINDS = frozenset({"home", "codes", "causes", "articles"})
SEARCH_BOOSTS = {"error": 2.0, "cause": 2.0, "article": 0.5}
"""Site search weight per page kind: an error or cause page is the better landing than the same
text in the whole article, which repeats every error and cause (index pages are not searched)."""


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Alternate:
    """The same page in another locale."""

    locale: str
    name: str
    url: str
    """Full-site URL."""
    current: bool


@dataclass(frozen=True)
class Page:
    """One page of a locale's part of the site."""

    kind: str
    """``home``, ``codes`` (further pages of the code index), ``error``, ``cause``, ``article``, ``causes``, ``articles``."""
    url: str
    """Full-site URL (the locale prefix included)."""
    src_uri: str
    """Path of its source inside the locale's site (``errors/X.md``)."""
    title: str
    description: str
    template: str
    """The fragment template in ``site_overrides/`` that lays out ``data``."""
    data: dict[str, Any]
    toc: tuple[TocEntry, ...] = ()
    alternates: tuple[Alternate, ...] = ()
    in_nav: bool = False
    """The home page and the cause and article lists are in the nav; other pages are not (the nav stays small)."""

    @property
    def in_search(self) -> bool:
        """Index pages list many codes: kept out of the site search so the pages they list rank first."""
        return self.kind not in INDEX_KINDS

    @property
    def search_boost(self) -> float:
        return SEARCH_BOOSTS.get(self.kind, 1.0)


@dataclass(frozen=True)
class Redirect:
    """An alias URL that leads to its canonical page."""

    src_uri: str
    """``errors/<Alias>/index.html`` inside the locale's site."""
    url: str
    target: str
    """Full-site URL of the canonical page."""
    code: str
    canonical: str


@dataclass(frozen=True)
class Asset:
    """A content file (an image) copied to the site."""

    src_uri: str
    path: Path


@dataclass
class LocaleSite:
    """Everything one locale's part of the site holds."""

    locale: str
    pages: list[Page] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)


def src_uri(url: str, prefix: str) -> str:
    """``en-us/errors/X/`` -> ``errors/X.md`` (directory URLs); the site root -> ``index.md``.

    MkDocs publishes ``x/README.md`` and ``x/index.md`` at ``x/``: a URL whose last part is such a name
    (an article ``README.md``) gets ``README/index.md``, so that it keeps its own URL and never takes its folder's."""
    path = url.removeprefix(prefix).rstrip("/")
    if not path:
        return "index.md"
    if url.endswith("/") and path.count("/") == 0 and path in ("causes", "articles"):
        return f"{path}/index.md"
    if path.rsplit("/", 1)[-1].lower() in ("readme", "index"):
        return f"{path}/index.md"
    return f"{path}.md"


_CODE_PARTS_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


_DOTTED_RE = re.compile(r"(?<![\w./])[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)+(?![\w/])")
MAX_DOTTED = 200


def dotted_keywords(markdown: str) -> str:
    """Dotted names of a text run together (``Extensions.Enable`` -> ``extensionsenable``): the page search splits
    words at dots, and ``kb-search.js`` asks for a dotted query word run together as well."""
    found = dict.fromkeys(match.group().replace(".", "").lower() for match in _DOTTED_RE.finditer(markdown))
    return " ".join(list(found)[:MAX_DOTTED])


def code_keywords(codes: list[str]) -> str:
    """What the page search indexes for the codes, beyond the codes themselves: each code in lower case, its
    camelCase parts, and every run of parts that ends it (``guestagentstatusunavailable``), so that a query of a
    piece ("GuestAgent", "guest agent", "agentstatus") finds the code: Pagefind matches words by their prefix and
    does not split camelCase itself."""
    words: list[str] = []
    for code in codes:
        parts = [part.lower() for part in _CODE_PARTS_RE.findall(code)]
        words.append(code.lower())
        words += ["".join(parts[start:]) for start in range(1, len(parts) - 1)]
        words += [part for part in parts if len(part) > 1]
    return " ".join(dict.fromkeys(words))


class SiteBuilder:
    """Builds the pages of each locale from one catalog."""

    def __init__(self, catalog: Catalog, links: SiteLinks, codes_per_page: int = CODES_PER_PAGE, entries_per_page: int = ENTRIES_PER_PAGE) -> None:
        self.catalog = catalog
        self.links = links
        self.codes_per_page = codes_per_page
        self.entries_per_page = entries_per_page
        self.renderer = ContentRenderer(links)

    def locale_site(self, locale: str) -> LocaleSite:
        site = LocaleSite(locale)
        site.pages += self.code_index(locale)
        site.pages += self.causes_index(locale)
        site.pages += self.articles_index(locale)
        for record in self.catalog.errors.values():
            site.pages.append(self.error_page(record, locale))
            site.redirects += self.redirects(record, locale)
        for cause in self.catalog.causes.values():
            site.pages.append(self.cause_page(cause, locale))
        for document in self.catalog.kb.documents_in(locale):
            site.pages.append(self.article_page(document))
        site.assets = list(self.assets(locale))
        return site

    # --- helpers -------------------------------------------------------------
    def _alternates(self, url: str, locale: str, available: list[str] | None = None) -> tuple[Alternate, ...]:
        if len(self.catalog.locales) < 2:
            return ()
        own = self.catalog.prefix(locale)
        path = url.removeprefix(own)
        return tuple(
            Alternate(other, language_name(other), self.catalog.prefix(other) + path, other == locale)
            for other in self.catalog.locales
            if available is None or other in available
        )

    def _located(self, entries: dict[str, Located], locale: str) -> tuple[Located, bool]:
        """The locale's own entry, else the first locale's that has one (and True: it is borrowed)."""
        if locale in entries:
            return entries[locale], False
        for other in self.catalog.locales:
            if other in entries:
                return entries[other], True
        raise ValueError("record without entries")

    def _context(self, document: Document, page_url: str, locale: str) -> Context:
        return Context(document, page_url, strings_for(locale))

    def _bilingual(self, text: Bilingual | None, context: Context) -> dict[str, Any] | None:
        if text is None or not (text.local or text.english or text.original):
            return None
        local = text.local or (text.original if not text.english else "")
        return {
            "local": Markup(self.renderer.inline(local, context)) if local else None,
            "english": Markup(self.renderer.inline(text.english, context)) if text.english else None,
        }

    def _english_source(self, document: Document, section: ErrorEntry | CauseSection) -> list[str]:
        """The English original of the section's machine-translated lines that had it glued on, in order,
        less what the page shows beside its translation already (the headings' and the message's)."""
        headings = {section.heading.line} | {sub.heading.line for sub in section.subsections}
        message = section.message.english if isinstance(section, ErrorEntry) and section.message is not None else None
        found = (
            reading.english
            for line, reading in document.english
            if section.heading.line < line <= section.end_line and line not in headings and reading.status == "split" and reading.english and reading.english != message
        )
        return list(dict.fromkeys(_strip_inline(english) for english in found))

    def _subsections(self, subsections: tuple[Subsection, ...], context: Context) -> list[dict[str, Any]]:
        return [
            {
                "anchor": sub.heading.all_anchors[0],
                "anchors": list(sub.heading.all_anchors[1:]),
                "title": self._bilingual(sub.title, context),
                "html": Markup(self.renderer.html(sub.markdown, context)),
            }
            for sub in subsections
        ]

    def _error_title(self, entry: ErrorEntry) -> str:
        title = entry.title
        return title.local or title.english or title.original or entry.id

    # --- pages ---------------------------------------------------------------
    def code_index(self, locale: str) -> list[Page]:
        """The codes in alphabetical order, ``codes_per_page`` a page: the home page, then ``codes/<n>/``."""
        words = strings_for(locale)
        prefix = self.catalog.prefix(locale)
        entries = sorted(self._index_entries(locale), key=lambda item: (item[0].casefold(), item[0]))
        chunks = split_pages(entries, self.codes_per_page)
        urls = [prefix] + [f"{prefix}codes/{number}/" for number in range(2, len(chunks) + 1)]
        ranges = page_ranges([(chunk[0][0], chunk[-1][0]) for chunk in chunks]) if len(chunks) > 1 else []
        pages = []
        for (number, chunk), url in zip(enumerate(chunks, start=1), urls):
            span = ranges[number - 1] if number > 1 else None
            title = words["codes_page_title"].format(first=span.first, last=span.last) if span else words["home_title"]
            data = {
                "words": words,
                "title": title,
                "first_page": number == 1,
                "rows": [self._code_row(record, position, locale, url) for _key, position, record in chunk],
                "count": len(chunk),
                "total": len(entries),
                **_pager(urls, ranges, number, words["index_pages"].format(total=len(entries))),
            }
            if number == 1:
                pages.append(Page("home", url, "index.md", title, words["home_intro"], "partials/kb-home.html", data, alternates=self._alternates(url, locale), in_nav=True))
            else:
                pages.append(Page("codes", url, src_uri(url, prefix), title, title, "partials/kb-home.html", data, alternates=self._alternates(url, locale)))
        return pages

    def _index_entries(self, locale: str) -> Iterator[tuple[str, int, ErrorRecord]]:
        """(sort key, position in the record's codes, record) for each code and alias; an error without a code sorts by its title."""
        for record in self.catalog.errors.values():
            entry = self._located(record.entries, locale)[0].section
            assert isinstance(entry, ErrorEntry)
            for position, code in enumerate(record.codes or [""]):
                yield code or self._error_title(entry), position, record

    def _code_row(self, record: ErrorRecord, position: int, locale: str, page_url: str) -> dict[str, Any]:
        """One row of the code index: a code (or an alias of it) with its message, causes and article."""
        located, borrowed = self._located(record.entries, locale)
        entry = located.section
        assert isinstance(entry, ErrorEntry)
        message = _message(entry)
        codes = record.codes or [""]
        code = codes[position]
        return {
            "code": code,
            "title": self._error_title(entry),
            "canonical": codes[0] if position else "",
            "url": relative_url(self.catalog.error_url(record.id, locale), page_url),
            "message": message or self._error_title(entry),
            "causes": self._cause_links(located.document, entry, page_url),
            "article": {"title": _plain(located.document.title), "url": relative_url(self.catalog.section_url(located.document, entry.anchors[0] if entry.anchors else ""), page_url)},
            "search": " ".join([code, message, self._error_title(entry)]).lower(),
            "lang": "" if not borrowed else language_of(located.document.locale),
        }

    def _cause_links(self, document: Document, entry: ErrorEntry, page_url: str) -> list[dict[str, str]]:
        found = []
        for ref in entry.causes:
            target = self.links.anchor_target(document, ref.anchor)
            title = ref.text.local or ref.text.english or ref.text.original
            found.append({"label": ref.label, "title": _strip_inline(title), "url": relative_url(target, page_url)})
        return found

    def error_page(self, record: ErrorRecord, locale: str) -> Page:
        words = strings_for(locale)
        url = self.catalog.error_url(record.id, locale)
        located, borrowed = self._located(record.entries, locale)
        entry, document = located.section, located.document
        assert isinstance(entry, ErrorEntry)
        context = self._context(document, url, locale)
        anchor = entry.anchors[0] if entry.anchors else ""
        codes = record.codes
        data = {
            "words": words,
            "code": codes[0] if codes else "",
            "aliases": codes[1:],
            "title": self._bilingual(entry.title, context),
            "message": self._bilingual(entry.message, context),
            "description": Markup(self.renderer.html(entry.description, context)),
            "causes": self._cause_links(document, entry, url),
            "steps": [Markup(self.renderer.html(step, context)) for step in entry.steps],
            "inline_causes": [
                {"cause": Markup(self.renderer.inline(row.cause, context)), "action": Markup(self.renderer.inline(row.action, context)), "error": Markup(self.renderer.inline(row.error, context))}
                for row in entry.inline_causes
            ],
            "notes": [self._note(note.kind, note.markdown, context) for note in entry.notes],
            "recommended_action": Markup(self.renderer.html(entry.recommended_action, context)),
            "english_source": self._english_source(document, entry),
            "subsections": self._subsections(entry.subsections, context),
            "article": {"title": _plain(document.title), "url": relative_url(self.catalog.section_url(document, anchor), url)},
            "notice": words["missing_locale"] if borrowed else "",
            "lang": language_of(document.locale),
            "keywords": code_keywords(codes),
        }
        toc = [TocEntry(2, key, words[word]) for key, word, present in (
            ("kb-causes", "causes_heading", entry.causes),
            ("kb-steps", "steps", entry.steps or entry.inline_causes),
            ("kb-notes", "notes", entry.notes),
            ("kb-details", "details", entry.subsections),
        ) if present]  # fmt: skip
        message = _message(entry)
        title = f"{codes[0]}: {self._error_title(entry)}" if codes else self._error_title(entry)
        return Page("error", url, src_uri(url, self.catalog.prefix(locale)), title, message or self._error_title(entry), "partials/kb-error.html", data, tuple(toc), self._alternates(url, locale))

    def _note(self, kind: str, markdown: str, context: Context) -> dict[str, Any]:
        return {"type": ADMONITIONS.get(kind, "note"), "title": context.words.get(kind.lower(), kind.title()), "html": Markup(self.renderer.html(markdown, context))}

    def redirects(self, record: ErrorRecord, locale: str) -> Iterator[Redirect]:
        target = self.catalog.error_url(record.id, locale)
        prefix = self.catalog.prefix(locale)
        for code in record.codes:
            if code == record.id:
                continue
            url = self.catalog.error_url(code, locale)
            yield Redirect(url.removeprefix(prefix) + "index.html", url, target, code, record.id)

    def cause_page(self, record: CauseRecord, locale: str) -> Page:
        words = strings_for(locale)
        url = self.catalog.cause_url(record.id, locale)
        located, borrowed = self._located(record.entries, locale)
        section, document = located.section, located.document
        assert isinstance(section, CauseSection)
        context = self._context(document, url, locale)
        referrers = []
        for error_id in record.referenced_by:
            error = self.catalog.errors.get(error_id)
            if error is None:
                continue
            error_located, _ = self._located(error.entries, locale)
            assert isinstance(error_located.section, ErrorEntry)
            referrers.append({"code": error.codes[0] if error.codes else "", "title": self._error_title(error_located.section), "url": relative_url(self.catalog.error_url(error.id, locale), url)})
        data = {
            "words": words,
            "title": self._bilingual(section.title, context),
            "anchors": list(section.anchors),
            "body": Markup(self.renderer.html(section.body, context)),
            "subsections": self._subsections(section.subsections, context),
            "referrers": referrers,
            "english_source": self._english_source(document, section),
            "article": {"title": _plain(document.title), "url": relative_url(self.catalog.section_url(document, section.anchors[0] if section.anchors else ""), url)},
            "notice": words["missing_locale"] if borrowed else "",
            "lang": language_of(document.locale),
            "keywords": dotted_keywords(section.markdown),
        }
        toc = tuple(TocEntry(2, sub.heading.all_anchors[0], _plain(sub.title)) for sub in section.subsections) + (TocEntry(2, "kb-referrers", words["referenced_by"]),)
        title = _plain(section.title) or record.id
        return Page("cause", url, src_uri(url, self.catalog.prefix(locale)), title, title, "partials/kb-cause.html", data, toc, self._alternates(url, locale))

    def article_page(self, document: Document) -> Page:
        locale = document.locale
        words = strings_for(locale)
        url = self.catalog.article_url(document)
        titles = {}
        for section in document.sections:
            if section.heading is not None:
                titles[section.heading.line] = section.title
            for sub in section.subsections:
                titles[sub.heading.line] = sub.title
        context = Context(document, url, words, titles=titles)
        toc = tuple(TocEntry(h.level, h.all_anchors[0], _plain(titles.get(h.line)) or _strip_inline(h.text)) for h in document.headings if 2 <= h.level <= 3 and h.all_anchors)
        available = [d.locale for d in self.catalog.kb.documents if d.rel_path == document.rel_path]
        data = {"words": words, "html": Markup(self.renderer.document(document, context)), "keywords": dotted_keywords("\n".join(document.lines))}
        return Page("article", url, src_uri(url, self.catalog.prefix(locale)), _plain(document.title), document.description, "partials/kb-article.html", data, toc, self._alternates(url, locale, available))

    def causes_index(self, locale: str) -> list[Page]:
        """Every cause by title, ``entries_per_page`` a page: ``causes/``, then ``cause-list/<n>/``."""
        items = []
        for record in self.catalog.causes.values():
            located, _ = self._located(record.entries, locale)
            items.append((_plain(located.section.title) or record.id, {"url": self.catalog.cause_url(record.id, locale)}))
        return self._list_pages("causes", locale, items)

    def articles_index(self, locale: str) -> list[Page]:
        """Every article of the locale by title, ``entries_per_page`` a page: ``articles/``, then ``article-list/<n>/``."""
        items = [(_plain(d.title) or d.slug, {"url": self.catalog.article_url(d), "description": d.description}) for d in self.catalog.kb.documents_in(locale)]
        return self._list_pages("articles", locale, items)

    def _list_pages(self, kind: str, locale: str, items: list[tuple[str, dict[str, str]]]) -> list[Page]:
        """A list of (title, fields with a full-site ``url``) in title order, in pages with guide words."""
        words = strings_for(locale)
        prefix = self.catalog.prefix(locale)
        ordered = sorted(items, key=lambda item: (item[0].casefold(), item[0], item[1]["url"]))
        chunks = split_pages(ordered, self.entries_per_page)
        urls = [f"{prefix}{kind}/"] + [f"{prefix}{LIST_PAGES[kind]}/{number}/" for number in range(2, len(chunks) + 1)]
        ranges = page_ranges([(chunk[0][0], chunk[-1][0]) for chunk in chunks]) if len(chunks) > 1 else []
        pages = []
        for (number, chunk), url in zip(enumerate(chunks, start=1), urls):
            span = ranges[number - 1] if number > 1 else None
            title = words[f"{kind}_page_title"].format(first=span.first, last=span.last) if span else words[f"{kind}_title"]
            data = {
                "words": words,
                "kind": kind,
                "title": title,
                "items": [{**fields, "title": item_title, "url": relative_url(fields["url"], url)} for item_title, fields in chunk],
                **_pager(urls, ranges, number, words[f"{kind}_pages"].format(total=len(items))),
            }
            source = f"{kind}/index.md" if number == 1 else src_uri(url, prefix)
            # further pages hold other entries in each locale (titles sort differently): their language menu leads to the lists' first pages
            pages.append(Page(kind, url, source, title, title, "partials/kb-index.html", data, alternates=self._alternates(urls[0], locale), in_nav=number == 1))
        return pages

    def assets(self, locale: str) -> Iterator[Asset]:
        """Every non-markdown file of the locale's folder (images), at the same path on the site; none from outside the
        content root, and none the content's exclusion leaves out (``LICENSE``)."""
        root = Path(self.catalog.kb.root)
        exclusion = Exclusion(self.catalog.kb.excluded)
        for locale_root in locale_roots(root):
            if (locale_root.locale or locale) != locale:
                continue
            for path in sorted(locale_root.path.rglob("*")):
                relative = path.relative_to(locale_root.path).as_posix()
                if path.is_file() and path.suffix.lower() != ".md" and not any(part.startswith(".") for part in relative.split("/")) and not exclusion.excludes(relative) and inside_root(path, root):
                    yield Asset(relative, path)


def _pager(urls: list[str], ranges: list[PageRange], number: int, label: str) -> dict[str, Any]:
    """What the pager partials show on page ``number`` (from 1) of a list whose pages are at ``urls``."""
    url = urls[number - 1]
    return {
        "pages": [{"first": r.first, "last": r.last, "url": relative_url(urls[r.number - 1], url), "current": r.number == number} for r in ranges],
        "pages_label": label,
        "previous": relative_url(urls[number - 2], url) if number > 1 else "",
        "next": relative_url(urls[number], url) if number < len(urls) else "",
    }


def _message(entry: ErrorEntry) -> str:
    """The error message as plain text, in the document's language when it has it."""
    if entry.message is None:
        return ""
    return _strip_inline(entry.message.local or entry.message.english or entry.message.original)


def _plain(text: Bilingual | None) -> str:
    if text is None:
        return ""
    return _strip_inline(text.local or text.english or text.original)


def _strip_inline(markdown: str) -> str:
    """Inline markdown as plain words, for titles and table cells."""
    return html.unescape(plain_inline(markdown))

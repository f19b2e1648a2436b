"""The knowledge base seen across locales: errors joined by code, causes by anchor, with stable URLs.

Export, site and search all read this one view, so an error has the same id and
URL everywhere. URLs are relative to the site root (no leading slash); the
primary locale lives at the root, every other locale under ``<locale>/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import CauseSection, Document, ErrorEntry, KnowledgeBase, Section

PREFERRED_PRIMARY = "it-it"
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")
GENERATED = ("", "articles/", "causes/", "errors/", "codes/", "assets/", "search/", "api/")
"""URLs (and folders) of the pages the site generates: no article takes them."""


def safe_id(identifier: str) -> str:
    """An id usable as a file and URL path segment: other characters become '-'."""
    cleaned = _UNSAFE_RE.sub("-", identifier).strip("-.")
    return cleaned or "section"


@dataclass(frozen=True)
class Located:
    """A section together with the document it came from."""

    document: Document
    section: Section


@dataclass
class ErrorRecord:
    """One error across locales."""

    id: str
    codes: list[str]
    """Canonical first, then aliases, in the order the primary locale gives them."""
    entries: dict[str, Located] = field(default_factory=dict)
    """By locale."""

    def entry(self, locale: str) -> ErrorEntry | None:
        found = self.entries.get(locale)
        return found.section if found and isinstance(found.section, ErrorEntry) else None


@dataclass
class CauseRecord:
    """One shared cause section across locales."""

    id: str
    rel_path: str
    entries: dict[str, Located] = field(default_factory=dict)
    referenced_by: list[str] = field(default_factory=list)
    """Error ids, in the order the primary locale's article gives them."""

    def entry(self, locale: str) -> CauseSection | None:
        found = self.entries.get(locale)
        return found.section if found and isinstance(found.section, CauseSection) else None


@dataclass
class Catalog:
    """Errors, causes and articles keyed for pages, the JSON API and search."""

    kb: KnowledgeBase
    primary: str
    locales: list[str]
    errors: dict[str, ErrorRecord]
    aliases: dict[str, str]
    """Every code (case kept) -> error id."""
    causes: dict[str, CauseRecord]
    cause_ids: dict[tuple[str, str, str], str]
    """(locale, document path, section id) -> public cause id."""

    def prefix(self, locale: str) -> str:
        """URL prefix of a locale's part of the site."""
        return "" if locale == self.primary else f"{locale}/"

    def error_url(self, error_id: str, locale: str) -> str:
        return f"{self.prefix(locale)}errors/{error_id}/"

    def cause_url(self, cause_id: str, locale: str) -> str:
        return f"{self.prefix(locale)}causes/{cause_id}/"

    article_paths: dict[str, str] = field(default_factory=dict)
    """Document path -> its article URL without the locale prefix (see :func:`article_paths`)."""

    def article_url(self, document: Document) -> str:
        return f"{self.prefix(document.locale)}{self.article_paths[document.path]}"

    def section_url(self, document: Document, anchor: str) -> str:
        return f"{self.article_url(document)}#{anchor}" if anchor else self.article_url(document)

    def find_error(self, code: str) -> ErrorRecord | None:
        """The error a code names, case-insensitively."""
        if code in self.aliases:
            return self.errors[self.aliases[code]]
        lowered = {alias.lower(): target for alias, target in self.aliases.items()}
        target = lowered.get(code.lower())
        return self.errors[target] if target else None

    def cause_id_of(self, document: Document, section: CauseSection) -> str:
        return self.cause_ids[(document.locale, document.path, section.id)]

    def url_of(self, document: Document, section: Section) -> str:
        """The page URL of any section: error and cause pages, else the article anchor."""
        if isinstance(section, ErrorEntry):
            record_id = self.aliases.get(section.codes[0]) if section.codes else self._codeless_id(document, section)
            if record_id and record_id in self.errors:
                return self.error_url(record_id, document.locale)
        if isinstance(section, CauseSection):
            return self.cause_url(self.cause_id_of(document, section), document.locale)
        anchor = section.anchors[0] if section.anchors else ""
        return self.section_url(document, anchor)

    def _codeless_id(self, document: Document, section: ErrorEntry) -> str | None:
        for record in self.errors.values():
            found = record.entries.get(document.locale)
            if found and found.section is section:
                return record.id
        return None


def choose_primary(locales: list[str], requested: str = "") -> str:
    """The locale served at the site root."""
    if requested and requested in locales:
        return requested
    if PREFERRED_PRIMARY in locales:
        return PREFERRED_PRIMARY
    return locales[0] if locales else PREFERRED_PRIMARY


def build_catalog(kb: KnowledgeBase, primary: str = "") -> Catalog:
    """Join the documents of every locale into one catalog."""
    locales = sorted({d.locale for d in kb.documents})
    primary = choose_primary(locales, primary)
    ordered_locales = [primary] + [loc for loc in locales if loc != primary]
    errors: dict[str, ErrorRecord] = {}
    aliases: dict[str, str] = {}
    codeless: dict[tuple[str, str], str] = {}
    for locale in ordered_locales:
        for document in kb.documents_in(locale):
            for section in document.errors:
                record = _error_record(section, document, errors, aliases, codeless)
                if locale in record.entries:
                    continue
                record.entries[locale] = Located(document, section)
                for code in section.codes:
                    if code not in aliases:
                        aliases[code] = record.id
                        record.codes.append(code)
    causes, cause_ids = _causes(kb, ordered_locales, aliases, errors)
    return Catalog(kb, primary, ordered_locales, errors, aliases, causes, cause_ids, article_paths(kb.documents)[0])


def article_paths(documents: Iterable[Document]) -> tuple[dict[str, str], dict[str, str]]:
    """Each article's URL (locale prefix aside) by document path, and the moved ones with the article they clashed with.

    ``a/b.md`` -> ``a/b/`` and ``a/index.md`` -> ``a/``, as MkDocs and DocFX publish them. Two
    articles of a locale whose URLs differ only in case (a case-insensitive server or file system
    mixes them up) or that are ``foo.md`` and ``foo/index.md`` clash: the later path gets ``-2``.
    An article never takes the URL of a generated page (the home page, ``errors/``...): it moves under ``pages/``.
    """
    urls: dict[str, str] = {}
    clashes: dict[str, str] = {}
    taken: dict[tuple[str, str], str] = {}
    for document in sorted(documents, key=lambda d: d.path):
        stem = document.rel_path.removesuffix(".md")
        stem = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem
        url = f"{stem.rstrip('/')}/" if stem.rstrip("/") else ""
        if url in GENERATED or url.lower().startswith(GENERATED[2:]):
            url = f"pages/{url}"
        key = (document.locale, url.lower())
        if key in taken:
            clashes[document.path] = taken[key]
            number = 2
            while (document.locale, f"{url.rstrip('/')}-{number}/".lower()) in taken:
                number += 1
            url = f"{url.rstrip('/')}-{number}/"
            key = (document.locale, url.lower())
        taken[key] = document.path
        urls[document.path] = url
    return urls, clashes


def _error_record(section: ErrorEntry, document: Document, errors: dict[str, ErrorRecord], aliases: dict[str, str], codeless: dict[tuple[str, str], str]) -> ErrorRecord:
    for code in section.codes:
        if code in aliases:
            return errors[aliases[code]]
    if section.codes:
        identifier = safe_id(section.codes[0])
    else:
        for anchor in section.anchors:
            if (document.rel_path, anchor) in codeless:
                return errors[codeless[(document.rel_path, anchor)]]
        identifier = _unique(safe_id(section.id), errors)
        for anchor in section.anchors:
            codeless.setdefault((document.rel_path, anchor), identifier)
    record = errors.get(identifier)
    if record is None:
        record = errors[identifier] = ErrorRecord(identifier, [])
    return record


def _unique(identifier: str, taken: dict) -> str:
    if identifier not in taken:
        return identifier
    number = 2
    while f"{identifier}-{number}" in taken:
        number += 1
    return f"{identifier}-{number}"


def _causes(kb: KnowledgeBase, ordered_locales: list[str], aliases: dict[str, str], errors: dict[str, ErrorRecord]) -> tuple[dict[str, CauseRecord], dict[tuple[str, str, str], str]]:
    """Causes joined across locales by article and anchor; ids clashing between articles get the article slug."""
    by_key: dict[tuple[str, str], CauseRecord] = {}
    owners: dict[str, set[str]] = {}
    for locale in ordered_locales:
        for document in kb.documents_in(locale):
            for section in document.causes:
                key = next(((document.rel_path, a) for a in section.anchors if (document.rel_path, a) in by_key), (document.rel_path, section.id))
                record = by_key.setdefault(key, CauseRecord(safe_id(section.id), document.rel_path))
                record.entries.setdefault(locale, Located(document, section))
                owners.setdefault(record.id, set()).add(document.rel_path)
                for referrer in section.referenced_by:
                    error_id = _error_id_for(referrer, document, aliases, errors)
                    if error_id and error_id not in record.referenced_by:
                        record.referenced_by.append(error_id)
    causes: dict[str, CauseRecord] = {}
    cause_ids: dict[tuple[str, str, str], str] = {}
    for (rel_path, _anchor), record in by_key.items():
        if len(owners[record.id]) > 1:
            slug = rel_path.rsplit("/", 1)[-1].removesuffix(".md")
            record.id = f"{slug}--{record.id}"
        record.id = _unique(record.id, causes)
        causes[record.id] = record
        for locale, located in record.entries.items():
            cause_ids[(locale, located.document.path, located.section.id)] = record.id
    return dict(sorted(causes.items())), cause_ids


def _error_id_for(referrer: str, document: Document, aliases: dict[str, str], errors: dict[str, ErrorRecord]) -> str | None:
    if referrer in aliases:
        return aliases[referrer]
    for record in errors.values():
        found = record.entries.get(document.locale)
        if found and found.document is document and found.section.id == referrer:
            return record.id
    return None

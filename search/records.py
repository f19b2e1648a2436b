"""The catalog as search records: one per error, cause and general section, per locale.

A subsection whose anchor is unique in its article (``clean-up-restore-point-
collection-from-azure-portal``) is a record of its own, with the parent's kind:
people link to it and search for it. Subsections with shared, generic anchors
(``solution``) stay part of their parent. Records are engine-independent: the
whoosh index and the tantivy benchmark read the same ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from kb_builder.catalog import Catalog
from kb_builder.model import Bilingual, CauseSection, Document, ErrorEntry, Section, Subsection

from .analysis import anchor_words, language_of
from .plain import plain

SNIPPET_SOURCE_CHARS = 1200
"""How much of a record's text is stored for snippets."""


@dataclass(frozen=True)
class Record:
    """One searchable unit and everything a hit shows."""

    kind: str
    id: str
    codes: tuple[str, ...]
    anchors: tuple[str, ...]
    locale: str
    title: str
    url: str
    local_title: str
    """Title words in the document's language (error message included)."""
    local_body: str
    english_title: str
    """Recovered English of the title and message, and the words of the explicit anchors (English slugs)."""
    english_body: str
    """English found in the section's text."""
    names: str
    """Text searched for dotted names: title and body as written."""

    @property
    def language(self) -> str:
        return language_of(self.locale)

    def texts(self) -> dict[str, tuple[str, str]]:
        """(title, body) per analyzer language: the document's own, then the recovered English."""
        if self.language == "en":
            return {"en": (f"{self.local_title} {self.english_title}", f"{self.local_body} {self.english_body}")}
        return {self.language: (self.local_title, self.local_body), "en": (self.english_title, self.english_body)}

    @property
    def snippet_source(self) -> str:
        return " ".join((self.local_body or self.english_body).split())[:SNIPPET_SOURCE_CHARS]


def records(catalog: Catalog) -> Iterator[Record]:
    """Every record of the catalog, in catalog order (locale, document, section)."""
    error_ids = {id(located.section): record.id for record in catalog.errors.values() for located in record.entries.values()}
    error_codes = {record.id: tuple(record.codes) for record in catalog.errors.values()}
    for locale in catalog.locales:
        for document in catalog.kb.documents_in(locale):
            anchor_counts = Counter(anchor for anchor, lines in document.anchor_map().items() for _ in lines)
            for section in document.sections:
                if isinstance(section, ErrorEntry):
                    identifier = error_ids.get(id(section), section.id)
                    codes = tuple(dict.fromkeys(section.codes + error_codes.get(identifier, ())))
                elif isinstance(section, CauseSection):
                    identifier, codes = catalog.cause_id_of(document, section), ()
                else:
                    identifier, codes = section.id, ()
                alone = () if isinstance(section, ErrorEntry) else tuple(s for s in section.subsections if _stands_alone(s, anchor_counts))
                yield _section_record(catalog, document, section, identifier, codes, alone)
                for subsection in alone:
                    yield _subsection_record(catalog, document, section, identifier, subsection)
                for entry in getattr(section, "entries", ()):
                    identifier = error_ids.get(id(entry), entry.id)
                    yield _section_record(catalog, document, entry, identifier, tuple(dict.fromkeys(entry.codes + error_codes.get(identifier, ()))), ())


def _stands_alone(subsection: Subsection, anchor_counts: Counter[str]) -> bool:
    return bool(subsection.heading.anchors) and all(anchor_counts[a] == 1 for a in subsection.heading.anchors)


def _section_record(catalog: Catalog, document: Document, section: Section, identifier: str, codes: tuple[str, ...], alone: tuple[Subsection, ...]) -> Record:
    if isinstance(section, ErrorEntry):
        markdown = section.markdown
    else:
        folded = [f"{s.title.original}\n{s.markdown}" for s in section.subsections if s not in alone]
        markdown = "\n\n".join([section.body, *folded])
    titles = [section.title] + ([section.message] if isinstance(section, ErrorEntry) and section.message else [])
    starts = sorted(s.heading.line for s in section.subsections) + [section.end_line + 1]
    elsewhere = {line for s in alone for line in range(s.heading.line, starts[starts.index(s.heading.line) + 1])}
    lines = set(range(section.source.line, section.end_line + 1)) - elsewhere
    row = isinstance(section, ErrorEntry) and section.origin == "table-row"
    explicit = section.heading.anchors if section.heading and not row else ()
    return _record(section.kind, identifier, codes, () if row else section.anchors, explicit, document, catalog.url_of(document, section), titles, markdown, lines)


def _subsection_record(catalog: Catalog, document: Document, parent: Section, parent_id: str, subsection: Subsection) -> Record:
    anchor = subsection.heading.anchors[0]
    identifier = f"{parent_id}#{anchor}"
    url = catalog.section_url(document, anchor)
    lines = range(subsection.heading.line, subsection.heading.line + subsection.markdown.count("\n") + 2)
    return _record(parent.kind, identifier, (), subsection.heading.all_anchors, subsection.heading.anchors, document, url, [subsection.title], subsection.markdown, lines)


def _record(kind: str, identifier: str, codes: tuple[str, ...], anchors: tuple[str, ...], explicit: tuple[str, ...], document: Document, url: str, titles: list[Bilingual], markdown: str, lines: Collection[int]) -> Record:
    english_here = [plain(found.english) for line, found in document.english if line in lines and found.english]
    local_titles = [t.local for t in titles]
    english_titles = [t.english or "" for t in titles] + [anchor_words(a) for a in explicit]
    body = plain(markdown)
    display = titles[0].local or titles[0].english or titles[0].original or identifier
    return Record(
        kind=kind,
        id=identifier,
        codes=codes,
        anchors=anchors,
        locale=document.locale,
        title=" ".join(display.split()),
        url=url,
        local_title=" ".join(local_titles),
        local_body=body,
        english_title=" ".join(english_titles),
        english_body=" ".join(english_here),
        names=" ".join([t.original for t in titles] + [body]),
    )

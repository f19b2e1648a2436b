"""The typed knowledge-base model: frozen dataclasses shared by every stage.

Text fields hold markdown source; HTML and plain-text forms are derived at the
edges (export, site, search) by :mod:`kb_builder.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping


class Severity(str, Enum):
    """How serious a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class SourcePos:
    """A place in a source file: path relative to the content root, 1-based line and column."""

    path: str
    line: int
    col: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the content, formatted only at the edge."""

    rule: str
    """Stable rule id, e.g. ``broken-anchor``."""
    severity: Severity
    message: str
    pos: SourcePos
    hint: str = ""
    """How to fix it; for anchors a "did you mean" list."""
    end_col: int | None = None


@dataclass(frozen=True)
class Bilingual:
    """Text that may mix the document's language with the recovered English original."""

    original: str
    """The string exactly as written."""
    local: str
    """The part in the document's language ('' when the text is English only)."""
    english: str | None
    """The recovered English original, or None when there is none."""
    status: str
    """``local`` (no English), ``english`` (untranslated), ``split`` (glued pair found)."""
    confidence: float
    """0..1: how sure the language identification is of this reading."""
    boundary: int | None = None
    """Offset in ``original`` where the second language starts, when split."""
    order: str = "local-first"
    """``local-first`` or ``english-first`` (English with the translation in parentheses)."""


@dataclass(frozen=True)
class Link:
    """A link or image in the source."""

    target: str
    """The href as written."""
    text: str
    pos: SourcePos
    is_image: bool = False

    @property
    def fragment(self) -> str | None:
        """The part after ``#``, or None."""
        return self.target.split("#", 1)[1] if "#" in self.target else None

    @property
    def path(self) -> str:
        """The part before ``#`` and ``?``."""
        return self.target.split("#", 1)[0].split("?", 1)[0]


@dataclass(frozen=True)
class Include:
    """A DocFX ``[!INCLUDE [title](target)]``."""

    title: str
    target: str
    pos: SourcePos
    status: str
    """``resolved``, ``missing``, ``outside-root``, ``cycle`` or ``unreadable`` (over the size limit)."""
    resolved: str | None = None
    """Path of the included file relative to the content root, when resolved."""
    markdown: str = ""
    """The included file's body (front matter removed), when resolved."""


@dataclass(frozen=True)
class Alert:
    """A DocFX alert ``> [!NOTE]`` and its markdown body."""

    kind: str
    """Upper-case: NOTE, TIP, IMPORTANT, CAUTION or WARNING."""
    markdown: str
    line: int


@dataclass(frozen=True)
class Heading:
    """A heading with every ``<a name>`` anchor it carries."""

    level: int
    text: str
    """Inline markdown source with the anchors removed."""
    anchors: tuple[str, ...]
    """Explicit ``<a name>`` ids, in order."""
    slug: str
    """The id markdown itself would give the heading."""
    line: int

    @property
    def all_anchors(self) -> tuple[str, ...]:
        """Explicit anchors, then the slug when it differs."""
        return self.anchors + (() if self.slug in self.anchors else (self.slug,))


@dataclass(frozen=True)
class Subsection:
    """A heading nested inside a section, with its own body."""

    heading: Heading
    markdown: str
    title: Bilingual


@dataclass(frozen=True)
class CauseRef:
    """An error's pointer to a shared section: ``**Causa 2: [..](#anchor)**``."""

    label: str
    """The label as written: "Causa 3", "Passaggio 1", "Motivo 4", or '' for a bare link."""
    word: str
    """The label word alone ("Causa"), '' for a bare link."""
    number: int | None
    anchor: str
    text: Bilingual
    pos: SourcePos


@dataclass(frozen=True)
class InlineCause:
    """One row of a cause/action table inside an error section."""

    cause: str
    action: str
    error: str = ""
    """The error-message cell, when the table has one."""
    line: int = 0


@dataclass(frozen=True)
class CodeDeclaration:
    """A ``Codice di errore:`` line (or ``(ID: 123)``) and what it declares."""

    codes: tuple[str, ...]
    pos: SourcePos
    label: str


@dataclass(frozen=True)
class Evidence:
    """One reason the content gives for an error entry: a signal, where it is, and how much it weighs."""

    signal: str
    """Its kind: ``code-label``, ``message-label``, ``cause-links``, ``error-table``, ``table-row``, ``id-row``,
    ``issue-row``, ``heading-code``, ``heading-message``, ``http-status``, ``error-mention``, ``anchor-code``,
    ``error-heading`` or ``error-article`` (see :data:`kb_builder.extract.entries.SIGNALS`)."""
    detail: str
    """What was seen, for a person: ``'Codice di errore:' line``, ``table column 'Codice di errore'``."""
    line: int
    weight: float
    """0..1: how strongly this signal alone says "an error entry"."""


@dataclass(frozen=True)
class ErrorEntry:
    """A section about one error (one or several codes), or one row of an error table."""

    id: str
    """The canonical code, or the heading's first anchor when there is no code."""
    codes: tuple[str, ...]
    heading: Heading
    title: Bilingual
    message: Bilingual | None
    description: str
    causes: tuple[CauseRef, ...]
    inline_causes: tuple[InlineCause, ...]
    steps: tuple[str, ...]
    notes: tuple[Alert, ...]
    recommended_action: str
    links: tuple[Link, ...]
    subsections: tuple[Subsection, ...]
    heading_codes: tuple[str, ...]
    """Codes found leading the heading."""
    declarations: tuple[CodeDeclaration, ...]
    """Codes declared on label lines or as ``(ID: n)``."""
    markdown: str
    """The section's whole source, heading line excluded (a table row: the row's source)."""
    source: SourcePos
    end_line: int
    """Last line of the section (inclusive)."""
    evidence: tuple[Evidence, ...] = ()
    """Why this is an error entry, strongest first."""
    confidence: float = 1.0
    """0..1: the evidence combined (each signal an independent chance: 1 - product of (1 - weight))."""
    origin: str = "section"
    """``section`` (the entry is a section of its own) or ``table-row`` (a row of a table in a general section;
    ``heading`` is then the heading of the section holding the table)."""

    @property
    def kind(self) -> str:
        return "error"

    @property
    def anchors(self) -> tuple[str, ...]:
        return self.heading.all_anchors


@dataclass(frozen=True)
class CauseSection:
    """A shared cause-and-solution section that errors point to."""

    id: str
    heading: Heading
    title: Bilingual
    body: str
    """Markdown before the first subsection."""
    subsections: tuple[Subsection, ...]
    referenced_by: tuple[str, ...]
    """Ids of the error entries that link here, in document order."""
    links: tuple[Link, ...]
    markdown: str
    source: SourcePos
    end_line: int

    @property
    def kind(self) -> str:
        return "cause"

    @property
    def anchors(self) -> tuple[str, ...]:
        return self.heading.all_anchors


@dataclass(frozen=True)
class GeneralSection:
    """The introduction and every other section."""

    id: str
    heading: Heading | None
    """None for text before the first heading."""
    title: Bilingual
    body: str
    subsections: tuple[Subsection, ...]
    links: tuple[Link, ...]
    markdown: str
    source: SourcePos
    end_line: int
    entries: tuple[ErrorEntry, ...] = ()
    """Error entries made of the rows of its error tables (``origin`` ``table-row``)."""

    @property
    def kind(self) -> str:
        return "general"

    @property
    def anchors(self) -> tuple[str, ...]:
        return self.heading.all_anchors if self.heading else ()


Section = ErrorEntry | CauseSection | GeneralSection


@dataclass(frozen=True)
class Document:
    """One article of one locale."""

    path: str
    """Path relative to the content root, posix style (``it-it/articles/backup/x.md``)."""
    locale: str
    """Lower-case locale id, ``it-it``."""
    rel_path: str
    """Path relative to the locale root (``articles/backup/x.md``): the same across locales."""
    title: Bilingual
    description: str
    metadata: Mapping[str, Any]
    translation_type: str
    """``ms.translationtype`` (``MT``, ``HT``) or '' for an original."""
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    links: tuple[Link, ...]
    includes: tuple[Include, ...]
    alerts: tuple[Alert, ...]
    lines: tuple[str, ...] = field(repr=False)
    """The source lines (front matter included), for carets and excerpts."""
    body_start: int = 1
    """First line after the front matter."""
    english: tuple[tuple[int, Bilingual], ...] = ()
    """English found in the text (glued to the translation, or left untranslated), by line."""
    loose_anchors: tuple[tuple[str, int], ...] = ()
    """``<a name>``/``<a id>`` anchors outside headings, with their lines: link targets too."""

    @property
    def slug(self) -> str:
        """The article's file name without ``.md``."""
        return self.rel_path.rsplit("/", 1)[-1].removesuffix(".md")

    @property
    def errors(self) -> tuple[ErrorEntry, ...]:
        """Every error entry, in source order: error sections, and the table rows of general sections."""
        found: list[ErrorEntry] = []
        for section in self.sections:
            if isinstance(section, ErrorEntry):
                found.append(section)
            elif isinstance(section, GeneralSection):
                found.extend(section.entries)
        return tuple(found)

    @property
    def causes(self) -> tuple[CauseSection, ...]:
        return tuple(s for s in self.sections if isinstance(s, CauseSection))

    def anchor_map(self) -> dict[str, list[int]]:
        """Every anchor (explicit, slug, and loose in the text) to the lines that define it."""
        found: dict[str, list[int]] = {}
        defined = [(anchor, heading.line) for heading in self.headings for anchor in heading.all_anchors] + list(self.loose_anchors)
        for anchor, line in defined:
            lines = found.setdefault(anchor, [])
            if line not in lines:
                lines.append(line)
        return found


@dataclass(frozen=True)
class KnowledgeBase:
    """Every document read from one content root, and what reading them found."""

    root: str
    documents: tuple[Document, ...]
    diagnostics: tuple[Diagnostic, ...]
    base_url: str = ""
    """Public URL of the documentation site, for links leaving the content."""
    excluded: tuple[str, ...] = ()
    """The ``.gitignore``-style patterns that left files out (:class:`kb_builder.exclude.Exclusion`): the site copies none of them."""

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(sorted({d.locale for d in self.documents}))

    def documents_in(self, locale: str) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.locale == locale)

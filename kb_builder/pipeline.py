"""The named stages in order: read -> parse -> extract (-> check -> render/export elsewhere).

:func:`load` turns a content tree into a :class:`KnowledgeBase`. One broken
document never stops the others: its problems become diagnostics.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from .cache import DocumentCache
from .exclude import Exclusion
from .extract import extract_document, forget_memos
from .hazards import markup_findings
from .includes import IncludeResolver
from .model import Diagnostic, Document, KnowledgeBase, Severity, SourcePos
from .parse import ParsedMarkdown, parse_markdown
from .read import LocaleRoot, SourceFile, decode, is_include_file, locale_roots, markdown_files, read_file

DEFAULT_LOCALE = "en-us"


def load(content: Path, base_url: str = "", cache: DocumentCache | None = None, exclusion: Exclusion | None = None) -> KnowledgeBase:
    """Read, parse and extract every article under ``content`` but the excluded ones (by default
    :data:`~kb_builder.exclude.DEFAULT_EXCLUDE`); ``cache`` skips unchanged articles."""
    root = content.resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"content folder not found: {content}")
    forget_memos()  # every load starts cold: its time and memory never depend on an earlier load
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    includes = IncludeResolver(root)
    for locale_root in locale_roots(root):
        files, problems = markdown_files(root, locale_root, Exclusion() if exclusion is None else exclusion)
        diagnostics += problems
        for path in files:
            source, problems = read_file(root, path, locale_root)
            diagnostics += problems
            if source is None or is_include_file(source.rel_path):
                continue
            if cache is None:
                document, problems = load_document(root, locale_root, source, includes)
            else:
                document, problems = cache.fetch(source, partial(load_document, root, locale_root, source, includes), includes.unchanged)
            documents.append(document)
            diagnostics += problems
    patterns = (Exclusion() if exclusion is None else exclusion).patterns
    return KnowledgeBase(str(root), tuple(documents), tuple(diagnostics), base_url, patterns)


def load_document(root: Path, locale_root: LocaleRoot, source: SourceFile, includes: IncludeResolver | None = None) -> tuple[Document, list[Diagnostic]]:
    """Parse and extract one article; never raises on bad content. ``includes`` may be shared by the articles of one load."""
    problems: list[Diagnostic] = []
    parsed = parse_markdown(source.text, source.path)
    front = parsed.front_matter
    if front.error:
        problems.append(Diagnostic("front-matter", Severity.WARNING, front.error, SourcePos(source.path, front.error_line), "fix the YAML between the '---' lines"))
    elif not front.present:
        problems.append(Diagnostic("front-matter", Severity.INFO, "no YAML front matter (title, description, ms.* keys)", SourcePos(source.path, 1), "add a '---' block with at least title and description"))
    problems += markup_findings(parsed)
    locale = locale_root.locale or _locale_from_metadata(front.data) or DEFAULT_LOCALE
    resolver = includes or IncludeResolver(root)
    resolved = tuple(resolver.resolve(source.path, ref) for ref in parsed.includes)
    return extract_document(parsed, locale, source.rel_path, resolved), problems


def _locale_from_metadata(data: dict) -> str:
    value = data.get("ms.contentlocale") or data.get("locale") or ""
    return str(value).lower()


def included_sources(kb: KnowledgeBase) -> list[ParsedMarkdown]:
    """The resolved include files, parsed, so their links can be checked too."""
    root = Path(kb.root)
    seen: set[str] = set()
    parsed: list[ParsedMarkdown] = []
    for document in kb.documents:
        for include in document.includes:
            if include.status == "resolved" and include.resolved and include.resolved not in seen:
                seen.add(include.resolved)
                text, _ = decode((root / include.resolved).read_bytes(), include.resolved)
                parsed.append(parse_markdown(text, include.resolved))
    return parsed

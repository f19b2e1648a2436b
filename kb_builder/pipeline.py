"""The named stages in order: read -> parse -> extract (-> check -> render/export elsewhere).

:func:`load` turns a content tree into a :class:`KnowledgeBase`. One broken
document never stops the others: its problems become diagnostics.
"""

from __future__ import annotations

import posixpath
from functools import partial
from pathlib import Path

from .cache import DocumentCache
from .extract import extract_document, forget_memos
from .frontmatter import read_front_matter
from .hazards import markup_findings
from .model import Diagnostic, Document, Include, KnowledgeBase, Severity, SourcePos
from .parse import IncludeRef, ParsedMarkdown, parse_markdown
from .read import MAX_FILE_BYTES, LocaleRoot, SourceFile, decode, inside_root, is_include_file, locale_roots, markdown_files, read_file

DEFAULT_LOCALE = "en-us"


def load(content: Path, base_url: str = "", cache: DocumentCache | None = None) -> KnowledgeBase:
    """Read, parse and extract every article under ``content``; ``cache`` skips unchanged articles."""
    root = content.resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"content folder not found: {content}")
    forget_memos()  # every load starts cold: its time and memory never depend on an earlier load
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    for locale_root in locale_roots(root):
        files, problems = markdown_files(root, locale_root)
        diagnostics += problems
        for path in files:
            source, problems = read_file(root, path, locale_root)
            diagnostics += problems
            if source is None or is_include_file(source.rel_path):
                continue
            if cache is None:
                document, problems = load_document(root, locale_root, source)
            else:
                document, problems = cache.fetch(source, partial(load_document, root, locale_root, source), partial(includes_unchanged, root))
            documents.append(document)
            diagnostics += problems
    return KnowledgeBase(str(root), tuple(documents), tuple(diagnostics), base_url)


def load_document(root: Path, locale_root: LocaleRoot, source: SourceFile) -> tuple[Document, list[Diagnostic]]:
    """Parse and extract one article; never raises on bad content."""
    problems: list[Diagnostic] = []
    parsed = parse_markdown(source.text, source.path)
    front = parsed.front_matter
    if front.error:
        problems.append(Diagnostic("front-matter", Severity.WARNING, front.error, SourcePos(source.path, front.error_line), "fix the YAML between the '---' lines"))
    elif not front.present:
        problems.append(Diagnostic("front-matter", Severity.INFO, "no YAML front matter (title, description, ms.* keys)", SourcePos(source.path, 1), "add a '---' block with at least title and description"))
    problems += markup_findings(parsed)
    locale = locale_root.locale or _locale_from_metadata(front.data) or DEFAULT_LOCALE
    includes = tuple(resolve_include(root, source.path, ref, (source.path,)) for ref in parsed.includes)
    return extract_document(parsed, locale, source.rel_path, includes), problems


def includes_unchanged(root: Path, document: Document) -> bool:
    """True when every include of a cached document still resolves to the same file and text."""
    return all(
        resolve_include(root, document.path, IncludeRef(include.title, include.target, include.pos.line, include.pos.col), (document.path,)) == include
        for include in document.includes
    )


def _locale_from_metadata(data: dict) -> str:
    value = data.get("ms.contentlocale") or data.get("locale") or ""
    return str(value).lower()


def resolve_include(root: Path, document_path: str, ref: IncludeRef, chain: tuple[str, ...]) -> Include:
    """Resolve an include relative to its document, inside the content root only.

    ``chain`` is the list of files being included (outermost first), to spot cycles.
    Nested includes of the included file are resolved too and inlined.
    """
    pos = SourcePos(document_path, ref.line, ref.col)
    target = ref.target.split("#", 1)[0]
    if target.startswith("/") or "\\" in target or ":" in target:
        return Include(ref.title, ref.target, pos, "outside-root")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(document_path), target))
    if joined.startswith("../") or joined == "..":
        return Include(ref.title, ref.target, pos, "outside-root")
    path = root / joined
    if not inside_root(path, root):
        return Include(ref.title, ref.target, pos, "outside-root")
    if joined in chain:
        return Include(ref.title, ref.target, pos, "cycle", joined)
    if not path.is_file():
        return Include(ref.title, ref.target, pos, "missing")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return Include(ref.title, ref.target, pos, "unreadable")  # the file's own unreadable-file error says why
        text, _ = decode(path.read_bytes(), joined)
    except OSError:
        return Include(ref.title, ref.target, pos, "missing")
    front = read_front_matter(text)
    body = "\n".join(text.split("\n")[front.body_start :]).strip("\n")
    nested = parse_markdown(text, joined).includes if "[!INCLUDE" in body.upper() else []
    for inner in nested:
        resolved = resolve_include(root, joined, inner, chain + (joined,))
        if resolved.status == "cycle":
            return Include(ref.title, ref.target, pos, "cycle", joined)
        line = text.split("\n")[inner.line - 1]
        body = body.replace(line, resolved.markdown if resolved.status == "resolved" else "")
    return Include(ref.title, ref.target, pos, "resolved", joined, body)


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

"""Include resolution: ``[!INCLUDE]`` targets become the included files' bodies, inside the content root only.

One :class:`IncludeResolver` serves one load: each include file is located, read and parsed once, however
many articles include it (a thousand articles sharing one disclaimer cost one read).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import read_front_matter
from .model import Document, Include, SourcePos
from .parse import IncludeRef, parse_markdown
from .read import MAX_FILE_BYTES, decode, inside_root


@dataclass(frozen=True)
class _IncludeFile:
    """One include file as read: its status and, when readable, its body and the includes in it."""

    status: str
    """``resolved``, ``outside-root`` (through a symlink), ``missing`` or ``unreadable``."""
    body: str = ""
    nested: tuple[tuple[IncludeRef, str], ...] = ()
    """Each nested include with the source line that holds it."""


class IncludeResolver:
    """Resolves the includes of one content root, memoising each include file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, _IncludeFile] = {}

    def resolve(self, document_path: str, ref: IncludeRef, chain: tuple[str, ...] = ()) -> Include:
        """Resolve an include relative to its document; nested includes are resolved and inlined.

        ``chain`` lists the files being included (outermost first, the article itself by default), to spot cycles.
        """
        chain = chain or (document_path,)
        pos = SourcePos(document_path, ref.line, ref.col)
        target = ref.target.split("#", 1)[0]
        if target.startswith("/") or "\\" in target or ":" in target:
            return Include(ref.title, ref.target, pos, "outside-root")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(document_path), target))
        if joined.startswith("../") or joined == "..":
            return Include(ref.title, ref.target, pos, "outside-root")
        found = self._file(joined)
        if found.status == "outside-root":
            return Include(ref.title, ref.target, pos, "outside-root")
        if joined in chain:
            return Include(ref.title, ref.target, pos, "cycle", joined)
        if found.status != "resolved":
            return Include(ref.title, ref.target, pos, found.status)
        body = found.body
        for inner, line in found.nested:
            resolved = self.resolve(joined, inner, chain + (joined,))
            if resolved.status == "cycle":
                return Include(ref.title, ref.target, pos, "cycle", joined)
            body = body.replace(line, resolved.markdown if resolved.status == "resolved" else "")
        return Include(ref.title, ref.target, pos, "resolved", joined, body)

    def unchanged(self, document: Document) -> bool:
        """True when every include of a cached document still resolves to the same file and text."""
        return all(
            self.resolve(document.path, IncludeRef(include.title, include.target, include.pos.line, include.pos.col)) == include
            for include in document.includes
        )

    def _file(self, joined: str) -> _IncludeFile:
        found = self._files.get(joined)
        if found is None:
            found = self._files[joined] = self._read(joined)
        return found

    def _read(self, joined: str) -> _IncludeFile:
        path = self.root / joined
        if not inside_root(path, self.root):
            return _IncludeFile("outside-root")
        if not path.is_file():
            return _IncludeFile("missing")
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                return _IncludeFile("unreadable")  # the file's own unreadable-file error says why
            text, _ = decode(path.read_bytes(), joined)
        except OSError:
            return _IncludeFile("missing")
        front = read_front_matter(text)
        lines = text.split("\n")
        body = "\n".join(lines[front.body_start :]).strip("\n")
        nested = parse_markdown(text, joined).includes if "[!INCLUDE" in body.upper() else []
        return _IncludeFile("resolved", body, tuple((inner, lines[inner.line - 1]) for inner in nested))

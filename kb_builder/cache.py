"""A cache of extracted documents keyed by content hash, so unchanged articles are not parsed again.

One pickle file per article under ``<cache-dir>/<content root id>/``. The key
hashes the article's bytes, its path and locale, and kb's own source code, so
an edit to either misses. What an article includes is checked again on every
hit. Anything unreadable (a truncated or corrupt file, an old format) is a miss,
never an error. The folder is trusted like the content itself: do not share it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .model import Diagnostic, Document
from .read import SourceFile

Loaded = tuple[Document, list[Diagnostic]]
SUFFIX = ".pickle"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of kb's own Python sources and the interpreter version: a new kb never reads an old cache."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def source_lines(source: SourceFile) -> tuple[str, ...]:
    """The article's lines as the parse stage splits them (the text's line endings are already normalised)."""
    return tuple(source.text.split("\n"))


class DocumentCache:
    """Extracted documents of one content root on disk."""

    def __init__(self, folder: Path, content_root: Path) -> None:
        root_id = hashlib.sha256(str(content_root.resolve()).encode()).hexdigest()[:16]
        self.folder = folder / root_id
        self.used: set[str] = set()
        """Names of the files this run read or wrote: :meth:`prune` keeps only these."""
        self.keys: dict[str, str] = {}
        """Article path -> the key it was fetched under in this run."""
        self.hits = 0
        self.misses = 0

    def key(self, source: SourceFile) -> str:
        parts = (code_fingerprint(), source.path, source.locale, source.rel_path, source.digest)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def fetch(self, source: SourceFile, compute: Callable[[], Loaded], valid: Callable[[Document], bool]) -> Loaded:
        """The cached result for ``source`` when ``valid`` accepts it, else ``compute()`` stored for next time."""
        key = self.key(source)
        self.keys[source.path] = key
        found = self._get(key)
        if found is not None:
            if not found[0].lines:  # stored without its lines (see below)
                found = (replace(found[0], lines=source_lines(source)), found[1])
            if valid(found[0]):
                self.hits += 1
                return found
        self.misses += 1
        result = compute()
        document, problems = result
        if document.lines == source_lines(source):
            document = replace(document, lines=())  # rebuilt from the text on a hit: cheaper than storing 300 strings
        self._put(key, (document, problems))
        return result

    def read(self, name: str) -> object | None:
        """The object stored under file ``name``, None when absent or unreadable."""
        self.used.add(name)
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 - any unreadable entry is a miss
            return None

    def write(self, name: str, value: object) -> None:
        """Store ``value`` under file ``name``, atomically; a read-only or full disk only costs speed."""
        self.used.add(name)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / name)
        except OSError:
            return

    def _get(self, key: str) -> Loaded | None:
        value = self.read(key + SUFFIX)
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Document) and isinstance(value[1], list)):
            return None
        return value

    def _put(self, key: str, value: Loaded) -> None:
        self.write(key + SUFFIX, value)

    def prune(self) -> None:
        """Delete the files this run did not use (entries of deleted or edited articles, stale temporary files)."""
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name not in self.used:
                try:
                    entry.unlink()
                except OSError:
                    pass

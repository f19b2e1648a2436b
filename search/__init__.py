"""Search over the knowledge base: build an index folder, open it, search it.

The interface, independent of the engine (whoosh, in :mod:`search.engine`)::

    path = build_index(catalog, Path("site"))   # -> site/search-index/
    searcher = open_index(path)
    hits = searcher.search("UserErrorRpColectionLimitReached", lang="it", limit=10)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from kb_builder.catalog import Catalog

from .engine import Hit, Searcher, write_index
from .records import records

INDEX_DIRNAME = "search-index"
MANIFEST = "kb-index.json"
FORMAT = 1
"""Bumped when the fields change, so an older index is rebuilt."""

__all__ = ["Hit", "Searcher", "build_index", "open_index", "index_path", "is_current", "manifest", "content_fingerprint", "INDEX_DIRNAME"]


def index_path(site: Path) -> Path:
    """Where a build output keeps its index."""
    return site / INDEX_DIRNAME


def content_fingerprint(content: Path) -> str:
    """SHA-256 over the path and bytes of every markdown file under a content root."""
    digest = hashlib.sha256()
    for path in sorted(p for p in content.rglob("*.md") if p.is_file()):
        digest.update(path.relative_to(content).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_index(catalog: Catalog, out_dir: Path) -> Path:
    """Index the catalog into ``out_dir/search-index/`` and return that folder.

    The index is written into a temporary folder beside it, then renamed into
    place, so a reader never sees a half-written index. Same content, same bytes.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    target = index_path(out_dir)
    fingerprint = content_fingerprint(Path(catalog.kb.root))
    staging = Path(tempfile.mkdtemp(prefix=f".{INDEX_DIRNAME}-new-", dir=out_dir))
    try:
        count = write_index(records(catalog), staging, seed=fingerprint)
        manifest = {"format": FORMAT, "engine": "whoosh-reloaded", "records": count, "locales": catalog.locales, "content": fingerprint}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.chmod(staging, 0o755)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _swap(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``; an existing target is moved aside first, then removed."""
    if not target.exists():
        os.rename(staging, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{INDEX_DIRNAME}-old-", dir=target.parent))
    os.rename(target, retired / INDEX_DIRNAME)
    os.rename(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def manifest(index: Path) -> dict:
    """What an index folder says about itself: format, engine, records, locales, content fingerprint ({} when unreadable)."""
    try:
        found = json.loads((index / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def is_current(index: Path, content: Path) -> bool:
    """True when ``index`` exists, has this format and was built from exactly this content."""
    found = manifest(index)
    return found.get("format") == FORMAT and found.get("content") == content_fingerprint(content)


def open_index(path: Path) -> Searcher:
    """Load an index folder into memory for searching."""
    if not (path / MANIFEST).is_file():
        raise FileNotFoundError(f"no search index in {path} (run 'kb index')")
    return Searcher(path)

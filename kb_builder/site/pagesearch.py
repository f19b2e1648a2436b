"""The search in the page: a Pagefind index per locale, that a visitor's browser reads in small pieces.

Material's own search (lunr) ships the whole index to every visitor: 52 MB for a documentation repository, 17 s
before the first result. Pagefind splits its index into chunks and fragments, and a query fetches only those it
needs. The built pages mark what is searched (``data-pagefind-body`` on error, cause and article pages, with
``data-pagefind-meta`` kind and code, and the codes' pieces weighted in ``.kb-keywords``); this module writes, for
one locale's part of the site:

- ``pagefind/``: the Pagefind bundle (index, fragments, ``pagefind.js``), in the locale's language (Italian stemming
  for ``it``);
- ``search/search_index.json``: only the configuration Material's search box and its highlighting read (no
  documents): ``assets/kb-search.js`` answers the box from Pagefind instead of Material's lunr worker;
- ``search/codes/<n>.json``: the codes of ``n`` characters, which ``kb-search.js`` fetches (lengths n-2 to n+2) for
  a code-shaped query, to correct a misspelled code as ``kb search`` does.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

BUNDLE = "pagefind"
CODES = "search/codes"
EXCLUDE_SELECTORS = [".headerlink", ".kb-badge__copy"]
"""The heading permalinks' '¶' and the copy buttons: no words of the page."""
TYPO_EDITS = 2
"""A code-shaped query is compared with the codes up to this many characters longer or shorter (kb-search.js)."""
INCLUDE_CHARACTERS = "_"
"""Kept inside words: ``invalid_request`` stays one word (its parts are in the keywords too)."""


def write_page_search(site_dir: Path, pages: Iterable[str], language: str, separator: str, codes: Iterable[str]) -> int:
    """Index the locale's searchable ``pages`` (site paths such as ``errors/X/``) of ``site_dir``; return how many."""
    paths = sorted(dict.fromkeys(pages))
    # Pagefind's Python API is asynchronous: its own event loop, in a thread of its own, works whether or not the
    # caller runs one (mkdocs serve, a test driving a browser).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _index(site_dir, paths, language)).result()
    _write_json(site_dir / "search" / "search_index.json", {"config": {"lang": [language], "separator": separator, "pipeline": []}, "docs": []})
    by_length: dict[int, list[str]] = {}
    for code in sorted(set(codes)):
        by_length.setdefault(len(code), []).append(code)
    longest = max(by_length, default=0)
    for length in range(1, longest + TYPO_EDITS + 1):  # every length a query may ask for: no 404 in the console
        _write_json(site_dir / CODES / f"{length}.json", by_length.get(length, []))
    return len(paths)


async def _index(site_dir: Path, paths: list[str], language: str) -> None:
    config = IndexConfig(force_language=language, include_characters=INCLUDE_CHARACTERS, exclude_selectors=EXCLUDE_SELECTORS, output_path=str(site_dir / BUNDLE))
    async with PagefindIndex(config=config) as index:
        for path in paths:
            source = site_dir / path / "index.html" if path.endswith("/") or not path else site_dir / path
            if source.is_file():
                await index.add_html_file(content=source.read_text(encoding="utf-8"), source_path=os.path.relpath(source, site_dir))
        await index.write_files()


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

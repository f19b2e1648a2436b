"""The document cache: hits for unchanged articles, misses on edits and include changes, corrupt entries ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

from kb_builder.cache import DocumentCache
from kb_builder.pipeline import load

from .conftest import SEED


def tree(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    folder = content / "en-us" / "articles"
    folder.mkdir(parents=True)
    (content / "en-us" / "includes").mkdir()
    (content / "en-us" / "includes" / "note.md").write_text("Shared note.\n", encoding="utf-8")
    (folder / "a.md").write_text("# A\n\n[!INCLUDE [n](../includes/note.md)]\n", encoding="utf-8")
    shutil.copy(SEED, folder / "seed.md")
    return content


def test_second_load_hits_and_gives_the_same_knowledge_base(tmp_path) -> None:
    content = tree(tmp_path)
    first_cache = DocumentCache(tmp_path / "cache", content)
    first = load(content, cache=first_cache)
    assert (first_cache.hits, first_cache.misses) == (0, 2)
    second_cache = DocumentCache(tmp_path / "cache", content)
    second = load(content, cache=second_cache)
    assert (second_cache.hits, second_cache.misses) == (2, 0)
    assert second == first


def test_an_edited_article_or_include_misses(tmp_path) -> None:
    content = tree(tmp_path)
    load(content, cache=DocumentCache(tmp_path / "cache", content))
    (content / "en-us" / "includes" / "note.md").write_text("Changed note.\n", encoding="utf-8")
    cache = DocumentCache(tmp_path / "cache", content)
    kb = load(content, cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)
    assert next(d for d in kb.documents if d.slug == "a").includes[0].markdown == "Changed note."


def test_corrupt_entries_are_ignored_and_stale_ones_pruned(tmp_path) -> None:
    content = tree(tmp_path)
    cache = DocumentCache(tmp_path / "cache", content)
    expected = load(content, cache=cache)
    for entry in cache.folder.glob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:20])
    (cache.folder / "stale.pickle").write_bytes(b"not a pickle")
    again = DocumentCache(tmp_path / "cache", content)
    assert load(content, cache=again) == expected
    assert again.misses == 2
    again.prune()
    assert sorted(p.name for p in again.folder.iterdir()) == sorted(key + ".pickle" for key in again.keys.values())

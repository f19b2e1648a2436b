"""The index folder: records of every kind, atomic replacement, determinism, staleness."""

from __future__ import annotations

import shutil

import pytest

from kb_builder.catalog import build_catalog
from kb_builder.pipeline import load
from search import build_index, content_fingerprint, index_path, is_current, open_index
from search.records import records
from tests.conftest import CONTENT
from tests.search_fixtures import seed_catalog, seed_searcher, seed_site  # noqa: F401 - fixtures


def test_records_cover_errors_causes_and_sections_with_catalog_ids_and_urls(seed_catalog):
    found = {(r.kind, r.id): r for r in records(seed_catalog)}
    kinds = {kind for kind, _ in found}
    assert kinds == {"error", "cause", "general"}
    error = found[("error", "BackUpOperationFailed")]
    assert error.codes == ("BackUpOperationFailed", "BackUpOperationFailedV2") and error.url == "errors/BackUpOperationFailed/"
    cause = found[("cause", "remove_lock_from_the_recovery_point_resource_group")]
    assert cause.url == "causes/remove_lock_from_the_recovery_point_resource_group/" and cause.codes == ()
    assert len([r for r in found.values() if r.kind == "error"]) == len(seed_catalog.errors)


def test_subsections_with_their_own_anchor_are_records_generic_ones_stay_in_their_section(seed_catalog):
    found = list(records(seed_catalog))
    portal = next(r for r in found if "clean-up-restore-point-collection-from-azure-portal" in r.anchors)
    assert portal.kind == "cause" and portal.url.endswith("#clean-up-restore-point-collection-from-azure-portal-br")
    assert not any("solution" in r.anchors for r in found)
    windows = next(r for r in found if r.id == "the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms")
    assert "services.msc" in windows.local_body  # from its "Soluzione" subsection


def test_recovered_english_is_indexed_with_the_record_of_its_lines(seed_catalog):
    found = {r.id: r for r in records(seed_catalog)}
    assert "can't exceed 18" in found["UserErrorRpCollectionLimitReached"].english_body
    assert "restore point collection max limit" in found["UserErrorRpCollectionLimitReached"].english_title
    portal = next(r for r in found.values() if "clean-up-restore-point-collection-from-azure-portal" in r.anchors)
    assert "Overview pane" in portal.english_body
    assert "Overview pane" not in found["clean_up_restore_point_collection"].english_body


def test_the_index_is_written_beside_its_target_and_renamed_into_place(seed_catalog, tmp_path):
    path = build_index(seed_catalog, tmp_path)
    assert path == index_path(tmp_path) == tmp_path / "search-index"
    first = open_index(path)
    (path / "stale-file").write_text("from an older index")
    again = build_index(seed_catalog, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["search-index"]  # no staging or retired folder left
    assert not (again / "stale-file").exists()
    assert [h.id for h in first.search("backup")] == [h.id for h in open_index(again).search("backup")]


def test_two_builds_of_the_same_content_are_byte_identical(seed_catalog, tmp_path):
    one, two = build_index(seed_catalog, tmp_path / "a"), build_index(seed_catalog, tmp_path / "b")
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir())
    assert all((one / name).read_bytes() == (two / name).read_bytes() for name in names)


def test_an_index_is_current_only_for_the_content_it_was_built_from(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = build_index(build_catalog(load(content)), tmp_path / "site")
    assert is_current(path, content)
    article = next(content.rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nUna riga in più.\n", encoding="utf-8")
    assert not is_current(path, content)
    assert not is_current(tmp_path / "nowhere", content)
    assert content_fingerprint(content) != content_fingerprint(CONTENT)


def test_opening_a_folder_without_an_index_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="kb index"):
        open_index(tmp_path)


def test_hits_carry_what_a_result_list_shows(seed_searcher):
    (hit,) = seed_searcher.search("UserErrorUnsupportedDiskSize", limit=1)
    assert (hit.kind, hit.id, hit.codes, hit.locale, hit.url) == ("error", "UserErrorUnsupportedDiskSize", ("UserErrorUnsupportedDiskSize",), "it-it", "errors/UserErrorUnsupportedDiskSize/")
    assert hit.anchors[0] == "usererrorunsupporteddisksize---the-configured-disk-sizes-is-currently-not-supported-by-azure-backup"
    assert hit.title and hit.score > 0 and "<mark>UserErrorUnsupportedDiskSize</mark>" in hit.snippet


def test_snippets_are_escaped_html_around_the_query_words(seed_searcher):
    (hit,) = seed_searcher.search("connettività di rete assente", limit=1)
    assert "<mark>connettività</mark>" in hit.snippet and "<mark>rete</mark>" in hit.snippet
    assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


def test_results_are_ordered_by_score_and_limited(seed_searcher):
    hits = seed_searcher.search("backup", limit=5)
    assert len(hits) == 5 and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert seed_searcher.search("backup", limit=0) == []


def test_both_locales_of_the_corpus_are_searchable_and_filterable(corpus_dir, tmp_path):
    catalog = build_catalog(load(corpus_dir))
    searcher = open_index(build_index(catalog, tmp_path))
    shared = [record for record in catalog.errors.values() if {"it-it", "en-us"} <= set(record.entries) and record.codes]
    assert shared
    for record in shared:
        english = searcher.search(record.codes[0], lang="en", limit=1)
        italian = searcher.search(record.codes[0], lang="it", limit=1)
        assert (english[0].locale, english[0].url) == ("en-us", f"en-us/errors/{record.id}/")
        assert (italian[0].locale, italian[0].url) == ("it-it", f"errors/{record.id}/")

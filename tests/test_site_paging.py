"""The code index in pages: the home page holds the first ``codes_per_page`` codes, ``codes/<n>/`` the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb_builder.cli import run
from kb_builder.site.paging import PageRange, page_ranges, split_pages

from .conftest import CONTENT, REPO

ROW_CODE_RE = re.compile(r'<tr data-kb-search="[^"]*">\s*<td><a href="[^"]*errors/[^/]+/"><code>([^<]+)</code>')


def test_split_pages_keeps_order_and_bounds_each_page():
    assert split_pages(list(range(12)), 5) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]]
    assert split_pages([], 5) == [[]]
    with pytest.raises(ValueError):
        split_pages([1], 0)


def test_guide_words_tell_each_page_from_its_neighbours_and_its_other_end():
    bounds = [("BackUpOperationFailed", "GuestAgentSnapshotTaskStatusError"), ("UserErrorBackupOperationInProgress", "UserErrorRpCollectionLimitReached"), ("UserErrorUnsupportedDiskSize", "UserErrorVmProvisioningStateFailed")]
    assert page_ranges(bounds) == [PageRange(1, "B", "G"), PageRange(2, "UserErrorB", "UserErrorR"), PageRange(3, "UserErrorU", "UserErrorV")]
    assert page_ranges([("Same", "Same")]) == [PageRange(1, "Same", "Same")]


def config_with(folder: Path, codes_per_page: int) -> Path:
    """The project's mkdocs.yml with another ``codes_per_page``, written in ``folder``."""
    text = re.sub(r"(?m)^(\s+)codes_per_page: \d+", rf"\g<1>codes_per_page: {codes_per_page}", (REPO / "mkdocs.yml").read_text("utf-8"))
    assert re.search(rf"codes_per_page: {codes_per_page}\b", text)
    config = folder / "mkdocs.yml"
    config.write_text(text.replace("custom_dir: site_overrides", f"custom_dir: {REPO / 'site_overrides'}"), "utf-8")
    return config


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    """The seed (12 codes) with five codes a page: the home page and codes/2/, codes/3/."""
    work = tmp_path_factory.mktemp("paged")
    out = work / "site"
    assert run(["build", "--config-file", str(config_with(work, 5)), "--content", str(CONTENT), "--out", str(out)]) == 0
    return out


def test_every_code_is_on_exactly_one_page_in_alphabetical_order(paged_site, seed_kb):
    pages = [paged_site / "index.html", paged_site / "codes/2/index.html", paged_site / "codes/3/index.html"]
    listed = [ROW_CODE_RE.findall(page.read_text("utf-8")) for page in pages]
    assert [len(codes) for codes in listed] == [5, 5, 2]
    flat = [code for codes in listed for code in codes]
    expected = [code for document in seed_kb.documents for entry in document.errors for code in entry.codes]
    assert flat == sorted(expected, key=str.casefold)
    assert not (paged_site / "codes/4").exists()


def test_each_page_links_to_the_others_by_guide_words(paged_site):
    page = (paged_site / "codes/2/index.html").read_text("utf-8")
    assert "<title>Codici di errore da UserErrorB a UserErrorR - " in page
    assert '<li><a href="../../">B – G</a></li><li><strong aria-current="page">UserErrorB – UserErrorR</strong></li><li><a href="../3/">UserErrorU – UserErrorV</a></li>' in page
    assert '<a href="../../" rel="prev">' in page and '<a href="../3/" rel="next">' in page
    assert "Nessun codice di questa pagina corrisponde al filtro" in page


def test_further_index_pages_stay_out_of_the_site_search(paged_site):
    index = (paged_site / "search/search_index.json").read_text("utf-8")
    assert '"location":"codes/' not in index and '"location":"errors/UserErrorUnsupportedDiskSize/"' in index


def test_a_single_page_index_has_no_pager(tmp_path):
    out = tmp_path / "site"
    assert run(["build", "--config-file", str(REPO / "mkdocs.yml"), "--content", str(CONTENT), "--out", str(out)]) == 0
    home = (out / "index.html").read_text("utf-8")
    assert len(ROW_CODE_RE.findall(home)) == 12 and "kb-pager" not in home and not (out / "codes").exists()


def test_codes_per_page_below_one_is_refused(tmp_path, capsys):
    assert run(["build", "--config-file", str(config_with(tmp_path, 0)), "--content", str(CONTENT), "--out", str(tmp_path / "site")]) == 2
    assert "codes_per_page must be at least 1, not 0" in capsys.readouterr().err

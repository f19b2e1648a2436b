"""Paged lists: the home page holds the first ``codes_per_page`` codes, ``codes/<n>/`` the rest; ``causes/``
and ``articles/`` the first ``entries_per_page`` entries, ``cause-list/<n>/`` and ``article-list/<n>/`` the rest."""

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
    titles = [("L'agente di VM è bloccato", "L'agente è disattivato"), ("Le opzioni non sono impostate", "Non è possibile")]
    assert page_ranges(titles) == [PageRange(1, "L'agente di", "L'agente è"), PageRange(2, "Le", "Non")]


def config_with(folder: Path, codes_per_page: int, entries_per_page: int = 200) -> Path:
    """The project's mkdocs.yml with other ``codes_per_page`` and ``entries_per_page``, written in ``folder``."""
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    for option, value in (("codes_per_page", codes_per_page), ("entries_per_page", entries_per_page)):
        text = re.sub(rf"(?m)^(\s+){option}: \d+", rf"\g<1>{option}: {value}", text)
        assert re.search(rf"{option}: {value}\b", text)
    config = folder / "mkdocs.yml"
    config.write_text(text.replace("custom_dir: site_overrides", f"custom_dir: {REPO / 'site_overrides'}"), "utf-8")
    return config


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    """The seed (12 codes, 6 causes) with five codes and two causes a page: the home page and codes/2/, codes/3/;
    causes/ and cause-list/2/, cause-list/3/."""
    work = tmp_path_factory.mktemp("paged")
    out = work / "site"
    assert run(["build", "--config-file", str(config_with(work, 5, 2)), "--content", str(CONTENT), "--out", str(out)]) == 0
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


def test_every_cause_is_listed_on_exactly_one_page_in_title_order(paged_site, seed_kb):
    pages = [paged_site / "causes/index.html", paged_site / "cause-list/2/index.html", paged_site / "cause-list/3/index.html"]
    listed = [re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', page.read_text("utf-8").split('<ul class="kb-index">', 1)[1].split("</ul>", 1)[0]) for page in pages]
    assert [len(items) for items in listed] == [2, 2, 2]
    titles = [title for items in listed for _url, title in items]
    assert titles == sorted(titles, key=str.casefold) and len(set(titles)) == len(seed_kb.documents[0].causes) == 6
    for page, items in zip(pages, listed):
        for url, _title in items:
            assert (page.parent / url / "index.html").resolve().is_file(), (page, url)
    assert not (paged_site / "cause-list/4").exists()


def test_further_cause_pages_link_to_the_others_and_stay_out_of_the_nav(paged_site):
    page = (paged_site / "cause-list/2/index.html").read_text("utf-8")
    assert '<a href="../../causes/" rel="prev">' in page and '<a href="../3/" rel="next">' in page
    assert "Tutte le 6 cause in ordine alfabetico" in page and '<strong aria-current="page">' in page
    assert "<title>Cause da " in page
    home = (paged_site / "index.html").read_text("utf-8")
    assert "cause-list/" not in home


def test_further_index_pages_stay_out_of_the_site_search(paged_site):
    searched = {page.parent.relative_to(paged_site).as_posix() for page in paged_site.rglob("index.html") if "data-pagefind-body" in page.read_text("utf-8")}
    assert not any(path.startswith(("codes/", "cause-list/", "article-list/")) for path in searched) and "errors/UserErrorUnsupportedDiskSize" in searched


def test_a_single_page_index_has_no_pager(tmp_path):
    out = tmp_path / "site"
    assert run(["build", "--config-file", str(REPO / "mkdocs.yml"), "--content", str(CONTENT), "--out", str(out)]) == 0
    home = (out / "index.html").read_text("utf-8")
    assert len(ROW_CODE_RE.findall(home)) == 12 and "kb-pager" not in home and not (out / "codes").exists()
    assert "kb-pager" not in (out / "causes/index.html").read_text("utf-8") and not (out / "cause-list").exists()


@pytest.mark.parametrize(("codes", "entries", "message"), [(0, 200, "codes_per_page must be at least 1, not 0"), (50, -1, "entries_per_page must be at least 1, not -1")])
def test_pages_of_fewer_than_one_entry_are_refused(tmp_path, capsys, codes, entries, message):
    assert run(["build", "--config-file", str(config_with(tmp_path, codes, entries)), "--content", str(CONTENT), "--out", str(tmp_path / "site")]) == 2
    assert message in capsys.readouterr().err

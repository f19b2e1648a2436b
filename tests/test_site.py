"""The generated site (kb build = mkdocs build with the kb plugin), read as a reader's browser would get it."""

from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path

import pytest

from kb_builder.catalog import build_catalog
from kb_builder.cli import run
from kb_builder.pipeline import load
from kb_builder.site.links import PublicUrls, SiteLinks, relative_url
from kb_builder.site.separator import separator

from .conftest import CONTENT, REPO

ROOT = Path(__file__).resolve().parent / "roots" / "site" / "content"
SEED_ARTICLE = "articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout/index.html"
THIRD_PARTY_RE = re.compile(r"<(?:link|script|img|iframe|source)\b[^>]*\b(?:href|src)=\"(?:https?:)?//[^\"]*\"", re.IGNORECASE)


def build(content: Path, out: Path, *extra: str) -> int:
    return run(["build", "--config-file", str(REPO / "mkdocs.yml"), "--content", str(content), "--out", str(out), *extra])


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fixture") / "site"
    assert build(ROOT, out) == 0
    return out


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "site"
    assert build(CONTENT, out) == 0
    return out


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def test_error_page_shows_badge_message_causes_notes_and_article_link(fixture_site):
    page = read(fixture_site, "errors/SampleCodeFailed/index.html")
    assert 'data-kb-copy="SampleCodeFailed"' in page and 'data-kb-copy="SampleCodeFailedV2"' in page
    assert '<blockquote class="kb-message__local"><p>Il campione non è riuscito' in page
    assert '<a href="../../causes/shared-cause/">La causa condivisa</a>' in page
    assert '<div class="admonition danger"><p class="admonition-title">Avviso</p><p>Non eliminare il gruppo di risorse.</p></div>' in page
    assert 'href="../../articles/backup/sample/#samplecodefailed---the-sample-failed"' in page


def test_content_html_is_sanitized(fixture_site):
    page = read(fixture_site, "errors/SampleCodeFailed/index.html")
    assert "<script>alert" not in page


def test_seed_error_page_has_italian_message_and_english_original(seed_site):
    page = read(seed_site, "errors/UserErrorRpCollectionLimitReached/index.html")
    local = re.search(r'<blockquote class="kb-message__local"><p>(.*?)</p>', page, re.DOTALL)
    english = re.search(r'<div class="kb-message__english" lang="en">.*?<p>(.*?)</p>', page, re.DOTALL)
    assert local and "limite massimo di raccolte di punti di ripristino" in local.group(1)
    assert english and english.group(1).strip() == "The Restore Point collection max limit has reached"


def test_alias_leads_to_the_canonical_page(fixture_site, seed_site):
    for site, alias, canonical in ((fixture_site, "SampleCodeFailedV2", "SampleCodeFailed"), (seed_site, "BackUpOperationFailedV2", "BackUpOperationFailed")):
        page = read(site, f"errors/{alias}/index.html")
        assert f'<meta http-equiv="refresh" content="0; url=../{canonical}/">' in page
        assert f'<link rel="canonical" href="../{canonical}/">' in page
        assert (site / f"errors/{canonical}/index.html").is_file()
        assert '<link rel="icon" href="data:,">' in page  # else browsers ask for /favicon.ico (a 404) as they leave


PAGEFIND_BODY_RE = re.compile(r'<article class="kb-(?:error|cause|article)"[^>]*\bdata-pagefind-body\b[^>]*>')


def searched_pages(site: Path, prefix: str = "") -> dict[str, str]:
    """The pages of a locale's part that its page search (Pagefind) indexes: site path -> the page's HTML."""
    found: dict[str, str] = {}
    for page in sorted((site / prefix).rglob("index.html")):
        path = page.relative_to(site / prefix).as_posix().removesuffix("index.html")
        if prefix == "" and path.split("/", 1)[0] in ("en-us",):
            continue
        text = page.read_text("utf-8")
        if PAGEFIND_BODY_RE.search(text):
            found[path] = text
    return found


def test_error_page_leads_with_its_message_so_search_finds_the_page_by_it(seed_site):
    page = searched_pages(seed_site)["errors/UserErrorGuestAgentStatusUnavailable/"]
    body = page.split("data-pagefind-body", 1)[1]
    assert body.index("Impossibile comunicare con Backup di Azure") < body.index('class="kb-description"')
    assert 'data-pagefind-meta="code:UserErrorGuestAgentStatusUnavailable"' in body
    assert "guestagentstatusunavailable" in body.split('data-kb-terms="', 1)[1].split('"', 1)[0].split()


def test_error_and_cause_pages_carry_the_english_glued_to_their_lines(seed_site):
    page = read(seed_site, "errors/UserErrorRpCollectionLimitReached/index.html")
    source = page.split('<details class="kb-english-source" lang="en">', 1)[1].split("</details>", 1)[0]
    assert '<summary lang="it">Testo originale in inglese della sezione</summary>' in source
    assert re.findall(r"<p>(.*?)</p>", source) == ["The number of restore points across restore point collections and resource groups for a VM can&#39;t exceed 18."]
    cause = read(seed_site, "causes/clean_up_restore_point_collection/index.html")
    assert "<p>Click Resource group, the Overview pane is displayed.</p>" in cause
    assert "kb-english-source" not in read(seed_site, "errors/UserErrorGuestAgentStatusUnavailable/index.html")


def test_search_weighs_error_and_cause_pages_above_the_whole_article(seed_site):
    pages = searched_pages(seed_site)
    assert "errors/BackUpOperationFailed/" in pages and "causes/clean_up_restore_point_collection/" in pages
    articles = [html for path, html in pages.items() if path.startswith("articles/")]
    assert articles and all('data-pagefind-weight="0.5"' in PAGEFIND_BODY_RE.search(html).group() for html in articles)
    assert not any(path in ("", "causes/", "articles/") or path.startswith("codes/") for path in pages)
    entry = json.loads(read(seed_site, "pagefind/pagefind-entry.json"))
    assert set(entry["languages"]) == {"it"} and entry["languages"]["it"]["page_count"] == len(pages)


def test_cause_page_lists_the_errors_that_point_to_it(seed_site):
    page = read(seed_site, "causes/remove_lock_from_the_recovery_point_resource_group/index.html")
    section = page.split("Errori che rimandano qui", 1)[1]
    linked = re.findall(r'<a href="\.\./\.\./errors/([^/]+)/">', section)
    assert linked == ["UserErrorRpCollectionLimitReached", "BackUpOperationFailed"]


def test_every_anchor_of_the_article_is_a_target(seed_site, seed_doc):
    page = read(seed_site, SEED_ARTICLE)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    missing = [anchor for anchor in seed_doc.anchor_map() if anchor not in ids]
    assert missing == []
    heading = re.search(r'<h2 id="usererrorguestagentstatusunavailable---vm-agent-unable-to-communicate-with-azure-backup">(.*?)</h2>', page, re.DOTALL)
    assert heading and '<a id="UserErrorGuestAgentStatusUnavailable-vm-agent-unable-to-communicate-with-azure-backup"' in heading.group(1)


def test_article_alerts_become_admonitions_and_includes_are_inlined(fixture_site):
    page = read(fixture_site, "articles/backup/sample/index.html")
    assert '<div class="admonition danger"><div class="admonition-title">Avviso</div>' in page
    assert "Testo incluso con un" in page
    assert '<a href="#shared-cause" rel="noopener noreferrer">collegamento relativo</a>' in page


def test_links_leaving_the_content_go_to_their_public_url(fixture_site, seed_site):
    page = read(fixture_site, "articles/backup/sample/index.html")
    assert 'href="https://learn.microsoft.com/it-it/azure/virtual-machines/linux/update-agent#install"' in page
    assert 'href="https://learn.microsoft.com/it-it/powershell/module/az.compute"' in page
    seed = read(seed_site, SEED_ARTICLE)
    assert 'href="https://learn.microsoft.com/it-it/azure/virtual-machines/linux/update-agent"' in seed
    assert 'href="../virtual-machines/' not in seed and ".md" not in "".join(re.findall(r'href="([^"]*)"', seed))


def test_missing_image_shows_its_alt_text_and_a_present_one_is_copied(fixture_site, seed_site):
    page = read(fixture_site, "articles/backup/sample/index.html")
    assert '<span class="kb-missing-image" title="Immagine non disponibile">Schermata mancante</span>' in page
    assert '<img src="../media/present.png" alt="Schermata presente">' in page
    assert (fixture_site / "articles/backup/media/present.png").is_file()
    assert "<img" not in read(seed_site, SEED_ARTICLE).split('<article class="kb-article"', 1)[1]


def test_home_lists_every_code_with_a_link(seed_site, seed_kb):
    page = read(seed_site, "index.html")
    codes = re.findall(r'<tr data-kb-search="[^"]*">\s*<td><a href="errors/([^/]+)/"><code>([^<]+)</code>', page)
    expected = [code for document in seed_kb.documents for entry in document.errors for code in entry.codes]
    assert sorted(code for _url, code in codes) == sorted(expected) and len(codes) == 12
    assert ("BackUpOperationFailed", "BackUpOperationFailedV2") in codes


def test_nav_does_not_list_the_error_pages(seed_site):
    page = read(seed_site, "errors/UserErrorGuestAgentStatusUnavailable/index.html")
    nav = page.split('<nav class="md-nav md-nav--primary', 1)[1].split("</nav>", 1)[0]
    assert "errors/" not in nav and nav.count("md-nav__link") < 10


def test_the_package_assets_are_linked_and_the_content_files_are_not_pages(seed_site):
    page = read(seed_site, "errors/UserErrorGuestAgentStatusUnavailable/index.html")
    assert '<link rel="stylesheet" href="../../assets/kb.css">' in page and '<script src="../../assets/kb.js"></script>' in page
    for name in ("kb.css", "kb.js"):
        assert read(seed_site, f"assets/{name}") == (REPO / "kb_builder" / "site" / "assets" / name).read_text("utf-8")
    assert not (seed_site / "it-it").exists()


def test_no_request_leaves_the_site(seed_site, fixture_site):
    for site in (seed_site, fixture_site):
        for page in site.rglob("*.html"):
            assert THIRD_PARTY_RE.findall(page.read_text("utf-8")) == [], page


def test_footer_links_to_the_json_api(seed_site):
    page = read(seed_site, "errors/UserErrorGuestAgentStatusUnavailable/index.html")
    assert '<a class="kb-api-link" href="../../api/v1/index.json">API JSON</a>' in page
    assert (seed_site / "api/v1/index.json").is_file()


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build(ROOT, tmp_path / "a") == 0
    assert build(ROOT, tmp_path / "b") == 0
    comparison = filecmp.dircmp(tmp_path / "a", tmp_path / "b")
    differing: list[str] = []

    def walk(node: filecmp.dircmp, prefix: str) -> None:
        _same, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        differing.extend(prefix + name for name in mismatch + errors + node.left_only + node.right_only)
        for name, child in node.subdirs.items():
            walk(child, f"{prefix}{name}/")

    walk(comparison, "")
    assert differing == []


def test_a_failed_build_leaves_the_previous_site(tmp_path, capsys):
    out = tmp_path / "site"
    assert build(ROOT, out) == 0
    before = read(out, "index.html")
    broken = tmp_path / "content" / "it-it" / "articles"
    broken.mkdir(parents=True)
    (broken / "bad.md").write_text("# Titolo\n\n## Errore\n\n**Codice di errore:** BadThingFailed\n\nVedere [qui](#nowhere).\n", "utf-8")
    assert build(tmp_path / "content", out, "--strict") == 1
    assert "content error(s)" in capsys.readouterr().err
    assert read(out, "index.html") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []


def test_missing_content_is_a_usage_error(tmp_path, capsys):
    assert build(tmp_path / "nope", tmp_path / "site") == 2
    assert "content folder not found" in capsys.readouterr().err


def test_each_locale_gets_its_part_language_and_search_index(corpus_dir, tmp_path):
    out = tmp_path / "site"
    assert build(corpus_dir, out) == 1  # the corpus has one content error (error-code-mismatch): the site is still written
    assert '<html lang="it"' in read(out, "index.html") and '<html lang="en"' in read(out, "en-us/index.html")
    # each part has its own page search, in its own language: Italian stems at the root, English under en-us/
    assert set(json.loads(read(out, "pagefind/pagefind-entry.json"))["languages"]) == {"it"}
    assert set(json.loads(read(out, "en-us/pagefind/pagefind-entry.json"))["languages"]) == {"en"}
    assert "errors/BackUpOperationFailed/" in searched_pages(out, "en-us/")
    assert not any(path.startswith("en-us/") for path in searched_pages(out))
    # Material's search box and its highlighting read only a configuration: the function words of the part's
    # language and of English are separators
    english_index = json.loads(read(out, "en-us/search/search_index.json"))
    assert english_index == {"config": {"lang": ["en"], "separator": separator(["en"]), "pipeline": []}, "docs": []}
    assert json.loads(read(out, "search/search_index.json"))["config"]["separator"] == separator(["it", "en"])
    page = read(out, "errors/BackUpOperationFailed/index.html")
    assert 'href="../../en-us/errors/BackUpOperationFailed/" hreflang="en-us"' in page
    only_italian = read(out, "en-us/errors/UserErrorGuestAgentStatusUnavailable/index.html")
    assert "This code is not documented in English" in only_italian


def test_the_pipeline_and_the_site_agree_on_error_pages(fixture_site):
    kb = load(ROOT)
    for document in kb.documents:
        for entry in document.errors:
            assert (fixture_site / "errors" / entry.codes[0] / "index.html").is_file()


def test_text_from_the_content_is_escaped_in_our_templates(fixture_site):
    page = read(fixture_site, "errors/SampleCodeFailed/index.html")
    assert '<span class="kb-source__title">Articolo di prova &amp; &#34;virgolette&#34;</span>' in page
    assert "<Geo>" not in page


@pytest.mark.parametrize(
    ("target", "page_url", "expected"),
    [
        ("causes/x/", "errors/Y/", "../../causes/x/"),
        ("", "errors/Y/", "../../"),
        ("", "", "./"),
        ("errors/Y/#a", "errors/Y/", "#a"),
        ("en-us/errors/Y/", "errors/Y/", "../../en-us/errors/Y/"),
        ("errors/Y/", "en-us/errors/Y/", "../../../errors/Y/"),
        ("articles/backup/media/a.png", "articles/backup/x/", "../media/a.png"),
    ],
)
def test_relative_url(target, page_url, expected):
    assert relative_url(target, page_url) == expected


def test_absolute_link_to_an_article_of_the_content_stays_on_the_site(seed_kb):
    catalog = build_catalog(seed_kb)
    links = SiteLinks(catalog, PublicUrls("https://learn.microsoft.com/{locale}/azure/"))
    (document,) = seed_kb.documents
    target = "https://docs.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout#usererrorvmprovisioningstatefailed---the-vm-is-in-failed-provisioning-state"
    assert links.resolve(target, document, document.path, "causes/x/", on_article=False) == "../../errors/UserErrorVmProvisioningStateFailed/"
    assert links.resolve("other.md#part", document, document.path, "causes/x/", on_article=False) == "https://learn.microsoft.com/it-it/azure/backup/other#part"


LOCALES = Path(__file__).resolve().parent / "roots" / "locales" / "content"


@pytest.fixture(scope="module")
def locales_site(tmp_path_factory) -> Path:
    """The two-locale fixture built with a site_url, so the sitemap carries hreflang alternates."""
    work = tmp_path_factory.mktemp("locales")
    config = work / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\nsite_url: https://kb.example.org/\n"
        f"theme:\n  name: material\n  language: it\n  font: false\n  custom_dir: {REPO / 'site_overrides'}\n",
        "utf-8",
    )
    out = work / "site"
    assert run(["build", "--config-file", str(config), "--content", str(LOCALES), "--out", str(out)]) == 0
    return out


def test_each_locale_has_its_part_with_its_language(locales_site):
    assert '<html lang="it"' in read(locales_site, "errors/AgentDown/index.html")
    english = read(locales_site, "en-us/errors/AgentDown/index.html")
    assert '<html lang="en"' in english and "The agent is not responding" in english and "kb-notice" not in english
    assert "<title>AgentDown: Agent is down - Knowledge base - Troubleshooting</title>" in english
    assert '"lang":["en"]' in read(locales_site, "en-us/search/search_index.json")


def test_language_menu_links_to_the_same_error(locales_site):
    italian = read(locales_site, "errors/AgentDown/index.html")
    assert '<a href="../../en-us/errors/AgentDown/" hreflang="en-us" lang="en-us" class="md-select__link">' in italian
    english = read(locales_site, "en-us/errors/AgentDown/index.html")
    assert '<a href="../../../errors/AgentDown/" hreflang="it-it" lang="it-it" class="md-select__link">' in english


def test_code_of_one_locale_is_shown_in_the_other_with_a_notice(locales_site):
    page = read(locales_site, "en-us/errors/ItalianOnly/index.html")
    assert "This code is not documented in English" in page and "Documentato solo in italiano" in page
    assert '<article class="kb-error" lang="it" data-pagefind-body' in page


def test_sitemap_carries_hreflang_alternates(locales_site):
    sitemap = read(locales_site, "en-us/sitemap.xml")
    entry = sitemap.split("<loc>https://kb.example.org/en-us/errors/AgentDown/</loc>", 1)[1].split("</url>", 1)[0]
    assert '<xhtml:link rel="alternate" hreflang="it-it" href="https://kb.example.org/errors/AgentDown/"/>' in entry
    assert '<xhtml:link rel="alternate" hreflang="en-us" href="https://kb.example.org/en-us/errors/AgentDown/"/>' in entry

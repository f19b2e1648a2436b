"""The built site in a real headless Chromium (Debian's chromium, driven by Playwright for Python).

The site is built with ``kb build`` and served from 127.0.0.1; every page visited
must load without console errors; screenshots go to tests/artifacts/ (gitignored).
Also measures recall@1 of the site search (Material's, in the page) on
../shared/eval/queries-dev.json and writes it to tests/artifacts/search-recall.json.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kb_builder.catalog import Catalog, build_catalog
from kb_builder.cli import run
from kb_builder.model import CauseSection, ErrorEntry
from kb_builder.pipeline import load

from .conftest import CONTENT, REPO, SHARED

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
QUERIES = SHARED / "eval" / "queries-dev.json"
ARTICLE = "articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout/"
OLD_ANCHOR = "UserErrorGuestAgentStatusUnavailable-vm-agent-unable-to-communicate-with-azure-backup"


@dataclass
class Site:
    """A built site served over HTTP on 127.0.0.1."""

    root: Path
    url: str
    catalog: Catalog


@dataclass
class Console:
    """Errors the page reported: console errors, uncaught exceptions, failed requests."""

    errors: list[str] = field(default_factory=list)


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def built_site(content: Path, out: Path, status: int = 0) -> Iterator[Site]:
    """``content`` built (exit ``status``: 1 when it has content errors, the site written all the same) and served."""
    assert run(["build", "--config-file", str(REPO / "mkdocs.yml"), "--content", str(content), "--out", str(out)]) == status
    server, url = serve(out)
    try:
        yield Site(out, url, build_catalog(load(content)))
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Iterator[Site]:
    yield from built_site(CONTENT, tmp_path_factory.mktemp("browser-seed") / "site")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, corpus_dir) -> Iterator[Site]:
    yield from built_site(corpus_dir, tmp_path_factory.mktemp("browser-corpus") / "site", status=1)  # one content error (error-code-mismatch)


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if any page it visited logged an error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    opened = context.new_page()
    console = Console()
    opened.on("console", lambda message: console.errors.append(f"console: {message.text}") if message.type == "error" else None)
    opened.on("pageerror", lambda error: console.errors.append(f"exception: {error}"))
    opened.on("requestfailed", lambda request: console.errors.append(f"request failed: {request.url}"))
    opened.on("response", lambda response: console.errors.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None)
    opened.console = console  # type: ignore[attr-defined]
    yield opened
    context.close()
    assert console.errors == []


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def search(page, query: str) -> list[str]:
    """Type ``query`` in Material's search box (key by key, as a person does); the result links, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=5)
    page.wait_for_function(
        """query => document.querySelector('input.md-search__input').value === query
            && /\\d|nessun|no matching/i.test(document.querySelector('.md-search-result__meta').textContent)""",
        arg=query,
        timeout=10_000,
    )
    page.wait_for_timeout(200)
    links = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "links => links.map(a => a.href)")
    return [re.sub(r"\?h=[^#]*", "", link) for link in links]


def test_home_lists_the_twelve_codes_and_filters_them(page, seed):
    page.goto(seed.url)
    rows = page.locator("#kb-codes tbody tr")
    assert rows.count() == 12
    codes = rows.locator("td:first-child code").all_inner_texts()
    assert "UserErrorGuestAgentStatusUnavailable" in codes and "BackUpOperationFailedV2" in codes
    screenshot(page, "home")
    page.fill("#kb-filter", "keyvault")
    assert page.locator("#kb-codes tbody tr:visible").all_inner_texts()[0].startswith("UserErrorKeyvaultPermissionsNotConfigured")
    assert page.locator("#kb-codes tbody tr:visible").count() == 1


def test_search_by_camel_case_part_opens_the_error_page(page, seed):
    page.goto(seed.url)
    links = search(page, "GuestAgent")
    assert any("errors/UserErrorGuestAgentStatusUnavailable/" in link for link in links[:3])
    screenshot(page, "search-guestagent")
    page.locator(".md-search-result__item > a.md-search-result__link[href*='errors/UserErrorGuestAgentStatusUnavailable/']").first.click()
    page.wait_for_url(re.compile(r"errors/UserErrorGuestAgentStatusUnavailable/"))
    assert page.locator(".kb-badge__code").first.inner_text() == "UserErrorGuestAgentStatusUnavailable"


def test_search_corrects_one_misspelled_code(page, seed):
    page.goto(seed.url)
    links = search(page, "UserErrorRpColectionLimitReached")
    assert links and "errors/UserErrorRpCollectionLimitReached/" in links[0]


def test_search_keys_badges_and_highlight_are_materials(page, seed):
    page.goto(seed.url + "causes/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("ExtensionSnapshotFailedNoNetwork", delay=5)
    page.wait_for_selector(".md-search-result__item")
    badge = page.locator(".md-search-result__item").first.locator(".md-tag")
    assert badge.inner_text() == "ExtensionSnapshotFailedNoNetwork"  # error results carry their code as a badge
    screenshot(page, "search-badge")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"errors/ExtensionSnapshotFailedNoNetwork/\?h="))
    assert page.locator("mark[data-md-highlight]").count() >= 1  # the terms searched are highlighted on the page


def test_page_search_loads_no_whole_index(page, seed):
    index = json.loads((seed.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["lang"] == ["it"]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(seed.url)
    assert not [url for url in fetched if "/pagefind/index/" in url or "/pagefind/fragment/" in url]  # nothing before a query
    search(page, "snapshot")
    assert [url for url in fetched if "/pagefind/index/" in url] and [url for url in fetched if "/pagefind/fragment/" in url]


def test_search_stems_italian_words(page, seed):
    # "arresto" is in no page; "arrestato", "arrestata", "arrestare" are: only the stemmer joins them.
    page.goto(seed.url)
    links = search(page, "arresto")
    assert any("causes/the-snapshot-status-cannot-be-retrieved-or-a-snapshot-cannot-be-taken/" in link for link in links), links


def test_error_page_shows_the_italian_message_and_the_english_original(page, seed):
    page.goto(seed.url + "errors/UserErrorRpCollectionLimitReached/")
    local = page.locator(".kb-message__local").inner_text()
    english = page.locator(".kb-message__english blockquote").inner_text()
    assert "limite massimo di raccolte di punti di ripristino" in local
    assert english.strip() == "The Restore Point collection max limit has reached"
    assert page.locator(".kb-message__english").is_visible()
    screenshot(page, "error-page")


def test_alias_redirects_to_the_canonical_page(page, seed):
    page.goto(seed.url + "errors/BackUpOperationFailedV2/")
    page.wait_for_url(re.compile(r"errors/BackUpOperationFailed/$"))
    assert page.locator(".kb-badge__code").first.inner_text() == "BackUpOperationFailed"


def test_cause_page_links_back_to_its_errors(page, seed):
    page.goto(seed.url + "causes/remove_lock_from_the_recovery_point_resource_group/")
    assert page.locator("#kb-referrers").inner_text() == "Errori che rimandano qui"
    assert page.locator(".kb-referrers code").all_inner_texts() == ["UserErrorRpCollectionLimitReached", "BackUpOperationFailed"]
    screenshot(page, "cause-page")


def test_old_anchor_of_the_article_lands_on_its_heading(page, seed):
    page.goto(seed.url + ARTICLE + "#" + OLD_ANCHOR)
    page.wait_for_timeout(300)
    heading = page.locator(f"h2:has(a[id='{OLD_ANCHOR}'])")
    assert "UserErrorGuestAgentStatusUnavailable" in heading.inner_text()
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < 300
    screenshot(page, "article-old-anchor")


def test_language_switch_leads_to_the_same_error(page, corpus):
    code = "ExtensionFailedVssWriterInBadState"
    assert set(corpus.catalog.errors[code].entries) == {"it-it", "en-us"}
    page.goto(corpus.url + f"errors/{code}/")
    assert page.locator("html").get_attribute("lang") == "it"
    page.locator(".md-header__option .md-select button").hover()
    page.locator(".md-select__link[hreflang='en-us']").click()
    page.wait_for_url(re.compile(rf"en-us/errors/{code}/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".kb-badge__code").first.inner_text() == code
    assert page.locator(".kb-notice").count() == 0
    screenshot(page, "language-switch-en")
    page.locator(".md-header__option .md-select button").hover()
    page.locator(".md-select__link[hreflang='it-it']").click()
    page.wait_for_url(re.compile(rf"127\.0\.0\.1:\d+/errors/{code}/$"))
    assert page.locator("html").get_attribute("lang") == "it"


def test_code_in_one_locale_only_shows_a_notice(page, corpus):
    page.goto(corpus.url + "en-us/errors/UserErrorGuestAgentStatusUnavailable/")
    assert "not documented in English" in page.locator(".kb-notice").inner_text()
    screenshot(page, "missing-locale-notice")


def hit_targets(catalog: Catalog, href: str, base: str) -> set[str]:
    """What a search result names, as ``code:X`` / ``anchor:Y`` targets (the eval set's terms)."""
    path, _, fragment = href.removeprefix(base).partition("#")
    found: set[str] = set()
    match = re.fullmatch(r"errors/([^/]+)/", path)
    if match and match.group(1) in catalog.errors:
        found |= {f"code:{code}" for code in catalog.errors[match.group(1)].codes}
    match = re.fullmatch(r"causes/([^/]+)/", path)
    if match and match.group(1) in catalog.causes:
        cause = catalog.causes[match.group(1)].entry(catalog.primary)
        if cause is not None:
            found |= {f"anchor:{anchor}" for anchor in cause.anchors}
            found |= {f"anchor:{anchor}" for sub in cause.subsections for anchor in sub.heading.all_anchors if anchor == fragment}
    for document in catalog.kb.documents_in(catalog.primary):
        if path != catalog.article_url(document) or not fragment:
            continue
        for section in document.sections:
            headings = [section.heading] if section.heading else []
            headings += [sub.heading for sub in getattr(section, "subsections", ())]
            for heading in headings:
                if fragment in heading.all_anchors:
                    found |= {f"anchor:{anchor}" for anchor in heading.all_anchors}
                    if isinstance(section, ErrorEntry) and heading is section.heading:
                        found |= {f"code:{code}" for code in section.codes}
                    if isinstance(section, CauseSection) and heading is section.heading:
                        found |= {f"anchor:{anchor}" for anchor in section.anchors}
    return found


def test_search_recall_on_the_dev_queries(page, seed):
    if not QUERIES.is_file():
        pytest.skip(f"the evaluation queries are not at {QUERIES}")
    queries = json.loads(QUERIES.read_text("utf-8"))["queries"]
    page.goto(seed.url)
    rows = []
    for item in queries:
        links = search(page, item["q"])
        first = hit_targets(seed.catalog, links[0], seed.url) if links else set()
        top3 = set().union(*(hit_targets(seed.catalog, link, seed.url) for link in links[:3])) if links else set()
        rows.append({"q": item["q"], "kind": item["kind"], "first": links[0].removeprefix(seed.url) if links else None, "hit@1": item["expect"][0] in first, "hit@3": bool(top3 & set(item["expect"]))})
    recall1 = sum(r["hit@1"] for r in rows) / len(rows)
    recall3 = sum(r["hit@3"] for r in rows) / len(rows)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-recall.json").write_text(json.dumps({"recall@1": recall1, "recall@3": recall3, "queries": rows}, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nsite search on {QUERIES.name}: recall@1 {recall1:.2f}, recall@3 {recall3:.2f} ({len(rows)} queries)")
    code_rows = [r for r in rows if r["kind"] in ("code", "code-lower", "code-part")]
    assert all(r["hit@1"] for r in code_rows), [r for r in code_rows if not r["hit@1"]]
    assert recall1 >= 0.75

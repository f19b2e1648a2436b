"""The MkDocs plugin: a thin layer that hands the pages of :mod:`kb_builder.site.pages` to MkDocs.

One MkDocs build per locale: the primary locale is the site root; when it is
done, each other locale is built by the same configuration into
``<site_dir>/<locale>/`` with its own theme language and search index. The
root build then writes the JSON API and runs the content checks.

Options (``plugins: - kb: ...`` in mkdocs.yml):

- ``content``: the content tree (``<locale>/articles/...``), relative to mkdocs.yml. Default ``content``.
- ``base_url``: public URL where the content's ``articles/`` folder is published, with ``{locale}``
  (``https://learn.microsoft.com/{locale}/azure/``): links to articles that are not in the content go there.
- ``root_url``: public URL for site-root links (``/powershell/...``), with ``{locale}``.
- ``primary``: the locale served at the site root (default: it-it when present, else the first).
- ``strict``: content errors found by the checks fail the build.
- ``site_names``: the site name per locale (``{en-us: ...}``); ``site_name`` where none is given.
- ``search_separator``: the site search's separator (a JavaScript regular expression); by default
  :func:`kb_builder.site.separator.separator` for the locale's language and English.
- ``codes_per_page``: codes listed on the home page; past that, the code index goes on at ``codes/<n>/``
  (default 50), so no page grows with the number of codes.
- ``entries_per_page``: causes (articles) listed on ``causes/`` (``articles/``); past that, the list goes on
  at ``cause-list/<n>/`` (``article-list/<n>/``) (default 200).

Every page is generated: the files MkDocs finds in ``docs_dir`` (the content tree, in
our mkdocs.yml) are left out of the build, and the site's own stylesheet and script
(``kb_builder/site/assets/``, package data) are added at ``assets/`` and linked from every page.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
from pathlib import Path
from typing import Any

import jinja2
import material
from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc

from ..catalog import Catalog, build_catalog
from ..checks import run_checks
from ..config import ConfigError, load_settings
from ..export import export_api
from ..labels import language_of
from ..model import Severity
from ..pipeline import load
from .links import PublicUrls, SiteLinks, relative_url
from .pages import CODES_PER_PAGE, ENTRIES_PER_PAGE, LocaleSite, Page, SiteBuilder
from .pagesearch import write_page_search
from .redirect import redirect_html
from .separator import separator
from .strings import strings_for

log = logging.getLogger("mkdocs.plugins.kb")
API_INDEX = "api/v1/index.json"
PACKAGE_ASSETS = Path(__file__).resolve().parent / "assets"
"""The site's stylesheet and script, shipped with the package (package data)."""
STYLESHEETS = ("assets/kb.css",)
SCRIPTS = ("assets/kb.js",)
SEARCH_SCRIPT = "assets/kb-search.js"
"""Loaded before Material's bundle by ``site_overrides/main.html``: it answers the search box from Pagefind."""
TOC_LIMIT = 100
"""Headings in a page's table of contents: Material's search looks every heading up in it (time grows as their product)."""


class KbPluginConfig(Config):
    content = c.Type(str, default="content")
    base_url = c.Type(str, default="")
    root_url = c.Type(str, default="")
    primary = c.Type(str, default="")
    strict = c.Type(bool, default=False)
    site_names = c.Type(dict, default={})
    codes_per_page = c.Type(int, default=CODES_PER_PAGE)
    entries_per_page = c.Type(int, default=ENTRIES_PER_PAGE)
    search_separator = c.Type(str, default="")


class KbPlugin(BasePlugin[KbPluginConfig]):
    """Generates the knowledge-base pages of one locale; the root build also builds the other locales."""

    def __init__(self) -> None:
        super().__init__()
        self.catalog: Catalog | None = None
        self.locale = ""
        """Set on the plugin of a locale build started by the root build."""
        self.site: LocaleSite | None = None
        self.pages: dict[str, Page] = {}
        self.env: jinja2.Environment | None = None
        self.content_errors = 0
        """Errors the checks found in the last build (strict mode fails on them)."""

    # --- configuration -------------------------------------------------------
    def content_dir(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base / self.config.content).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.catalog is None or not self.locale:
            content = self.content_dir(config)
            if not content.is_dir():
                raise Abort(f"kb: content folder not found: {content} (plugin option 'content')")
            try:
                exclusion = load_settings(_project_dir(config)).exclusion
            except ConfigError as error:
                raise Abort(f"kb: {error}") from None
            self.catalog = build_catalog(load(content, exclusion=exclusion), self.config.primary)
            self.locale = self.catalog.primary
        if config.site_url and self.locale != self.catalog.primary and not config.site_url.endswith(f"/{self.locale}/"):
            config.site_url = config.site_url.rstrip("/") + f"/{self.locale}/"
        config.site_name = self.config.site_names.get(self.locale, config.site_name)
        _link_package_assets(config)
        words = strings_for(self.locale)
        language = material_language(self.locale)
        config.theme["language"] = language
        for name, plugin in config.plugins.items():
            if name.endswith("search") and getattr(plugin.config, "enabled", False):
                plugin.config.enabled = False  # kb's page search (Pagefind) replaces Material's lunr index
                log.info("kb: Material's search plugin is turned off: kb's page search answers the search box")
        if config.nav is None:
            config.nav = [{words["home_title"]: "index.md"}, {words["causes"]: "causes/index.md"}, {words["articles"]: "articles/index.md"}]
        if len(self.catalog.locales) > 1:
            # Truthy but not a list: Material shows its language menu (partials/alternate.html,
            # overridden to list this page's alternates) and writes no site-wide hreflang links.
            config.extra["alternate"] = True
        for option in ("codes_per_page", "entries_per_page"):
            if self.config[option] < 1:
                raise Abort(f"kb: {option} must be at least 1, not {self.config[option]}")
        links = SiteLinks(self.catalog, PublicUrls(self.config.base_url, self.config.root_url))
        builder = SiteBuilder(self.catalog, links, self.config.codes_per_page, self.config.entries_per_page)
        log.info(f"kb: building {self.locale} at /{self.catalog.prefix(self.locale)}")
        self.site = builder.locale_site(self.locale)
        self.pages = {page.src_uri: page for page in self.site.pages}
        return config

    # --- files and pages -----------------------------------------------------
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.env = config.theme.get_env()
        docs_dir = os.path.abspath(config.docs_dir)
        files = Files([file for file in files if file.generated_by is not None or os.path.abspath(file.src_dir or "") != docs_dir])
        for uri in STYLESHEETS + SCRIPTS + (SEARCH_SCRIPT,):
            files.append(File.generated(config, uri, abs_src_path=str(PACKAGE_ASSETS / uri.removeprefix("assets/"))))
        for page in self.site.pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=_stub(page), inclusion=inclusion))
        for redirect in self.site.redirects:
            files.append(File.generated(config, redirect.src_uri, content=redirect_html(redirect, strings_for(self.locale))))
        for asset in self.site.assets:
            if files.get_file_from_path(asset.src_uri) is None:
                files.append(File.generated(config, asset.src_uri, abs_src_path=str(asset.path)))
        return files

    def on_page_content(self, html: str, /, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None or self.env is None:
            return html
        if config.site_url and self.catalog is not None:
            # For the sitemap's hreflang links (the sitemap is written before the pages).
            root = config.site_url.removesuffix(self.catalog.prefix(self.locale))
            page.meta["kb_alternates"] = [{"lang": alt.locale, "href": root + alt.url} for alt in spec.alternates]
        page.toc = get_toc([{"level": e.level, "id": e.anchor, "name": str(Markup.escape(e.title)), "children": []} for e in spec.toc[:TOC_LIMIT]])
        return self.env.get_template(spec.template).render(view=spec.data, page=page, config=config)

    def on_page_context(self, context: dict[str, Any], /, *, page: MkPage, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        spec = self.pages.get(page.file.src_uri)
        assert self.catalog is not None
        full_url = self.catalog.prefix(self.locale) + page.url
        context["kb"] = {
            "locale": self.locale,
            "api_url": relative_url(API_INDEX, full_url),
            "words": strings_for(self.locale),
            "alternates": [
                {"lang": alt.locale, "name": alt.name, "url": relative_url(alt.url, full_url), "current": alt.current}
                for alt in (spec.alternates if spec else ())
            ],
        }
        return context

    # --- after the build -----------------------------------------------------
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        _deterministic_sitemap(Path(config.site_dir))
        assert self.catalog is not None and self.site is not None
        self._page_search(Path(config.site_dir))
        if self.locale != self.catalog.primary:
            return
        for locale in self.catalog.locales[1:]:
            self._build_locale(config, locale)
        site_dir = Path(config.site_dir)
        export_api(self.catalog, site_dir)
        _build_search_index(self.catalog, site_dir)
        self._check(_project_dir(config))

    def _page_search(self, site_dir: Path) -> None:
        """The locale's Pagefind index and the files its search box reads (:mod:`kb_builder.site.pagesearch`)."""
        assert self.catalog is not None and self.site is not None
        prefix = self.catalog.prefix(self.locale)
        pages = [page.url.removeprefix(prefix) for page in self.site.pages if page.in_search]
        language = language_of(self.locale)
        codes = [code for record in self.catalog.errors.values() if self.locale in record.entries for code in record.codes]
        languages = list(dict.fromkeys([language, "en"]))
        count = write_page_search(site_dir, pages, language, self.config.search_separator or separator(languages), codes)
        log.info(f"kb: page search of {self.locale}: {count} pages indexed")

    def _build_locale(self, config: MkDocsConfig, locale: str) -> None:
        """Build ``locale`` with the same configuration into ``<site_dir>/<locale>/``."""
        # MkDocs reuses plugin instances that have startup hooks (Material's search does) across
        # loads of the configuration: the locale build gets fresh ones, so each keeps its own index.
        cache = MkDocsConfig.plugins.plugin_cache
        saved = dict(cache)
        cache.clear()
        try:
            child = load_config(config.config_file_path, site_dir=os.path.join(config.site_dir, locale), docs_dir=config.docs_dir, strict=config.strict)
            plugin = next(p for p in child.plugins.values() if isinstance(p, KbPlugin))
            plugin.config = self.config
            plugin.catalog = self.catalog
            plugin.locale = locale
            child.plugins.on_startup(command="build", dirty=False)
            build(child)
            child.plugins.on_shutdown()
        finally:
            cache.clear()
            cache.update(saved)

    def _check(self, project_dir: Path) -> None:
        """Run the content checks; errors fail the build in strict mode."""
        assert self.catalog is not None
        diagnostics = run_checks(self.catalog.kb, load_settings(project_dir).check)
        errors = [d for d in diagnostics if d.severity == Severity.ERROR]
        for diagnostic in errors:
            log.warning(f"{diagnostic.pos.path}:{diagnostic.pos.line}: [{diagnostic.rule}] {diagnostic.message}")
        if len(diagnostics) > len(errors):
            log.info(f"kb: {len(diagnostics) - len(errors)} content warning(s) and note(s); 'kb check' lists them")
        self.content_errors = len(errors)
        if errors and self.config.strict:
            raise PluginError(f"{len(errors)} content error(s) found by the checks (strict mode)")

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.content_dir(config)))
        return server


def _project_dir(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml: its pyproject.toml holds ``[tool.kb]``."""
    return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()


def material_language(locale: str) -> str:
    """The Material theme language for a locale (``it-it`` -> ``it``), English when Material has none."""
    language = language_of(locale)
    languages = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return language if (languages / f"{language}.html").is_file() else "en"


def _link_package_assets(config: MkDocsConfig) -> None:
    """Link the package's stylesheets and scripts from every page (once, whatever mkdocs.yml lists)."""
    linked = {str(item) for item in config.extra_css + config.extra_javascript}
    config.extra_css += [uri for uri in STYLESHEETS if uri not in linked]
    config.extra_javascript += [uri for uri in SCRIPTS if uri not in linked]


def _stub(page: Page) -> str:
    """The generated page's markdown: only its front matter (the plugin supplies the HTML)."""
    front = {"title": page.title, "description": str(Markup.escape(page.description))}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    if not page.in_search:
        lines.append("search: {exclude: true}")
    elif page.search_boost != 1.0:
        lines.append(f"search: {{boost: {page.search_boost}}}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def _deterministic_sitemap(site_dir: Path) -> None:
    """Rewrite sitemap.xml.gz without the build folder's path in its gzip header."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    with open(site_dir / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=raw, mtime=epoch) as packed:
        packed.write(sitemap.read_bytes())


def _build_search_index(catalog: Catalog, site_dir: Path) -> None:
    """The server-side search index, written into the site."""
    from search import build_index

    build_index(catalog, site_dir)

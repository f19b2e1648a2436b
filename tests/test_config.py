"""``[tool.kb]`` and ``[tool.kb.check]``: defaults, validation with the key named, and patterns."""

from __future__ import annotations

import pytest

from kb_builder.config import CheckConfig, ConfigError, Settings, check_config_from_mapping, load_settings, settings_from_mapping
from kb_builder.exclude import DEFAULT_EXCLUDE
from kb_builder.model import Severity


def test_defaults_without_pyproject(tmp_path) -> None:
    assert load_settings(tmp_path) == Settings() and load_settings(tmp_path).check == CheckConfig()


def test_pyproject_without_the_table_gives_defaults(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "docs"\n', encoding="utf-8")
    config = load_settings(tmp_path).check
    assert config.severity == {} and config.cache_dir == ".kb-cache"


def test_full_table(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        """
[tool.kb.check]
source-locale = "IT-IT"
cache-dir = ""
site-urls = { "https://example.org/docs/" = "articles/" }

[tool.kb.check.severity]
KB203 = "error"
untranslated-text = "off"

[tool.kb.check.ignore]
paths = ["it-it/legacy/*"]
anchors = ["solution*"]
urls = ["https://portal.azure.com/*"]
""",
        encoding="utf-8",
    )
    config = load_settings(tmp_path).check
    assert config.severity == {"missing-file": Severity.ERROR, "untranslated-text": None}
    assert config.source_locale == "it-it" and config.cache_dir == ""
    assert dict(config.site_urls) == {"https://example.org/docs/": "articles/"}
    assert config.ignores_path("it-it/legacy/a.md") and not config.ignores_path("it-it/articles/a.md")
    assert config.ignores_anchor("solution-2") and config.ignores_url("https://portal.azure.com/#home")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"severity": {"missing-file": "fatal"}}, "[tool.kb.check].severity.missing-file: 'fatal' is not one of error, warning, info, off"),
        ({"ignore": {"path": ["x"]}}, "[tool.kb.check].ignore: unknown option 'path'"),
        ({"ignore": {"paths": "x"}}, "[tool.kb.check].ignore.paths: expected a list of strings"),
        ({"strict": True}, "[tool.kb.check]: unknown option 'strict'"),
    ],
)
def test_errors_name_the_key(table, message) -> None:
    with pytest.raises(ConfigError) as error:
        check_config_from_mapping(table)
    assert str(error.value).startswith(message)


def test_broken_toml_names_the_file(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.kb.check\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(tmp_path).check
    assert str(tmp_path / "pyproject.toml") in str(error.value)


def test_exclude_defaults_leave_out_what_contributors_read() -> None:
    exclusion = Settings().exclusion
    assert exclusion.patterns == DEFAULT_EXCLUDE
    for path in ("README.md", "readme.md", "CONTRIBUTING.md", "LICENSE", "LICENSE-CODE", "license.md", "ThirdPartyNotices", "contributor-guide/index.md", "markdown templates/template.md"):
        assert exclusion.excludes(path), path
    for path in ("index.md", "articles/README.md", "articles/templates/deploy.md", "articles/backup/x.md"):
        assert not exclusion.excludes(path), path


def test_exclude_replaces_and_extend_exclude_adds(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kb]\nexclude = """\n/drafts/\n# a comment\n*.draft.md\n"""\n', encoding="utf-8")
    exclusion = load_settings(tmp_path).exclusion
    assert exclusion.patterns == ("/drafts/", "*.draft.md")
    assert exclusion.excludes("drafts/a.md") and exclusion.excludes("articles/x.draft.md") and not exclusion.excludes("README.md")
    extended = settings_from_mapping({"extend-exclude": ["/perf*/"]}).exclusion
    assert extended.patterns == DEFAULT_EXCLUDE + ("/perf*/",) and extended.excludes_folder("perf2") and extended.excludes("README.md")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"exclude": 3}, "[tool.kb].exclude: expected a list of strings"),
        ({"include": []}, "[tool.kb]: unknown option 'include'"),
        ({"check": {"strict": True}}, "[tool.kb.check]: unknown option 'strict'"),
    ],
)
def test_top_level_errors_name_the_key(table, message) -> None:
    with pytest.raises(ConfigError) as error:
        settings_from_mapping(table)
    assert str(error.value).startswith(message)

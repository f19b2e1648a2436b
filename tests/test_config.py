"""``[tool.kb.check]``: defaults, validation with the key named, and patterns."""

from __future__ import annotations

import pytest

from kb_builder.config import CheckConfig, ConfigError, check_config_from_mapping, load_check_config
from kb_builder.model import Severity


def test_defaults_without_pyproject(tmp_path) -> None:
    assert load_check_config(tmp_path) == CheckConfig()


def test_pyproject_without_the_table_gives_defaults(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "docs"\n', encoding="utf-8")
    config = load_check_config(tmp_path)
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
    config = load_check_config(tmp_path)
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
        load_check_config(tmp_path)
    assert str(tmp_path / "pyproject.toml") in str(error.value)

"""Typed options, read from the one documented place: ``[tool.kb]`` in ``pyproject.toml``.

Every command and the site build call :func:`load_settings`, so an excluded file, a rule
set to ``off`` or an ignored path behaves the same in CI and in the site::

    [tool.kb]
    exclude = ["/drafts/"]         # gitignore-style, relative to each locale root; replaces the default
    extend-exclude = ["/perf*/"]   # added to the default (or to ``exclude``)

    [tool.kb.check]
    source-locale = "en-us"        # the locale others are translated from (cross-locale)
    cache-dir = ".kb-cache"        # parsed-document cache ("" disables it)
    site-urls = { "https://learn.microsoft.com/azure/" = "articles/" }

    [tool.kb.check.severity]       # per rule (name or id): error, warning, info or off
    untranslated-text = "off"
    missing-file = "error"

    [tool.kb.check.ignore]         # shell-style patterns (fnmatch)
    paths = ["it-it/articles/legacy/*"]   # relative to the content root
    anchors = ["solution"]                # fragments and anchor ids
    urls = ["../virtual-machines/*"]      # link targets as written
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .diagnostics import rule
from .exclude import DEFAULT_EXCLUDE, Exclusion
from .model import Severity

DEFAULT_SITE_URLS: Mapping[str, str] = MappingProxyType(
    {
        "https://docs.microsoft.com/azure/": "articles/",
        "https://learn.microsoft.com/azure/": "articles/",
    }
)
"""Published URL prefix -> path prefix under a locale root, for absolute links to the content itself."""

OFF = "off"


class ConfigError(ValueError):
    """An invalid option, with the file and key named in the message."""


@dataclass(frozen=True)
class CheckConfig:
    """Options of ``kb check`` and of the checks the site build runs."""

    severity: Mapping[str, Severity | None] = field(default_factory=dict)
    """Rule name -> severity; None turns the rule off."""
    ignore_paths: tuple[str, ...] = ()
    ignore_anchors: tuple[str, ...] = ()
    ignore_urls: tuple[str, ...] = ()
    source_locale: str = "en-us"
    site_urls: Mapping[str, str] = field(default_factory=lambda: DEFAULT_SITE_URLS)
    cache_dir: str = ".kb-cache"
    """Relative to the project directory; '' disables the cache."""
    source: str = ""
    """The file the options came from, '' for the defaults."""

    def ignores_path(self, path: str) -> bool:
        return _matches(path, self.ignore_paths)

    def ignores_anchor(self, anchor: str) -> bool:
        return _matches(anchor, self.ignore_anchors)

    def ignores_url(self, url: str) -> bool:
        return _matches(url, self.ignore_urls)


def _matches(value: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(value, pattern) for pattern in patterns)


_KEYS = frozenset({"severity", "ignore", "source-locale", "site-urls", "cache-dir"})
_IGNORE_KEYS = frozenset({"paths", "anchors", "urls"})


@dataclass(frozen=True)
class Settings:
    """Everything ``[tool.kb]`` sets: which files are content, and how they are checked."""

    exclusion: Exclusion = field(default_factory=Exclusion)
    check: CheckConfig = field(default_factory=CheckConfig)


_TOP_KEYS = frozenset({"check", "exclude", "extend-exclude"})


def load_settings(project_dir: Path) -> Settings:
    """The ``[tool.kb]`` table of ``project_dir/pyproject.toml``, or the defaults."""
    path = project_dir / "pyproject.toml"
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    table = _table(data.get("tool", {}).get("kb", {}), f"{path}: [tool.kb]")
    return settings_from_mapping(table, str(path))


def settings_from_mapping(table: Mapping[str, Any], source: str = "") -> Settings:
    """Validate one ``[tool.kb]`` table; errors name the key."""
    where = f"{source}: [tool.kb]" if source else "[tool.kb]"
    _known(table, _TOP_KEYS, where)
    patterns = _patterns(table.get("exclude", DEFAULT_EXCLUDE), f"{where}.exclude") + _patterns(table.get("extend-exclude", ()), f"{where}.extend-exclude")
    return Settings(Exclusion(patterns), check_config_from_mapping(_table(table.get("check", {}), f"{where}.check"), source))


def _patterns(value: Any, where: str) -> tuple[str, ...]:
    """Gitignore lines: a list of strings, or one string of lines (as MkDocs's ``exclude_docs``)."""
    lines = value.splitlines() if isinstance(value, str) else _strings(list(value) if isinstance(value, tuple) else value, where)
    return tuple(line.strip() for line in lines if line.strip() and not line.strip().startswith("#"))


def check_config_from_mapping(table: Mapping[str, Any], source: str = "") -> CheckConfig:
    """Validate one ``[tool.kb.check]`` table; errors name the key."""
    where = f"{source}: [tool.kb.check]" if source else "[tool.kb.check]"
    _known(table, _KEYS, where)
    ignore = _table(table.get("ignore", {}), f"{where}.ignore")
    _known(ignore, _IGNORE_KEYS, f"{where}.ignore")
    site_urls = _table(table.get("site-urls", DEFAULT_SITE_URLS), f"{where}.site-urls")
    return CheckConfig(
        severity=MappingProxyType(_severities(_table(table.get("severity", {}), f"{where}.severity"), f"{where}.severity")),
        ignore_paths=_strings(ignore.get("paths", ()), f"{where}.ignore.paths"),
        ignore_anchors=_strings(ignore.get("anchors", ()), f"{where}.ignore.anchors"),
        ignore_urls=_strings(ignore.get("urls", ()), f"{where}.ignore.urls"),
        source_locale=_string(table.get("source-locale", "en-us"), f"{where}.source-locale").lower(),
        site_urls=MappingProxyType({_string(k, f"{where}.site-urls"): _string(v, f"{where}.site-urls.{k}") for k, v in site_urls.items()}),
        cache_dir=_string(table.get("cache-dir", ".kb-cache"), f"{where}.cache-dir"),
        source=source,
    )


def _severities(table: Mapping[str, Any], where: str) -> dict[str, Severity | None]:
    found: dict[str, Severity | None] = {}
    allowed = [s.value for s in Severity] + [OFF]
    for key, value in table.items():
        try:
            name = rule(key).name
        except KeyError:
            raise ConfigError(f"{where}: unknown rule {key!r} (see 'kb check --list-rules')") from None
        if value not in allowed:
            raise ConfigError(f"{where}.{key}: {value!r} is not one of {', '.join(allowed)}")
        found[name] = None if value == OFF else Severity(value)
    return found


def _known(table: Mapping[str, Any], keys: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - keys)
    if unknown:
        raise ConfigError(f"{where}: unknown option {unknown[0]!r} (known: {', '.join(sorted(keys))})")


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a table")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        if value == ():
            return ()
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)

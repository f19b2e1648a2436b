"""Article metadata: YAML front matter, or the legacy ``<properties>``/``<tags>`` block; read safely, never fatal.

Azure articles before 2017 open with ``<properties pageTitle="..." description="..." .../>`` and
``<tags ms.service="..." ms.topic="..." .../>`` instead of YAML: their attributes are the metadata.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import yaml

FENCE_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
MAX_FRONT_MATTER = 64 * 1024
_VALUE = r"[^\n&*!#?|>\[\]{}\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
FLAT_YAML_RE = re.compile(rf"(?:[A-Za-z0-9_.-]++:(?: {_VALUE}*+)?\n| ++- (?!-){_VALUE}*+\n| *+\n)*+")
"""Front matter as DocFX writes it: ``key: value`` lines and ``- item`` lines, values with no flow or block
collection, anchor, alias, tag, comment, explicit key, tab or control character. libyaml reads these as PyYAML
does; elsewhere they differ (tabs, ``|#``, ``{a?b}``), and deep nesting crashes libyaml."""


LEGACY_RE = re.compile(r"\A(?:\ufeff)?\s*<properties\b(?P<properties>[^<>]*)>(?:\s*</properties>)?(?:\s*<tags\b(?P<tags>[^<>]*)>(?:\s*</tags>)?)?[ \t]*(?:\n|\Z)", re.I)
LEGACY_ATTRIBUTE_RE = re.compile(r"""([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases, so no "billion laughs" expansion is possible."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(None, None, "aliases are not allowed in front matter", event.start_mark)
        return super().compose_node(parent, index)


@dataclass(frozen=True)
class FrontMatter:
    """The parsed front matter and where the body starts."""

    data: dict[str, Any]
    body_start: int
    """0-based index of the first body line."""
    error: str = ""
    error_line: int = 0
    """1-based line of the YAML problem, when there is one."""
    present: bool = True


def read_front_matter(text: str) -> FrontMatter:
    """Split off the front matter; broken YAML gives an error, never an exception."""
    opening = FENCE_RE.match(text)
    if not opening:
        return _legacy(text)
    closing = CLOSE_RE.search(text, opening.end())
    if not closing:
        return FrontMatter({}, 0, "front matter opened on line 1 is never closed with '---'", 1)
    block = text[opening.end() : closing.start()]
    body_start = text.count("\n", 0, closing.end()) + 1
    if len(block) > MAX_FRONT_MATTER:
        return FrontMatter({}, body_start, f"front matter larger than {MAX_FRONT_MATTER // 1024} KB", 2)
    try:
        data = _load(block)
        if isinstance(data, dict):
            data = {str(k): _plain(v) for k, v in data.items()}
    except RecursionError:
        return FrontMatter({}, body_start, "front matter nested too deeply to read", 2)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = 2 + (block.count("\n", 0, mark.index) if mark else 0)  # YAML also breaks lines at U+2028 and U+0085
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatter({}, body_start, f"broken YAML front matter: {problem}", line)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter({}, body_start, "front matter is not a mapping of keys to values", 2)
    return FrontMatter(data, body_start)


def _legacy(text: str) -> FrontMatter:
    """The attributes of a leading ``<properties>`` and ``<tags>`` block, or no metadata."""
    found = LEGACY_RE.match(text[:MAX_FRONT_MATTER])
    if not found:
        return FrontMatter({}, 0, present=False)
    data: dict[str, Any] = {}
    for group in ("properties", "tags"):
        for match in LEGACY_ATTRIBUTE_RE.finditer(found.group(group) or ""):
            data.setdefault(match.group(1), html.unescape(match.group(2) if match.group(2) is not None else match.group(3)).strip())
    return FrontMatter(data, text.count("\n", 0, found.end()) + (0 if found.group().endswith("\n") else 1))


def _load(block: str) -> Any:
    """The YAML's value: with libyaml (ten times faster) when the block is plain, else the alias-refusing loader.

    libyaml only reads flat blocks (:data:`FLAT_YAML_RE`: no alias, no nesting beyond a list of items); a YAML
    error is read again by the pure-Python loader, whose messages and lines the diagnostics quote.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and FLAT_YAML_RE.fullmatch(block):
        try:
            return yaml.load(block, Loader=fast)  # noqa: S506 - the safe loader
        except yaml.YAMLError:
            pass
    return yaml.load(block, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass


def _plain(value: Any) -> Any:
    """YAML values made JSON-friendly (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)

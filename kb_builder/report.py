"""Diagnostics formatted at the edge: text (compiler style), JSON, SARIF 2.1.0 and GitHub annotations.

Every formatter is a pure function of a :class:`Report`; nothing here reads
files or the clock, so the same findings always give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from . import __version__
from .diagnostics import BY_NAME, RULES, Rule, counts
from .model import Diagnostic, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/kb-builder/kb#kb-check"
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SOURCE_WIDTH = 100
"""Longest source excerpt under a text diagnostic; longer lines are cut around the column."""


@dataclass(frozen=True)
class Report:
    """What a run found, and what the formatters need to show it."""

    diagnostics: list[Diagnostic]
    sources: Mapping[str, tuple[str, ...]]
    """Source lines by path relative to the content root, for excerpts."""
    prefix: str = ""
    """Prepended to every path: the content folder as seen from where kb runs (``content/``)."""
    articles: int = 0

    def file(self, diagnostic: Diagnostic) -> str:
        return self.prefix + diagnostic.pos.path


def summary(report: Report) -> str:
    """``13 warnings, 9 infos in 1 article`` (``no problems`` when empty)."""
    found = counts(report.diagnostics)
    parts = [_plural(found[s], s.value) for s in Severity if found[s]]
    return f"{', '.join(parts) or 'no problems'} in {_plural(report.articles, 'article')}"


def _plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


# --- text ---------------------------------------------------------------------------------------

_COLOURS = {Severity.ERROR: "1;31", Severity.WARNING: "1;33", Severity.INFO: "1;36"}


def format_text(report: Report, color: bool = False) -> str:
    """``path:line:col: severity[rule]: message``, the hint, the source line and a caret; a summary last."""

    def paint(code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    hint_label = paint("1;32", "hint")
    blocks: list[str] = []
    for diagnostic in report.diagnostics:
        pos = diagnostic.pos
        location, kind = f"{report.prefix}{pos.path}:{pos.line}:{pos.col}:", f"{diagnostic.severity.value}[{diagnostic.rule}]"
        block = f"{paint('1', location)} {paint(_COLOURS[diagnostic.severity], kind)}: {diagnostic.message}"
        if diagnostic.hint:
            block += f"\n  {hint_label}: {diagnostic.hint}"
        excerpt = _excerpt(report, diagnostic, color)
        blocks.append(f"{block}\n{excerpt}" if excerpt else block)
    blocks.append(f"kb check: {summary(report)}")
    return "\n".join(blocks) + "\n"


def _excerpt(report: Report, diagnostic: Diagnostic, color: bool) -> str:
    """The source line (cut to ``SOURCE_WIDTH`` around the column) and a caret line under the finding."""
    source = report.sources.get(diagnostic.pos.path)
    line_no, col = diagnostic.pos.line, diagnostic.pos.col
    if not source or not 0 < line_no <= len(source):
        return ""
    text = source[line_no - 1]
    if "\t" in text:
        text = text.replace("\t", " ")
    width = max((diagnostic.end_col or col + 1) - col, 1)
    start = 0
    if len(text) > SOURCE_WIDTH:
        start = max(0, min(col - 1 - SOURCE_WIDTH // 3, len(text) - SOURCE_WIDTH))
        text = text[start : start + SOURCE_WIDTH]
    lead = "…" if start else ""
    offset = col - 1 - start + len(lead)
    caret = "^" + "~" * (min(width, SOURCE_WIDTH) - 1)
    if color:
        caret = f"\x1b[1;32m{caret}\x1b[0m"
    gutter = " " * len(str(line_no))
    return f"  {line_no} | {lead}{text}\n  {gutter} | {' ' * offset}{caret}"


# --- json ---------------------------------------------------------------------------------------


def format_json(report: Report) -> str:
    """Every diagnostic with every field, and the counts."""
    found = counts(report.diagnostics)
    data = {
        "tool": "kb",
        "version": __version__,
        "summary": {"articles": report.articles, **{f"{s.value}s": found[s] for s in Severity}},
        "diagnostics": [
            {
                "rule": d.rule,
                "rule_id": BY_NAME[d.rule].id if d.rule in BY_NAME else d.rule,
                "severity": d.severity.value,
                "message": d.message,
                "hint": d.hint,
                "path": d.pos.path,
                "file": report.file(d),
                "line": d.pos.line,
                "col": d.pos.col,
                "end_col": d.end_col,
            }
            for d in report.diagnostics
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def rules_json(rules: tuple[Rule, ...], severity: Mapping[str, Severity | None]) -> str:
    """The rule registry with each rule's effective severity ('off' when disabled)."""
    data = [
        {
            "id": rule.id,
            "name": rule.name,
            "severity": _effective(rule, severity),
            "default_severity": rule.severity.value,
            "description": rule.description,
            "hint": rule.hint,
        }
        for rule in rules
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def rules_text(rules: tuple[Rule, ...], severity: Mapping[str, Severity | None]) -> str:
    """One block per rule: id, name, severity, description, and the fix."""
    name_width = max(len(rule.name) for rule in rules)
    lines = []
    for rule in rules:
        effective = _effective(rule, severity)
        note = "" if effective == rule.severity.value else f" (default {rule.severity.value})"
        lines.append(f"{rule.id}  {rule.name:<{name_width}}  {effective + note:<8}  {rule.description}")
        lines.append(f"{'':<{len(rule.id) + name_width + 14}}fix: {rule.hint}")
    return "\n".join(lines) + "\n"


def _effective(rule: Rule, severity: Mapping[str, Severity | None]) -> str:
    if rule.name not in severity:
        return rule.severity.value
    chosen = severity[rule.name]
    return chosen.value if chosen else "off"


# --- sarif --------------------------------------------------------------------------------------


def format_sarif(report: Report) -> str:
    """SARIF 2.1.0 with every rule in ``tool.driver.rules``, for GitHub code scanning."""
    index = {rule.name: number for number, rule in enumerate(RULES)}
    results = []
    for d in report.diagnostics:
        region: dict[str, object] = {"startLine": d.pos.line, "startColumn": d.pos.col}
        if d.end_col and d.end_col > d.pos.col:
            region["endColumn"] = d.end_col
        source = report.sources.get(d.pos.path)
        if source and 0 < d.pos.line <= len(source):
            region["snippet"] = {"text": source[d.pos.line - 1]}
        message = d.message + (f"\nHint: {d.hint}" if d.hint else "")
        result: dict[str, object] = {
            "ruleId": BY_NAME[d.rule].id if d.rule in BY_NAME else d.rule,
            "level": SARIF_LEVELS[d.severity],
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": report.file(d), "uriBaseId": "%SRCROOT%"}, "region": region}}],
        }
        if d.rule in index:
            result["ruleIndex"] = index[d.rule]
        results.append(result)
    run = {
        "tool": {
            "driver": {
                "name": "kb",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_sarif_rule(rule) for rule in RULES],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"


def _sarif_rule(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": f"{rule.description} Fix: {rule.hint}."},
        "help": {"text": f"{rule.name}: {rule.description}\nFix: {rule.hint}.", "markdown": f"**{rule.name}**: {rule.description}\n\nFix: {rule.hint}."},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"tags": [_family(rule)]},
    }


def _family(rule: Rule) -> str:
    return {"1": "reading", "2": "links", "3": "structure", "4": "includes", "5": "locales"}[rule.id[2]]


# --- github -------------------------------------------------------------------------------------


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands: ``::error file=..,line=..,col=..,title=..::message``."""
    lines = []
    for d in report.diagnostics:
        properties = {"file": report.file(d), "line": str(d.pos.line), "col": str(d.pos.col), "title": f"kb {d.rule}"}
        if d.end_col and d.end_col > d.pos.col:
            properties["endColumn"] = str(d.end_col)
        props = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
        text = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        lines.append(f"::{GITHUB_COMMANDS[d.severity]} {props}::{_escape_data(text)}")
    lines.append(f"kb check: {summary(report)}")
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATTERS: dict[str, Callable[[Report], str]] = {"json": format_json, "sarif": format_sarif, "github": format_github}
"""Machine formats; ``text`` takes a colour flag and is called directly."""

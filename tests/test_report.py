"""Report formats: SARIF valid against the 2.1.0 schema, GitHub annotations, text with carets, JSON fields."""

from __future__ import annotations

import json

import jsonschema
import pytest

from kb_builder.checks import run_checks
from kb_builder.diagnostics import RULES
from kb_builder.model import Diagnostic, Severity, SourcePos
from kb_builder.report import Report, format_github, format_json, format_sarif, format_text

from .conftest import SHARED

SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def seed_report(seed_kb) -> Report:
    return Report(run_checks(seed_kb), {d.path: d.lines for d in seed_kb.documents}, "content/", len(seed_kb.documents))


def test_sarif_is_valid_and_lists_every_rule(seed_report) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"the SARIF schema is not at {SCHEMA} (it lives beside the repository in ../shared/schemas)")
    sarif = json.loads(format_sarif(seed_report))
    jsonschema.validate(sarif, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in RULES]
    assert len(run["results"]) == len(seed_report.diagnostics)
    include = next(r for r in run["results"] if r["ruleId"] == "KB401")
    assert rules[include["ruleIndex"]]["name"] == "missing-include"
    location = include["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "content/it-it/articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md"
    assert location["region"]["startLine"] == 19
    assert {r["level"] for r in run["results"]} == {"warning", "note"}


def test_text_has_location_hint_source_and_caret(seed_report) -> None:
    text = format_text(seed_report)
    block = text.split("\n")
    at = next(i for i, line in enumerate(block) if ":19:1: warning[missing-include]" in line)
    assert block[at].startswith("content/it-it/articles/backup/")
    assert block[at + 1].startswith("  hint: no file it-it/includes/support-disclaimer.md")
    assert block[at + 2] == "  19 | [!INCLUDE [support-disclaimer](../../includes/support-disclaimer.md)]"
    assert block[at + 3] == "     | ^" + "~" * 68
    assert block[-2] == "kb check: 10 warnings, " + block[-2].split(", ", 1)[1]
    assert "\x1b[" not in text
    assert "\x1b[1;33mwarning[missing-include]\x1b[0m" in format_text(seed_report, color=True)


def test_text_cuts_long_lines_around_the_column() -> None:
    line = "x" * 300 + "[a](b.md)"
    report = Report([Diagnostic("missing-file", Severity.WARNING, "m", SourcePos("a.md", 1, 301), "", 310)], {"a.md": (line,)}, "", 1)
    source, caret = format_text(report).split("\n")[1:3]
    assert source.startswith("  1 | …") and "[a](b.md)" in source
    assert caret.index("^") == source.index("[a](b.md)")


def test_github_annotations_escape_data_and_properties() -> None:
    diagnostic = Diagnostic("broken-anchor", Severity.ERROR, "50% done\nnext", SourcePos("a,b:c.md", 3, 7), "fix it")
    (annotation, summary) = format_github(Report([diagnostic], {}, "docs/", 1)).splitlines()
    assert annotation == "::error file=docs/a%2Cb%3Ac.md,line=3,col=7,title=kb broken-anchor::50%25 done%0Anext%0Ahint: fix it"
    assert summary == "kb check: 1 error in 1 article"


def test_json_has_every_field(seed_report) -> None:
    data = json.loads(format_json(seed_report))
    assert data["summary"]["warnings"] == 10 and data["summary"]["errors"] == 0
    first = data["diagnostics"][0]
    assert set(first) == {"rule", "rule_id", "severity", "message", "hint", "path", "file", "line", "col", "end_col"}
    assert format_json(seed_report) == format_json(seed_report)

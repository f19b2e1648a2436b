"""``kb check`` on the command line: exit codes, formats, --list-rules, --output, configuration, colour."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from kb_builder.cli import run
from kb_builder.diagnostics import RULES

from .conftest import CONTENT, REPO, SEED


def kb(*argv: str) -> int:
    return run(["check", "--no-cache", *argv])


def test_seed_has_no_errors_so_exit_0(capsys) -> None:
    assert kb("--content", str(CONTENT)) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("kb check: 10 warnings, " + out.rstrip().rsplit(", ", 1)[1])


def test_strict_fails_on_warnings(capsys) -> None:
    assert kb("--content", str(CONTENT), "--strict") == 1


def test_errors_exit_1(tmp_path, capsys) -> None:
    article = tmp_path / "content" / "en-us" / "a.md"
    article.parent.mkdir(parents=True)
    article.write_text("---\ntitle: A\n---\n# A\n\n[x](#nowhere)\n", encoding="utf-8")
    assert kb("--content", str(tmp_path / "content"), "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["rule"], d["line"], d["col"]) for d in data["diagnostics"]] == [("broken-anchor", 6, 1)]


def test_missing_content_is_a_usage_error(tmp_path, capsys) -> None:
    assert kb("--content", str(tmp_path / "nope")) == 2
    assert "content folder not found" in capsys.readouterr().err


def test_bad_format_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        kb("--format", "xml")
    assert exit_info.value.code == 2


def test_bad_configuration_is_a_usage_error(tmp_path, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kb.check.severity]\nbroken-ankor = "off"\n', encoding="utf-8")
    assert kb("--content", str(CONTENT), "--config", str(tmp_path / "pyproject.toml")) == 2
    assert "unknown rule 'broken-ankor'" in capsys.readouterr().err


def test_configuration_from_pyproject(tmp_path, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kb.check.severity]\nambiguous-anchor = "error"\n', encoding="utf-8")
    assert kb("--content", str(CONTENT), "--config", str(tmp_path / "pyproject.toml"), "--format", "json") == 1
    severities = {d["severity"] for d in json.loads(capsys.readouterr().out)["diagnostics"] if d["rule"] == "ambiguous-anchor"}
    assert severities == {"error"}


def test_list_rules_names_every_rule(capsys) -> None:
    assert kb("--list-rules") == 0
    out = capsys.readouterr().out
    for rule in RULES:
        assert f"{rule.id}  {rule.name}" in out and rule.description in out and rule.hint in out
    assert kb("--list-rules", "--format", "json") == 0
    assert [r["name"] for r in json.loads(capsys.readouterr().out)] == [rule.name for rule in RULES]


def test_output_file_gets_sarif_and_summary_goes_to_stderr(tmp_path, capsys) -> None:
    target = tmp_path / "out" / "kb.sarif"
    assert kb("--content", str(CONTENT), "--format", "sarif", "--output", str(target)) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "10 warnings" in captured.err
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_no_colour_when_piped_even_without_no_color() -> None:
    result = subprocess.run([sys.executable, "-m", "kb_builder", "check", "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout
    assert "content/it-it/articles/backup/" in result.stdout


def test_colour_on_a_terminal_unless_no_color(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    kb("--content", str(CONTENT))
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    kb("--content", str(CONTENT))
    assert "\x1b[" not in capsys.readouterr().out


def test_second_run_reuses_the_cache(tmp_path, monkeypatch, capsys) -> None:
    content = tmp_path / "content" / "it-it" / "articles" / "backup"
    content.mkdir(parents=True)
    shutil.copy(SEED, content / SEED.name)
    monkeypatch.chdir(tmp_path)
    assert run(["check", "--content", "content", "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert len(list((tmp_path / ".kb-cache").rglob("*.pickle"))) == 1
    assert run(["check", "--content", "content", "--format", "json"]) == 0
    assert capsys.readouterr().out == first


def test_read_and_parse_findings_flow_through_as_rules(tmp_path, capsys) -> None:
    folder = tmp_path / "content" / "en-us"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("---\ntitle: [broken\n---\n# A\n", encoding="utf-8")
    (folder / "b.md").write_bytes(b"---\ntitle: B\n---\n# B caf\xe9\n")
    assert kb("--content", str(tmp_path / "content"), "--format", "json") == 1
    found = [(d["rule_id"], d["rule"], d["path"], d["line"]) for d in json.loads(capsys.readouterr().out)["diagnostics"]]
    assert found == [("KB101", "front-matter", "en-us/a.md", 3), ("KB102", "encoding", "en-us/b.md", 4)]

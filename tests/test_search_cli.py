"""``kb index``, ``kb search`` and ``kb eval`` as a user runs them."""

from __future__ import annotations

import json
import shutil

import pytest

from kb_builder.cli import run
from tests.conftest import CONTENT, SHARED
from tests.search_fixtures import seed_catalog, seed_site  # noqa: F401 - fixtures

HIT_KEYS = {"kind", "id", "codes", "anchors", "locale", "title", "url", "score", "snippet"}


def test_index_writes_the_index_into_the_build_output(tmp_path, capsys):
    assert run(["index", "--content", str(CONTENT), "--out", str(tmp_path)]) == 0
    from search import manifest

    found = manifest(tmp_path / "search-index")
    assert found["records"] == 21 and found["locales"] == ["it-it"] and found["engine"] == "whoosh-reloaded"
    assert f"indexed 21 records (it-it) into {tmp_path / 'search-index'}" in capsys.readouterr().out


def test_search_builds_a_missing_index_then_answers_in_json(tmp_path, capsys):
    site = tmp_path / "site"
    assert run(["search", "UserErrorRpColectionLimitReached", "--format", "json", "--limit", "2", "--content", str(CONTENT), "--site", str(site)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["query"] == "UserErrorRpColectionLimitReached" and answer["limit"] == 2 and answer["lang"] is None
    assert 1 <= len(answer["hits"]) <= 2
    first = answer["hits"][0]
    assert set(first) == HIT_KEYS
    assert first["codes"] == ["UserErrorRpCollectionLimitReached"] and first["kind"] == "error"
    assert first["url"] == "errors/UserErrorRpCollectionLimitReached/" and isinstance(first["anchors"], list)
    assert isinstance(first["score"], float) and "<mark>" in first["snippet"]
    assert (site / "search-index").is_dir()


def test_search_rebuilds_the_index_when_the_content_changes(tmp_path, capsys):
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(CONTENT, content)
    assert run(["search", "Zebrafinchmigration", "--content", str(content), "--site", str(site)]) == 1
    assert "nothing found" in capsys.readouterr().out
    article = next(content.rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\n## Zebrafinchmigration\n\nUna sezione nuova.\n", encoding="utf-8")
    assert run(["search", "Zebrafinchmigration", "--content", str(content), "--site", str(site)]) == 0
    assert "Zebrafinchmigration" in capsys.readouterr().out


def test_text_output_numbers_hits_with_code_url_and_marked_words(seed_site, capsys):
    assert run(["search", "agente guest non risponde", "--limit", "3", "--content", str(CONTENT), "--site", str(seed_site)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. ") and "\n2. " in out and "\n3. " in out and "\n4. " not in out
    assert "causes/the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms/" in out
    assert "*guest*" in out and "\033[" not in out  # no colour off a terminal


def test_language_filter_on_the_command_line(seed_site, capsys):
    assert run(["search", "backup", "--lang", "en", "--content", str(CONTENT), "--site", str(seed_site)]) == 1
    assert run(["search", "backup", "--lang", "it", "--format", "json", "--content", str(CONTENT), "--site", str(seed_site)]) == 0
    hits = json.loads(capsys.readouterr().out.split("\n", 1)[1])["hits"]
    assert hits and {h["locale"] for h in hits} == {"it-it"}


@pytest.mark.parametrize("arguments", [["search", "x", "--limit", "0"], ["search", "x", "--limit", "many"], ["search", "x", "--lang", "de"], ["search", "x", "--format", "xml"]])
def test_bad_options_are_usage_errors(arguments, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(arguments)
    assert exit_info.value.code == 2


@pytest.mark.parametrize("query", ["   ", "x" * 513])
def test_empty_or_overlong_queries_are_refused(query, tmp_path, capsys):
    assert run(["search", query, "--content", str(CONTENT), "--site", str(tmp_path)]) == 2
    assert "kb: error:" in capsys.readouterr().err


def test_a_missing_content_folder_is_named(tmp_path, capsys):
    assert run(["search", "backup", "--content", str(tmp_path / "nope"), "--site", str(tmp_path)]) == 2
    assert "content folder not found" in capsys.readouterr().err


def test_eval_reports_recall_and_mrr_per_kind(seed_site, capsys):
    queries = SHARED / "eval" / "queries-dev.json"
    if not queries.is_file():
        pytest.skip(f"the dev query set is not at {queries}")
    assert run(["eval", "--queries", str(queries), "--content", str(CONTENT), "--site", str(seed_site), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"all", "code", "code-typo", "it", "en", "token"} <= set(report["scores"])
    assert report["scores"]["all"]["recall_at_3"] == 1.0 and report["scores"]["all"]["count"] == len(report["queries"])


def test_eval_names_a_missing_query_set(tmp_path, capsys):
    assert run(["eval", "--queries", str(tmp_path / "none.json")]) == 2
    assert "query set not found" in capsys.readouterr().err

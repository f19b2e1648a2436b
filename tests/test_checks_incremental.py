"""Re-checks through the cache: the same findings as a check from scratch after any edit, and only the
changed articles checked again when nothing they share with the others changed."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_builder.cache import DocumentCache
from kb_builder.checks import ARTICLE_FACTS, _families, check_content, incremental
from kb_builder.checks.context import CheckContext
from kb_builder.config import CheckConfig
from kb_builder.model import Diagnostic
from kb_builder.pipeline import load

ROOT = Path(__file__).parent / "roots" / "incremental" / "content"
A = "en-us/articles/a.md"
B = "en-us/articles/b.md"


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        file = content / path
        if file.is_file():
            file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    return edit


def _append(path: str, text: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        file = content / path
        if file.is_file():
            file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def _write(path: str, text: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")

    return edit


def _delete(path: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        (content / path).unlink(missing_ok=True)

    return edit


def _together(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        for each in edits:
            each(content)

    return edit


EDITS: dict[str, Callable[[Path], None]] = {
    # Each edit changes one thing that other articles' findings depend on, keeping other lines where they are,
    # so a fact missing from the record's comparison shows as a stale finding.
    "prose in a": _append(A, "\nMore words about A.\n"),
    "prose in b": _replace(B, "Restart the agent.", "Restart the agent, then wait."),
    "anchor renamed in b": _replace(B, 'name="agent-down"', 'name="agent-dwn"'),
    "second solution heading moved down in b": _replace(B, '\n### <a name="solution"></a>Solution\n\nWait.', '\nMore about it.\n\n### <a name="solution"></a>Solution\n\nWait.'),
    "missing image added": _write("en-us/articles/media/free-space.png", "png"),
    "image deleted": _delete("en-us/articles/media/disk.png"),
    "a's code declared in b": _replace(B, "**Error code:** BetaSlow", "**Error code:** BetaSlow / AlphaStuck"),
    "b's link to a's orphan moved into an error": _together(
        _replace(B, "The network may be at fault too: [slow network](a.md#slow-network).", "The network may be at fault too."),
        _replace(B, "Wait.", "Wait, or see [slow network](a.md#slow-network)."),
    ),
    "b links to it-it's missing anchor": _replace(B, "See [A's disk](a.md#disk-full).", "See [A's disk](a.md#disk-full) and [Alpha stuck](a.md#alpha-stuck)."),
    "include edited": _write("en-us/includes/note.md", "> [!NOTE]\n> Read the [limits](../articles/b.md#no-such-anchor) first.\n\n## <a name=\"limits\"></a>Limits\n"),
    "code translated": _append("it-it/articles/a.md", "\n## AlphaStuck - Bloccato\n\n**Codice di errore:** AlphaStuck\n**Messaggio di errore:** Bloccato.\n"),
    "b deleted": _delete(B),
    "c added": _write("en-us/articles/c.md", "# C\n\n## CodeC - Failed\n\n**Error code:** CodeC\n**Error message:** C failed.\n\nSee [A](a.md#alpha-stuck) and [B](b.md#beta-slow).\n"),
}


def _copy(target: Path) -> Path:
    content = target / "content"
    shutil.copytree(ROOT, content)
    return content


def _check(content: Path, cache_dir: Path | None, config: CheckConfig | None = None) -> list[Diagnostic]:
    cache = DocumentCache(cache_dir, content) if cache_dir is not None else None
    return check_content(content, config, cache)[1]


def _subjects(content: Path, cache_dir: Path) -> frozenset[str] | None:
    """The articles a cached check computes findings for (None: every article)."""
    cache = DocumentCache(cache_dir, content)
    context = CheckContext(load(content, cache=cache), CheckConfig())
    incremental.recheck(context, cache, ARTICLE_FACTS, _families)
    return context.only


def test_the_root_has_findings_of_every_shared_kind() -> None:
    rules = {d.rule for d in _check(ROOT, None)}
    assert {"ambiguous-anchor", "missing-file", "orphan-cause", "cross-locale"} <= rules


def test_a_prose_edit_checks_only_that_article_again(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    _check(content, tmp_path / "cache")
    EDITS["prose in a"](content)
    assert _subjects(content, tmp_path / "cache") == {A}
    assert _subjects(content, tmp_path / "cache") == frozenset()


@pytest.mark.parametrize("name", sorted(set(EDITS) - {"prose in a", "prose in b", "include edited", "code translated"}))
def test_an_edit_others_depend_on_checks_every_article_again(tmp_path: Path, name: str) -> None:
    content = _copy(tmp_path)
    _check(content, tmp_path / "cache")
    EDITS[name](content)
    assert _subjects(content, tmp_path / "cache") is None


@pytest.mark.parametrize("name", sorted(EDITS))
def test_each_edit_gives_the_findings_of_a_check_from_scratch(tmp_path: Path, name: str) -> None:
    content = _copy(tmp_path)
    before = _check(content, tmp_path / "cache")
    EDITS[name](content)
    after = _check(content, None)
    assert (after == before) == name.startswith("prose"), "only the prose edits leave the findings as they were"
    assert _check(content, tmp_path / "cache") == after


def test_changed_options_check_every_article_again(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    _check(content, tmp_path / "cache")
    config = CheckConfig(ignore_anchors=("solution",))
    assert _check(content, tmp_path / "cache", config) == _check(content, None, config)
    assert not any(d.rule == "ambiguous-anchor" for d in _check(content, tmp_path / "cache", config))


def test_a_corrupt_record_is_ignored(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    expected = _check(content, tmp_path / "cache")
    record = DocumentCache(tmp_path / "cache", content).folder / incremental.RECORD
    record.write_bytes(record.read_bytes()[:100])
    assert _check(content, tmp_path / "cache") == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=6))
def test_any_sequence_of_edits_gives_the_findings_of_a_check_from_scratch(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        content = _copy(work)
        _check(content, work / "cache")
        for name in names:
            EDITS[name](content)
            assert _check(content, work / "cache") == _check(content, None), f"after {names}"

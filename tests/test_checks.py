"""The check phase: the seed's golden findings, the corpus golden, one-fault mutations, suppression, configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb_builder.checks import run_checks
from kb_builder.config import CheckConfig, check_config_from_mapping
from kb_builder.model import Diagnostic, Severity
from kb_builder.pipeline import load
from kb_builder.report import Report, format_text

from .conftest import CONTENT, SEED

GOLDEN = Path(__file__).parent / "golden"
ROOTS = Path(__file__).parent / "roots"
SEED_REL = SEED.relative_to(CONTENT).as_posix()


def findings(diagnostics: list[Diagnostic], articles: int) -> str:
    """Errors and warnings in the text format, without source excerpts: what a golden file holds."""
    kept = [d for d in diagnostics if d.severity is not Severity.INFO]
    return format_text(Report(kept, {}, "", articles))


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("KB_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path} differs; review the change and rerun with KB_UPDATE_GOLDEN=1"


def test_seed_golden(seed_kb) -> None:
    diagnostics = run_checks(seed_kb)
    assert not [d for d in diagnostics if d.severity is Severity.ERROR]
    assert_golden("check-seed.txt", findings(diagnostics, len(seed_kb.documents)))


def test_seed_warnings_are_the_expected_ones(seed_kb) -> None:
    found = run_checks(seed_kb)
    warnings = [(d.rule, d.pos.line) for d in found if d.severity is Severity.WARNING]
    # The three 'solution' anchors: no link of the content targets them, so they are info, not warnings.
    assert sorted((d.rule, d.pos.line) for d in found if d.rule == "ambiguous-anchor") == [("ambiguous-anchor", 149), ("ambiguous-anchor", 165), ("ambiguous-anchor", 203)]
    assert all(d.severity is Severity.INFO and d.message.endswith("no link of the content targets it") for d in found if d.rule == "ambiguous-anchor")
    assert sorted(warnings) == sorted(
        [("missing-include", 19)]
        + [("missing-file", 219), ("missing-file", 246), ("missing-file", 251)]
        + [("missing-file", 136)] * 3
        + [("missing-file", 169), ("missing-file", 210)]
        + [("self-absolute-link", 31)]
    )


def test_seed_glued_title_is_reported_as_info(seed_kb) -> None:
    infos = [d for d in run_checks(seed_kb) if d.rule == "untranslated-text"]
    title = next(d for d in infos if d.pos.line == 2)
    assert title.severity is Severity.INFO
    assert "Troubleshoot Agent and extension issues" in title.message
    assert SEED.read_text(encoding="utf-8").split("\n")[1][title.pos.col - 1 :].startswith("Troubleshoot")


def test_corpus_golden(corpus_kb) -> None:
    diagnostics = run_checks(corpus_kb)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert [(d.rule, d.pos.path, d.pos.line) for d in errors] == [("error-code-mismatch", "en-us/articles/backup/backup-azure-vms-troubleshoot.md", 387)]
    assert_golden("check-corpus.txt", findings(diagnostics, len(corpus_kb.documents)))


# --- mutations: a copy of the seed with one fault ------------------------------------------------------


def mutated_kb(tmp_path: Path, edit) -> object:
    target = tmp_path / "content" / SEED_REL
    target.parent.mkdir(parents=True)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    target.write_text("\n".join(edit(lines)), encoding="utf-8")
    return load(tmp_path / "content")


def changes(base: list[Diagnostic], mutated: list[Diagnostic], line_map=lambda line: line) -> tuple[list[Diagnostic], set]:
    """(added diagnostics, removed (rule, line) pairs), the base's lines moved through ``line_map`` (None: deleted).

    Diagnostics are compared by rule, severity, place and column: a message that quotes a moved
    line number is the same finding.
    """

    def key(d: Diagnostic, line: int) -> tuple:
        return (d.rule, d.severity, d.pos.path, line, d.pos.col)

    moved = {key(d, line) for d in base if (line := line_map(d.pos.line)) is not None}
    after = {key(d, d.pos.line): d for d in mutated}
    added = [d for k, d in after.items() if k not in moved]
    removed = {(k[0], k[3]) for k in moved - set(after)}
    return added, removed


@pytest.fixture(scope="module")
def base() -> list[Diagnostic]:
    return run_checks(load(CONTENT))


def _replace_on(number: int, old: str, new: str):
    def edit(lines: list[str]) -> list[str]:
        assert old in lines[number - 1], f"line {number} no longer holds {old!r}"
        lines[number - 1] = lines[number - 1].replace(old, new)
        return lines

    return edit


def test_mutation_cause_anchor_renamed_by_one_letter(tmp_path, base) -> None:
    kb = mutated_kb(tmp_path, _replace_on(221, 'name="clean_up_restore_point_collection"', 'name="clean_up_restore_point_colection"'))
    added, removed = changes(base, run_checks(kb))
    assert removed == set()
    (found,) = added
    assert (found.rule, found.severity, found.pos.line) == ("broken-anchor", Severity.ERROR, 74)
    assert found.message == "link to '#clean_up_restore_point_collection' names no anchor in this article"
    assert found.hint.startswith("did you mean '#clean_up_restore_point_colection'")


def test_mutation_cause_section_deleted(tmp_path, base) -> None:
    first, last = 194, 198  # "VM-Agent configuration options are not set", referenced by "Causa 4" on line 46
    kb = mutated_kb(tmp_path, lambda lines: lines[: first - 1] + lines[last:])
    shift = last - first + 1
    added, removed = changes(base, run_checks(kb), lambda line: None if first <= line <= last else line - shift if line > last else line)
    assert removed == set()
    (found,) = added
    # The seed includes ../../includes/support-disclaimer.md, which the content lacks: it could define the anchor.
    assert (found.rule, found.severity, found.pos.line) == ("unverifiable-anchor", Severity.INFO, 46)
    assert found.message.startswith("link to '#vm-agent-configuration-options-are-not-set-for-linux-vms' cannot be checked: this article includes 1 file(s) missing")


def test_a_deleted_anchor_is_broken_once_every_include_is_there(tmp_path) -> None:
    first, last = 194, 198
    kb = mutated_kb(tmp_path, lambda lines: lines[: first - 1] + lines[last:])
    include = tmp_path / "content" / "it-it" / "includes" / "support-disclaimer.md"
    include.parent.mkdir(parents=True)
    include.write_text("Per assistenza, contattare il supporto.\n", encoding="utf-8")
    found = [d for d in run_checks(load(tmp_path / "content")) if d.pos.line == 46 and d.rule != "untranslated-text"]
    assert [(d.rule, d.severity) for d in found] == [("broken-anchor", Severity.ERROR)]
    assert found[0].hint == "no anchor of this article is close to it; check the target heading's <a name>"


def test_mutation_code_duplicated(tmp_path, base) -> None:
    kb = mutated_kb(tmp_path, _replace_on(115, "UserErrorUnsupportedDiskSize", "UserErrorUnsupportedDiskSize / UserErrorBackupOperationInProgress"))
    added, removed = changes(base, run_checks(kb))
    assert removed == set()
    assert sorted((d.rule, d.severity, d.pos.line) for d in added) == [("duplicate-code", Severity.ERROR, 115), ("duplicate-code", Severity.ERROR, 122)]
    at_fault = next(d for d in added if d.pos.line == 115)
    assert at_fault.message == "error code 'UserErrorBackupOperationInProgress' is also defined at line 122"
    assert "give each its own code" in at_fault.hint


def test_mutation_include_outside_root(tmp_path, base) -> None:
    kb = mutated_kb(tmp_path, _replace_on(19, "../../includes/support-disclaimer.md", "../../../../etc/passwd"))
    added, removed = changes(base, run_checks(kb))
    assert removed == {("missing-include", 19)}
    (found,) = added
    assert (found.rule, found.severity, found.pos.line, found.pos.col) == ("include-outside-root", Severity.ERROR, 19, 1)
    assert found.message == "include points outside the content root: ../../../../etc/passwd"
    assert "under the content root" in found.hint


def test_mutation_cause_numbers_skip_and_label_drifts(tmp_path, base) -> None:
    def edit(lines: list[str]) -> list[str]:
        lines = _replace_on(110, "**Causa 3:", "**Causa 4:")(lines)
        return _replace_on(111, "**Causa 4:", "**Motivo 5:")(lines)

    added, removed = changes(base, run_checks(mutated_kb(tmp_path, edit)))
    assert removed == set()
    assert sorted((d.rule, d.pos.line, d.message) for d in added) == [
        ("cause-sequence", 110, "'Causa 4' follows 'Causa 2': 3 is missing"),
        ("cause-sequence", 111, "'Motivo 5' drifts from the label the other references use ('Causa')"),
    ]


def test_mutation_error_code_mismatch(tmp_path, base) -> None:
    kb = mutated_kb(tmp_path, _replace_on(94, "ExtensionOperationFailedForManagedDisks", "ExtensionOperationFailed"))
    added, removed = changes(base, run_checks(kb))
    assert removed == set()
    (found,) = added
    assert (found.rule, found.severity, found.pos.line) == ("error-code-mismatch", Severity.ERROR, 94)
    assert "'ExtensionOperationFailedForManagedDisks'" in found.message and "'ExtensionOperationFailed'" in found.message


def test_mutation_orphan_cause(tmp_path, base) -> None:
    link = "[Pulire la raccolta di punti di ripristino](#clean_up_restore_point_collection)"
    kb = mutated_kb(tmp_path, _replace_on(74, link, "Pulire la raccolta di punti di ripristino"))
    added, removed = changes(base, run_checks(kb))
    assert removed == set()
    (found,) = added
    assert (found.rule, found.pos.line) == ("orphan-cause", 221)


def test_link_to_an_ambiguous_anchor_is_reported_at_the_link(tmp_path, base) -> None:
    kb = mutated_kb(tmp_path, _replace_on(29, "(#the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms)", "(#solution)"))
    added, removed = changes(base, run_checks(kb))
    # Now that a link targets '#solution', its three definitions are warnings rather than info.
    assert removed == {("ambiguous-anchor", 149), ("ambiguous-anchor", 165), ("ambiguous-anchor", 203)}
    found = next(d for d in added if d.pos.line == 29)
    assert (found.rule, found.severity) == ("ambiguous-anchor", Severity.WARNING)
    assert found.message == "link to '#solution' is ambiguous: 3 headings of this article define it (lines 149, 165, 203)"
    assert sorted((d.rule, d.severity, d.pos.line) for d in added if d is not found) == [("ambiguous-anchor", Severity.WARNING, line) for line in (149, 165, 203)]


def test_self_absolute_link_fragment_is_checked(tmp_path, base) -> None:
    kb = mutated_kb(tmp_path, _replace_on(31, "#usererrorvmprovisioningstatefailed---", "#usererrorvmprovisioningstatefailed--"))
    added, removed = changes(base, run_checks(kb))
    assert removed == set()
    (found,) = added
    assert (found.rule, found.pos.line) == ("broken-anchor", 31)
    assert found.hint.startswith("did you mean '#usererrorvmprovisioningstatefailed---the-vm-is-in-failed-provisioning-state'")


def test_cross_locale_code_and_linked_anchor() -> None:
    found = [(d.pos.path, d.pos.line, d.message) for d in run_checks(load(ROOTS / "check-locales" / "content"))]
    assert found == [
        ("it-it/articles/x.md", 5, "error code 'CodeBeta' of the en-us article (en-us/articles/x.md:12) is missing from this locale"),
        ("it-it/articles/x.md", 5, "linked anchor '#b' of the en-us article is missing from this locale"),
    ]


# --- suppression and configuration -------------------------------------------------------------------


def test_loose_anchors_are_link_targets_and_anchors_alone_above_a_heading_name_it() -> None:
    kb = load(ROOTS / "check-loose-anchors" / "content")
    found = [(d.rule, d.pos.line, d.hint) for d in run_checks(kb)]
    assert found == [("broken-anchor", 16, "did you mean '#note'?")]  # #note and #old-error resolve; #disk names the cause
    document = kb.documents[0]
    assert [heading.anchors for heading in document.headings if heading.anchors] == [("old-error",), ("disk",)]
    assert document.loose_anchors == (("note", 24),)
    assert [cause.id for cause in document.causes] == ["disk"]


def test_suppression_comment_before_a_heading_silences_that_section(tmp_path, base) -> None:
    kb = mutated_kb(tmp_path, lambda lines: lines[:148] + ["<!-- kb: disable=ambiguous-anchor -->"] + lines[148:])
    diagnostics = run_checks(kb)
    assert sorted(d.pos.line for d in diagnostics if d.rule == "ambiguous-anchor") == [166, 204]


def test_suppression_comment_at_the_end_of_a_line_silences_that_line(tmp_path) -> None:
    kb = mutated_kb(tmp_path, _replace_on(219, ".png)", ".png) <!-- kb: disable=KB203 -->"))
    lines = [d.pos.line for d in run_checks(kb) if d.rule == "missing-file"]
    assert 219 not in lines and 246 in lines


def test_suppression_naming_no_rule_is_reported(tmp_path) -> None:
    kb = mutated_kb(tmp_path, _replace_on(219, ".png)", ".png) <!-- kb: disable=missng-file -->"))
    diagnostics = run_checks(kb)
    (found,) = [d for d in diagnostics if d.rule == "suppression"]
    assert (found.pos.line, found.severity) == (219, Severity.WARNING)
    assert found.hint.startswith("did you mean 'missing-file'?")
    assert 219 in [d.pos.line for d in diagnostics if d.rule == "missing-file"]


def test_configuration_changes_severity_and_ignores(seed_kb) -> None:
    config = check_config_from_mapping(
        {"severity": {"missing-file": "error", "untranslated-text": "off"}, "ignore": {"anchors": ["solution"], "urls": ["./media/*"]}}
    )
    diagnostics = run_checks(seed_kb, config)
    assert not [d for d in diagnostics if d.rule in ("untranslated-text", "ambiguous-anchor")]
    missing = [d for d in diagnostics if d.rule == "missing-file"]
    assert {d.severity for d in missing} == {Severity.ERROR}
    assert sorted(d.pos.line for d in missing) == [136, 136, 136, 169, 210]


def test_configuration_ignores_paths(seed_kb) -> None:
    assert run_checks(seed_kb, CheckConfig(ignore_paths=("it-it/articles/*",))) == []


def test_links_between_articles_and_into_includes() -> None:
    diagnostics = run_checks(load(ROOTS / "check-links" / "content"))
    assert [(d.rule, d.pos.path, d.pos.line, d.hint) for d in diagnostics] == [
        ("broken-anchor", "en-us/articles/a.md", 9, "did you mean 'b.md#second'?"),
        ("missing-file", "en-us/includes/shared.md", 6, "no file en-us/includes/media/gone.png; fix the path, add the file, or link to the published page"),
    ]


def _repository(tmp_path: Path, files: dict[str, str]) -> list[Diagnostic]:
    """Check a small repository laid out as one locale root (it-it)."""
    for name, text in files.items():
        path = tmp_path / "it-it" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return run_checks(load(tmp_path))


def test_repository_link_patterns(tmp_path) -> None:
    found = _repository(
        tmp_path,
        {
            "README.md": "# Guida ai collaboratori\n\n[contribuire](CONTRIBUTING.md)\n",
            "CONTRIBUTING.md": "# Come contribuire\n",
            "includes/formato.md": "## Specificare AvroFormat\n\n<a name=\"dettagli\"></a>Dettagli.\n",
            "articles/media/a/immagine.png": "",
            "articles/connettore.md": "\n".join(
                [
                    "# Connettore",
                    "",
                    "[AZURE.INCLUDE [formato](../includes/formato.md)]",
                    "",
                    '## <a id="con-id" name="con-id"></a>Con id e nome',
                    "",
                    "[avro](#specificare-avroformat) [dettagli](#dettagli) [id](#con-id)",
                    "[maiuscole](#Con-Id)",
                    "![windows](media\\a\\immagine.png) ![maiuscole](media/A/Immagine.png)",
                    "[guida](../README.md) [altro](altro.md#qualcosa)",
                    "",
                ]
            ),
            "articles/altro.md": "# Altro\n\n[AZURE.INCLUDE [mancante](../includes/mancante.md)]\n",
        },
    )
    by_line = {(d.pos.path, d.pos.line, d.rule): d for d in found}
    article = "it-it/articles/connettore.md"
    # Anchors from an include (a heading and a loose anchor) and from an <a> with both id and name resolve.
    assert (article, 7, "broken-anchor") not in by_line
    case = by_line[(article, 8, "broken-anchor")]
    assert "'#con-id' differs only in letter case" in case.message and case.hint == "write '#con-id'"
    # A Windows path finds its file; a path that differs only in letter case says so.
    images = [d for d in found if d.pos.path == article and d.pos.line == 9]
    assert [(d.rule, "differs only in letter case" in d.message) for d in images] == [("missing-file", True)]
    # The excluded README is not an article, and a link to it is no finding; an anchor in an article that
    # includes a missing file cannot be checked.
    assert all(d.pos.path != "it-it/README.md" for d in found)
    line10 = [(d.rule, d.severity) for d in found if d.pos.path == article and d.pos.line == 10]
    assert line10 == [("unverifiable-anchor", Severity.INFO)]

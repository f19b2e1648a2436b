"""The JSON API: schemas, determinism, aliases, and the seed's bilingual cases."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from kb_builder.catalog import build_catalog
from kb_builder.export import export_api
from kb_builder.pipeline import load

SCHEMA_OF = {"index.json": "index", "anchors.json": "anchors"}


@pytest.fixture(scope="module")
def seed_api(seed_kb, tmp_path_factory) -> Path:
    return export_api(build_catalog(seed_kb), tmp_path_factory.mktemp("site"))


def _schema_for(relative: str) -> str | None:
    if relative in SCHEMA_OF:
        return SCHEMA_OF[relative]
    if relative.startswith("errors/"):
        return "error"
    if relative.startswith("causes/"):
        return "cause"
    return None


def _validate_tree(api: Path) -> int:
    checked = 0
    for path in sorted(api.rglob("*.json")):
        relative = path.relative_to(api).as_posix()
        name = _schema_for(relative)
        if name is None:
            assert relative.startswith("schema/")
            jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))
            continue
        schema = json.loads((api / "schema" / f"{name}.schema.json").read_text())
        jsonschema.Draft202012Validator(schema).validate(json.loads(path.read_text()))
        checked += 1
    return checked


def test_every_file_validates_against_its_schema(seed_api: Path) -> None:
    assert _validate_tree(seed_api) == 2 + 12 + 6


def test_corpus_export_validates(corpus_kb, tmp_path: Path) -> None:
    api = export_api(build_catalog(corpus_kb), tmp_path)
    assert _validate_tree(api) > 50
    index = json.loads((api / "index.json").read_text())
    assert index["locales"] == ["it-it", "en-us"]
    guest = json.loads((api / "errors" / "UserErrorGuestAgentStatusUnavailable.json").read_text())
    assert list(guest["locales"]) == ["it-it"]
    vms = json.loads((api / "errors" / "UserErrorSkuNotAvailable.json").read_text())
    assert list(vms["locales"]) == ["it-it", "en-us"]
    assert vms["locales"]["en-us"]["url"] == "en-us/errors/UserErrorSkuNotAvailable/"


def test_two_exports_are_byte_identical(seed_kb, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = export_api(build_catalog(seed_kb), tmp_path / "a")
    second = export_api(build_catalog(seed_kb), tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative
    assert "generated" not in json.loads((first / "index.json").read_text())


def test_source_date_epoch_sets_generated(seed_kb, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1585353600")
    api = export_api(build_catalog(seed_kb), tmp_path)
    assert json.loads((api / "index.json").read_text())["generated"] == "2020-03-28T00:00:00Z"


def test_index_lists_every_entry_sorted(seed_api: Path) -> None:
    index = json.loads((seed_api / "index.json").read_text())
    errors = [e for e in index["entries"] if e["kind"] == "error"]
    assert len(errors) == 11
    assert sum(len(e["codes"]) for e in errors) == 12
    assert [e["id"].lower() for e in errors] == sorted(e["id"].lower() for e in errors)
    assert {e["kind"] for e in index["entries"]} == {"error", "cause"}


def test_alias_file_is_the_same_entry(seed_api: Path) -> None:
    canonical = (seed_api / "errors" / "BackUpOperationFailed.json").read_text()
    assert (seed_api / "errors" / "BackUpOperationFailedV2.json").read_text() == canonical
    assert json.loads(canonical)["codes"] == ["BackUpOperationFailed", "BackUpOperationFailedV2"]


def test_guest_agent_snapshot_causes(seed_api: Path) -> None:
    entry = json.loads((seed_api / "errors" / "GuestAgentSnapshotTaskStatusError.json").read_text())["locales"]["it-it"]
    assert [(c["label"], c["anchor"], c["id"]) for c in entry["causes"]] == [
        ("Causa 1", "the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms", "the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms"),
        ("Causa 2", "the-agent-installed-in-the-vm-is-out-of-date-for-linux-vms", "the-agent-installed-in-the-vm-is-out-of-date-for-linux-vms"),
        ("Causa 3", "the-snapshot-status-cannot-be-retrieved-or-a-snapshot-cannot-be-taken", "the-snapshot-status-cannot-be-retrieved-or-a-snapshot-cannot-be-taken"),
        ("Causa 4", "vm-agent-configuration-options-are-not-set-for-linux-vms", "vm-agent-configuration-options-are-not-set-for-linux-vms"),
    ]
    assert entry["causes"][0]["anchors"] == ["the-agent-is-installed-in-the-vm-but-its-unresponsive-for-windows-vms", "the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms", "lagente-è-installato-nella-macchina-virtuale-ma-non-risponde-per-le-macchine-virtuali-windows"]
    assert entry["source"] == {"path": "it-it/articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md", "line": 33, "end_line": 47}


def test_cause_file_lists_its_errors(seed_api: Path) -> None:
    cause = json.loads((seed_api / "causes" / "remove_lock_from_the_recovery_point_resource_group.json").read_text())
    assert cause["referenced_by"] == ["UserErrorRpCollectionLimitReached", "BackUpOperationFailed"]
    assert cause["locales"]["it-it"]["anchors"][:2] == ["remove-lock-from-the-recovery-point-resource-group", "remove_lock_from_the_recovery_point_resource_group"]


def test_anchors_map_legacy_and_alias_anchors(seed_api: Path) -> None:
    anchors = json.loads((seed_api / "anchors.json").read_text())["locales"]["it-it"]["articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md"]
    assert anchors["UserErrorGuestAgentStatusUnavailable-vm-agent-unable-to-communicate-with-azure-backup"]["url"] == "errors/UserErrorGuestAgentStatusUnavailable/"
    assert anchors["clean-up-restore-point-collection-from-azure-portal"]["kind"] == "cause"
    assert anchors["solution"]["definitions"] == 3


def test_anchors_map_loose_anchors_to_the_section_holding_them(tmp_path: Path) -> None:
    kb = load(Path(__file__).parent / "roots" / "check-loose-anchors" / "content")
    anchors = json.loads((export_api(build_catalog(kb), tmp_path) / "anchors.json").read_text())["locales"]["en-us"]["articles/a.md"]
    assert (anchors["note"]["kind"], anchors["note"]["id"], anchors["note"]["line"]) == ("cause", "disk", 24)
    assert anchors["old-error"]["url"] == "errors/CodeA/"


def test_html_is_sanitized(seed_api: Path) -> None:
    for path in (seed_api / "errors").glob("*.json"):
        assert "<script" not in path.read_text().lower()


def _locale(api: Path, code: str) -> dict:
    return json.loads((api / "errors" / f"{code}.json").read_text())["locales"]["it-it"]


def test_bilingual_heading_split_in_json(seed_api: Path) -> None:
    entry = _locale(seed_api, "UserErrorVmProvisioningStateFailed")
    assert entry["title"]["text"] == "La macchina virtuale è in stato di provisioning non riuscito"
    assert entry["english"]["title"]["text"] == "The VM is in failed provisioning state"


def test_bilingual_english_first_message_in_json(seed_api: Path) -> None:
    entry = _locale(seed_api, "GuestAgentSnapshotTaskStatusError")
    assert entry["message"]["text"] == "Non è possibile comunicare con l'agente delle VM per lo stato dello snapshot"
    assert entry["english"]["message"]["text"] == "Could not communicate with the VM agent for snapshot status"


def test_bilingual_glued_message_in_json(seed_api: Path) -> None:
    entry = _locale(seed_api, "UserErrorUnsupportedDiskSize")
    assert entry["message"]["text"] == "Le dimensioni del disco configurate non sono attualmente supportate da Backup di Azure."
    assert "The configured disk size(s) is currently not supported by Azure Backup." in entry["english"]["message"]["text"]
    # The heading is English only: flagged as untranslated, not split.
    assert entry["title"] is None
    assert entry["english"]["title"]["text"] == "The configured disk size(s) is currently not supported by Azure Backup"


def test_bilingual_sentence_removed_from_italian_steps(seed_api: Path) -> None:
    entry = _locale(seed_api, "UserErrorRpCollectionLimitReached")
    step = entry["steps"][2]["text"]
    assert "non può superare 18." in step
    assert "The number of restore points" not in step
    assert "Per creare un nuovo punto di ripristino" in step


def test_bilingual_boundary_inside_markup_in_cause_json(seed_api: Path) -> None:
    cause = json.loads((seed_api / "causes" / "clean_up_restore_point_collection.json").read_text())["locales"]["it-it"]
    portal = cause["subsections"][1]["body"]["text"]
    assert "viene visualizzato il riquadro Panoramica." in portal
    assert "Click" not in portal and "the Overview pane is displayed" not in portal


def test_document_title_split(seed_kb) -> None:
    (document,) = seed_kb.documents
    assert document.title.local == "Risolvere i problemi relativi all'agente e alle estensioni"
    assert document.title.english == "Troubleshoot Agent and extension issues"

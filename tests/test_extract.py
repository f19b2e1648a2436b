"""The extract stage on the seed article and on the real corpus."""

from __future__ import annotations

import pytest

from kb_builder.model import CauseSection, ErrorEntry, GeneralSection

SEED_CODES = [
    "UserErrorGuestAgentStatusUnavailable",
    "GuestAgentSnapshotTaskStatusError",
    "UserErrorVmProvisioningStateFailed",
    "UserErrorRpCollectionLimitReached",
    "UserErrorKeyvaultPermissionsNotConfigured",
    "ExtensionSnapshotFailedNoNetwork",
    "ExtensionOperationFailedForManagedDisks",
    "BackUpOperationFailed",
    "BackUpOperationFailedV2",
    "UserErrorUnsupportedDiskSize",
    "UserErrorBackupOperationInProgress",
    "UserErrorCrpReportedUserError",
]


def test_seed_document_metadata(seed_doc) -> None:
    assert seed_doc.locale == "it-it"
    assert seed_doc.rel_path == "articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md"
    assert seed_doc.translation_type == "MT"
    assert seed_doc.metadata["ms.contentlocale"] == "it-IT"
    assert seed_doc.metadata["ms.locfileid"] == "79248021"
    assert len(seed_doc.metadata) == 12
    assert seed_doc.description.startswith("Sintomi, cause e soluzioni")


def test_seed_has_twelve_codes_in_eleven_sections(seed_doc) -> None:
    errors = seed_doc.errors
    assert len(errors) == 11
    assert [code for error in errors for code in error.codes] == SEED_CODES
    backup = next(e for e in errors if e.id == "BackUpOperationFailed")
    assert backup.codes == ("BackUpOperationFailed", "BackUpOperationFailedV2")


def test_guest_agent_snapshot_causes_in_order(seed_doc) -> None:
    entry = next(e for e in seed_doc.errors if e.id == "GuestAgentSnapshotTaskStatusError")
    assert [(c.label, c.anchor) for c in entry.causes] == [
        ("Causa 1", "the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms"),
        ("Causa 2", "the-agent-installed-in-the-vm-is-out-of-date-for-linux-vms"),
        ("Causa 3", "the-snapshot-status-cannot-be-retrieved-or-a-snapshot-cannot-be-taken"),
        ("Causa 4", "vm-agent-configuration-options-are-not-set-for-linux-vms"),
    ]
    assert [c.pos.line for c in entry.causes] == [40, 42, 44, 46]


def test_steps_labels_and_bare_links_are_causes(seed_doc) -> None:
    limit = next(e for e in seed_doc.errors if e.id == "UserErrorRpCollectionLimitReached")
    assert [c.label for c in limit.causes] == ["Passaggio 1", "Passaggio 2"]
    assert limit.recommended_action.startswith("Per risolvere il problema, rimuovere il blocco")
    assert [n.kind for n in limit.notes] == ["NOTE"]
    network = next(e for e in seed_doc.errors if e.id == "ExtensionSnapshotFailedNoNetwork")
    assert [(c.label, c.number, c.anchor) for c in network.causes] == [("", None, "the-snapshot-status-cannot-be-retrieved-or-a-snapshot-cannot-be-taken")]


def test_shared_cause_sections_with_subsections(seed_doc) -> None:
    causes = seed_doc.causes
    assert [c.id for c in causes] == [
        "the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms",
        "the-agent-installed-in-the-vm-is-out-of-date-for-linux-vms",
        "vm-agent-configuration-options-are-not-set-for-linux-vms",
        "the-snapshot-status-cannot-be-retrieved-or-a-snapshot-cannot-be-taken",
        "remove_lock_from_the_recovery_point_resource_group",
        "clean_up_restore_point_collection",
    ]
    clean_up = causes[-1]
    assert [s.heading.anchors[-1] for s in clean_up.subsections] == [
        "clean-up-restore-point-collection-by-running-on-demand-backup",
        "clean-up-restore-point-collection-from-azure-portal",
    ]
    assert clean_up.referenced_by == ("UserErrorRpCollectionLimitReached",)
    windows = causes[0]
    assert windows.heading.anchors == ("the-agent-is-installed-in-the-vm-but-its-unresponsive-for-windows-vms", "the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms")
    assert [s.title.local for s in windows.subsections] == ["Soluzione"]
    # Inline "seguire la [procedura seguente](#...)" links count as references too.
    assert windows.referenced_by[0] == "UserErrorGuestAgentStatusUnavailable"


def test_sections_cover_every_heading_once(seed_doc) -> None:
    owners: dict[int, int] = {}
    for index, section in enumerate(seed_doc.sections):
        lines = [section.heading.line] if section.heading else []
        lines += [s.heading.line for s in getattr(section, "subsections", ())]
        for line in lines:
            assert line not in owners
            owners[line] = index
    assert sorted(owners) == [h.line for h in seed_doc.headings]
    spans = [(s.source.line, s.end_line) for s in seed_doc.sections]
    assert spans[0][0] == seed_doc.body_start + 1 or spans[0][0] == seed_doc.headings[0].line
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert start == end + 1
    assert spans[-1][1] == len(seed_doc.lines)


def test_kinds_of_seed_sections(seed_doc) -> None:
    kinds = [type(s).__name__ for s in seed_doc.sections]
    assert kinds.count("ErrorEntry") == 11
    assert kinds.count("CauseSection") == 6
    assert isinstance(seed_doc.sections[0], GeneralSection)
    intro = seed_doc.sections[0]
    assert intro.id == "troubleshoot-azure-backup-failure-issues-with-the-agent-or-extension"


# Counted by hand once, reading each article: error sections (headings with a code, "Error code:"/"Error message:" lines,
# one-error tables, "Cause N" links) and their codes (label codes, "(ID: n)", hex codes in error tables). The MARS
# articles' "Backup jobs completed with warning" section is not one error but a table of four (0x80070570,
# 0x80070002/0x80070003, 0x80070005, 0x8007018b): four entries, one per row, where it was counted as one entry with
# five codes before error tables gave an entry per row.
CORPUS_ERRORS = {
    "en-us/articles/backup/backup-azure-mars-troubleshoot.md": (16, 16),
    "it-it/articles/backup/backup-azure-mars-troubleshoot.md": (16, 16),
    "en-us/articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md": (5, 0),
    "it-it/articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md": (12, 13),
    "en-us/articles/backup/backup-azure-vms-troubleshoot.md": (23, 29),
    "it-it/articles/backup/backup-azure-vms-troubleshoot.md": (22, 28),
}


def test_corpus_error_sections_and_codes(corpus_kb) -> None:
    found = {d.path: (len(d.errors), sum(len(e.codes) for e in d.errors)) for d in corpus_kb.documents}
    assert found == CORPUS_ERRORS


@pytest.mark.parametrize(
    ("path", "code", "message_start"),
    [
        ("it-it/articles/backup/backup-azure-vms-troubleshoot.md", "UserErrorSkuNotAvailable", "Impossibile creare la macchina virtuale"),
        ("en-us/articles/backup/backup-azure-vms-troubleshoot.md", "UserErrorSkuNotAvailable", "VM creation failed"),
        ("it-it/articles/backup/backup-azure-vms-troubleshoot.md", "400094", "Impossibile eseguire l'operazione perché la VM non esiste più"),
        ("it-it/articles/backup/backup-azure-mars-troubleshoot.md", "34513", "non sono state specificate credenziali"),
        ("en-us/articles/backup/backup-azure-mars-troubleshoot.md", "403", "Failed to download the vault credential file"),
    ],
)
def test_corpus_label_variants(corpus_kb, path: str, code: str, message_start: str) -> None:
    document = next(d for d in corpus_kb.documents if d.path == path)
    entry = next(e for e in document.errors if code in e.codes)
    assert entry.message is not None
    assert (entry.message.local or entry.message.english or "").startswith(message_start)


def test_corpus_codeless_error_keyed_by_anchor(corpus_kb) -> None:
    document = next(d for d in corpus_kb.documents if d.path == "it-it/articles/backup/backup-azure-mars-troubleshoot.md")
    entry = next(e for e in document.errors if not e.codes)
    assert entry.id == "failed-to-set-the-encryption-key-for-secure-backups"
    assert entry.message is not None and entry.message.local.startswith("Impossibile impostare la chiave di crittografia")
    assert entry.inline_causes and entry.inline_causes[0].action.startswith("Annullare la registrazione")


def test_corpus_motivo_label_and_english_cause_headings(corpus_kb) -> None:
    italian = next(d for d in corpus_kb.documents if d.path == "it-it/articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md")
    entry = next(e for e in italian.errors if e.id == "GuestAgentSnapshotTaskStatusError")
    assert [c.label for c in entry.causes] == ["Causa 1", "Causa 2", "Causa 3", "Motivo 4", "Causa 5"]
    english = next(d for d in corpus_kb.documents if d.path == "en-us/articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md")
    first = english.errors[0]
    assert first.id == "vm-agent-unable-to-communicate-with-azure-backup"
    assert [c.label for c in first.causes] == [f"Cause {n}" for n in range(1, 7)]
    assert all(isinstance(s, (ErrorEntry, CauseSection, GeneralSection)) for s in english.sections)

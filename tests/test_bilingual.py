"""Glued machine-translation residue: golden seed cases, markdown separation, corpus checks, fuzzing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_builder.bilingual import find_english, separate_markdown, split
from kb_builder.model import Bilingual

from .conftest import CORPUS, SEED

DATA = Path(__file__).parent / "data" / "bilingual"
CASES = json.loads((DATA / "split.json").read_text(encoding="utf-8"))


def _squeeze(text: str) -> str:
    """The text without whitespace and emphasis markers, for comparing parts with the original."""
    return re.sub(r"[\s*_]", "", text)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_split_golden(case: dict) -> None:
    found = split(case["text"], "it-it")
    assert (found.status, found.local, found.english) == (case["status"], case["local"], case["english"])
    assert found.original == case["text"]
    assert 0.0 <= found.confidence <= 1.0
    if found.status == "split":
        assert found.order == case["order"]
        assert found.boundary is not None and 0 < found.boundary < len(case["text"])
    else:
        assert found.boundary is None


def test_split_boundaries() -> None:
    title = CASES[0]["text"]
    assert title[split(title, "it-it").boundary :] == "Troubleshoot Agent and extension issues"
    message = CASES[2]["text"]
    assert message[split(message, "it-it").boundary :].startswith("Non è possibile")


@pytest.mark.parametrize("locale", ["en-us", "en", "EN-GB", "xx-yy"])
def test_english_and_unknown_locales_read_as_local(locale: str) -> None:
    text = CASES[0]["text"]
    assert split(text, locale) == Bilingual(text, text, None, "local", 1.0)
    assert separate_markdown(text, locale) == (text, [])


def test_other_locales() -> None:
    german = split("Probleme mit dem Agent und der Erweiterung behebenTroubleshoot Agent and extension issues", "de-de")
    assert (german.local, german.english) == ("Probleme mit dem Agent und der Erweiterung beheben", "Troubleshoot Agent and extension issues")
    french = split("Résoudre les problèmes liés à l'agent et à l'extensionTroubleshoot Agent and extension issues", "fr-FR")
    assert french.english == "Troubleshoot Agent and extension issues"
    japanese = split("エージェントと拡張機能の問題のトラブルシューティングTroubleshoot Agent and extension issues", "ja-jp")
    assert (japanese.local, japanese.english) == ("エージェントと拡張機能の問題のトラブルシューティング", "Troubleshoot Agent and extension issues")
    quoted = split("Die VM befindet sich im Zustand „Fehler bei der Bereitstellung“.The VM is in failed provisioning state.", "de")
    assert quoted.english == "The VM is in failed provisioning state."
    assert split("Solucionar problemas del agente y la extensión", "es-es").status == "local"


# --- markdown ---------------------------------------------------------------------------------------

BLOCK = """\
- Il numero di punti di ripristino tra le raccolte di punti di ripristino e i gruppi di risorse per una macchina virtuale non può superare 18.The number of restore points across restore point collections and resource groups for a VM can't exceed 18. Per creare un nuovo punto di ripristino, eliminare i punti di ripristino esistenti.
**Messaggio di errore**: Backup doesn't have sufficient permissions to the key vault for backup of encrypted VMs (Il servizio Backup non dispone delle autorizzazioni per accedere all'insieme di credenziali delle chiavi). <br>

```console
Il comando restituisce 18.The number of restore points is shown
```

3. Fare clic su Gruppo di risorse, viene visualizzato il riquadro **Panoramica.Click** Resource group, the Overview pane is displayed.
   Eseguire `Get-AzVM.Name` e aprire <https://example.com/The.Path> o [la guida](https://example.com/docs#The-anchor).
## <a name="usererrorunsupporteddisksize"></a>UserErrorUnsupportedDiskSize - The configured disk size(s) is currently not supported by Azure Backup
"""

CLEAN = """\
- Il numero di punti di ripristino tra le raccolte di punti di ripristino e i gruppi di risorse per una macchina virtuale non può superare 18. Per creare un nuovo punto di ripristino, eliminare i punti di ripristino esistenti.
**Messaggio di errore**: Il servizio Backup non dispone delle autorizzazioni per accedere all'insieme di credenziali delle chiavi. <br>

```console
Il comando restituisce 18.The number of restore points is shown
```

3. Fare clic su Gruppo di risorse, viene visualizzato il riquadro **Panoramica.**
   Eseguire `Get-AzVM.Name` e aprire <https://example.com/The.Path> o [la guida](https://example.com/docs#The-anchor).
## <a name="usererrorunsupporteddisksize"></a>UserErrorUnsupportedDiskSize - The configured disk size(s) is currently not supported by Azure Backup
"""


def test_separate_markdown_removes_glued_english_only() -> None:
    clean, found = separate_markdown(BLOCK, "it-it")
    assert clean == CLEAN
    assert [(line, item.status, item.order) for line, item in found] == [
        (0, "split", "local-first"),
        (1, "split", "english-first"),
        (7, "split", "local-first"),
        (9, "english", "local-first"),
    ]
    assert found[0][1].english == "The number of restore points across restore point collections and resource groups for a VM can't exceed 18."
    assert found[2][1].english == "**Click** Resource group, the Overview pane is displayed."
    assert found[3][1].english == "UserErrorUnsupportedDiskSize - The configured disk size(s) is currently not supported by Azure Backup"


def test_find_english_columns() -> None:
    lines = BLOCK.split("\n")
    columns = {finding.line: (finding.col, finding.end) for finding in find_english(BLOCK, "it-it")}
    col, end = columns[0]
    assert lines[0][col:end] == "The number of restore points across restore point collections and resource groups for a VM can't exceed 18."
    col, end = columns[1]
    assert lines[1][col:].startswith("Backup doesn't have") and lines[1][end:].startswith(" (Il servizio")
    col, _ = columns[9]
    assert lines[9][col:].startswith("UserErrorUnsupportedDiskSize - The configured")


def test_separate_markdown_keeps_line_count_and_crlf() -> None:
    block = BLOCK.replace("\n", "\r\n")
    clean, found = separate_markdown(block, "it-it")
    assert clean == CLEAN.replace("\n", "\r\n")
    assert len(found) == 4


SEED_ENGLISH = {int(line): english for line, english in json.loads((DATA / "seed_english.json").read_text(encoding="utf-8")).items()}
"""1-based line of the seed -> the English found there (113 is an untranslated heading, the rest are split)."""


def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    clean, found = separate_markdown(text, "it-it")
    assert {line + 1: item.english for line, item in found} == SEED_ENGLISH
    assert [line + 1 for line, item in found if item.status == "english"] == [113]
    assert clean.count("\n") == text.count("\n")
    kept = clean.split("\n")
    assert kept[65] == (
        "- Il numero di punti di ripristino tra le raccolte di punti di ripristino e i gruppi di risorse per una "
        "macchina virtuale non può superare 18. Per creare un nuovo punto di ripristino, eliminare i punti di ripristino esistenti."
    )
    assert kept[112] == text.split("\n")[112]


# --- the real corpus ------------------------------------------------------------------------------------


def _corpus(locale: str) -> list[Path]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip(f"the shared test corpus is not at {CORPUS} (it lives beside the repository in ../shared/corpus)")
    return sorted((CORPUS / locale).rglob("*.md"))


def test_corpus_english_articles_are_never_flagged() -> None:
    for path in _corpus("en-us"):
        text = path.read_text(encoding="utf-8")
        assert find_english(text, "en-us") == []
        # Read as if translated, English text is untranslated at most: never a glued pair.
        assert [f for f in find_english(text, "it-it") if f.text.status == "split"] == [], path.name


def test_corpus_italian_articles() -> None:
    found = {path.name: find_english(path.read_text(encoding="utf-8"), "it-it") for path in _corpus("it-it")}
    snapshot = found.pop("backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md")
    assert [(f.line + 1, f.text.order) for f in snapshot] == [(line, "english-first") for line in (85, 112, 129, 136, 145, 155)]
    assert all(not findings for findings in found.values()), found


# --- properties -------------------------------------------------------------------------------------------

ITALIAN = [
    "Risolvere i problemi relativi all'agente e alle estensioni",
    "La macchina virtuale è in stato di provisioning non riuscito",
    "Non è possibile comunicare con l'agente delle VM per lo stato dello snapshot",
    "Il numero di punti di ripristino non può superare 18.",
    "Fare clic su Gruppo di risorse, viene visualizzato il riquadro **Panoramica.",
]
ENGLISH = [
    "Troubleshoot Agent and extension issues",
    "The VM is in failed provisioning state",
    "Could not communicate with the VM agent for snapshot status",
    "The number of restore points can't exceed 18.",
    "Click** Resource group, the Overview pane is displayed.",
]
PIECES = ITALIAN + ENGLISH + ["UserErrorVmFailed", "(", ")", "**", "_", "`code`", "<br>", "[x](#The-y)", "|", "\n", ".", ":"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    found = split(text, "it-it")
    assert 0.0 <= found.confidence <= 1.0
    clean, items = separate_markdown(text, "it-it")
    assert clean.count("\n") == text.count("\n")
    assert all(0 <= line <= text.count("\n") for line, _ in items)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8), st.sampled_from(["", " ", "\n"]))
def test_mixed_pieces_keep_every_character(pieces: list[str], glue: str) -> None:
    text = glue.join(pieces)
    found = split(text, "it-it")
    if found.status == "split":
        assert all(_squeeze(word) in _squeeze(text) for word in found.english.split())
        assert len(_squeeze(found.local + found.english)) <= len(_squeeze(text))
    clean, _ = separate_markdown(text, "it-it")
    assert clean.count("\n") == text.count("\n")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ITALIAN), st.sampled_from(ENGLISH), st.sampled_from(["", ".", ":", "*", "**", "..."]))
def test_glued_pair_parts_rebuild_the_original(local: str, english: str, glue: str) -> None:
    text = local + glue + english
    found = split(text, "it-it")
    assert found.status == "split" and found.order == "local-first"
    assert _squeeze(found.local + found.english) == _squeeze(text)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(ENGLISH[:3]), st.sampled_from(ITALIAN[:3]))
def test_english_first_parts_rebuild_the_original(english: str, local: str) -> None:
    text = f"{english} ({local})"
    found = split(text, "it-it")
    assert found.status == "split" and found.order == "english-first"
    assert _squeeze(found.english + "(" + found.local + ")") == _squeeze(text)

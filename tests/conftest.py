"""Shared fixtures: the embedded content, the shared corpus (skipped when absent), tmp content trees."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SEED = CONTENT / "it-it" / "articles" / "backup" / "backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def seed_kb():
    from kb_builder.pipeline import load

    return load(CONTENT)


@pytest.fixture(scope="session")
def seed_doc(seed_kb):
    (document,) = seed_kb.documents
    return document


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip(f"the shared test corpus is not at {CORPUS} (it lives beside the repository in ../shared/corpus)")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_kb(corpus_dir):
    from kb_builder.pipeline import load

    return load(corpus_dir)

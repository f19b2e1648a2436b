"""The decision "is this an error entry": small cases read by hand, and the labelled set of a whole repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb_builder.extract import extract_document
from kb_builder.extract.entries import SIGNALS, THRESHOLD, combine, evidence
from kb_builder.parse import parse_markdown

from .conftest import SHARED
from .entry_labels import LABELS, entry_codes, extract_articles, load_labels, score

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "entries"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
REPOSITORY = SHARED / "repos" / "azure-docs-pr15_it-IT"
PRECISION_FLOOR, RECALL_FLOOR = 0.96, 0.80
"""Measured 0.975 and 0.807 (see README); the goal is 0.97 for both, so a change may only raise them."""


def _document(name: str):
    locale = name.split("--", 1)[0]
    return extract_document(parse_markdown((FIXTURES / name).read_text(encoding="utf-8"), name), locale, name, ())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_entries_come_from_structure(name: str) -> None:
    document = _document(name)
    assert [code for entry in document.errors for code in entry.codes] == EXPECTED[name]


def test_a_camelcase_heading_in_a_reference_stays_a_heading() -> None:
    document = _document("it-it--connector-reference.md")
    assert not document.errors
    assert [section.kind for section in document.sections] == ["general"] * len(document.sections)
    assert {"calendargetitems", "risposte-http"} <= set(document.anchor_map())


def test_table_rows_are_entries_of_a_general_section() -> None:
    document = _document("it-it--html-event-table.md")
    (entry,) = document.errors
    section = next(s for s in document.sections if s.kind == "general" and s.heading and s.heading.anchors == ("event-log-error-codes",))
    assert section.entries == (entry,)
    assert entry.origin == "table-row" and entry.id == "32009"
    assert entry.message is not None and entry.message.local == "AuthTokenError"
    assert entry.description.startswith("Impossibile individuare un token")
    assert entry.declarations[0].pos.line == 20  # the line where 32009 is written, not the <tr>


def test_every_entry_records_its_evidence() -> None:
    document = _document("it-it--error-code-headings.md")
    for entry in document.errors:
        signals = [item.signal for item in entry.evidence]
        assert "error-heading" in signals and "heading-code" in signals
        assert all(item.signal in SIGNALS and 0 < item.weight <= 1 and item.line > 0 for item in entry.evidence)
        assert THRESHOLD <= entry.confidence <= 1
        assert [item.weight for item in entry.evidence] == sorted((item.weight for item in entry.evidence), reverse=True)


def test_context_alone_never_makes_an_entry() -> None:
    ordered, confidence = combine([evidence("error-heading", "heading", 1), evidence("error-article", "title", 1), evidence("heading-code", "h", 2)])
    assert [item.signal for item in ordered] == ["error-heading", "heading-code", "error-article"]
    assert confidence == pytest.approx(1 - 0.5 * 0.7 * 0.8)


@pytest.fixture(scope="module")
def labelled():
    if not (REPOSITORY / "articles").is_dir():
        pytest.skip(f"the repository {REPOSITORY} is not there (it lives beside the project in ../shared/repos)")
    articles = load_labels(LABELS)
    return articles, score(articles, entry_codes(extract_articles(REPOSITORY, [article.path for article in articles])))


def test_labelled_set_precision_and_recall(labelled) -> None:
    articles, result = labelled
    assert len(articles) == 433
    assert result.precision >= PRECISION_FLOOR, result.false_positives + result.unlabelled
    assert result.recall >= RECALL_FLOOR, result.false_negatives


def test_every_code_kb_gives_in_the_labelled_set_is_labelled(labelled) -> None:
    _articles, result = labelled
    assert not result.unlabelled, "label these by reading their place (tests/data/entries/README.md)"

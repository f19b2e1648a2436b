"""Relevance: the dev query set's goals, and every code of the seed found first in every form."""

from __future__ import annotations

import pytest

from search import evaluate
from search.analysis import camel_parts
from tests.conftest import SHARED
from tests.search_fixtures import seed_catalog, seed_searcher, seed_site  # noqa: F401 - fixtures

DEV_QUERIES = SHARED / "eval" / "queries-dev.json"


@pytest.fixture(scope="module")
def dev_outcomes(seed_searcher):
    if not DEV_QUERIES.is_file():
        pytest.skip(f"the dev query set is not at {DEV_QUERIES} (it lives beside the repository in ../shared/eval)")
    return evaluate.run(seed_searcher, evaluate.load_queries(DEV_QUERIES))


def test_dev_set_meets_the_goals(dev_outcomes):
    scores = evaluate.by_kind(dev_outcomes)["all"]
    missed = [(o.query, o.expect[0], o.top) for o in dev_outcomes if not o.primary_first]
    assert scores.recall_at_1 >= 0.95, missed
    assert scores.recall_at_3 == 1.0


def test_every_kind_of_the_dev_set_finds_its_target_in_the_top_three(dev_outcomes):
    for kind, scores in evaluate.by_kind(dev_outcomes).items():
        assert scores.recall_at_3 == 1.0, kind


def _code_queries(catalog) -> list[tuple[str, str]]:
    """Each code as typed, lower-cased, and as words (``crp reported user error``)."""
    queries = []
    for code in catalog.aliases:
        queries += [(code, code), (code.lower(), code), (" ".join(camel_parts(code)), code)]
    return queries


def test_every_code_in_every_form_finds_its_error_first(seed_searcher, seed_catalog):
    misses = [(query, code, [h.id for h in seed_searcher.search(query, limit=3)]) for query, code in _code_queries(seed_catalog) if code not in seed_searcher.search(query, limit=1)[0].codes]
    assert misses == []


@pytest.mark.parametrize(
    ("query", "anchor"),
    [
        ("waagent.conf", "vm-agent-configuration-options-are-not-set-for-linux-vms"),
        ("Logs.Verbose", "the-agent-installed-in-the-vm-is-out-of-date-for-linux-vms"),
        (".NET 4.5", "the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms"),
        ("services.msc", "the-agent-installed-in-the-vm-but-unresponsive-for-windows-vms"),
        ("mostra tipi nascosti", "clean-up-restore-point-collection-from-azure-portal"),
        ("Remote Desktop Protocol", "the-snapshot-status-cannot-be-retrieved-or-a-snapshot-cannot-be-taken"),
        ("remove lock from the recovery point resource group", "remove_lock_from_the_recovery_point_resource_group"),
    ],
)
def test_names_and_phrases_find_their_section_first(seed_searcher, query, anchor):
    assert anchor in seed_searcher.search(query, limit=1)[0].anchors


def test_language_filter(seed_searcher):
    assert seed_searcher.search("UserErrorRpCollectionLimitReached", lang="it")
    assert seed_searcher.search("UserErrorRpCollectionLimitReached", lang="en") == []

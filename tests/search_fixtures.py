"""Fixtures of the search tests: the seed content indexed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_builder.catalog import build_catalog
from tests.conftest import CONTENT


@pytest.fixture(scope="session")
def seed_catalog(seed_kb):
    return build_catalog(seed_kb)


@pytest.fixture(scope="session")
def seed_site(seed_catalog, tmp_path_factory) -> Path:
    """A build output holding the seed's search index."""
    from search import build_index

    site = tmp_path_factory.mktemp("site")
    build_index(seed_catalog, site)
    return site


@pytest.fixture(scope="session")
def seed_searcher(seed_site):
    from search import index_path, open_index

    return open_index(index_path(seed_site))


__all__ = ["CONTENT", "seed_catalog", "seed_site", "seed_searcher"]

"""Pausing Python's cyclic garbage collector around work that builds large acyclic data."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collection() -> Iterator[None]:
    """Run the block with the cyclic collector off; reference counting still frees everything.

    Loading and checking allocate millions of objects and make no reference cycles, so collector passes
    only cost time: each walks every live object (with 1000 articles loaded, a third of a cached re-check).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()

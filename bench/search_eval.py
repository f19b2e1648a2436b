"""Search relevance on the dev query set: recall@1, recall@3 and MRR, overall and per kind.

    python bench/search_eval.py [--queries ../shared/eval/queries-dev.json] [--content content]

Builds the index of the content into a temporary folder, so the figures never
depend on a stale site/. The same scores as ``kb eval``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb_builder.catalog import build_catalog  # noqa: E402
from kb_builder.pipeline import load  # noqa: E402
from search import build_index, evaluate, open_index  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, default=ROOT.parent / "shared" / "eval" / "queries-dev.json")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as out:
        searcher = open_index(build_index(build_catalog(load(args.content)), Path(out)))
        outcomes = evaluate.run(searcher, evaluate.load_queries(args.queries))
    print(evaluate.table(evaluate.by_kind(outcomes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

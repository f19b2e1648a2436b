"""``kb eval``: search relevance on a query set (recall@1, recall@3, MRR, overall and per kind)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from search import evaluate

from ..cli import UsageError
from .common import DEFAULT_SITE, add_content_option
from .search import current_searcher

DEFAULT_QUERIES = Path("../shared/eval/queries-dev.json")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("eval", help="score search relevance on a query set", description="Search every query of a query set and report recall@1, recall@3 and MRR, overall and per kind. Exit 1 when a query's targets are not in its top 3.")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, metavar="FILE", help=f"query set (default: {DEFAULT_QUERIES})")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add_content_option(parser)
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE, metavar="DIR", help="build output holding search-index/ (default: site/)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.queries.is_file():
        raise UsageError(f"query set not found: {args.queries} (use --queries FILE)")
    try:
        queries = evaluate.load_queries(args.queries)
    except (ValueError, KeyError) as error:
        raise UsageError(f"{args.queries}: not a query set: {error}") from None
    outcomes = evaluate.run(current_searcher(args.content, args.site), queries)
    scores = evaluate.by_kind(outcomes)
    if args.format == "json":
        print(json.dumps({"scores": {kind: asdict(s) for kind, s in scores.items()}, "queries": [asdict(o) for o in outcomes]}, ensure_ascii=False, indent=2))
    else:
        print(evaluate.table(scores))
        for outcome in outcomes:
            if not outcome.primary_first:
                found = f"rank {outcome.rank}" if outcome.rank else "not in the top 10"
                print(f"  {outcome.kind}: {outcome.query!r}: {outcome.expect[0]} {found}; top: {', '.join(outcome.top)}")
    return 0 if all(o.rank is not None and o.rank <= 3 for o in outcomes) else 1

"""``kb index``: build the search index into the build output (``OUT/search-index/``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from search import build_index, manifest

from ..atomic import output_lock, output_path
from .common import DEFAULT_SITE, add_content_option, load_catalog, progress


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("index", help="build the search index under OUT/search-index", description="Index the errors, causes and sections of every locale for 'kb search' and 'kb serve'. The index is written to a temporary folder and renamed into place.")
    add_content_option(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_SITE, metavar="DIR", help="build output folder (default: site/)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    progress(f"kb: reading {args.content}")
    catalog = load_catalog(args.content)
    progress("kb: indexing")
    with output_lock(output_path(args.out)):  # not while a kb build of the same output runs
        path = build_index(catalog, args.out)
    print(f"kb: indexed {manifest(path)['records']} records ({', '.join(catalog.locales)}) into {path}")
    return 0

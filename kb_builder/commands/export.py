"""``kb export``: write the JSON API (``api/v1/``) for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..atomic import output_lock, output_path
from ..catalog import build_catalog
from ..cli import EXIT_FINDINGS, EXIT_OK
from ..export import export_api
from .common import (
    DEFAULT_SITE,
    add_content_option,
    load_content,
    progress,
    report_content_errors,
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help="write the JSON API under OUT/api/v1", description="Write the versioned JSON API (index, errors, causes, anchors, schemas) under OUT/api/v1.")
    add_content_option(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_SITE, metavar="DIR", help="output folder (default: site/)")
    parser.add_argument("--primary-locale", default="", metavar="LOCALE", help="locale served at the site root (default: it-it when present)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    progress(f"kb: reading {args.content}")
    kb = load_content(args.content)
    catalog = build_catalog(kb, args.primary_locale)
    with output_lock(output_path(args.out)):  # not while a kb build of the same output runs
        target = export_api(catalog, args.out)
    print(f"kb: wrote {len(catalog.errors)} errors ({sum(len(r.codes) for r in catalog.errors.values())} codes) and {len(catalog.causes)} causes to {target}")
    if report_content_errors(kb, args.content):
        print("kb: the content has errors (above); the other documents were exported", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK

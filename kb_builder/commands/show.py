"""``kb show CODE``: an error explained in the terminal, like ``rustc --explain``."""

from __future__ import annotations

import argparse
import json
import os
import sys

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from ..catalog import Catalog, ErrorRecord
from ..export import error_payload
from ..model import ErrorEntry
from ..render_terminal import render_error
from .common import add_content_option, load_catalog

LANGS = {"it": "it-it", "en": "en-us"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("show", help="explain an error code", description="Show an error: its message, its causes in order with their steps.")
    parser.add_argument("code", metavar="CODE", help="error code (any letter case), alias or numeric id")
    parser.add_argument("--lang", choices=sorted(LANGS), help="language (default: the primary locale, else the first that has the code)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--evidence", action="store_true", help="also print why it is an error entry: each signal, its line and weight, and the confidence")
    add_content_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.content)
    record = catalog.find_error(args.code)
    if record is None:
        suggestions = closest_codes(catalog, args.code)
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        print(f"kb: no error with code {args.code!r}{hint}", file=sys.stderr)
        return 1
    locale = _locale(catalog, record, args.lang)
    if locale is None:
        print(f"kb: {record.id} has no {args.lang!r} version; it exists in: {', '.join(record.entries)}", file=sys.stderr)
        return 1
    if args.format == "json":
        payload = error_payload(catalog, record)
        payload["locales"] = {locale: payload["locales"][locale]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    located = record.entries[locale]
    assert isinstance(located.section, ErrorEntry)
    print(render_error(catalog, record, located.document, located.section, color=sys.stdout.isatty() and not os.environ.get("NO_COLOR"), evidence=args.evidence), end="")
    return 0


def _locale(catalog: Catalog, record: ErrorRecord, lang: str | None) -> str | None:
    if lang:
        wanted = LANGS[lang]
        return next((loc for loc in record.entries if loc == wanted or loc.startswith(lang + "-")), None)
    return next(loc for loc in catalog.locales if loc in record.entries)


def closest_codes(catalog: Catalog, code: str, limit: int = 3) -> list[str]:
    """Known codes nearest to ``code`` (case-insensitive Damerau-Levenshtein)."""
    choices = {alias.lower(): alias for alias in catalog.aliases}
    found = process.extract(code.lower(), list(choices), scorer=DamerauLevenshtein.normalized_similarity, limit=limit, score_cutoff=0.6)
    return [choices[match] for match, _score, _index in found]

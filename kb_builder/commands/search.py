"""``kb search QUERY``: search the knowledge base from the terminal.

Uses the index of the build output, (re)building it first when it is missing
or was built from other content.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from search import Hit, Searcher, build_index, index_path, is_current, open_index
from search.answer import LANGUAGES, MAX_LIMIT, answer
from search.query import MAX_QUERY_CHARS

from ..atomic import output_lock, output_path
from ..cli import EXIT_FINDINGS, EXIT_OK, UsageError
from .common import DEFAULT_SITE, add_content_option, load_catalog, progress

_MARK_RE = re.compile(r"<mark>(.*?)</mark>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#x27;", "'"), ("&amp;", "&"))


def limit_type(value: str) -> int:
    """argparse type: an integer from 1 to MAX_LIMIT."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return number


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("search", help="search errors, causes and sections", description="Search by error code (any case, a piece of it, or misspelled), Italian or English words, or names such as waagent.conf.")
    parser.add_argument("query", metavar="QUERY", help=f"what to look for (at most {MAX_QUERY_CHARS} characters; no query syntax)")
    parser.add_argument("--lang", choices=LANGUAGES, help="only hits in this language (default: all)")
    parser.add_argument("--limit", type=limit_type, default=10, metavar="N", help=f"number of hits, 1-{MAX_LIMIT} (default: 10)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add_content_option(parser)
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE, metavar="DIR", help="build output holding search-index/ (default: site/)")
    parser.set_defaults(handler=run)


def current_searcher(content: Path, site: Path) -> Searcher:
    """The searcher of ``site``'s index, rebuilt from ``content`` first when stale or missing."""
    path = index_path(site)
    if not content.is_dir():
        raise UsageError(f"content folder not found: {content} (use --content DIR)")
    if not is_current(path, content):
        progress(f"kb: indexing {content} into {path}")
        catalog = load_catalog(content)
        with output_lock(output_path(site)):  # not while a kb build of the same output runs
            build_index(catalog, site)
    return open_index(path)


def run(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise UsageError("the query is empty")
    if len(args.query) > MAX_QUERY_CHARS:
        raise UsageError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    hits = current_searcher(args.content, args.site).search(args.query, lang=args.lang, limit=args.limit)
    if args.format == "json":
        print(json.dumps(answer(args.query, args.lang, args.limit, hits), ensure_ascii=False, indent=2))
    else:
        print(render(hits, color=_color(sys.stdout)) if hits else f"kb: nothing found for {args.query!r}")
    return EXIT_OK if hits else EXIT_FINDINGS


def render(hits: list[Hit], color: bool) -> str:
    """Hits as numbered text blocks; query words in bold on a terminal, between ``*`` otherwise."""
    bold, dim, reset = ("\033[1m", "\033[2m", "\033[0m") if color else ("", "", "")
    blocks = []
    for number, hit in enumerate(hits, 1):
        label = ", ".join(hit.codes) or hit.id
        blocks.append(f"{number}. {bold}{label}{reset} [{hit.kind}, {hit.locale}] {hit.title}\n   {dim}{hit.url}{reset}\n   {_plain_snippet(hit.snippet, bold, reset)}")
    return "\n".join(blocks)


def _plain_snippet(snippet: str, bold: str, reset: str) -> str:
    text = _MARK_RE.sub(lambda m: f"{bold}{m.group(1)}{reset}" if bold else f"*{m.group(1)}*", snippet)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def _color(stream) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")

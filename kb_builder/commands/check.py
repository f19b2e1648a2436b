"""``kb check``: validate cross-links and error/cause structure, for doc writers and CI.

Exit 0 without errors, 1 with errors (or warnings under ``--strict``), 2 on bad usage.
Options live in ``[tool.kb]`` and ``[tool.kb.check]`` of ``pyproject.toml`` (see :mod:`kb_builder.config`).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from ..cache import DocumentCache
from ..checks import check_content
from ..cli import EXIT_FINDINGS, EXIT_OK, UsageError
from ..collector import paused_collection
from ..config import ConfigError, Settings, load_settings
from ..diagnostics import RULES
from ..model import Diagnostic, KnowledgeBase, Severity
from ..report import FORMATTERS, Report, format_text, rules_json, rules_text, summary
from .common import add_content_option, content_prefix, progress

FORMATS = ("text", "json", "sarif", "github")
MAX_EXCERPT_FILE = 1024 * 1024
"""Files larger than this (other than articles) get no source excerpt."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check links, anchors, includes and error/cause structure",
        description="Check the content for broken anchors and files, ambiguous anchors, includes, and error and cause "
        "structure. Options come from [tool.kb.check] in pyproject.toml; silence one place with "
        "<!-- kb: disable=RULE -->.",
    )
    add_content_option(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.add_argument("--list-rules", action="store_true", help="print every rule with its id, severity, description and fix, then exit")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--config", type=Path, metavar="FILE", help="pyproject.toml to read [tool.kb] from (default: ./pyproject.toml)")
    parser.add_argument("--no-cache", action="store_true", help="parse every article again instead of reusing the cache")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    project = args.config.parent if args.config else Path.cwd()
    if args.config and not args.config.is_file():
        raise UsageError(f"configuration file not found: {args.config}")
    try:
        settings = load_settings(project)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    if args.list_rules:
        severity = settings.check.severity
        text = rules_json(RULES, severity) if args.format == "json" else rules_text(RULES, severity)
        return _emit(text, args.output)
    if not args.content.is_dir():
        raise UsageError(f"content folder not found: {args.content} (use --content DIR)")
    cache_dir = settings.check.cache_dir
    cache = None if args.no_cache or not cache_dir else DocumentCache(project / cache_dir, args.content)
    progress(f"kb check: reading {args.content}")
    with paused_collection():  # _checked's articles are freed before the collector runs again (else it walks them all)
        text, report = _checked(args, settings, cache)
    _emit(text, args.output)
    if args.output is not None or args.format in ("json", "sarif"):
        print(f"kb check: {summary(report)}", file=sys.stderr)
    return exit_code(list(report.diagnostics), args.strict)


def _checked(args: argparse.Namespace, settings: Settings, cache: DocumentCache | None) -> tuple[str, Report]:
    """The formatted report and the report itself (without the articles' source lines, freed with the articles)."""
    kb, diagnostics = check_content(args.content, settings.check, cache, settings.exclusion)
    if cache is not None:
        cache.prune()
    report = Report(diagnostics, _sources(kb, diagnostics), content_prefix(args.content), len(kb.documents))
    if args.format == "text":
        text = format_text(report, color=args.output is None and _colour(sys.stdout))
    else:
        text = FORMATTERS[args.format](report)
    return text, replace(report, sources={})


def exit_code(diagnostics: list[Diagnostic], strict: bool) -> int:
    """1 with errors, or with warnings under ``strict``; else 0."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return EXIT_FINDINGS if any(d.severity in failing for d in diagnostics) else EXIT_OK


def _sources(kb: KnowledgeBase, diagnostics: list[Diagnostic]) -> dict[str, tuple[str, ...]]:
    """Source lines for the excerpts: the articles', and those of other small files with findings (includes)."""
    sources = {document.path: document.lines for document in kb.documents}
    unreadable = {d.pos.path for d in diagnostics if d.rule == "unreadable-file"}
    for path in sorted({d.pos.path for d in diagnostics} - set(sources) - unreadable):
        file = Path(kb.root) / path
        try:
            if file.stat().st_size <= MAX_EXCERPT_FILE:
                sources[path] = tuple(file.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n").split("\n"))
        except OSError:
            continue
    return sources


def _emit(text: str, output: Path | None) -> int:
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write {output}: {error.strerror}") from None
    return EXIT_OK


def _colour(stream: object) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")

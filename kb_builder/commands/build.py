"""``kb build``: the MkDocs site, exactly as ``mkdocs build`` makes it, swapped into place atomically.

The site is built into a new folder beside the output, which becomes the output
(a symbolic link flipped in one rename, :mod:`kb_builder.atomic`) only when the
build succeeds: a failed or killed build leaves the previous site intact, and two
builds of the same output run one after the other.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..atomic import atomic_output, output_path
from ..cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from ..site.plugin import KbPlugin
from .common import DEFAULT_SITE, progress

DEFAULT_CONFIG = Path("mkdocs.yml")
PLUGIN_LOGGER = "mkdocs.plugins.kb"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("build", help="build the site (same as mkdocs build) into OUT", description="Build the MkDocs site of the knowledge base (error, cause and article pages per locale, JSON API) into OUT, atomically.")
    parser.add_argument("--content", type=Path, default=None, metavar="DIR", help="content tree: <locale>/ folders (default: the kb plugin's 'content' option in mkdocs.yml)")
    parser.add_argument("--out", type=Path, default=DEFAULT_SITE, metavar="DIR", help="output folder (default: site/)")
    parser.add_argument("--config-file", type=Path, default=DEFAULT_CONFIG, metavar="FILE", help="MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--strict", action="store_true", help="content errors fail the build and leave the previous site in place (without it the site is written; either way kb exits 1 on content errors)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.config_file.is_file():
        raise UsageError(f"MkDocs configuration not found: {args.config_file} (use --config-file FILE)")
    if args.content is not None and not args.content.is_dir():
        raise UsageError(f"content folder not found: {args.content} (use --content DIR)")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    out = output_path(args.out)
    for kept in (Path.cwd(), args.config_file.resolve(), *([args.content.resolve()] if args.content is not None else [])):
        if kept == out or out in kept.parents:
            raise UsageError(f"{args.out} holds {kept}, which the build would replace (use --out DIR for a folder of its own)")
    handler = _log_to_stderr()
    plugin: KbPlugin | None = None
    try:
        with atomic_output(out) as staging:
            # docs_dir follows --content (mkdocs serve watches it; the plugin builds nothing from it).
            overrides = {"docs_dir": str(args.content.resolve())} if args.content is not None else {}
            config = load_config(str(args.config_file), site_dir=str(staging), **overrides)
            plugin = next((p for p in config.plugins.values() if isinstance(p, KbPlugin)), None)
            if plugin is None:
                raise UsageError(f"{args.config_file}: the kb plugin is not enabled (plugins: - kb)")
            if args.content is not None:
                plugin.config.content = str(args.content.resolve())
            plugin.config.strict = plugin.config.strict or args.strict
            progress(f"kb: building the site from {plugin.content_dir(config)}")
            build(config)
    except MkDocsException as error:
        if plugin is not None and plugin.config.strict and plugin.content_errors:
            print(f"kb: {plugin.content_errors} content error(s) found (strict mode); the previous site is left in place", file=sys.stderr)
            return EXIT_FINDINGS
        print(f"kb: build failed: {error}; the previous site is left in place", file=sys.stderr)
        return EXIT_ERROR
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    print(f"kb: site written to {out}")
    if plugin is not None and plugin.content_errors:
        print(f"kb: {plugin.content_errors} content error(s) found (above); the other documents were built", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _log_to_stderr() -> logging.Handler:
    """MkDocs warnings (and the content errors the checks find) on stderr, one line each; at a terminal, the kb plugin's progress too."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    handler.addFilter(lambda record: record.levelno >= logging.WARNING or (sys.stderr.isatty() and record.name == PLUGIN_LOGGER))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger(PLUGIN_LOGGER).setLevel(logging.INFO)
    return handler


class _OneLine(logging.Formatter):
    """``kb: warning: message``; progress lines as ``kb: message``."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage().removeprefix("kb: ")
        level = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
        return f"kb: {level}{message}"

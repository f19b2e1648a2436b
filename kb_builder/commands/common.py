"""Options and loading shared by the commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..catalog import Catalog, build_catalog
from ..checks import run_checks
from ..cli import UsageError
from ..config import ConfigError, Settings, load_settings
from ..model import KnowledgeBase, Severity
from ..pipeline import load
from ..report import Report, format_text

DEFAULT_CONTENT = Path("content")
DEFAULT_SITE = Path("site")


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR", help="content tree: <locale>/ folders mirroring a docs repository (default: content/)")


def settings() -> Settings:
    """``[tool.kb]`` of ``./pyproject.toml``; a bad option is a usage error."""
    try:
        return load_settings(Path.cwd())
    except ConfigError as error:
        raise UsageError(str(error)) from None


def load_content(content: Path) -> KnowledgeBase:
    """Load the knowledge base (but the excluded files), turning a missing folder into a usage error."""
    if not content.is_dir():
        raise UsageError(f"content folder not found: {content} (use --content DIR)")
    return load(content, exclusion=settings().exclusion)


def load_catalog(content: Path, primary: str = "") -> Catalog:
    return build_catalog(load_content(content), primary)


def report_content_errors(kb: KnowledgeBase, content: Path) -> int:
    """Print the content's errors (read, parse and check) on stderr as ``kb check`` does; return how many."""
    errors = [d for d in run_checks(kb, settings().check) if d.severity == Severity.ERROR]
    if errors:
        sys.stderr.write(format_text(Report(errors, {d.path: d.lines for d in kb.documents}, content_prefix(content), len(kb.documents))))
    return len(errors)


def content_prefix(content: Path) -> str:
    """The content folder as seen from the working directory, with a trailing slash."""
    relative = os.path.relpath(os.path.abspath(content))
    return "" if relative == "." else Path(relative).as_posix() + "/"


def progress(message: str) -> None:
    """A progress line on stderr, only for a person at a terminal."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr)

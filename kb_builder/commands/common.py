"""Options and loading shared by the commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..catalog import Catalog, build_catalog
from ..cli import UsageError
from ..model import KnowledgeBase
from ..pipeline import load

DEFAULT_CONTENT = Path("content")
DEFAULT_SITE = Path("site")


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR", help="content tree: <locale>/ folders mirroring a docs repository (default: content/)")


def load_content(content: Path) -> KnowledgeBase:
    """Load the knowledge base, turning a missing folder into a usage error."""
    if not content.is_dir():
        raise UsageError(f"content folder not found: {content} (use --content DIR)")
    return load(content)


def load_catalog(content: Path, primary: str = "") -> Catalog:
    return build_catalog(load_content(content), primary)


def progress(message: str) -> None:
    """A progress line on stderr, only for a person at a terminal."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr)

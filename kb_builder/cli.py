"""Argument parsing and exit codes only: each command lives in ``kb_builder.commands``.

Exit codes: 0 ok, 1 findings or not found, 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
COMMANDS = ("export", "show", "check", "build", "index", "search", "serve", "eval")
"""Modules of ``kb_builder.commands``; each has ``register(subparsers)`` and ``run(args) -> int``."""


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def parser() -> argparse.ArgumentParser:
    """The ``kb`` parser with every available command."""
    root = _Parser(prog="kb", description="Build a troubleshooting knowledge base from DocFX markdown articles.")
    root.add_argument("--version", action="version", version=f"kb {__version__}")
    commands = root.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError as error:
            if error.name != f"{__package__}.commands.{name}":
                raise
            continue
        module.register(commands)
    return root


def run(argv: Sequence[str]) -> int:
    """Run one command; never lets a traceback reach the user."""
    args = parser().parse_args(list(argv))
    if not getattr(args, "handler", None):
        parser().print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return int(args.handler(args))
    except UsageError as error:
        print(f"kb: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("kb: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - the CLI edge: report, never a traceback
        print(f"kb: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_ERROR


def main() -> None:
    """Console-script entry point."""
    sys.exit(run(sys.argv[1:]))

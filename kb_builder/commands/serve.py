"""``kb serve``: serve the built site, its JSON API and search over HTTP (Starlette on Uvicorn)."""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from ..cli import UsageError
from ..server import create_app
from .common import DEFAULT_SITE


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="serve the site, /api/v1 and /api/search", description="Serve the build output: its pages, the JSON API under /api/v1/, search at /api/search?q=&lang=&limit= and /healthz. The search index is reopened when 'kb index' replaces it.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE, metavar="DIR", help="build output to serve (default: site/)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.site.is_dir():
        raise UsageError(f"site folder not found: {args.site} (run 'kb build' and 'kb index', or use --site DIR)")
    print(f"kb: serving {args.site} at http://{args.host}:{args.port}/ (search: /api/search?q=...)")
    uvicorn.run(create_app(args.site), host=args.host, port=args.port, log_level="warning")
    return 0

"""``kb serve``: serve the built site, its JSON API and search over HTTP (Starlette on Uvicorn)."""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

import uvicorn

from ..cli import UsageError
from ..server import create_app
from .common import DEFAULT_SITE


def port_type(value: str) -> int:
    """argparse type: a TCP port, 0 (any free port) to 65535."""
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}")
    return int(value)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="serve the site, /api/v1 and /api/search", description="Serve the build output: its pages, the JSON API under /api/v1/, search at /api/search?q=&lang=&limit= and /healthz. The search index is reopened when 'kb index' replaces it.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=port_type, default=8000, help="port (default: 8000)")
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE, metavar="DIR", help="build output to serve (default: site/)")
    parser.set_defaults(handler=run)


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, or a usage error naming the address."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)  # connections wait in the backlog until the server starts
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return listener


def run(args: argparse.Namespace) -> int:
    if not args.site.is_dir():
        raise UsageError(f"site folder not found: {args.site} (run 'kb build' and 'kb index', or use --site DIR)")
    listener = listen(args.host, args.port)
    host, port = listener.getsockname()[:2]
    print(f"kb: serving {args.site} at http://{host}:{port}/ (search: /api/search?q=...)", flush=True)
    uvicorn.Server(uvicorn.Config(create_app(args.site), log_level="warning")).run(sockets=[listener])
    return 0

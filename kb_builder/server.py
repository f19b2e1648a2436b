"""The HTTP server of ``kb serve``: the built site, its JSON API and search (Starlette).

Routes: ``GET /healthz``, ``GET /api/search?q=&lang=&limit=``, and every file of
the build output (``/api/v1/...`` included), with ``index.html`` for folders.
The search index is reopened when its folder is replaced (``kb index`` renames
a new one into place), so the site can be rebuilt while it is served.
A query string that is not UTF-8 gets 400; headers over 16 KiB get 431.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from search import INDEX_DIRNAME, Searcher, index_path, open_index
from search.answer import LANGUAGES, MAX_LIMIT, answer
from search.query import MAX_QUERY_CHARS


DEFAULT_LIMIT = 10
MAX_HEADER_BYTES = 16 * 1024
"""h11's limit on a request head still incomplete; applied to every request, so the answer does not depend on how it was split into packets."""


class IndexHolder:
    """The open searcher of an index folder, reopened when the folder changes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._stamp: tuple[int, int] | None = None

    def _current_stamp(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.folder)
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def get(self) -> Searcher | None:
        """The searcher of the newest complete index; the previous one while a swap is under way."""
        stamp = self._current_stamp()
        if stamp is None or stamp == self._stamp:
            return self._searcher
        if not self._lock.acquire(blocking=self._searcher is None):
            return self._searcher  # another request is opening the new index: answer from the old one
        try:
            if stamp != self._stamp:
                searcher = open_index(self.folder)
                if self._current_stamp() == stamp:
                    self._searcher, self._stamp = searcher, stamp
        except (OSError, ValueError):
            pass  # replaced while being read: the next request tries again
        finally:
            self._lock.release()
        return self._searcher


class SiteFiles(StaticFiles):
    """The build output, without the search index and hidden (staging) folders."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        """The file under the site, the site's symlink resolved once per request.

        Starlette resolves the requested file and the site root separately; a build flipping
        ``site`` between the two made them disagree and answered 404.
        """
        first = path.lstrip("/").split("/", 1)[0]
        if first == INDEX_DIRNAME or (first.startswith(".") and first != ".") or path.startswith(("/", "\\")):
            return "", None
        root = os.path.realpath(str(self.directory))
        full_path = os.path.realpath(os.path.join(root, path))
        if os.path.commonpath([full_path, root]) != root:
            return "", None
        try:
            return full_path, os.stat(full_path)
        except (FileNotFoundError, NotADirectoryError):
            return "", None


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


def create_app(site: Path) -> ASGIApp:
    """The application serving ``site`` (a ``kb build`` / ``kb index`` output folder)."""
    holder = IndexHolder(index_path(site))

    def healthz(request: Request) -> Response:
        searcher = holder.get()
        return JSONResponse({"status": "ok", "site": site.is_dir(), "search_index": searcher is not None, "records": len(searcher) if searcher else 0})

    def api_search(request: Request) -> Response:
        try:
            parse_qsl(request.scope["query_string"].decode("latin-1"), errors="strict")
        except UnicodeDecodeError:
            return _error(400, "the query string is not valid UTF-8")
        params = request.query_params
        query = params.get("q")
        if query is None or not query.strip():
            return _error(400, "parameter 'q' is required")
        if len(query) > MAX_QUERY_CHARS:
            return _error(400, f"parameter 'q' is longer than {MAX_QUERY_CHARS} characters")
        lang = params.get("lang") or None
        if lang is not None and lang not in LANGUAGES:
            return _error(400, f"parameter 'lang' must be one of: {', '.join(LANGUAGES)}")
        limit_text = params.get("limit") or str(DEFAULT_LIMIT)
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
            return _error(400, f"parameter 'limit' must be an integer from 1 to {MAX_LIMIT}")
        searcher = holder.get()
        if searcher is None:
            return _error(503, "the search index is not built yet (run 'kb index')")
        limit = int(limit_text)
        return JSONResponse(answer(query, lang, limit, searcher.search(query, lang=lang, limit=limit)))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        if request.url.path.startswith("/api/"):
            return _error(error.status_code, error.detail)
        return Response(error.detail, status_code=error.status_code, headers=getattr(error, "headers", None))

    async def internal_error(request: Request, error: Exception) -> Response:
        return _error(500, "internal error")

    routes = [Route("/healthz", healthz), Route("/api/search", api_search), Mount("/", SiteFiles(directory=site, html=True))]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: internal_error})
    return HeaderLimit(app)


class HeaderLimit:
    """Answer 431 to a request whose headers exceed :data:`MAX_HEADER_BYTES`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and sum(len(name) + len(value) for name, value in scope["headers"]) > MAX_HEADER_BYTES:
            await _error(431, "request headers too large")(scope, receive, send)
            return
        await self.app(scope, receive, send)


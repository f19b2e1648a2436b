"""``kb serve`` over real HTTP on loopback: pages, /api/v1, /api/search, /healthz, hostile input."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from kb_builder.catalog import build_catalog
from kb_builder.export import export_api
from kb_builder.pipeline import load
from kb_builder.server import create_app
from search import build_index
from tests.conftest import CONTENT

HOSTILE = ['title:(', "*", '"unclosed', "AND OR NOT", "code:UserError* OR", "((((", "\\", "%", "?q=", "<script>alert(1)</script>", "' OR 1=1 --", "a" * 512, "ÄÖÜ€\u0000\u202e", "\ud7ff", "~2 ^3 [a TO b]", "{}", "NOT", "-"]


class Server:
    """A uvicorn server on a free loopback port, in a thread."""

    def __init__(self, site: Path) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(site), log_level="error", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """GET a raw path: no client-side normalisation of ``..`` or ``%2e``."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def json(self, path: str) -> tuple[int, dict]:
        status, headers, body = self.get(path)
        assert headers["content-type"].startswith("application/json"), (path, headers)
        return status, json.loads(body)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The seed's build output: a page, the JSON API and the search index."""
    site = tmp_path_factory.mktemp("served")
    catalog = build_catalog(load(CONTENT))
    export_api(catalog, site)
    build_index(catalog, site)
    (site / "index.html").write_text("<!doctype html><title>kb</title><h1>Knowledge base</h1>", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def server(site) -> Iterator[Server]:
    with Server(site) as running:
        yield running


def _query(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def test_healthz(server):
    status, body = server.json("/healthz")
    assert status == 200 and body["status"] == "ok" and body["search_index"] is True and body["records"] > 0


def test_search_answers_json_hits(server):
    status, body = server.json("/api/search?q=UserErrorGuestAgentStatusUnavailable&lang=it&limit=2")
    assert status == 200 and body["query"] == "UserErrorGuestAgentStatusUnavailable" and body["lang"] == "it" and body["limit"] == 2
    first = body["hits"][0]
    assert set(first) == {"kind", "id", "codes", "anchors", "locale", "title", "url", "score", "snippet"}
    assert first["codes"] == ["UserErrorGuestAgentStatusUnavailable"] and first["url"] == "errors/UserErrorGuestAgentStatusUnavailable/"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/api/search", "'q' is required"),
        ("/api/search?q=", "'q' is required"),
        ("/api/search?q=%20%20", "'q' is required"),
        ("/api/search?q=backup&lang=de", "'lang'"),
        ("/api/search?q=backup&limit=0", "'limit'"),
        ("/api/search?q=backup&limit=101", "'limit'"),
        ("/api/search?q=backup&limit=ten", "'limit'"),
        ("/api/search?q=backup&limit=-1", "'limit'"),
    ],
)
def test_bad_parameters_are_400_with_a_json_error(server, path, words):
    status, body = server.json(path)
    assert status == 400 and body["status"] == 400 and words in body["error"]


def test_queries_over_512_characters_are_refused(server):
    status, body = server.json(f"/api/search?q={'a' * 513}")
    assert status == 400 and "512" in body["error"]
    assert server.json(f"/api/search?q={'a' * 512}")[0] == 200


@pytest.mark.parametrize("text", HOSTILE)
def test_no_query_syntax_gives_a_server_error(server, text):
    status, body = server.json(f"/api/search?q={_query(text)}")
    assert status in (200, 400), (text, status, body)
    if status == 200:
        assert isinstance(body["hits"], list)


def test_the_json_api_is_served(server, site):
    status, headers, body = server.get("/api/v1/index.json")
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert json.loads(body) == json.loads((site / "api" / "v1" / "index.json").read_text(encoding="utf-8"))
    status, body = server.json("/api/v1/errors/NoSuchError.json")
    assert status == 404 and body["status"] == 404


def test_site_files_are_served_with_index_html_for_folders(server):
    status, headers, body = server.get("/")
    assert status == 200 and headers["content-type"].startswith("text/html") and b"Knowledge base" in body
    assert server.get("/index.html")[0] == 200


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/api/v1/../../../../etc/passwd", "/..%2f..%2fetc/passwd", "//etc/passwd", "/search-index/kb-index.json"])
def test_paths_outside_the_site_and_the_index_are_not_served(server, path):
    status, _headers, body = server.get(path)
    assert status in (400, 404), (path, status)
    assert b"root:" not in body


def test_the_index_is_reopened_when_it_is_rebuilt(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = tmp_path / "site"
    build_index(build_catalog(load(content)), site)
    with Server(site) as running:
        assert running.json("/api/search?q=Quokkaprovisioning")[1]["hits"] == []
        article = next(content.rglob("*.md"))
        article.write_text(article.read_text(encoding="utf-8") + "\n## Quokkaprovisioning\n\nUna sezione aggiunta.\n", encoding="utf-8")
        build_index(build_catalog(load(content)), site)
        hits = running.json("/api/search?q=Quokkaprovisioning")[1]["hits"]
        assert hits and hits[0]["title"] == "Quokkaprovisioning"


def test_without_an_index_search_is_unavailable_but_the_site_is_served(tmp_path):
    (tmp_path / "index.html").write_text("<p>hello</p>", encoding="utf-8")
    with Server(tmp_path) as running:
        status, body = running.json("/api/search?q=backup")
        assert status == 503 and "kb index" in body["error"]
        assert running.get("/")[0] == 200
        assert running.json("/healthz")[1]["search_index"] is False


def test_kb_serve_command_serves_until_stopped(site):
    """The real command in its own process, on a free port it reports."""
    import re
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "kb_builder", "serve", "--port", "0", "--site", str(site)], stdout=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", banner).group(1))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/api/search?q=walinuxagent&limit=1")
        response = connection.getresponse()
        assert response.status == 200
        assert json.loads(response.read())["hits"][0]["id"] == "the-agent-installed-in-the-vm-is-out-of-date-for-linux-vms"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_kb_serve_refuses_a_busy_port_and_a_missing_site(tmp_path, capsys):
    from kb_builder.cli import run

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert run(["serve", "--port", str(busy.getsockname()[1]), "--site", str(tmp_path)]) == 2
    assert "cannot listen on 127.0.0.1" in capsys.readouterr().err
    assert run(["serve", "--site", str(tmp_path / "none")]) == 2
    assert "site folder not found" in capsys.readouterr().err


def test_searches_keep_answering_while_the_index_is_rebuilt(tmp_path):
    catalog = build_catalog(load(CONTENT))
    build_index(catalog, tmp_path)
    answers: list[tuple[int, str]] = []
    with Server(tmp_path) as running:
        def search_many() -> None:
            for _ in range(60):
                status, _headers, body = running.get("/api/search?q=UserErrorRpCollectionLimitReached&limit=1")
                hits = json.loads(body).get("hits") or [{"id": ""}]
                answers.append((status, hits[0]["id"]))

        searchers = [threading.Thread(target=search_many) for _ in range(3)]
        for thread in searchers:
            thread.start()
        for _ in range(5):
            build_index(catalog, tmp_path)
        for thread in searchers:
            thread.join(timeout=60)
    assert answers == [(200, "UserErrorRpCollectionLimitReached")] * 180

"""``kb serve`` under load and under malformed requests, over loopback, in a subprocess as users run it.

The load test (slow) holds 100 connections for 30 s with wrk (Debian package;
an async Python client measured itself, not the server: httpx at 100 connections
made a tenth of wrk's requests), mixing searches and static files while
``kb index`` and ``kb build`` replace the index and the whole site in turn. wrk counts every answer that is not
2xx/3xx and every connection error, read error and timeout.
The malformed requests go over a raw socket, so no client normalises them.
"""

from __future__ import annotations

import itertools
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import CONTENT, REPO

CONNECTIONS = 100
DURATION = 30.0
SEED = 6
QUERIES = [
    "UserErrorVmProvisioningStateFailed", "GuestAgentSnapshotTaskStatusError", "UserErrorRpCollectionLimitReached", "UserErrorKeyvaultPermissionsNotConfigured",
    "usererrorguestagent", "RpCollection", "macchina virtuale in stato di provisioning non riuscito", "agente guest non disponibile",
    "punto di ripristino", "insieme di credenziali", "the VM is in failed provisioning state", "snapshot timeout", "guest agent status unavailable",
    "restore point collection limit", "UserErorVmProvisioningStateFaild", "macchna virtuale", "snapshto", "GuestAgentSnapshotTaskStatusEror",
]
SECRET = b"kb-load-test-secret-beside-the-site"


@dataclass
class Served:
    """A ``kb serve`` process over a built site."""

    site: Path
    port: int
    secret: Path
    process: subprocess.Popen

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def raw(self, request: bytes) -> tuple[int | None, bytes]:
        """Send raw bytes; the answer's status (None when the server closed the connection without one) and body."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as connection:
            data = b""
            try:
                connection.sendall(request)
                while chunk := connection.recv(65536):
                    data += chunk
            except (BrokenPipeError, ConnectionResetError):
                pass
        head, _, body = data.partition(b"\r\n\r\n")
        status = head.split(b" ", 2)[1] if head.startswith(b"HTTP/1.1 ") else None
        return (int(status) if status else None), body

    def healthy(self) -> bool:
        return self.process.poll() is None and httpx.get(self.url("/healthz"), timeout=30).json()["status"] == "ok"


def kb(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "kb_builder", *args], check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    """``kb build`` of the seed, then ``kb serve --port 0`` on it; a secret file beside the site."""
    root = tmp_path_factory.mktemp("load")
    site = root / "site"
    built = kb("build", "--content", str(CONTENT), "--out", str(site))
    assert built.returncode == 0, built.stderr
    secret = root / "secret.txt"
    secret.write_bytes(SECRET)
    process = subprocess.Popen([sys.executable, "-m", "kb_builder", "serve", "--port", "0", "--site", str(site)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert select.select([process.stdout], [], [], 60)[0], "kb serve printed nothing for 60 s"
        port = int(process.stdout.readline().split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
        running = Served(site, port, secret, process)
        deadline = time.monotonic() + 60
        while not _answers(running):
            assert time.monotonic() < deadline and process.poll() is None, "kb serve did not answer /healthz"
            time.sleep(0.1)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=30)


def _answers(served: Served) -> bool:
    try:
        return served.healthy()
    except httpx.TransportError:
        return False


def static_paths(site: Path) -> list[str]:
    """Every file of the site as a URL (folders also as ``folder/``), the search index left out."""
    paths = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and not relative.startswith("search-index/"):
            paths.append("/" + quote(relative))
            if path.name == "index.html":
                paths.append("/" + quote(relative.removesuffix("index.html")))
    return paths


def search_paths() -> list[str]:
    paths = [f"/api/search?q={quote(q)}" for q in QUERIES]
    paths += [f"/api/search?q={quote(q)}&lang={lang}&limit=5" for q in QUERIES[::3] for lang in ("it", "en")]
    return paths


WRK_SCRIPT = """
local searches = {%s}
local statics = {%s}
local thread_id = 0
function setup(thread) thread_id = thread_id + 1; thread:set("seed", %d + thread_id) end
function init(args) math.randomseed(seed) end
function request()
  local list = math.random() < 0.5 and searches or statics
  return wrk.format("GET", list[math.random(#list)])
end
function done(summary, latency, requests)
  io.write(string.format('{"requests": %%d, "seconds": %%.3f, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "status": %%d, "p50_ms": %%.1f, "p99_ms": %%.1f}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk_script(site: Path) -> str:
    """The wrk script: each request a search or a static file, half and half, chosen by a seeded random generator per thread."""
    def lua(paths: list[str]) -> str:
        return ", ".join(json.dumps(path) for path in paths)

    return WRK_SCRIPT % (lua(search_paths()), lua(static_paths(site)), SEED)


def run_wrk(served: Served, script: Path, seconds: float) -> dict:
    """wrk with ``CONNECTIONS`` connections for ``seconds``; its summary (requests, errors by kind, p50/p99 in ms)."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", "--timeout", "30s", "-s", str(script), served.url("/")]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=seconds + 120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def rebuild_until(served: Served, stop: threading.Event, results: list[subprocess.CompletedProcess]) -> None:
    """``kb index`` and ``kb build`` of the served site in turn (the index, then the whole site, replaced), until ``stop``."""
    for command in itertools.cycle(("index", "build")):
        if stop.is_set():
            return
        results.append(kb(command, "--content", str(CONTENT), "--out", str(served.site)))


@pytest.mark.slow
def test_100_connections_for_30_s_with_index_and_site_rebuilds_get_no_error(served, tmp_path):
    if shutil.which("wrk") is None:
        pytest.skip("the load generator wrk is not installed (Debian: apt-get install wrk)")
    script = tmp_path / "mix.lua"
    script.write_text(wrk_script(served.site), encoding="utf-8")
    stop, rebuilds = threading.Event(), []
    rebuilder = threading.Thread(target=rebuild_until, args=(served, stop, rebuilds))
    rebuilder.start()
    try:
        summary = run_wrk(served, script, DURATION)
    finally:
        stop.set()
        rebuilder.join(timeout=300)
    print(f"\nload: {CONNECTIONS} connections, {summary['seconds']:.1f} s: {summary['requests']} requests, {summary['requests'] / summary['seconds']:.0f} req/s, "
          f"p50 {summary['p50_ms']:.1f} ms, p99 {summary['p99_ms']:.1f} ms, rebuilds {sum(r.args[3] == 'index' for r in rebuilds)} kb index + {sum(r.args[3] == 'build' for r in rebuilds)} kb build; {summary}")
    assert {kind: summary[kind] for kind in ("connect", "read", "write", "timeout", "status")} == dict.fromkeys(("connect", "read", "write", "timeout", "status"), 0)
    assert summary["requests"] > 0
    assert rebuilds and all(r.returncode == 0 for r in rebuilds), [r.stderr for r in rebuilds if r.returncode]
    assert served.healthy()


def _get(path: bytes, headers: bytes = b"") -> bytes:
    return b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + b"\r\n"


UP = b"/.." * 24
"""Enough ``..`` to reach ``/`` from wherever the site is."""


@pytest.mark.parametrize(("request_bytes", "allowed"), [
    (_get(b"/api/search?q=%ff%fe"), {400}),
    (_get(b"/api/search?q=%C0%AE%C0%AE"), {400}),
    (_get(b"/api/search?q=agent&lang=%ff"), {400}),
    (_get(b"/../../etc/passwd"), {404}),
    (_get(b"/%2e%2e/%2e%2e/etc/passwd"), {404}),
    (_get(b"/..%2f..%2fetc%2fpasswd"), {404}),
    (_get(b"/api/v1/../../../../etc/passwd"), {404}),
    (_get(b"/%00"), {404}),
    (_get(b"/index.html%00"), {404}),
    (_get(b"/api/v1/index.json%00.html"), {404}),
    (_get(b"/\xff\xfe"), {400}),
    (_get(b"/search-index/kb-index.json"), {404}),
    (_get(b"http://127.0.0.1/../../etc/passwd"), {404}),
    (_get(b"/", b"X-Big: " + b"a" * 65536 + b"\r\n"), {400, 431, None}),
    (_get(b"/", b"".join(b"X-Many-%d: v\r\n" % i for i in range(3000))), {400, 431, None}),
    (b"NOT A REQUEST\r\n\r\n", {400}),
], ids=["query-ff-fe", "query-overlong-utf8", "lang-ff", "dotdot", "pct-2e2e", "dotdot-pct-2f", "api-dotdot", "nul", "nul-after-file", "nul-in-api", "raw-non-ascii-path", "search-index", "absolute-form", "header-64k", "headers-3000", "garbage"])
def test_malformed_requests_get_a_4xx_and_the_server_goes_on(served, request_bytes, allowed):
    status, body = served.raw(request_bytes)
    assert status in allowed, (request_bytes[:80], status, body[:200])
    assert b"root:" not in body
    assert served.healthy()


def paths_to(target: Path) -> list[bytes]:
    """Raw, encoded and mixed ``..`` paths from the site to ``target`` beside it: relative, and up to ``/`` then absolute."""
    absolute = str(target).encode()
    return [
        b"/../" + target.name.encode(), b"/../../" + target.name.encode(), b"/%2e%2e/%2e%2e/" + target.name.encode(), b"/..%2f..%2f" + target.name.encode(),
        UP + absolute, UP.replace(b"..", b"%2e%2e") + absolute, b"/" + b"..%2f" * 24 + absolute[1:].replace(b"/", b"%2f"), b"/" + b".%2e/" * 24 + absolute[1:],
    ]


def test_a_file_beside_the_site_is_never_served(served):
    for path in paths_to(served.secret):
        status, body = served.raw(_get(path))
        assert status == 404, (path, status)
        assert SECRET not in body

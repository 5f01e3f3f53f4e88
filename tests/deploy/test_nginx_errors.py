"""nginx's own errors under /api/ are in the API's error format: deploy/nginx/belvedere.conf
started on loopback in front of a tiny upstream (a too-long address, a body too large, an
instance that cannot be reached). Needs nginx: ``make test`` installs it
(deploy/local/system-deps.sh test)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="nginx is not installed (deploy/local/system-deps.sh test)"
)


class Upstream(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(tmp_path: Path, upstream: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    template = (DEPLOY / "nginx" / "belvedere.conf").read_text()
    values = {
        "BELVEDERE_API_UPSTREAM": upstream,
        "BELVEDERE_TILE_ORIGINS": "https://tile.openstreetmap.org",
    }
    site = re.sub(r"\$\{(BELVEDERE_\w+)\}", lambda m: values[m.group(1)], template)
    site = site.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        "daemon off;\nworker_processes 1;\n"
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\nhttp {\n  access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {tmp_path}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {tmp_path}/site.conf;\n}}\n"
    )
    process = subprocess.Popen(
        [
            NGINX,
            "-p",
            f"{tmp_path}/",
            "-e",
            f"{tmp_path}/error.log",
            "-c",
            f"{tmp_path}/nginx.conf",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError as refused:
            if process.poll() is not None:
                said = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"nginx stopped: {said}") from refused
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("nginx did not start")


@pytest.fixture
def upstream():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy(tmp_path, upstream):
    process, port = start_nginx(tmp_path, upstream)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def proxy_without_upstream(tmp_path):
    process, port = start_nginx(tmp_path, f"127.0.0.1:{free_port()}")  # nothing listens there
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def fetch(url: str, data: bytes | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    if data:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def assert_error_format(status: int, headers: dict, body: bytes, code: str) -> None:
    assert headers["Content-Type"].startswith("application/json"), headers
    answer = json.loads(body)
    assert set(answer) == {"status", "code", "message", "params", "errors", "details"}
    assert (answer["status"], answer["code"], answer["errors"]) == (status, code, {})
    assert (answer["params"], answer["details"]) == ({}, {})
    assert answer["message"]
    assert headers.get("X-Request-ID")


def test_the_upstream_answers_through_nginx(proxy):
    status, _, body = fetch(f"{proxy}/api/v1/health/")
    assert (status, json.loads(body)) == (200, {"ok": True})


def test_a_too_long_address_is_a_414_in_the_error_format(proxy):
    status, headers, body = fetch(f"{proxy}/api/v1/proposals/?q={'x' * 10_000}")
    assert status == 414
    assert_error_format(414, headers, body, "uri_too_long")


def test_a_body_over_the_limit_is_a_413_in_the_error_format(proxy):
    status, headers, body = fetch(f"{proxy}/api/v1/proposals/", data=b"x" * (3 * 1024 * 1024))
    assert status == 413
    assert_error_format(413, headers, body, "request_too_large")


def test_an_unreachable_api_is_a_502_in_the_error_format(proxy_without_upstream):
    status, headers, body = fetch(f"{proxy_without_upstream}/api/v1/health/")
    assert status == 502
    assert_error_format(502, headers, body, "bad_gateway")
    assert headers["Retry-After"] == "5"

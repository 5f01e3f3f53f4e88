"""nginx lets milestone photos through: the upload path of deploy/nginx/belvedere.conf takes
bodies up to 65m (the API's own limit there is API_UPLOAD_MAX_BODY_BYTES), every other API path
keeps its 2m. nginx started on loopback in front of a tiny upstream that reads the body."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.deploy.test_nginx_errors import NGINX, fetch, start_nginx

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")


class Reader(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        size = len(self.rfile.read(int(self.headers["Content-Length"])))
        body = json.dumps({"read": size}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy(tmp_path, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Reader)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    if os.geteuid() == 0:
        # A large body is buffered to a file under tmp_path, which only its owner may enter: as
        # root, the workers must stay root (they run as "nobody" otherwise). Not a deploy setting.
        write = Path.write_text

        def with_user(self, text, *args, **kwargs):
            if self.name == "nginx.conf":
                text = "user root;\n" + text
            return write(self, text, *args, **kwargs)

        monkeypatch.setattr(Path, "write_text", with_user)
    process, port = start_nginx(tmp_path, f"127.0.0.1:{server.server_address[1]}")
    monkeypatch.undo()
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)
    server.shutdown()
    server.server_close()


def test_photos_pass_on_their_path_only(proxy):
    body = b"x" * (12 * 1024 * 1024)
    status, _, answer = fetch(f"{proxy}/api/v1/deliveries/12/milestones/", data=body)
    assert status == 201, (status, answer[:300])
    assert json.loads(answer) == {"read": len(body)}
    status, _, _ = fetch(f"{proxy}/api/v1/deliveries/12/", data=body)
    assert status == 413
    status, _, _ = fetch(f"{proxy}/api/v1/proposals/", data=body)
    assert status == 413

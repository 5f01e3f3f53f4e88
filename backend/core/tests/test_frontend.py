"""The built front end served at / (core.frontend), against a small fake dist folder."""

from email.utils import formatdate
from pathlib import Path

import pytest

from core.frontend import _file_in_dist

INDEX = "<!doctype html><title>Belvédère</title><div id=app></div>"


@pytest.fixture
def dist(tmp_path: Path, settings) -> Path:
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX, encoding="utf-8")
    (folder / "assets" / "index-abc123.js").write_text("console.log('ok');", encoding="utf-8")
    (folder / "assets" / "index-abc123.css").write_text("body{margin:0}", encoding="utf-8")
    (folder / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("not for the web")
    settings.FRONTEND_DIST = folder
    return folder


def test_root_answers_the_index_page(client, dist):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert b"".join(response.streaming_content).decode() == INDEX
    assert "csrftoken" in response.cookies


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/assets/index-abc123.js", "text/javascript; charset=utf-8"),
        ("/assets/index-abc123.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml; charset=utf-8"),
    ],
)
def test_files_come_with_their_content_type(client, dist, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == (dist / url.lstrip("/")).read_bytes()


def test_hashed_assets_are_cached_for_a_year(client, dist):
    response = client.get("/assets/index-abc123.js")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/favicon.svg")["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize("url", ["/propositions/12", "/en/carte", "/index.html"])
def test_client_side_routes_fall_back_to_the_index(client, dist, url):
    response = client.get(url, {"theme": "sport"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == INDEX


def test_a_missing_asset_is_a_404_not_the_index(client, dist):
    assert client.get("/assets/index-gone.js").status_code == 404


@pytest.mark.parametrize("url", ["/api/v2/proposals/", "/api"])
def test_api_paths_are_never_the_application(client, dist, url):
    response = client.get(url)
    assert response.status_code == 404
    assert INDEX.encode() not in getattr(response, "content", b"")


def test_files_outside_dist_are_unreachable(client, dist):
    assert _file_in_dist(dist, "../secret.txt") is None
    assert _file_in_dist(dist, "assets") is None
    assert _file_in_dist(dist, "") is None
    response = client.get("/%2e%2e/secret.txt")
    assert b"not for the web" not in b"".join(getattr(response, "streaming_content", [b""]))


def test_unchanged_files_answer_304(client, dist):
    mtime = (dist / "assets" / "index-abc123.js").stat().st_mtime
    since = formatdate(mtime + 10, usegmt=True)
    response = client.get("/assets/index-abc123.js", headers={"if-modified-since": since})
    assert response.status_code == 304


def test_only_reads_are_allowed(client, dist):
    assert client.post("/").status_code == 405
    assert client.head("/").status_code == 200


def test_an_unbuilt_front_end_says_how_to_build_it(client, settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path / "nothing-here"
    response = client.get("/")
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"npm run build" in response.content
    assert b"make run" in response.content
    assert client.get("/some/route").status_code == 503


def test_source_maps_are_not_served_even_when_left_in_dist(client, dist):
    (dist / "assets" / "index-abc123.js.map").write_text('{"version":3,"sources":["src/x.ts"]}')
    assert client.get("/assets/index-abc123.js.map").status_code == 404
    assert client.get("/ASSETS/index-abc123.JS.MAP").status_code == 404


def test_the_production_build_has_no_source_maps():
    """The real build that ``make run`` serves (``FRONTEND_DIST``): no ``.map`` file and no
    ``sourceMappingURL`` comment in any bundle. Skipped when the front end is not built."""
    from django.conf import settings

    dist = Path(settings.FRONTEND_DIST)
    if not (dist / "index.html").is_file():
        pytest.skip("frontend/dist is not built (npm run build)")
    assert not sorted(dist.rglob("*.map"))
    for bundle in (*dist.rglob("*.js"), *dist.rglob("*.css")):
        assert "sourceMappingURL" not in bundle.read_text(encoding="utf-8"), bundle

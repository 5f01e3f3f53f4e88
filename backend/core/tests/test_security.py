"""Security headers (core.security) on the page, the API and the API docs; the docs' assets come
from this server, never from another host."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from core.security import inline_style_hashes

INDEX = "<!doctype html><title>Belvédère</title><div id=app></div>"
MAP_VIEW = Path(settings.BASE_DIR).parent / "frontend" / "src" / "map" / "mapView.ts"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def assert_strict_headers(response) -> dict[str, list[str]]:
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["img-src"][:2] == ["'self'", "data:"]
    # Inline styles only as attributes where the map application needs them; never scripts.
    assert all("'unsafe-inline'" not in csp[name] for name in csp if name != "style-src-attr")
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "microphone=()" in permissions
    assert "geolocation=(self)" in permissions
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    return csp


@pytest.fixture
def dist(tmp_path: Path, settings) -> Path:
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    settings.FRONTEND_DIST = tmp_path
    return tmp_path


def test_the_page(client, dist):
    response = client.get("/")
    assert response.status_code == 200
    csp = assert_strict_headers(response)
    assert csp["style-src"] == ["'self'"]
    assert csp["style-src-attr"] == ["'unsafe-inline'"]
    assert set(settings.CSP_TILE_ORIGINS) <= set(csp["img-src"])


def test_the_front_ends_tile_server_is_allowed(client, dist, settings):
    """A production build's default base map (the IGN Géoplateforme's Plan IGN v2) is served from
    an origin the default CSP_TILE_ORIGINS allows; another one configured (VITE_TILE_URL at build
    time) is allowed once CSP_TILE_ORIGINS, which must follow it, names its origin."""
    source = MAP_VIEW.read_text(encoding="utf-8")
    found = re.search(r'IGN_PLAN_URL =\s*"(https://[^/"]+)/', source)
    assert found, "the map's default base map is the IGN Géoplateforme's"
    from config.settings import base

    assert found.group(1) in base.CSP_TILE_ORIGINS
    assert found.group(1) in directives(client.get("/"))["img-src"]
    settings.CSP_TILE_ORIGINS = ["https://tiles.example.org"]
    assert "https://tiles.example.org" in directives(client.get("/"))["img-src"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/campaigns/", "/api/v1/no-such-endpoint/", "/api/v1/schema/"]
)
def test_the_api(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_strict_headers(response)


@pytest.mark.django_db
def test_an_early_refusal_has_them_too():
    """An answer made before the view (here Django's CSRF refusal of a form post to the admin)."""
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert_strict_headers(response)


@pytest.mark.django_db
class TestDocs:
    def test_the_page_and_its_assets_come_from_this_server(self, client):
        response = client.get("/api/v1/docs/")
        assert response.status_code == 200
        html = response.content.decode()
        references = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert len(references) >= 4  # css, favicon, bundle, preset, start-up script
        for reference in references:
            parts = urlsplit(reference)
            assert not parts.scheme and not parts.netloc, reference
            if parts.path.startswith(settings.STATIC_URL):
                relative = parts.path.removeprefix(settings.STATIC_URL)
                assert "drf_spectacular_sidecar" in relative
                assert finders.find(relative), f"{relative} is not among the static files"
        assert "cdn.jsdelivr.net" not in html and "@latest" not in html
        # No inline script: the start-up script is a separate answer, also from this server.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        start = [r for r in references if "script" in urlsplit(r).query]
        assert len(start) == 1
        script = client.get(start[0])
        assert script.status_code == 200
        assert script["Content-Type"].startswith("application/javascript")
        assert "SwaggerUIBundle" in script.content.decode()
        assert "https://" not in script.content.decode()

    def test_the_policy_allows_exactly_its_inline_style(self, client):
        response = client.get("/api/v1/docs/")
        csp = assert_strict_headers(response)
        hashes = inline_style_hashes(response.content.decode())
        assert hashes, "the docs page has no inline style any more: drop the hash"
        assert csp["style-src"] == ["'self'", *(f"'{h}'" for h in hashes)]
        assert "style-src-attr" not in csp
        # Only the docs page gets the hash.
        assert directives(client.get("/api/v1/campaigns/"))["style-src"] == ["'self'"]

    def test_swagger_ui_fetches_no_validator_badge(self, client):
        response = client.get("/api/v1/docs/?script=")
        assert '"validatorUrl": null' in response.content.decode()

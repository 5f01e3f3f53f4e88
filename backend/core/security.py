"""Security headers on every answer: Content-Security-Policy and Permissions-Policy.

Django 5.2 has no CSP of its own (SecurityMiddleware sends Referrer-Policy, nosniff and
Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options). One strict policy
serves the map application, the API and the admin: everything from this origin, images also as
``data:`` URLs (Leaflet's icons) and from the map tile server(s) (``CSP_TILE_ORIGINS``), no
inline script, no ``<style>`` element (style attributes are allowed: the map application sets
some), no plugin, no framing. The API docs page (Swagger UI, from the
drf-spectacular-sidecar package) gets the same policy plus the hash of its one inline
``<style>`` block; its start-up script is a file too (``SpectacularSwaggerSplitView``).

A view that sets its own header keeps it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.template.loader import get_template

DOCS_VIEW = "docs"  # config/api_urls.py
DOCS_TEMPLATE = "drf_spectacular/swagger_ui.html"

PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "camera=()",
        "display-capture=()",
        "encrypted-media=()",
        "fullscreen=(self)",
        "geolocation=(self)",  # "around me" on the map, for this origin only
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "usb=()",
    ]
)


def content_security_policy(
    *, tile_origins: list[str], style_hashes: list[str], style_attributes: bool
) -> str:
    styles = " ".join(["'self'", *(f"'{h}'" for h in style_hashes)])
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": styles,
        # Style attributes only (never <style> elements): the map application colours its theme
        # swatches with `style="background-color: …"`.
        **({"style-src-attr": "'unsafe-inline'"} if style_attributes else {}),
        "img-src": " ".join(["'self'", "data:", *tile_origins]),
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def inline_style_hashes(html: str) -> list[str]:
    """The CSP hashes (``sha256-…``) of the ``<style>`` blocks in ``html``."""
    hashes = []
    for block in re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.DOTALL):
        digest = hashlib.sha256(block.encode()).digest()
        hashes.append("sha256-" + base64.b64encode(digest).decode())
    return hashes


@cache
def _docs_style_hashes() -> tuple[str, ...]:
    # The template's style block contains no template tag: its source is what is served.
    source = get_template(DOCS_TEMPLATE).template.source  # type: ignore[attr-defined]
    return tuple(inline_style_hashes(source))


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        on_docs = match is not None and match.view_name == DOCS_VIEW
        policy = content_security_policy(
            tile_origins=list(settings.CSP_TILE_ORIGINS),
            style_hashes=list(_docs_style_hashes()) if on_docs else [],
            style_attributes=not on_docs,
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

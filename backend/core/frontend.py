"""Serves the built front end (``settings.FRONTEND_DIST``, i.e. ``frontend/dist``) at ``/``.

For the single-machine setup only: in production a web server (nginx) serves these files.
``/`` and every unknown path that is not the API's answer ``index.html`` (client-side routes);
files in dist are sent with their content type, hashed ``assets/`` for a year. When the front end
has not been built, a short 503 says how to build it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.utils.http import http_date
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

NOT_BUILT = (
    "Belvédère: the front end is not built.\n"
    "Run `npm run build` in frontend/ (or `make run`, which builds it), then reload.\n"
)

# Paths that belong to the server, never to the single-page application.
RESERVED_PREFIXES = ("api/", "admin/", "static/", "media/")

# Python's table lacks or varies on a few of these depending on the system's mime.types.
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".txt": "text/plain",
    ".webmanifest": "application/manifest+json",
}
TEXT_TYPES = ("text/", "application/json", "application/manifest+json", "image/svg+xml")

ONE_YEAR = 365 * 24 * 3600


def _dist() -> Path:
    return Path(settings.FRONTEND_DIST)


def _content_type(path: Path) -> str:
    content_type = CONTENT_TYPES.get(path.suffix.lower())
    if content_type is None:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith(TEXT_TYPES):
        content_type += "; charset=utf-8"
    return content_type


def _file_in_dist(dist: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``dist``, or None (missing, a folder, or outside)."""
    if not relative or "\x00" in relative:
        return None
    root = dist.resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _send(request: HttpRequest, path: Path, cache_control: str) -> HttpResponseBase:
    stat = path.stat()
    response: HttpResponseBase
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), int(stat.st_mtime)):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(path.open("rb"), content_type=_content_type(path))
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = cache_control
    return response


@ensure_csrf_cookie
def _index(request: HttpRequest, index: Path) -> HttpResponseBase:
    # The page's bundles have hashed names; the page itself must always be revalidated.
    # ensure_csrf_cookie: the application reads the token for its session-authenticated writes.
    return _send(request, index, "no-cache")


@require_safe
def frontend(request: HttpRequest, path: str = "") -> HttpResponseBase:
    if path.startswith(RESERVED_PREFIXES) or path in ("api", "admin"):
        raise Http404("Not a page of the application.")
    if path.lower().endswith(".map"):
        # No source maps are built (vite.config.ts); one left by an older build is not served.
        raise Http404("No source maps.")
    dist = _dist()
    index = dist / "index.html"
    if not index.is_file():
        return HttpResponse(NOT_BUILT, status=503, content_type="text/plain; charset=utf-8")

    found = _file_in_dist(dist, path)
    if found is not None:
        if found == index.resolve():
            return _index(request, index)
        immutable = path.startswith("assets/")
        cache = f"public, max-age={ONE_YEAR}, immutable" if immutable else "public, max-age=3600"
        return _send(request, found, cache)
    if path.startswith("assets/"):
        # A missing bundle must fail loudly, not come back as HTML with a 200.
        raise Http404("No such asset.")
    return _index(request, index)

"""Every web request gets a request id, an access log line and its place in the metrics.

``RequestIdMiddleware`` comes first in ``MIDDLEWARE``, so that even the answers given early (a
413 from the body limit, a redirect to HTTPS) have all three:

- the id is the proxy's well-formed ``X-Request-ID`` or a new one (``core.request_id``); it is
  bound to the request's context while the request runs (log records and published Celery tasks
  pick it up) and sent back in the ``X-Request-ID`` response header;
- one access log line (logger ``belvedere.access``; JSON with ``core.logs.JsonFormatter``):
  method, path (without the query string, which may hold tokens), route, status, duration in
  milliseconds, and the user's id when the request was authenticated — except for ballot
  requests (``core.logs.discreet_path``): no user id, no request id, the day only;
- the request count and latency, by method, route name and status (``core.metrics``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import SimpleLazyObject, empty

from .logs import discreet_path
from .metrics import http_request_observe
from .request_id import (
    HEADER,
    META_KEY,
    discreet_bound,
    request_id_bound,
    request_id_is_valid,
    request_id_new,
)

access_logger = logging.getLogger("belvedere.access")

UNRESOLVED_ROUTE = "unresolved"  # answered before (or without) URL resolution


def route_name(request: HttpRequest) -> str:
    """The URL pattern's name (e.g. ``proposal-detail``), or its route when it has none."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNRESOLVED_ROUTE
    return match.view_name or match.route or UNRESOLVED_ROUTE


def known_user_id(request: HttpRequest) -> int | None:
    """The id of the user the request was authenticated as, if anything authenticated it (the
    session user is not loaded just for the log line: that would cost a query)."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:  # type: ignore[attr-defined]
        return None
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "pk", None)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        given = request.META.get(META_KEY)
        request_id = given if request_id_is_valid(given) else request_id_new()
        request.request_id = request_id  # type: ignore[attr-defined]
        discreet = discreet_path(request.path)
        with request_id_bound(None if discreet else request_id), discreet_bound(discreet):
            start = time.perf_counter()
            response = self.get_response(request)
            seconds = time.perf_counter() - start
            response[HEADER] = request_id
            route, status = route_name(request), response.status_code
            http_request_observe(
                method=request.method or "", route=route, status=status, seconds=seconds
            )
            access_logger.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "user_id": None if discreet else known_user_id(request),
                },
            )
        return response

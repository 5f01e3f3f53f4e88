"""Request guards that run before anything reads the request.

- ``RequestBodyLimitMiddleware``: a body larger than ``API_MAX_BODY_BYTES`` is refused from its
  ``Content-Length`` alone (413), and the body stream is capped so that a body without one
  (chunked) cannot be read past the limit either, whichever parser reads it.
- ``UnstorableInputMiddleware``: NUL characters, which PostgreSQL cannot store, in a query
  parameter, a cookie or a header are refused (400 naming the parameter) before a filter, a
  session or a token lookup sends them to the database.

Under ``/api/`` both answer in the API's error format (``core.errors``); elsewhere in plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse

from .errors import error_response

API_PREFIX = "/api/"
NUL = "\x00"
NUL_MESSAGE = "Null characters are not allowed"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _refuse(
    request: HttpRequest, status: int, code: str, message: str, errors: dict | None = None
) -> HttpResponse:
    if _is_api(request):
        return error_response(status, code, message, errors)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class CappedStream:
    """A request body stream that raises ``RequestDataTooBig`` once more than ``limit`` bytes
    have been read from it (it reads one byte past the limit to know)."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self.limit = limit
        self._read = 0

    def _take(self, reader: Callable[[int], bytes], size: int | None) -> bytes:
        allowed = self.limit + 1 - self._read
        if allowed <= 0:
            raise RequestDataTooBig("The request body is too large.")
        data = reader(allowed if size is None or size < 0 else min(size, allowed))
        self._read += len(data)
        if self._read > self.limit:
            raise RequestDataTooBig("The request body is too large.")
        return data

    def read(self, size: int | None = -1, /) -> bytes:
        return self._take(self._stream.read, size)

    def readline(self, size: int | None = -1, /) -> bytes:
        return self._take(self._stream.readline, size)

    def close(self) -> None:
        self._stream.close()


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.API_MAX_BODY_BYTES
        if any(re.match(p, request.path_info) for p in getattr(settings, "API_UPLOAD_PATHS", ())):
            limit = settings.API_UPLOAD_MAX_BODY_BYTES  # photo uploads (config/settings/media.py)
        declared = (request.META.get("CONTENT_LENGTH") or "").strip()
        if declared:
            if not declared.isdigit():
                return _refuse(request, 400, "bad_request", "Invalid Content-Length header.")
            if int(declared) > limit:
                return _refuse(
                    request,
                    413,
                    "request_too_large",
                    f"The request body is too large (at most {limit} bytes).",
                )
        request._stream = CappedStream(request._stream, limit)  # type: ignore[assignment]
        return self.get_response(request)


class UnstorableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            place = self._nul_place(request)
        except SuspiciousOperation as exc:  # e.g. too many query parameters
            return _refuse(request, 400, "bad_request", f"The request was refused: {exc}")
        if place is not None:
            kind, name = place  # the message as the exception handler words field errors
            errors = {name: [f"{NUL_MESSAGE} (in this {kind})."]}
            return _refuse(request, 400, "invalid", f"Invalid input: {name}.", errors)
        return self.get_response(request)

    @staticmethod
    def _nul_place(request: HttpRequest) -> tuple[str, str] | None:
        """Where a NUL character is: (``query parameter``, its name), a cookie or a header."""
        query = request.META.get("QUERY_STRING", "")
        if NUL in query or "%00" in query:
            for key, values in request.GET.lists():
                if NUL in key or any(NUL in value for value in values):
                    return "query parameter", key.replace(NUL, "\ufffd")
        for key, value in request.COOKIES.items():
            if NUL in key or NUL in value:
                return "cookie", key.replace(NUL, "\ufffd")
        for key, value in request.META.items():
            if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and NUL in str(value):
                return "header", key.removeprefix("HTTP_").replace("_", "-").title()
        return None

"""The API's one error contract.

Every 4xx answer has the same body::

    {"status": 400, "code": "invalid", "message": "Human readable summary.", "params": {},
     "errors": {"field": ["reason", ...], ...},
     "details": {"field": [{"code": "max_length", "params": {"max_length": 150}}, ...], ...}}

``code`` and ``params`` say the refusal for a program (the front end words each code in French
and English, ``core.error_codes.CODES`` lists them all); ``message`` and ``errors`` say it in
English for a person reading the answer. ``details`` has, for each reason in ``errors`` and in the
same order, its code and parameters: DRF's own field codes (``required``, ``max_length``…), with
their parameters read from the serializer's field, or a service's.

Services raise typed ``ApplicationError`` subclasses; DRF and Django errors are converted here, in
one exception handler, so views never build error bodies themselves. An unexpected exception
under /api/ is a 500 with the same body (``server_error``, code ``server_error``).

The database out of reach (PostgreSQL down or restarting, a connection cut: Django's
``OperationalError`` or ``InterfaceError``) is a 503 ``service_unavailable`` with ``Retry-After``,
never a 500: the request changed nothing (its transaction did not commit), and the client may
send it again in a moment. Raised in a DRF view, the exception handler answers; raised anywhere
else (another view, a middleware), ``DatabaseUnavailableMiddleware`` or ``handler500`` does.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

log = logging.getLogger(__name__)


class ApplicationError(Exception):
    """A refusal decided by the domain (a service), with a stable machine-readable code."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    code: str = "invalid"
    default_message: str = "The request cannot be carried out."

    def __init__(
        self,
        message: str | None = None,
        *,
        field: str | None = None,
        errors: dict | None = None,
        code: str | None = None,
        params: dict[str, Any] | None = None,
        details: dict[str, list[dict[str, Any]]] | None = None,
    ):
        self.message = message or self.default_message
        self._details = details
        if code:
            self.code = code
        self.params: dict[str, Any] = dict(params or {})
        self.errors: dict[str, list[str]] = dict(errors or {})
        if field:
            self.errors.setdefault(field, []).append(self.message)
        super().__init__(self.message)

    def details(self) -> dict[str, list[dict[str, Any]]]:
        """Each field's reasons as ``{code, params}``: as given, else the refusal's own."""
        given = self._details or {}
        return {
            name: given[name]
            if len(given.get(name, [])) == len(reasons)
            else [{"code": self.code, "params": self.params} for _ in reasons]
            for name, reasons in self.errors.items()
        }


class OutsideCity(ApplicationError):
    code = "outside_city"
    default_message = "This location is outside Paris."


class AddressNotFound(ApplicationError):
    code = "address_not_found"
    default_message = "This address cannot be placed in Paris."


class PhaseClosed(ApplicationError):
    """The campaign's current phase does not allow this action."""

    status_code = status.HTTP_409_CONFLICT
    code = "phase_closed"
    default_message = "The campaign's current phase does not allow this."


class SubmissionsClosed(PhaseClosed):
    code = "submissions_closed"
    default_message = "This campaign is not open for submissions."


class Frozen(ApplicationError):
    """Voting has opened: the ballot projects, their costs and the voting rule are frozen."""

    status_code = status.HTTP_409_CONFLICT
    code = "ballot_frozen"
    default_message = "Voting has opened: the ballot, its costs and the voting rule are frozen."


class InvalidTransition(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "invalid_transition"
    default_message = "This change is not possible from the current state."


class NotAllowed(ApplicationError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "permission_denied"
    default_message = "You are not allowed to do this."


class EmailNotVerified(NotAllowed):
    """Proposing, reporting and voting need an email address the person has confirmed."""

    code = "email_not_verified"
    default_message = (
        "Confirm your email address first: follow the link in the message sent to you when you "
        "registered (POST /api/v1/auth/verify-email/resend/ sends it again), then try again."
    )


class LimitReached(ApplicationError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "limit_reached"
    default_message = "You have reached the limit."


# A serializer's refusals with parameters (``invalid``), by (code, message), until the exception
# handler reads them: DRF rebuilds its error details from their text and code, losing the rest.
_FIELD_PARAMS: ContextVar[dict[tuple[str, str], dict[str, Any]] | None] = ContextVar(
    "field_params", default=None
)


def invalid(message: str, code: str, **params: Any) -> exceptions.ValidationError:
    """A serializer's refusal of a value, with a stable code and its parameters, e.g.
    ``raise invalid(f"At most {high} characters.", "max_length", max_length=high)``; the error
    body's ``details`` carries them."""
    if params:
        known = _FIELD_PARAMS.get()
        if known is None:
            known = {}
            _FIELD_PARAMS.set(known)
        known[(code, message)] = params
    return exceptions.ValidationError(message, code=code)


# DRF's field codes whose parameters are attributes of the field refusing the value.
_FIELD_ATTRIBUTES = {
    "max_length": ("max_length",),
    "min_length": ("min_length",),
    "max_value": ("max_value",),
    "min_value": ("min_value",),
    "max_digits": ("max_digits",),
    "max_decimal_places": ("decimal_places",),
    "max_whole_digits": ("max_whole_digits",),
    "max_string_length": (),
}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def _field_at(serializer: Any, path: list[str]) -> Any:
    field = serializer
    for part in path:
        if part.isdigit():
            field = getattr(field, "child", None)
        else:
            fields = getattr(field, "fields", None)
            if fields is None:
                fields = getattr(getattr(field, "child", None), "fields", None)
            field = fields.get(part) if fields is not None else None
        if field is None:
            return None
    return field


def _params_of(serializer: Any, name: str, code: str, message: str) -> dict[str, Any]:
    known = (_FIELD_PARAMS.get() or {}).get((code, message))
    if known is not None:
        return {k: _plain(v) for k, v in known.items()}
    attributes = _FIELD_ATTRIBUTES.get(code)
    if not attributes or serializer is None:
        return {}
    field = _field_at(serializer, [] if name == "non_field" else name.split("."))
    if field is None:
        return {}
    out = {}
    for attribute in attributes:
        value = getattr(field, attribute, None)
        if value is not None:
            out["max_decimal_places" if attribute == "decimal_places" else attribute] = _plain(
                value
            )
    return out


def flatten_details(detail: Any, serializer: Any = None) -> dict[str, list[dict[str, Any]]]:
    """DRF's error details as ``{"a.b": [{"code": …, "params": {…}}]}``, in ``flatten_errors``'
    shape and order."""
    out: dict[str, list[dict[str, Any]]] = {}

    def walk(item: Any, prefix: str) -> None:
        if isinstance(item, dict):
            for key, value in item.items():
                name = "non_field" if key in ("non_field_errors", "__all__") else str(key)
                walk(value, f"{prefix}.{name}" if prefix else name)
        elif isinstance(item, list):
            if all(not isinstance(x, dict | list) for x in item):
                for x in item:
                    walk(x, prefix)
            else:
                for i, x in enumerate(item):
                    walk(x, f"{prefix}.{i}" if prefix else str(i))
        else:
            name = prefix or "non_field"
            code = str(getattr(item, "code", None) or "invalid")
            params = _params_of(serializer, name, code, str(item))
            out.setdefault(name, []).append({"code": code, "params": params})

    walk(detail, "")
    return out


def django_details(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """A Django ``ValidationError``'s reasons (e.g. the password validators') as ``{code,
    params}``, in ``exc.messages``' order, keeping the parameters ``CODES`` lists."""
    from core.error_codes import parameters

    out = []
    for error in exc.error_list:
        code = error.code or "invalid"
        params = {k: _plain(v) for k, v in (error.params or {}).items() if k in parameters(code)}
        out.append({"code": code, "params": params})
    return out


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error details as ``{"a.b": ["reason"]}``; non-field errors under ``non_field``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "non_field" if key in ("non_field_errors", "__all__") else str(key)
            for k, v in flatten_errors(value, f"{prefix}.{name}" if prefix else name).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out.setdefault(prefix or "non_field", []).extend(str(item) for item in detail)
        else:
            for i, item in enumerate(detail):
                for k, v in flatten_errors(item, f"{prefix}.{i}" if prefix else str(i)).items():
                    out.setdefault(k, []).extend(v)
    else:
        out.setdefault(prefix or "non_field", []).append(str(detail))
    return out


def _body(
    status_code: int,
    code: str,
    message: str,
    errors: dict | None = None,
    *,
    params: dict | None = None,
    details: dict | None = None,
) -> dict:
    errors = errors or {}
    if details is None:  # each reason said by the answer's own code
        details = {name: [{"code": code, "params": {}} for _ in v] for name, v in errors.items()}
    return {
        "status": status_code,
        "code": code,
        "message": message,
        "params": params or {},
        "errors": errors,
        "details": details,
    }


def error_response(
    status_code: int,
    code: str,
    message: str,
    errors: dict | None = None,
    *,
    params: dict | None = None,
) -> JsonResponse:
    """The same body outside DRF views: for middleware answering before a view runs."""
    return JsonResponse(
        _body(status_code, code, message, errors, params=params),
        status=status_code,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},  # as DRF renders
    )


SERVER_ERROR_MESSAGE = "The server failed to answer this request; it has been logged."

# The database cannot be reached: what the client is told, and when to try again (seconds).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
UNAVAILABLE_MESSAGE = "The service is unavailable: try again in a moment."
RETRY_AFTER_SECONDS = 5
_WARN_EVERY_SECONDS = 10.0
_last_warning = 0.0


def _unavailable_logged(exc: BaseException) -> None:
    """One warning every few seconds while the database is out of reach, not one per request."""
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= _WARN_EVERY_SECONDS:
        _last_warning = now
        log.error("Database unavailable, answering 503: %s: %s", type(exc).__name__, exc)


def unavailable_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """503 when the database is out of reach: the API's error format under /api/, plain text
    elsewhere; ``Retry-After`` either way."""
    _unavailable_logged(exc)
    if request.path.startswith("/api/"):
        response: HttpResponse = error_response(503, "service_unavailable", UNAVAILABLE_MESSAGE)
    else:
        response = HttpResponse(
            UNAVAILABLE_MESSAGE, status=503, content_type="text/plain; charset=utf-8"
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A view outside DRF (the admin, the front end's pages) that finds the database out of
    reach answers 503, not 500 (DRF views: ``exception_handler``; middleware: ``server_error``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return unavailable_response(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500`` (config/urls.py): an unexpected exception, once Django has logged it.

    Under /api/ the answer keeps the API's error format; elsewhere (admin, pages) Django's
    plain page. With DEBUG on, Django shows its debug page instead and never calls this.
    Django calls it while handling the exception: one that says the database is out of reach
    (raised by a middleware, e.g. saving a session) is a 503 instead.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_UNAVAILABLE):
        return unavailable_response(request, exc)
    if request.path.startswith("/api/"):
        return error_response(500, "server_error", SERVER_ERROR_MESSAGE)
    return defaults.server_error(request)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: a path no URL matches (e.g. /api/v2/…), in the API's format under /api/."""
    if request.path.startswith("/api/"):
        return error_response(404, "not_found", "No API endpoint at this URL.")
    return defaults.page_not_found(request, exception)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    try:
        return _handle(exc, context)
    finally:
        _FIELD_PARAMS.set(None)  # this request's refusals are said


def _handle(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, ApplicationError):
        body = _body(
            exc.status_code,
            exc.code,
            exc.message,
            exc.errors,
            params=exc.params,
            details=exc.details(),
        )
        return Response(body, status=exc.status_code)
    if isinstance(exc, DATABASE_UNAVAILABLE):
        set_rollback()
        _unavailable_logged(exc)
        return Response(
            _body(503, "service_unavailable", UNAVAILABLE_MESSAGE),
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, RequestDataTooBig):
        message = "The request body is too large."
        return Response(_body(413, "request_too_large", message), status=413)
    if isinstance(exc, SuspiciousOperation):  # e.g. too many form fields
        return Response(_body(400, "bad_request", f"The request was refused: {exc}"), status=400)
    if isinstance(exc, DjangoValidationError):
        errors = (
            flatten_errors(exc.message_dict)
            if hasattr(exc, "error_dict")
            else {"non_field": [str(m) for m in exc.messages]}
        )
        exc = exceptions.ValidationError(errors)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    params: dict[str, Any] = {}
    details = None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        details = flatten_details(exc.detail, getattr(exc.detail, "serializer", None))
        fields = ", ".join(sorted(errors))
        message = f"Invalid input: {fields}." if fields else "Invalid input."
        if list(errors) == ["non_field"] and len(errors["non_field"]) == 1:
            message = errors["non_field"][0]
        code = "invalid"
    else:
        errors = {}
        detail = exc.detail
        message = str(detail if not isinstance(detail, dict | list) else exc.default_detail)
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
        if wait is not None:
            params["wait"] = int(wait)  # as DRF's Retry-After header
    response.data = _body(
        response.status_code, str(code), message, errors, params=params, details=details
    )
    return response

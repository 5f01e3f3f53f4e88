"""How requests are authenticated: API tokens for scripts, the session cookie for the browser.

Token authentication comes first in ``DEFAULT_AUTHENTICATION_CLASSES``: DRF answers a request
without (or with wrong) credentials with the first class's ``WWW-Authenticate`` challenge, and
only a 401 may carry one (the session has no challenge, which made DRF answer 403).

CSRF: the session is a cookie the browser sends on its own, so every unsafe request made with it
must carry the CSRF token (the ``X-CSRFToken`` header, from ``GET auth/csrf/`` or the
``csrftoken`` cookie). DRF checks it only for requests already signed in; the session endpoints
(login, register, logout) check it for everyone, or a cross-site form could sign a visitor in.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authentication import CSRFCheck
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from core.copying import row_columns, row_instance


class CsrfFailed(exceptions.PermissionDenied):
    """403 ``csrf_failed`` (a DRF exception: this module is loaded with DRF's settings, before
    core.errors can be)."""

    default_detail = "CSRF check failed."
    default_code = "csrf_failed"


def csrf_check(request: Request) -> None:
    """Raise CsrfFailed unless the request passes Django's CSRF check (token and origin)."""

    def no_response(_request: Any) -> None:
        return None

    check = CSRFCheck(no_response)  # type: ignore[arg-type]
    check.process_request(request)  # type: ignore[arg-type]  # reads the CSRF cookie
    reason = check.process_view(request, None, (), {})  # type: ignore[arg-type]
    if reason:
        raise CsrfFailed(f"CSRF check failed: {reason}")


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, the same answers, reading the token and its account in one
    statement written once instead of a query the ORM builds at every request: every request
    of a script or a load of voters runs it (docs/scaling.md, "Vote day")."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        model = self.get_model()
        user_model = get_user_model()
        tokens = model._meta.db_table
        users = user_model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {row_columns(user_model, 'u')}, t.created "  # noqa: S608 (a model's)
                f"FROM {tokens} t JOIN {users} u ON u.id = t.user_id WHERE t.key = %s",
                [key],
            )
            found = cursor.fetchone()
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = row_instance(user_model, found[:-1])
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        created = found[-1]
        token = model(key=key, user=user, created=created)
        token._state.adding = False
        return user, token


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, refusing a missing CSRF token in the API's error format
    (``csrf_failed``)."""

    def enforce_csrf(self, request: Request) -> None:
        csrf_check(request)


class CsrfProtectedView:
    """Mixed into the views that open or close a session: unsafe requests must pass the CSRF
    check even when nobody is signed in yet (checked before permissions and throttles)."""

    def check_permissions(self, request: Request) -> None:
        if request.method not in SAFE_METHODS:
            csrf_check(request)
        super().check_permissions(request)  # type: ignore[misc]

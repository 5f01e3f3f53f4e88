"""OpenAPI: the session scheme of accounts.authentication.SessionAuthentication (drf-spectacular
knows DRF's own class only)."""

from drf_spectacular.authentication import SessionScheme


class CsrfCheckedSessionScheme(SessionScheme):
    target_class = "accounts.authentication.SessionAuthentication"

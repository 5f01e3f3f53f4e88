"""Throttles: how often the operations open to abuse may be attempted.

Counters live in the Django cache (Redis), so every API process shares them. Rates come from
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (environment variables, listed in the README),
read when the request arrives. A refusal is a 429 in the API's error format (code
``throttled``) with a ``Retry-After`` header.

Throttling slows abuse down; it is not a security boundary: limits that matter (proposals per
day, one ballot per voter) are enforced by the services and the database.

When Redis cannot be reached, nothing that needs no limit stops (ballots, proposals, reads):
each throttle says what it does (``when_redis_down``, README "Limits"), and an alarm is logged
(an error line per scope and minute; Redis being down also fails the full health check):
- ``"open"``: the request is let through uncounted, where the limit that matters is kept by
  the database anyway (proposals a day, one report per person and proposal) or the action
  cannot do harm without Redis (a verification mail cannot be queued then);
- ``"local"``: counted in this process's memory instead, so the limit still bounds guessing
  (passwords, receipt codes), account creation and address searches: looser by the number of
  API processes, never removed, and never closed (voters must still be able to sign in).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from typing import Any, Literal

import redis
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

log = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# The counters of the "local" throttles while Redis is out of reach (this process only).
local_counters = LocMemCache("belvedere-throttles", {"OPTIONS": {"MAX_ENTRIES": 20_000}})
_WARN_EVERY_SECONDS = 60.0
_last_warning: dict[str, float] = {}


def _redis_down_alarm(scope: str, behaviour: str, exc: Exception) -> None:
    now = time.monotonic()
    if now - _last_warning.get(scope, -_WARN_EVERY_SECONDS) >= _WARN_EVERY_SECONDS:
        _last_warning[scope] = now
        what = "let through uncounted" if behaviour == "open" else "counted in process memory"
        log.error("Redis unreachable: throttle %r %s (%s)", scope, what, exc)


class ScopedThrottle(SimpleRateThrottle):
    """A named limit (``scope``) on the write requests of a view, counted per ``identity``."""

    scope: str
    # Only these methods are counted: the views also answer reads, which stay free.
    methods: frozenset[str] = WRITE_METHODS
    # What happens while Redis cannot be reached (module docstring); each throttle decides.
    when_redis_down: Literal["open", "local"] = "local"

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES or {}
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No throttle rate for the scope {self.scope!r}.")
        rate = rates[self.scope]
        return None if rate is None else str(rate)  # None: no limit

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method not in self.methods:
            return True
        try:
            return super().allow_request(request, view)
        except redis.RedisError as exc:
            _redis_down_alarm(self.scope, self.when_redis_down, exc)
            if self.when_redis_down == "open":
                return True
            self.cache = local_counters
            return super().allow_request(request, view)

    def identity(self, request: Request) -> str | None:
        """Who is counted: by default the client's IP address (``NUM_PROXIES`` says how many
        proxies to trust for ``X-Forwarded-For``; 0: the connection's address, the header is
        ignored)."""
        return f"ip-{self.get_ident(request)}"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        ident = self.identity(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ByUser(ScopedThrottle):
    """Counted per signed-in user (per IP address for anonymous requests)."""

    def identity(self, request: Request) -> str | None:
        user = request.user
        if user is not None and user.is_authenticated:
            return f"user-{user.pk}"
        return f"ip-{self.get_ident(request)}"


class ByEmailTried(ScopedThrottle):
    """Counted per email address in the request body, whoever sends it and from wherever: the
    guesses against one account are limited even when spread over many addresses. Hashed, so the
    cache holds no email address."""

    def email_tried(self, request: Request) -> object:
        data = request.data
        return data.get("email") if hasattr(data, "get") else None

    def identity(self, request: Request) -> str | None:
        email = self.email_tried(request)
        if not isinstance(email, str) or not email.strip():
            return None  # no email, nothing to guess: the per-address limit still applies
        digest = hashlib.sha256(email.strip().lower()[:320].encode()).hexdigest()[:32]
        return f"email-{digest}"


# Signing in (session login and API tokens share the counters: alternating does not help).
# Redis down: local. Password guessing stays bounded; refusing every sign-in instead would keep
# voters from voting.
class SignInAddressThrottle(ScopedThrottle):
    scope = "sign_in_ip"


class SignInEmailThrottle(ByEmailTried):
    scope = "sign_in_email"


class AdminSignInEmailThrottle(SignInEmailThrottle):
    """The Django admin's login form names the email field ``username``: the same counter."""

    def email_tried(self, request: Request) -> object:
        return request._request.POST.get("username")  # the form as Django parsed it


def sign_in_wait(request: HttpRequest) -> int | None:
    """For a sign-in outside DRF (the Django admin's login form): count it on the API's sign-in
    counters (per client address and per email address tried, shared with ``auth/login/`` and
    ``auth/token/``) and return the seconds to wait when a limit is reached, else None."""
    drf_request = Request(request)
    waits = []
    for throttle in (SignInAddressThrottle(), AdminSignInEmailThrottle()):
        if not throttle.allow_request(drf_request, None):
            waits.append(math.ceil(throttle.wait() or 1))
    return max(waits) if waits else None


class RegisterThrottle(ScopedThrottle):
    """Redis down: local (accounts are not created in bulk)."""

    scope = "register"


class VerificationEmailThrottle(ByUser):
    """Redis down: open (the mail cannot be queued then anyway; the resend is idempotent)."""

    scope = "verification_email"
    when_redis_down = "open"


class ProposalCreateThrottle(ByUser):
    """Redis down: open (proposals must still be accepted; the service keeps the real limit,
    ``PROPOSALS_PER_USER_PER_DAY``, under a row lock)."""

    scope = "proposal_create"
    methods = frozenset({"POST"})
    when_redis_down = "open"


class ReportThrottle(ByUser):
    """Redis down: open (one report per person and proposal is a database constraint, and
    young accounts' reports do not hide anything)."""

    scope = "report"
    when_redis_down = "open"


class GeocodeThrottle(ScopedThrottle):
    """Address search, per client address, reads included. Redis down: local (each search
    costs the database a fuzzy match)."""

    scope = "geocode"
    methods = frozenset({"GET", "POST"})


class ReceiptCheckThrottle(ScopedThrottle):
    """Checking a receipt, per client address: reads count too (GET and POST are the same
    check), so codes cannot be tried in bulk. Redis down: local, for the same reason."""

    scope = "receipt_check"
    methods = frozenset({"GET", "POST"})


# Forgotten passwords. Redis down: local (a reset mails a stranger's inbox: never unbounded).
class PasswordResetThrottle(ScopedThrottle):
    """Asking for a reset link, per client address."""

    scope = "password_reset"


class PasswordResetEmailThrottle(ByEmailTried):
    """Asking for a reset link, per address asked for (nobody's inbox is flooded)."""

    scope = "password_reset_email"


class PasswordResetConfirmThrottle(ScopedThrottle):
    """Using a reset link, per client address (links cannot be guessed; tries are bounded)."""

    scope = "password_reset_confirm"
    methods = frozenset({"GET", "POST"})


class AccountChangeThrottle(ByUser):
    """Changing one's password or email address, deleting one's account: each asks for the
    current password, so guesses are bounded. Redis down: local."""

    scope = "account_change"


class DataExportThrottle(ByUser):
    """Downloading one's data (a read across every app). Redis down: open (a read of one's
    own rows)."""

    scope = "data_export"
    methods = frozenset({"GET"})
    when_redis_down = "open"


def throttle_history_clear() -> int:
    """Forget every throttle counter (between tests; an operator lifting a block). Returns how
    many counters were removed."""
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]  # RedisCache
    pattern = cache.make_key(SimpleRateThrottle.cache_format.split("%")[0] + "*")
    removed = 0
    for key in client.scan_iter(match=pattern, count=500):
        removed += client.delete(key)
    return removed

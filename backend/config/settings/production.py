"""Production, selected by ``DJANGO_ENV=production`` (README, "Production settings").

Development (``DJANGO_ENV`` unset or ``development``: the tests, ``make dev``) keeps base.py's
values. Production refuses to start with ``DEBUG`` on, without a real ``SECRET_KEY`` or with
``ALLOWED_HOSTS = *``, and turns on what ``manage.py check --deploy`` asks for: secure cookies,
HSTS, the redirect to HTTPS, the proxy's ``X-Forwarded-Proto`` trusted; static files are served
by WhiteNoise from ``collectstatic``'s compressed, hashed copies.

``LOCAL_HTTP=1`` (set by ``make run``) is production served over plain HTTP on loopback, with no
proxy in front: the cookies lose their ``Secure`` flag (a browser would not send them back over
HTTP), no HSTS, no redirect, no forwarded header trusted. Everything else stays as in production.

It reads base.py's values and replaces those it hardens; ``config.settings`` imports it after
base.py.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import ALLOWED_HOSTS as _ALLOWED_HOSTS
from .base import BALLOT_SEAL_KEY as _BALLOT_SEAL_KEY
from .base import DEBUG as _DEBUG
from .base import MIDDLEWARE as _MIDDLEWARE
from .base import PUBLIC_URL as _PUBLIC_URL
from .base import SECRET_KEY as _SECRET_KEY
from .env import env as _env

_ENVIRONMENTS = ("development", "production")
DJANGO_ENV = _env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in _ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"DJANGO_ENV={DJANGO_ENV!r}: expected one of {', '.join(_ENVIRONMENTS)}."
    )
PRODUCTION = DJANGO_ENV == "production"
LOCAL_HTTP = _env.bool("LOCAL_HTTP", default=False)
# The Django admin (/admin/): off in production unless ADMIN_ENABLED=1 says otherwise; its login
# shares the API's sign-in limits either way (config/urls.py).
ADMIN_ENABLED = _env.bool("ADMIN_ENABLED", default=not PRODUCTION)

# Known placeholders a deployment could copy without changing (documentation, examples).
_PLACEHOLDER_SECRETS = {"change-me", "changeme", "secret", "insecure", "dev", "development"}


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` cannot sign production sessions and tokens, or None when it can.

    The same bar as Django's deployment check (security.W009): at least 50 characters, at least
    5 different ones, not one of Django's generated development keys; and no known placeholder.
    """
    if not key.strip():
        return "it is empty"
    if key.strip().lower() in _PLACEHOLDER_SECRETS:
        return "it is a placeholder"
    if key.startswith("django-insecure-"):
        return "it is a development key (django-insecure-…)"
    if len(key) < 50:
        return f"it has {len(key)} characters, fewer than 50"
    if len(set(key)) < 5:
        return "it has fewer than 5 different characters"
    return None


def seal_key_problem(key: str, secret_key: str) -> str | None:
    """Why ``key`` cannot be the ballot key, or None when it can: a key of its own (not
    SECRET_KEY, nor a hash or piece of it: whoever reads the one must not hold the other)."""
    import base64
    import hashlib
    import hmac

    key = key.strip()
    if not key:
        return "it is not set"
    if len(key) < 32 or len(set(key)) < 5:
        return "it is shorter than 32 characters, or has fewer than 5 different ones"
    secret = secret_key.strip()
    if secret and (key in secret or secret in key):
        return "it is SECRET_KEY, or a piece of it"
    derived = set()
    for name in ("md5", "sha1", "sha256", "sha512", "blake2b"):
        digest = hashlib.new(name, secret.encode()).digest()
        derived |= {
            digest.hex(),
            base64.b64encode(digest).decode(),
            base64.urlsafe_b64encode(digest).decode().rstrip("="),
        }
        for salt in ("belvedere.voting.ballot-seal", "django.utils.crypto.salted_hmac"):
            mac = hmac.new(hashlib.new(name, (salt + secret).encode()).digest(), b"", name)
            derived.add(mac.hexdigest())
    if key in derived or key.lower() in derived:
        return "it is derived from SECRET_KEY"
    return None


if PRODUCTION:
    if _DEBUG:
        raise ImproperlyConfigured(
            "DEBUG is on with DJANGO_ENV=production: debug pages show settings and data. "
            "Set DEBUG=false (the generated .env turns it on for development)."
        )
    _problem = secret_key_problem(_SECRET_KEY)
    if _problem:
        raise ImproperlyConfigured(
            f"SECRET_KEY is refused in production: {_problem}. Set a long random one in the "
            "environment, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if "*" in _ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts in production, not *.")
    _problem = seal_key_problem(_BALLOT_SEAL_KEY, _SECRET_KEY)
    if _problem:
        raise ImproperlyConfigured(
            f"BALLOT_SEAL_KEY is refused in production: {_problem}. Set a long random key of its "
            "own in the environment (docs/adr/0007-ballot-secrecy.md), kept out of the database "
            "and its backups, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'."
        )

    # Browsers send unsafe requests with an Origin header; the public address is always trusted.
    CSRF_TRUSTED_ORIGINS = _env.list("CSRF_TRUSTED_ORIGINS", default=[_PUBLIC_URL])
    SESSION_COOKIE_SECURE = _env.bool("SESSION_COOKIE_SECURE", default=not LOCAL_HTTP)
    CSRF_COOKIE_SECURE = _env.bool("CSRF_COOKIE_SECURE", default=not LOCAL_HTTP)
    SECURE_SSL_REDIRECT = _env.bool("SECURE_SSL_REDIRECT", default=not LOCAL_HTTP)
    # Probes (Kubernetes, the load balancer) and the Prometheus scraper ask over plain HTTP
    # inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/$", r"^api/v1/metrics/$"]
    SECURE_HSTS_SECONDS = 0 if LOCAL_HTTP else _env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = _env.bool("SECURE_HSTS_PRELOAD", default=True)
    if not LOCAL_HTTP:
        # Only behind a proxy that sets this header itself (nginx: proxy_set_header
        # X-Forwarded-Proto $scheme), never one that passes the client's through.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    # WhiteNoise answers /static/ from STATIC_ROOT before sessions, CSRF and the views run,
    # after the security headers' middleware (so static answers carry them too).
    _after = (
        _MIDDLEWARE.index("core.security.SecurityHeadersMiddleware") + 1
        if "core.security.SecurityHeadersMiddleware" in _MIDDLEWARE
        else 1
    )
    MIDDLEWARE = [*_MIDDLEWARE[:_after], "whitenoise.middleware.WhiteNoiseMiddleware"]
    MIDDLEWARE += _MIDDLEWARE[_after:]
    # collectstatic writes hashed names (cached for a year) and gzip copies beside them.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

"""Production settings (DJANGO_ENV=production, config/settings/production.py) and the API's 500.

The settings are read once per process: each case starts Python with its own environment."""

import hashlib
import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import get_resolver

from core.errors import page_not_found, server_error

BACKEND = Path(__file__).resolve().parents[2]
SHOW = (
    "from config import settings as s; import json; print(json.dumps({k: getattr(s, k, None) "
    "for k in ['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'MIDDLEWARE', 'STORAGES', "
    "'CSRF_TRUSTED_ORIGINS']}))"
)

# Variables that would relax production if the test run's environment happened to set them.
RELAXING = (
    "LOCAL_HTTP",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    # Set by the browser tests' conftest for Playwright's thread; never in a deployment.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _production(**overrides: str) -> dict[str, str]:
    environment = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BALLOT_SEAL_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "belvedere.example.org",
        "PUBLIC_URL": "https://belvedere.example.org",
    }
    for name in RELAXING:  # this run's own, if any: each case starts from the defaults
        environment.pop(name, None)
    environment.update(overrides)
    return environment


def _python(code: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BACKEND,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(environment: dict[str, str]) -> dict:
    result = _python(SHOW, environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


_SECRET = "a-fixed-secret-key-for-these-tests-" + "0123456789abcdefghijklmnop"


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is refused in production: it is empty"),
        ({"SECRET_KEY": "change-me"}, "it is a placeholder"),
        ({"SECRET_KEY": "x" * 20 + "abcdefgh"}, "it has 28 characters, fewer than 50"),
        ({"SECRET_KEY": "django-insecure-" + "k" * 60}, "development key"),
        ({"SECRET_KEY": "ab" * 40}, "fewer than 5 different characters"),
        ({"DEBUG": "true"}, "DEBUG is on with DJANGO_ENV=production"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name the site's hosts"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV='staging': expected one of"),
        ({"BALLOT_SEAL_KEY": ""}, "BALLOT_SEAL_KEY is refused in production: it is not set"),
        ({"BALLOT_SEAL_KEY": "k3y-" * 4}, "shorter than 32 characters"),
        ({"SECRET_KEY": _SECRET, "BALLOT_SEAL_KEY": _SECRET}, "it is SECRET_KEY, or a piece"),
        ({"SECRET_KEY": _SECRET, "BALLOT_SEAL_KEY": _SECRET[5:45]}, "it is SECRET_KEY, or a piece"),
        (
            {
                "SECRET_KEY": _SECRET,
                "BALLOT_SEAL_KEY": hashlib.sha256(_SECRET.encode()).hexdigest(),
            },
            "it is derived from SECRET_KEY",
        ),
    ],
)
def test_production_refuses_to_start_misconfigured(overrides, reason):
    result = _python("import config.settings", _production(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert reason in result.stderr


def test_development_accepts_what_production_refuses():
    result = _python(
        "import config.settings",
        _production(DJANGO_ENV="development", DEBUG="true", SECRET_KEY="short"),
    )
    assert result.returncode == 0, result.stderr


def test_the_deployment_check_passes_with_the_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BACKEND,
        env=_production(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_is_hardened_and_serves_static_files_with_whitenoise():
    values = _settings(_production())
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://belvedere.example.org"]
    middleware = values["MIDDLEWARE"]
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert middleware.index("core.security.SecurityHeadersMiddleware") == whitenoise - 1
    assert whitenoise < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_local_http_relaxes_only_what_plain_http_on_loopback_needs():
    values = _settings(_production(LOCAL_HTTP="1"))
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in values["MIDDLEWARE"]


def test_the_project_answers_404_and_500_with_the_api_error_handlers():
    assert get_resolver("config.urls").resolve_error_handler(404) is page_not_found
    assert get_resolver("config.urls").resolve_error_handler(500) is server_error


def test_an_unknown_api_version_is_a_json_404_in_the_error_format(client):
    response = client.get("/api/v2/proposals/")
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "message": "No API endpoint at this URL.",
        "params": {},
        "errors": {},
        "details": {},
    }


@pytest.fixture
def failing(settings):
    settings.ROOT_URLCONF = "core.tests.urls_server_error"
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_an_api_crash_is_a_json_500_in_the_error_format(failing, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = failing.get("/api/v1/failing/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": 500,
        "code": "server_error",
        "message": "The server failed to answer this request; it has been logged.",
        "params": {},
        "errors": {},
        "details": {},
    }
    assert b"hunter2" not in response.content
    assert any("hunter2" in str(record.exc_info) for record in caplog.records)  # logged


def test_a_page_crash_outside_the_api_is_django_plain_500_page(failing):
    response = failing.get("/failing/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"hunter2" not in response.content
    assert b"Server Error (500)" in response.content

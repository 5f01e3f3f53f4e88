"""The Django admin's login form behind the API's sign-in limits (the same Redis counters), and
the admin off in production unless ``ADMIN_ENABLED`` turns it on."""

import importlib

import pytest
from django.conf import settings
from django.test import Client
from django.urls import clear_url_caches
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory

ADMIN_LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery"  # the factories' password


def limit(scope: str) -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope].split("/")[0])


def admin_sign_in(client: Client, email: str, password: str, ip: str):
    return client.post(
        ADMIN_LOGIN,
        {"username": email, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def staff(db):
    return UserFactory(role="administrator", is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_the_right_password_after_ten_wrong_ones_is_refused_within_the_hour(staff):
    client = Client()
    assert limit("sign_in_email") == 10
    for i in range(limit("sign_in_email")):  # spread over addresses: counted per email tried
        response = admin_sign_in(client, staff.email, f"guess-{i}", f"203.0.113.{i + 1}")
        assert response.status_code == 200  # the form again, with its error
        assert "_auth_user_id" not in client.session
    refused = admin_sign_in(client, staff.email.upper(), PASSWORD, "203.0.113.99")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still signed out


@pytest.mark.django_db
def test_the_admin_and_the_api_share_the_counters(staff):
    api = APIClient()
    for i in range(limit("sign_in_email") - 1):
        api.post("/api/v1/auth/login/", {"email": staff.email, "password": f"guess-{i}"})
    client = Client()
    assert admin_sign_in(client, staff.email, "one-more-guess", "198.51.100.60").status_code == 200
    assert admin_sign_in(client, staff.email, PASSWORD, "198.51.100.61").status_code == 429
    token = api.post("/api/v1/auth/token/", {"email": staff.email, "password": PASSWORD})
    assert token.status_code == 429


@pytest.mark.django_db
def test_per_client_address_too(db):
    client = Client()
    for i in range(limit("sign_in_ip")):
        response = admin_sign_in(client, f"nobody{i}@example.org", "whatever", "198.51.100.70")
        assert response.status_code == 200
    assert admin_sign_in(client, "new@example.org", "x", "198.51.100.70").status_code == 429


@pytest.mark.django_db
def test_a_good_sign_in_still_works_and_reading_the_form_is_free(staff):
    client = Client()
    for _ in range(30):
        assert client.get(ADMIN_LOGIN).status_code == 200
    response = admin_sign_in(client, staff.email, PASSWORD, "198.51.100.80")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.fixture
def urls_with(settings):
    """Rebuild config.urls under the given ADMIN_ENABLED, and restore it afterwards."""
    import config.urls

    def build(enabled: bool):
        settings.ADMIN_ENABLED = enabled
        importlib.reload(config.urls)
        clear_url_caches()

    yield build
    settings.ADMIN_ENABLED = True
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_off_unless_enabled(urls_with, staff):
    from config.settings.production import ADMIN_ENABLED  # development: on

    assert ADMIN_ENABLED is True
    urls_with(False)
    client = Client()
    assert client.get(ADMIN_LOGIN).status_code == 404
    refused = admin_sign_in(client, staff.email, PASSWORD, "198.51.100.90")
    assert refused.status_code in (404, 405)  # the front end's view: no admin there
    assert client.get("/admin/").status_code == 404
    urls_with(True)
    assert client.get(ADMIN_LOGIN).status_code == 200


ADMIN_ROUTES = (
    "import django, json; django.setup(); from django.conf import settings; "
    "from django.urls import Resolver404, resolve\n"
    "def routed(path):\n"
    "    try:\n"
    "        return resolve(path).url_name\n"
    "    except Resolver404:\n"
    "        return None\n"
    "print(json.dumps([settings.ADMIN_ENABLED, routed('/admin/login/'), routed('/admin/')]))"
)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, [False, "frontend", "frontend"]),  # the front end's view, which answers 404 there
        ({"ADMIN_ENABLED": "true"}, [True, "admin-login", "index"]),
    ],
)
def test_production_has_no_admin_unless_enabled(overrides, expected):
    import json

    from core.tests.test_production import _production, _python

    result = _python(ADMIN_ROUTES, _production(**overrides))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected

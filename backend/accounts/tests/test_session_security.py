"""CSRF on the session endpoints (even before anyone is signed in) and 401 with a challenge for
missing or wrong credentials."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User

LOGIN = "/api/v1/auth/login/"
REGISTER = "/api/v1/auth/register/"
LOGOUT = "/api/v1/auth/logout/"
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def browser() -> APIClient:
    """A client that, like a browser, gets no CSRF exemption."""
    return APIClient(enforce_csrf_checks=True)


def csrf_token(client: APIClient) -> str:
    return client.get("/api/v1/auth/csrf/").json()["csrf_token"]


def assert_csrf_failed(response) -> None:
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["code"] == "csrf_failed" and body["message"].startswith("CSRF check failed")
    assert set(body) == {"status", "code", "message", "params", "errors", "details"}
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
class TestCsrfOnSessionEndpoints:
    def test_a_cross_site_form_cannot_sign_a_visitor_in(self, browser, resident):
        form = {"email": resident.email, "password": PASSWORD}
        response = browser.post(
            LOGIN,
            form,
            format="multipart",
            HTTP_ORIGIN="https://evil.example",
            HTTP_REFERER="https://evil.example/page",
        )
        assert_csrf_failed(response)
        # Even with a CSRF cookie of its own, a form without the matching token is refused.
        csrf_token(browser)
        assert_csrf_failed(browser.post(LOGIN, form, format="multipart"))
        assert browser.get(ME).status_code == 401

    def test_the_front_ends_json_login_with_the_header_works(self, browser, resident):
        token = csrf_token(browser)
        response = browser.post(
            LOGIN,
            {"email": resident.email, "password": PASSWORD},
            format="json",
            HTTP_X_CSRFTOKEN=token,
        )
        assert response.status_code == 200, response.content
        assert "sessionid" in response.cookies
        assert browser.get(ME).json()["email"] == resident.email

    def test_register_needs_the_token(self, browser):
        body = {"email": "lea@example.org", "password": "un-mot-de-passe-solide"}
        assert_csrf_failed(browser.post(REGISTER, body, format="json"))
        assert not User.objects.filter(email="lea@example.org").exists()
        response = browser.post(REGISTER, body, format="json", HTTP_X_CSRFTOKEN=csrf_token(browser))
        assert response.status_code == 202, response.content
        assert User.objects.filter(email="lea@example.org").exists()

    def test_logout_needs_the_token_even_when_signed_in(self, browser, resident):
        browser.post(
            LOGIN,
            {"email": resident.email, "password": PASSWORD},
            HTTP_X_CSRFTOKEN=csrf_token(browser),
        )
        assert_csrf_failed(browser.post(LOGOUT))
        assert browser.get(ME).status_code == 200
        # login() rotated the token: the browser reads the new one from the cookie.
        new_token = browser.cookies["csrftoken"].value
        assert browser.post(LOGOUT, HTTP_X_CSRFTOKEN=new_token).status_code == 204
        assert browser.get(ME).status_code == 401

    def test_session_writes_elsewhere_say_csrf_failed_too(self, browser, resident):
        browser.post(
            LOGIN,
            {"email": resident.email, "password": PASSWORD},
            HTTP_X_CSRFTOKEN=csrf_token(browser),
        )
        response = browser.post("/api/v1/proposals/", {"title": "x"}, format="json")
        assert response.status_code == 403 and response.json()["code"] == "csrf_failed"

    def test_scripts_get_a_token_without_csrf_or_session(self, browser, resident):
        response = browser.post(TOKEN, {"email": resident.email, "password": PASSWORD})
        assert response.status_code == 200, response.content
        assert "sessionid" not in response.cookies
        key = response.json()["token"]
        assert Token.objects.get(user=resident).key == key
        script = APIClient(enforce_csrf_checks=True)
        script.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert script.get(ME).json()["email"] == resident.email
        # A token-authenticated write needs no CSRF token (it is not a cookie).
        assert script.post("/api/v1/proposals/", {"title": "x"}).status_code == 400


@pytest.mark.django_db
class TestUnauthenticated:
    def test_missing_credentials_are_a_401_with_a_challenge(self, api):
        for response in (
            api.get(ME),
            api.post("/api/v1/proposals/", {"title": "x"}, format="json"),
            api.get("/api/v1/audit/"),
        ):
            assert response.status_code == 401, response.content
            assert response["WWW-Authenticate"] == "Token"
            assert response.json()["code"] == "not_authenticated"

    def test_a_wrong_token_is_a_401(self, api):
        api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        response = api.get(ME)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["code"] == "authentication_failed"

    def test_signed_in_but_not_allowed_stays_a_403(self, resident_api):
        response = resident_api.get("/api/v1/audit/")
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
        assert "WWW-Authenticate" not in response

    def test_the_schema_documents_the_401(self):
        from drf_spectacular.generators import SchemaGenerator

        schema = SchemaGenerator().get_schema(request=None, public=True)
        me = schema["paths"]["/api/v1/me/"]["get"]
        assert "401" in me["responses"]
        assert {"tokenAuth": []} in me["security"]

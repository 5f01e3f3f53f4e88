import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User


@pytest.mark.django_db
class TestAccounts:
    def test_register_answers_check_your_mail_without_signing_in(self, api):
        response = api.post(
            "/api/v1/auth/register/",
            {
                "email": "Lea@Example.org",
                "password": "un-mot-de-passe-solide",
                "display_name": "<b>Léa</b>",
            },
            format="json",
        )
        assert response.status_code == 202, response.content
        assert response.json()["email"] == "lea@example.org"
        assert User.objects.get(email="lea@example.org").display_name == "Léa"
        assert api.get("/api/v1/me/").status_code in (401, 403)

    def test_registering_a_taken_address_reveals_nothing(self, api, resident):
        response = api.post(
            "/api/v1/auth/register/",
            {"email": resident.email.upper(), "password": "un-mot-de-passe-solide"},
            format="json",
        )
        assert response.status_code == 202  # as for a new address (test_registration_privacy)
        assert User.objects.filter(email__iexact=resident.email).count() == 1

    def test_weak_password_is_refused_with_reasons(self, api):
        response = api.post(
            "/api/v1/auth/register/",
            {"email": "a@example.org", "password": "12345678"},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["errors"]["password"]
        assert not User.objects.filter(email="a@example.org").exists()

    def test_session_login_enforces_csrf(self, resident):
        client = APIClient(enforce_csrf_checks=True)
        csrf = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
        response = client.post(
            "/api/v1/auth/login/",
            {"email": resident.email, "password": "correct-horse-battery"},
            format="json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        assert response.status_code == 200, response.content
        # A state-changing request without the CSRF header is refused.
        refused = client.post("/api/v1/auth/logout/")
        assert refused.status_code == 403
        assert refused.json()["code"] == "csrf_failed"
        csrf = client.cookies["csrftoken"].value
        assert client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=csrf).status_code == 204
        assert client.get("/api/v1/me/").status_code == 401

    def test_wrong_password(self, api, resident):
        response = api.post(
            "/api/v1/auth/login/", {"email": resident.email, "password": "wrong"}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_credentials"

    def test_token_from_the_api_and_from_manage_py(self, api, resident):
        token = api.post(
            "/api/v1/auth/token/",
            {"email": resident.email, "password": "correct-horse-battery"},
            format="json",
        ).json()["token"]
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/me/").json()["email"] == resident.email
        call_command("drf_create_token", resident.email)
        assert Token.objects.get(user=resident).key == token

    def test_me_anonymous(self, api):
        response = api.get("/api/v1/me/")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["code"] == "not_authenticated"

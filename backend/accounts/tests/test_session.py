"""``auth/session/``: who is signed in, answered without an error to anonymous visitors."""

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory

SESSION = "/api/v1/auth/session/"


@pytest.mark.django_db
class TestSession:
    def test_anonymous_visitors_get_null_and_a_csrf_cookie(self):
        client = APIClient(enforce_csrf_checks=True)
        response = client.get(SESSION)
        assert response.status_code == 200, response.content
        assert response.json() == {"user": None}
        assert client.cookies["csrftoken"].value
        # `me/` still answers 401 to them: the session endpoint is the one that does not.
        assert client.get("/api/v1/me/").status_code == 401

    def test_follows_sign_in_and_sign_out(self, resident):
        client = APIClient(enforce_csrf_checks=True)
        client.get(SESSION)
        csrf = client.cookies["csrftoken"].value
        login = client.post(
            "/api/v1/auth/login/",
            {"email": resident.email, "password": "correct-horse-battery"},
            format="json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        assert login.status_code == 200, login.content
        user = client.get(SESSION).json()["user"]
        assert user == client.get("/api/v1/me/").json()
        assert user["email"] == resident.email and user["role"] == "resident"
        csrf = client.cookies["csrftoken"].value
        assert client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=csrf).status_code == 204
        assert client.get(SESSION).json() == {"user": None}

    def test_an_official_sees_their_role_and_areas(self):
        official = UserFactory(role="official", areas=["paris-19", "paris-05"])
        client = APIClient()
        client.force_authenticate(official)
        user = client.get(SESSION).json()["user"]
        assert user["role"] == "official"
        assert user["areas"] == ["paris-05", "paris-19"]

    def test_an_unverified_resident_is_told_so(self, unverified_api):
        user = unverified_api.get(SESSION).json()["user"]
        assert user["email_verified"] is False

    def test_writing_is_not_allowed(self, resident_api):
        assert resident_api.post(SESSION, {}).status_code == 405

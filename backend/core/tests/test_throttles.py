"""Throttles against the real Redis (the cache of the settings): sign-in per email address tried
and per client address, registration, verification mails, proposals and reports."""

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from core.throttles import throttle_history_clear

LOGIN = "/api/v1/auth/login/"
TOKEN = "/api/v1/auth/token/"
REGISTER = "/api/v1/auth/register/"
RESEND = "/api/v1/auth/verify-email/resend/"
PROPOSALS = "/api/v1/proposals/"
PASSWORD = "correct-horse-battery"  # the factories' password


def limit(scope: str) -> int:
    """How many requests the configured rate of ``scope`` allows in its window."""
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope].split("/")[0])


def assert_throttled(response) -> None:
    assert response.status_code == 429, response.content
    body = response.json()
    assert set(body) == {"status", "code", "message", "params", "errors", "details"}
    assert body["status"] == 429 and body["code"] == "throttled" and body["message"]
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 24 * 3600
    # The wait as a parameter too, for a client to word it (never read from the message).
    assert body["params"] == {"wait": retry_after}


def redis_keys(pattern: str) -> list[bytes]:
    client = cache._cache.get_client()
    return client.keys(cache.make_key(pattern))


def test_the_city_defaults():
    """The limits the README states (a deployment may change them through the environment)."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates["sign_in_email"] == "10/hour"
    assert rates["sign_in_ip"] == "60/hour"
    assert rates["register"] == "20/hour"
    assert rates["verification_email"] == "5/hour"
    assert rates["proposal_create"] == "30/hour"
    assert rates["report"] == "30/hour"
    assert rates["receipt_check"] == "60/hour"
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0


@pytest.mark.django_db
class TestSignIn:
    def test_forty_wrong_passwords_then_the_right_one_is_refused(self, resident):
        client = APIClient()
        # Spread over 40 client addresses: the count is per email address tried.
        for i in range(40):
            response = client.post(
                LOGIN,
                {"email": resident.email, "password": f"guess-{i}"},
                REMOTE_ADDR=f"203.0.113.{i + 1}",
            )
            if i < limit("sign_in_email"):
                assert response.status_code == 400
                assert response.json()["code"] == "invalid_credentials"
            else:
                assert_throttled(response)
        right = {"email": resident.email.upper(), "password": PASSWORD}
        response = client.post(LOGIN, right, REMOTE_ADDR="203.0.113.200")
        assert_throttled(response)
        assert "sessionid" not in response.cookies
        # The token endpoint shares the counter: alternating does not buy more guesses.
        assert_throttled(client.post(TOKEN, right, REMOTE_ADDR="203.0.113.201"))
        # Another account is not affected, and the counter lives in Redis (hashed address).
        other = UserFactory()
        ok = client.post(
            LOGIN, {"email": other.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.202"
        )
        assert ok.status_code == 200, ok.content
        keys = redis_keys("throttle_sign_in_email_*")
        assert len(keys) == 2
        assert not any(resident.email.encode() in key for key in keys)

    def test_many_addresses_from_one_client_are_refused_whatever_x_forwarded_for_says(self, db):
        client = APIClient()
        for i in range(limit("sign_in_ip")):
            response = client.post(
                TOKEN,
                {"email": f"nobody{i}@example.org", "password": "whatever"},
                REMOTE_ADDR="198.51.100.7",
                HTTP_X_FORWARDED_FOR=f"10.0.0.{i}",
            )
            assert response.status_code == 400, response.content
        refused = client.post(
            LOGIN,
            {"email": "someone-new@example.org", "password": "whatever"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR="10.9.9.9",
        )
        assert_throttled(refused)
        elsewhere = client.post(
            LOGIN,
            {"email": "someone-new@example.org", "password": "whatever"},
            REMOTE_ADDR="198.51.100.8",
        )
        assert elsewhere.status_code == 400
        assert redis_keys("throttle_sign_in_ip_ip-198.51.100.7")

    def test_clearing_the_counters_lifts_the_block(self, resident):
        client = APIClient()
        wrong = {"email": resident.email, "password": "wrong"}
        for _ in range(limit("sign_in_email")):
            client.post(LOGIN, wrong)
        assert_throttled(client.post(LOGIN, {**wrong, "password": PASSWORD}))
        assert throttle_history_clear() >= 2  # per address and per email
        assert client.post(LOGIN, {**wrong, "password": PASSWORD}).status_code == 200


@pytest.mark.django_db
class TestRegistration:
    def test_registrations_per_client_address(self):
        client = APIClient()
        for i in range(limit("register")):
            weak = {"email": f"throwaway{i}@example.org", "password": "12345678"}
            assert client.post(REGISTER, weak).status_code == 400
        good = {"email": "late@example.org", "password": "un-mot-de-passe-solide"}
        assert_throttled(client.post(REGISTER, good))
        assert not User.objects.filter(email="late@example.org").exists()
        other = APIClient(REMOTE_ADDR="192.0.2.50")
        assert other.post(REGISTER, good).status_code == 202

    def test_verification_mails_per_user(self, db):
        user = UserFactory(email_verified_at=None)
        client = APIClient()
        client.force_authenticate(user)
        for _ in range(limit("verification_email")):
            assert client.post(RESEND).status_code == 202
        assert_throttled(client.post(RESEND))
        someone_else = APIClient()
        someone_else.force_authenticate(UserFactory(email_verified_at=None))
        assert someone_else.post(RESEND).status_code == 202


@pytest.mark.django_db
class TestDeposits:
    def test_proposal_creation_per_user_and_reading_stays_free(self, resident_api, resident):
        for _ in range(limit("proposal_create")):
            response = resident_api.post(PROPOSALS, {"title": "x"})  # refused, but counted
            assert response.status_code == 400
        assert_throttled(resident_api.post(PROPOSALS, {"title": "x"}))
        assert resident_api.get(PROPOSALS).status_code == 200
        assert redis_keys(f"throttle_proposal_create_user-{resident.pk}")
        other = APIClient()
        other.force_authenticate(UserFactory())
        assert other.post(PROPOSALS, {"title": "x"}).status_code == 400

    def test_reports_per_user(self, resident_api):
        for i in range(limit("report")):
            response = resident_api.post(f"/api/v1/proposals/{10**9 + i}/report/", {})
            assert response.status_code == 404
        assert_throttled(resident_api.post(f"/api/v1/proposals/{10**9}/report/", {}))


@pytest.mark.django_db
class TestReceiptCheck:
    CHECK = "/api/v1/receipts/check/"

    def test_per_client_address_reads_included(self):
        """GET and POST are the same check and share one counter per client address; another
        address is not affected."""
        assert limit("receipt_check") == 60
        client = APIClient()
        here = {"REMOTE_ADDR": "198.51.100.31"}
        for i in range(limit("receipt_check")):
            code = f"7KQ3-M9TX-2B4H-{i:04d}"
            response = (
                client.get(self.CHECK, {"receipt": code}, **here)
                if i % 2
                else client.post(self.CHECK, {"receipt": code}, format="json", **here)
            )
            assert response.status_code == 404, (i, response.content)
        assert_throttled(client.post(self.CHECK, {"receipt": "7KQ3-M9TX-2B4H-0PZD"}, **here))
        assert_throttled(client.get(self.CHECK, {"receipt": "7KQ3-M9TX-2B4H-0PZD"}, **here))
        assert redis_keys("throttle_receipt_check_ip-198.51.100.31")
        elsewhere = client.post(
            self.CHECK, {"receipt": "7KQ3-M9TX-2B4H-0PZD"}, REMOTE_ADDR="198.51.100.32"
        )
        assert elsewhere.status_code == 404

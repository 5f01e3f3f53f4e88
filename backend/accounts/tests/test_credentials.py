"""Forgotten password (a mailed link: signed, once, for an hour, throttled, the same answer for
every address), changing the password (other sessions and tokens end, the current one goes on)
and changing the email address (confirmed by the new address, the old one told)."""

import re
from datetime import timedelta
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail, signing
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import credentials
from accounts.models import User
from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from core.testing.api import assert_error

RESET = "/api/v1/auth/password-reset/"
RESET_CONFIRM = "/api/v1/auth/password-reset/confirm/"
CHANGE_PASSWORD = "/api/v1/me/password/"
CHANGE_EMAIL = "/api/v1/me/email/"
EMAIL_CONFIRM = "/api/v1/auth/email-change/confirm/"
LOGIN = "/api/v1/auth/login/"
ME = "/api/v1/me/"
PASSWORD = "correct-horse-battery"
NEW = "un-nouveau-mot-de-passe-solide"
RESET_LINK = re.compile(r"https?://\S+/reinitialiser-mot-de-passe\?token=\S+")
CHANGE_LINK = re.compile(r"https?://\S+/confirmer-adresse\?token=\S+")


def token_in(message, pattern=RESET_LINK) -> str:
    links = pattern.findall(message.body)
    assert links and len(set(links)) == 1, message.body  # the same link in French and English
    return parse_qs(urlsplit(links[0]).query)["token"][0]


def signed_in(user, password=PASSWORD) -> APIClient:
    """A browser-like client signed in with a real session (login view)."""
    client = APIClient()
    response = client.post(LOGIN, {"email": user.email, "password": password})
    assert response.status_code == 200, response.content
    return client


def with_token(user) -> tuple[APIClient, str]:
    key = Token.objects.get_or_create(user=user)[0].key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client, key


def ask_reset(client, email, callbacks):
    with callbacks(execute=True):
        return client.post(RESET, {"email": email}, format="json")


@pytest.mark.django_db
class TestForgottenPassword:
    def test_ask_read_the_link_reset_sign_in(
        self, eager_celery, django_capture_on_commit_callbacks, resident
    ):
        old_session = signed_in(resident)
        token_client, _ = with_token(resident)
        response = ask_reset(
            APIClient(), resident.email.upper(), django_capture_on_commit_callbacks
        )
        assert response.status_code == 202, response.content
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [resident.email]
        assert "Reset your password" in mail.outbox[0].subject
        assert "60 minutes" in mail.outbox[0].body
        token = token_in(mail.outbox[0])

        assert APIClient().get(RESET_CONFIRM, {"token": token}).status_code == 204
        with django_capture_on_commit_callbacks(execute=True):
            done = APIClient().post(RESET_CONFIRM, {"token": token, "password": NEW})
        assert done.status_code == 204, done.content
        assert "Your password was changed" in mail.outbox[-1].subject

        # The old password no longer works, the new one does; whoever was signed in is not.
        assert_error(
            APIClient().post(LOGIN, {"email": resident.email, "password": PASSWORD}),
            400,
            "invalid_credentials",
        )
        signed_in(resident, NEW)
        assert old_session.get(ME).status_code in (401, 403)
        assert token_client.get(ME).status_code == 401
        assert not Token.objects.filter(user=resident).exists()
        assert AuditRecord.objects.filter(action="user.password_reset", actor=resident).exists()

    def test_an_unknown_address_is_answered_identically_and_mailed_nothing(
        self, eager_celery, django_capture_on_commit_callbacks, resident
    ):
        known = ask_reset(APIClient(), resident.email, django_capture_on_commit_callbacks)
        unknown = ask_reset(APIClient(), "nobody@example.org", django_capture_on_commit_callbacks)
        assert known.status_code == unknown.status_code == 202
        assert known.json() == unknown.json()
        assert known.headers.get("Content-Length") == unknown.headers.get("Content-Length")
        assert [m.to for m in mail.outbox] == [[resident.email]]

    def test_a_disabled_or_deleted_account_gets_no_link(
        self, eager_celery, django_capture_on_commit_callbacks
    ):
        disabled = UserFactory(is_active=False)
        deleted = UserFactory(deleted_at="2026-01-01T00:00:00Z")
        for user in (disabled, deleted):
            response = ask_reset(APIClient(), user.email, django_capture_on_commit_callbacks)
            assert response.status_code == 202
        assert mail.outbox == []

    def test_a_link_works_once(self, api, resident):
        token = credentials.password_reset_token(user=resident)
        assert api.post(RESET_CONFIRM, {"token": token, "password": NEW}).status_code == 204
        body = assert_error(
            api.post(RESET_CONFIRM, {"token": token, "password": "encore-un-autre-secret"}),
            400,
            "invalid_token",
            field="token",
        )
        assert "already used" in body["message"]
        assert_error(api.get(RESET_CONFIRM, {"token": token}), 400, "invalid_token", "token")
        assert User.objects.get(pk=resident.pk).check_password(NEW)

    def test_a_link_is_void_once_the_person_signed_in(self, api, resident):
        token = credentials.password_reset_token(user=resident)
        signed_in(resident)  # remembered the password after all
        assert_error(
            api.post(RESET_CONFIRM, {"token": token, "password": NEW}), 400, "invalid_token"
        )

    def test_an_expired_link_is_refused(self, api, resident, settings):
        token = credentials.password_reset_token(user=resident)
        later = signing.time.time() + settings.PASSWORD_RESET_MAX_AGE + 5
        with mock.patch("django.core.signing.time.time", return_value=later):
            body = assert_error(
                api.post(RESET_CONFIRM, {"token": token, "password": NEW}),
                400,
                "token_expired",
                field="token",
            )
        assert "expired" in body["message"]
        assert User.objects.get(pk=resident.pk).check_password(PASSWORD)

    def test_the_link_is_valid_for_an_hour(self, settings):
        assert settings.PASSWORD_RESET_MAX_AGE == 3600

    def test_a_link_for_another_user_or_tampered_is_refused(self, api, resident):
        other = UserFactory()
        mine = signing.loads(
            credentials.password_reset_token(user=resident), salt="accounts.password-reset"
        )
        # Another account's id with my stamp, signed with the right key: the stamp does not match.
        forged = signing.dumps(
            {"user": other.pk, "stamp": mine["stamp"]}, salt="accounts.password-reset"
        )
        assert_error(
            api.post(RESET_CONFIRM, {"token": forged, "password": NEW}),
            400,
            "invalid_token",
            "token",
        )
        # Signed for another purpose (the email verification link).
        from accounts.services import email_verification_token

        verification = email_verification_token(user=resident)
        assert_error(
            api.post(RESET_CONFIRM, {"token": verification, "password": NEW}), 400, "invalid_token"
        )
        token = credentials.password_reset_token(user=resident)
        assert_error(
            api.post(RESET_CONFIRM, {"token": token[:-2] + "xx", "password": NEW}),
            400,
            "invalid_token",
        )
        assert User.objects.get(pk=other.pk).check_password(PASSWORD)
        assert User.objects.get(pk=resident.pk).check_password(PASSWORD)

    def test_bad_input_names_the_field(self, api, resident):
        assert_error(api.post(RESET, {"email": "not an address"}), 400, "invalid", field="email")
        assert_error(api.post(RESET, {}), 400, "invalid", field="email")
        token = credentials.password_reset_token(user=resident)
        assert_error(api.post(RESET_CONFIRM, {"token": token}), 400, "invalid", field="password")
        assert_error(
            api.post(RESET_CONFIRM, {"token": token, "password": "12345678"}),
            400,
            "weak_password",
            field="password",
        )
        assert_error(api.post(RESET_CONFIRM, {"password": NEW}), 400, "invalid", field="token")
        assert_error(api.get(RESET_CONFIRM), 400, "invalid", field="token")

    def test_a_pending_registration_becomes_an_account(self, api):
        pending = UserFactory(is_active=False, email_verified_at=None)
        token = credentials.password_reset_token(user=pending)
        assert api.post(RESET_CONFIRM, {"token": token, "password": NEW}).status_code == 204
        pending.refresh_from_db()
        assert pending.is_active and pending.email_verified_at is not None

    def test_asking_is_throttled_per_address_asked_and_per_client(
        self, settings, eager_celery, django_capture_on_commit_callbacks, resident
    ):
        limit = int(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["password_reset_email"].split("/")[0]
        )
        for i in range(limit):
            client = APIClient(REMOTE_ADDR=f"10.0.0.{i + 1}")  # spread over addresses
            assert (
                ask_reset(client, resident.email, django_capture_on_commit_callbacks).status_code
                == 202
            )
        refused = APIClient(REMOTE_ADDR="10.0.1.1").post(RESET, {"email": resident.email})
        assert_error(refused, 429, "throttled")
        assert refused["Retry-After"]
        assert len(mail.outbox) == limit  # nobody's inbox is flooded
        per_client = int(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["password_reset"].split("/")[0]
        )
        client = APIClient(REMOTE_ADDR="10.0.2.1")
        for i in range(per_client):
            assert client.post(RESET, {"email": f"someone{i}@example.org"}).status_code == 202
        assert_error(client.post(RESET, {"email": "one-more@example.org"}), 429, "throttled")

    def test_using_links_is_throttled_per_client(self, settings, api, resident):
        limit = int(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["password_reset_confirm"].split("/")[
                0
            ]
        )
        for _ in range(limit):
            assert api.post(RESET_CONFIRM, {"token": "guess", "password": NEW}).status_code == 400
        assert_error(api.post(RESET_CONFIRM, {"token": "guess", "password": NEW}), 429, "throttled")

    def test_the_browser_needs_a_csrf_token(self, resident):
        browser = APIClient(enforce_csrf_checks=True)
        assert_error(browser.post(RESET, {"email": resident.email}), 403, "csrf_failed")


@pytest.mark.django_db
class TestChangingThePassword:
    def test_other_sessions_and_tokens_end_the_current_session_goes_on(
        self, eager_celery, django_capture_on_commit_callbacks, resident
    ):
        here, elsewhere = signed_in(resident), signed_in(resident)
        token_client, _ = with_token(resident)
        with django_capture_on_commit_callbacks(execute=True):
            response = here.post(
                CHANGE_PASSWORD, {"current_password": PASSWORD, "new_password": NEW}
            )
        assert response.status_code == 204, response.content
        assert here.get(ME).status_code == 200
        assert elsewhere.get(ME).status_code in (401, 403)
        assert token_client.get(ME).status_code == 401
        assert User.objects.get(pk=resident.pk).check_password(NEW)
        assert mail.outbox[-1].to == [resident.email]
        assert "Your password was changed" in mail.outbox[-1].subject
        assert AuditRecord.objects.filter(action="user.password_change").count() == 1

    def test_from_a_token_the_token_goes_on_and_sessions_end(self, resident):
        browser = signed_in(resident)
        client, key = with_token(resident)
        response = client.post(CHANGE_PASSWORD, {"current_password": PASSWORD, "new_password": NEW})
        assert response.status_code == 204, response.content
        assert client.get(ME).status_code == 200
        assert Token.objects.filter(user=resident).get().key == key
        assert browser.get(ME).status_code in (401, 403)

    def test_a_wrong_current_password_or_a_weak_one_is_refused(self, resident):
        client = signed_in(resident)
        assert_error(
            client.post(
                CHANGE_PASSWORD, {"current_password": "not-it-at-all", "new_password": NEW}
            ),
            400,
            "wrong_password",
            field="current_password",
        )
        assert_error(
            client.post(
                CHANGE_PASSWORD, {"current_password": PASSWORD, "new_password": "password"}
            ),
            400,
            "weak_password",
            field="new_password",
        )
        assert_error(client.post(CHANGE_PASSWORD, {}), 400, "invalid", field="current_password")
        assert User.objects.get(pk=resident.pk).check_password(PASSWORD)

    def test_anonymous_visitors_are_refused(self, api):
        response = api.post(CHANGE_PASSWORD, {"current_password": PASSWORD, "new_password": NEW})
        assert_error(response, 401, "not_authenticated")

    def test_guessing_the_current_password_is_throttled(self, settings, resident):
        client = signed_in(resident)
        limit = int(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["account_change"].split("/")[0]
        )
        for _ in range(limit):
            client.post(CHANGE_PASSWORD, {"current_password": "a-guess-123", "new_password": NEW})
        assert_error(
            client.post(CHANGE_PASSWORD, {"current_password": PASSWORD, "new_password": NEW}),
            429,
            "throttled",
        )


@pytest.mark.django_db
class TestChangingTheEmail:
    def ask(self, client, callbacks, new_email, password=PASSWORD):
        with callbacks(execute=True):
            return client.post(CHANGE_EMAIL, {"new_email": new_email, "password": password})

    def test_the_new_address_confirms_the_old_one_is_told(
        self, eager_celery, django_capture_on_commit_callbacks, resident
    ):
        old = resident.email
        client = signed_in(resident)
        response = self.ask(client, django_capture_on_commit_callbacks, "Lea.Nouvelle@Example.org")
        assert response.status_code == 202, response.content
        assert response.json()["new_email"] == "lea.nouvelle@example.org"
        assert [m.to for m in mail.outbox] == [["lea.nouvelle@example.org"]]
        assert User.objects.get(pk=resident.pk).email == old  # nothing changes before the link
        token = token_in(mail.outbox[0], CHANGE_LINK)

        with django_capture_on_commit_callbacks(execute=True):
            confirmed = APIClient().post(EMAIL_CONFIRM, {"token": token})
        assert confirmed.status_code == 200, confirmed.content
        assert confirmed.json()["email"] == "lea.nouvelle@example.org"
        assert mail.outbox[-1].to == [old]
        assert "lea.nouvelle@example.org" in mail.outbox[-1].body
        assert client.get(ME).json()["email"] == "lea.nouvelle@example.org"  # still signed in
        user = User.objects.get(pk=resident.pk)
        assert user.email == "lea.nouvelle@example.org" and user.email_verified_at is not None
        signed_in(user)
        assert AuditRecord.objects.filter(action="user.email_change", actor=user).exists()
        # Once.
        assert_error(
            APIClient().post(EMAIL_CONFIRM, {"token": token}), 400, "invalid_token", "token"
        )

    def test_an_address_in_use_is_answered_the_same_and_its_owner_told(
        self, eager_celery, django_capture_on_commit_callbacks, resident
    ):
        other = UserFactory()
        client = signed_in(resident)
        taken = self.ask(client, django_capture_on_commit_callbacks, other.email)
        free = self.ask(client, django_capture_on_commit_callbacks, "free@example.org")
        assert taken.status_code == free.status_code == 202
        assert set(taken.json()) == set(free.json())
        assert mail.outbox[0].to == [other.email]
        assert "nothing changed" in mail.outbox[0].body
        assert not CHANGE_LINK.search(mail.outbox[0].body)
        assert User.objects.get(pk=other.pk).email == other.email

    def test_taken_between_the_request_and_the_link(self, resident):
        token = credentials.email_change_token(user=resident, new_email="late@example.org")
        UserFactory(email="late@example.org")
        assert_error(APIClient().post(EMAIL_CONFIRM, {"token": token}), 409, "email_taken")
        assert User.objects.get(pk=resident.pk).email == resident.email

    def test_bad_input_wrong_password_same_address(self, resident):
        client = signed_in(resident)
        assert_error(
            client.post(CHANGE_EMAIL, {"new_email": "x@example.org", "password": "nope-nope"}),
            400,
            "wrong_password",
            field="password",
        )
        assert_error(
            client.post(CHANGE_EMAIL, {"new_email": "nope", "password": PASSWORD}),
            400,
            "invalid",
            field="new_email",
        )
        assert_error(
            client.post(CHANGE_EMAIL, {"new_email": resident.email.upper(), "password": PASSWORD}),
            400,
            "same_email",
            field="new_email",
        )
        assert_error(APIClient().post(EMAIL_CONFIRM, {}), 400, "invalid", field="token")

    def test_an_expired_or_foreign_link_is_refused(self, resident, settings):
        token = credentials.email_change_token(user=resident, new_email="new@example.org")
        later = signing.time.time() + settings.EMAIL_CHANGE_MAX_AGE + 5
        with mock.patch("django.core.signing.time.time", return_value=later):
            assert_error(APIClient().post(EMAIL_CONFIRM, {"token": token}), 400, "token_expired")
        other = UserFactory()
        forged = signing.dumps(
            {"user": other.pk, "old": resident.email, "new": "new@example.org"},
            salt="accounts.email-change",
        )
        assert_error(APIClient().post(EMAIL_CONFIRM, {"token": forged}), 400, "invalid_token")
        reset = credentials.password_reset_token(user=resident)
        assert_error(APIClient().post(EMAIL_CONFIRM, {"token": reset}), 400, "invalid_token")
        assert User.objects.get(pk=other.pk).email == other.email

    def test_anonymous_visitors_are_refused(self, api):
        assert_error(
            api.post(CHANGE_EMAIL, {"new_email": "x@example.org", "password": PASSWORD}),
            401,
            "not_authenticated",
        )


def test_links_last_as_documented(settings):
    assert settings.EMAIL_CHANGE_MAX_AGE == 24 * 3600
    assert timedelta(seconds=settings.PASSWORD_RESET_MAX_AGE) == timedelta(hours=1)

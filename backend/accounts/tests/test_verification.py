"""Verifying the email address: the link mailed through Celery at registration, following it,
asking for it again."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail, signing
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import (
    VerificationLinkInvalid,
    email_verification_send,
    email_verification_token,
    user_verify_email,
)
from accounts.tasks import email_verification_send_task
from accounts.tests.factories import UserFactory
from audit.models import AuditRecord

REGISTER = "/api/v1/auth/register/"
VERIFY = "/api/v1/auth/verify-email/"
RESEND = "/api/v1/auth/verify-email/resend/"
ME = "/api/v1/me/"
LINK = re.compile(r"https?://\S+/verifier-email\?token=\S+")


@pytest.fixture
def eager_celery():
    """Queued tasks run in process, as the worker would run them."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def unverified(db):
    return UserFactory(email_verified_at=None)


def link_in(message) -> str:
    links = LINK.findall(message.body)
    assert links, message.body
    assert len(set(links)) == 1  # the same link in French and in English
    return links[0]


def token_of(link: str) -> str:
    """The token of the link, as the /verifier-email page reads it from its query string."""
    return parse_qs(urlsplit(link).query)["token"][0]


def assert_error(response, status, code, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code and set(body) == {
        "status",
        "code",
        "message",
        "params",
        "errors",
        "details",
    }
    if field:
        assert field in body["errors"], body


@pytest.mark.django_db
class TestRegistrationMailsALink:
    def test_register_follow_the_link_and_me_says_verified(
        self, eager_celery, django_capture_on_commit_callbacks, settings
    ):
        settings.PUBLIC_URL = "https://budget.example.org"
        settings.EMAIL_VERIFICATION_URL = "https://budget.example.org/verifier-email?token={token}"
        client = APIClient()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(
                REGISTER, {"email": "Lea@Example.org", "password": "un-mot-de-passe-solide"}
            )
        assert response.status_code == 202, response.content
        assert response.json()["email"] == "lea@example.org"
        assert len(callbacks) == 1 and len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["lea@example.org"]
        assert "Confirm your email address" in message.subject
        link = link_in(message)
        assert link.startswith("https://budget.example.org/verifier-email?token=")
        # Registering does not sign in, and the account cannot be signed in to before the
        # address is confirmed (the same answer as a wrong password: nothing is revealed).
        assert client.get(ME).status_code in (401, 403)
        sign_in = {"email": "lea@example.org", "password": "un-mot-de-passe-solide"}
        assert_error(client.post("/api/v1/auth/login/", sign_in), 400, "invalid_credentials")

        # The link works without a session (opened in another browser, a mail app…): its page
        # posts the token.
        followed = APIClient().post(VERIFY, {"token": token_of(link)}, format="json")
        assert followed.status_code == 200, followed.content
        assert followed.json()["email"] == "lea@example.org"
        assert followed.json()["email_verified"] is True
        user = User.objects.get(email="lea@example.org")
        assert user.email_verified_at is not None and user.is_active
        assert client.post("/api/v1/auth/login/", sign_in).status_code == 200
        assert client.get(ME).json()["email_verified"] is True

        record = AuditRecord.objects.get(action="user.verify_email")
        assert record.actor_id == user.pk and record.object_id == str(user.pk)
        assert record.before == {"email_verified_at": None}
        assert record.after == {"email_verified_at": user.email_verified_at.isoformat()}

        # Following it again changes nothing and records nothing.
        again = APIClient().get(VERIFY, {"token": token_of(link)})
        assert again.status_code == 200 and again.json()["email_verified"] is True
        assert User.objects.get(pk=user.pk).email_verified_at == user.email_verified_at
        assert AuditRecord.objects.filter(action="user.verify_email").count() == 1

    def test_the_link_opens_the_front_end_page_by_default(self):
        from django.conf import settings

        assert settings.EMAIL_VERIFICATION_URL == (
            settings.PUBLIC_URL + "/verifier-email?token={token}"
        )

    def test_the_development_worker_prints_the_link(self, unverified, settings, capsys):
        settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
        assert email_verification_send_task.apply(args=[unverified.pk]).get() is True
        printed = capsys.readouterr().out
        assert f"To: {unverified.email}" in printed
        assert LINK.search(printed)


@pytest.mark.django_db
class TestFollowingTheLink:
    def test_post_with_the_token(self, api, unverified):
        token = email_verification_token(user=unverified)
        response = api.post(VERIFY, {"token": token}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["email_verified"] is True
        assert User.objects.get(pk=unverified.pk).email_verified_at is not None

    def test_a_tampered_token_is_refused(self, api, unverified):
        token = email_verification_token(user=unverified)
        other = UserFactory(email_verified_at=None)
        # Another account's payload under this token's timestamp and signature.
        _, timestamp, signature = token.split(":")
        payload = json.dumps({"user": other.pk, "email": other.email}, separators=(",", ":"))
        forged = f"{signing.b64_encode(payload.encode()).decode()}:{timestamp}:{signature}"
        flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
        for bad in (flipped, forged, "garbage"):
            assert_error(api.post(VERIFY, {"token": bad}), 400, "invalid_token", "token")
        assert_error(api.get(VERIFY, {"token": "garbage"}), 400, "invalid_token", "token")
        assert User.objects.filter(email_verified_at__isnull=True).count() == 2

    def test_a_token_signed_for_something_else_is_refused(self, api, unverified):
        payload = {"user": unverified.pk, "email": unverified.email}
        token = signing.dumps(payload)  # the right payload, without the verification salt
        assert_error(api.post(VERIFY, {"token": token}), 400, "invalid_token", "token")
        assert User.objects.get(pk=unverified.pk).email_verified_at is None

    def test_an_expired_link(self, api, unverified, settings):
        token = email_verification_token(user=unverified)
        settings.EMAIL_VERIFICATION_MAX_AGE = -1
        assert_error(api.post(VERIFY, {"token": token}), 400, "token_expired", "token")
        assert User.objects.get(pk=unverified.pk).email_verified_at is None

    def test_a_link_for_a_previous_address(self, api, unverified):
        token = email_verification_token(user=unverified)
        unverified.email = "new-address@example.org"
        unverified.save(update_fields=["email"])
        assert_error(api.post(VERIFY, {"token": token}), 400, "invalid_token", "token")

    def test_the_link_states_what_it_refuses(self, api):
        from drf_spectacular.generators import SchemaGenerator

        paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
        (token,) = paths[VERIFY]["get"]["parameters"]
        assert token["required"] is True
        assert (token["schema"]["minLength"], token["schema"]["maxLength"]) == (1, 500)
        assert_error(api.get(VERIFY, {"token": ""}), 400, "invalid", "token")
        assert_error(api.get(VERIFY, {"token": "x" * 501}), 400, "invalid", "token")

    def test_unencodable_characters_are_an_invalid_token(self, api):
        with pytest.raises(VerificationLinkInvalid):
            user_verify_email(token="\ud800:a:b")
        response = api.post(VERIFY, '{"token": "\\ud800:a:b"}', content_type="application/json")
        assert response.status_code == 400

    def test_missing_or_oversized_token(self, api):
        assert_error(api.post(VERIFY, {}), 400, "invalid", "token")
        assert_error(api.get(VERIFY), 400, "invalid", "token")
        assert_error(api.post(VERIFY, {"token": "x" * 501}), 400, "invalid", "token")


@pytest.mark.django_db
class TestAskingAgain:
    def test_resend_mails_a_new_link(
        self, unverified, eager_celery, django_capture_on_commit_callbacks
    ):
        client = APIClient()
        client.force_authenticate(unverified)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(RESEND).status_code == 202
        assert [m.to for m in mail.outbox] == [[unverified.email]]
        token = token_of(link_in(mail.outbox[0]))
        assert APIClient().post(VERIFY, {"token": token}, format="json").status_code == 200

    def test_already_verified_and_anonymous(self, resident_api, api):
        assert_error(resident_api.post(RESEND), 409, "already_verified")
        assert_error(api.post(RESEND), 401, "not_authenticated")

    def test_no_mail_once_verified(self, resident):
        assert email_verification_send(user_id=resident.pk) is False
        assert email_verification_send(user_id=10**9) is False
        assert mail.outbox == []

"""Registration reveals nothing about which addresses have an account: a new address, an
account in use and a registration never confirmed get the same answer; only the address's owner
learns more, by mail (the verification link, or a notice that someone tried)."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory

REGISTER = "/api/v1/auth/register/"
LOGIN = "/api/v1/auth/login/"
PASSWORD = "correct-horse-battery"  # the factories' password
CHOSEN = "tuiles rouges sur le toit"


def register(email: str, password: str = CHOSEN) -> tuple:
    client = APIClient()
    response = client.post(REGISTER, {"email": email, "password": password}, format="json")
    return client, response


def shape(response) -> tuple:
    """What the caller can see: status, body, cookies set."""
    return response.status_code, response.json(), sorted(response.cookies)


@pytest.mark.django_db
def test_a_taken_address_gets_the_same_answer_and_its_owner_a_notice(
    eager_celery, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="owner@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _, new = register("new@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client, taken = register("Owner@Example.org")
    assert new.status_code == taken.status_code == 202
    assert shape(taken) == (
        202,
        {**new.json(), "email": "owner@example.org"},
        sorted(new.cookies),
    )
    assert "email_taken" not in taken.content.decode()
    assert client.get("/api/v1/me/").status_code in (401, 403)  # not signed in as the owner
    # The owner is told, in French and English; nothing about their account changed.
    first, notice = mail.outbox
    assert first.to == ["new@example.org"] and "verifier-email?token=" in first.body
    assert notice.to == ["owner@example.org"]
    assert "Someone tried to register" in notice.subject
    assert "essayé de créer un compte" in notice.body and "/connexion" in notice.body
    assert "token=" not in notice.body
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD) and owner.is_active
    assert User.objects.filter(email__iexact="owner@example.org").count() == 1


@pytest.mark.django_db
def test_signing_in_after_registering_tells_nothing_either(db):
    """Register an address with a password, then sign in with it: before the link is followed
    this fails for a new address exactly as for someone else's account."""
    UserFactory(email="owner@example.org")
    answers = []
    for email in ("new@example.org", "owner@example.org"):
        client, response = register(email, "un mot de passe choisi")
        assert response.status_code == 202
        login = client.post(LOGIN, {"email": email, "password": "un mot de passe choisi"})
        answers.append((login.status_code, login.json()["code"], login.json()["message"]))
    assert answers[0] == answers[1]
    assert answers[0][:2] == (400, "invalid_credentials")


@pytest.mark.django_db
def test_registering_again_before_confirming_mails_the_link_again(
    eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register("lea@example.org", "premier mot de passe")
    with django_capture_on_commit_callbacks(execute=True):
        _, again = register("lea@example.org", "second mot de passe")
    assert again.status_code == 202
    assert [m.to for m in mail.outbox] == [["lea@example.org"], ["lea@example.org"]]
    assert all("verifier-email?token=" in m.body for m in mail.outbox)
    pending = User.objects.get(email="lea@example.org")
    assert not pending.is_active and pending.email_verified_at is None
    assert pending.check_password("premier mot de passe")  # the first registration stands


@pytest.mark.django_db
def test_a_refused_password_is_said_whatever_the_address(db):
    UserFactory(email="owner@example.org")
    for email in ("new@example.org", "owner@example.org"):
        _, response = register(email, "12345678")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["password"]

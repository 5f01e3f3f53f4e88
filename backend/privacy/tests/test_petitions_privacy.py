"""Petitions and personal data: the download holds the person's petitions and signatures (with
the eligibility they declared) and nobody else's; deleting the account withdraws the signatures
of petitions still open, and on closed ones keeps them counted without a name, birth date or
network (the published count never moves); the retention sweep clears the declared birth dates
and network hashes some months after a petition is closed or answered."""

import json
from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from geo.models import Area
from petitions.models import Petition, Signature
from petitions.tests.factories import PetitionFactory, SignatureFactory
from privacy.services import add_months, retention_apply

DATA = "/api/v1/me/data/"
DELETE = "/api/v1/me/delete/"
LOGIN = "/api/v1/auth/login/"
PASSWORD = "correct-horse-battery"
S = Petition.Status


def signed_in(user) -> APIClient:
    client = APIClient()
    assert client.post(LOGIN, {"email": user.email, "password": PASSWORD}).status_code == 200
    return client


def sign(petition, user, *, status=Signature.Status.COUNTED, **kwargs):
    """A signature, the petition's count following a counted one (as the services keep it)."""
    values = {"held_reason": "new_account"} if status == Signature.Status.HELD else {}
    signature = SignatureFactory(petition=petition, user=user, status=status, **values, **kwargs)
    if status == Signature.Status.COUNTED:
        Petition.objects.filter(pk=petition.pk).update(signature_count=petition.signature_count + 1)
        petition.refresh_from_db()
    return signature


def ended(status=S.CLOSED, *, ago=timedelta(days=3), **kwargs):
    """A petition whose signing period ended ``ago`` (closed, or answered then)."""
    end = timezone.now() - ago
    values = {"closed_at": end} if status == S.CLOSED else {}
    if status == S.ANSWERED:
        values = {
            "answered_at": end,
            "answer_text": "Le conseil répond en séance publique.",
            "answer_due_at": end,
        }
    return PetitionFactory(
        status=status,
        published_at=end - timedelta(days=30),
        signing_ends_at=end,
        created_at=end - timedelta(days=31),
        **values,
        **kwargs,
    )


@pytest.fixture
def alice(db):
    return UserFactory(display_name="Alice", email="alice@example.org")


@pytest.fixture
def bruno(db):
    return UserFactory(display_name="Bruno", email="bruno@example.org")


@pytest.mark.django_db
def test_my_data_holds_my_petitions_and_signatures_and_nobody_else_s(alice, bruno):
    hers = PetitionFactory(author=alice, title="Des bancs place du Panthéon")
    his = PetitionFactory(author=bruno, title="Une piste cyclable rue Mouffetard")
    closed = ended(author=bruno, title="Un marché le dimanche")
    sign(his, alice, show_name=True, birth_date=date(1984, 2, 29))
    sign(closed, alice, status=Signature.Status.HELD, birth_date=date(1984, 2, 29))
    sign(hers, bruno, show_name=True, birth_date=date(1971, 11, 3), network="b" * 64)
    sign(his, bruno, birth_date=date(1971, 11, 3))

    response = signed_in(alice).get(DATA)
    assert response.status_code == 200, response.content
    data = response.json()

    [filed] = data["petitions"]
    assert filed["id"] == hers.pk and filed["title"] == "Des bancs place du Panthéon"
    assert filed["authority"] == "paris-05" and filed["status"] == "open"
    signatures = sorted(data["petition_signatures"], key=lambda s: s["petition"])
    assert [
        (s["petition"], s["petition_title"], s["status"], s["show_name"], s["area"])
        for s in signatures
    ] == [
        (his.pk, "Une piste cyclable rue Mouffetard", "counted", True, "paris-05"),
        (closed.pk, "Un marché le dimanche", "held", False, "paris-05"),
    ]
    assert {s["birth_date"] for s in signatures} == {"1984-02-29"}
    assert all(s["created_at"] for s in signatures)
    assert signatures[1]["held_reason"] == "new_account"

    text = json.dumps(data, ensure_ascii=False)
    for theirs in ("Bruno", "bruno@", "1971-11-03", "b" * 64):
        assert theirs not in text  # his signature of her petition is not hers to read
    assert "network" not in {k for s in signatures for k in s}


@pytest.mark.django_db
def test_deleting_my_account_withdraws_open_signatures_and_keeps_closed_counts(alice, bruno, api):
    open_ = PetitionFactory(threshold=3)
    sign(open_, bruno)
    sign(open_, alice, show_name=True, network="a" * 64)
    reached = PetitionFactory(
        status=S.THRESHOLD_REACHED, threshold=1, answer_due_at=timezone.now() + timedelta(days=9)
    )
    sign(reached, alice)
    closed = ended(threshold=3)
    sign(closed, bruno, show_name=True)
    sign(closed, alice, show_name=True, network="a" * 64, birth_date=date(1984, 2, 29))
    sign(
        closed,
        UserFactory(),
        area=Area.objects.get(code="paris-13"),
        birth_date=date(1990, 1, 1),
    )
    held_closed = ended(threshold=3)
    held = sign(held_closed, alice, status=Signature.Status.HELD)
    answered = ended(S.ANSWERED, threshold=1)
    sign(answered, alice, show_name=True, status=Signature.Status.REJECTED)
    mine = PetitionFactory(author=alice, title="La pétition d'Alice")

    def shown(petition):
        detail = api.get(f"/api/v1/petitions/{petition.pk}/").json()
        signers = api.get(f"/api/v1/petitions/{petition.pk}/signatures/").json()
        return (
            detail["signature_count"],
            detail["counts_by_area"],
            signers["total_counted"],
            sorted(s["name"] for s in signers["results"]),
        )

    closed_before = shown(closed)
    assert closed_before[0] == 3 and closed_before[3] == ["Alice", "Bruno"]
    assert shown(open_)[3] == ["Alice"]

    response = signed_in(alice).post(DELETE, {"password": PASSWORD, "confirm": True})
    assert response.status_code == 204, response.content

    # Open petitions: withdrawn, as she could have done; a threshold reached stays reached.
    assert shown(open_)[0] == 1 and shown(open_)[3] == []
    assert not Signature.objects.filter(petition=open_, user=alice).exists()
    reached.refresh_from_db()
    assert (reached.signature_count, reached.status) == (0, S.THRESHOLD_REACHED)
    assert not Signature.objects.filter(petition=reached, user=alice).exists()

    # Closed: the published count and counts by arrondissement never move; her name goes.
    count, by_area, total, names = shown(closed)
    assert (count, by_area, total) == closed_before[:3]
    assert names == ["Bruno"]
    kept = Signature.objects.get(petition=closed, user=alice)
    assert kept.status == Signature.Status.COUNTED and kept.area.code == "paris-05"
    assert (kept.show_name, kept.birth_date, kept.network) == (False, None, "")
    # Held, never counted and now never checkable: removed; no count changes.
    assert not Signature.objects.filter(pk=held.pk).exists()
    held_closed.refresh_from_db()
    assert held_closed.signature_count == 0
    # A rejected one stays rejected, without her declaration.
    rejected = Signature.objects.get(petition=answered, user=alice)
    assert (rejected.status, rejected.birth_date, rejected.show_name) == ("rejected", None, False)
    answered.refresh_from_db()
    assert answered.signature_count == 0

    # Her petition stays, by a former participant (no name).
    detail = api.get(f"/api/v1/petitions/{mine.pk}/").json()
    assert detail["title"] == "La pétition d'Alice" and detail["author_name"] is None
    # Said as on proposals: by a former participant, not by nobody.
    assert detail["author"] == {"display_name": "", "former_participant": True}
    Petition.objects.get(pk=mine.pk, author=alice)

    # Bruno's signatures are untouched.
    assert Signature.objects.filter(user=bruno, birth_date=date(1980, 5, 17)).count() == 2
    assert User.objects.get(pk=alice.pk).deleted_at is not None


@pytest.mark.django_db
def test_a_held_signature_always_keeps_its_birth_date(alice):
    signature = sign(ended(), alice, status=Signature.Status.HELD)
    signature.birth_date = None
    with pytest.raises(IntegrityError):
        signature.save()


@pytest.mark.django_db
class TestRetention:
    def test_declarations_are_cleared_months_after_the_close_or_answer(
        self, settings, alice, bruno
    ):
        settings.PERSONAL_DATA_RETENTION_MONTHS = 6
        now = timezone.now()
        seven_months = now - add_months(now, -7)
        old = ended(ago=seven_months)
        sign(old, alice, show_name=True, network="a" * 64)
        sign(old, bruno, status=Signature.Status.REJECTED)
        held = sign(old, UserFactory(), status=Signature.Status.HELD)
        answered = ended(S.ANSWERED, ago=seven_months)
        sign(answered, alice)
        recent = ended(ago=now - add_months(now, -5))
        sign(recent, alice, network="c" * 64)
        waiting = ended(S.AWAITING_ANSWER, ago=seven_months, answer_due_at=now)
        sign(waiting, alice)
        open_ = PetitionFactory()
        sign(open_, alice)
        counts = dict(Petition.objects.values_list("pk", "signature_count"))

        done = retention_apply(now=now)

        assert done == {
            f"petition:{old.pk}": {"held_removed": 1, "signatures_cleared": 2},
            f"petition:{answered.pk}": {"held_removed": 0, "signatures_cleared": 1},
        }
        cleared = Signature.objects.filter(petition__in=[old, answered])
        assert cleared.count() == 3 and not Signature.objects.filter(pk=held.pk).exists()
        assert set(cleared.values_list("birth_date", "network")) == {(None, "")}
        kept = Signature.objects.get(petition=old, user=alice)
        assert (kept.status, kept.show_name, kept.area.code) == ("counted", True, "paris-05")
        # Too recent, awaiting the answer, or open: kept as declared.
        for petition in (recent, waiting, open_):
            assert Signature.objects.get(petition=petition).birth_date == date(1980, 5, 17)
        assert Signature.objects.get(petition=recent).network == "c" * 64
        # No count moves; one audit record per petition; a second sweep does nothing.
        assert dict(Petition.objects.values_list("pk", "signature_count")) == counts
        records = AuditRecord.objects.filter(action="petition.retention_apply")
        assert sorted(int(r.object_id) for r in records) == sorted([old.pk, answered.pk])
        assert retention_apply(now=now) == {}

"""Simultaneous signatures against the real PostgreSQL, each thread on its own connection
(``core.testing.concurrency.race``): one person many times at once makes exactly one row, every
other attempt a clean ``already_signed``; many people at once are all counted; a signature at
the last instant and the beat closing the petition never disagree.

Everything the threads use (the petition as the API read it, the people, the area) is read in
the main thread before the race starts: a thread reading after another's commit would see it."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.testing.concurrency import race
from geo.models import Area
from petitions.errors import AlreadySigned, PetitionNotOpen
from petitions.models import Petition, Signature
from petitions.selectors import petition_detail_list
from petitions.services import petition_close, signature_add

from .factories import PetitionFactory, checked_declaration

THREADS = 8
pytestmark = pytest.mark.django_db(transaction=True)
FIGURES: dict[str, dict[str, int]] = {}


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """An earlier transactional test's flush removed the reference data: put it back."""
    from campaigns.services import themes_load

    if not Area.objects.filter(code="paris-05").exists():
        call_command("load_reference_data", verbosity=0)
        themes_load()


def _sign(seen: Petition, user, area: Area, now=None, ip: str = "192.0.2.1") -> Signature:
    return signature_add(
        petition=seen,
        user=user,
        show_name=False,
        resident=True,
        birth_date=date(1980, 5, 17),
        area=area,
        now=now or timezone.now(),
        client_address=ip,
    )


def test_one_person_many_simultaneous_signatures_make_one():
    petition = PetitionFactory(threshold=100)
    person = UserFactory()
    checked_declaration(person)
    area = Area.objects.get(code="paris-05")
    seen = [petition_detail_list(user=person).get(pk=petition.pk) for _ in range(THREADS)]
    assert all(s.signed_by_me is False for s in seen)

    made, failures = race(lambda i: _sign(seen[i], person, area), THREADS)

    rows = Signature.objects.filter(petition=petition, user=person).count()
    FIGURES["one_person"] = {
        "threads": THREADS,
        "made": len(made),
        "refused": len(failures),
        "rows": rows,
    }
    print("one person:", FIGURES["one_person"])
    assert len(made) == 1 and rows == 1
    assert len(failures) == THREADS - 1
    assert all(isinstance(f, AlreadySigned) for f in failures), failures
    assert all(f.status_code == 409 and f.code == "already_signed" for f in failures)
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_many_people_at_once_are_all_counted():
    petition = PetitionFactory(threshold=THREADS)
    people = [UserFactory() for _ in range(THREADS)]
    for person in people:
        checked_declaration(person)
    area = Area.objects.get(code="paris-05")
    seen = [petition_detail_list(user=people[i]).get(pk=petition.pk) for i in range(THREADS)]

    made, failures = race(lambda i: _sign(seen[i], people[i], area, ip=f"198.51.{i}.7"), THREADS)

    petition.refresh_from_db()
    rows = Signature.objects.filter(petition=petition, status="counted").count()
    FIGURES["many_people"] = {
        "threads": THREADS,
        "made": len(made),
        "refused": len(failures),
        "rows": rows,
    }
    print("many people:", FIGURES["many_people"])
    assert failures == [] and len(made) == THREADS
    assert petition.signature_count == THREADS == rows
    # The threshold reached by the last of them, exactly once.
    assert petition.status == Petition.Status.THRESHOLD_REACHED
    assert petition.threshold_reached_at is not None


def test_a_signature_at_the_last_instant_and_the_beat_agree():
    now = timezone.now()
    petition = PetitionFactory(threshold=1, signing_ends_at=now + timedelta(seconds=30))
    end = petition.signing_ends_at
    person = UserFactory()
    checked_declaration(person)
    area = Area.objects.get(code="paris-05")
    seen = petition_detail_list(user=person).get(pk=petition.pk)

    def act(i: int):
        if i == 0:
            return _sign(seen, person, area, now=end - timedelta(microseconds=1))
        return petition_close(petition_id=petition.pk, now=end)

    done, failures = race(act, 2)
    assert len(done) + len(failures) == 2

    petition.refresh_from_db()
    signed = Signature.objects.filter(petition=petition, status="counted").count()
    assert petition.signature_count == signed
    if signed:  # the signature came first: counted, and the beat saw it
        assert failures == []
        assert petition.status == Petition.Status.AWAITING_ANSWER
    else:  # the beat came first: the signature was refused cleanly
        assert len(failures) == 1 and isinstance(failures[0], PetitionNotOpen)
        assert petition.status == Petition.Status.CLOSED

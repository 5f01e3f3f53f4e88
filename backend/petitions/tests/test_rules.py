"""The petition rules: the pure pieces against worked examples, the status machine, thresholds
counting only counted signatures, and the beat closing on time (the odd schedules included)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from geo.models import Area
from notifications.models import Notification
from petitions import rules
from petitions.errors import AlreadySigned, NotSigned, PetitionNotOpen, UnderMinAge
from petitions.models import Petition, Signature
from petitions.selectors import petition_detail_list
from petitions.services import (
    petition_close,
    petitions_close_due,
    signature_add,
    signature_check,
    signature_withdraw,
)

from .factories import PetitionFactory, checked_declaration

S = Petition.Status


# --- pure rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2000, 5, 17), date(2016, 5, 16), 15),  # the day before the 16th birthday
        (date(2000, 5, 17), date(2016, 5, 17), 16),  # the birthday itself
        (date(2000, 2, 29), date(2016, 2, 28), 15),  # a leap-day birth: 1 March in other years
        (date(2000, 2, 29), date(2016, 3, 1), 16),
        (date(2000, 2, 29), date(2016, 2, 29), 16),
        (date(2000, 12, 31), date(2001, 1, 1), 0),
    ],
)
def test_age_on_worked_examples(born, day, age):
    assert rules.age_on(born, day) == age


def test_age_is_counted_on_the_paris_day():
    # 23:30 UTC on 16 May is already 17 May in Paris (UTC+2 in summer): the 16th birthday.
    late = datetime(2016, 5, 16, 23, 30, tzinfo=UTC)
    assert rules.paris_day(late) == date(2016, 5, 17)
    rules.check_eligible(resident=True, birth_date=date(2000, 5, 17), min_age=16, now=late)
    # At 21:30 UTC it is 23:30 on the 16th in Paris: not yet 16 years old.
    with pytest.raises(UnderMinAge):
        rules.check_eligible(
            resident=True, birth_date=date(2000, 5, 17), min_age=16, now=late - timedelta(hours=2)
        )


@pytest.mark.parametrize(
    ("status", "counted", "threshold", "expected"),
    [
        (S.OPEN, 2, 3, S.OPEN),
        (S.OPEN, 3, 3, S.THRESHOLD_REACHED),
        (S.OPEN, 4, 3, S.THRESHOLD_REACHED),
        (S.THRESHOLD_REACHED, 5, 3, S.THRESHOLD_REACHED),
        (S.CLOSED, 3, 3, S.AWAITING_ANSWER),  # a held signature counted after the period
        (S.CLOSED, 2, 3, S.CLOSED),
        (S.ANSWERED, 9, 3, S.ANSWERED),
        (S.PENDING, 9, 3, S.PENDING),
    ],
)
def test_status_after_count(status, counted, threshold, expected):
    assert rules.status_after_count(status, counted, threshold) == expected


@pytest.mark.parametrize(
    ("status", "counted", "expected"),
    [
        (S.OPEN, 2, S.CLOSED),
        (S.OPEN, 3, S.AWAITING_ANSWER),
        (S.THRESHOLD_REACHED, 1, S.AWAITING_ANSWER),  # withdrawn below: reached stays reached
        (S.ANSWERED, 0, S.ANSWERED),
        (S.AWAITING_ANSWER, 5, S.AWAITING_ANSWER),
        (S.INADMISSIBLE, 0, S.INADMISSIBLE),
    ],
)
def test_status_at_period_end(status, counted, expected):
    assert rules.status_at_period_end(status, counted, 3) == expected


def test_every_transition_leads_to_a_status_and_starts_from_known_ones():
    for action, (sources, target) in rules.TRANSITIONS.items():
        assert sources and sources <= set(S), action
        assert target is None or target in S, action
    # Nothing goes back to pending, and nothing leaves answered.
    assert all(t != S.PENDING for _, t in rules.TRANSITIONS.values())
    assert not [a for a, (src, t) in rules.TRANSITIONS.items() if S.ANSWERED in src and t]


def test_held_reason():
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    young = now - timedelta(hours=23, minutes=59)
    day_old = now - timedelta(hours=24)
    assert rules.held_reason(joined_at=young, verified_declaration=True, now=now) == "new_account"
    assert rules.held_reason(joined_at=day_old, verified_declaration=True, now=now) == ""
    assert (
        rules.held_reason(joined_at=day_old, verified_declaration=False, now=now)
        == "unverified_declaration"
    )


# --- with the database -------------------------------------------------------------------------


def _sign(petition, user, now, **kwargs):
    seen = petition_detail_list(user=user).get(pk=petition.pk)
    return signature_add(
        petition=seen,
        user=user,
        show_name=kwargs.get("show_name", False),
        resident=True,
        birth_date=date(1980, 5, 17),
        area=Area.objects.get(code=kwargs.get("code", "paris-05")),
        now=now,
        client_address=kwargs.get("ip", "192.0.2.10"),
    )


def _verified_user():
    user = UserFactory()
    checked_declaration(user)
    return user


@pytest.mark.django_db
def test_threshold_counts_only_counted_signatures(official):
    now = timezone.now()
    petition = PetitionFactory(threshold=3)
    held = [_sign(petition, UserFactory(), now) for _ in range(3)]  # no checked declaration
    assert {s.status for s in held} == {Signature.Status.HELD}
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == (S.OPEN, 0)
    for n, signature in enumerate(held, start=1):
        signature_check(signature=signature, actor=official, decision="count", now=now)
        petition.refresh_from_db()
        assert petition.signature_count == n
    assert petition.status == S.THRESHOLD_REACHED
    assert petition.answer_due_at == now + timedelta(days=petition.process.answer_days)
    # The officials of the authority are told, once; so are the followers (signers follow).
    told = Notification.objects.filter(petition=petition, event="petition_threshold")
    assert sorted(n.user_id for n in told) == sorted({official.pk, *(s.user_id for s in held)})
    assert (
        AuditRecord.objects.filter(action="petition.threshold", object_id=str(petition.pk)).count()
        == 1
    )


@pytest.mark.django_db
def test_a_rejected_signature_never_counts_and_cannot_be_made_again(official):
    now = timezone.now()
    petition = PetitionFactory()
    user = UserFactory()
    signature = _sign(petition, user, now)
    signature_check(signature=signature, actor=official, decision="reject", now=now)
    petition.refresh_from_db()
    assert petition.signature_count == 0
    with pytest.raises(AlreadySigned):
        _sign(petition, user, now)


@pytest.mark.django_db
def test_signing_at_the_last_second_then_the_beat_closes_on_time():
    start = timezone.now()
    petition = PetitionFactory(threshold=2, signing_ends_at=start + timedelta(seconds=10))
    end = petition.signing_ends_at
    _sign(petition, _verified_user(), end - timedelta(microseconds=1))  # the last instant
    # At the end itself (exclusive) it is refused, even before the beat has run.
    with pytest.raises(PetitionNotOpen):
        _sign(petition, _verified_user(), end)
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count) == (S.OPEN, 1)
    # The beat before the end leaves it open; at the end it closes it below the threshold.
    assert petitions_close_due(now=end - timedelta(seconds=1)) == 0
    assert petitions_close_due(now=end) == 1
    petition.refresh_from_db()
    assert petition.status == S.CLOSED and petition.closed_at == end
    assert petitions_close_due(now=end + timedelta(minutes=1)) == 0  # idempotent
    assert (
        AuditRecord.objects.filter(action="petition.close", object_id=str(petition.pk)).count() == 1
    )


@pytest.mark.django_db
def test_the_beat_running_late_still_refuses_late_signatures_and_keeps_on_time_ones():
    now = timezone.now()
    petition = PetitionFactory(threshold=1, signing_ends_at=now - timedelta(minutes=5))
    with pytest.raises(PetitionNotOpen):  # the beat has not run: the status still says open
        _sign(petition, _verified_user(), now)
    petition_close(petition_id=petition.pk, now=now)
    petition.refresh_from_db()
    assert petition.status == S.CLOSED


@pytest.mark.django_db
def test_period_end_with_the_threshold_reached_awaits_the_answer():
    now = timezone.now()
    petition = PetitionFactory(threshold=1, signing_ends_at=now + timedelta(hours=1))
    _sign(petition, _verified_user(), now)
    petition.refresh_from_db()
    assert petition.status == S.THRESHOLD_REACHED
    due = petition.answer_due_at
    petitions_close_due(now=petition.signing_ends_at)
    petition.refresh_from_db()
    assert petition.status == S.AWAITING_ANSWER and petition.answer_due_at == due


@pytest.mark.django_db
def test_withdrawing_after_close_is_refused_and_while_open_allowed():
    now = timezone.now()
    petition = PetitionFactory(threshold=5, signing_ends_at=now + timedelta(hours=1))
    user, other = _verified_user(), _verified_user()
    _sign(petition, user, now)
    _sign(petition, other, now)
    signature_withdraw(
        petition=petition_detail_list(user=other).get(pk=petition.pk), user=other, now=now
    )
    petition.refresh_from_db()
    assert petition.signature_count == 1
    with pytest.raises(NotSigned):
        signature_withdraw(
            petition=petition_detail_list(user=other).get(pk=petition.pk), user=other, now=now
        )
    end = petition.signing_ends_at
    with pytest.raises(PetitionNotOpen):  # at the end, before the beat
        signature_withdraw(
            petition=petition_detail_list(user=user).get(pk=petition.pk), user=user, now=end
        )
    petitions_close_due(now=end)
    with pytest.raises(PetitionNotOpen):  # after the beat
        signature_withdraw(
            petition=petition_detail_list(user=user).get(pk=petition.pk),
            user=user,
            now=end + timedelta(days=1),
        )
    assert Signature.objects.filter(petition=petition, user=user).exists()


@pytest.mark.django_db
def test_a_held_signature_counted_after_close_can_reach_the_threshold(official):
    now = timezone.now()
    petition = PetitionFactory(threshold=1, signing_ends_at=now + timedelta(hours=1))
    signature = _sign(petition, UserFactory(), now)  # held: no checked declaration
    end = petition.signing_ends_at
    petitions_close_due(now=end)
    petition.refresh_from_db()
    assert petition.status == S.CLOSED
    signature_check(
        signature=signature, actor=official, decision="count", now=end + timedelta(days=1)
    )
    petition.refresh_from_db()
    assert petition.status == S.AWAITING_ANSWER and petition.answer_due_at is not None


@pytest.mark.django_db
def test_closing_blanks_the_network_hashes():
    now = timezone.now()
    petition = PetitionFactory(signing_ends_at=now + timedelta(hours=1))
    _sign(petition, _verified_user(), now)
    assert Signature.objects.get(petition=petition).network != ""
    petitions_close_due(now=petition.signing_ends_at)
    assert Signature.objects.get(petition=petition).network == ""


def test_signing_is_open_only_while_open_or_reached_and_before_the_end():
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    for status in S:
        for ends, expected in ((now + timedelta(seconds=1), True), (now, False)):
            petition = Petition(status=status, signing_ends_at=ends)
            want = expected and status in (S.OPEN, S.THRESHOLD_REACHED)
            assert rules.is_signing_open(petition, now) is want, (status, ends)

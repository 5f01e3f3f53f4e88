"""What may be done to a petition, now, and the status machine written once.

Pure pieces first (no ORM, no clock: ``now`` is given): the age on a day, the status after a
change of the counted signatures or after the signing period, whether a signature is held.
Then one ``check_<action>`` per action, raising the refusal the services raise (403, 409, 400),
and ``actions()``, the ``can`` map, made of the same checks (``campaigns.rules.allowed``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from accounts import roles
from campaigns.rules import allowed
from core.errors import ApplicationError, EmailNotVerified, InvalidTransition, NotAllowed

from .errors import AlreadySigned, NotResident, NotSigned, PetitionNotOpen, UnderMinAge
from .models import Petition, Signature

S = Petition.Status
PARIS = ZoneInfo("Europe/Paris")

# Published: visible to everyone (pending ones to their author and the officials; inadmissible
# ones too, with their public reason).
PUBLISHED = frozenset({S.OPEN, S.THRESHOLD_REACHED, S.AWAITING_ANSWER, S.ANSWERED, S.CLOSED})
PUBLIC = PUBLISHED | {S.INADMISSIBLE}
# Signing is possible in these statuses, before ``signing_ends_at`` (exclusive).
SIGNING = frozenset({S.OPEN, S.THRESHOLD_REACHED})
# On the officials' agenda: the threshold is met, the council owes an answer.
AGENDA = frozenset({S.THRESHOLD_REACHED, S.AWAITING_ANSWER})

# Every transition: action → (the statuses it starts from, the status it leads to).
TRANSITIONS: dict[str, tuple[frozenset[S], S | None]] = {
    "edit": (frozenset({S.PENDING}), None),
    "admit": (frozenset({S.PENDING}), S.OPEN),
    "refuse": (frozenset({S.PENDING}), S.INADMISSIBLE),
    "reach_threshold": (frozenset({S.OPEN}), S.THRESHOLD_REACHED),
    "close_reached": (frozenset({S.THRESHOLD_REACHED}), S.AWAITING_ANSWER),
    "close_below": (frozenset({S.OPEN}), S.CLOSED),
    # A held signature counted after the period, by an official's check, can still make it.
    "reach_late": (frozenset({S.CLOSED}), S.AWAITING_ANSWER),
    "answer": (AGENDA, S.ANSWERED),
    "convert": (PUBLISHED, None),
}


def check_transition(action: str, status: str) -> None:
    sources, _ = TRANSITIONS[action]
    if status not in sources:
        allowed_ = " or ".join(f"« {s.value} »" for s in S if s in sources)
        raise InvalidTransition(
            f"This petition is « {status} »: only a petition that is {allowed_} can be "
            f"changed so ({action})."
        )


# --- pure rules --------------------------------------------------------------------------------


def age_on(birth_date: date, day: date) -> int:
    """Whole years from ``birth_date`` to ``day`` (a birthday on 29 February counts on 1 March
    in other years)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def paris_day(now: datetime) -> date:
    return now.astimezone(PARIS).date()


def is_signing_open(petition: Petition, now: datetime) -> bool:
    """Open for signing: published, not answered or closed, before the end of its period."""
    return (
        petition.status in SIGNING
        and petition.signing_ends_at is not None
        and now < petition.signing_ends_at
    )


def status_after_count(status: str, counted: int, threshold: int) -> S:
    """The status once the counted signatures are ``counted``: an open petition reaching its
    threshold is on the agenda; a closed one reaching it late (a held signature counted after
    the period) awaits its answer. Signatures are never taken back below the threshold."""
    if counted >= threshold:
        if status == S.OPEN:
            return TRANSITIONS["reach_threshold"][1]  # type: ignore[return-value]
        if status == S.CLOSED:
            return TRANSITIONS["reach_late"][1]  # type: ignore[return-value]
    return S(status)


def status_at_period_end(status: str, counted: int, threshold: int) -> S:
    """The status when the signing period ends (the beat): the threshold met means awaiting
    the answer, otherwise closed. Other statuses are left as they are."""
    if status not in SIGNING:
        return S(status)
    if status == S.THRESHOLD_REACHED or counted >= threshold:
        return S.AWAITING_ANSWER
    return S.CLOSED


def held_reason(*, joined_at: datetime, verified_declaration: bool, now: datetime) -> str:
    """Why a new signature is held (empty: counted at once): the account is younger than a day,
    or the declaration agrees with no voter declaration an official checked."""
    if now - joined_at < timedelta(hours=24):
        return Signature.HeldReason.NEW_ACCOUNT
    if not verified_declaration:
        return Signature.HeldReason.UNVERIFIED_DECLARATION
    return ""


def check_eligible(*, resident: bool, birth_date: date, min_age: int, now: datetime) -> None:
    """The declaration: a resident (400 ``not_resident``), born in the past, at least the
    process's minimum age (400 ``under_min_age``)."""
    if resident is not True:
        raise NotResident(field="resident")
    today = paris_day(now)
    if birth_date > today:
        raise ApplicationError("The birth date is in the future.", field="birth_date")
    if age_on(birth_date, today) < min_age:
        raise UnderMinAge(
            f"Signing needs to be at least {min_age} years old.",
            field="birth_date",
            params={"min_age": min_age},
        )


# --- who handles a petition ------------------------------------------------------------------


def _city_official(user: Any) -> bool:
    """An official of a city-wide area (the city's services) or an administrator."""
    ids = roles.area_ids(user)
    if ids is None:
        return True
    if not ids:
        return False
    cached = getattr(user, "_petitions_city", None)
    if cached is None:
        from geo.models import Area

        cached = Area.objects.filter(pk__in=ids, kind=Area.Kind.CITY).exists()
        user._petitions_city = cached
    return bool(cached)


def handles(user: Any, petition: Petition) -> bool:
    """The officials of the authority addressed: the arrondissement's (its area), or the
    city's (a city-wide area); administrators everywhere."""
    if not roles.is_official(user):
        return False
    if petition.area_id is None:
        return _city_official(user)
    return roles.handles_area(user, petition.area_id)


def handles_area_id(user: Any, area_id: int | None) -> bool:
    if not roles.is_official(user):
        return False
    return _city_official(user) if area_id is None else roles.handles_area(user, area_id)


def is_author(user: Any, petition: Petition) -> bool:
    return roles.is_authenticated(user) and petition.author_id == user.pk


def _official_of(user: Any, petition: Petition) -> None:
    if not handles(user, petition):
        raise NotAllowed("Only the officials of the authority addressed may do this.")


# --- checks --------------------------------------------------------------------------------------


def check_file(user: Any) -> None:
    """Filing: signed in with a confirmed address (the process and the daily limit are the
    service's)."""
    if not roles.is_authenticated(user):
        raise NotAllowed("Sign in to file a petition.")
    if not roles.is_verified(user):
        raise EmailNotVerified()


def check_edit(user: Any, petition: Petition, now: datetime) -> None:
    if not is_author(user, petition):
        raise NotAllowed("Only the author may edit this petition.", code="not_the_author")
    check_transition("edit", petition.status)


def check_moderate(user: Any, petition: Petition, now: datetime) -> None:
    _official_of(user, petition)
    check_transition("admit", petition.status)


def check_answer(user: Any, petition: Petition, now: datetime) -> None:
    _official_of(user, petition)
    check_transition("answer", petition.status)


def check_convert(user: Any, petition: Petition, now: datetime) -> None:
    """Its author or the officials of the authority, once, a published petition."""
    if not (is_author(user, petition) or handles(user, petition)):
        raise NotAllowed("Only the author or the officials may turn it into a proposal.")
    check_transition("convert", petition.status)
    if petition.proposal_id is not None:
        raise InvalidTransition("This petition has already become a budget proposal.")


def check_sign(user: Any, petition: Petition, now: datetime) -> None:
    """Signed in with a confirmed address (403), while signing is open (409
    ``petition_not_open``), once (409 ``already_signed``: from the ``signed_by_me``
    annotation; the unique constraint holds it in the database)."""
    if not roles.is_authenticated(user):
        raise NotAllowed("Sign in to sign a petition.", code="not_authenticated")
    if not roles.is_verified(user):
        raise EmailNotVerified()
    if not is_signing_open(petition, now):
        raise PetitionNotOpen()
    if getattr(petition, "signed_by_me", False):
        raise AlreadySigned()


def check_withdraw_signature(user: Any, petition: Petition, now: datetime) -> None:
    """Taking one's signature back, while signing is open."""
    if not roles.is_authenticated(user):
        raise NotAllowed("Sign in first.", code="not_authenticated")
    if not is_signing_open(petition, now):
        raise PetitionNotOpen("The signing period is over: the signature stays.")
    if not getattr(petition, "signed_by_me", False):
        raise NotSigned()


def check_signature_check(user: Any, signature: Signature, now: datetime) -> None:
    """Officials of the authority decide on a held signature (count or reject it)."""
    _official_of(user, signature.petition)
    if signature.status != Signature.Status.HELD:
        raise InvalidTransition("Only a held signature can be checked.")


def actions(user: Any, petition: Petition, now: datetime) -> dict[str, bool]:
    return {
        "sign": allowed(check_sign, user, petition, now),
        "withdraw": allowed(check_withdraw_signature, user, petition, now),
        "moderate": allowed(check_moderate, user, petition, now),
        "answer": allowed(check_answer, user, petition, now),
        "convert": allowed(check_convert, user, petition, now),
        "edit": allowed(check_edit, user, petition, now),
    }

"""Writes for petitions: filing and editing, moderation, signatures (and their checks), the
council's answer, the conversion into a budget proposal, and closing on time (the beat).

Every service checks its rule first (``rules.check_…``, the same the ``can`` map says), locks the
petition's row where counts or statuses change (signing, withdrawing, checking, closing, answering
are serialised per petition: a signature at the last second and the beat closing the petition
cannot both win), and writes the audit log for what officials decide."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from accounts.models import User
from audit.services import audit_record, changes, snapshot
from campaigns.models import Campaign, Theme
from campaigns.rules import check_phase
from campaigns.schedule import Action
from core.errors import ApplicationError, LimitReached, PhaseClosed, SubmissionsClosed
from core.text import clean_bounded
from core.unset import UNSET, assign
from geo.models import Area
from geo.selectors import point_locate
from notifications import services as notifications
from notifications.models import Follow, Notification
from proposals.models import Proposal
from proposals.services import proposal_submit
from voting.models import VoterDeclaration

from . import abuse, rules
from .errors import AlreadySigned, FilingClosed, NotSigned, PetitionNotOpen, ProcessSlugTaken
from .models import BurstAlert, Petition, Process, Signature

log = logging.getLogger(__name__)
S = Petition.Status
Event = Notification.Event
TRACKED = ["status", "title", "text", "theme", "area", "location", "address"]
ANSWER_MIN, ANSWER_MAX = 20, 10000
REASON_MAX = 2000


def _audit(petition: Petition, action: str, actor: Any, **kwargs: Any) -> None:
    audit_record(actor=actor, action=action, obj=petition, area=petition.area, **kwargs)


def _locked(petition: Petition | int) -> Petition:
    pk = petition if isinstance(petition, int) else petition.pk
    return (
        Petition.objects.select_for_update(of=("self",))
        .select_related("process", "area")
        .get(pk=pk)
    )


def _place(petition: Petition, location: Point | None) -> None:
    """A point must be inside the city (raises ``OutsideCity``)."""
    if location is not None:
        point_locate(point=location)
    petition.location = location


def officials_of(petition: Petition) -> set[int]:
    """The officials of the authority addressed (administrators when it has none)."""
    officials = User.objects.filter(role=User.Role.OFFICIAL, deleted_at__isnull=True)
    if petition.area_id is None:
        officials = officials.filter(areas__kind=Area.Kind.CITY)
    else:
        officials = officials.filter(areas=petition.area_id)
    ids = set(officials.values_list("pk", flat=True))
    if not ids:
        ids = set(
            User.objects.filter(role=User.Role.ADMINISTRATOR, deleted_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
    return ids


# --- filing ------------------------------------------------------------------------------------


@transaction.atomic
def petition_file(
    *,
    author: User,
    process: Process,
    title: str,
    text: str,
    theme: Theme,
    area: Area | None,
    location: Point | None = None,
    address: str = "",
    now: datetime,
) -> Petition:
    """File a petition (status ``pending``: en modération). Its author follows it."""
    rules.check_file(author)
    if not process.filing_open:
        raise FilingClosed(f"« {process.name} » does not take new petitions now.")
    # The author's row locked: two filings at once cannot both pass the daily limit.
    User.objects.select_for_update().filter(pk=author.pk).first()
    limit = settings.PETITIONS_PER_USER_PER_DAY
    if Petition.objects.filter(author=author, created_at__gte=now - timedelta(days=1)).count() >= (
        limit
    ):
        raise LimitReached(f"At most {limit} petitions per person in 24 hours.")
    petition = Petition(
        process=process,
        author=author,
        title=title,
        text=text,
        theme=theme,
        area=area,
        address=address,
        created_at=now,
    )
    _place(petition, location)
    petition.save()
    Follow.objects.get_or_create(user=author, petition=petition)
    _audit(petition, "petition.file", author, after=snapshot(petition, TRACKED), at=now)
    return petition


@transaction.atomic
def petition_update(
    *,
    petition: Petition,
    actor: User,
    now: datetime,
    title: str = UNSET,
    text: str = UNSET,
    theme: Theme = UNSET,
    area: Area | None = UNSET,
    location: Point | None = UNSET,
    address: str = UNSET,
) -> Petition:
    """Its author edits it while it is pending."""
    petition = _locked(petition)
    rules.check_edit(actor, petition, now)
    before = snapshot(petition, TRACKED)
    assign(petition, title=title, text=text, theme=theme, area=area, address=address)
    if location is not UNSET:
        _place(petition, location)
    petition.save()
    old, new = changes(before, snapshot(petition, TRACKED))
    if new:
        _audit(petition, "petition.edit", actor, at=now, before=old, after=new)
    return petition


# --- moderation --------------------------------------------------------------------------------


@transaction.atomic
def petition_moderate(
    *,
    petition: Petition,
    actor: User,
    decision: str,
    reason_code: str = "",
    reason_text: str = "",
    now: datetime,
) -> Petition:
    """Officials of the authority decide before publication: admissible publishes it (open,
    signing until now + the process's ``signing_days``, its goal the process's threshold for
    its authority); inadmissible needs a public reason (``reason_code``, and words for
    ``other``). Audited; the author is told."""
    petition = _locked(petition)
    rules.check_moderate(actor, petition, now)
    if decision not in Petition.Decision.values:
        raise ApplicationError(
            "The decision is « admissible » or « inadmissible ».",
            code="invalid_choice",
            field="decision",
        )
    if reason_code and reason_code not in Petition.ReasonCode.values:
        raise ApplicationError(
            "Not one of the reasons.", code="invalid_choice", field="reason_code"
        )
    reason_text = clean_bounded(reason_text, field="reason_text", high=REASON_MAX)
    before = snapshot(petition, ["status", "decision", "reason_code"])
    process = petition.process
    if decision == Petition.Decision.ADMISSIBLE:
        rules.check_transition("admit", petition.status)
        petition.status = S.OPEN
        petition.published_at = now
        petition.signing_ends_at = now + timedelta(days=process.signing_days)
        petition.threshold = (
            process.threshold if petition.area_id is None else process.area_threshold
        )
        reason_code = ""
    else:
        rules.check_transition("refuse", petition.status)
        if not reason_code:
            raise ApplicationError(
                "Say why it is inadmissible.", code="required", field="reason_code"
            )
        if reason_code == Petition.ReasonCode.OTHER and not reason_text:
            raise ApplicationError(
                "Say why, in words: the author and the public read it.",
                code="required",
                field="reason_text",
            )
        petition.status = S.INADMISSIBLE
    petition.decision = decision
    petition.reason_code = reason_code
    petition.reason_text = reason_text
    petition.moderated_at = now
    petition.moderated_by = actor
    petition.save()
    _audit(
        petition,
        f"petition.{decision}",
        actor,
        at=now,
        before=before,
        after=snapshot(petition, ["status", "decision", "reason_code", "signing_ends_at"]),
        reason=" ".join(x for x in (reason_code, reason_text) if x),
    )
    if petition.author_id is not None:
        notifications.petition_notify(
            petition=petition,
            event=Event.PETITION_OPEN if petition.status == S.OPEN else Event.PETITION_REFUSED,
            user_ids=[petition.author_id],
            reason=reason_text,
            key=f"petition_moderated:{petition.pk}",
        )
    return petition


# --- signatures --------------------------------------------------------------------------------


def declaration_verified(*, user: Any, birth_date: date, area: Area) -> bool:
    """The signer's declaration agrees with a voter declaration officials checked (voting's
    ``VoterDeclaration``, any campaign): the same birth date, a home in the declared
    arrondissement."""
    return VoterDeclaration.objects.filter(
        person_id=user.pk,
        status=VoterDeclaration.Status.CHECKED,
        birth_date=birth_date,
        home_district__areas=area,
    ).exists()


def _count_changed(petition: Petition, *, actor: Any, now: datetime) -> None:
    """After the counted signatures changed (under the row lock): reaching the threshold puts the
    petition on the agenda (answer due in ``answer_days``), tells the officials and the
    followers."""
    new = rules.status_after_count(petition.status, petition.signature_count, petition.threshold)
    if new == petition.status:
        return
    before = petition.status
    petition.status = new
    petition.threshold_reached_at = now
    petition.answer_due_at = now + timedelta(days=petition.process.answer_days)
    petition.save(update_fields=["status", "threshold_reached_at", "answer_due_at", "updated_at"])
    _audit(
        petition,
        "petition.threshold",
        None,
        at=now,
        before={"status": before},
        after={
            "status": new,
            "signature_count": petition.signature_count,
            "answer_due_at": petition.answer_due_at,
        },
    )
    reason = f"{petition.signature_count} / {petition.threshold}"
    notifications.petition_notify(
        petition=petition,
        event=Event.PETITION_THRESHOLD,
        user_ids=officials_of(petition) | notifications.petition_followers(petition_id=petition.pk),
        reason=reason,
        key=f"petition_threshold:{petition.pk}",
    )


def _burst_check(petition: Petition, network: str, now: datetime) -> BurstAlert | None:
    if not network:
        return None
    since = now - timedelta(minutes=settings.PETITION_BURST_MINUTES)
    recent = Signature.objects.filter(petition=petition, network=network, created_at__gte=since)
    count = recent.count()
    if not abuse.is_burst(count):
        return None
    first = recent.order_by("created_at").values_list("created_at", flat=True).first() or now
    alert, created = BurstAlert.objects.get_or_create(
        petition=petition,
        network=network,
        handled_at=None,
        defaults={"signatures": count, "first_at": first, "last_at": now, "created_at": now},
    )
    if not created:
        alert.signatures = max(alert.signatures, count)
        alert.last_at = now
        alert.save(update_fields=["signatures", "last_at"])
        return alert
    notifications.petition_notify(
        petition=petition,
        event=Event.PETITION_BURST,
        user_ids=officials_of(petition),
        reason=f"{count} signatures / {settings.PETITION_BURST_MINUTES} min",
        key=f"petition_burst:{alert.pk}",
    )
    return alert


@transaction.atomic
def signature_add(
    *,
    petition: Petition,
    user: Any,
    show_name: bool,
    resident: bool,
    birth_date: date,
    area: Area,
    now: datetime,
    client_address: str = "",
) -> Signature:
    """``user`` signs ``petition`` once (409 ``already_signed``: the unique constraint decides
    between simultaneous attempts), while signing is open (409 ``petition_not_open``, checked
    again under the petition's lock), with an eligible declaration (400). A signature from an
    account younger than a day or whose declaration is not verified is ``held``: not counted
    until an official checks it. The signer follows the petition."""
    rules.check_sign(user, petition, now)
    rules.check_eligible(
        resident=resident, birth_date=birth_date, min_age=petition.process.min_age, now=now
    )
    if area.kind != Area.Kind.ARRONDISSEMENTS:
        raise ApplicationError(
            "Give the arrondissement where you live.", code="invalid_choice", field="area_code"
        )
    locked = _locked(petition)
    if not rules.is_signing_open(locked, now):
        raise PetitionNotOpen()
    reason = rules.held_reason(
        joined_at=user.date_joined,
        verified_declaration=declaration_verified(user=user, birth_date=birth_date, area=area),
        now=now,
    )
    try:
        with transaction.atomic():  # a savepoint: the constraint is the last word
            signature = Signature.objects.create(
                petition=locked,
                user=user,
                show_name=bool(show_name),
                birth_date=birth_date,
                area=area,
                status=Signature.Status.HELD if reason else Signature.Status.COUNTED,
                held_reason=reason,
                network=abuse.network_key(client_address),
                created_at=now,
            )
    except IntegrityError as exc:
        raise AlreadySigned() from exc
    if not reason:
        locked.signature_count += 1
        locked.save(update_fields=["signature_count", "updated_at"])
        _count_changed(locked, actor=user, now=now)
    Follow.objects.get_or_create(user=user, petition=locked)
    _burst_check(locked, signature.network, now)
    return signature


@transaction.atomic
def signature_withdraw(*, petition: Petition, user: Any, now: datetime) -> None:
    """``user`` takes their signature back while signing is open (after: 409
    ``petition_not_open``). A threshold once reached stays reached."""
    rules.check_withdraw_signature(user, petition, now)
    locked = _locked(petition)
    if not rules.is_signing_open(locked, now):
        raise PetitionNotOpen("The signing period is over: the signature stays.")
    signature = Signature.objects.filter(petition=locked, user_id=user.pk).first()
    if signature is None:
        raise NotSigned()
    _remove(signature)


def _remove(signature: Signature) -> None:
    """Delete a signature (its petition's row locked), the count following a counted one."""
    counted = signature.status == Signature.Status.COUNTED
    signature.delete()
    if counted:
        Petition.objects.filter(pk=signature.petition_id).update(
            signature_count=F("signature_count") - 1
        )


@transaction.atomic
def signature_check(*, signature: Signature, actor: Any, decision: str, now: datetime) -> Signature:
    """Officials of the authority count or reject a held signature (audited). Counting one may
    reach the threshold, even after the period (the signature was made in time)."""
    if decision not in ("count", "reject"):
        raise ApplicationError(
            "The decision is « count » or « reject ».", code="invalid_choice", field="decision"
        )
    petition = _locked(signature.petition_id)
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    signature.petition = petition
    rules.check_signature_check(actor, signature, now)
    before = {"status": signature.status, "held_reason": signature.held_reason}
    signature.status = (
        Signature.Status.COUNTED if decision == "count" else Signature.Status.REJECTED
    )
    signature.checked_at = now
    signature.checked_by = actor
    signature.save(update_fields=["status", "checked_at", "checked_by"])
    audit_record(
        actor=actor,
        action=f"petition.signature_{decision}",
        obj=signature,
        area=petition.area,
        at=now,
        before=before,
        after={"status": signature.status, "petition": petition.pk},
    )
    if decision == "count":
        petition.signature_count += 1
        petition.save(update_fields=["signature_count", "updated_at"])
        _count_changed(petition, actor=actor, now=now)
    return signature


@transaction.atomic
def burst_alert_handle(*, alert: BurstAlert, actor: Any, now: datetime) -> BurstAlert:
    """An official has looked at a burst: it leaves the queue (audited)."""
    alert = BurstAlert.objects.select_for_update().select_related("petition").get(pk=alert.pk)
    if not rules.handles(actor, alert.petition):
        from core.errors import NotAllowed

        raise NotAllowed("Only the officials of the authority addressed may do this.")
    if alert.handled_at is None:
        alert.handled_at = now
        alert.handled_by = actor
        alert.save(update_fields=["handled_at", "handled_by"])
        audit_record(
            actor=actor,
            action="petition.burst_handled",
            obj=alert.petition,
            area=alert.petition.area,
            at=now,
            after={"alert": alert.pk, "signatures": alert.signatures},
        )
    return alert


# --- the council's answer, the conversion ------------------------------------------------------


@transaction.atomic
def petition_answer(*, petition: Petition, actor: Any, text: str, now: datetime) -> Petition:
    """The council's public answer to a petition on the agenda (its signing ends with it);
    audited; the followers (its author and signers among them) are told."""
    petition = _locked(petition)
    rules.check_answer(actor, petition, now)
    text = clean_bounded(text, field="text", low=ANSWER_MIN, high=ANSWER_MAX)
    before = petition.status
    petition.status = S.ANSWERED
    petition.answer_text = text
    petition.answered_at = now
    petition.answered_by = actor
    if petition.signing_ends_at is not None and petition.signing_ends_at > now:
        petition.signing_ends_at = now
    petition.save()
    _audit(
        petition,
        "petition.answer",
        actor,
        at=now,
        before={"status": before},
        after={"status": petition.status},
        reason=text[:500],
    )
    notifications.petition_notify(
        petition=petition,
        event=Event.PETITION_ANSWERED,
        reason=text[:280],
        key=f"petition_answered:{petition.pk}",
        actor=actor,
    )
    return petition


@transaction.atomic
def petition_convert(
    *,
    petition: Petition,
    actor: Any,
    campaign: Campaign,
    now: datetime,
    location: Point | None = None,
) -> Proposal:
    """Its author or the officials turn a published petition into a budget proposal of a
    campaign open for submissions (title, text, place, theme; its author the petition's). Both
    are linked; its signers and followers are told."""
    petition = _locked(petition)
    rules.check_convert(actor, petition, now)
    try:
        check_phase(Action.PROPOSE, campaign=campaign, now=now)
    except PhaseClosed as exc:
        raise SubmissionsClosed(
            f"The campaign « {campaign.name} » is not open for submissions.", field="campaign"
        ) from exc
    point = location if location is not None else petition.location
    scope = Proposal.Scope.CITY if petition.area_id is None else Proposal.Scope.ARRONDISSEMENT
    proposal = proposal_submit(
        author=petition.author or actor,
        campaign=campaign,
        title=petition.title,
        description=petition.text,
        theme=petition.theme,
        location=point,
        address=petition.address,
        scope=scope,
        now=now,
        source_ref=f"petition:{petition.pk}",
        enforce_rules=False,
    )
    petition.proposal = proposal
    petition.save(update_fields=["proposal", "updated_at"])
    _audit(petition, "petition.convert", actor, at=now, after={"proposal": proposal.pk})
    signers = set(
        Signature.objects.filter(petition=petition)
        .exclude(status=Signature.Status.REJECTED)
        .values_list("user_id", flat=True)
    )
    notifications.petition_notify(
        petition=petition,
        event=Event.PETITION_CONVERTED,
        user_ids=signers | notifications.petition_followers(petition_id=petition.pk),
        reason=f"{campaign.name}",
        key=f"petition_converted:{petition.pk}",
        actor=actor,
    )
    return proposal


# --- closing on time (the beat) ----------------------------------------------------------------


@transaction.atomic
def petition_close(*, petition_id: int, now: datetime) -> Petition | None:
    """Close one petition whose signing period is over (idempotent): awaiting its answer when
    the threshold is met, closed otherwise. The signatures' network hashes are blanked (only
    bursts during signing needed them)."""
    petition = (
        Petition.objects.select_for_update(of=("self",), skip_locked=False)
        .select_related("process", "area")
        .filter(pk=petition_id)
        .first()
    )
    if petition is None or petition.status not in rules.SIGNING:
        return petition
    if petition.signing_ends_at is None or now < petition.signing_ends_at:
        return petition
    before = petition.status
    new = rules.status_at_period_end(petition.status, petition.signature_count, petition.threshold)
    petition.status = new
    petition.closed_at = now
    if new == S.AWAITING_ANSWER and petition.answer_due_at is None:
        petition.threshold_reached_at = now
        petition.answer_due_at = now + timedelta(days=petition.process.answer_days)
    petition.save()
    Signature.objects.filter(petition=petition).exclude(network="").update(network="")
    _audit(
        petition,
        "petition.close",
        None,
        at=now,
        before={"status": before},
        after={"status": new, "signature_count": petition.signature_count},
    )
    if new == S.CLOSED:
        notifications.petition_notify(
            petition=petition,
            event=Event.PETITION_CLOSED,
            reason=f"{petition.signature_count} / {petition.threshold}",
            key=f"petition_closed:{petition.pk}",
        )
    return petition


def petitions_close_due(*, now: datetime) -> int:
    """Every petition whose signing period ended by ``now``: closed, one transaction each."""
    due = list(
        Petition.objects.filter(status__in=rules.SIGNING, signing_ends_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    closed = 0
    for pk in due:
        result = petition_close(petition_id=pk, now=now)
        if result is not None and result.status not in rules.SIGNING:
            closed += 1
    return closed


# --- personal data (privacy: deleting an account, the retention sweep) --------------------------


@transaction.atomic
def signatures_forget(*, user: Any, now: datetime) -> dict[str, int]:
    """What deleting ``user``'s account does to their signatures (docs/privacy.md), each under
    its petition's row lock (a signature, a check or the beat's close of the same petition wait):

    - while the petition is open for signing, the signature is withdrawn, as its signer could
      have done the moment before (the count follows; a threshold once reached stays reached);
    - once signing is over, a counted or rejected one stays, so the count published at the close
      never changes after the fact, but it no longer shows the name and loses the declared birth
      date and the network hash; a held one (never counted, and nobody is left to check it
      against) is removed, which changes no count either.
    The rows stay linked to the emptied account (one signature per person still holds)."""
    done = {"signatures_withdrawn": 0, "signatures_anonymised": 0, "held_removed": 0}
    petition_ids = (
        Signature.objects.filter(user_id=user.pk)
        .order_by("petition_id")
        .values_list("petition_id", flat=True)
    )
    for petition_id in list(petition_ids):  # in order of petition: no two deletions deadlock
        petition = _locked(petition_id)
        signature = Signature.objects.filter(petition=petition, user_id=user.pk).first()
        if signature is None:
            continue
        if rules.is_signing_open(petition, now):
            _remove(signature)
            done["signatures_withdrawn"] += 1
        elif signature.status == Signature.Status.HELD:
            _remove(signature)
            done["held_removed"] += 1
        else:
            signature.show_name = False
            signature.birth_date = None
            signature.network = ""
            signature.save(update_fields=["show_name", "birth_date", "network"])
            done["signatures_anonymised"] += 1
    return done


def retention_due(*, ended_before: datetime) -> QuerySet[Petition]:
    """Petitions whose signers' declarations have been kept long enough: closed, or answered,
    before ``ended_before``, with a signature still holding a birth date or a network hash. A
    petition awaiting its answer keeps them until it is answered."""
    holding = Signature.objects.filter(petition=OuterRef("pk")).filter(
        Q(birth_date__isnull=False) | ~Q(network="")
    )
    return Petition.objects.filter(
        Q(status=S.CLOSED, closed_at__lt=ended_before)
        | Q(status=S.ANSWERED, answered_at__lt=ended_before),
        Exists(holding),
    )


@transaction.atomic
def signatures_retention_apply(*, petition_id: int, now: datetime) -> dict[str, int]:
    """The retention sweep on one petition of ``retention_due`` (idempotent): its signatures'
    birth dates and network hashes are cleared; held ones never checked are removed (they were
    never counted, and their birth date was what an official would have checked). Counted and
    rejected ones stay, with their arrondissement (the counts by arrondissement) and their
    signer (one signature per person). Audited when something changed."""
    petition = _locked(petition_id)
    rows = Signature.objects.filter(petition=petition)
    done = {
        "held_removed": rows.filter(status=Signature.Status.HELD).delete()[0],
        "signatures_cleared": rows.filter(Q(birth_date__isnull=False) | ~Q(network="")).update(
            birth_date=None, network=""
        ),
    }
    if any(done.values()):
        _audit(petition, "petition.retention_apply", None, at=now, after=done)
    return done


# --- processes (administrators) ----------------------------------------------------------------


@transaction.atomic
def process_save(*, actor: Any, process: Process | None = None, **values: Any) -> Process:
    """An administrator creates or changes a process (audited). Open petitions keep the goal
    and period they were published with."""
    from accounts import roles
    from core.errors import NotAllowed

    if not roles.is_administrator(actor):
        raise NotAllowed("Only administrators set up petition processes.")
    fields = [
        "slug",
        "name",
        "threshold",
        "area_threshold",
        "signing_days",
        "answer_days",
        "min_age",
        "filing_open",
    ]
    creating = process is None
    process = process or Process()
    before = {} if creating else snapshot(process, fields)
    assign(process, **values)
    try:
        with transaction.atomic():
            process.save()
    except IntegrityError as exc:
        raise ProcessSlugTaken(field="slug") from exc
    audit_record(
        actor=actor,
        action="petition_process.create" if creating else "petition_process.update",
        obj=process,
        before=before,
        after=snapshot(process, fields),
    )
    return process

"""Identity conflicts: two claims of one name and birth date in a campaign's voter roll (see
voting.roll), decided by the officials of either side's area (administrators: any), with a
reason, until counting starts. Never decided by who came first: while open, the ballots of both
sides are held (``selectors.participations_on_hold``).

The decisions: ``first_is_genuine`` (the second claim is void), ``second_is_genuine`` (the first
claim is void and the second entry takes the identity), ``different_people`` (homonyms: both
entries stand, told apart by their addresses). A void entry's ballots are not counted; when an
account made the void claim, its declaration is refused with the reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from accounts import roles
from audit.services import audit_record
from campaigns.models import Campaign
from core.errors import ApplicationError, NotAllowed
from core.text import clean_text

from .errors import ConflictDecided, CountStarted
from .models import IdentityConflict, Participation, VoterDeclaration, VoterRollEntry

C = IdentityConflict
S = VoterRollEntry.Standing


def may_decide(user: Any, conflict: IdentityConflict) -> bool:
    """Officials of either side's area (administrators: all) decide an open conflict until
    counting starts."""
    return (
        roles.is_official(user)
        and (
            roles.handles_area(user, conflict.first_area_id)
            or roles.handles_area(user, conflict.second_area_id)
        )
        and conflict.status == C.Status.OPEN
        and conflict.campaign.count_started_at is None
    )


def _void(entry: VoterRollEntry, *, actor: Any, reason: str, now: datetime) -> bool:
    """Set an entry aside; refuse its account's declaration. True when one was refused."""
    entry.standing = S.VOID
    entry.save(update_fields=["standing"])
    if entry.user_id is None:
        return False
    refused = VoterDeclaration.objects.filter(
        person_id=entry.user_id, campaign_id=entry.campaign_id
    ).update(
        status=VoterDeclaration.Status.REFUSED,
        review_reason=f"Identity conflict: {reason}",
        reviewed_by=actor,
        reviewed_at=now,
    )
    return bool(refused)


@transaction.atomic
def identity_conflict_decide(
    *, conflict: IdentityConflict, actor: Any, decision: str, reason: str, now: datetime
) -> IdentityConflict:
    """Decide an open identity conflict, with the reason (audited; an account set aside is told
    it). 409 ``conflict_decided`` when already decided, ``count_started`` once counting has
    started (the held ballots were then left out, and reported)."""
    conflict = (
        IdentityConflict.objects.select_for_update(of=("self",))
        .select_related("first", "second")
        .get(pk=conflict.pk)
    )
    campaign = Campaign.objects.select_for_update().get(pk=conflict.campaign_id)
    conflict.campaign = campaign
    if not roles.is_official(actor) or not (
        roles.handles_area(actor, conflict.first_area_id)
        or roles.handles_area(actor, conflict.second_area_id)
    ):
        raise NotAllowed("Only the officials of the areas concerned decide this conflict.")
    if campaign.count_started_at is not None:
        raise CountStarted(
            "Counting has started: the ballots held by this conflict were left out of the count "
            "and are reported with the results."
        )
    if conflict.status != C.Status.OPEN:
        raise ConflictDecided()
    if decision not in C.Decision.values:
        raise ApplicationError(
            "The decision is first_is_genuine, second_is_genuine or different_people.",
            code="invalid_choice",
            field="decision",
        )
    reason = clean_text(reason or "", multiline=True)
    if not reason:
        raise ApplicationError(
            "Say why: it is recorded, and told to a voter set aside.",
            code="required",
            field="reason",
        )
    first, second = conflict.first, conflict.second
    # Lock both entries in a stable order (a conflict's entries may be in another conflict).
    locked = {
        e.pk: e
        for e in VoterRollEntry.objects.select_for_update().filter(pk__in=[first.pk, second.pk])
    }
    first, second = locked[first.pk], locked[second.pk]
    void: VoterRollEntry | None = None
    if decision == C.Decision.FIRST_IS_GENUINE:
        void = second
        _void(second, actor=actor, reason=reason, now=now)
    elif decision == C.Decision.SECOND_IS_GENUINE:
        void = first
        standing = first.standing if first.standing in (S.HOLDER, S.HOMONYM) else S.HOMONYM
        _void(first, actor=actor, reason=reason, now=now)
        second.standing = standing
        second.save(update_fields=["standing"])
    else:
        second.standing = S.HOMONYM
        second.save(update_fields=["standing"])
    conflict.status = C.Status.DECIDED
    conflict.decision = decision
    conflict.reason = reason
    conflict.decided_by = actor
    conflict.decided_at = now
    conflict.save()
    audit_record(
        actor=actor,
        action="identity_conflict.decide",
        obj=conflict,
        campaign=campaign,
        area=conflict.first_area or conflict.second_area,
        at=now,
        before={"status": C.Status.OPEN},
        after={
            "status": C.Status.DECIDED,
            "decision": decision,
            "first": first.pk,
            "second": second.pk,
            "set_aside": void.pk if void is not None else None,
            "ballots_set_aside": (
                Participation.objects.filter(voter=void).count() if void is not None else 0
            ),
        },
        reason=reason,
    )
    return conflict


def conflict_sides(conflicts: list[IdentityConflict]) -> dict[int, dict[str, Any]]:
    """For each entry on either side of ``conflicts``: its declaration (when an account holds
    it) and its ballots (area and channel only), in two queries."""
    entries = {c.first_id for c in conflicts} | {c.second_id for c in conflicts}
    users = {e.user_id for c in conflicts for e in (c.first, c.second) if e.user_id is not None}
    campaign_ids = {c.campaign_id for c in conflicts}
    declarations: dict[tuple[int | None, int], VoterDeclaration] = {
        (d.person_id, d.campaign_id): d
        for d in VoterDeclaration.objects.filter(
            person_id__in=users, campaign_id__in=campaign_ids
        ).select_related("heart_area")
    }
    ballots: dict[int | None, list[Participation]] = {pk: [] for pk in entries}
    for participation in (
        Participation.objects.filter(voter_id__in=entries)
        .select_related("area")
        .order_by("area__code")
    ):
        ballots[participation.voter_id].append(participation)
    out: dict[int, dict[str, Any]] = {}
    for conflict in conflicts:
        for entry in (conflict.first, conflict.second):
            declaration = declarations.get((entry.user_id, entry.campaign_id))
            out[entry.pk] = {
                "entry": entry,
                "declaration": declaration,
                "ballots": ballots.get(entry.pk, []),
            }
    return out

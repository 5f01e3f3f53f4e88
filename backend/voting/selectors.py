"""Reads for voting: a voter's state, the projects of an area's ballot (with their priority),
envelopes, priority zones, declarations for officials, a ballot by its receipt."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts import roles
from campaigns.models import Campaign, Envelope, PriorityZone
from geo.models import Area
from projects.models import Project

from .errors import NotInCampaign
from .frozen import frozen_snapshot
from .methods import AreaBallot, Method
from .models import Ballot, DiscardedReceipt, Participation, SealedBallot, VoterDeclaration
from .receipts import box_open, receipt_hash, receipt_normalize
from .rules import VoterState, vote_refusal


def voting_campaign(*, slug: str) -> Campaign:
    """The campaign with what the voting rules read (its schedule and areas, without their
    outlines: nothing here draws them)."""
    areas = Prefetch("areas", queryset=Area.objects.defer("geometry"))
    return get_object_or_404(Campaign.objects.prefetch_related("phases", areas), slug=slug)


def campaign_area(*, campaign: Campaign, code: str) -> Area:
    """One of the campaign's areas by code (404 otherwise)."""
    for area in campaign.areas.all():
        if area.code == code:
            return area
    return get_object_or_404(Area.objects.none())


def voter_state(*, user: Any, campaign: Campaign) -> VoterState:
    if not roles.is_authenticated(user):
        return VoterState()
    declaration = (
        VoterDeclaration.objects.select_related("heart_area", "home_district")
        .filter(person=user, campaign=campaign)
        .first()
    )
    # Their own participations, and those of their voter roll entry (a paper ballot entered
    # under their name before they declared themselves).
    whose = Q(person=user) | Q(voter__user=user)
    if declaration is not None:  # declared before the roll linked declarations at once
        from .roll import entry_to_link

        pending = entry_to_link(user=user, campaign=campaign, declaration=declaration)
        if pending is not None:
            whose |= Q(voter_id=pending)
    channels = dict(
        Participation.objects.filter(whose, campaign=campaign).values_list("area_id", "channel")
    )
    return VoterState(declaration=declaration, channels=channels)


def ballot_projects(*, campaign: Campaign, area: Area | None = None) -> QuerySet[Project]:
    """The ballot projects of a campaign (of one area), each with ``in_priority_zone`` (inside
    one of the campaign's priority zones) and ``priority`` (that, or flagged by an official)."""
    zones = PriorityZone.objects.filter(
        campaign_id=OuterRef("campaign_id"), geometry__intersects=OuterRef("locations")
    )
    qs = Project.objects.filter(campaign=campaign).select_related("area")
    if area is not None:
        qs = qs.filter(area=area)
    return (
        qs.annotate(in_priority_zone=Exists(zones))
        .annotate(priority=Q(priority_flagged=True) | Q(in_priority_zone=True))
        .order_by("area__code", "title", "id")
    )


def area_ballot(*, campaign: Campaign, area: Area, now: datetime | None = None) -> AreaBallot:
    """The projects on ``area``'s ballot (and the campaign's others); once voting has opened,
    from the process's frozen copy (voting.frozen)."""
    if now is not None:
        snapshot = frozen_snapshot(campaign_id=campaign.pk, now=now)
        if snapshot is not None and area.pk in snapshot.ballots:
            return snapshot.ballots[area.pk]
    here: dict[int, tuple[str, int]] = {}
    elsewhere: dict[int, str] = {}
    rows = Project.objects.filter(campaign=campaign).values_list(
        "id", "title", "cost", "area_id", "area__name"
    )
    for pid, title, cost, area_id, area_name in rows:
        if area_id == area.pk:
            here[pid] = (title, cost)
        else:
            elsewhere[pid] = area_name
    return AreaBallot(area_name=area.name, projects=here, elsewhere=elsewhere)


def envelope_of(*, campaign: Campaign, area: Area) -> Envelope | None:
    return Envelope.objects.filter(campaign=campaign, area=area).first()


def method_for(*, campaign: Campaign, area: Area, now: datetime | None = None) -> Method:
    """The method's parameters: the campaign's (as given), the area's envelope (once voting
    has opened, from the frozen copy)."""
    snapshot = frozen_snapshot(campaign_id=campaign.pk, now=now) if now is not None else None
    if snapshot is not None:
        amount = snapshot.envelopes.get(area.pk)
    else:
        envelope = envelope_of(campaign=campaign, area=area)
        amount = envelope.amount if envelope else None
    return Method(
        rule=campaign.voting_rule,
        approval_max=campaign.approval_max,
        cumulative_points=campaign.cumulative_points,
        knapsack_min_share=campaign.knapsack_min_share,
        envelope=amount,
    )


def envelope_list(*, campaign: Campaign) -> QuerySet[Envelope]:
    return Envelope.objects.filter(campaign=campaign).select_related("area")


def priority_zone_list(*, campaign: Campaign) -> QuerySet[PriorityZone]:
    return PriorityZone.objects.filter(campaign=campaign).order_by("name", "id")


def declaration_list(*, user: Any, campaign: Campaign) -> QuerySet[VoterDeclaration]:
    """The declarations an official may review: those whose arrondissement de cœur they handle
    (administrators: all)."""
    qs = VoterDeclaration.objects.filter(campaign=campaign).select_related(
        "person", "heart_area", "home_district"
    )
    ids = roles.area_ids(user)
    if ids is not None:
        qs = qs.filter(heart_area_id__in=ids)
    return qs.order_by("created_at", "id")


def ballot_by_receipt(*, code: str) -> Ballot | None:
    """The ballot whose receipt is ``code`` (any accepted spelling), None when there is none,
    with its ``status``: ``sealed`` (in the ballot box, until counting starts: shown to the
    receipt's holder only), ``counted``, or ``not_counted`` (left out of the count because the
    voter's declaration was refused: its content was destroyed when the box was opened)."""
    if receipt_normalize(code) is None:
        return None
    hashed = receipt_hash(code)
    ballot = Ballot.objects.select_related("campaign", "area").filter(receipt_hash=hashed).first()
    if ballot is not None:
        ballot.status = "counted" if ballot.counted else "not_counted"  # type: ignore[attr-defined]
        return ballot
    box = (
        SealedBallot.objects.select_related("campaign", "area").filter(receipt_hash=hashed).first()
    )
    if box is not None:
        ballot = Ballot(
            id=box.id,
            campaign=box.campaign,
            area=box.area,
            rule=box.rule,
            choices=box_open(box.sealed),
            receipt_hash=hashed,
            cast_on=box.cast_on,
            counted=False,
        )
        ballot.status = "sealed"  # type: ignore[attr-defined]
        return ballot
    gone = DiscardedReceipt.objects.select_related("campaign", "area").filter(pk=hashed).first()
    if gone is not None:
        ballot = Ballot(
            campaign=gone.campaign,
            area=gone.area,
            rule=gone.campaign.voting_rule,
            choices={},
            receipt_hash=hashed,
            counted=False,
        )
        ballot.status = "not_counted"  # type: ignore[attr-defined]
        return ballot
    return None


def project_titles(*, ballot: Ballot, now: datetime | None = None) -> dict[int, tuple[str, int]]:
    """Titles and costs of the projects a ballot names, in the ballot's order (by title, then
    id, as ``ballot_projects`` lists them; with ``now``, once voting has opened: from the frozen
    copy of its ballot, kept in that order)."""
    content = ballot.choices
    ids: list[Any] = (
        list(content.get("projects", []))
        + list(content.get("grades", {}))
        + list(content.get("points", {}))
    )
    snapshot = frozen_snapshot(campaign_id=ballot.campaign_id, now=now) if now is not None else None
    if snapshot is not None and ballot.area_id in snapshot.ballots:
        known = snapshot.ballots[ballot.area_id].projects
        named = {int(i) for i in ids}
        if named <= known.keys():
            return {pid: value for pid, value in known.items() if pid in named}
    rows = (
        Project.objects.filter(pk__in=[int(i) for i in ids])
        .order_by("title", "id")
        .values_list("id", "title", "cost")
    )
    return {pid: (title, cost) for pid, title, cost in rows}


def _can(refusal: Any, replace: bool) -> dict[str, Any]:
    return {
        "vote": refusal is None,
        "replace": replace,
        "reason": refusal.code if refusal is not None else None,
        "message": refusal.message if refusal is not None else None,
    }


def voting_status(*, user: Any, campaign: Campaign, now: datetime) -> dict[str, Any]:
    """For ``user``: their declaration, and per area of the campaign the envelope, whether they
    voted (and how), whether they may vote or replace their ballot now, and if not why."""
    state = voter_state(user=user, campaign=campaign)
    envelopes = {e.area_id: e for e in envelope_list(campaign=campaign)}
    areas: list[dict[str, Any]] = []
    for area in sorted(campaign.areas.all(), key=lambda a: (a.kind != Area.Kind.CITY, a.code)):
        refusal = vote_refusal(user, campaign=campaign, area=area, now=now, state=state)
        replace = (
            vote_refusal(user, campaign=campaign, area=area, now=now, state=state, replacing=True)
            is None
        )
        envelope = envelopes.get(area.pk)
        areas.append(
            {
                "area": area,
                "envelope": envelope.amount if envelope else None,
                "reserved_amount": envelope.reserved_amount if envelope else None,
                "voted": state.channels.get(area.pk),
                "can": _can(refusal, replace),
            }
        )
    open_here = [a for a in areas if a["can"]["vote"]]
    if open_here or not areas:
        overall = _can(None if open_here else NotInCampaign(), False)
    else:
        # The most telling reason: the first area's unless it is only "another area".
        telling = [a for a in areas if a["can"]["reason"] != "other_area_chosen"] or areas
        overall = dict(telling[0]["can"], replace=False)
    overall["replace"] = any(a["can"]["replace"] for a in areas)
    return {
        "campaign": campaign.slug,
        "voting_rule": campaign.voting_rule,
        "minimum_age": campaign.minimum_age,
        "can": overall,
        "declaration": state.declaration,
        "areas": areas,
    }


# --- identity conflicts --------------------------------------------------------------------------


def participations_on_hold(*, campaign: Campaign) -> QuerySet[Participation]:
    """Participations whose ballot must not be counted because of an identity conflict: both
    sides of a conflict still open (held: never decided by who came first), and the entries the
    officials set aside (an impostor, or the same person twice; an account's declaration is
    refused as well)."""
    from .models import IdentityConflict, VoterRollEntry

    open_ = IdentityConflict.objects.filter(campaign=campaign, status=IdentityConflict.Status.OPEN)
    sides = open_.values("first_id").union(open_.values("second_id"))
    void = VoterRollEntry.objects.filter(
        campaign=campaign, standing=VoterRollEntry.Standing.VOID
    ).values("id")
    return Participation.objects.filter(campaign=campaign).filter(
        Q(voter_id__in=sides) | Q(voter_id__in=void)
    )


def participations_set_aside(*, campaign: Campaign) -> QuerySet[Participation]:
    """Of those, the participations of entries the officials set aside (decided, not held)."""
    from .models import VoterRollEntry

    return Participation.objects.filter(
        campaign=campaign,
        voter__campaign=campaign,
        voter__standing=VoterRollEntry.Standing.VOID,
    )


def identity_conflict_list(*, user: Any, campaign: Campaign) -> QuerySet[Any]:
    """The identity conflicts an official may see and decide: those where either side is tied
    to an area they handle (administrators: all), open ones first."""
    from .models import IdentityConflict

    qs = IdentityConflict.objects.filter(campaign=campaign).select_related(
        "campaign",
        "first__user",
        "second__user",
        "first__heart_area",
        "second__heart_area",
        "first_area",
        "second_area",
        "decided_by",
    )
    ids = roles.area_ids(user)
    if ids is not None:
        qs = qs.filter(Q(first_area_id__in=ids) | Q(second_area_id__in=ids))
    return qs.order_by("-status", "opened_at", "id")


def late_refusals(*, campaign: Campaign) -> int:
    """Declarations refused after counting started (docs/adr/0007): reported with the results,
    never subtracted from the count."""
    if campaign.count_started_at is None:
        return 0
    return VoterDeclaration.objects.filter(
        campaign=campaign,
        status=VoterDeclaration.Status.REFUSED,
        reviewed_at__gte=campaign.count_started_at,
    ).count()

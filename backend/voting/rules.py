"""May this person vote in this ballot now? One check that raises a typed refusal
(voting.errors); ``can`` answers with the same code, so the API and the services never
disagree. Pure given its inputs: the voter's state is read by ``selectors.voter_state``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from accounts import roles
from campaigns.models import Campaign
from campaigns.schedule import VotingStage
from geo.models import Area

from .errors import (
    AlreadyVoted,
    AlreadyVotedOnPaper,
    DeclarationMissing,
    EmailNotVerified,
    NotAuthenticated,
    NotEligible,
    NothingToReplace,
    NotInCampaign,
    OtherAreaChosen,
    TooYoung,
    VotedElsewhere,
    VoteRefused,
    VotingClosed,
)
from .models import Participation, VoterDeclaration

ONLINE = Participation.Channel.ONLINE
PAPER = Participation.Channel.PAPER


@dataclass(frozen=True)
class VoterState:
    """What the check needs to know about one person in one campaign."""

    declaration: VoterDeclaration | None = None
    channels: Mapping[int, str] = field(default_factory=dict)  # area id → participation channel


def age_on(birth_date: date, day: date) -> int:
    """Full years between ``birth_date`` and ``day`` (born on 29 February: 1 March in common
    years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_vote(
    user: Any,
    *,
    campaign: Campaign,
    area: Area,
    now: datetime,
    state: VoterState,
    channel: str = ONLINE,
    replacing: bool = False,
) -> None:
    """Raise the first reason why ``user`` may not vote (or, with ``replacing``, replace their
    ballot) in ``area``'s ballot of ``campaign`` at ``now``. ``channel=paper`` is the ballot an
    official enters for the person: their account needs no signing in."""
    check_vote_open(user, campaign=campaign, area=area, now=now, channel=channel)
    declaration = state.declaration
    if declaration is None:
        raise DeclarationMissing()
    if declaration.status == VoterDeclaration.Status.REFUSED:
        raise NotEligible(
            f"Your declaration was refused: {declaration.review_reason} You cannot vote in this "
            "campaign; your town hall can tell you more."
        )
    if campaign.minimum_age:
        age = age_on(declaration.birth_date, timezone.localdate(now))
        if age < campaign.minimum_age:
            raise TooYoung(
                f"You must be at least {campaign.minimum_age} to vote in this campaign "
                f"(you are {age})."
            )
    if area.kind == Area.Kind.ARRONDISSEMENTS and declaration.heart_area_id != area.pk:
        heart = declaration.heart_area
        raise OtherAreaChosen(
            f"You vote in the ballot of {heart.name}, your arrondissement de cœur, and in the "
            "city-wide ballot."
            if heart is not None
            else "Choose your arrondissement de cœur in your declaration to vote here."
        )
    if area.kind == Area.Kind.ARRONDISSEMENTS:
        there = [a for a in campaign.areas.all() if a.pk in state.channels and a.pk != area.pk]
        if any(a.kind == Area.Kind.ARRONDISSEMENTS for a in there):
            raise VotedElsewhere(
                "A ballot was already cast under your name in the ballot of another "
                "arrondissement: one arrondissement ballot per person."
            )
    voted = state.channels.get(area.pk)
    if voted == PAPER:
        raise AlreadyVotedOnPaper(f"You have already voted on paper in the ballot of {area.name}.")
    if voted == ONLINE and not replacing:
        if channel == PAPER:
            raise AlreadyVoted(f"This person has already voted online in {area.name}.")
        raise AlreadyVoted(
            f"You have already voted in the ballot of {area.name}: you can replace your ballot "
            "with your receipt code until voting closes."
        )
    if replacing and voted is None:
        raise NothingToReplace()


def check_vote_open(
    user: Any, *, campaign: Campaign, area: Area, now: datetime, channel: str = ONLINE
) -> None:
    """The first checks of ``check_vote``, which need nothing about the voter but their account
    (signed in, address confirmed): is this ballot open now? Casting asks them before reading
    anything about the voter."""
    if channel == ONLINE:
        if not roles.is_authenticated(user):
            raise NotAuthenticated()
        if not roles.is_verified(user):
            raise EmailNotVerified()
    stage = campaign.voting_stage(now)
    if stage != VotingStage.OPEN:
        raise VotingClosed(
            f"Voting in « {campaign.name} » "
            + ("has not opened yet." if stage == VotingStage.NOT_OPEN else "has closed.")
        )
    if area.pk not in {a.pk for a in campaign.areas.all()}:
        raise NotInCampaign(f"{area.name} has no ballot in the campaign « {campaign.name} ».")


def vote_refusal(
    user: Any,
    *,
    campaign: Campaign,
    area: Area,
    now: datetime,
    state: VoterState,
    replacing: bool = False,
) -> VoteRefused | None:
    """The refusal ``check_vote`` would raise, or None when the vote is allowed."""
    try:
        check_vote(user, campaign=campaign, area=area, now=now, state=state, replacing=replacing)
    except VoteRefused as refusal:
        return refusal
    return None


def can_vote(
    user: Any, *, campaign: Campaign, area: Area, now: datetime, state: VoterState
) -> bool:
    return vote_refusal(user, campaign=campaign, area=area, now=now, state=state) is None

"""Who may do what to a proposal, now: small predicates shared by the services (which enforce
them) and the serializers (which expose them as ``can``), so the two never disagree."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from campaigns.models import Campaign
from campaigns.phases import current_phase

from .models import Proposal


def submissions_open(campaign: Campaign, now: datetime) -> bool:
    return (
        current_phase(
            submission_start=campaign.submission_start,
            submission_end=campaign.submission_end,
            now=now,
        )
        == "submission"
    )


def is_official(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def is_author(user: Any, proposal: Proposal) -> bool:
    return bool(user and user.is_authenticated and proposal.author_id == user.id)


def can_propose(user: Any, campaign: Campaign, now: datetime) -> bool:
    return bool(user and user.is_authenticated) and submissions_open(campaign, now)


def can_edit(user: Any, proposal: Proposal, now: datetime) -> bool:
    return (
        is_author(user, proposal)
        and proposal.status == Proposal.Status.SUBMITTED
        and submissions_open(proposal.campaign, now)
    )


def can_withdraw(user: Any, proposal: Proposal, now: datetime) -> bool:
    return can_edit(user, proposal, now)


def can_see(user: Any, proposal: Proposal) -> bool:
    """The public sees placed, non-withdrawn proposals; authors and officials see theirs too."""
    if is_official(user) or is_author(user, proposal):
        return True
    return (
        proposal.location_status == Proposal.LocationStatus.PLACED
        and proposal.status != Proposal.Status.WITHDRAWN
    )


def actions(user: Any, proposal: Proposal, now: datetime) -> dict[str, bool]:
    return {"edit": can_edit(user, proposal, now), "withdraw": can_withdraw(user, proposal, now)}

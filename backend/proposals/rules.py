"""What may be done to a proposal, now: the campaign's phase table crossed with roles and
areas (campaigns.rules). Services enforce these; serializers expose them as ``can``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accounts import roles
from campaigns.rules import can
from campaigns.schedule import Action

from .models import Proposal

S = Proposal.Status
# Where each official decision may start from.
REVIEW_FROM = {
    "start_review": {S.SUBMITTED},
    "accept": {S.SUBMITTED, S.IN_REVIEW},
    "reject": {S.SUBMITTED, S.IN_REVIEW},
}
MERGE_FROM = {S.ACCEPTED}


def is_author(user: Any, proposal: Proposal) -> bool:
    return roles.is_authenticated(user) and proposal.author_id == user.id


def _can(user: Any, action: Action, proposal: Proposal, now: datetime, **kw: Any) -> bool:
    return can(user, action, campaign=proposal.campaign, now=now, area_id=proposal.area_id, **kw)


def can_edit(user: Any, proposal: Proposal, now: datetime) -> bool:
    return proposal.status == S.SUBMITTED and _can(
        user, Action.EDIT_OWN, proposal, now, own=is_author(user, proposal)
    )


def can_withdraw(user: Any, proposal: Proposal, now: datetime) -> bool:
    return proposal.status in (S.SUBMITTED, S.IN_REVIEW) and _can(
        user, Action.WITHDRAW, proposal, now, own=is_author(user, proposal)
    )


def can_report(user: Any, proposal: Proposal, now: datetime) -> bool:
    """Once per person; not one's own proposal."""
    return (
        not is_author(user, proposal)
        and not getattr(proposal, "reported_by_me", False)
        and _can(user, Action.REPORT, proposal, now)
    )


def can_moderate(user: Any, proposal: Proposal, now: datetime) -> bool:
    return _can(user, Action.MODERATE, proposal, now)


def can_review(user: Any, proposal: Proposal, now: datetime) -> bool:
    return proposal.status in (S.SUBMITTED, S.IN_REVIEW) and _can(
        user, Action.REVIEW, proposal, now
    )


def can_merge(user: Any, proposal: Proposal, now: datetime) -> bool:
    return proposal.status in MERGE_FROM and _can(user, Action.MERGE, proposal, now)


def can_see_all(user: Any) -> bool:
    return roles.is_official(user)


def actions(user: Any, proposal: Proposal, now: datetime) -> dict[str, bool]:
    return {
        "edit": can_edit(user, proposal, now),
        "withdraw": can_withdraw(user, proposal, now),
        "report": can_report(user, proposal, now),
        "moderate": can_moderate(user, proposal, now),
        "review": can_review(user, proposal, now),
        "merge": can_merge(user, proposal, now),
    }

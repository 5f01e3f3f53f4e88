"""What may be done to a proposal, now: the campaign's phase table crossed with roles and
areas (campaigns.rules). Services enforce these; serializers expose them as ``can``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accounts import roles
from campaigns.rules import can
from campaigns.schedule import Action

from .models import Proposal


def is_author(user: Any, proposal: Proposal) -> bool:
    return roles.is_authenticated(user) and proposal.author_id == user.id


def can_edit(user: Any, proposal: Proposal, now: datetime) -> bool:
    return proposal.status == Proposal.Status.SUBMITTED and can(
        user, Action.EDIT_OWN, campaign=proposal.campaign, now=now, own=is_author(user, proposal)
    )


def can_withdraw(user: Any, proposal: Proposal, now: datetime) -> bool:
    return proposal.status in (Proposal.Status.SUBMITTED, Proposal.Status.IN_REVIEW) and can(
        user, Action.WITHDRAW, campaign=proposal.campaign, now=now, own=is_author(user, proposal)
    )


def can_see_all(user: Any) -> bool:
    return roles.is_official(user)


def actions(user: Any, proposal: Proposal, now: datetime) -> dict[str, bool]:
    return {"edit": can_edit(user, proposal, now), "withdraw": can_withdraw(user, proposal, now)}

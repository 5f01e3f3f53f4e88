"""What may be done to a ballot project, now: the phase table crossed with roles and areas
(campaigns.rules). Services enforce these; serializers expose them as ``can``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from campaigns.rules import can, role_allows
from campaigns.schedule import Action, is_frozen

from .models import Project


def can_update(user: Any, project: Project, now: datetime) -> bool:
    """Officials of the project's area, until voting opens (then the ballot is frozen)."""
    return role_allows(user, Action.MERGE, area_id=project.area_id) and not is_frozen(
        project.campaign.phase_at(now)
    )


def can_add_proposals(user: Any, project: Project, now: datetime) -> bool:
    """Merging more proposals into the project: officials of its area, in a merging phase."""
    return can(user, Action.MERGE, campaign=project.campaign, now=now, area_id=project.area_id)


def actions(user: Any, project: Project, now: datetime) -> dict[str, bool]:
    return {
        "update": can_update(user, project, now),
        "add_proposals": can_add_proposals(user, project, now),
    }

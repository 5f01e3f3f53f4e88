"""Who may take which action now: the phase table (campaigns.schedule.PHASE_ACTIONS) crossed
with roles and areas. Services call ``check``; serializers expose ``can`` from the same code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accounts import roles
from core.errors import NotAllowed, PhaseClosed

from .models import Campaign
from .schedule import Action, allows

# Any signed-in person (officials are residents too).
RESIDENT_ACTIONS = frozenset(
    {Action.PROPOSE, Action.EDIT_OWN, Action.WITHDRAW, Action.COMMENT, Action.REPORT, Action.VOTE}
)
# Officials, on objects of the areas they handle (administrators everywhere).
OFFICIAL_ACTIONS = frozenset(
    {
        Action.MODERATE,
        Action.REVIEW,
        Action.MERGE,
        Action.ENTER_PAPER_BALLOTS,
        Action.PUBLISH_RESULTS,
        Action.ADD_MILESTONES,
    }
)
# Actions on one's own object only.
OWN_ACTIONS = frozenset({Action.EDIT_OWN, Action.WITHDRAW})


def role_allows(
    user: Any, action: Action | str, *, area_id: int | None = None, own: bool = False
) -> bool:
    action = Action(action)
    if not roles.is_authenticated(user):
        return False
    if action in OFFICIAL_ACTIONS:
        return roles.is_official(user) and roles.handles_area(user, area_id)
    if action in OWN_ACTIONS:
        return own
    return action in RESIDENT_ACTIONS


def can(
    user: Any,
    action: Action | str,
    *,
    campaign: Campaign,
    now: datetime,
    area_id: int | None = None,
    own: bool = False,
) -> bool:
    return allows(campaign.phase_at(now), action) and role_allows(
        user, action, area_id=area_id, own=own
    )


def check(
    user: Any,
    action: Action | str,
    *,
    campaign: Campaign,
    now: datetime,
    area_id: int | None = None,
    own: bool = False,
) -> None:
    """Raise ``NotAllowed`` (403) when the role or area forbids, ``PhaseClosed`` (409) when the
    campaign's current phase does."""
    action = Action(action)
    if not role_allows(user, action, area_id=area_id, own=own):
        if action in OFFICIAL_ACTIONS and roles.is_official(user):
            raise NotAllowed(
                f"You do not handle this area: « {action} » is not yours to take here."
            )
        if action in OWN_ACTIONS:
            raise NotAllowed(f"Only the author can {action.replace('_own', '')} this.")
        raise NotAllowed(f"Your role does not allow « {action} ».")
    phase = campaign.phase_at(now)
    if not allows(phase, action):
        raise PhaseClosed(
            f"« {action} » is not possible while the campaign « {campaign.name} » is in the "
            f"{phase} phase."
        )

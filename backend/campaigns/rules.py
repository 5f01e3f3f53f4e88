"""Who may take which action now: the phase table (campaigns.schedule.PHASE_ACTIONS) crossed
with roles and areas, and the campaign administrators' actions.

Every rule is written once, as a ``check_…`` function that raises the typed refusal
(``NotAllowed`` 403, ``EmailNotVerified`` 403, ``PhaseClosed`` 409, …). Services call the
check; the ``can`` maps the API exposes call ``allowed(check, …)``: "the check does not raise".
So what ``can`` says and what the service does cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from django.conf import settings

from accounts import roles
from core.errors import (
    ApplicationError,
    EmailNotVerified,
    Frozen,
    LimitReached,
    NotAllowed,
    PhaseClosed,
    SubmissionsClosed,
)

from .models import Campaign
from .schedule import Action, VotingStage, allows, is_frozen, next_phase

T = TypeVar("T")

# Any signed-in person (officials are residents too).
RESIDENT_ACTIONS = frozenset(
    {
        Action.PROPOSE,
        Action.EDIT_OWN,
        Action.WITHDRAW,
        Action.COMMENT,
        Action.SUPPORT,
        Action.REPORT,
        Action.VOTE,
    }
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
# Actions allowed exactly while voting is open (campaigns.schedule.voting_stage).
BALLOT_ACTIONS = frozenset({Action.VOTE, Action.ENTER_PAPER_BALLOTS})
# Actions on one's own object only.
OWN_ACTIONS = frozenset({Action.EDIT_OWN, Action.WITHDRAW})
# Actions that need an email address the person has confirmed (throwaway accounts cannot
# propose, comment, support, report or vote).
VERIFIED_ACTIONS = frozenset(
    {Action.PROPOSE, Action.COMMENT, Action.SUPPORT, Action.REPORT, Action.VOTE}
)


# --- the generic pieces ---------------------------------------------------------------------


def allowed(check: Callable[..., None], *args: Any, **kwargs: Any) -> bool:
    """Whether ``check(*args, **kwargs)`` lets the action through: every ``can_…`` is this."""
    try:
        check(*args, **kwargs)
    except ApplicationError:
        return False
    return True


@dataclass(frozen=True)
class Condition(Generic[T]):
    """A condition on the state of the object an action applies to, with the refusal raised
    when it does not hold. ``holds(user, obj, now)``; ``refusal(obj)``."""

    holds: Callable[[Any, T, datetime], bool]
    refusal: Callable[[T], ApplicationError]


def require(conditions: tuple[Condition[T], ...], user: Any, obj: T, now: datetime) -> None:
    """Raise the refusal of the first condition that does not hold."""
    for condition in conditions:
        if not condition.holds(user, obj, now):
            raise condition.refusal(obj)


# --- role × area × phase ----------------------------------------------------------------------


def role_allows(
    user: Any, action: Action | str, *, area_id: int | None = None, own: bool = False
) -> bool:
    action = Action(action)
    if not roles.is_authenticated(user):
        return False
    if action in VERIFIED_ACTIONS and not roles.is_verified(user):
        return False
    if action in OFFICIAL_ACTIONS:
        return roles.is_official(user) and roles.handles_area(user, area_id)
    if action in OWN_ACTIONS:
        return own
    return action in RESIDENT_ACTIONS


def check_role(
    user: Any, action: Action | str, *, area_id: int | None = None, own: bool = False
) -> None:
    """Raise ``NotAllowed`` (403; ``EmailNotVerified`` for an unconfirmed address) when the role,
    the area or the ownership forbids ``action``, whatever the phase."""
    action = Action(action)
    if role_allows(user, action, area_id=area_id, own=own):
        return
    if action in VERIFIED_ACTIONS and roles.is_authenticated(user) and not roles.is_verified(user):
        raise EmailNotVerified()
    if action in OFFICIAL_ACTIONS and roles.is_official(user):
        raise NotAllowed(f"You do not handle this area: « {action} » is not yours to take here.")
    if action in OWN_ACTIONS:
        raise NotAllowed(f"Only the author can {action.replace('_own', '')} this.")
    raise NotAllowed(f"Your role does not allow « {action} ».")


def check_phase(action: Action | str, *, campaign: Campaign, now: datetime) -> None:
    """Raise ``PhaseClosed`` (409) when the campaign's current phase does not allow ``action``."""
    action = Action(action)
    if action in BALLOT_ACTIONS:
        # Casting and entering ballots ask the one authority: the voting slot, start inclusive,
        # end exclusive (a gap after it is "closed, being checked", whatever the phase says).
        stage = campaign.voting_stage(now)
        if stage != VotingStage.OPEN:
            raise PhaseClosed(
                f"« {action} » is not possible: voting in « {campaign.name} » "
                + ("has not opened." if stage == VotingStage.NOT_OPEN else "has closed.")
            )
        return
    phase = campaign.phase_at(now)
    if not allows(phase, action):
        raise PhaseClosed(
            f"« {action} » is not possible while the campaign « {campaign.name} » is in the "
            f"{phase} phase."
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
    campaign's current phase does (the role first: the most useful reason)."""
    check_role(user, action, area_id=area_id, own=own)
    check_phase(action, campaign=campaign, now=now)


def can(
    user: Any,
    action: Action | str,
    *,
    campaign: Campaign,
    now: datetime,
    area_id: int | None = None,
    own: bool = False,
) -> bool:
    return allowed(check, user, action, campaign=campaign, now=now, area_id=area_id, own=own)


# --- conditions shared by several tables -----------------------------------------------------


def _ballot_open(user: Any, campaign: Campaign, now: datetime) -> bool:
    return not is_frozen(campaign.phase_at(now))


NOT_FROZEN: Condition[Campaign] = Condition(_ballot_open, lambda campaign: Frozen())


# --- proposing -------------------------------------------------------------------------------


def check_propose(user: Any, campaign: Campaign, now: datetime) -> None:
    """Signed in with a confirmed address (403), while the campaign takes submissions (409
    ``submissions_closed``), at most ``PROPOSALS_PER_USER_PER_DAY`` proposals in 24 hours (429
    ``limit_reached``; the service locks the person's row first, so the count holds)."""
    check_role(user, Action.PROPOSE)
    try:
        check_phase(Action.PROPOSE, campaign=campaign, now=now)
    except PhaseClosed as exc:
        raise SubmissionsClosed(
            f"The campaign « {campaign.name} » is not open for submissions."
        ) from exc
    limit = settings.PROPOSALS_PER_USER_PER_DAY
    if user.proposals.filter(created_at__gte=now - timedelta(days=1)).count() >= limit:
        raise LimitReached(f"At most {limit} proposals per person in 24 hours.")


def can_propose(user: Any, campaign: Campaign, now: datetime) -> bool:
    return allowed(check_propose, user, campaign, now)


# --- the campaign administrators' actions ----------------------------------------------------


def _has_next_phase(user: Any, campaign: Campaign, now: datetime) -> bool:
    return next_phase(campaign.phase_at(now)) is not None


def _closed(campaign: Campaign) -> ApplicationError:
    return ApplicationError("The campaign is closed: there is no next phase.", field="phase")


# Administrators only; then these conditions on the campaign, in order.
ADMIN_RULES: Mapping[str, tuple[Condition[Campaign], ...]] = {
    "update": (),
    "advance_phase": (Condition(_has_next_phase, _closed),),
    "move_phase": (),
}


def _check_admin(name: str, user: Any, campaign: Campaign, now: datetime) -> None:
    if not roles.is_administrator(user):
        raise NotAllowed("Only administrators can change a campaign's schedule or settings.")
    require(ADMIN_RULES[name], user, campaign, now)


def check_campaign_create(user: Any, now: datetime) -> None:
    """Administrators create campaigns (there is no campaign yet, so no condition on one: the
    values themselves are checked by ``campaign_create``)."""
    if not roles.is_administrator(user):
        raise NotAllowed("Only administrators can create a campaign.")


def check_campaign_update(user: Any, campaign: Campaign, now: datetime) -> None:
    """Settings (name, description, voting rule, …); the voting rule itself is frozen once
    voting opens, which the service checks on the value."""
    _check_admin("update", user, campaign, now)


def check_phase_advance(user: Any, campaign: Campaign, now: datetime) -> None:
    _check_admin("advance_phase", user, campaign, now)


def check_phase_move(user: Any, campaign: Campaign, now: datetime) -> None:
    _check_admin("move_phase", user, campaign, now)


def can_campaign_create(user: Any, now: datetime) -> bool:
    return allowed(check_campaign_create, user, now)


def can_campaign_update(user: Any, campaign: Campaign, now: datetime) -> bool:
    return allowed(check_campaign_update, user, campaign, now)


def can_phase_advance(user: Any, campaign: Campaign, now: datetime) -> bool:
    return allowed(check_phase_advance, user, campaign, now)


def can_phase_move(user: Any, campaign: Campaign, now: datetime) -> bool:
    return allowed(check_phase_move, user, campaign, now)


def actions(user: Any, campaign: Campaign, now: datetime) -> dict[str, bool]:
    """The campaign's ``can`` map."""
    return {
        "propose": can_propose(user, campaign, now),
        "update": can_campaign_update(user, campaign, now),
        "advance_phase": can_phase_advance(user, campaign, now),
        "move_phase": can_phase_move(user, campaign, now),
    }

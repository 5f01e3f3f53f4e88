"""What may be done to a proposal, now. One rule per action, from the status machine in
``proposals.transitions`` and the role × area × phase rule of ``campaigns.rules``: each
``check_<action>`` raises the refusal (403, 409, …) and is what the services call; each
``can_<action>`` is ``allowed(check_<action>, …)`` and is what the ``can`` maps say."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accounts import roles
from campaigns.rules import allowed, check
from campaigns.schedule import Action
from core.errors import ApplicationError

from . import transitions as t
from .errors import AlreadySupported, NotOpenForSupport, NotSupported
from .models import Proposal
from .transitions import is_author


def check_action(name: str, user: Any, proposal: Proposal, now: datetime) -> None:
    """The rule of the action ``name`` (a key of ``transitions.TRANSITIONS``): who, where and
    when (403 / 409 ``phase_closed``), then the proposal's state (409 and the like)."""
    transition = t.TRANSITIONS[name]
    check(
        user,
        transition.action,
        campaign=proposal.campaign,
        now=now,
        area_id=proposal.area_id,
        own=is_author(user, proposal),
    )
    t.check_state(name, user, proposal, now)


# --- the author -------------------------------------------------------------------------------


def check_edit(user: Any, proposal: Proposal, now: datetime) -> None:
    check_action(t.EDIT, user, proposal, now)


def check_withdraw(user: Any, proposal: Proposal, now: datetime) -> None:
    check_action(t.WITHDRAW, user, proposal, now)


# --- moderation -------------------------------------------------------------------------------


def check_report(user: Any, proposal: Proposal, now: datetime) -> None:
    """Signed in with a confirmed address; once per person; never one's own proposal."""
    check_action(t.REPORT, user, proposal, now)


def check_hide(user: Any, proposal: Proposal, now: datetime) -> None:
    """Officials of the area; an automatic hiding may be confirmed, an official's may not."""
    check_action(t.HIDE, user, proposal, now)


def check_restore(user: Any, proposal: Proposal, now: datetime) -> None:
    """Officials of the area, on a hidden or reported proposal."""
    check_action(t.RESTORE, user, proposal, now)


# --- the feasibility study ---------------------------------------------------------------------


def check_start_review(user: Any, proposal: Proposal, now: datetime) -> None:
    check_action(t.START_REVIEW, user, proposal, now)


def check_accept(user: Any, proposal: Proposal, now: datetime) -> None:
    check_action(t.ACCEPT, user, proposal, now)


def check_reject(user: Any, proposal: Proposal, now: datetime) -> None:
    check_action(t.REJECT, user, proposal, now)


def check_prepare(user: Any, proposal: Proposal, now: datetime) -> None:
    check_action(t.PREPARE, user, proposal, now)


def check_note(user: Any, proposal: Proposal, now: datetime) -> None:
    check_action(t.NOTE, user, proposal, now)


def check_assign(user: Any, proposal: Proposal, now: datetime) -> None:
    check_action(t.ASSIGN, user, proposal, now)


# --- merging -------------------------------------------------------------------------------------


def check_merge(user: Any, proposal: Proposal, now: datetime) -> None:
    """``proposal`` may be merged into another proposal, into a project, or made a project."""
    check_action(t.MERGE, user, proposal, now)


def check_merge_into(user: Any, proposal: Proposal, target: Proposal, now: datetime) -> None:
    """``proposal`` may be merged into ``target``: both mergeable by ``user`` now, of one
    campaign and one area; a target that is part of a project takes proposals through it."""
    if proposal.pk == target.pk:
        raise ApplicationError(
            "A proposal cannot be merged into itself.", code="merge_into_itself", field="into"
        )
    check_merge(user, proposal, now)
    check_action(t.MERGE_TARGET, user, target, now)
    if target.campaign_id != proposal.campaign_id or target.area_id != proposal.area_id:
        raise ApplicationError(
            "Both proposals must belong to the same campaign and area.", field="into"
        )


# --- supports (``conversations.Support``) ------------------------------------------------------


def check_support(user: Any, proposal: Proposal, now: datetime) -> None:
    """« Je soutiens »: a confirmed address (403), while the phase allows supports (409: the
    submission phase by default), on a public proposal (409 ``target_closed``), once (409
    ``already_supported``, from the list's ``supported_by_me`` annotation; a unique constraint
    holds it in the database)."""
    check(user, Action.SUPPORT, campaign=proposal.campaign, now=now, area_id=proposal.area_id)
    if proposal.is_hidden or proposal.status == Proposal.Status.WITHDRAWN:
        raise NotOpenForSupport()
    if getattr(proposal, "supported_by_me", False):
        raise AlreadySupported()


def check_unsupport(user: Any, proposal: Proposal, now: datetime) -> None:
    """Taking one's support back, while supports are open (``supported_by_me``, annotated by
    ``selectors.with_supports``, says there is one)."""
    check(user, Action.SUPPORT, campaign=proposal.campaign, now=now, area_id=proposal.area_id)
    if not getattr(proposal, "supported_by_me", False):
        raise NotSupported()


def can_support(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_support, user, proposal, now)


def can_unsupport(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_unsupport, user, proposal, now)


# --- the ``can`` map ---------------------------------------------------------------------------


def can_edit(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_edit, user, proposal, now)


def can_withdraw(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_withdraw, user, proposal, now)


def can_report(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_report, user, proposal, now)


def can_hide(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_hide, user, proposal, now)


def can_restore(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_restore, user, proposal, now)


def can_moderate(user: Any, proposal: Proposal, now: datetime) -> bool:
    """Some moderation decision is open: hiding or restoring."""
    return can_hide(user, proposal, now) or can_restore(user, proposal, now)


def can_start_review(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_start_review, user, proposal, now)


def can_accept(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_accept, user, proposal, now)


def can_reject(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_reject, user, proposal, now)


def can_prepare(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_prepare, user, proposal, now)


def can_note(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_note, user, proposal, now)


def can_assign(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_assign, user, proposal, now)


def can_merge(user: Any, proposal: Proposal, now: datetime) -> bool:
    return allowed(check_merge, user, proposal, now)


def can_see_all(user: Any) -> bool:
    return roles.is_official(user)


def actions(user: Any, proposal: Proposal, now: datetime) -> dict[str, bool]:
    """The proposal's ``can`` map. ``moderate`` is ``hide`` or ``restore``; ``review`` is the
    decision (``accept`` and ``reject`` share their rule)."""
    hide, restore = can_hide(user, proposal, now), can_restore(user, proposal, now)
    accept = can_accept(user, proposal, now)
    return {
        "edit": can_edit(user, proposal, now),
        "withdraw": can_withdraw(user, proposal, now),
        "report": can_report(user, proposal, now),
        "moderate": hide or restore,
        "hide": hide,
        "restore": restore,
        "review": accept,
        "start_review": can_start_review(user, proposal, now),
        "accept": accept,
        "reject": can_reject(user, proposal, now),
        "prepare": can_prepare(user, proposal, now),
        "note": can_note(user, proposal, now),
        "assign": can_assign(user, proposal, now),
        "merge": can_merge(user, proposal, now),
        "support": can_support(user, proposal, now),
        "unsupport": can_unsupport(user, proposal, now),
    }

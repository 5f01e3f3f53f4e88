"""The proposal status machine, written once as data.

``TRANSITIONS`` names every action on a proposal: the phase-table action whose role and phase
rule applies (``campaigns.rules``), the statuses it may start from, the status it leads to, and
the other conditions on the proposal's state. ``proposals.rules`` turns each entry into a
``check_…`` (for the services) and a ``can_…`` (for the API's ``can`` maps)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accounts import roles
from campaigns.rules import Condition, require
from campaigns.schedule import Action
from core.errors import ApplicationError, InvalidTransition

from .errors import AlreadyReported, OwnProposal
from .models import Proposal

S = Proposal.Status
ANY = frozenset(S)


@dataclass(frozen=True)
class Transition:
    action: Action  # the phase-table action: who (role, area, own) and when (phase)
    sources: frozenset[S]  # the statuses it may start from
    target: S | None = None  # the status it leads to (None: the status stays)
    what: str = "changed this way"  # "… it cannot be <what>"
    conditions: tuple[Condition[Proposal], ...] = ()  # on the proposal's state, in order
    # The refusal when the status is not one of ``sources`` ({pk}, {status}, {allowed}).
    status_message: str = (
        "This proposal is « {status} »: it cannot be {what}; only a proposal that is {allowed} can."
    )

    def status_refusal(self, proposal: Proposal) -> InvalidTransition:
        allowed = " or ".join(f"« {s.value} »" for s in S if s in self.sources)
        return InvalidTransition(
            self.status_message.format(
                pk=proposal.pk, status=proposal.status, what=self.what, allowed=allowed
            )
        )


# --- facts about a proposal ------------------------------------------------------------------


def is_author(user: Any, proposal: Proposal) -> bool:
    return roles.is_authenticated(user) and proposal.author_id == user.id


def reported_by(user: Any, proposal: Proposal) -> bool:
    """Whether ``user`` has reported ``proposal`` (the selectors annotate ``reported_by_me``
    for the reader; otherwise one query)."""
    known = getattr(proposal, "reported_by_me", None)
    if known is not None:
        return bool(known)
    return proposal.reports.filter(reporter_id=user.pk).exists()


def has_open_reports(proposal: Proposal) -> bool:
    """Reports not handled yet (annotated by the selectors; otherwise one query)."""
    for name in ("has_open_reports", "open_reports"):
        known = getattr(proposal, name, None)
        if known is not None:
            return bool(known)
    return proposal.reports.filter(handled_at__isnull=True).exists()


# --- conditions --------------------------------------------------------------------------------


def _condition(
    holds: Callable[[Any, Proposal, datetime], bool],
    refusal: Callable[[Proposal], ApplicationError],
) -> Condition[Proposal]:
    return Condition(holds, refusal)


NOT_OWN = _condition(lambda user, p, now: not is_author(user, p), lambda p: OwnProposal())
NOT_REPORTED_BY_ME = _condition(
    lambda user, p, now: not reported_by(user, p), lambda p: AlreadyReported()
)
NOT_HIDDEN_BY_AN_OFFICIAL = _condition(
    lambda user, p, now: not (p.is_hidden and p.hidden_by_id is not None),
    lambda p: InvalidTransition("This proposal is already hidden by an official."),
)
HIDDEN_OR_REPORTED = _condition(
    lambda user, p, now: p.is_hidden or has_open_reports(p),
    lambda p: InvalidTransition("This proposal is neither hidden nor reported."),
)
PLACED = _condition(
    lambda user, p, now: p.area_id is not None,
    lambda p: InvalidTransition(
        f"Proposal #{p.pk} is not placed on the map yet: it belongs to no ballot."
    ),
)
NOT_IN_A_PROJECT = _condition(
    lambda user, p, now: p.project_id is None,
    lambda p: InvalidTransition(f"Proposal #{p.pk} is already part of project #{p.project_id}."),
)
TARGET_NOT_IN_A_PROJECT = _condition(
    lambda user, p, now: p.project_id is None,
    lambda p: InvalidTransition(
        f"Proposal #{p.pk} is part of project #{p.project_id}: add this proposal to the project "
        "instead."
    ),
)

# --- the table -----------------------------------------------------------------------------------

EDIT = "edit"
WITHDRAW = "withdraw"
REPORT = "report"
HIDE = "hide"
RESTORE = "restore"
START_REVIEW = "start_review"
ACCEPT = "accept"
REJECT = "reject"
PREPARE = "prepare"
NOTE = "note"
ASSIGN = "assign"
MERGE = "merge"  # into another proposal or into a project (new or existing)
MERGE_TARGET = "merge_target"  # what a proposal must be for another to be merged into it

UNDER_STUDY = frozenset({S.SUBMITTED, S.IN_REVIEW})

TRANSITIONS: Mapping[str, Transition] = {
    EDIT: Transition(Action.EDIT_OWN, frozenset({S.SUBMITTED}), what="edited"),
    WITHDRAW: Transition(Action.WITHDRAW, UNDER_STUDY, S.WITHDRAWN, what="withdrawn"),
    REPORT: Transition(Action.REPORT, ANY, conditions=(NOT_OWN, NOT_REPORTED_BY_ME)),
    HIDE: Transition(Action.MODERATE, ANY, conditions=(NOT_HIDDEN_BY_AN_OFFICIAL,)),
    RESTORE: Transition(Action.MODERATE, ANY, conditions=(HIDDEN_OR_REPORTED,)),
    START_REVIEW: Transition(
        Action.REVIEW, frozenset({S.SUBMITTED}), S.IN_REVIEW, what="put under review"
    ),
    ACCEPT: Transition(Action.REVIEW, UNDER_STUDY, S.ACCEPTED, what="accepted"),
    REJECT: Transition(Action.REVIEW, UNDER_STUDY, S.REJECTED, what="rejected"),
    PREPARE: Transition(Action.REVIEW, UNDER_STUDY, what="given a prepared answer"),
    NOTE: Transition(Action.REVIEW, ANY),
    ASSIGN: Transition(Action.REVIEW, UNDER_STUDY | {S.ACCEPTED}, what="assigned"),
    MERGE: Transition(
        Action.MERGE,
        frozenset({S.ACCEPTED}),
        S.MERGED,
        conditions=(PLACED, NOT_IN_A_PROJECT),
        status_message="Proposal #{pk} is « {status} »: only accepted proposals can be merged "
        "or turned into a project.",
    ),
    MERGE_TARGET: Transition(
        Action.MERGE,
        frozenset({S.ACCEPTED}),
        conditions=(PLACED, TARGET_NOT_IN_A_PROJECT),
        status_message="Proposal #{pk} is « {status} »: a proposal can only be merged into an "
        "accepted one.",
    ),
}


def target(name: str) -> S:
    """The status the action ``name`` leads to."""
    status = TRANSITIONS[name].target
    if status is None:
        raise ValueError(f"« {name} » does not change the status.")
    return status


def sources(name: str) -> frozenset[S]:
    """The statuses the action ``name`` may start from (for selectors and bulk queries)."""
    return TRANSITIONS[name].sources


def check_state(name: str, user: Any, proposal: Proposal, now: datetime) -> None:
    """The state part of the rule ``name``: the status, then the other conditions."""
    transition = TRANSITIONS[name]
    if proposal.status not in transition.sources:
        raise transition.status_refusal(proposal)
    require(transition.conditions, user, proposal, now)

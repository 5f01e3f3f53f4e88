"""Writes for the feasibility study: officials move proposals ``submitted`` → ``in_review`` →
``accepted`` (with a cost) | ``rejected`` (with a public reason), keep private notes, prepare
answers and publish them together, assign proposals, and do all of it in bulk.

Every service locks the proposal (``select_for_update``), checks the action's rule
(``proposals.rules.check_…``: the official's role and area, 403, the phase, 409, then the
proposal's status, 409 ``invalid_transition``; the ``can`` maps say the same), then the values
(400 naming the field); writes one audit record per state change; and notifies the author of an
acceptance or a rejection after the commit."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from accounts import roles
from accounts.models import User
from audit.services import audit_record, snapshot
from campaigns.models import Campaign
from campaigns.rules import check
from campaigns.schedule import Action
from core.errors import ApplicationError, NotAllowed
from geo.models import Area
from notifications.services import proposal_notify_followers
from proposals import rules
from proposals import transitions as t
from proposals.models import Proposal

# Whoever calls: anonymous people and residents are refused by the rules, not by types.
Actor = User | AnonymousUser
ACCEPTED, REJECTED = "accepted", "rejected"
# A sanity bound on costs (a trillion euros): larger numbers are typing mistakes.
MAX_COST = 10**12
BULK_MAX = 500
DECISION_FIELDS = [
    "status",
    "estimated_cost",
    "public_answer",
    "decided_at",
    "prepared_decision",
    "prepared_cost",
    "prepared_answer",
]
PREPARED_FIELDS = ["prepared_decision", "prepared_cost", "prepared_answer"]


# --- helpers --------------------------------------------------------------------------------


def _locked_queryset() -> Any:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("campaign", "area")
        .prefetch_related("campaign__phases")
    )


def _lock(proposal: Proposal) -> Proposal:
    return _locked_queryset().get(pk=proposal.pk)


def _valid_cost(cost: int | None, *, field: str = "cost") -> int:
    if cost is None:
        raise ApplicationError(
            "An estimated cost in euros is required to accept a proposal.",
            code="required",
            field=field,
        )
    if isinstance(cost, bool) or not isinstance(cost, int) or cost <= 0:
        raise ApplicationError(
            "The estimated cost must be a positive number of euros.",
            code="min_value",
            params={"min_value": 1},
            field=field,
        )
    if cost > MAX_COST:
        raise ApplicationError(
            f"The estimated cost must be at most {MAX_COST} euros.",
            code="max_value",
            params={"max_value": MAX_COST},
            field=field,
        )
    return cost


def _valid_reason(answer: str, *, field: str = "answer") -> str:
    answer = (answer or "").strip()
    if not answer:
        raise ApplicationError(
            "A public reason is required to reject a proposal.", code="required", field=field
        )
    return answer


def _audit(
    actor: Any,
    action: str,
    proposal: Proposal,
    before: dict,
    fields: list[str],
    now: datetime,
    reason: str = "",
    **extra: Any,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=proposal,
        before=before,
        after={**snapshot(proposal, fields), **extra},
        reason=reason,
        campaign=proposal.campaign,
        area=proposal.area,
        at=now,
    )


# --- transitions on a locked proposal (shared by the single, bulk and publish services) -----


def _start_review(proposal: Proposal, actor: Any, now: datetime) -> Proposal:
    rules.check_start_review(actor, proposal, now)
    before = snapshot(proposal, ["status"])
    proposal.status = t.target(t.START_REVIEW)
    proposal.save(update_fields=["status", "updated_at"])
    _audit(actor, "proposal.start_review", proposal, before, ["status"], now)
    return proposal


def _decide(
    proposal: Proposal,
    actor: Any,
    now: datetime,
    *,
    decision: str,
    cost: int | None,
    answer: str,
    published: bool = False,
) -> Proposal:
    """Accept or reject: the public decision, dated; any prepared answer is used up."""
    verb = "accept" if decision == ACCEPTED else "reject"
    (rules.check_accept if decision == ACCEPTED else rules.check_reject)(actor, proposal, now)
    answer = (answer or "").strip()
    if decision == ACCEPTED:
        cost = _valid_cost(cost)
    else:
        answer = _valid_reason(answer)
    before = snapshot(proposal, DECISION_FIELDS)
    proposal.status = t.target(t.ACCEPT if decision == ACCEPTED else t.REJECT)
    if decision == ACCEPTED:
        proposal.estimated_cost = cost
    proposal.public_answer = answer
    proposal.decided_at = now
    proposal.prepared_decision, proposal.prepared_cost, proposal.prepared_answer = "", None, ""
    proposal.save(update_fields=[*DECISION_FIELDS, "updated_at"])
    extra = {"published_prepared": True} if published else {}
    _audit(actor, f"proposal.{verb}", proposal, before, DECISION_FIELDS, now, answer, **extra)
    proposal_notify_followers(proposal=proposal, event=decision, reason=answer, actor=actor)
    return proposal


def _assign(proposal: Proposal, actor: Any, now: datetime, assignee: User | None) -> Proposal:
    rules.check_assign(actor, proposal, now)
    if assignee is not None and not (
        roles.is_official(assignee) and roles.handles_area(assignee, proposal.area_id)
    ):
        raise ApplicationError(
            "The assignee must be an official who handles this proposal's area.",
            code="invalid_choice",
            field="assignee",
        )
    before = snapshot(proposal, ["assignee"])
    proposal.assignee = assignee
    proposal.save(update_fields=["assignee", "updated_at"])
    _audit(actor, "proposal.assign", proposal, before, ["assignee"], now)
    return proposal


# --- single-proposal services ----------------------------------------------------------------


@transaction.atomic
def proposal_start_review(*, proposal: Proposal, actor: Actor, now: datetime) -> Proposal:
    """``submitted`` → ``in_review``."""
    return _start_review(_lock(proposal), actor, now)


@transaction.atomic
def proposal_accept(
    *, proposal: Proposal, actor: Actor, now: datetime, cost: int | None, answer: str = ""
) -> Proposal:
    """``submitted`` | ``in_review`` → ``accepted``, with its estimated cost in euros (required,
    > 0) and an optional public answer; the author is notified."""
    return _decide(_lock(proposal), actor, now, decision=ACCEPTED, cost=cost, answer=answer)


@transaction.atomic
def proposal_reject(*, proposal: Proposal, actor: Actor, now: datetime, answer: str) -> Proposal:
    """``submitted`` | ``in_review`` → ``rejected``, with a public reason (required); the author
    is notified."""
    return _decide(_lock(proposal), actor, now, decision=REJECTED, cost=None, answer=answer)


@transaction.atomic
def proposal_note(*, proposal: Proposal, actor: Actor, now: datetime, notes: str) -> Proposal:
    """Replace the officials' private notes (any status, while the phase allows reviewing;
    never shown to the public)."""
    proposal = _lock(proposal)
    rules.check_note(actor, proposal, now)
    before = snapshot(proposal, ["private_notes"])
    proposal.private_notes = (notes or "").strip()
    proposal.save(update_fields=["private_notes", "updated_at"])
    _audit(actor, "proposal.note", proposal, before, ["private_notes"], now)
    return proposal


@transaction.atomic
def proposal_prepare_answer(
    *,
    proposal: Proposal,
    actor: Actor,
    now: datetime,
    decision: str,
    cost: int | None = None,
    answer: str = "",
) -> Proposal:
    """Store a decision without publishing it (``decision`` "accepted" or "rejected", checked
    as the real one would be; "" clears it). ``proposals_publish_prepared`` publishes them."""
    proposal = _lock(proposal)
    rules.check_prepare(actor, proposal, now)
    answer = (answer or "").strip()
    if decision == ACCEPTED:
        cost = _valid_cost(cost)
    elif decision == REJECTED:
        answer = _valid_reason(answer)
        cost = None
    elif decision == "":
        cost, answer = None, ""
    else:
        raise ApplicationError(
            "The decision must be « accepted », « rejected » or empty.",
            code="invalid_choice",
            field="decision",
        )
    before = snapshot(proposal, PREPARED_FIELDS)
    proposal.prepared_decision, proposal.prepared_cost, proposal.prepared_answer = (
        decision,
        cost,
        answer,
    )
    proposal.save(update_fields=[*PREPARED_FIELDS, "updated_at"])
    _audit(actor, "proposal.prepare", proposal, before, PREPARED_FIELDS, now)
    return proposal


@transaction.atomic
def proposal_assign(
    *, proposal: Proposal, actor: Actor, now: datetime, assignee: User | None
) -> Proposal:
    """Give the study of a proposal to an official who handles its area (``None`` unassigns)."""
    return _assign(_lock(proposal), actor, now, assignee)


# --- several proposals at once ---------------------------------------------------------------


@dataclass(frozen=True)
class PublishResult:
    published: int
    accepted: int
    rejected: int
    ids: list[int] = field(default_factory=list)


@transaction.atomic
def proposals_publish_prepared(
    *, campaign: Campaign, actor: Actor, now: datetime, area: Area | None = None
) -> PublishResult:
    """Publish together every prepared answer of the campaign in the areas the official handles
    (or in ``area`` alone), each as an acceptance or a rejection, authors notified. All or
    nothing: one refusal and none is published."""
    if not roles.is_official(actor):
        raise NotAllowed("Only officials can publish prepared answers.")
    campaign = Campaign.objects.prefetch_related("phases").get(pk=campaign.pk)
    area_ids = roles.area_ids(actor)
    # The role, area and phase checks once for the whole call (then again for each proposal).
    if area is not None:
        scope: int | None = area.pk
    elif area_ids is None:  # administrators
        scope = None
    elif area_ids:
        scope = min(area_ids)
    else:
        raise NotAllowed("You do not handle any area.")
    check(actor, Action.REVIEW, campaign=campaign, now=now, area_id=scope)
    qs = (
        _locked_queryset()
        .filter(campaign=campaign, status__in=t.sources(t.ACCEPT))
        .exclude(prepared_decision="")
    )
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    if area is not None:
        qs = qs.filter(area=area)
    proposals = list(qs.order_by("pk"))
    counts = {ACCEPTED: 0, REJECTED: 0}
    for proposal in proposals:
        decision = proposal.prepared_decision
        publish = partial(
            _decide,
            proposal,
            actor,
            now,
            decision=decision,
            cost=proposal.prepared_cost,
            answer=proposal.prepared_answer,
            published=True,
        )
        _with_id(proposal.pk, publish)
        counts[decision] += 1
    return PublishResult(
        published=len(proposals),
        accepted=counts[ACCEPTED],
        rejected=counts[REJECTED],
        ids=[p.pk for p in proposals],
    )


class BulkAction:
    ASSIGN = "assign"
    START_REVIEW = "start_review"
    ACCEPT = "accept"
    REJECT = "reject"
    ALL = (ASSIGN, START_REVIEW, ACCEPT, REJECT)


@dataclass(frozen=True)
class BulkResult:
    action: str
    count: int
    ids: list[int]


@transaction.atomic
def proposals_bulk(
    *,
    actor: Actor,
    action: str,
    ids: Sequence[int],
    now: datetime,
    answer: str = "",
    cost: int | None = None,
    assignee: User | None = None,
) -> BulkResult:
    """One action on many proposals (at most 500), all or nothing: each proposal must pass the
    same checks as alone; the first refusal cancels everything and is answered with its own
    status and code, its message prefixed with the proposal's id and its id under ``ids``.

    ``accept`` gives every proposal the same ``cost``; ``reject`` the same public ``answer``;
    ``assign`` the same ``assignee`` (``None`` unassigns)."""
    if not roles.is_official(actor):
        raise NotAllowed("Only officials can act on proposals in bulk.")
    if action not in BulkAction.ALL:
        raise ApplicationError(
            f"Unknown action « {action} »: expected one of {', '.join(BulkAction.ALL)}.",
            code="invalid_choice",
            field="action",
        )
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise ApplicationError("Give at least one proposal id.", code="required", field="ids")
    if len(unique) > BULK_MAX:
        raise ApplicationError(
            f"At most {BULK_MAX} proposals at once.", code="too_many", field="ids"
        )
    # Validate the shared values once, before any row is touched.
    if action == BulkAction.ACCEPT:
        cost = _valid_cost(cost)
    elif action == BulkAction.REJECT:
        answer = _valid_reason(answer)
    # Lock every row in one query, in id order (two bulk calls cannot deadlock).
    locked = {p.pk: p for p in _locked_queryset().filter(pk__in=unique).order_by("pk")}
    missing = [pk for pk in unique if pk not in locked]
    if missing:
        raise ApplicationError(
            "No such proposal: " + ", ".join(f"#{pk}" for pk in missing[:20]) + ".", field="ids"
        )
    steps: dict[str, Callable[[Proposal], Proposal]] = {
        BulkAction.ASSIGN: lambda p: _assign(p, actor, now, assignee),
        BulkAction.START_REVIEW: lambda p: _start_review(p, actor, now),
        BulkAction.ACCEPT: lambda p: _decide(
            p, actor, now, decision=ACCEPTED, cost=cost, answer=answer
        ),
        BulkAction.REJECT: lambda p: _decide(
            p, actor, now, decision=REJECTED, cost=None, answer=answer
        ),
    }
    step = steps[action]
    for pk in unique:
        _with_id(pk, partial(step, locked[pk]))
    return BulkResult(action=action, count=len(unique), ids=unique)


def _with_id(pk: int, call: Callable[[], Proposal]) -> Proposal:
    """Run ``call``; a refusal is re-raised (same type, status and code) naming the proposal."""
    try:
        return call()
    except ApplicationError as exc:
        named = copy.copy(exc)
        named.message = f"Proposal #{pk}: {exc.message}"
        named.args = (named.message,)
        named.errors = {**exc.errors, "ids": [named.message]}
        raise named from exc

"""What may be done to ballot projects, now: one ``check_…`` per action (what the services call)
and ``can_…`` = "the check does not raise" (what the ``can`` maps say).

Officials of the project's area act on it (administrators everywhere). The table says, for each
action, whether the phase table decides when (merging is open in the review phase only) or the
ballot's freezing does (a project can be edited until voting opens), and what the sources, the
accepted proposals merged into it, must be (``proposals.rules.check_merge``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from campaigns.rules import NOT_FROZEN, Condition, allowed, check, check_role, require
from campaigns.schedule import Action
from core.errors import ApplicationError
from proposals.models import Proposal
from proposals.rules import check_merge

from .models import Project


@dataclass(frozen=True)
class ProjectRule:
    action: Action  # whose role rule applies: officials of the project's area
    phase_table: bool  # whether the phase table decides when (else: the conditions alone)
    conditions: tuple[Condition[Any], ...] = ()  # on the project's campaign, in order


UPDATE = "update"
ADD_PROPOSALS = "add_proposals"

PROJECT_RULES: Mapping[str, ProjectRule] = {
    UPDATE: ProjectRule(Action.MERGE, phase_table=False, conditions=(NOT_FROZEN,)),
    ADD_PROPOSALS: ProjectRule(Action.MERGE, phase_table=True),
}


def _check(name: str, user: Any, project: Project, now: datetime) -> None:
    rule = PROJECT_RULES[name]
    if rule.phase_table:
        check(user, rule.action, campaign=project.campaign, now=now, area_id=project.area_id)
    else:
        check_role(user, rule.action, area_id=project.area_id)
    require(rule.conditions, user, project.campaign, now)


def check_update(user: Any, project: Project, now: datetime) -> None:
    """Officials of the project's area, until voting opens (409 ``ballot_frozen`` after)."""
    _check(UPDATE, user, project, now)


def check_add_proposals(
    user: Any, project: Project, now: datetime, sources: Sequence[Proposal] = ()
) -> None:
    """Officials of the project's area, in a merging phase; each source mergeable by them and
    of the project's campaign and area."""
    _check(ADD_PROPOSALS, user, project, now)
    for proposal in sources:
        check_merge(user, proposal, now)
        if proposal.campaign_id != project.campaign_id or proposal.area_id != project.area_id:
            raise ApplicationError(
                f"Proposal #{proposal.pk} is not in this project's campaign and area.",
                field="proposals",
            )


def check_create(user: Any, sources: Sequence[Proposal], now: datetime) -> None:
    """A project from ``sources``: each mergeable by ``user`` now, all of one campaign and one
    area (one ballot)."""
    if not sources:
        raise ApplicationError(
            "Choose at least one accepted proposal.", code="required", field="proposals"
        )
    for proposal in sources:
        check_merge(user, proposal, now)
    first = sources[0]
    if any(p.campaign_id != first.campaign_id for p in sources):
        raise ApplicationError("The proposals must belong to the same campaign.", field="proposals")
    if any(p.area_id != first.area_id for p in sources):
        raise ApplicationError(
            "The proposals must belong to the same area (one ballot).", field="proposals"
        )


def can_update(user: Any, project: Project, now: datetime) -> bool:
    return allowed(check_update, user, project, now)


def can_add_proposals(user: Any, project: Project, now: datetime) -> bool:
    return allowed(check_add_proposals, user, project, now)


def actions(user: Any, project: Project, now: datetime) -> dict[str, bool]:
    """The project's ``can`` map (making a project is the sources' ``can.merge``)."""
    return {
        "update": can_update(user, project, now),
        "add_proposals": can_add_proposals(user, project, now),
    }

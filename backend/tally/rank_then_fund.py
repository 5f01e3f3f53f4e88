"""Rank then fund: walk down a ranking and fund what fits, with a reserved share.

Given a ranking of projects (by majority judgment, or by total score), an envelope (the
budget) and a **reserved share** (an amount of the envelope kept for projects in priority
neighbourhoods, Paris's "quartiers populaires"):

1. the priority projects are taken in rank order and funded while they fit in the reserved
   share (a project that does not fit is skipped, the next may still fit);
2. then every project not yet funded (priority or not) is taken in rank order and funded
   while it fits in what is left of the envelope, skipping what does not fit.

So the reserved share is filled first, and whatever it leaves unused returns to the general
envelope. With no reserved share this is the greedy rule in rank order. The outcome lists the
funded projects in rank order.

Worked example: ranking A, B, C, D with costs 50, 40, 30, 20, envelope 100, reserved 30 for
priority projects {B, D}. Step 1: B (40) does not fit in 30, D (20) does: reserved used 20.
Step 2: A (50) fits in the 80 left, B (40) does not fit in 30, C (30) fits. Funded: A, C, D
(total 100).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from tally.model import APPROVAL_TYPES, Election, Number, exact


@dataclass(frozen=True)
class Funding:
    """Funded project ids in rank order, their total cost, and how much of the reserved share
    the priority projects took in step 1."""

    selected: tuple[str, ...]
    total_cost: Number
    reserved_used: Number


def rank_then_fund(
    ranking: Sequence[str],
    costs: Mapping[str, Number],
    *,
    budget: Number,
    reserved: Number = 0,
    priority: Collection[str] = (),
) -> Funding:
    """Fund ``ranking`` (best first) within ``budget``, ``reserved`` of it for ``priority``."""
    if reserved < 0 or reserved > budget:
        raise ValueError(
            f"the reserved share ({reserved}) must lie between 0 and the budget ({budget})"
        )
    if len(set(ranking)) != len(ranking):
        raise ValueError("a project appears twice in the ranking")
    unknown = [pid for pid in (*ranking, *priority) if pid not in costs]
    if unknown:
        raise ValueError(f"no cost for project {unknown[0]!r}")
    if any(costs[pid] < 0 for pid in ranking):
        raise ValueError("a project has a negative cost")
    priority = set(priority)
    funded: set[str] = set()
    left = Fraction(reserved)
    for pid in ranking:
        if pid in priority and costs[pid] <= left:
            funded.add(pid)
            left -= costs[pid]
    reserved_used = Fraction(reserved) - left
    left = Fraction(budget) - reserved_used
    for pid in ranking:
        if pid not in funded and costs[pid] <= left:
            funded.add(pid)
            left -= costs[pid]
    selected = tuple(pid for pid in ranking if pid in funded)
    return Funding(
        selected=selected,
        total_cost=exact(Fraction(sum(costs[pid] for pid in selected))),
        reserved_used=exact(reserved_used),
    )


def scores(election: Election) -> dict[str, Number]:
    """Each project's total score: approvals, points, or k, k-1, …, 1 down a ranking of k."""
    totals: dict[str, Fraction] = {project.id: Fraction(0) for project in election.projects}
    for ballot in election.ballots:
        if election.vote_type in APPROVAL_TYPES:
            for pid in ballot.vote:
                totals[pid] += 1
        elif election.vote_type == "ordinal":
            for position, pid in enumerate(ballot.vote):
                totals[pid] += len(ballot.vote) - position
        else:
            for pid, points in zip(ballot.vote, ballot.points or (), strict=True):
                totals[pid] += points
    return {pid: exact(total) for pid, total in totals.items()}


def rank_by_score(election: Election) -> list[str]:
    """Project ids by total score, highest first; ties: the id that sorts first."""
    totals = scores(election)
    return sorted(totals, key=lambda pid: (-totals[pid], pid))

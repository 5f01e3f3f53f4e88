"""Satisfaction functions and the compact profile every rule works on.

A rule never walks the ballots one by one: identical ballots are merged into *groups* with a
weight (Toulouse 2022: 4,532 ballots, 2,449 groups), projects become indices, and each project
keeps the list of groups that get a non-zero satisfaction from it. Merging identical ballots
changes no outcome: every rule here treats two voters with the same ballot the same way.

The satisfaction a voter gets from a project is defined exactly as in pabutools 1.2.3:

==============  =====================  ======================================================
name            pabutools class        satisfaction of a voter for a project in their ballot
==============  =====================  ======================================================
``cost``        ``Cost_Sat``           the project's cost
``cardinality`` ``Cardinality_Sat``    1
``points``      ``Additive_Cardinal_Sat``  the points given (cumulative and scoring ballots)
``borda``       ``Additive_Borda_Sat`` ``len(ballot) - position - 1`` (ordinal; last ranked 0)
``score_cost``  ``ScoreTimesCost_Sat``  points × cost: approval 1, cumulative the points,
                                        ordinal ``len(ballot) - position`` (k, k-1, …, 1)
==============  =====================  ======================================================

A project outside the ballot gives 0. ``score_cost`` is the custom satisfaction of the shared
reference script (``tools/pabutools_expected.py``): with the greedy rule it ranks projects by
their total score, the classic city rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from tally.model import APPROVAL_TYPES, POINTS_TYPES, Ballot, Election, Number, exact

SATISFACTIONS = ("cost", "cardinality", "points", "borda", "score_cost")


class UnsupportedRule(ValueError):
    """A rule or satisfaction function that does not apply to this kind of ballot."""


def _utilities(
    satisfaction: str, vote_type: str, costs: dict[str, Number]
) -> Callable[[Ballot], dict[str, Number]]:
    if satisfaction == "cost":
        return lambda ballot: {pid: costs[pid] for pid in ballot.vote}
    if satisfaction == "cardinality":
        return lambda ballot: dict.fromkeys(ballot.vote, 1)
    if satisfaction == "points":
        if vote_type not in POINTS_TYPES:
            raise UnsupportedRule(f"satisfaction 'points' needs points, not {vote_type} ballots")
        return lambda ballot: dict(zip(ballot.vote, ballot.points or (), strict=True))
    if satisfaction == "borda":
        if vote_type != "ordinal":
            raise UnsupportedRule(f"satisfaction 'borda' needs ordinal, not {vote_type} ballots")
        return lambda ballot: {
            pid: len(ballot.vote) - position - 1 for position, pid in enumerate(ballot.vote)
        }
    if satisfaction == "score_cost":
        if vote_type == "ordinal":
            return lambda ballot: {
                pid: (len(ballot.vote) - position) * costs[pid]
                for position, pid in enumerate(ballot.vote)
            }
        if vote_type in POINTS_TYPES:
            return lambda ballot: {
                pid: exact(Fraction(points) * costs[pid])
                for pid, points in zip(ballot.vote, ballot.points or (), strict=True)
            }
        return lambda ballot: {pid: costs[pid] for pid in ballot.vote}
    raise UnsupportedRule(
        f"unknown satisfaction {satisfaction!r} (expected one of {', '.join(SATISFACTIONS)})"
    )


@dataclass
class Profile:
    """An election prepared for a satisfaction function.

    Projects are indices ``0..m-1`` in the election's order; ``names[p]`` is the id and
    ``costs[p]`` the cost. ``voters`` is the number of ballots (empty ballots included: under
    the method of equal shares they still receive their share of the budget). ``weights[g]`` is
    how many ballots group ``g`` stands for. For project ``p``, ``groups[p]`` lists the groups
    with a non-zero satisfaction and ``utilities[p]`` that satisfaction (aligned), and
    ``total[p]`` is the total satisfaction (weights included)."""

    names: list[str]
    costs: list[Number]
    budget: Number
    voters: int
    weights: list[int]
    groups: list[list[int]]
    utilities: list[list[Number]]
    total: list[Number]
    ballots: list[tuple[int, ...]]
    """For every group, its projects in ballot order (whatever their satisfaction)."""

    @classmethod
    def build(cls, election: Election, satisfaction: str) -> Profile:
        costs = {project.id: project.cost for project in election.projects}
        names = [project.id for project in election.projects]
        index = {name: position for position, name in enumerate(names)}
        utility_of = _utilities(satisfaction, election.vote_type, costs)
        merged: dict[tuple[tuple[str, ...], tuple[Number, ...] | None], int] = {}
        for ballot in election.ballots:
            key = (ballot.vote, ballot.points if election.vote_type in POINTS_TYPES else None)
            merged[key] = merged.get(key, 0) + 1
        m = len(names)
        groups: list[list[int]] = [[] for _ in range(m)]
        utilities: list[list[Number]] = [[] for _ in range(m)]
        total: list[Number] = [0] * m
        weights: list[int] = []
        ballots: list[tuple[int, ...]] = []
        for (vote, points), weight in merged.items():
            g = len(weights)
            weights.append(weight)
            ballots.append(tuple(index[pid] for pid in vote))
            for pid, utility in utility_of(Ballot("", vote, points)).items():
                if utility != 0:
                    p = index[pid]
                    groups[p].append(g)
                    utilities[p].append(utility)
                    total[p] += weight * utility
        return cls(
            names=names,
            costs=[costs[name] for name in names],
            budget=election.budget,
            voters=len(election.ballots),
            weights=weights,
            groups=groups,
            utilities=utilities,
            total=[exact(Fraction(value)) for value in total],
            ballots=ballots,
        )

    def cost_of(self, selection: list[int]) -> Number:
        return exact(Fraction(sum(self.costs[p] for p in selection)))

    def is_exhaustive(self, selection: list[int], budget: Number, among: range | list[int]) -> bool:
        """No project of ``among`` outside ``selection`` fits in what ``budget`` leaves."""
        chosen = set(selection)
        left = budget - self.cost_of(selection)
        return not any(p not in chosen and self.costs[p] <= left for p in among)


def approval_only(election: Election, rule: str) -> None:
    if election.vote_type not in APPROVAL_TYPES:
        raise UnsupportedRule(f"{rule} applies to approval ballots, not {election.vote_type}")

"""One entry point for every counting rule: ``run(rule, election) -> Result``.

======================  =====================================================================
rule                    what it computes (pabutools 1.2.3 call it reproduces)
======================  =====================================================================
``greedy``              fund by satisfaction density while money lasts, skipping what does not
                        fit (``greedy_utilitarian_welfare``)
``mes``                 Method of Equal Shares (``method_of_equal_shares``)
``mes-increase``        MES with the budget raised by 1 % steps until exhaustive, then greedy
                        (``completion_by_rule_combination([exhaustion_by_budget_increase,
                        greedy_utilitarian_welfare], ...)``)
``mes-add1``            MES with each voter's share raised by 1 unit until exhaustive, then
                        greedy with ``cost`` satisfaction (equalshares.net; approval only)
``phragmen``            sequential Phragmén (``sequential_phragmen``; approval only)
``rank-then-fund``      rank projects by total score, then fund in rank order
``majority-judgment``   rank projects by majority judgment (grades 0–3), then fund in rank
                        order
======================  =====================================================================

The satisfaction function depends on the ballots unless ``satisfaction`` is given (see
:mod:`tally.profile` for their definitions):

==============  ============  ===============  ==========
rule            approval      cumulative       ordinal
==============  ============  ===============  ==========
greedy          ``cost``      ``score_cost``   ``score_cost``
mes, mes-*      ``cost``      ``points``       ``borda``
==============  ============  ===============  ==========

``completion=False`` stops ``mes-increase`` and ``mes-add1`` before the greedy completion.
The rank-then-fund rules take a reserved amount and the priority projects (see
:mod:`tally.rank_then_fund`). Ties are always broken in favour of the project id that sorts
first as a string.

**Arithmetic.** Every rule computes in integers and exact fractions, except that MES runs are
first tried in floating point with a proven error bound on every amount (see :mod:`tally.mes`):
``Result.arithmetic`` says ``"float-certified"`` when some MES run took its decisions that way,
``"exact"`` otherwise, and ``certified_runs`` / ``exact_runs`` count the MES runs of each kind.
``exact=True`` does every MES run in fractions: an independent recount of the same outcome.

**Reserved share.** Only the rank-then-fund rules (:data:`RESERVING_RULES`) honour a reserved
share for priority projects; the others are given none (a ``reserved`` amount is refused).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tally.greedy import greedy
from tally.majority_judgment import majority_judgment
from tally.mes import (
    Runs,
    equal_shares,
    equal_shares_budget_increase,
    equal_shares_voter_increment,
)
from tally.model import APPROVAL_TYPES, POINTS_TYPES, Election, Number
from tally.model import exact as exact_number
from tally.phragmen import sequential_phragmen
from tally.profile import Profile, UnsupportedRule, approval_only
from tally.rank_then_fund import rank_by_score, rank_then_fund

RULES = (
    "greedy",
    "mes",
    "mes-increase",
    "mes-add1",
    "phragmen",
    "rank-then-fund",
    "majority-judgment",
)
RESERVING_RULES = ("rank-then-fund", "majority-judgment")
"""The rules that honour a reserved share for priority projects."""


@dataclass(frozen=True)
class Result:
    """The outcome of a rule.

    ``selected``: the funded project ids in the order the rule gives them (the funding order;
    for ``phragmen`` sorted by id, as pabutools returns it, with the funding order in
    ``order``). ``ranking``: for the rank-then-fund rules, every project from first to last.
    ``reserved_used``: what the priority projects took from the reserved share (rank-then-fund
    rules only). ``arithmetic``, ``certified_runs``, ``exact_runs``: how it was computed (see
    the module's docstring)."""

    rule: str
    selected: tuple[str, ...]
    total_cost: Number
    budget: Number
    satisfaction: str | None = None
    order: tuple[str, ...] = ()
    ranking: tuple[str, ...] | None = None
    reserved_used: Number | None = None
    arithmetic: str = "exact"
    certified_runs: int = 0
    exact_runs: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: amounts as ``int`` or ``float``."""

        def plain(value: Number | None) -> int | float | None:
            if value is None or isinstance(value, int):
                return value
            return float(value)

        return {
            "rule": self.rule,
            "selected": list(self.selected),
            "total_cost": plain(self.total_cost),
            "budget": plain(self.budget),
            "satisfaction": self.satisfaction,
            "order": list(self.order),
            "ranking": None if self.ranking is None else list(self.ranking),
            "reserved_used": plain(self.reserved_used),
            "arithmetic": self.arithmetic,
            "certified_runs": self.certified_runs,
            "exact_runs": self.exact_runs,
        }


def default_satisfaction(rule: str, vote_type: str) -> str:
    """The satisfaction function ``rule`` uses for ``vote_type`` ballots (table above)."""
    if vote_type in APPROVAL_TYPES:
        return "cost"
    if rule == "greedy":
        return "score_cost"
    return "points" if vote_type in POINTS_TYPES else "borda"


def run(
    rule: str,
    election: Election,
    *,
    satisfaction: str | None = None,
    completion: bool = True,
    reserved: Number = 0,
    priority: Collection[str] = (),
    exact: bool = False,
    profiles: Mapping[str, Sequence[int]] | None = None,
) -> Result:
    """Count ``election`` with ``rule`` (one of :data:`RULES`); ``exact``: MES in fractions
    only. ``profiles``: for ``majority-judgment``, the ballots' grade counts counted already
    (``tally.GradeCounts``), so that the ballots need not be held."""
    if rule not in RULES:
        raise UnsupportedRule(f"unknown rule {rule!r} (expected one of {', '.join(RULES)})")
    if reserved and rule not in RESERVING_RULES:
        raise UnsupportedRule(
            f"the rule {rule!r} has no reserved share (only {', '.join(RESERVING_RULES)} have)"
        )
    if profiles is not None and rule != "majority-judgment":
        raise UnsupportedRule(f"the rule {rule!r} reads the ballots, not grade counts")
    if rule in RESERVING_RULES:
        if rule == "majority-judgment":
            ranking = list(majority_judgment(election, profiles=profiles).ranking)
        else:
            ranking = rank_by_score(election)
        costs = {project.id: project.cost for project in election.projects}
        funded = rank_then_fund(
            ranking, costs, budget=election.budget, reserved=reserved, priority=priority
        )
        return Result(
            rule=rule,
            selected=funded.selected,
            total_cost=funded.total_cost,
            budget=election.budget,
            order=funded.selected,
            ranking=tuple(ranking),
            reserved_used=funded.reserved_used,
        )
    if rule in ("mes-add1", "phragmen"):
        approval_only(election, rule)
    sat: str | None = satisfaction or default_satisfaction(rule, election.vote_type)
    profile = Profile.build(election, "cardinality" if rule == "phragmen" else str(sat))
    borda = sat == "borda"
    runs = Runs()
    if rule == "greedy":
        order = greedy(profile, zero_cost_first=borda)
    elif rule == "mes":
        order, runs = equal_shares(profile, exact=exact)
    elif rule == "mes-increase":
        order, runs = equal_shares_budget_increase(profile, exact=exact)
        if completion and not profile.is_exhaustive(
            order, profile.budget, range(len(profile.names))
        ):
            order = greedy(profile, initial=order, zero_cost_first=borda)
    elif rule == "mes-add1":
        order, runs = equal_shares_voter_increment(profile, 1, exact=exact)
        if completion and not profile.is_exhaustive(
            order, profile.budget, range(len(profile.names))
        ):
            order = greedy(Profile.build(election, "cost"), initial=order)
    else:
        sat = None
        selected, order = sequential_phragmen(profile)
        return _result(rule, profile, selected, order, sat, runs)
    return _result(rule, profile, order, order, sat, runs)


def _result(
    rule: str,
    profile: Profile,
    selected: list[int],
    order: list[int],
    sat: str | None,
    runs: Runs,
) -> Result:
    names = profile.names
    return Result(
        rule=rule,
        selected=tuple(names[p] for p in selected),
        total_cost=exact_number(Fraction(profile.cost_of(selected))),
        budget=profile.budget,
        satisfaction=sat,
        order=tuple(names[p] for p in order),
        arithmetic=runs.arithmetic,
        certified_runs=runs.certified,
        exact_runs=runs.exact,
    )

"""Rank then fund with a reserved share, on hand-computed cases."""

from __future__ import annotations

import pytest

from tally import Ballot, Election, Project, rank_by_score, rank_then_fund, run

COSTS = {"A": 50, "B": 40, "C": 30, "D": 20}


def test_the_documented_example():
    funded = rank_then_fund("ABCD", COSTS, budget=100, reserved=30, priority={"B", "D"})
    assert funded.selected == ("A", "C", "D")
    assert funded.total_cost == 100 and funded.reserved_used == 20


def test_without_reserve_it_is_greedy_in_rank_order():
    funded = rank_then_fund("ABCD", COSTS, budget=100)
    assert funded.selected == ("A", "B") and funded.total_cost == 90 and funded.reserved_used == 0
    funded = rank_then_fund("BACD", COSTS, budget=75)
    assert funded.selected == ("B", "C") and funded.total_cost == 70


def test_reserve_takes_priority_projects_ranked_low():
    # Without the reserve D (last) would not be funded; with it D goes first.
    funded = rank_then_fund("ABCD", COSTS, budget=90, reserved=20, priority={"D"})
    assert funded.selected == ("A", "D") and funded.total_cost == 70
    # What the priority projects leave of the reserve returns to the envelope.
    funded = rank_then_fund("ABCD", COSTS, budget=120, reserved=45, priority={"B", "C"})
    # step 1: B (40) fits in 45, C (30) no longer does; step 2: A (50) fits in 80, C (30) fits
    assert funded.selected == ("A", "B", "C") and funded.reserved_used == 40


def test_priority_projects_also_compete_in_the_general_envelope():
    funded = rank_then_fund("ABCD", COSTS, budget=100, reserved=10, priority={"A"})
    assert funded.selected == ("A", "B") and funded.reserved_used == 0


def test_refusals():
    with pytest.raises(ValueError, match="reserved share"):
        rank_then_fund("AB", COSTS, budget=10, reserved=11)
    with pytest.raises(ValueError, match="no cost for project 'E'"):
        rank_then_fund("AE", COSTS, budget=10)
    with pytest.raises(ValueError, match="twice"):
        rank_then_fund("AA", COSTS, budget=10)


def test_rank_by_score_and_the_rule():
    election = Election(
        meta={"budget": "70", "vote_type": "approval"},
        projects=[Project(pid, cost) for pid, cost in COSTS.items()],
        ballots=[Ballot("1", ("A", "D")), Ballot("2", ("D", "C")), Ballot("3", ("C",))],
    )
    assert rank_by_score(election) == ["C", "D", "A", "B"]  # C and D tie on 2: C first
    result = run("rank-then-fund", election, reserved=20, priority={"D"})
    assert result.selected == ("C", "D") and result.total_cost == 50
    assert result.ranking == ("C", "D", "A", "B") and result.reserved_used == 20

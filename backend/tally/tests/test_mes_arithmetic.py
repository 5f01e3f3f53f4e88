"""How MES outcomes are decided: the certified floating-point path completes (no run handed to
exact fractions) on large elections and on elections full of near and exact ties, and an exact
recount (``exact=True``) gives the same outcome."""

from __future__ import annotations

import itertools
import random

import pytest

from tally import Ballot, Election, Project, UnsupportedRule, run


def approval(voters: int, projects: int, seed: int, *, ties: bool = False) -> Election:
    """A seeded approval election: 1 to 5 approvals per voter with unequal popularity. With
    ``ties``: projects come in pairs of the same cost, and every voter approving one project of
    a pair approves its twin with the same odds, so prices tie or nearly tie in every round."""
    rng = random.Random(seed)
    ids = [f"{i:03d}" for i in range(projects)]
    costs = [rng.randrange(10, 500) * 1000 for _ in ids]
    if ties:
        costs = [costs[i - i % 2] for i in range(projects)]
    popularity = [1 / (rank + 10) for rank in range(projects)]
    rng.shuffle(popularity)
    if ties:
        popularity = [popularity[i - i % 2] for i in range(projects)]
    cumulative = list(itertools.accumulate(popularity))
    ballots = []
    for voter in range(voters):
        size = rng.randint(1, 5)
        chosen: set[int] = set()
        while len(chosen) < size:
            chosen.update(
                rng.choices(range(projects), cum_weights=cumulative, k=size - len(chosen))
            )
        ballots.append(Ballot(str(voter), tuple(ids[i] for i in sorted(chosen))))
    return Election(
        meta={"budget": str(sum(costs) // 4), "vote_type": "approval"},
        projects=[Project(pid, cost) for pid, cost in zip(ids, costs, strict=True)],
        ballots=ballots,
    )


def twins(voters: int, projects: int) -> Election:
    """Exact ties everywhere: project pairs of equal cost approved by disjoint halves of the
    same size, and every voter's ballot the same size."""
    ids = [f"{i:03d}" for i in range(projects)]
    half = voters // 2
    ballots = [
        Ballot(str(v), tuple(ids[i] for i in range(projects) if i % 2 == (v >= half)))
        for v in range(2 * half)
    ]
    return Election(
        meta={"budget": str(1000 * projects // 3), "vote_type": "approval"},
        projects=[Project(pid, 1000 + 7 * (i // 2)) for i, pid in enumerate(ids)],
        ballots=ballots,
    )


@pytest.fixture(scope="module")
def large():
    return approval(30_000, 120, seed=1789)


@pytest.mark.parametrize("rule", ["mes", "mes-increase", "mes-add1"])
def test_the_floating_point_path_completes_on_a_large_election(large, rule):
    result = run(rule, large)
    print(f"\n{rule}: {result.certified_runs} runs certified, {result.exact_runs} exact")
    assert result.arithmetic == "float-certified"
    assert result.exact_runs == 0
    assert result.certified_runs >= (1 if rule == "mes" else 10)
    assert result.as_dict()["arithmetic"] == "float-certified"


@pytest.mark.parametrize("election", [approval(20_000, 80, seed=7, ties=True), twins(10_000, 40)])
def test_the_floating_point_path_completes_on_near_ties(election):
    for rule in ("mes", "mes-increase"):
        result = run(rule, election)
        print(f"\n{rule}: {result.certified_runs} runs certified, {result.exact_runs} exact")
        assert result.exact_runs == 0
        assert result.arithmetic == "float-certified"
        assert run(rule, election, exact=True).selected == result.selected


def test_an_exact_recount_agrees(large):
    floating = run("mes", large)
    exact = run("mes", large, exact=True)
    assert exact.arithmetic == "exact" and exact.certified_runs == 0 and exact.exact_runs == 1
    assert exact.selected == floating.selected and exact.total_cost == floating.total_cost


def test_points_ballots_are_counted_exactly():
    election = Election(
        meta={"budget": "100", "vote_type": "cumulative"},
        projects=[Project("A", 60), Project("B", 50)],
        ballots=[Ballot("1", ("A", "B"), (3, 1)), Ballot("2", ("B",), (2,))],
    )
    result = run("mes", election)
    assert result.arithmetic == "exact" and result.exact_runs == 1 and result.certified_runs == 0


def test_greedy_and_phragmen_are_exact(large):
    for rule in ("greedy", "phragmen"):
        result = run(rule, large)
        assert (result.arithmetic, result.certified_runs, result.exact_runs) == ("exact", 0, 0)


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-increase", "mes-add1", "phragmen"])
def test_a_reserved_share_is_refused_by_rules_without_one(rule):
    election = twins(10, 4)
    with pytest.raises(UnsupportedRule, match="no reserved share"):
        run(rule, election, reserved=100)
    assert run(rule, election, reserved=0).budget == election.budget


def test_a_decision_floating_point_cannot_prove_is_taken_in_fractions():
    """Two voters' shares of 50 exactly cover a cost of 100: no error bound proves it, so the
    run is redone (and counted) in exact fractions."""
    election = Election(
        meta={"budget": "100", "vote_type": "approval"},
        projects=[Project("A", 100)],
        ballots=[Ballot("1", ("A",)), Ballot("2", ("A",))],
    )
    result = run("mes", election)
    assert result.selected == ("A",)
    assert (result.arithmetic, result.certified_runs, result.exact_runs) == ("exact", 0, 1)

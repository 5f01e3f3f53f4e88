"""Differential tests: small random elections counted by us and by pabutools 1.2.3 (a test-only
dependency), for every rule and every kind of ballot. Project ids are chosen so that string
order differs from numeric order, and costs and budgets are small so that ties are frequent.

pabutools reads our own ``.pb`` output, which also checks that the writer speaks pabulib."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (
    Additive_Borda_Sat,
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    Cardinality_Sat,
    Cost_Sat,
)
from pabutools.election.ballot import AbstractCardinalBallot, AbstractOrdinalBallot
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)

from tally import Ballot, Election, Project, run, write
from tally.mes import _Prepared
from tally.profile import Profile

IDS = ["1", "2", "9", "10", "11", "20", "a", "B"]
QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _score_times_cost(instance, profile, ballot, project, precomputed_values):
    if isinstance(ballot, AbstractOrdinalBallot):
        if project in ballot:
            return (len(ballot) - ballot.position(project)) * project.cost
        return 0
    if isinstance(ballot, AbstractCardinalBallot):
        return ballot.get(project, 0) * project.cost
    return project.cost if project in ballot else 0


class ScoreTimesCost_Sat(AdditiveSatisfaction):  # the shared reference script's satisfaction
    def __init__(self, instance, profile, ballot):
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _score_times_cost)


@st.composite
def elections(draw, vote_type: str, max_voters: int = 8, max_projects: int = 6) -> Election:
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=max_projects, unique=True))
    projects = [Project(pid, draw(st.integers(1, 12))) for pid in ids]
    ballots = []
    for voter in range(draw(st.integers(1, max_voters))):
        chosen = draw(
            st.lists(
                st.sampled_from(ids),
                min_size=1 if vote_type == "cumulative" else 0,
                max_size=len(ids),
                unique=True,
            )
        )
        points = None
        if vote_type == "cumulative":
            points = tuple(draw(st.integers(1, 4)) for _ in chosen)
        ballots.append(Ballot(str(voter), tuple(chosen), points))
    budget = draw(st.integers(1, 40))
    return Election({"budget": str(budget), "vote_type": vote_type}, projects, ballots)


def pabutools(election: Election):
    return parse_pabulib_from_string(write(election))


def names(allocation) -> list[str]:
    return [project.name for project in allocation]


def mes_increase(instance, profile, sat, completion: bool):
    if not completion:
        return exhaustion_by_budget_increase(
            instance, profile, method_of_equal_shares, {"sat_class": sat}
        )
    return completion_by_rule_combination(
        instance,
        profile,
        [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
        [{"rule": method_of_equal_shares, "rule_params": {"sat_class": sat}}, {"sat_class": sat}],
    )


def check(election: Election, rule: str, reference, **options) -> None:
    ours = run(rule, election, **options)
    assert list(ours.selected) == names(reference), (rule, options, write(election))
    assert ours.total_cost == sum(project.cost for project in reference)


@QUICK
@given(elections("approval"))
def test_approval(election):
    instance, profile = pabutools(election)
    check(election, "greedy", greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat))
    for sat, name in ((Cost_Sat, "cost"), (Cardinality_Sat, "cardinality")):
        check(
            election,
            "mes",
            method_of_equal_shares(instance, profile, sat_class=sat),
            satisfaction=name,
        )
        add1 = method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1)
        check(election, "mes-add1", add1, satisfaction=name, completion=False)
        completed = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        )
        check(election, "mes-add1", completed, satisfaction=name)
    for completion in (False, True):
        reference = mes_increase(instance, profile, Cost_Sat, completion)
        check(election, "mes-increase", reference, completion=completion)
    check(election, "phragmen", sequential_phragmen(instance, profile))


@QUICK
@given(elections("cumulative"))
def test_cumulative(election):
    instance, profile = pabutools(election)
    check(
        election,
        "greedy",
        greedy_utilitarian_welfare(instance, profile, sat_class=ScoreTimesCost_Sat),
    )
    greedy_points = greedy_utilitarian_welfare(instance, profile, sat_class=Additive_Cardinal_Sat)
    check(election, "greedy", greedy_points, satisfaction="points")
    check(
        election, "mes", method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat)
    )
    for completion in (False, True):
        reference = mes_increase(instance, profile, Additive_Cardinal_Sat, completion)
        check(election, "mes-increase", reference, completion=completion)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections("ordinal"))
def test_ordinal(election):
    instance, profile = pabutools(election)
    check(
        election,
        "greedy",
        greedy_utilitarian_welfare(instance, profile, sat_class=ScoreTimesCost_Sat),
    )
    greedy_borda = greedy_utilitarian_welfare(instance, profile, sat_class=Additive_Borda_Sat)
    check(election, "greedy", greedy_borda, satisfaction="borda")
    check(election, "mes", method_of_equal_shares(instance, profile, sat_class=Additive_Borda_Sat))
    for completion in (False, True):
        reference = mes_increase(instance, profile, Additive_Borda_Sat, completion)
        check(election, "mes-increase", reference, completion=completion)


@settings(max_examples=80, deadline=None)
@given(
    elections("approval", max_voters=40, max_projects=8),
    st.sampled_from(["cost", "cardinality"]),
    st.integers(100, 400),
)
def test_floating_point_runs_agree_with_exact_runs(election, satisfaction, percent):
    """The certified floating-point MES returns the exact outcome, or hands over to the exact
    run; both paths give the same outcome for any share."""
    prepared = _Prepared(Profile.build(election, satisfaction))
    assert prepared.float_ready
    share = Fraction(election.budget) * percent / 100 / len(election.ballots)
    assert prepared.run(share) == prepared._run_exact(share)

"""Majority judgment against its definition, written here independently of the module: expand
the grades, remove one lower median at a time, compare the sequences (higher first), then the
id. Every pair of 4-grade profiles with 1 to 9 voters, and random larger elections."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cmp_to_key

from hypothesis import given, settings
from hypothesis import strategies as st

from tally.majority_judgment import compare, gauge, majority_grade, rank

GRADES = 4


def majority_value(counts: Sequence[int]) -> list[int]:
    """Balinski and Laraki's majority value, literally: sort the grades, take the one at
    position ⌈n/2⌉, remove it, repeat."""
    grades = sorted(g for g, count in enumerate(counts) for _ in range(count))
    value = []
    while grades:
        value.append(grades.pop((len(grades) + 1) // 2 - 1))
    return value


def brute_rank(profiles: dict[str, Sequence[int]]) -> list[str]:
    values = {pid: majority_value(counts) for pid, counts in profiles.items()}
    return sorted(profiles, key=lambda pid: ([-g for g in values[pid]], pid))


def profiles_of(voters: int) -> list[tuple[int, ...]]:
    return [
        counts
        for counts in itertools.product(range(voters + 1), repeat=GRADES)
        if sum(counts) == voters
    ]


def balanced_gauge(counts: Sequence[int]) -> tuple[int, int, int]:
    """The gauge this module used before: a "balanced" class for p = q between α+ and α−."""
    alpha = majority_grade(counts)
    above, below = sum(counts[alpha + 1 :]), sum(counts[:alpha])
    if above > below:
        return alpha, 1, above
    if above < below:
        return alpha, -1, -below
    return alpha, 0, 0


def test_every_pair_of_profiles_up_to_nine_voters():
    pairs = wrong_before = 0
    for voters in range(1, 10):
        profiles = profiles_of(voters)
        values = {counts: majority_value(counts) for counts in profiles}
        for a, b in itertools.combinations(profiles, 2):
            pairs += 1
            truth = -1 if values[a] > values[b] else 1  # distinct profiles: never equal
            assert values[a] != values[b]
            assert compare(a, b) == truth and compare(b, a) == -truth, (a, b)
            expected = ["a", "b"] if truth < 0 else ["b", "a"]
            assert rank({"a": a, "b": b}) == expected, (a, b)
            assert rank({"b": a, "a": b}) == ["b", "a"] if truth < 0 else ["a", "b"]
            # The gauge never contradicts the majority values (it is a valid first key).
            if gauge(a) != gauge(b):
                assert (gauge(a) > gauge(b)) == (truth < 0), (a, b)
            if balanced_gauge(a) != balanced_gauge(b):
                wrong_before += (balanced_gauge(a) > balanced_gauge(b)) != (truth < 0)
        for a in profiles:
            assert compare(a, a) == 0
            assert rank({"b": a, "a": a}) == ["a", "b"]  # identical grades: the id
    print(f"\n{pairs} pairs of profiles checked; the balanced-class gauge got {wrong_before} wrong")
    assert pairs == 50_622
    assert wrong_before == 409


@st.composite
def elections(draw, max_voters: int = 3000, max_projects: int = 40):
    voters = draw(st.integers(1, max_voters))
    pool_size = draw(st.integers(1, max_projects))
    pool = []
    for _ in range(pool_size):
        cuts = sorted(
            draw(st.lists(st.integers(0, voters), min_size=GRADES - 1, max_size=GRADES - 1))
        )
        bounds = [0, *cuts, voters]
        pool.append(tuple(bounds[i + 1] - bounds[i] for i in range(GRADES)))
    # projects drawn from the pool, so identical and near-identical profiles are common
    count = draw(st.integers(1, max_projects))
    picks = draw(st.lists(st.integers(0, pool_size - 1), min_size=count, max_size=count))
    return {f"p{i:02d}": pool[k] for i, k in enumerate(picks)}


@settings(max_examples=200, deadline=None)
@given(elections())
def test_random_elections_rank_by_majority_values(profiles):
    assert rank(profiles) == brute_rank(profiles)


@settings(max_examples=200, deadline=None)
@given(elections(max_voters=20_000, max_projects=3).map(lambda p: list(p.values())))
def test_large_profiles_compare_like_the_definition(profiles):
    """Profiles of up to 20,000 voters: compare() reads counts, the definition expands."""
    by_definition = sorted(
        profiles,
        key=cmp_to_key(
            lambda a, b: (
                -1
                if majority_value(a) > majority_value(b)
                else int(majority_value(a) != majority_value(b))
            )
        ),
    )
    assert sorted(profiles, key=cmp_to_key(compare)) == by_definition

"""Majority judgment (Balinski and Laraki), the ranking Paris has used since 2021.

Each voter gives each project of the ballot one grade out of four:

===  ==============================
 3   J'adore
 2   J'aime bien
 1   Pourquoi pas ?
 0   Je ne suis pas convaincu·e
===  ==============================

A project a voter left ungraded counts as the lowest grade (0), so every project has as many
grades as there are ballots. Projects are ranked, best first, by:

1. **majority grade** — the lower median of its grades (with ``n`` grades sorted from lowest to
   highest, the one at position ``⌈n/2⌉``);
2. **majority gauge** — with ``p`` the number of grades above the majority grade and ``q`` the
   number below: a project with ``p > q`` ("α+") comes before one with ``p = q`` ("α"), which
   comes before one with ``p < q`` ("α−"); among "α+" projects the larger ``p`` wins, among
   "α−" projects the smaller ``q`` wins;
3. **majority value** — remove one grade equal to the majority grade, take the majority grade
   of what is left, and repeat: the first difference between these sequences decides (higher
   first);
4. projects with identical grades: the project id that sorts first as a string.

In a ballot file (``vote_type`` ``scoring``) the points are the grades.

Worked example (4 voters): A has grades 3,2,2,0 → sorted 0,2,2,3, majority grade 2 (position
2), p = 1, q = 1: "2". B has 2,2,2,1 → majority grade 2, p = 0, q = 1: "2−". A comes first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cmp_to_key

from tally.model import POINTS_TYPES, Election
from tally.profile import UnsupportedRule

GRADES = ("Je ne suis pas convaincu·e", "Pourquoi pas ?", "J'aime bien", "J'adore")
"""Grade labels, index = grade (0 lowest, 3 highest)."""


class InvalidGrade(ValueError):
    """A ballot gives a grade outside 0..3."""


@dataclass(frozen=True)
class MajorityJudgment:
    """``ranking``: project ids, best first. ``profiles[id]``: how many voters gave each grade
    (index = grade). ``majority_grades[id]``: the majority grade."""

    ranking: tuple[str, ...]
    profiles: dict[str, tuple[int, ...]]
    majority_grades: dict[str, int]


def majority_grade(counts: Sequence[int]) -> int:
    """The lower median grade of a profile of counts (index = grade)."""
    total = sum(counts)
    if total == 0:
        return 0
    position = (total + 1) // 2  # 1-based position of the lower median
    seen = 0
    for grade, count in enumerate(counts):
        seen += count
        if seen >= position:
            return grade
    raise AssertionError("unreachable")


def gauge(counts: Sequence[int]) -> tuple[int, int, int]:
    """Sort key of the majority gauge, larger is better: ``(α, sign(p - q), ±p or q)``."""
    alpha = majority_grade(counts)
    above, below = sum(counts[alpha + 1 :]), sum(counts[:alpha])
    if above > below:
        return alpha, 1, above
    if above < below:
        return alpha, -1, -below
    return alpha, 0, 0


def majority_values(counts: Sequence[int]) -> Iterator[int]:
    """The successive majority grades when one median grade is removed at a time."""
    left = list(counts)
    for _ in range(sum(counts)):
        grade = majority_grade(left)
        yield grade
        left[grade] -= 1


def _compare(a: tuple[str, tuple[int, ...]], b: tuple[str, tuple[int, ...]]) -> int:
    """-1 when ``a`` ranks before ``b`` (both have the same gauge)."""
    if a[1] != b[1]:
        for grade_a, grade_b in zip(majority_values(a[1]), majority_values(b[1]), strict=True):
            if grade_a != grade_b:
                return -1 if grade_a > grade_b else 1
    return -1 if a[0] < b[0] else (1 if a[0] > b[0] else 0)


def rank(profiles: Mapping[str, Sequence[int]]) -> list[str]:
    """Project ids best first, from grade counts (index = grade; all with the same total)."""
    totals = {sum(counts) for counts in profiles.values()}
    if len(totals) > 1:
        raise ValueError("every project needs the same number of grades (ungraded = lowest)")
    by_gauge: dict[tuple[int, int, int], list[tuple[str, tuple[int, ...]]]] = {}
    for project_id, counts in profiles.items():
        by_gauge.setdefault(gauge(counts), []).append((project_id, tuple(counts)))
    ranking: list[str] = []
    for key in sorted(by_gauge, reverse=True):
        ranking.extend(pid for pid, _ in sorted(by_gauge[key], key=cmp_to_key(_compare)))
    return ranking


def grade_profiles(election: Election) -> dict[str, tuple[int, ...]]:
    """Grade counts per project; a project missing from a ballot gets the lowest grade."""
    if election.vote_type not in POINTS_TYPES:
        raise UnsupportedRule(f"majority judgment needs graded ballots, not {election.vote_type}")
    counts = {project.id: [0] * len(GRADES) for project in election.projects}
    for ballot in election.ballots:
        for project_id, grade in zip(ballot.vote, ballot.points or (), strict=True):
            if grade not in range(len(GRADES)):
                raise InvalidGrade(
                    f"voter {ballot.voter_id!r} gives grade {grade} to project {project_id!r}"
                    f" (grades are 0 to {len(GRADES) - 1})"
                )
            counts[project_id][int(grade)] += 1
    voters = len(election.ballots)
    for row in counts.values():
        row[0] += voters - sum(row)
    return {project_id: tuple(row) for project_id, row in counts.items()}


def majority_judgment(election: Election) -> MajorityJudgment:
    """Rank the projects of a graded election (``scoring`` ballots, points 0..3)."""
    profiles = grade_profiles(election)
    return MajorityJudgment(
        ranking=tuple(rank(profiles)),
        profiles=profiles,
        majority_grades={pid: majority_grade(counts) for pid, counts in profiles.items()},
    )

"""Majority judgment (Balinski and Laraki), the ranking Paris has used since 2021.

Each voter gives each project of the ballot one grade out of four:

===  ==============================
 3   J'adore
 2   J'aime bien
 1   Pourquoi pas ?
 0   Je ne suis pas convaincu·e
===  ==============================

A project a voter left ungraded counts as the lowest grade (0), so every project has as many
grades as there are ballots. Projects are ranked, best first, by their **majority value**
(Balinski and Laraki, *Majority Judgment*, MIT Press 2011, ch. 13):

1. the **majority grade** α is the lower median of the grades (with ``n`` grades sorted from
   lowest to highest, the one at position ``⌈n/2⌉``);
2. the majority value is the sequence of majority grades obtained by removing one grade equal
   to the majority grade and taking the majority grade of what is left, until no grade is left;
3. two projects are ordered by the first difference between their majority values (the higher
   grade first); projects with identical grades: the project id that sorts first as a string.

The **majority gauge** is a shortcut that gives the same order, used here as a first sort key:
with ``p`` the number of grades above α and ``q`` the number below, a project is "α+" when
``p > q`` and "α−" when ``p ≤ q``; a higher α wins, then α+ beats α−, among α+ the larger ``p``
wins and among α− the smaller ``q`` wins; equal gauges go on to the majority values. It agrees
with the majority values because, sorting the ``n`` grades ``x₁ ≤ … ≤ xₙ``, the majority value
reads them outwards from the lower median, alternating sides (``n = 4``: ``x₂, x₃, x₁, x₄``;
``n = 5``: ``x₃, x₂, x₄, x₁, x₅``). The first grade that differs from α therefore comes from above
when ``p > q`` and from below when ``p ≤ q`` (a ``p = q`` profile meets a lower grade first), and
it comes earlier the larger ``p`` (resp. ``q``) is. There is no separate "balanced" class for
``p = q``: 1,2,2,2 beats 0,2,2,3. ``tally/tests/test_majority_judgment.py`` checks the gauge and
the whole ranking against the definition on every pair of profiles of up to 9 voters.

Comparing majority values works on grade counts (never on expanded lists): two profiles with the
same number of grades differ first at the sorted position, among those where their sorted grades
differ, that the majority value reads first; at most ``2 × 4`` runs of equal grades are looked at.

In a ballot file (``vote_type`` ``scoring``) the points are the grades.

Worked example (4 voters): A has grades 3,2,2,0 → sorted 0,2,2,3, majority grade 2, p = 1,
q = 1: "2−" with q = 1. B has 2,2,2,1 → sorted 1,2,2,2, majority grade 2, p = 0, q = 1: also "2−"
with q = 1. The gauges are equal, so the majority values decide: A's is 2,2,0,3 (remove a 2 from
0,2,2,3 → 0,2,3 → median 2; remove it → 0,3 → 0; then 3), B's is 2,2,1,2. They first differ at the
third grade, 1 > 0: B comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cmp_to_key

from tally.model import POINTS_TYPES, Ballot, Election
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
    """Sort key of the majority gauge, larger is better: ``(α, 1, p)`` for "α+" (``p > q``),
    ``(α, 0, -q)`` for "α−" (``p ≤ q``)."""
    alpha = majority_grade(counts)
    above, below = sum(counts[alpha + 1 :]), sum(counts[:alpha])
    if above > below:
        return alpha, 1, above
    return alpha, 0, -below


def majority_values(counts: Sequence[int]) -> Iterator[int]:
    """The successive majority grades when one median grade is removed at a time (one per
    grade: for display and tests; the ranking compares counts with :func:`compare`)."""
    left = list(counts)
    for _ in range(sum(counts)):
        grade = majority_grade(left)
        yield grade
        left[grade] -= 1


def _read_at(position: int, n: int) -> int:
    """When the majority value of ``n`` grades reads the sorted grade at ``position``
    (1-based, from the lowest): 1 for the lower median, then alternately above and below it
    (below first when ``n`` is even)."""
    median = (n + 1) // 2
    if n % 2 == 0:
        return 2 * median + 1 - 2 * position if position <= median else 2 * (position - median)
    return 2 * (position - median) + 1 if position >= median else 2 * (median - position)


def _runs(counts: Sequence[int]) -> list[tuple[int, int]]:
    """``(last sorted position, grade)`` of each run of equal grades, from the lowest."""
    runs, end = [], 0
    for grade, count in enumerate(counts):
        if count:
            end += count
            runs.append((end, grade))
    return runs


def compare(a: Sequence[int], b: Sequence[int]) -> int:
    """-1 when profile ``a`` has the higher majority value, 1 when ``b`` has, 0 when equal
    (grade counts with the same total)."""
    n = sum(a)
    if sum(b) != n:
        raise ValueError("every project needs the same number of grades (ungraded = lowest)")
    # The sorted grades as runs; walk both at once, segment by segment where both are constant.
    low_end = (n + 1) // 2 if n % 2 == 0 else (n + 1) // 2 - 1  # last position read downwards
    runs_a, runs_b = _runs(a), _runs(b)
    i = j = 0
    start = 1
    first: tuple[int, int, int] | None = None  # (when read, grade of a, grade of b)
    while i < len(runs_a) and j < len(runs_b):
        (end_a, grade_a), (end_b, grade_b) = runs_a[i], runs_b[j]
        end = min(end_a, end_b)
        if grade_a != grade_b:
            # the positions of [start, end] read first: its top below the median, its bottom
            # above
            candidates = []
            if start <= low_end:
                candidates.append(_read_at(min(end, low_end), n))
            if end > low_end:
                candidates.append(_read_at(max(start, low_end + 1), n))
            when = min(candidates)
            if first is None or when < first[0]:
                first = (when, grade_a, grade_b)
        start = end + 1
        i += end_a == end
        j += end_b == end
    if first is None:
        return 0
    return -1 if first[1] > first[2] else 1


def _order(a: tuple[str, tuple[int, ...]], b: tuple[str, tuple[int, ...]]) -> int:
    """-1 when ``a`` ranks before ``b``: majority value, then id."""
    return compare(a[1], b[1]) or (-1 if a[0] < b[0] else (1 if a[0] > b[0] else 0))


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
        ranking.extend(pid for pid, _ in sorted(by_gauge[key], key=cmp_to_key(_order)))
    return ranking


class GradeCounts:
    """Grade counts per project, added up one ballot at a time (a ballot need not be kept once
    added); a project missing from a ballot gets the lowest grade."""

    def __init__(self, project_ids: Iterable[str]) -> None:
        self._counts = {project_id: [0] * len(GRADES) for project_id in project_ids}
        self.voters = 0

    def add(self, ballot: Ballot) -> None:
        levels = len(GRADES)
        counts = self._counts
        for project_id, grade in zip(ballot.vote, ballot.points or (), strict=True):
            if grade.__class__ is int and 0 <= grade < levels:  # the common case, first
                counts[project_id][grade] += 1
                continue
            if grade not in range(levels):
                raise InvalidGrade(
                    f"voter {ballot.voter_id!r} gives grade {grade} to project {project_id!r}"
                    f" (grades are 0 to {levels - 1})"
                )
            counts[project_id][int(grade)] += 1
        self.voters += 1

    def profiles(self) -> dict[str, tuple[int, ...]]:
        """Grade counts per project (index = grade), every project with one grade a voter."""
        voters = self.voters
        return {
            project_id: (row[0] + voters - sum(row), *row[1:])
            for project_id, row in self._counts.items()
        }


def _graded(election: Election) -> None:
    if election.vote_type not in POINTS_TYPES:
        raise UnsupportedRule(f"majority judgment needs graded ballots, not {election.vote_type}")


def grade_profiles(election: Election) -> dict[str, tuple[int, ...]]:
    """Grade counts per project; a project missing from a ballot gets the lowest grade."""
    _graded(election)
    counts = GradeCounts(project.id for project in election.projects)
    for ballot in election.ballots:
        counts.add(ballot)
    return counts.profiles()


def majority_judgment(
    election: Election, *, profiles: Mapping[str, Sequence[int]] | None = None
) -> MajorityJudgment:
    """Rank the projects of a graded election (``scoring`` ballots, points 0..3). ``profiles``:
    its grade counts when they were counted already (:class:`GradeCounts`, one for each of the
    election's projects): the ballots are then not read."""
    if profiles is None:
        profiles = grade_profiles(election)
    else:
        _graded(election)
        if set(profiles) != {project.id for project in election.projects}:
            raise ValueError("the grade counts are not those of the election's projects")
    counted = {project_id: tuple(counts) for project_id, counts in profiles.items()}
    return MajorityJudgment(
        ranking=tuple(rank(counted)),
        profiles=counted,
        majority_grades={pid: majority_grade(counts) for pid, counts in counted.items()},
    )

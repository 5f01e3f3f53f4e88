"""Majority judgment ranking on hand-computed cases, ties included."""

from __future__ import annotations

import pytest

from tally import (
    Ballot,
    Election,
    GradeCounts,
    InvalidGrade,
    Project,
    UnsupportedRule,
    majority_judgment,
    run,
)
from tally.majority_judgment import gauge, majority_grade, majority_values, rank


def test_majority_grade_is_the_lower_median():
    assert majority_grade([1, 1, 1, 1]) == 1  # 0,1,2,3 → the lower of 1 and 2
    assert majority_grade([0, 2, 0, 3]) == 3  # 1,1,3,3,3 → 3
    assert majority_grade([2, 0, 0, 2]) == 0  # 0,0,3,3 → 0
    assert majority_grade([0, 0, 0, 0]) == 0


def test_gauge_signs():
    assert gauge([1, 0, 2, 1]) == (2, 0, -1)  # 0,2,2,3: p = 1, q = 1 → "2−", q = 1
    assert gauge([0, 1, 3, 0]) == (2, 0, -1)  # 1,2,2,2: p = 0, q = 1 → "2−", q = 1
    assert gauge([0, 0, 2, 2]) == (2, 1, 2)  # 2,2,3,3: lower median 2, p = 2 → "2+", p = 2
    assert gauge([0, 0, 4, 0]) == (2, 0, 0)  # 2,2,2,2: p = q = 0 → "2−", q = 0


def test_majority_values_remove_one_median_at_a_time():
    # 0,1,2,3,3: medians 2 → (0,1,3,3) 1 → (0,3,3) 3 → (0,3) 0 → (3) 3
    assert list(majority_values([1, 1, 1, 2])) == [2, 1, 3, 0, 3]


def test_rank_by_grade_then_gauge_then_values_then_id():
    profiles = {
        # five voters each
        "A": (0, 1, 2, 2),  # 1,2,2,3,3 → grade 2, p=2 q=1 → 2+ (p=2)
        "B": (1, 0, 2, 2),  # 0,2,2,3,3 → grade 2, p=2 q=1 → 2+ (p=2); values 2,2,3,0,3
        "C": (0, 0, 4, 1),  # 2,2,2,2,3 → grade 2, p=1 q=0 → 2+ (p=1)
        "D": (0, 2, 3, 0),  # 1,1,2,2,2 → grade 2, p=0 q=2 → 2− (q=2)
        "E": (1, 1, 3, 0),  # 0,1,2,2,2 → grade 2, p=0 q=2 → 2− (q=2)
        "F": (0, 0, 0, 5),  # grade 3
        "G": (4, 0, 0, 1),  # grade 0
        "H": (0, 1, 2, 2),  # identical to A: the id decides
    }
    # A and B tie on the gauge (2, +, 2): A's values 2,2,3,1,3 beat B's 2,2,3,0,3.
    assert list(majority_values(profiles["A"])) == [2, 2, 3, 1, 3]
    assert list(majority_values(profiles["B"])) == [2, 2, 3, 0, 3]
    # D and E tie on the gauge (2, −, 2): D's values 2,1,2,1,2 beat E's 2,1,2,0,2.
    assert list(majority_values(profiles["D"])) == [2, 1, 2, 1, 2]
    assert list(majority_values(profiles["E"])) == [2, 1, 2, 0, 2]
    assert rank(profiles) == ["F", "A", "H", "B", "C", "D", "E", "G"]


def test_no_balanced_class_between_plus_and_minus():
    """p = q is "α−": 1,2,2,2 (majority value 2,2,1,2) beats 0,2,2,3 (2,2,0,3), as DESIGN.md
    says, and the module's worked example (A = 3,2,2,0, B = 2,2,2,1) puts B first."""
    profiles = {
        "plus": (0, 0, 3, 1),  # 2,2,2,3 → grade 2, p=1 q=0: "2+"
        "even": (1, 0, 2, 1),  # 0,2,2,3 → grade 2, p=1 q=1: "2−", q=1
        "minus": (0, 1, 3, 0),  # 1,2,2,2 → grade 2, p=0 q=1: "2−", q=1
    }
    assert list(majority_values(profiles["even"])) == [2, 2, 0, 3]
    assert list(majority_values(profiles["minus"])) == [2, 2, 1, 2]
    assert rank(profiles) == ["plus", "minus", "even"]
    assert rank({"A": (1, 0, 2, 1), "B": (0, 1, 3, 0)}) == ["B", "A"]
    graded = election(
        {"v1": {"A": 3, "B": 2}, "v2": {"A": 2, "B": 2}, "v3": {"A": 2, "B": 2}, "v4": {"B": 1}},
        projects="AB",
    )
    assert majority_judgment(graded).ranking == ("B", "A")


def election(grades: dict[str, dict[str, int]], projects: str = "ABC") -> Election:
    return Election(
        meta={"budget": "100", "vote_type": "scoring"},
        projects=[Project(pid, 40) for pid in projects],
        ballots=[
            Ballot(voter, tuple(given), tuple(given.values())) for voter, given in grades.items()
        ],
    )


def test_ungraded_projects_count_as_the_lowest_grade():
    graded = election(
        {
            "v1": {"A": 3, "B": 2},
            "v2": {"A": 3},
            "v3": {"B": 1, "C": 3},
        }
    )
    result = majority_judgment(graded)
    assert result.profiles == {"A": (1, 0, 0, 2), "B": (1, 1, 1, 0), "C": (2, 0, 0, 1)}
    assert result.majority_grades == {"A": 3, "B": 1, "C": 0}
    assert result.ranking == ("A", "B", "C")


def test_run_majority_judgment_funds_in_rank_order():
    graded = election({"v1": {"C": 3, "B": 2, "A": 1}, "v2": {"C": 3, "B": 2}, "v3": {"C": 2}})
    result = run("majority-judgment", graded, reserved=40, priority={"A"})
    assert result.ranking == ("C", "B", "A")
    assert result.selected == ("C", "A") and result.total_cost == 80
    assert result.reserved_used == 40


def test_refusals():
    with pytest.raises(InvalidGrade, match="grade 4"):
        majority_judgment(election({"v1": {"A": 4}}))
    approval = Election({"budget": "1", "vote_type": "approval"}, [Project("A", 1)], [])
    with pytest.raises(UnsupportedRule):
        majority_judgment(approval)
    with pytest.raises(ValueError, match="same number of grades"):
        rank({"A": (1, 0, 0, 0), "B": (0, 0, 0, 2)})


def test_grade_counts_added_one_ballot_at_a_time_rank_alike():
    """Counted as ballots come (``GradeCounts``, the ballots then let go), the same profiles,
    ranking and funding as from the election's ballots."""
    graded = election({"v1": {"C": 3, "B": 2, "A": 1}, "v2": {"C": 3, "B": 2}, "v3": {"C": 2}})
    counts = GradeCounts(p.id for p in graded.projects)
    for ballot in graded.ballots:
        counts.add(ballot)
    assert counts.voters == 3
    assert counts.profiles() == majority_judgment(graded).profiles
    streamed = Election(graded.meta, graded.projects, [])  # no ballot held
    assert majority_judgment(streamed, profiles=counts.profiles()) == majority_judgment(graded)
    assert run(
        "majority-judgment", streamed, reserved=40, priority={"A"}, profiles=counts.profiles()
    ) == run("majority-judgment", graded, reserved=40, priority={"A"})
    with pytest.raises(InvalidGrade, match="grade 4"):
        GradeCounts(["A"]).add(Ballot("v9", ("A",), points=(4,)))
    with pytest.raises(ValueError, match="projects"):
        majority_judgment(streamed, profiles={"A": (3, 0, 0, 0)})
    with pytest.raises(UnsupportedRule, match="reads the ballots"):
        run("greedy", streamed, profiles=counts.profiles())

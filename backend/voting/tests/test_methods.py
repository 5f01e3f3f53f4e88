"""Every voting method's valid ballots and refusals (pure: no database)."""

import pytest

from voting.errors import BallotInvalid
from voting.methods import AreaBallot, Method, validate

BALLOT = AreaBallot(
    area_name="5e arrondissement",
    projects={1: ("Jardin", 400_000), 2: ("Piste", 300_000), 3: ("Bancs", 200_000)},
    elsewhere={9: "19e arrondissement"},
)


def refused(method: Method, **given) -> BallotInvalid:
    with pytest.raises(BallotInvalid) as info:
        validate(method, BALLOT, **given)
    return info.value


# --- approval ---


def test_approval_normalises_to_sorted_ids():
    assert validate(Method("approval", approval_max=2), BALLOT, projects=[3, 1]) == {
        "projects": [1, 3]
    }


def test_approval_without_a_maximum_takes_every_project():
    assert validate(Method("approval"), BALLOT, projects=[1, 2, 3]) == {"projects": [1, 2, 3]}


def test_approval_refuses_too_many_projects():
    error = refused(Method("approval", approval_max=2), projects=[1, 2, 3])
    assert error.code == "too_many_projects"
    assert error.errors == {
        "projects": ["Too many projects: you chose 3, the most you can choose is 2."]
    }


def test_approval_refuses_a_project_of_another_area():
    error = refused(Method("approval"), projects=[1, 9])
    assert error.code == "wrong_area"
    assert "19e arrondissement" in error.message and "5e arrondissement" in error.message


def test_approval_refuses_an_unknown_project_a_duplicate_and_nothing():
    assert refused(Method("approval"), projects=[1, 77]).code == "unknown_project"
    assert refused(Method("approval"), projects=[2, 2]).code == "duplicate_project"
    assert refused(Method("approval"), projects=[]).code == "empty_ballot"
    assert refused(Method("approval"), projects=["x"]).code == "unknown_project"


def test_a_method_reads_its_own_field_only():
    error = refused(Method("approval"), grades={"1": "adore"})
    assert error.code == "wrong_method" and "grades" in error.errors
    assert refused(Method("approval")).code == "required"


# --- knapsack ---


def test_knapsack_within_the_envelope():
    method = Method("knapsack", envelope=600_000)
    assert validate(method, BALLOT, projects=[1, 3]) == {"projects": [1, 3]}


def test_knapsack_refuses_a_ballot_over_the_envelope():
    error = refused(Method("knapsack", envelope=600_000), projects=[1, 2])
    assert error.code == "over_envelope"
    assert error.message == (
        "Over the envelope: your projects cost 700 000 €, more than the 600 000 € of "
        "5e arrondissement."
    )


def test_knapsack_minimum_share_rounds_up():
    method = Method("knapsack", envelope=600_001, knapsack_min_share=50)
    # 50 % of 600 001 € is 300 000.5 €: 300 000 € is not enough, 400 000 € is.
    assert refused(method, projects=[2]).code == "under_minimum_share"
    assert validate(method, BALLOT, projects=[1]) == {"projects": [1]}


def test_knapsack_without_an_envelope_cannot_be_cast():
    assert refused(Method("knapsack"), projects=[1]).code == "no_envelope"


# --- majority judgment ---


def test_majority_judgment_grades_every_project_ungraded_as_the_lowest():
    content = validate(Method("majority_judgment"), BALLOT, grades={"2": "adore", "3": "aime_bien"})
    assert content == {"grades": {"1": "pas_convaincu", "2": "adore", "3": "aime_bien"}}


def test_majority_judgment_refuses_a_grade_that_does_not_exist():
    error = refused(Method("majority_judgment"), grades={"1": "super"})
    assert error.code == "unknown_grade"
    assert "« super » is not a grade" in error.message and "J'adore" in error.message


def test_majority_judgment_refuses_other_areas_and_empty_ballots():
    assert refused(Method("majority_judgment"), grades={"9": "adore"}).code == "wrong_area"
    assert refused(Method("majority_judgment"), grades={}).code == "empty_ballot"


# --- cumulative ---


def test_cumulative_keeps_the_points_given():
    content = validate(
        Method("cumulative", cumulative_points=10), BALLOT, points={"1": 6, "2": 0, "3": 4}
    )
    assert content == {"points": {"1": 6, "3": 4}}


def test_cumulative_refuses_more_points_than_the_voter_has():
    error = refused(Method("cumulative", cumulative_points=10), points={"1": 6, "2": 5})
    assert error.code == "too_many_points"
    assert error.message == "Too many points: you gave 11, you have 10 to spread."


def test_cumulative_refuses_negative_or_fractional_points_and_nothing():
    method = Method("cumulative", cumulative_points=10)
    assert refused(method, points={"1": -1}).code == "invalid_points"
    assert refused(method, points={"1": 1.5}).code == "invalid_points"
    assert refused(method, points={"1": True}).code == "invalid_points"
    assert refused(method, points={"1": 0}).code == "empty_ballot"
    assert refused(method, points={"9": 1}).code == "wrong_area"

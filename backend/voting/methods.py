"""The campaign's voting method decides what a valid ballot is. Pure: plain data in (the area's
projects and costs, the method's parameters, the voter's choices), a normalised ballot out, or
``BallotInvalid`` with a reason a person understands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import BallotInvalid

# Majority judgment's grades, worst first (the stored value is the key). An ungraded project
# counts as the lowest grade.
GRADES: tuple[tuple[str, str], ...] = (
    ("pas_convaincu", "Je ne suis pas convaincu·e"),
    ("pourquoi_pas", "Pourquoi pas ?"),
    ("aime_bien", "J'aime bien"),
    ("adore", "J'adore"),
)
GRADE_KEYS = tuple(key for key, _ in GRADES)
LOWEST_GRADE = GRADE_KEYS[0]
MAX_ENTRIES = 1000

# Which input field each method reads.
FIELD_FOR = {
    "approval": "projects",
    "knapsack": "projects",
    "majority_judgment": "grades",
    "cumulative": "points",
}
SHAPES = {
    "projects": "a list of project ids",
    "grades": "an object mapping project ids to grades",
    "points": "an object mapping project ids to points",
}


@dataclass(frozen=True)
class Method:
    rule: str  # Campaign.VotingRule
    approval_max: int | None = None
    cumulative_points: int = 10
    knapsack_min_share: int = 0  # percent of the envelope
    envelope: int | None = None  # euros


@dataclass(frozen=True)
class AreaBallot:
    """The projects of one area's ballot: id → (title, cost); and the campaign's projects in
    other areas: id → area name (to say "this project is on another ballot")."""

    area_name: str
    projects: Mapping[int, tuple[str, int]]
    elsewhere: Mapping[int, str]


def euros(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " €"


def _project_id(raw: Any, ballot: AreaBallot, field: str) -> int:
    try:
        pid = int(raw)
    except (TypeError, ValueError):
        raise BallotInvalid(
            f"« {raw} » is not a project id.", code="unknown_project", field=field
        ) from None
    if isinstance(raw, bool) or str(pid) != str(raw).strip():
        raise BallotInvalid(f"« {raw} » is not a project id.", code="unknown_project", field=field)
    if pid in ballot.projects:
        return pid
    if pid in ballot.elsewhere:
        raise BallotInvalid(
            f"Project #{pid} is on the ballot of {ballot.elsewhere[pid]}, not of "
            f"{ballot.area_name}.",
            code="wrong_area",
            field=field,
        )
    raise BallotInvalid(
        f"Project #{pid} is not on this campaign's ballots.", code="unknown_project", field=field
    )


def _ids(raw: Any, ballot: AreaBallot, field: str) -> list[int]:
    ids = [_project_id(r, ballot, field) for r in raw]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BallotInvalid(
            "Each project can be chosen once: "
            + ", ".join(f"#{i}" for i in duplicates)
            + " appears twice.",
            code="duplicate_project",
            field=field,
        )
    return sorted(ids)


def validate(
    method: Method,
    ballot: AreaBallot,
    *,
    projects: list[Any] | None = None,
    grades: Mapping[str, Any] | None = None,
    points: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The normalised ballot for ``method`` from the voter's input, or ``BallotInvalid``."""
    given = {"projects": projects, "grades": grades, "points": points}
    field = FIELD_FOR[method.rule]
    for name, value in given.items():
        if name != field and value is not None:
            raise BallotInvalid(
                f"This campaign votes by {method.rule.replace('_', ' ')}: send « {field} », "
                f"{SHAPES[field]}, not « {name} ».",
                code="wrong_method",
                field=name,
            )
    value = given[field]
    if value is None:
        raise BallotInvalid(
            f"« {field} » is required: {SHAPES[field]}.", code="required", field=field
        )
    if len(value) > MAX_ENTRIES:
        raise BallotInvalid("Too many entries.", code="too_many_entries", field=field)
    if method.rule == "approval":
        return _approval(method, ballot, list(value))
    if method.rule == "knapsack":
        return _knapsack(method, ballot, list(value))
    if method.rule == "majority_judgment":
        return _majority_judgment(ballot, dict(value))
    return _cumulative(method, ballot, dict(value))


def _approval(method: Method, ballot: AreaBallot, raw: list[Any]) -> dict[str, Any]:
    ids = _ids(raw, ballot, "projects")
    if not ids:
        raise BallotInvalid("Choose at least one project.", code="empty_ballot", field="projects")
    if method.approval_max is not None and len(ids) > method.approval_max:
        raise BallotInvalid(
            f"Too many projects: you chose {len(ids)}, the most you can choose is "
            f"{method.approval_max}.",
            code="too_many_projects",
            field="projects",
        )
    return {"projects": ids}


def _knapsack(method: Method, ballot: AreaBallot, raw: list[Any]) -> dict[str, Any]:
    ids = _ids(raw, ballot, "projects")
    if not ids:
        raise BallotInvalid("Choose at least one project.", code="empty_ballot", field="projects")
    if method.envelope is None:
        raise BallotInvalid(
            f"The envelope of {ballot.area_name} is not set yet: this ballot cannot be cast.",
            code="no_envelope",
            field="area",
        )
    total = sum(ballot.projects[i][1] for i in ids)
    if total > method.envelope:
        raise BallotInvalid(
            f"Over the envelope: your projects cost {euros(total)}, more than the "
            f"{euros(method.envelope)} of {ballot.area_name}.",
            code="over_envelope",
            field="projects",
        )
    minimum = -(-method.envelope * method.knapsack_min_share // 100)  # rounded up
    if total < minimum:
        raise BallotInvalid(
            f"Not enough: your projects cost {euros(total)}; spend at least "
            f"{method.knapsack_min_share} % of the envelope ({euros(minimum)}).",
            code="under_minimum_share",
            field="projects",
        )
    return {"projects": ids}


def _majority_judgment(ballot: AreaBallot, raw: dict[str, Any]) -> dict[str, Any]:
    given: dict[int, str] = {}
    for key, grade in raw.items():
        pid = _project_id(key, ballot, "grades")
        if grade not in GRADE_KEYS:
            names = ", ".join(f"{k} ({label})" for k, label in reversed(GRADES))
            raise BallotInvalid(
                f"« {grade} » is not a grade: use one of {names}.",
                code="unknown_grade",
                field="grades",
            )
        given[pid] = grade
    if not given:
        raise BallotInvalid("Grade at least one project.", code="empty_ballot", field="grades")
    return {"grades": {str(pid): given.get(pid, LOWEST_GRADE) for pid in sorted(ballot.projects)}}


def _cumulative(method: Method, ballot: AreaBallot, raw: dict[str, Any]) -> dict[str, Any]:
    spread: dict[int, int] = {}
    for key, value in raw.items():
        pid = _project_id(key, ballot, "points")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise BallotInvalid(
                f"Points are whole numbers from 0: « {value} » for project #{pid}.",
                code="invalid_points",
                field="points",
            )
        if value:
            spread[pid] = value
    total = sum(spread.values())
    if total == 0:
        raise BallotInvalid(
            "Give at least one point to a project.", code="empty_ballot", field="points"
        )
    if total > method.cumulative_points:
        raise BallotInvalid(
            f"Too many points: you gave {total}, you have {method.cumulative_points} to spread.",
            code="too_many_points",
            field="points",
        )
    return {"points": {str(pid): spread[pid] for pid in sorted(spread)}}

"""Campaign phases as data: the ordered phases, the schedule arithmetic, and the table of which
actions each phase allows. Pure: plain values in, plain values out, an explicit ``now``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import pairwise


class Phase(StrEnum):
    DRAFT = "draft"
    SUBMISSION = "submission"
    REVIEW = "review"
    VOTING = "voting"
    RESULTS = "results"
    IMPLEMENTATION = "implementation"
    CLOSED = "closed"


PHASES: tuple[Phase, ...] = tuple(Phase)
PHASE_VALUES: tuple[str, ...] = tuple(p.value for p in PHASES)  # one enum in the API schema


class Action(StrEnum):
    PROPOSE = "propose"
    EDIT_OWN = "edit_own"
    WITHDRAW = "withdraw"
    COMMENT = "comment"
    REPORT = "report"
    MODERATE = "moderate"
    REVIEW = "review"
    MERGE = "merge"
    VOTE = "vote"
    ENTER_PAPER_BALLOTS = "enter_paper_ballots"
    PUBLISH_RESULTS = "publish_results"
    ADD_MILESTONES = "add_milestones"


# The one table: which actions each phase allows (who may take them is decided by roles).
PHASE_ACTIONS: Mapping[Phase, frozenset[Action]] = {
    Phase.DRAFT: frozenset(),
    Phase.SUBMISSION: frozenset(
        {
            Action.PROPOSE,
            Action.EDIT_OWN,
            Action.WITHDRAW,
            Action.COMMENT,
            Action.REPORT,
            Action.MODERATE,
            Action.REVIEW,
        }
    ),
    Phase.REVIEW: frozenset(
        {
            Action.WITHDRAW,
            Action.COMMENT,
            Action.REPORT,
            Action.MODERATE,
            Action.REVIEW,
            Action.MERGE,
        }
    ),
    Phase.VOTING: frozenset(
        {Action.VOTE, Action.ENTER_PAPER_BALLOTS, Action.COMMENT, Action.REPORT, Action.MODERATE}
    ),
    Phase.RESULTS: frozenset(
        {Action.PUBLISH_RESULTS, Action.COMMENT, Action.REPORT, Action.MODERATE}
    ),
    Phase.IMPLEMENTATION: frozenset(
        {Action.ADD_MILESTONES, Action.COMMENT, Action.REPORT, Action.MODERATE}
    ),
    Phase.CLOSED: frozenset(),
}

# Phases from which the ballot (projects, costs, voting rule) is frozen.
FROZEN_FROM = Phase.VOTING


@dataclass(frozen=True)
class Slot:
    phase: Phase
    start: datetime  # inclusive
    end: datetime | None  # exclusive; None = open-ended


def phase_at(schedule: Iterable[Slot], now: datetime) -> Phase:
    """The phase at ``now``: the slot whose [start, end) holds it. Before the first slot the
    campaign is a draft; in a gap it stays in the last phase that started; after the last
    slot has ended it is closed."""
    slots = sorted(schedule, key=lambda s: (s.start, PHASES.index(s.phase)))
    current = Phase.DRAFT
    for slot in slots:
        if slot.start <= now:
            if slot.end is None or now < slot.end:
                current = slot.phase
            else:
                current = slot.phase if slot is not slots[-1] else Phase.CLOSED
    return current


def allows(phase: Phase | str, action: Action | str) -> bool:
    return Action(action) in PHASE_ACTIONS[Phase(phase)]


def is_frozen(phase: Phase | str) -> bool:
    return PHASES.index(Phase(phase)) >= PHASES.index(FROZEN_FROM)


def next_phase(phase: Phase | str) -> Phase | None:
    i = PHASES.index(Phase(phase))
    return PHASES[i + 1] if i + 1 < len(PHASES) else None


def validate_schedule(schedule: Iterable[Slot]) -> list[str]:
    """Problems with a schedule, as sentences (empty when it is consistent): phases in order,
    each ending after it starts, no overlaps, each phase at most once."""
    slots = sorted(schedule, key=lambda s: PHASES.index(s.phase))
    problems: list[str] = []
    seen: set[Phase] = set()
    for slot in slots:
        if slot.phase in seen:
            problems.append(f"The phase {slot.phase} appears twice.")
        seen.add(slot.phase)
        if slot.end is not None and slot.end <= slot.start:
            problems.append(f"The phase {slot.phase} must end after it starts.")
    for a, b in pairwise(slots):
        if a.end is None or a.end > b.start:
            problems.append(f"The phase {a.phase} must end before {b.phase} starts.")
    return problems

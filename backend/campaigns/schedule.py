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
    SUPPORT = "support"
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
            Action.SUPPORT,
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
    # Conversations close with the vote (comments: submission, review, voting; supports:
    # submission only); what was said stays readable and reportable.
    # Winning projects are followed from the results on (delivery: status, milestones).
    Phase.RESULTS: frozenset(
        {Action.PUBLISH_RESULTS, Action.ADD_MILESTONES, Action.REPORT, Action.MODERATE}
    ),
    Phase.IMPLEMENTATION: frozenset({Action.ADD_MILESTONES, Action.REPORT, Action.MODERATE}),
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


class VotingStage(StrEnum):
    """Where a campaign's vote stands: the one authority every voting action asks."""

    NOT_OPEN = "not_open"  # before the voting slot (or no voting slot yet)
    OPEN = "open"  # inside the voting slot: ballots are cast
    CHECKING = "checking"  # voting has closed; declarations are checked, nothing is shown
    PUBLISHED = "published"  # the results phase (or later) has started: counted and public


STAGES: tuple[VotingStage, ...] = tuple(VotingStage)
STAGE_VALUES: tuple[str, ...] = tuple(s.value for s in STAGES)


def voting_stage(schedule: Iterable[Slot], now: datetime) -> VotingStage:
    """The stage of the vote at ``now``, from the schedule alone.

    Voting is open inside its slot only: start inclusive, end exclusive (absolute instants; the
    schedule is entered and shown in Europe/Paris). After the slot has ended and until the
    results phase starts (a gap in the schedule, possibly empty) the vote is closed and being
    checked; from the results phase on (or once the campaign is closed) it is published. A
    campaign with no voting slot is never open."""
    slots = list(schedule)
    if PHASES.index(phase_at(slots, now)) >= PHASES.index(Phase.RESULTS):
        return VotingStage.PUBLISHED
    voting = next((s for s in slots if s.phase == Phase.VOTING), None)
    if voting is None or now < voting.start:
        return VotingStage.NOT_OPEN
    if voting.end is None or now < voting.end:
        return VotingStage.OPEN
    return VotingStage.CHECKING


def voting_open(schedule: Iterable[Slot], now: datetime) -> bool:
    return voting_stage(schedule, now) == VotingStage.OPEN


def stage_change_problem(before: Iterable[Slot], after: Iterable[Slot], now: datetime) -> str:
    """Why replacing the schedule ``before`` by ``after`` at ``now`` is refused ("" when it is
    not): the vote's stage never goes back (a vote that has opened cannot be un-opened, one that
    has closed never reopens, published results are never withdrawn), and once voting has
    opened its start, and once it has closed its whole slot, can no longer move."""
    before, after = list(before), list(after)
    old, new = voting_stage(before, now), voting_stage(after, now)
    if STAGES.index(new) < STAGES.index(old):
        return (
            f"The vote is {old.value.replace('_', ' ')}: this schedule would take it back to "
            f"« {new.value.replace('_', ' ')} », and a vote never goes back."
        )
    old_slot = next((s for s in before if s.phase == Phase.VOTING), None)
    new_slot = next((s for s in after if s.phase == Phase.VOTING), None)
    if old in (VotingStage.CHECKING, VotingStage.PUBLISHED) and old_slot != new_slot:
        return "Voting has closed: its dates can no longer change."
    moved_start = new_slot is None or old_slot is None or new_slot.start != old_slot.start
    if old == VotingStage.OPEN and moved_start:
        return "Voting has opened: its start can no longer change (its end can)."
    return ""


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

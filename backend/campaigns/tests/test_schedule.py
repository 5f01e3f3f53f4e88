"""The pure phase core: phase at a time, schedule validation, the phase → actions table."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaigns.schedule import (
    PHASE_ACTIONS,
    PHASES,
    Action,
    Phase,
    Slot,
    allows,
    is_frozen,
    next_phase,
    phase_at,
    validate_schedule,
)

T0 = datetime(2026, 1, 10, 23, 0, tzinfo=UTC)  # midnight in Paris
DAY = timedelta(days=1)
us = timedelta(microseconds=1)


def full_schedule(start=T0):
    """Every phase after draft, 10 days each, back to back; closed is open-ended."""
    slots, t = [], start
    for phase in PHASES[1:-1]:
        slots.append(Slot(phase, t, t + 10 * DAY))
        t += 10 * DAY
    slots.append(Slot(Phase.CLOSED, t, None))
    return slots


def test_boundaries_start_inclusive_end_exclusive():
    schedule = full_schedule()
    assert phase_at(schedule, T0 - us) == Phase.DRAFT
    assert phase_at(schedule, T0) == Phase.SUBMISSION
    assert phase_at(schedule, T0 + 10 * DAY - us) == Phase.SUBMISSION
    assert phase_at(schedule, T0 + 10 * DAY) == Phase.REVIEW
    assert phase_at(schedule, T0 + 30 * DAY) == Phase.RESULTS
    assert phase_at(schedule, T0 + 1000 * DAY) == Phase.CLOSED


def test_after_the_last_slot_ends_the_campaign_is_closed():
    schedule = [Slot(Phase.SUBMISSION, T0, T0 + DAY)]
    assert phase_at(schedule, T0 + DAY) == Phase.CLOSED


def test_a_gap_keeps_the_last_phase_that_started():
    schedule = [Slot(Phase.SUBMISSION, T0, T0 + DAY), Slot(Phase.REVIEW, T0 + 3 * DAY, None)]
    assert phase_at(schedule, T0 + 2 * DAY) == Phase.SUBMISSION


@given(st.integers(min_value=-100, max_value=200).map(lambda h: T0 + timedelta(hours=h * 7)))
def test_phase_at_is_monotonic(now):
    schedule = full_schedule()
    later = phase_at(schedule, now + timedelta(hours=5))
    assert PHASES.index(later) >= PHASES.index(phase_at(schedule, now))


def test_validate_schedule():
    assert validate_schedule(full_schedule()) == []
    overlapping = [Slot(Phase.SUBMISSION, T0, T0 + 2 * DAY), Slot(Phase.REVIEW, T0 + DAY, None)]
    assert validate_schedule(overlapping) == ["The phase submission must end before review starts."]
    backwards = [Slot(Phase.VOTING, T0, T0 - DAY)]
    assert validate_schedule(backwards) == ["The phase voting must end after it starts."]
    open_ended_middle = [Slot(Phase.SUBMISSION, T0, None), Slot(Phase.REVIEW, T0 + DAY, None)]
    assert validate_schedule(open_ended_middle)


def test_the_table():
    assert allows("submission", "propose") and not allows("review", "propose")
    assert allows("voting", "vote") and not allows("submission", "vote")
    assert allows("review", "merge") and not allows("voting", "merge")
    assert PHASE_ACTIONS[Phase.DRAFT] == frozenset() == PHASE_ACTIONS[Phase.CLOSED]
    assert {a for actions in PHASE_ACTIONS.values() for a in actions} == set(Action)


def test_frozen_from_voting_on():
    assert [is_frozen(p) for p in PHASES] == [False, False, False, True, True, True, True]
    assert next_phase("review") == Phase.VOTING and next_phase("closed") is None


@pytest.mark.parametrize("phase", PHASES)
def test_every_phase_has_a_row(phase):
    assert phase in PHASE_ACTIONS

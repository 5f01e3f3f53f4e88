"""Closed means closed: one function of the schedule says where the vote stands, every voting
action asks it, and no change of schedule takes the vote back. Tried from outside, as an
administrator would: every phase move, in any order, at any time, against casting, paper entry,
declarations, previews, ballot files and comparisons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign, Envelope
from campaigns.rules import check
from campaigns.schedule import (
    PHASES,
    STAGES,
    Action,
    Phase,
    Slot,
    VotingStage,
    stage_change_problem,
    voting_stage,
)
from campaigns.services import campaign_phase_advance, campaign_phase_move
from campaigns.tests.factories import CampaignFactory
from core.errors import ApplicationError
from core.testing.api import assert_error
from results import rules as results_rules
from voting.rules import vote_refusal
from voting.selectors import voter_state
from voting.tests.conftest import declare

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)


def slots(**phases: tuple[datetime, datetime | None]) -> list[Slot]:
    return [Slot(Phase(p), s, e) for p, (s, e) in phases.items()]


# --- the one authority ----------------------------------------------------------------------


def test_the_voting_slot_is_start_inclusive_end_exclusive_and_a_gap_is_checking():
    schedule = slots(
        review=(T0 - 10 * D, T0), voting=(T0, T0 + 10 * D), results=(T0 + 12 * D, None)
    )
    assert voting_stage(schedule, T0 - timedelta(microseconds=1)) == VotingStage.NOT_OPEN
    assert voting_stage(schedule, T0) == VotingStage.OPEN
    assert voting_stage(schedule, T0 + 10 * D - timedelta(microseconds=1)) == VotingStage.OPEN
    # The phase still reads "voting" in the gap; the vote is closed there.
    assert voting_stage(schedule, T0 + 10 * D) == VotingStage.CHECKING
    assert voting_stage(schedule, T0 + 11 * D) == VotingStage.CHECKING
    assert voting_stage(schedule, T0 + 12 * D) == VotingStage.PUBLISHED


def test_without_a_voting_slot_the_vote_never_opens_and_closing_publishes():
    assert voting_stage(slots(review=(T0, T0 + D)), T0 + H) == VotingStage.NOT_OPEN
    assert voting_stage([], T0) == VotingStage.NOT_OPEN
    # Voting as the last slot: once it ends the campaign is closed, and closed is published.
    assert voting_stage(slots(voting=(T0, T0 + D)), T0 + 2 * D) == VotingStage.PUBLISHED
    assert voting_stage(slots(voting=(T0, None)), T0 + 400 * D) == VotingStage.OPEN


@pytest.mark.parametrize(
    ("before", "after", "at", "refused"),
    [
        # Reopening a vote that has closed (moving its end into the future).
        ({"voting": (T0, T0 + D), "results": (T0 + 2 * D, None)},
         {"voting": (T0, T0 + 5 * D), "results": (T0 + 6 * D, None)}, T0 + 1.5 * D, True),
        # Withdrawing published results (back to checking).
        ({"voting": (T0, T0 + D), "results": (T0 + 2 * D, None)},
         {"voting": (T0, T0 + D), "results": (T0 + 9 * D, None)}, T0 + 3 * D, True),
        # Un-opening an open vote (its start moved later).
        ({"voting": (T0, T0 + D)}, {"voting": (T0 + 2 * H, T0 + D)}, T0 + H, True),
        # Moving a closed vote's dates, even within the past.
        ({"voting": (T0, T0 + D), "results": (T0 + 2 * D, None)},
         {"voting": (T0 - D, T0 + D), "results": (T0 + 2 * D, None)}, T0 + 1.5 * D, True),
        # Allowed: closing an open vote early, extending it while open, publishing sooner.
        ({"voting": (T0, T0 + D), "results": (T0 + 2 * D, None)},
         {"voting": (T0, T0 + 2 * H), "results": (T0 + 2 * D, None)}, T0 + 2 * H, False),
        ({"voting": (T0, T0 + D)}, {"voting": (T0, T0 + 3 * D)}, T0 + H, False),
        ({"voting": (T0, T0 + D), "results": (T0 + 5 * D, None)},
         {"voting": (T0, T0 + D), "results": (T0 + 2 * D, None)}, T0 + 3 * D, False),
        # Before voting opens anything goes.
        ({"voting": (T0, T0 + D)}, {"voting": (T0 + 9 * D, T0 + 10 * D)}, T0 - H, False),
    ],
)  # fmt: skip
def test_what_a_schedule_change_may_do(before, after, at, refused):
    problem = stage_change_problem(slots(**before), slots(**after), at)
    assert bool(problem) is refused, problem


# --- every move, in any order, against every voting action --------------------------------

MOVE = st.one_of(
    st.tuples(st.just("wait"), st.sampled_from([H, 6 * H, 3 * D, 11 * D])),
    st.tuples(st.just("advance"), st.none()),
    st.tuples(
        st.just("move"),
        st.tuples(
            st.sampled_from([p.value for p in PHASES if p not in (Phase.DRAFT, Phase.CLOSED)]),
            st.integers(-15, 15),  # start, days from now
            st.one_of(st.none(), st.integers(1, 12)),  # length in days, or open-ended
        ),
    ),
)


def _observe(campaign: Campaign, voter, admin, area, now: datetime) -> dict:
    campaign = Campaign.objects.prefetch_related("phases", "areas").get(pk=campaign.pk)
    refusal = vote_refusal(
        voter,
        campaign=campaign,
        area=area,
        now=now,
        state=voter_state(user=voter, campaign=campaign),
    )
    try:
        check(admin, Action.ENTER_PAPER_BALLOTS, campaign=campaign, now=now, area_id=area.pk)
        paper = True
    except ApplicationError:
        paper = False
    see = {
        name: results_rules.actions(admin, campaign, now)[name]
        for name in ("view", "download_ballots", "compare")
    }
    return {
        "stage": campaign.voting_stage(now),
        "vote": refusal is None,
        "paper": paper,
        **see,
    }


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=st.lists(MOVE, min_size=1, max_size=8), start=st.sampled_from(["review", "voting"]))
def test_no_sequence_of_moves_reopens_a_closed_vote_or_shows_ballots_early(moves, start):
    from campaigns.tests.factories import campaign_in_phase

    now = datetime.now(tz=UTC)
    campaign = campaign_in_phase(start, now=now, area_codes=["paris"])
    area = campaign.areas.get()
    admin = UserFactory(role="administrator")
    voter = UserFactory()
    declare(voter, campaign)
    seen = [_observe(campaign, voter, admin, area, now)]
    for kind, arg in moves:
        try:
            if kind == "wait":
                now += arg
            elif kind == "advance":
                campaign_phase_advance(campaign=campaign, actor=admin, reason="test", now=now)
            else:
                phase, offset, length = arg
                begin = now + offset * D
                campaign_phase_move(
                    campaign=campaign,
                    actor=admin,
                    phase=phase,
                    start=begin,
                    end=None if length is None else begin + length * D,
                    reason="test",
                    now=now,
                )
        except ApplicationError:
            pass  # a refused move changes nothing; the invariants below still hold
        seen.append(_observe(campaign, voter, admin, area, now))
    stages = [STAGES.index(s["stage"]) for s in seen]
    assert stages == sorted(stages), [s["stage"] for s in seen]  # never back
    closed = False
    for s in seen:
        closed = closed or s["stage"] in (VotingStage.CHECKING, VotingStage.PUBLISHED)
        # Casting and paper entry exactly while open; never again once closed.
        assert s["vote"] is (s["stage"] == VotingStage.OPEN)
        assert s["paper"] is (s["stage"] == VotingStage.OPEN)
        if closed:
            assert not s["vote"] and not s["paper"]
        # Results, ballot files and comparisons: exactly once published, for administrators too.
        published = s["stage"] == VotingStage.PUBLISHED
        assert s["view"] is published and s["download_ballots"] is published
        assert s["compare"] is published


# --- the schedule, through the API --------------------------------------------------


@pytest.fixture
def in_the_gap(db):
    """Voting ended an hour ago; the results phase starts tomorrow."""
    now = datetime.now(tz=UTC)
    campaign = CampaignFactory(
        schedule={
            "review": (now - 20 * D, now - 10 * D),
            "voting": (now - 10 * D, now - H),
            "results": (now + D, None),
        },
        voting_rule="approval",
        area_codes=["paris", "paris-05"],
    )
    for area in campaign.areas.all():
        Envelope.objects.create(campaign=campaign, area=area, amount=1000)
    return campaign


def test_in_the_gap_nothing_is_accepted_nor_shown(in_the_gap):
    campaign = in_the_gap
    base = f"/api/v1/campaigns/{campaign.slug}"
    voter = UserFactory()
    declare(voter, campaign)
    as_voter = APIClient()
    as_voter.force_authenticate(voter)
    cast = as_voter.post(f"{base}/ballots/", {"area": "paris", "projects": []}, format="json")
    assert cast.json()["code"] == "phase_closed"
    status = as_voter.get(f"{base}/voting/").json()
    assert status["can"]["vote"] is False and status["can"]["reason"] == "phase_closed"
    newcomer = APIClient()
    newcomer.force_authenticate(UserFactory())
    declared = newcomer.put(
        f"{base}/declaration/",
        {"full_name": "Ada Lovelace", "birth_date": "1990-01-01", "address": "12 rue Mouffetard"},
        format="json",
    )
    assert declared.status_code == 409 and declared.json()["code"] == "phase_closed"
    admin = APIClient()
    admin.force_authenticate(UserFactory(role="administrator"))
    paper = admin.post(
        f"{base}/areas/paris/paper-ballots/",
        {"full_name": "Ada Lovelace", "birth_date": "1990-01-01", "address": "x", "projects": []},
        format="json",
    )
    assert_error(paper, 409, "phase_closed")
    for url in (f"{base}/results/", f"{base}/areas/paris/ballots.pb", f"{base}/results.csv"):
        assert_error(admin.get(url), 409, "phase_closed")
    compare = admin.post(f"{base}/results/compare/", {"rule": "mes"}, format="json")
    assert_error(compare, 409, "phase_closed")
    assert admin.get(f"{base}/").json()["voting_stage"] == "checking"


def test_published_results_never_return_to_voting(in_the_gap):
    campaign = in_the_gap
    now = datetime.now(tz=UTC)
    admin = APIClient()
    admin.force_authenticate(UserFactory(role="administrator"))
    phases = f"/api/v1/campaigns/{campaign.slug}/phases"
    # In the gap, reopening the vote until tonight (the schedule itself is consistent).
    reopen = admin.put(
        f"{phases}/voting/",
        {"start": (now - 10 * D).isoformat(), "end": (now + 12 * H).isoformat(), "reason": "x"},
        format="json",
    )
    assert_error(reopen, 409, "vote_cannot_go_back")
    published = admin.put(
        f"{phases}/results/",
        {"start": now.isoformat(), "end": None, "reason": "publish"},
        format="json",
    )
    assert published.status_code == 200, published.content
    assert published.json()["voting_stage"] == "published"
    for phase, start, end in [
        ("results", now + 3 * D, None),  # withdraw the results
        ("voting", now - 9 * D, now - H),  # move a closed vote
        ("voting", now - 10 * D, now - 2 * H),  # close it "earlier"
    ]:
        response = admin.put(
            f"{phases}/{phase}/",
            {"start": start.isoformat(), "end": end and end.isoformat(), "reason": "again"},
            format="json",
        )
        assert_error(response, 409, "vote_cannot_go_back")
    campaign.refresh_from_db()
    assert Campaign.objects.get(pk=campaign.pk).voting_stage(now) == VotingStage.PUBLISHED

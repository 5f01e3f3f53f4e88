"""Results of a campaign's areas: the campaign's method decides the rule (majority judgment
ranks then funds with the reserved share first; approval and knapsack use the tally rule;
cumulative funds by points), only counted ballots count, the inputs are hashed, tallying is
idempotent and happens when voting closes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.services import campaign_phase_apply
from core.errors import NotAllowed, PhaseClosed
from projects.models import Project
from results.models import Result
from results.selectors import area_election, inputs_hash
from results.services import results_compare, results_tally
from results.tasks import results_start

from .factories import ballot, participation, project, voting_campaign_with

pytestmark = pytest.mark.django_db
V = Campaign.VotingRule


def grades(a: str, b: str, c: str, d: str, projects: list) -> dict:
    return {"grades": {str(p.pk): g for p, g in zip(projects, (a, b, c, d), strict=True)}}


@pytest.fixture
def majority_judgment():
    """The worked example of rank-then-fund: ranking A, B, C, D costing 50, 40, 30, 20, an
    envelope of 100 with 30 reserved for priority projects B and D."""
    campaign, area = voting_campaign_with(
        "results", voting_rule=V.MAJORITY_JUDGMENT, amount=100, reserved=30
    )
    a = project(campaign, area, "A", 50)
    b = project(campaign, area, "B", 40, priority_flagged=True)
    c = project(campaign, area, "C", 30)
    d = project(campaign, area, "D", 20, priority_flagged=True)
    projects = [a, b, c, d]
    ballot(campaign, area, grades("adore", "aime_bien", "pourquoi_pas", "pas_convaincu", projects))
    ballot(campaign, area, grades("adore", "aime_bien", "pourquoi_pas", "pourquoi_pas", projects))
    ballot(
        campaign, area, grades("aime_bien", "aime_bien", "pourquoi_pas", "pas_convaincu", projects)
    )
    # A refused voter's ballots are kept but not counted: they would put D first.
    for _ in range(5):
        ballot(
            campaign,
            area,
            grades("pas_convaincu", "pas_convaincu", "pas_convaincu", "adore", projects),
            counted=False,
        )
    participation(campaign, area, "online")
    participation(campaign, area, "online")
    participation(campaign, area, "paper")
    return campaign, area, projects


def test_majority_judgment_ranks_then_funds_the_reserved_share_first(majority_judgment):
    campaign, area, (a, _b, c, d) = majority_judgment
    [result] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert result.published and result.rule == "majority-judgment" and result.area == area
    # Step 1: B (40) does not fit in the 30 reserved, D (20) does. Step 2: A, then C.
    assert [w["title"] for w in result.winners] == ["A", "C", "D"]
    assert [w["project"] for w in result.winners] == [a.pk, c.pk, d.pk]
    assert result.total_cost == 100 and result.budget == 100
    assert result.reserved_amount == 30 and result.reserved_used == 20
    assert [row["title"] for row in result.projects] == ["A", "B", "C", "D"]
    first = result.projects[0]
    assert first["majority_grade"] == "adore"
    assert first["grades"] == {"adore": 2, "aime_bien": 1, "pourquoi_pas": 0, "pas_convaincu": 0}
    assert first["grade_shares"]["adore"] == round(2 / 3, 4)
    assert result.projects[3]["grades"]["pas_convaincu"] == 2
    assert (result.ballots_counted, result.ballots_not_counted) == (3, 5)
    assert (result.turnout_online, result.turnout_paper) == (2, 1)
    assert "Majority judgment" in result.statement_en and "reserved" in result.statement_en
    assert "Jugement majoritaire" in result.statement and "réservée" in result.statement
    assert len(result.inputs_hash) == 64


def test_the_tally_is_idempotent_and_follows_its_inputs(majority_judgment):
    campaign, _area, _projects = majority_judgment
    [first] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    [again] = results_tally(campaign_id=campaign.pk, now=timezone.now() + timedelta(minutes=1))
    assert again.pk == first.pk and again.computed_at == first.computed_at
    # Counting has started: the counted set is final. Only a change to the ballots themselves
    # (here, written directly in the database) changes the inputs; the tally follows them.
    assert campaign.ballots.count() == 3 and campaign.ballots.filter(counted=True).count() == 3
    d = Project.objects.get(campaign=campaign, title="D")
    for b in campaign.ballots.all():
        b.choices = {"grades": {**b.choices["grades"], str(d.pk): "adore"}}
        b.save(update_fields=["choices"])
    [changed] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert changed.pk == first.pk
    assert changed.inputs_hash != first.inputs_hash
    assert changed.winners[0]["title"] == "D"
    assert Result.objects.filter(campaign=campaign).count() == 1


def test_the_hash_ignores_ballot_order_and_voter_ids(majority_judgment):
    campaign, area, _ = majority_judgment
    before = inputs_hash(area_election(campaign=campaign, area=area))
    for b in campaign.ballots.all():  # new receipts: another order, other voter ids
        b.receipt_hash = b.receipt_hash[::-1]
        b.save()
    assert inputs_hash(area_election(campaign=campaign, area=area)) == before


def test_approval_uses_the_campaign_tally_rule_and_others_can_be_compared(administrator):
    campaign, area = voting_campaign_with("results", voting_rule=V.APPROVAL, amount=100)
    campaign.tally_rule = "mes"
    campaign.save()
    x = project(campaign, area, "X", 60)
    y = project(campaign, area, "Y", 40)
    z = project(campaign, area, "Z", 40)
    for choice in ([x], [x], [x], [y], [z], [y, z]):
        ballot(campaign, area, {"projects": sorted(p.pk for p in choice)})
    [published] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert published.rule == "mes" and published.method == "approval"
    greedy = {"X": 3, "Y": 2, "Z": 2}
    assert {row["title"]: row["votes"] for row in published.projects} == greedy
    [compared] = results_compare(
        campaign=campaign, actor=administrator, rule="greedy", now=timezone.now()
    )
    assert not compared.published and compared.rule == "greedy"
    # Y and Z tie: the id that sorts first as text wins.
    tie = "Y" if str(y.pk) < str(z.pk) else "Z"
    assert [w["title"] for w in compared.winners] == ["X", tie]
    assert Result.objects.get(campaign=campaign, published=True).pk == published.pk
    with pytest.raises(NotAllowed):
        results_compare(campaign=campaign, actor=None, rule="greedy", now=timezone.now())


def test_cumulative_funds_by_total_points():
    campaign, area = voting_campaign_with("results", voting_rule=V.CUMULATIVE, amount=100)
    big = project(campaign, area, "Big", 90)
    small = project(campaign, area, "Small", 30)
    tiny = project(campaign, area, "Tiny", 10)
    ballot(campaign, area, {"points": {str(big.pk): 4, str(small.pk): 6}})
    ballot(campaign, area, {"points": {str(big.pk): 5, str(tiny.pk): 1}})
    [result] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert result.rule == "greedy"
    # Big has 9 points, Small 6, Tiny 1: Big funded, Small no longer fits, Tiny does.
    assert [w["title"] for w in result.winners] == ["Big", "Tiny"]
    assert [row["points"] for row in result.projects] == [9, 1, 6]


def test_an_area_without_ballots_funds_nothing():
    campaign, area = voting_campaign_with("results", voting_rule=V.APPROVAL, amount=100)
    project(campaign, area, "Lonely", 10)
    [result] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert result.winners == [] and result.total_cost == 0
    assert result.statement.startswith("Aucun bulletin n'a été compté")
    assert result.statement_en.startswith("No ballot was counted")


def test_nothing_is_counted_while_voting_is_open():
    campaign, _area = voting_campaign_with("voting", voting_rule=V.APPROVAL, amount=100)
    with pytest.raises(PhaseClosed):
        results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert not Result.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize(
    ("before", "after", "closes"),
    [
        ("voting", "results", True),
        ("review", "results", True),
        ("draft", "results", True),  # an imported election enters results directly
        ("voting", "closed", True),
        ("review", "voting", False),
        ("results", "implementation", False),
        ("submission", "review", False),
    ],
)
def test_which_phase_changes_start_the_count(before, after, closes):
    assert results_start(before, after) is closes


def test_leaving_voting_queues_the_tally(
    majority_judgment, eager_celery, django_capture_on_commit_callbacks
):
    campaign, _area, _ = majority_judgment
    Campaign.objects.filter(pk=campaign.pk).update(applied_phase="voting")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert campaign_phase_apply(campaign=campaign, now=timezone.now())
    # One count queued (beside the caches' own callbacks: frozen ballots, map tiles).
    assert len([c for c in callbacks if "on_phase_changed" in c.__qualname__]) == 1
    result = Result.objects.get(campaign=campaign, published=True)
    assert [w["title"] for w in result.winners] == ["A", "C", "D"]
    # Applying the same phase again changes nothing and queues nothing.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert not campaign_phase_apply(campaign=campaign, now=timezone.now())
    assert [c for c in callbacks if "on_phase_changed" in c.__qualname__] == []

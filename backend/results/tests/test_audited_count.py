"""An auditable count: each result says how it was decided (exact, or floating point certified)
and whether an exact recount agrees; the official tally writes an audit record per area (rule,
inputs hash, code version, seconds, no actor); a reserved share goes only with a rule that
honours it, and the statement of every rule is published in French and in English."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from audit.models import AuditRecord
from campaigns.models import Campaign
from results.models import Result
from results.services import results_compare, results_tally
from results.statements import statement

from .factories import ballot, project, voting_campaign_with

pytestmark = pytest.mark.django_db
V = Campaign.VotingRule


@pytest.fixture
def approval_mes():
    campaign, area = voting_campaign_with("results", voting_rule=V.APPROVAL, amount=100)
    campaign.tally_rule = "mes-increase"
    campaign.save()
    x = project(campaign, area, "X", 60)
    y = project(campaign, area, "Y", 40)
    z = project(campaign, area, "Z", 40)
    for choice in ([x], [x], [x], [y], [z], [y, z], [x, y]):
        ballot(campaign, area, {"projects": sorted(p.pk for p in choice)})
    return campaign, area


def test_a_float_certified_tally_is_recounted_exactly_and_audited(
    approval_mes, eager_celery, django_capture_on_commit_callbacks
):
    campaign, area = approval_mes
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [result] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert len(callbacks) == 1  # the recount, queued once the tally commits
    assert result.arithmetic == "float-certified"
    # a small election: most runs certified, one exact budget-equals-cost decision in fractions
    assert result.certified_runs >= 1 and result.exact_runs <= 1
    result.refresh_from_db()
    assert result.exact_recount == "agrees" and result.recounted_at is not None
    [tallied] = AuditRecord.objects.filter(action="results.tally", object_id=str(result.pk))
    assert tallied.actor is None and tallied.campaign == campaign and tallied.area == area
    assert tallied.after["rule"] == "mes-increase"
    assert tallied.after["inputs_hash"] == result.inputs_hash
    assert re.fullmatch(r"git:[0-9a-f]{40}|belvedere .+", tallied.after["code_version"])
    assert tallied.after["seconds"] == result.seconds >= 0
    assert tallied.after["arithmetic"] == "float-certified"
    [recounted] = AuditRecord.objects.filter(action="results.recount", object_id=str(result.pk))
    assert recounted.actor is None and recounted.after["agrees"] is True
    assert recounted.after["winners"] == [w["id"] for w in result.winners]
    assert recounted.after["arithmetic"] == "exact" and recounted.after["exact_runs"] >= 1


def test_an_unchanged_tally_writes_no_second_record(approval_mes):
    campaign, _ = approval_mes
    results_tally(campaign_id=campaign.pk, now=timezone.now())
    results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert AuditRecord.objects.filter(action="results.tally", campaign=campaign).count() == 1


def test_a_comparison_is_not_recounted(approval_mes, administrator):
    campaign, _ = approval_mes
    [compared] = results_compare(
        campaign=campaign, actor=administrator, rule="mes", now=timezone.now()
    )
    assert compared.arithmetic == "float-certified" and compared.exact_recount == "not-run"


def test_an_exact_rule_needs_no_recount(approval_mes):
    campaign, _ = approval_mes
    campaign.tally_rule = "greedy"
    campaign.save()
    [result] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert (result.arithmetic, result.exact_recount) == ("exact", "not-needed")
    assert AuditRecord.objects.filter(action="results.tally", object_id=str(result.pk)).exists()


def test_a_comparison_on_a_reserved_envelope_uses_none_of_it(administrator):
    campaign, area = voting_campaign_with(
        "results", voting_rule=V.MAJORITY_JUDGMENT, amount=100, reserved=40
    )
    a = project(campaign, area, "A", 60, priority_flagged=True)
    b = project(campaign, area, "B", 40)
    ballot(campaign, area, {"grades": {str(a.pk): "adore", str(b.pk): "aime_bien"}})
    [published] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    assert published.rule == "majority-judgment" and published.reserved_used == 0
    [greedy] = results_compare(
        campaign=campaign, actor=administrator, rule="greedy", now=timezone.now()
    )
    assert [w["title"] for w in greedy.winners] == ["A", "B"]
    assert greedy.reserved_used == 0  # A is a priority project, but greedy reserves nothing
    assert "ne sont pas appliqués" in greedy.statement
    assert "are not applied" in greedy.statement_en


@pytest.mark.parametrize(
    "rule",
    [
        "greedy",
        "mes",
        "mes-increase",
        "mes-add1",
        "phragmen",
        "rank-then-fund",
        "majority-judgment",
    ],
)
def test_every_rule_is_stated_in_french_and_english(rule):
    text = statement(rule, method="approval", budget=1_000_000, satisfaction="cost")
    assert text.fr != text.en
    assert "1\u202f000\u202f000 €" in text.fr and "1\u202f000\u202f000 €" in text.en
    assert "identifiant vient en premier" in text.fr
    assert "id sorts first" in text.en


def test_the_majority_judgment_statement_names_the_grades_and_the_reserved_share():
    text = statement("majority-judgment", method="majority_judgment", budget=100, reserved=30)
    assert "« J'adore »" in text.fr and "“I love it”" in text.en
    assert "médiane inférieure" in text.fr and "lower median" in text.en
    assert "30 €" in text.fr and "30 €" in text.en


def test_the_api_gives_both_statements_and_the_arithmetic(approval_mes, client):
    campaign, _ = approval_mes
    results_tally(campaign_id=campaign.pk, now=timezone.now())
    result = Result.objects.get(campaign=campaign)
    response = client.get(f"/api/v1/campaigns/{campaign.slug}/results/")
    assert response.status_code == 200, response.content
    [area] = response.json()["areas"]
    assert area["statement"] == result.statement
    assert area["statement"].startswith("Méthode des parts égales")
    assert area["statement_en"].startswith("Method of Equal Shares")
    assert area["arithmetic"] == "float-certified"
    assert area["exact_recount"] == "pending"


# --- a reserved share only with a rule that honours it -----------------------------------------


def test_creating_a_campaign_with_a_reserved_share_and_a_rule_without_one_is_refused():
    from campaigns.services import AreaEnvelope, campaign_create
    from core.errors import ApplicationError

    now = timezone.now()
    schedule = {"submission": (now, None)}
    with pytest.raises(ApplicationError) as refused:
        campaign_create(
            name="Budget 2031",
            schedule=schedule,
            areas=[AreaEnvelope("paris", 1000, 0), AreaEnvelope("paris-05", 500, 100)],
            voting_rule=V.APPROVAL,
            tally_rule="mes",
        )
    assert refused.value.status_code == 400
    assert list(refused.value.errors) == ["areas.1.reserved_amount"]
    assert "« mes »" in refused.value.errors["areas.1.reserved_amount"][0]
    made = campaign_create(
        name="Budget 2031",
        schedule=schedule,
        areas=[AreaEnvelope("paris-05", 500, 100)],
        voting_rule=V.MAJORITY_JUDGMENT,
    )
    assert made.envelopes.get().reserved_amount == 100


def test_setting_a_reserved_share_on_a_rule_without_one_is_refused(administrator):
    from core.errors import ApplicationError
    from voting.services import envelope_set

    campaign, area = voting_campaign_with("submission", voting_rule=V.APPROVAL, amount=100)
    with pytest.raises(ApplicationError) as refused:
        envelope_set(
            campaign=campaign,
            area=area,
            actor=administrator,
            amount=100,
            reserved_amount=30,
            now=timezone.now(),
        )
    assert refused.value.status_code == 400 and list(refused.value.errors) == ["reserved_amount"]
    assert campaign.envelopes.get(area=area).reserved_amount == 0


def test_changing_to_a_rule_without_a_reserved_share_is_refused(administrator):
    from campaigns.services import campaign_update
    from core.errors import ApplicationError

    campaign, _ = voting_campaign_with(
        "submission", voting_rule=V.MAJORITY_JUDGMENT, amount=100, reserved=30
    )
    with pytest.raises(ApplicationError) as refused:
        campaign_update(
            campaign=campaign, actor=administrator, now=timezone.now(), voting_rule=V.APPROVAL
        )
    assert refused.value.status_code == 400 and list(refused.value.errors) == ["voting_rule"]
    campaign.refresh_from_db()
    assert campaign.voting_rule == V.MAJORITY_JUDGMENT
    campaign_update(campaign=campaign, actor=administrator, now=timezone.now(), tally_rule="mes")
    campaign.refresh_from_db()
    assert campaign.tally_rule == "mes"  # majority judgment is still the counting rule

"""Applying the schedule (the beat task, with a controlled clock), moving phases by hand, and
the freeze once voting opens."""

from datetime import UTC, datetime, timedelta

import pytest

from audit.models import AuditRecord
from campaigns.models import Campaign
from campaigns.services import campaign_phase_apply, campaigns_phase_apply
from campaigns.tasks import campaigns_phase_apply_task
from campaigns.tests.factories import CampaignFactory
from core.testing.api import assert_error

T0 = datetime(2027, 1, 10, 23, 0, tzinfo=UTC)  # 11 January 2027, midnight in Paris
DAY = timedelta(days=1)
us = timedelta(microseconds=1)


def schedule(start=T0):
    return {
        "submission": (start, start + 10 * DAY),
        "review": (start + 10 * DAY, start + 20 * DAY),
        "voting": (start + 20 * DAY, start + 30 * DAY),
        "results": (start + 30 * DAY, start + 40 * DAY),
        "implementation": (start + 40 * DAY, start + 400 * DAY),
        "closed": (start + 400 * DAY, None),
    }


@pytest.fixture
def campaign(db):
    return CampaignFactory(schedule=schedule())


def applied(campaign):
    return Campaign.objects.get(pk=campaign.pk).applied_phase


@pytest.mark.django_db
class TestApplySchedule:
    def test_opens_and_closes_phases_at_their_boundaries(self, campaign):
        expected = [
            (T0 - us, "draft"),
            (T0, "submission"),
            (T0 + 10 * DAY - us, "submission"),
            (T0 + 10 * DAY, "review"),
            (T0 + 20 * DAY, "voting"),
            (T0 + 30 * DAY - us, "voting"),
            (T0 + 30 * DAY, "results"),
            (T0 + 40 * DAY, "implementation"),
            (T0 + 400 * DAY, "closed"),
        ]
        for now, phase in expected:
            campaigns_phase_apply(now=now)
            assert applied(campaign) == phase, now

    def test_idempotent_and_audited_once_per_change(self, campaign):
        assert campaign_phase_apply(campaign=campaign, now=T0) is True
        assert campaign_phase_apply(campaign=campaign, now=T0) is False  # twice: no change
        assert campaign_phase_apply(campaign=campaign, now=T0 + DAY) is False
        records = AuditRecord.objects.filter(action="campaign.phase", object_id=str(campaign.pk))
        assert [(r.before, r.after) for r in records] == [
            ({"phase": "draft"}, {"phase": "submission"})
        ]

    def test_a_late_run_catches_up(self, campaign):
        """A worker down for days: the next run applies the phase of its own time."""
        campaigns_phase_apply(now=T0)
        campaigns_phase_apply(now=T0 + 25 * DAY)
        assert applied(campaign) == "voting"

    def test_the_beat_task_applies_now(self, db):
        now = datetime.now(tz=UTC)
        campaign = CampaignFactory(submission_start=now - DAY, submission_end=now + DAY)
        assert campaign.slug in campaigns_phase_apply_task.apply().get()
        assert applied(campaign) == "submission"
        assert campaigns_phase_apply_task.apply().get() == []

    def test_the_beat_schedule_runs_the_task(self, settings):
        entry = settings.CELERY_BEAT_SCHEDULE["apply-campaign-phases"]
        assert entry["task"] == campaigns_phase_apply_task.name
        assert entry["schedule"] <= 60


def now_in(phase: str) -> datetime:
    start, _ = schedule()[phase]
    return start + DAY


@pytest.mark.django_db
class TestManualPhases:
    def url(self, campaign, rest=""):
        return f"/api/v1/campaigns/{campaign.slug}/{rest}"

    def test_administrator_advances_with_a_reason(self, api, administrator):
        now = datetime.now(tz=UTC)
        campaign = CampaignFactory(schedule=schedule(start=now - DAY))
        api.force_authenticate(administrator)
        response = api.post(
            self.url(campaign, "phases/advance/"), {"reason": "Dépôts clos plus tôt"}, format="json"
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["current_phase"] == "review"
        phases = {p["phase"]: p for p in body["phases"]}
        assert phases["submission"]["end"] == phases["review"]["start"]
        record = AuditRecord.objects.get(action="campaign.phase_advance")
        assert record.actor == administrator
        assert record.reason == "Dépôts clos plus tôt"
        assert record.before["phase"] == "submission" and record.after["phase"] == "review"
        assert applied(campaign) == "review"

    def test_advance_needs_a_reason_and_an_administrator(self, api, administrator, official):
        campaign = CampaignFactory()
        api.force_authenticate(official)
        response = api.post(self.url(campaign, "phases/advance/"), {"reason": "x"}, format="json")
        assert_error(response, 403, "permission_denied")
        api.force_authenticate(administrator)
        response = api.post(self.url(campaign, "phases/advance/"), {"reason": "  "}, format="json")
        assert_error(response, 400, "invalid", field="reason")
        assert not AuditRecord.objects.filter(action="campaign.phase_advance").exists()

    def test_move_a_phase(self, api, administrator):
        campaign = CampaignFactory(schedule=schedule())
        api.force_authenticate(administrator)
        new_end = (T0 + 25 * DAY).isoformat()
        response = api.put(
            self.url(campaign, "phases/review/"),
            {"start": (T0 + 10 * DAY).isoformat(), "end": new_end, "reason": "Étude prolongée"},
            format="json",
        )
        # Review would now overlap voting: refused, nothing changed.
        assert response.status_code == 400
        assert "phases" in response.json()["errors"]
        assert campaign.phases.get(phase="review").end == T0 + 20 * DAY
        response = api.put(
            self.url(campaign, "phases/review/"),
            {
                "start": (T0 + 10 * DAY).isoformat(),
                "end": (T0 + 15 * DAY).isoformat(),
                "reason": "Plus court",
            },
            format="json",
        )
        assert response.status_code == 200, response.content
        assert campaign.phases.get(phase="review").end == T0 + 15 * DAY
        assert AuditRecord.objects.get(action="campaign.phase_move").reason == "Plus court"

    def test_unknown_phase(self, api, administrator):
        campaign = CampaignFactory()
        api.force_authenticate(administrator)
        response = api.put(
            self.url(campaign, "phases/holidays/"),
            {"start": T0.isoformat(), "reason": "x"},
            format="json",
        )
        assert response.status_code == 400 and "phase" in response.json()["errors"]

    def test_voting_rule_frozen_once_voting_opens(self, api, administrator):
        now = datetime.now(tz=UTC)
        before_voting = CampaignFactory(schedule=schedule(start=now - 15 * DAY))  # in review
        during_voting = CampaignFactory(schedule=schedule(start=now - 25 * DAY))  # in voting
        api.force_authenticate(administrator)
        ok = api.patch(
            self.url(before_voting), {"voting_rule": "approval", "reason": "r"}, format="json"
        )
        assert ok.status_code == 200 and ok.json()["voting_rule"] == "approval"
        refused = api.patch(self.url(during_voting), {"voting_rule": "approval"}, format="json")
        assert_error(refused, 409, "ballot_frozen")
        assert Campaign.objects.get(pk=during_voting.pk).voting_rule == "majority_judgment"
        assert api.get(self.url(during_voting)).json()["frozen"] is True

    def test_campaign_exposes_its_schedule_and_actions(self, api, administrator):
        campaign = CampaignFactory(schedule=schedule())
        body = api.get(self.url(campaign)).json()
        assert [p["phase"] for p in body["phases"]] == [
            "submission",
            "review",
            "voting",
            "results",
            "implementation",
            "closed",
        ]
        assert body["can"] == {
            "propose": False,
            "update": False,
            "advance_phase": False,
            "move_phase": False,
        }
        api.force_authenticate(administrator)
        assert api.get(self.url(campaign)).json()["can"]["advance_phase"] is True

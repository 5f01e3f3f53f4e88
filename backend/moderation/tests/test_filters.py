"""The FilterSets on their own: one test per filter."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.tests.factories import CampaignFactory
from moderation.filters import QueueFilter, ReportFilter
from moderation.models import Report
from moderation.selectors import moderation_queue, report_list
from moderation.services import proposal_hide, proposal_report
from proposals.tests.factories import BUTTES_CHAUMONT, ProposalFactory

pytestmark = pytest.mark.django_db

T0 = timezone.now() - timedelta(days=3)


@pytest.fixture
def world(administrator):
    """Four proposals in the queue, seen by an administrator (every area), reported over the
    last three days."""
    people = UserFactory.create_batch(3)
    open_campaign = CampaignFactory(submission_start=T0 - timedelta(days=1))
    other_campaign = CampaignFactory(submission_start=T0 - timedelta(days=1))
    spam = ProposalFactory(campaign=open_campaign, title="spam")
    offensive = ProposalFactory(
        campaign=open_campaign, title="offensive", location=Point(*BUTTES_CHAUMONT, srid=4326)
    )
    elsewhere = ProposalFactory(campaign=other_campaign, title="elsewhere")
    hidden = ProposalFactory(campaign=open_campaign, title="hidden")
    proposal_report(proposal=spam, reporter=people[0], reason="spam", text="", now=T0)
    proposal_report(
        proposal=offensive,
        reporter=people[0],
        reason="offensive",
        text="",
        now=T0 + timedelta(days=2),
    )
    proposal_report(
        proposal=elsewhere,
        reporter=people[1],
        reason="duplicate",
        text="",
        now=T0 + timedelta(days=1),
    )
    proposal_report(proposal=hidden, reporter=people[2], reason="spam", text="", now=T0)
    proposal_hide(proposal=hidden, actor=administrator, reason="Spam.", now=T0 + timedelta(hours=1))
    return {
        "spam": spam,
        "offensive": offensive,
        "elsewhere": elsewhere,
        "hidden": hidden,
        "other_campaign": other_campaign,
        "admin": administrator,
    }


def queue(world, **data):
    filterset = QueueFilter(data=data, queryset=moderation_queue(user=world["admin"]))
    assert filterset.is_valid(), filterset.errors
    return {p.title for p in filterset.qs}


def reports(world, **data):
    filterset = ReportFilter(data=data, queryset=report_list(user=world["admin"]))
    assert filterset.is_valid(), filterset.errors
    return {r.proposal.title for r in filterset.qs}


class TestQueueFilter:
    def test_no_filter(self, world):
        assert queue(world) == {"spam", "offensive", "elsewhere", "hidden"}

    def test_campaign(self, world):
        assert queue(world, campaign=world["other_campaign"].slug) == {"elsewhere"}

    def test_area(self, world):
        assert queue(world, area="paris-19") == {"offensive"}

    def test_hidden(self, world):
        assert queue(world, hidden="true") == {"hidden"}
        assert queue(world, hidden="false") == {"spam", "offensive", "elsewhere"}

    def test_reason_looks_at_open_reports(self, world):
        # the hidden proposal's spam report was handled when it was hidden
        assert queue(world, reason=["spam"]) == {"spam"}
        assert queue(world, reason=["offensive", "duplicate"]) == {"offensive", "elsewhere"}

    def test_reported_since(self, world):
        assert queue(world, reported_since=(T0 + timedelta(days=1)).isoformat()) == {
            "offensive",
            "elsewhere",
        }

    def test_reported_until(self, world):
        assert queue(world, reported_until=(T0 + timedelta(days=1)).isoformat()) == {"spam"}

    def test_bad_values_are_errors(self, world):
        for data in ({"reason": ["boring"]}, {"hidden": "maybe"}, {"reported_since": "x"}):
            assert not QueueFilter(
                data=data, queryset=moderation_queue(user=world["admin"])
            ).is_valid()

    @pytest.mark.parametrize(
        "data",
        [
            {"campaign": ""},
            {"campaign": "nope"},
            {"area": ""},
            {"area": "paris-99"},
            {"hidden": ""},
            {"hidden": "banana"},
            {"reason": [""]},
            {"reported_since": ""},
        ],
    )
    def test_empty_and_unknown_values_name_the_parameter(self, world, data):
        filterset = QueueFilter(data=data, queryset=moderation_queue(user=world["admin"]))
        assert not filterset.is_valid() and set(filterset.errors) == set(data)

    def test_odd_offsets_are_read_in_utc(self, world):
        # PostgreSQL cannot store an offset of -17:55; in UTC the date is fine
        assert queue(world, reported_since="0007-05-03T23:52:19-17:55") == {
            "spam",
            "offensive",
            "elsewhere",
        }
        late = {"reported_until": "9999-12-31T23:00:00-05:00"}  # past year 9999 in UTC
        assert not QueueFilter(data=late, queryset=moderation_queue(user=world["admin"])).is_valid()


class TestReportFilter:
    def test_proposal(self, world):
        assert reports(world, proposal=world["spam"].pk) == {"spam"}

    def test_campaign(self, world):
        assert reports(world, campaign=world["other_campaign"].slug) == {"elsewhere"}

    def test_area(self, world):
        assert reports(world, area="paris-19") == {"offensive"}

    def test_reason(self, world):
        assert reports(world, reason=["spam"]) == {"spam", "hidden"}

    def test_handled(self, world):
        assert reports(world, handled="true") == {"hidden"}
        assert reports(world, handled="false") == {"spam", "offensive", "elsewhere"}

    @pytest.mark.parametrize(
        "data",
        [
            {"proposal": ""},
            {"campaign": "nope"},
            {"area": " "},
            {"reason": ["spam", ""]},
            {"handled": "banana"},
            {"handled": ""},
            {"since": ""},
        ],
    )
    def test_empty_and_unknown_values_name_the_parameter(self, world, data):
        filterset = ReportFilter(data=data, queryset=report_list(user=world["admin"]))
        assert not filterset.is_valid() and set(filterset.errors) == set(data)

    def test_since_and_until(self, world):
        assert reports(world, since=(T0 + timedelta(hours=12)).isoformat()) == {
            "offensive",
            "elsewhere",
        }
        assert reports(world, until=(T0 + timedelta(hours=12)).isoformat()) == {"spam", "hidden"}

    def test_counts_are_per_report(self, world):
        assert Report.objects.count() == 4

"""Supports (« je soutiens »): during submission, a confirmed address, one per person, counted
on the list, the detail, the map and the review queue; a filter and an ordering."""

import json

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.tests.factories import campaign_in_phase
from conversations.models import Support
from conversations.services import support_add
from core.testing.api import assert_error, client_for
from proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def url(proposal):
    return f"/api/v1/proposals/{proposal.pk}/support/"


def supported_by(proposal, n):
    for _ in range(n):
        support_add(proposal=proposal, user=UserFactory(), now=timezone.now())


class TestSupporting:
    def test_support_and_take_it_back(self, resident_api, proposal):
        detail = f"/api/v1/proposals/{proposal.pk}/"
        before = resident_api.get(detail).json()
        assert before["supports"] == 0 and before["supported"] is False
        assert before["can"]["support"] is True and before["can"]["unsupport"] is False
        response = resident_api.post(url(proposal))
        assert response.status_code == 201
        assert response.json() == {"supports": 1, "supported": True}
        after = resident_api.get(detail).json()
        assert after["supports"] == 1 and after["supported"] is True
        assert after["can"]["support"] is False and after["can"]["unsupport"] is True
        assert resident_api.delete(url(proposal)).json() == {"supports": 0, "supported": False}
        assert_error(resident_api.delete(url(proposal)), 409, "not_supported")

    def test_twice_is_409_and_one_row(self, resident_api, proposal):
        resident_api.post(url(proposal))
        assert_error(resident_api.post(url(proposal)), 409, "already_supported")
        assert Support.objects.count() == 1

    def test_the_constraint_answers_when_the_rule_did_not_see_it(self, resident, proposal):
        """A proposal read before the other support was written (no ``supported_by_me``):
        the database decides, as a 409."""
        from proposals.errors import AlreadySupported

        support_add(proposal=proposal, user=resident, now=timezone.now())
        with pytest.raises(AlreadySupported):
            support_add(proposal=proposal, user=resident, now=timezone.now())
        assert Support.objects.count() == 1

    def test_signed_out_and_unconfirmed_are_refused(self, api, unverified_api, proposal):
        assert api.post(url(proposal)).status_code in (401, 403)
        assert_error(unverified_api.post(url(proposal)), 403, "email_not_verified")
        assert api.get(f"/api/v1/proposals/{proposal.pk}/").json()["can"]["support"] is False

    @pytest.mark.parametrize("phase", ["draft", "review", "voting", "results", "closed"])
    def test_only_during_submission(self, resident_api, phase):
        proposal = ProposalFactory(campaign=campaign_in_phase(phase))
        assert_error(resident_api.post(url(proposal)), 409, "phase_closed")
        assert (
            resident_api.get(f"/api/v1/proposals/{proposal.pk}/").json()["can"]["support"] is False
        )

    def test_withdrawn_takes_no_support(self, resident_api, proposal):
        proposal.status = "withdrawn"
        proposal.save()
        client = client_for(proposal.author)
        assert_error(client.post(url(proposal)), 409, "target_closed")


class TestCounts:
    def test_list_filter_and_ordering(self, api, open_campaign):
        few, many, none = (ProposalFactory(campaign=open_campaign) for _ in range(3))
        supported_by(few, 1)
        supported_by(many, 3)
        listed = api.get("/api/v1/proposals/", {"ordering": "-supports"}).json()["features"]
        assert [f["id"] for f in listed] == [many.pk, few.pk, none.pk]
        assert [f["properties"]["supports"] for f in listed] == [3, 1, 0]
        least = api.get("/api/v1/proposals/", {"ordering": "supports"}).json()["features"]
        assert [f["id"] for f in least] == [none.pk, few.pk, many.pk]
        at_least = api.get("/api/v1/proposals/", {"min_supports": 2}).json()["features"]
        assert [f["id"] for f in at_least] == [many.pk]

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"ordering": "votes"}, "ordering"),
            ({"min_supports": "-1"}, "min_supports"),
            ({"min_supports": "lots"}, "min_supports"),
        ],
    )
    def test_bad_values_are_400(self, api, params, field):
        assert_error(api.get("/api/v1/proposals/", params), 400, "invalid", field)

    def test_the_maps_lean_path(self, api, open_campaign):
        a, b = ProposalFactory(campaign=open_campaign), ProposalFactory(campaign=open_campaign)
        supported_by(b, 2)
        body = json.loads(api.get("/api/v1/map/proposals/").content)
        counts = {f["id"]: f["properties"]["supports"] for f in body["features"]}
        assert counts == {a.pk: 0, b.pk: 2}
        filtered = json.loads(api.get("/api/v1/map/proposals/", {"min_supports": 1}).content)
        assert [f["id"] for f in filtered["features"]] == [b.pk]

    def test_the_review_queue(self, official_api, proposal):
        supported_by(proposal, 2)
        (item,) = official_api.get("/api/v1/review/queue/").json()["results"]
        assert item["supports"] == 2

    def test_counts_agree_with_the_rows(self, api, open_campaign):
        """The annotation against a count of the rows themselves, for several proposals."""
        proposals = [ProposalFactory(campaign=open_campaign) for _ in range(4)]
        for i, p in enumerate(proposals):
            supported_by(p, i)
        listed = api.get("/api/v1/proposals/").json()["features"]
        for feature in listed:
            assert (
                feature["properties"]["supports"]
                == Support.objects.filter(proposal_id=feature["id"]).count()
            )


class TestQueryBudgets:
    def test_list_costs_the_same_with_supports(
        self, api, open_campaign, django_assert_max_num_queries
    ):
        for _ in range(3):
            supported_by(ProposalFactory(campaign=open_campaign), 2)
        with django_assert_max_num_queries(3):  # count, page, phases
            small = api.get("/api/v1/proposals/", {"ordering": "-supports"})
        for _ in range(10):
            supported_by(ProposalFactory(campaign=open_campaign), 1)
        with django_assert_max_num_queries(3):
            large = api.get("/api/v1/proposals/", {"ordering": "-supports"})
        assert small.json()["count"] == 3 and large.json()["count"] == 13

    def test_the_map_is_one_query(self, api, open_campaign, django_assert_num_queries):
        for _ in range(5):
            supported_by(ProposalFactory(campaign=open_campaign), 2)
        with django_assert_num_queries(1):
            response = api.get("/api/v1/map/proposals/")
        assert response.status_code == 200

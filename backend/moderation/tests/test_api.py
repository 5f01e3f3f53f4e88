"""The moderation endpoints over HTTP: shapes, the one error format, scoping and ordering."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from core.testing.api import assert_error, client_for
from moderation.models import Report
from moderation.services import proposal_hide, proposal_report
from proposals.tests.factories import BUTTES_CHAUMONT, HOTEL_DE_VILLE, ProposalFactory

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/moderation/queue/"
REPORTS = "/api/v1/moderation/reports/"


def url(proposal, action):
    return f"/api/v1/proposals/{proposal.pk}/{action}/"


def report(proposal, reporter, reason="spam", text="", at=None):
    return proposal_report(
        proposal=proposal, reporter=reporter, reason=reason, text=text, now=at or timezone.now()
    )


class TestReportEndpoint:
    def test_report(self, resident_api, proposal):
        response = resident_api.post(
            url(proposal, "report"),
            {"reason": "other", "text": "Une <b>publicité</b>"},
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["proposal"] == proposal.pk and body["reason"] == "other"
        assert body["text"] == "Une publicité"
        assert body["handled"] is False and body["outcome"] is None
        assert set(body["reporter"]) == {"id", "display_name"}

    def test_can_report_turns_false_after_reporting(self, resident_api, proposal):
        detail = f"/api/v1/proposals/{proposal.pk}/"
        assert resident_api.get(detail).json()["can"]["report"] is True
        resident_api.post(url(proposal, "report"), {"reason": "spam"}, format="json")
        assert resident_api.get(detail).json()["can"]["report"] is False

    def test_twice_is_409_and_one_row(self, resident_api, proposal):
        assert resident_api.post(url(proposal, "report"), {"reason": "spam"}).status_code == 201
        response = resident_api.post(url(proposal, "report"), {"reason": "offensive"})
        assert_error(response, 409, "already_reported")
        assert Report.objects.count() == 1

    def test_own_proposal_is_refused(self, proposal):
        response = client_for(proposal.author).post(url(proposal, "report"), {"reason": "spam"})
        assert_error(response, 403, "own_proposal")

    def test_other_without_text_names_text(self, resident_api, proposal):
        response = resident_api.post(url(proposal, "report"), {"reason": "other", "text": " "})
        assert_error(response, 400, "invalid", "text")
        assert not Report.objects.exists()

    def test_bad_reason_and_overlong_text(self, resident_api, proposal):
        response = resident_api.post(
            url(proposal, "report"), {"reason": "boring", "text": "x" * 1001}
        )
        assert_error(response, 400, "invalid", "reason")
        assert "text" in response.json()["errors"]

    def test_phase_closed(self, resident_api, ended_campaign):
        proposal = ProposalFactory(campaign=ended_campaign)
        assert_error(
            resident_api.post(url(proposal, "report"), {"reason": "spam"}), 409, "phase_closed"
        )

    def test_anonymous(self, api, proposal):
        response = api.post(url(proposal, "report"), {"reason": "spam"})
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
        assert response["WWW-Authenticate"] == "Token"

    def test_hidden_proposal_cannot_be_found_to_report(self, resident_api, proposal, official):
        proposal_hide(proposal=proposal, actor=official, reason="Spam.", now=timezone.now())
        assert_error(
            resident_api.post(url(proposal, "report"), {"reason": "spam"}), 404, "not_found"
        )


class TestHideRestoreEndpoints:
    def test_hide_then_restore(self, official, proposal):
        client = client_for(official)
        response = client.post(
            url(proposal, "hide"), {"reason": "Propos injurieux."}, format="json"
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["id"] == proposal.pk and body["is_hidden"] is True
        assert body["hidden_reason"] == "Propos injurieux."
        assert "private_notes" in body  # the officials' representation
        assert body["can"]["moderate"] is True

        response = client.post(url(proposal, "restore"), {"reason": "Reformulée."}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["is_hidden"] is False and response.json()["hidden_reason"] == ""

    def test_resident_cannot_hide(self, resident_api, proposal):
        assert_error(
            resident_api.post(url(proposal, "hide"), {"reason": "Non."}), 403, "permission_denied"
        )

    def test_official_of_another_area_cannot_hide(self, other_official, proposal):
        response = client_for(other_official).post(url(proposal, "hide"), {"reason": "Non."})
        assert_error(response, 403, "permission_denied")
        assert "area" in response.json()["message"]

    def test_hide_without_reason_names_reason(self, official, proposal):
        assert_error(client_for(official).post(url(proposal, "hide"), {}), 400, "invalid", "reason")
        response = client_for(official).post(url(proposal, "hide"), {"reason": "<b></b>"})
        assert_error(response, 400, "invalid", "reason")

    def test_restore_without_reason_names_reason(self, official, proposal):
        proposal_hide(proposal=proposal, actor=official, reason="Spam.", now=timezone.now())
        response = client_for(official).post(url(proposal, "restore"), {"reason": ""})
        assert_error(response, 400, "invalid", "reason")

    @pytest.mark.parametrize("campaign", ["ended_campaign", "draft_campaign"])
    def test_phase_closed(self, request, official, campaign):
        proposal = ProposalFactory(campaign=request.getfixturevalue(campaign))
        response = client_for(official).post(url(proposal, "hide"), {"reason": "Spam."})
        assert_error(response, 409, "phase_closed")

    def test_restore_what_is_not_hidden_nor_reported(self, official, proposal):
        response = client_for(official).post(url(proposal, "restore"), {"reason": "Rien."})
        assert_error(response, 409, "invalid_transition")

    def test_unknown_proposal(self, official):
        assert_error(
            client_for(official).post("/api/v1/proposals/999999/hide/", {"reason": "x"}),
            404,
            "not_found",
        )


def _at(point):
    return Point(*point, srid=4326)


class TestQueue:
    def test_residents_and_anonymous_are_refused(self, resident_api, api):
        assert_error(resident_api.get(QUEUE), 403, "permission_denied")
        assert_error(api.get(QUEUE), 401, "not_authenticated")

    def test_ordered_by_open_reports_then_age(self, official, open_campaign, reporters):
        start = timezone.now() - timedelta(hours=5)
        one_old, one_new, two, _unreported = ProposalFactory.create_batch(4, campaign=open_campaign)
        report(one_new, reporters[0], at=start + timedelta(hours=2))
        report(one_old, reporters[0], at=start)
        report(two, reporters[0], at=start + timedelta(hours=3))
        report(two, reporters[1], at=start + timedelta(hours=4))
        hidden = ProposalFactory(campaign=open_campaign)
        proposal_hide(
            proposal=hidden, actor=official, reason="Spam.", now=start + timedelta(hours=1)
        )

        body = client_for(official).get(QUEUE).json()
        assert body["count"] == 4
        assert [item["id"] for item in body["results"]] == [
            two.pk,
            one_old.pk,
            one_new.pk,
            hidden.pk,
        ]
        first = body["results"][0]
        assert first["open_reports"] == 2 and first["report_count"] == 2
        assert first["reasons"] == {"spam": 2}
        assert first["can"] == {"moderate": True, "hide": True, "restore": True}
        assert first["area"]["code"] == "paris-05" and first["campaign"] == open_campaign.slug
        assert {"title", "status", "is_hidden", "hidden_reason", "waiting_since"} <= set(first)
        last = body["results"][-1]
        assert last["is_hidden"] is True and last["open_reports"] == 0 and last["reasons"] == {}

    def test_reasons_summary(self, official, proposal, reporters):
        report(proposal, reporters[0], "spam")
        report(proposal, reporters[1], "other", "Hors Paris")
        item = client_for(official).get(QUEUE).json()["results"][0]
        assert item["reasons"] == {"spam": 1, "other": 1}

    def test_scoped_to_the_officials_areas(self, official, administrator, open_campaign, resident):
        here = ProposalFactory(campaign=open_campaign)
        there = ProposalFactory(campaign=open_campaign, location=_at(BUTTES_CHAUMONT))
        centre = ProposalFactory(campaign=open_campaign, location=_at(HOTEL_DE_VILLE))
        for p in (here, there, centre):
            report(p, resident)
        assert [i["id"] for i in client_for(official).get(QUEUE).json()["results"]] == [here.pk]
        assert {i["id"] for i in client_for(administrator).get(QUEUE).json()["results"]} == {
            here.pk,
            there.pk,
            centre.pk,
        }

    def test_restored_proposals_leave_the_queue(self, official, proposal, resident):
        report(proposal, resident)
        client = client_for(official)
        assert client.get(QUEUE).json()["count"] == 1
        client.post(url(proposal, "restore"), {"reason": "Conforme."})
        assert client.get(QUEUE).json()["count"] == 0

    def test_can_moderate_is_false_after_the_campaign(self, official, ended_campaign):
        proposal = ProposalFactory(campaign=ended_campaign, is_hidden=True, hidden_reason="x")
        item = client_for(official).get(QUEUE).json()["results"][0]
        assert item["id"] == proposal.pk
        assert item["can"] == {"moderate": False, "hide": False, "restore": False}

    def test_filters_over_http(self, official, proposal, reporters):
        report(proposal, reporters[0], "offensive")
        client = client_for(official)
        assert client.get(QUEUE, {"reason": "offensive", "hidden": "false"}).json()["count"] == 1
        assert client.get(QUEUE, {"reason": "spam"}).json()["count"] == 0
        assert_error(client.get(QUEUE, {"reason": "boring"}), 400, "invalid", "reason")
        assert_error(
            client.get(QUEUE, {"reported_since": "yesterday"}), 400, "invalid", "reported_since"
        )

    def test_paginated(self, official, open_campaign, resident):
        for p in ProposalFactory.create_batch(3, campaign=open_campaign):
            report(p, resident)
        body = client_for(official).get(QUEUE, {"page_size": 2}).json()
        assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]

    def test_query_count_is_flat(
        self, official, open_campaign, reporters, django_assert_max_num_queries
    ):
        for p in ProposalFactory.create_batch(20, campaign=open_campaign):
            report(p, reporters[0])
            report(p, reporters[1], "offensive")
        client = client_for(official)
        # the official's areas, the count, the page, the campaigns' phases
        with django_assert_max_num_queries(4):
            body = client.get(QUEUE, {"page_size": 50}).json()
        assert len(body["results"]) == 20


class TestReportList:
    def test_officials_of_the_area_see_reasons_and_texts(self, official, proposal, reporters):
        report(proposal, reporters[0], "other", "Un commerce déguisé")
        report(proposal, reporters[1], "spam")
        body = client_for(official).get(REPORTS, {"proposal": proposal.pk}).json()
        assert body["count"] == 2
        texts = {r["reason"]: r["text"] for r in body["results"]}
        assert texts == {"other": "Un commerce déguisé", "spam": ""}
        for item in body["results"]:
            assert set(item["reporter"]) == {"id", "display_name"}
            assert "@" not in str(item)  # no email address anywhere

    def test_other_areas_see_nothing(self, other_official, proposal, resident):
        report(proposal, resident)
        assert (
            client_for(other_official).get(REPORTS, {"proposal": proposal.pk}).json()["count"] == 0
        )

    def test_residents_see_only_their_own(self, proposal, reporters):
        report(proposal, reporters[0], "other", "Un commerce déguisé")
        report(proposal, reporters[1], "spam")
        body = client_for(reporters[1]).get(REPORTS, {"proposal": proposal.pk}).json()
        assert [r["reason"] for r in body["results"]] == ["spam"]
        assert body["results"][0]["reporter"]["id"] == reporters[1].pk
        assert client_for(proposal.author).get(REPORTS).json()["count"] == 0

    def test_anonymous(self, api):
        assert_error(api.get(REPORTS), 401, "not_authenticated")

    def test_handled_filter(self, official, proposal, reporters):
        report(proposal, reporters[0])
        client = client_for(official)
        client.post(url(proposal, "hide"), {"reason": "Spam."})
        other = ProposalFactory(campaign=proposal.campaign)
        report(other, reporters[1])
        handled = client.get(REPORTS, {"handled": "true"}).json()["results"]
        assert [(r["proposal"], r["outcome"]) for r in handled] == [(proposal.pk, "hidden")]
        assert [
            r["proposal"] for r in client.get(REPORTS, {"handled": "false"}).json()["results"]
        ] == [other.pk]

    def test_outcome_is_in_its_enum_or_null_as_the_schema_says(self, official, proposal, reporters):
        from drf_spectacular.generators import SchemaGenerator

        schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
        outcome = schemas["ReportOutput"]["properties"]["outcome"]
        enum = schemas["OutcomeEnum"]["enum"]
        assert outcome["nullable"] is True and sorted(enum) == ["hidden", "kept"]
        report(proposal, reporters[0])
        kept = ProposalFactory(campaign=proposal.campaign)
        report(kept, reporters[1])
        other = ProposalFactory(campaign=proposal.campaign)
        report(other, reporters[2])
        client = client_for(official)
        client.post(url(proposal, "hide"), {"reason": "Spam."})
        client.post(url(kept, "restore"), {"reason": "Rien à redire."})
        outcomes = {r["proposal"]: r["outcome"] for r in client.get(REPORTS).json()["results"]}
        assert outcomes == {proposal.pk: "hidden", kept.pk: "kept", other.pk: None}

    def test_query_count_is_flat(
        self, official, open_campaign, reporters, django_assert_max_num_queries
    ):
        for p in ProposalFactory.create_batch(10, campaign=open_campaign):
            for r in reporters[:3]:
                report(p, r)
        client = client_for(official)
        with django_assert_max_num_queries(4):
            assert client.get(REPORTS).json()["count"] == 30

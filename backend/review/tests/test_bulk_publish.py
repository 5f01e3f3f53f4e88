"""Bulk actions (all or nothing) and prepared answers published together."""

import pytest
from django.core import mail

from audit.models import AuditRecord
from core.testing.api import assert_error, client_for
from notifications.models import Notification
from proposals.models import Proposal
from proposals.tests.factories import BUTTES_CHAUMONT

BULK = "/api/v1/review/bulk/"
PUBLISH = "/api/v1/review/publish/"


def statuses(*proposals):
    return [Proposal.objects.get(pk=p.pk).status for p in proposals]


@pytest.mark.django_db
class TestBulk:
    def test_accept_many_with_one_cost(
        self, official_api, make_proposal, eager_celery, django_capture_on_commit_callbacks
    ):
        proposals = [make_proposal(), make_proposal(status="in_review"), make_proposal()]
        ids = [p.pk for p in proposals]
        with django_capture_on_commit_callbacks(execute=True):
            response = official_api.post(BULK, {"action": "accept", "ids": ids, "cost": 5000})
        assert response.status_code == 200, response.content
        assert response.json() == {"action": "accept", "count": 3, "ids": ids}
        assert statuses(*proposals) == ["accepted"] * 3
        assert {p.estimated_cost for p in Proposal.objects.filter(pk__in=ids)} == {5000}
        assert len(mail.outbox) == 3
        assert AuditRecord.objects.filter(action="proposal.accept").count() == 3

    def test_reject_many_with_one_reason(self, official_api, make_proposal):
        proposals = [make_proposal(), make_proposal()]
        body = {
            "action": "reject",
            "ids": [p.pk for p in proposals],
            "answer": "Doublon d'un projet voté.",
        }
        assert official_api.post(BULK, body).status_code == 200
        assert {p.public_answer for p in Proposal.objects.all()} == {"Doublon d'un projet voté."}
        assert Notification.objects.filter(event="rejected").count() == 2

    def test_start_review_and_assign(self, official_api, official, make_proposal):
        proposals = [make_proposal(), make_proposal()]
        ids = [p.pk for p in proposals]
        assert official_api.post(BULK, {"action": "start_review", "ids": ids}).status_code == 200
        assert statuses(*proposals) == ["in_review"] * 2
        body = {"action": "assign", "ids": ids, "assignee": official.email}
        assert official_api.post(BULK, body).status_code == 200
        assert set(Proposal.objects.values_list("assignee", flat=True)) == {official.pk}

    def test_all_or_nothing_on_a_wrong_state(self, official_api, make_proposal):
        ok, done = make_proposal(), make_proposal(status="rejected")
        response = official_api.post(
            BULK, {"action": "accept", "ids": [ok.pk, done.pk], "cost": 10}
        )
        assert_error(response, 409, "invalid_transition", "ids")
        assert f"#{done.pk}" in response.json()["message"]
        assert statuses(ok, done) == ["submitted", "rejected"]
        assert not AuditRecord.objects.filter(action="proposal.accept").exists()
        assert not Notification.objects.exists()

    def test_all_or_nothing_on_another_area(self, official_api, make_proposal):
        mine, theirs = make_proposal(), make_proposal(at=BUTTES_CHAUMONT)
        response = official_api.post(BULK, {"action": "start_review", "ids": [mine.pk, theirs.pk]})
        assert_error(response, 403, "permission_denied", "ids")
        assert statuses(mine, theirs) == ["submitted", "submitted"]

    def test_all_or_nothing_on_the_phase(self, official_api, make_proposal, voting_campaign):
        fine, late = make_proposal(), make_proposal(campaign=voting_campaign)
        response = official_api.post(BULK, {"action": "start_review", "ids": [fine.pk, late.pk]})
        assert_error(response, 409, "phase_closed")
        assert statuses(fine) == ["submitted"]

    def test_unknown_ids(self, official_api, make_proposal):
        proposal = make_proposal()
        response = official_api.post(
            BULK, {"action": "start_review", "ids": [proposal.pk, 99999999]}
        )
        assert_error(response, 400, "invalid", "ids")
        assert "#99999999" in response.json()["message"]
        assert statuses(proposal) == ["submitted"]

    def test_at_most_500_ids(self, official_api):
        response = official_api.post(BULK, {"action": "start_review", "ids": list(range(1, 502))})
        assert_error(response, 400, "invalid", "ids")

    def test_values_are_checked_before_anything(self, official_api, make_proposal):
        proposal = make_proposal()
        assert_error(
            official_api.post(BULK, {"action": "accept", "ids": [proposal.pk]}),
            400,
            "invalid",
            "cost",
        )
        assert_error(
            official_api.post(BULK, {"action": "reject", "ids": [proposal.pk]}),
            400,
            "invalid",
            "answer",
        )
        assert_error(
            official_api.post(BULK, {"action": "close", "ids": [proposal.pk]}),
            400,
            "invalid",
            "action",
        )
        assert_error(
            official_api.post(BULK, {"action": "accept", "ids": [], "cost": 1}),
            400,
            "invalid",
            "ids",
        )

    def test_the_schema_states_what_each_action_requires(self):
        from drf_spectacular.generators import SchemaGenerator

        from review.serializers import BULK_VARIANTS

        schema = SchemaGenerator().get_schema(request=None, public=True)
        body = schema["paths"][BULK]["post"]["requestBody"]
        assert body["required"] is True
        components = schema["components"]["schemas"]
        variants = [
            components[ref["$ref"].rsplit("/", 1)[-1]]
            for ref in components["BulkInputRequest"]["oneOf"]
        ]
        required = {}
        for variant in variants:
            (action,) = components[variant["properties"]["action"]["$ref"].rsplit("/", 1)[-1]][
                "enum"
            ]
            required[action] = set(variant["required"])
        assert required == {
            "assign": {"action", "ids"},
            "start_review": {"action", "ids"},
            "accept": {"action", "ids", "cost"},
            "reject": {"action", "ids", "answer"},
        }
        assert set(BULK_VARIANTS) == set(required)

    def test_residents_are_refused(self, resident_api, make_proposal):
        response = resident_api.post(BULK, {"action": "start_review", "ids": [make_proposal().pk]})
        assert_error(response, 403, "permission_denied")

    def test_duplicate_ids_count_once(self, official_api, make_proposal):
        proposal = make_proposal()
        response = official_api.post(
            BULK, {"action": "start_review", "ids": [proposal.pk, proposal.pk]}
        )
        assert response.json()["count"] == 1


@pytest.mark.django_db
class TestPublishPrepared:
    def test_prepare_then_publish_together(
        self,
        official_api,
        make_proposal,
        review_campaign,
        eager_celery,
        django_capture_on_commit_callbacks,
    ):
        yes, no, pending = make_proposal(status="in_review"), make_proposal(), make_proposal()
        elsewhere = make_proposal(at=BUTTES_CHAUMONT, prepared_decision="accepted", prepared_cost=9)
        prepare = "/api/v1/proposals/{}/review/prepare/"
        official_api.post(
            prepare.format(yes.pk),
            {
                "prepared_decision": "accepted",
                "prepared_cost": 42_000,
                "prepared_answer": "Validé.",
            },
        )
        official_api.post(
            prepare.format(no.pk),
            {"prepared_decision": "rejected", "prepared_answer": "Hors périmètre."},
        )
        assert statuses(yes, no) == ["in_review", "submitted"]  # nothing published yet
        assert not Notification.objects.exists()

        with django_capture_on_commit_callbacks(execute=True):
            response = official_api.post(PUBLISH, {"campaign": review_campaign.slug})
        assert response.status_code == 200, response.content
        assert response.json() == {
            "published": 2,
            "accepted": 1,
            "rejected": 1,
            "ids": [yes.pk, no.pk],
        }
        yes.refresh_from_db()
        no.refresh_from_db()
        assert (yes.status, yes.estimated_cost, yes.public_answer) == (
            "accepted",
            42_000,
            "Validé.",
        )
        assert (no.status, no.public_answer) == ("rejected", "Hors périmètre.")
        assert yes.prepared_decision == no.prepared_decision == ""  # used up
        assert statuses(pending, elsewhere) == ["submitted", "submitted"]  # not prepared / not mine
        assert len(mail.outbox) == 2
        record = AuditRecord.objects.get(action="proposal.accept", object_id=str(yes.pk))
        assert record.after["published_prepared"] is True
        # Publishing again publishes nothing.
        assert (
            official_api.post(PUBLISH, {"campaign": review_campaign.slug}).json()["published"] == 0
        )

    def test_all_or_nothing(self, official_api, make_proposal, review_campaign):
        good = make_proposal(prepared_decision="rejected", prepared_answer="Non.")
        broken = make_proposal(prepared_decision="accepted")  # no cost: cannot be published
        response = official_api.post(PUBLISH, {"campaign": review_campaign.slug})
        assert_error(response, 400, "required", "cost")
        assert f"#{broken.pk}" in response.json()["message"]
        assert statuses(good, broken) == ["submitted", "submitted"]

    def test_one_area_only(self, admin_api, make_proposal, review_campaign):
        fifth = make_proposal(prepared_decision="rejected", prepared_answer="Non.")
        nineteenth = make_proposal(
            at=BUTTES_CHAUMONT, prepared_decision="rejected", prepared_answer="Non."
        )
        response = admin_api.post(PUBLISH, {"campaign": review_campaign.slug, "area": "paris-19"})
        assert response.json()["ids"] == [nineteenth.pk]
        assert statuses(fifth) == ["submitted"]

    def test_refusals(
        self, official_api, resident_api, make_proposal, review_campaign, voting_campaign
    ):
        make_proposal(
            campaign=voting_campaign, prepared_decision="rejected", prepared_answer="Non."
        )
        assert_error(
            resident_api.post(PUBLISH, {"campaign": review_campaign.slug}), 403, "permission_denied"
        )
        assert_error(
            official_api.post(PUBLISH, {"campaign": voting_campaign.slug}), 409, "phase_closed"
        )
        assert_error(
            official_api.post(PUBLISH, {"campaign": review_campaign.slug, "area": "paris-19"}),
            403,
            "permission_denied",
        )
        assert_error(official_api.post(PUBLISH, {"campaign": "nope"}), 400, "invalid", "campaign")

    def test_other_official_publishes_only_their_area(
        self, other_official, make_proposal, review_campaign
    ):
        mine = make_proposal(prepared_decision="rejected", prepared_answer="Non.")
        response = client_for(other_official).post(PUBLISH, {"campaign": review_campaign.slug})
        assert response.json()["published"] == 0
        assert statuses(mine) == ["submitted"]

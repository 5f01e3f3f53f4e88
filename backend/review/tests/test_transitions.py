"""Every review transition through the API, and its refusals: role (403), area (403), phase
(409 phase_closed), state (409 invalid_transition), values (400 naming the field)."""

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from core.testing.api import assert_error, client_for
from notifications.models import Notification
from proposals.models import Proposal
from proposals.tests.factories import BUTTES_CHAUMONT


def url(proposal, action):
    return f"/api/v1/proposals/{proposal.pk}/review/{action}/"


def audit(proposal, action):
    return AuditRecord.objects.filter(
        object_type="proposal", object_id=str(proposal.pk), action=action
    )


# The minimal valid body of each action.
BODIES = {
    "start": {},
    "accept": {"cost": 25_000},
    "reject": {"answer": "Ce projet relève du fonctionnement courant."},
    "notes": {"notes": "Voir la voirie."},
    "prepare": {"prepared_decision": "accepted", "prepared_cost": 1000},
}


@pytest.mark.django_db
class TestStartReview:
    def test_official_of_the_area_starts_the_study(self, official_api, official, make_proposal):
        proposal = make_proposal()
        response = official_api.post(url(proposal, "start"))
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "in_review"
        assert "private_notes" in body  # the officials' representation
        record = audit(proposal, "proposal.start_review").get()
        assert record.actor == official
        assert record.before == {"status": "submitted"} and record.after == {"status": "in_review"}
        assert record.area_id == proposal.area_id and record.campaign_id == proposal.campaign_id

    def test_allowed_during_submissions_too(self, official_api, make_proposal, open_campaign):
        proposal = make_proposal(campaign=open_campaign)
        assert official_api.post(url(proposal, "start")).json()["status"] == "in_review"

    @pytest.mark.parametrize("status", ["in_review", "accepted", "rejected", "merged", "withdrawn"])
    def test_only_from_submitted(self, official_api, make_proposal, status):
        proposal = make_proposal(status=status)
        response = official_api.post(url(proposal, "start"))
        assert_error(response, 409, "invalid_transition")
        assert "submitted" in response.json()["message"]
        assert Proposal.objects.get(pk=proposal.pk).status == status
        assert not audit(proposal, "proposal.start_review").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(BODIES))
class TestRefusals:
    """The same refusals for every action."""

    def test_resident_is_refused(self, resident_api, make_proposal, action):
        proposal = make_proposal()
        assert_error(
            resident_api.post(url(proposal, action), BODIES[action]), 403, "permission_denied"
        )
        assert Proposal.objects.get(pk=proposal.pk).status == "submitted"

    def test_anonymous_is_refused(self, api, make_proposal, action):
        response = api.post(url(make_proposal(), action), BODIES[action])
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
        assert set(response.json()) == {"status", "code", "message", "params", "errors", "details"}

    def test_official_of_another_area_is_refused(self, other_official, make_proposal, action):
        proposal = make_proposal()
        response = client_for(other_official).post(url(proposal, action), BODIES[action])
        assert_error(response, 403, "permission_denied")
        assert "area" in response.json()["message"]

    def test_official_of_that_area_can_act_elsewhere_too(
        self, other_official, make_proposal, action
    ):
        proposal = make_proposal(at=BUTTES_CHAUMONT)  # 19e
        response = client_for(other_official).post(url(proposal, action), BODIES[action])
        assert response.status_code == 200, response.content

    def test_wrong_phase_is_a_conflict(self, official_api, make_proposal, voting_campaign, action):
        proposal = make_proposal(campaign=voting_campaign)
        response = official_api.post(url(proposal, action), BODIES[action])
        assert_error(response, 409, "phase_closed")
        assert "voting" in response.json()["message"]

    def test_unknown_proposal_is_404(self, official_api, action):
        assert_error(
            official_api.post(f"/api/v1/proposals/999999999/review/{action}/", BODIES[action]),
            404,
            "not_found",
        )

    def test_administrator_acts_everywhere(self, admin_api, make_proposal, action):
        proposal = make_proposal(at=BUTTES_CHAUMONT)
        assert admin_api.post(url(proposal, action), BODIES[action]).status_code == 200


@pytest.mark.django_db
class TestAccept:
    def test_accept_with_cost_notifies_the_author(
        self, official_api, make_proposal, eager_celery, django_capture_on_commit_callbacks
    ):
        proposal = make_proposal(status="in_review")
        with django_capture_on_commit_callbacks(execute=True):
            response = official_api.post(
                url(proposal, "accept"), {"cost": 120_000, "answer": "Faisable en 2027."}
            )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "accepted"
        assert body["estimated_cost"] == 120_000
        assert body["public_answer"] == "Faisable en 2027."
        assert body["decided_at"] is not None
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [proposal.author.email]
        assert "recevable" in mail.outbox[0].subject
        record = audit(proposal, "proposal.accept").get()
        assert record.before["status"] == "in_review" and record.after["status"] == "accepted"
        assert record.after["estimated_cost"] == 120_000
        assert record.reason == "Faisable en 2027."

    def test_directly_from_submitted(self, official_api, make_proposal):
        response = official_api.post(url(make_proposal(), "accept"), {"cost": 1})
        assert response.json()["status"] == "accepted"

    def test_cost_is_required(self, official_api, make_proposal):
        proposal = make_proposal()
        assert_error(official_api.post(url(proposal, "accept"), {}), 400, "invalid", "cost")
        assert Proposal.objects.get(pk=proposal.pk).status == "submitted"

    @pytest.mark.parametrize("cost", [0, -5, "beaucoup", 10**13, None])
    def test_cost_must_be_a_positive_number(self, official_api, make_proposal, cost):
        response = official_api.post(url(make_proposal(), "accept"), {"cost": cost}, format="json")
        assert_error(response, 400, "invalid", "cost")

    @pytest.mark.parametrize("status", ["accepted", "rejected", "merged", "withdrawn"])
    def test_only_from_submitted_or_in_review(self, official_api, make_proposal, status):
        response = official_api.post(url(make_proposal(status=status), "accept"), {"cost": 10})
        assert_error(response, 409, "invalid_transition")

    def test_service_refuses_a_missing_cost_naming_it(self, official, make_proposal):
        from django.utils import timezone

        from core.errors import ApplicationError
        from review.services import proposal_accept

        with pytest.raises(ApplicationError) as error:
            proposal_accept(proposal=make_proposal(), actor=official, now=timezone.now(), cost=None)
        assert "cost" in error.value.errors


@pytest.mark.django_db
class TestReject:
    def test_reject_with_public_reason_notifies_the_author(
        self, official_api, make_proposal, eager_celery, django_capture_on_commit_callbacks
    ):
        proposal = make_proposal(status="in_review")
        with django_capture_on_commit_callbacks(execute=True):
            response = official_api.post(
                url(proposal, "reject"), {"answer": "Hors du domaine public."}
            )
        body = response.json()
        assert body["status"] == "rejected"
        assert body["public_answer"] == "Hors du domaine public."
        assert len(mail.outbox) == 1 and "Hors du domaine public." in mail.outbox[0].body
        assert Notification.objects.get(proposal=proposal).event == "rejected"
        record = audit(proposal, "proposal.reject").get()
        assert record.reason == "Hors du domaine public."
        assert record.after["status"] == "rejected"

    @pytest.mark.parametrize("body", [{}, {"answer": ""}, {"answer": "   "}, {"answer": "<b></b>"}])
    def test_public_reason_is_required(self, official_api, make_proposal, body):
        proposal = make_proposal()
        assert_error(official_api.post(url(proposal, "reject"), body), 400, "invalid", "answer")
        assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
        assert not Notification.objects.exists()

    def test_answer_is_plain_text(self, official_api, make_proposal):
        body = {"answer": "<script>alert(1)</script>Trop <b>coûteux</b>."}
        response = official_api.post(url(make_proposal(), "reject"), body)
        assert response.json()["public_answer"] == "Trop coûteux."

    @pytest.mark.parametrize("status", ["accepted", "rejected", "merged", "withdrawn"])
    def test_only_from_submitted_or_in_review(self, official_api, make_proposal, status):
        response = official_api.post(
            url(make_proposal(status=status), "reject"), {"answer": "Non."}
        )
        assert_error(response, 409, "invalid_transition")


@pytest.mark.django_db
class TestPrivateNotes:
    NOTE = "Chiffrage de la DVD : 80 000 €, voir M. Martin"

    def test_notes_are_kept_for_officials_only(
        self, official_api, resident_api, api, make_proposal
    ):
        proposal = make_proposal()
        response = official_api.post(url(proposal, "notes"), {"notes": self.NOTE})
        assert response.json()["private_notes"] == self.NOTE
        assert audit(proposal, "proposal.note").get().after == {"private_notes": self.NOTE}
        # Officials of the area see them; nobody else, in no public output.
        assert (
            official_api.get(f"/api/v1/proposals/{proposal.pk}/").json()["private_notes"]
            == self.NOTE
        )
        for client in (resident_api, api):
            for path in (
                f"/api/v1/proposals/{proposal.pk}/",
                f"/api/v1/proposals/?campaign={proposal.campaign.slug}",
                "/api/v1/projects/",
            ):
                content = client.get(path).content.decode()
                assert "private_notes" not in content and "DVD" not in content, path

    def test_author_does_not_see_them(self, make_proposal):
        proposal = make_proposal(private_notes="Secret")
        content = client_for(proposal.author).get(f"/api/v1/proposals/{proposal.pk}/").content
        assert b"Secret" not in content and b"private_notes" not in content

    def test_notes_in_any_status(self, official_api, make_proposal):
        for status in ("accepted", "rejected", "merged"):
            response = official_api.post(
                url(make_proposal(status=status), "notes"), {"notes": "ok"}
            )
            assert response.status_code == 200


@pytest.mark.django_db
class TestAssign:
    def test_assign_an_official_of_the_area(self, official_api, make_proposal):
        colleague = UserFactory(role="official", areas=["paris-05", "paris-06"])
        proposal = make_proposal()
        response = official_api.post(url(proposal, "assign"), {"assignee": colleague.email.upper()})
        assert response.status_code == 200, response.content
        assert response.json()["assignee"] == colleague.email
        assert audit(proposal, "proposal.assign").get().after == {"assignee": colleague.pk}

    def test_unassign(self, official_api, official, make_proposal):
        proposal = make_proposal(assignee=official)
        response = official_api.post(url(proposal, "assign"), {"assignee": None}, format="json")
        assert response.json()["assignee"] is None

    def test_assignee_must_handle_the_area(
        self, official_api, other_official, resident, make_proposal
    ):
        proposal = make_proposal()
        for email, code in (
            (other_official.email, "invalid_choice"),
            (resident.email, "invalid_choice"),
            ("nobody@example.org", "does_not_exist"),
            ("not an email", "invalid"),
        ):
            response = official_api.post(url(proposal, "assign"), {"assignee": email})
            assert response.status_code == 400, response.content
            assert response.json()["details"]["assignee"][0]["code"] == code
        assert Proposal.objects.get(pk=proposal.pk).assignee is None

    def test_not_once_decided(self, official_api, official, make_proposal):
        response = official_api.post(
            url(make_proposal(status="rejected"), "assign"), {"assignee": official.email}
        )
        assert_error(response, 409, "invalid_transition")


@pytest.mark.django_db
class TestPrepare:
    def test_prepared_answer_is_stored_not_published(self, official_api, api, make_proposal):
        proposal = make_proposal()
        body = {"prepared_decision": "rejected", "prepared_answer": "Déjà programmé."}
        response = official_api.post(url(proposal, "prepare"), body)
        data = response.json()
        assert data["status"] == "submitted"
        assert (
            data["prepared_decision"] == "rejected" and data["prepared_answer"] == "Déjà programmé."
        )
        assert data["public_answer"] == ""
        assert not Notification.objects.exists()
        public = api.get(f"/api/v1/proposals/{proposal.pk}/").content.decode()
        assert "Déjà programmé" not in public and "prepared" not in public
        assert audit(proposal, "proposal.prepare").exists()

    def test_prepared_acceptance_needs_a_cost(self, official_api, make_proposal):
        response = official_api.post(
            url(make_proposal(), "prepare"), {"prepared_decision": "accepted"}
        )
        assert_error(response, 400, "invalid", "prepared_cost")

    def test_prepared_rejection_needs_a_reason(self, official_api, make_proposal):
        response = official_api.post(
            url(make_proposal(), "prepare"), {"prepared_decision": "rejected"}
        )
        assert_error(response, 400, "invalid", "prepared_answer")

    def test_empty_decision_clears(self, official_api, make_proposal):
        proposal = make_proposal(prepared_decision="accepted", prepared_cost=5)
        data = official_api.post(url(proposal, "prepare"), {"prepared_decision": ""}).json()
        assert data["prepared_decision"] == "" and data["prepared_cost"] is None

    def test_not_once_decided(self, official_api, make_proposal):
        body = {"prepared_decision": "accepted", "prepared_cost": 1}
        assert_error(
            official_api.post(url(make_proposal(status="accepted"), "prepare"), body),
            409,
            "invalid_transition",
        )

"""Comments are reported and hidden by moderation's own rules: the Report table and its
reasons, once per person, three reports from accounts old enough hide, officials decide with a
public reason, every decision audited."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from conversations.models import Comment
from conversations.services import comment_create, comment_report
from core.testing.api import assert_error, client_for
from moderation.models import Report

pytestmark = pytest.mark.django_db
QUEUE = "/api/v1/moderation/comments/"


@pytest.fixture
def comment(proposal):
    return comment_create(
        author=UserFactory(), text="Un avis un peu vif", now=timezone.now(), target=proposal
    )


def report_url(comment):
    return f"/api/v1/comments/{comment.pk}/report/"


def aged():
    return UserFactory(date_joined=timezone.now() - timedelta(days=30))


def young():
    return UserFactory(date_joined=timezone.now() - timedelta(hours=1))


class TestReporting:
    def test_report_a_comment(self, resident_api, comment):
        response = resident_api.post(
            report_url(comment), {"reason": "other", "text": "Une <b>insulte</b>"}, format="json"
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["comment"] == comment.pk and body["proposal"] is None
        assert body["text"] == "Une insulte" and body["handled"] is False
        comment.refresh_from_db()
        assert comment.report_count == 1 and not comment.is_hidden
        record = AuditRecord.objects.get(action="comment.report")
        assert record.object_id == str(comment.pk) and record.reason == "other"

    def test_a_comments_report_is_not_its_proposals(self, resident_api, comment, proposal):
        resident_api.post(report_url(comment), {"reason": "spam"}, format="json")
        proposal.refresh_from_db()
        assert proposal.report_count == 0
        assert not Report.objects.filter(proposal=proposal).exists()

    def test_twice_is_409(self, resident_api, comment):
        assert resident_api.post(report_url(comment), {"reason": "spam"}).status_code == 201
        assert_error(
            resident_api.post(report_url(comment), {"reason": "spam"}), 409, "already_reported"
        )
        assert Report.objects.count() == 1

    def test_the_database_holds_once_per_person(self, resident, comment):
        Report.objects.create(
            comment=comment, reporter=resident, reason="spam", created_at=timezone.now()
        )
        with pytest.raises(IntegrityError):
            Report.objects.create(
                comment=comment, reporter=resident, reason="spam", created_at=timezone.now()
            )

    def test_own_comment_is_403(self, comment):
        assert_error(
            client_for(comment.author).post(report_url(comment), {"reason": "spam"}),
            403,
            "own_comment",
        )

    def test_unknown_reason_and_other_without_text_are_400(self, resident_api, comment):
        assert_error(
            resident_api.post(report_url(comment), {"reason": "boring"}), 400, "invalid", "reason"
        )
        assert_error(
            resident_api.post(report_url(comment), {"reason": "other"}), 400, "invalid", "text"
        )

    def test_unconfirmed_address_is_403(self, unverified_api, comment):
        assert_error(
            unverified_api.post(report_url(comment), {"reason": "spam"}), 403, "email_not_verified"
        )

    def test_can_report_turns_false(self, resident_api, comment, proposal):
        thread = f"/api/v1/proposals/{proposal.pk}/comments/"
        assert resident_api.get(thread).json()["comments"][0]["can"]["report"] is True
        resident_api.post(report_url(comment), {"reason": "spam"})
        assert resident_api.get(thread).json()["comments"][0]["can"]["report"] is False


class TestAutomaticHiding:
    def test_three_aged_accounts_hide(self, comment, proposal, api):
        for _ in range(2):
            client_for(aged()).post(report_url(comment), {"reason": "offensive"})
        comment.refresh_from_db()
        assert not comment.is_hidden
        client_for(aged()).post(report_url(comment), {"reason": "offensive"})
        comment.refresh_from_db()
        assert comment.is_hidden and comment.hidden_by is None
        assert "3 signalements" in comment.hidden_reason
        assert AuditRecord.objects.filter(action="comment.hide", actor=None).count() == 1
        # The public sees its place, not its words; its author reads it with the reason.
        (shown,) = api.get(f"/api/v1/proposals/{proposal.pk}/comments/").json()["comments"] or [
            None
        ]
        assert shown is None  # hidden, nobody answered: left out for the public
        (own,) = (
            client_for(comment.author)
            .get(f"/api/v1/proposals/{proposal.pk}/comments/")
            .json()["comments"]
        )
        assert own["is_hidden"] is True and own["text"] == "Un avis un peu vif"
        assert own["hidden_reason"]

    def test_young_accounts_do_not_hide(self, comment):
        for _ in range(5):
            response = client_for(young()).post(report_url(comment), {"reason": "spam"})
            assert response.status_code == 201
        comment.refresh_from_db()
        assert not comment.is_hidden and comment.report_count == 5

    def test_the_campaigns_threshold_is_used(self, comment, proposal):
        proposal.campaign.auto_hide_reports = 1
        proposal.campaign.save()
        client_for(aged()).post(report_url(comment), {"reason": "spam"})
        comment.refresh_from_db()
        assert comment.is_hidden

    def test_a_hidden_reply_keeps_its_place_with_no_text(self, comment, proposal, api):
        reply = comment_create(
            author=UserFactory(), text="Réponse", now=timezone.now(), parent=comment
        )
        for _ in range(3):
            comment_report(comment=reply, reporter=aged(), reason="spam", now=timezone.now())
        (top,) = api.get(f"/api/v1/proposals/{proposal.pk}/comments/").json()["comments"]
        (shown,) = top["replies"]
        assert shown["is_hidden"] is True and shown["text"] == ""


class TestOfficials:
    def test_queue_hide_restore_audited(self, official_api, comment, proposal):
        client_for(aged()).post(report_url(comment), {"reason": "spam"})
        queue = official_api.get(QUEUE).json()
        assert queue["count"] == 1
        item = queue["results"][0]
        assert item["id"] == comment.pk and item["open_reports"] == 1
        assert item["reasons"] == {"spam": 1} and item["about"] == proposal.title
        assert item["can"]["hide"] is True and item["can"]["restore"] is True

        hide = official_api.post(f"/api/v1/comments/{comment.pk}/hide/", {"reason": "Hors charte"})
        assert hide.status_code == 200, hide.content
        assert hide.json()["is_hidden"] is True and hide.json()["hidden_reason"] == "Hors charte"
        assert Report.objects.get().outcome == "hidden"
        assert AuditRecord.objects.filter(action="comment.hide", reason="Hors charte").exists()

        restore = official_api.post(
            f"/api/v1/comments/{comment.pk}/restore/", {"reason": "Vérifié"}
        )
        assert restore.status_code == 200 and restore.json()["is_hidden"] is False
        assert AuditRecord.objects.filter(action="comment.restore").exists()
        assert official_api.get(QUEUE).json()["count"] == 0

    def test_a_reason_is_required(self, official_api, comment):
        assert_error(
            official_api.post(f"/api/v1/comments/{comment.pk}/hide/", {"reason": ""}),
            400,
            "invalid",
            "reason",
        )

    def test_officials_elsewhere_and_residents_cannot(
        self, other_official_api, resident_api, comment
    ):
        url = f"/api/v1/comments/{comment.pk}/hide/"
        assert_error(other_official_api.post(url, {"reason": "Non"}), 403, "permission_denied")
        assert_error(resident_api.post(url, {"reason": "Non"}), 403, "permission_denied")
        assert other_official_api.get(QUEUE).json()["count"] == 0
        assert_error(resident_api.get(QUEUE), 403, "permission_denied")
        assert not Comment.objects.get().is_hidden

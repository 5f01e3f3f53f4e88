"""The moderation services on the real database: every transition, its refusals, its audit
records and its notifications."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core import mail
from django.utils import timezone

from audit.models import AuditRecord
from campaigns.models import Campaign
from core.errors import ApplicationError, InvalidTransition, NotAllowed, PhaseClosed
from moderation.errors import AlreadyReported, OwnProposal
from moderation.models import Report
from moderation.services import (
    auto_hide_reason,
    proposal_hide,
    proposal_report,
    proposal_restore,
)
from notifications.models import Notification
from proposals.tests.factories import BUTTES_CHAUMONT, ProposalFactory

pytestmark = pytest.mark.django_db


def now():
    return timezone.now()


def report(proposal, reporter, reason="spam", text=""):
    return proposal_report(
        proposal=proposal, reporter=reporter, reason=reason, text=text, now=now()
    )


def audits(proposal, action=None):
    qs = AuditRecord.objects.filter(object_type="proposal", object_id=str(proposal.pk))
    return qs.filter(action=action) if action else qs


class TestReport:
    def test_report_is_stored_and_counted(self, proposal, resident):
        made = report(proposal, resident, "other", "  Publicité <b>déguisée</b> pour un commerce ")
        assert made.reason == "other" and made.text == "Publicité déguisée pour un commerce"
        assert made.reporter == resident and made.is_open
        proposal.refresh_from_db()
        assert proposal.report_count == 1 and not proposal.is_hidden
        record = audits(proposal, "proposal.report").get()
        assert record.actor == resident
        assert (record.before, record.after, record.reason) == (
            {"report_count": 0},
            {"report_count": 1},
            "other",
        )

    def test_twice_is_refused_and_leaves_one_row(self, proposal, resident):
        report(proposal, resident)
        with pytest.raises(AlreadyReported) as exc:
            report(proposal, resident, "offensive")
        assert exc.value.status_code == 409 and exc.value.code == "already_reported"
        assert Report.objects.count() == 1
        proposal.refresh_from_db()
        assert proposal.report_count == 1

    def test_the_database_refuses_a_second_report_too(self, proposal, resident):
        from django.db import IntegrityError, transaction

        report(proposal, resident)
        with pytest.raises(IntegrityError), transaction.atomic():
            Report.objects.create(
                proposal=proposal, reporter=resident, reason="spam", created_at=now()
            )

    def test_own_proposal_is_refused(self, proposal):
        with pytest.raises(OwnProposal) as exc:
            report(proposal, proposal.author)
        assert exc.value.status_code == 403
        assert not Report.objects.exists()

    def test_other_without_text_names_text(self, proposal, resident):
        with pytest.raises(ApplicationError) as exc:
            report(proposal, resident, "other", " <i></i> ")
        assert "text" in exc.value.errors

    def test_unknown_reason_names_reason(self, proposal, resident):
        with pytest.raises(ApplicationError) as exc:
            report(proposal, resident, "boring")
        assert "reason" in exc.value.errors

    @pytest.mark.parametrize("campaign", ["ended_campaign", "draft_campaign"])
    def test_phase_closed(self, request, resident, campaign):
        proposal = ProposalFactory(campaign=request.getfixturevalue(campaign))
        with pytest.raises(PhaseClosed):
            report(proposal, resident)
        assert not Report.objects.exists()

    def test_anonymous_is_refused(self, proposal):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(NotAllowed):
            report(proposal, AnonymousUser())


class TestAutoHide:
    def test_hidden_at_the_third_report_pending_review(
        self, proposal, reporters, django_capture_on_commit_callbacks, eager_celery
    ):
        with django_capture_on_commit_callbacks(execute=True):
            report(proposal, reporters[0])
            report(proposal, reporters[1], "offensive")
        proposal.refresh_from_db()
        assert not proposal.is_hidden
        assert not mail.outbox

        with django_capture_on_commit_callbacks(execute=True):
            report(proposal, reporters[2], "duplicate")
        proposal.refresh_from_db()
        assert proposal.is_hidden and proposal.hidden_by is None and proposal.hidden_at
        assert proposal.hidden_reason == auto_hide_reason(3)
        assert "en attente de vérification" in proposal.hidden_reason
        assert proposal.report_count == 3

        record = audits(proposal, "proposal.hide").get()
        assert record.actor is None and record.reason == "automatic: 3 reports"
        assert record.before["is_hidden"] is False and record.after["is_hidden"] is True
        assert record.campaign_id == proposal.campaign_id and record.area_id == proposal.area_id

        notification = Notification.objects.get(proposal=proposal)
        assert notification.event == "hidden" and notification.sent_at is not None
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [proposal.author.email]
        assert "masquée" in mail.outbox[0].subject

    def test_reports_after_hiding_do_not_hide_again(self, proposal, reporters):
        for reporter in reporters[:4]:
            report(proposal, reporter)
        proposal.refresh_from_db()
        assert proposal.report_count == 4
        assert audits(proposal, "proposal.hide").count() == 1
        assert Notification.objects.filter(event="hidden").count() == 1

    def test_threshold_of_one(self, open_campaign, resident):
        Campaign.objects.filter(pk=open_campaign.pk).update(auto_hide_reports=1)
        proposal = ProposalFactory(campaign=open_campaign)
        report(proposal, resident)
        proposal.refresh_from_db()
        assert proposal.is_hidden and proposal.hidden_reason == auto_hide_reason(1)

    def test_handled_reports_do_not_count_towards_the_threshold(
        self, proposal, reporters, official
    ):
        report(proposal, reporters[0])
        report(proposal, reporters[1])
        proposal_restore(proposal=proposal, actor=official, reason="Rien d'anormal.", now=now())
        report(proposal, reporters[2])
        proposal.refresh_from_db()
        assert not proposal.is_hidden and proposal.report_count == 3
        report(proposal, reporters[3])
        report(proposal, reporters[4])
        proposal.refresh_from_db()
        assert proposal.is_hidden and proposal.hidden_reason == auto_hide_reason(3)


class TestNewAccounts:
    """Reports from accounts younger than REPORT_MIN_ACCOUNT_AGE_HOURS are kept but do not count
    toward automatic hiding: three throwaway accounts cannot hide a proposal."""

    @staticmethod
    def accounts(count, *, age):
        from accounts.tests.factories import UserFactory

        return UserFactory.create_batch(count, password=None, date_joined=now() - age)

    def test_three_new_accounts_do_not_hide(self, proposal, settings):
        settings.REPORT_MIN_ACCOUNT_AGE_HOURS = 24
        for reporter in self.accounts(3, age=timedelta(hours=23)):
            report(proposal, reporter)
        proposal.refresh_from_db()
        assert not proposal.is_hidden
        assert proposal.report_count == 3 and Report.objects.filter(proposal=proposal).count() == 3
        assert not audits(proposal, "proposal.hide").exists()

    def test_only_old_enough_accounts_count(self, proposal, settings):
        settings.REPORT_MIN_ACCOUNT_AGE_HOURS = 24
        new = self.accounts(2, age=timedelta(hours=1))
        old = self.accounts(3, age=timedelta(hours=25))
        for reporter in [*new, *old[:2]]:
            report(proposal, reporter)
        proposal.refresh_from_db()
        assert not proposal.is_hidden and proposal.report_count == 4  # 2 of 4 count
        report(proposal, old[2])
        proposal.refresh_from_db()
        assert proposal.is_hidden and proposal.hidden_reason == auto_hide_reason(3)

    def test_the_age_is_a_setting(self, proposal, settings):
        settings.REPORT_MIN_ACCOUNT_AGE_HOURS = 0
        for reporter in self.accounts(3, age=timedelta(minutes=5)):
            report(proposal, reporter)
        proposal.refresh_from_db()
        assert proposal.is_hidden

    def test_the_default_is_a_day(self):
        from django.conf import settings

        assert settings.REPORT_MIN_ACCOUNT_AGE_HOURS == 24

    def test_unverified_accounts_cannot_report(self, proposal):
        from accounts.tests.factories import UserFactory
        from core.errors import EmailNotVerified

        with pytest.raises(EmailNotVerified) as exc:
            report(proposal, UserFactory(password=None, email_verified_at=None))
        assert exc.value.status_code == 403 and exc.value.code == "email_not_verified"
        assert "confirm your email address" in exc.value.message.lower()
        assert not Report.objects.exists()


class TestHide:
    def test_official_hides_with_a_public_reason(
        self, proposal, official, resident, django_capture_on_commit_callbacks, eager_celery
    ):
        report(proposal, resident, "offensive")
        at = now()
        with django_capture_on_commit_callbacks(execute=True):
            proposal = proposal_hide(
                proposal=proposal, actor=official, reason="Propos <b>injurieux</b>.", now=at
            )
        proposal.refresh_from_db()
        assert proposal.is_hidden and proposal.hidden_by == official and proposal.hidden_at == at
        assert proposal.hidden_reason == "Propos injurieux."
        assert proposal.pk and type(proposal).objects.filter(pk=proposal.pk).exists()  # kept

        handled = Report.objects.get()
        assert handled.handled_at == at and handled.handled_by == official
        assert handled.outcome == "hidden"

        record = audits(proposal, "proposal.hide").get()
        assert record.actor == official and record.reason == "Propos injurieux."
        assert record.before == {
            "is_hidden": False,
            "hidden_reason": "",
            "hidden_at": None,
            "hidden_by": None,
        }
        assert record.after["is_hidden"] is True and record.after["hidden_by"] == official.pk
        assert record.after["reports_handled"] == 1

        assert Notification.objects.get().event == "hidden"
        assert len(mail.outbox) == 1 and "Propos injurieux." in mail.outbox[0].body

    def test_administrator_hides_anywhere(self, open_campaign, administrator):
        proposal = ProposalFactory(
            campaign=open_campaign, location=Point(*BUTTES_CHAUMONT, srid=4326)
        )
        assert proposal.area.code == "paris-19"
        proposal_hide(proposal=proposal, actor=administrator, reason="Spam.", now=now())
        proposal.refresh_from_db()
        assert proposal.is_hidden

    def test_resident_is_refused(self, proposal, resident):
        with pytest.raises(NotAllowed):
            proposal_hide(proposal=proposal, actor=resident, reason="Non.", now=now())
        proposal.refresh_from_db()
        assert not proposal.is_hidden and not audits(proposal, "proposal.hide").exists()

    def test_official_of_another_area_is_refused(self, proposal, other_official):
        with pytest.raises(NotAllowed):
            proposal_hide(proposal=proposal, actor=other_official, reason="Non.", now=now())

    def test_reason_is_required(self, proposal, official):
        with pytest.raises(ApplicationError) as exc:
            proposal_hide(proposal=proposal, actor=official, reason=" <p> </p> ", now=now())
        assert "reason" in exc.value.errors

    @pytest.mark.parametrize("campaign", ["ended_campaign", "draft_campaign"])
    def test_phase_closed(self, request, official, campaign):
        proposal = ProposalFactory(campaign=request.getfixturevalue(campaign))
        with pytest.raises(PhaseClosed):
            proposal_hide(proposal=proposal, actor=official, reason="Spam.", now=now())

    def test_moderation_goes_on_in_the_review_phase(self, closed_campaign, official):
        proposal = ProposalFactory(campaign=closed_campaign)  # submissions over: review phase
        proposal_hide(proposal=proposal, actor=official, reason="Spam.", now=now())
        proposal.refresh_from_db()
        assert proposal.hidden_by == official and proposal.hidden_reason == "Spam."

    def test_confirming_an_automatic_hiding(self, open_campaign, official, reporters):
        Campaign.objects.filter(pk=open_campaign.pk).update(auto_hide_reports=1)
        proposal = ProposalFactory(campaign=open_campaign)
        report(proposal, reporters[0])
        proposal_hide(proposal=proposal, actor=official, reason="Publicité.", now=now())
        proposal.refresh_from_db()
        assert proposal.hidden_by == official and proposal.hidden_reason == "Publicité."
        assert not Report.objects.filter(handled_at__isnull=True).exists()

    def test_hiding_twice_is_refused(self, proposal, official):
        proposal_hide(proposal=proposal, actor=official, reason="Spam.", now=now())
        with pytest.raises(InvalidTransition):
            proposal_hide(proposal=proposal, actor=official, reason="Encore.", now=now())


class TestRestore:
    def test_official_restores_and_the_reports_are_kept(
        self, proposal, official, reporters, django_capture_on_commit_callbacks, eager_celery
    ):
        for reporter in reporters[:3]:
            report(proposal, reporter)
        mail.outbox.clear()
        at = now() + timedelta(seconds=1)
        with django_capture_on_commit_callbacks(execute=True):
            proposal_restore(
                proposal=proposal, actor=official, reason="Conforme à la charte.", now=at
            )
        proposal.refresh_from_db()
        assert not proposal.is_hidden
        assert proposal.hidden_reason == "" and proposal.hidden_at is None
        assert proposal.report_count == 3
        assert Report.objects.count() == 3
        assert set(Report.objects.values_list("outcome", "handled_by")) == {("kept", official.pk)}

        record = audits(proposal, "proposal.restore").get()
        assert record.actor == official and record.reason == "Conforme à la charte."
        assert record.before["is_hidden"] is True and record.before["hidden_reason"]
        assert record.after["is_hidden"] is False and record.after["reports_handled"] == 3

        assert Notification.objects.filter(event="restored").count() == 1
        assert len(mail.outbox) == 1 and "de nouveau visible" in mail.outbox[0].subject

    def test_keeping_a_reported_proposal_visible_dismisses_its_reports(
        self, proposal, official, resident
    ):
        report(proposal, resident)
        proposal_restore(proposal=proposal, actor=official, reason="Rien d'anormal.", now=now())
        assert Report.objects.get().outcome == "kept"
        assert audits(proposal, "proposal.reports_dismiss").get().reason == "Rien d'anormal."
        assert not Notification.objects.exists()  # the author was never told of the reports

    def test_nothing_to_restore(self, proposal, official):
        with pytest.raises(InvalidTransition):
            proposal_restore(proposal=proposal, actor=official, reason="Rien.", now=now())

    def test_resident_and_other_area_are_refused(
        self, proposal, official, resident, other_official
    ):
        proposal_hide(proposal=proposal, actor=official, reason="Spam.", now=now())
        for actor in (resident, other_official, proposal.author):
            with pytest.raises(NotAllowed):
                proposal_restore(proposal=proposal, actor=actor, reason="Non.", now=now())
        proposal.refresh_from_db()
        assert proposal.is_hidden

    def test_reason_is_required(self, proposal, official):
        proposal_hide(proposal=proposal, actor=official, reason="Spam.", now=now())
        with pytest.raises(ApplicationError) as exc:
            proposal_restore(proposal=proposal, actor=official, reason="", now=now())
        assert "reason" in exc.value.errors

    def test_phase_closed(self, official, ended_campaign):
        proposal = ProposalFactory(campaign=ended_campaign, is_hidden=True, hidden_reason="Spam.")
        with pytest.raises(PhaseClosed):
            proposal_restore(proposal=proposal, actor=official, reason="Conforme.", now=now())
        proposal.refresh_from_db()
        assert proposal.is_hidden

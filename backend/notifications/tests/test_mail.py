"""Notification mails read back from a real SMTP server on loopback: one per notification with
the unsubscribe headers, the daily digest, never, the unsubscribe link without signing in, and
retries that never send twice."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core import signing
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.testing.api import assert_error
from notifications.mail import unsubscribe_token
from notifications.models import Notification, Preference
from notifications.services import follow_add, preference_set, proposal_notify_followers
from notifications.tasks import digests_send_task, notification_send_task
from proposals.tests.factories import ProposalFactory

from .smtp import body_of

UNSUBSCRIBE = "/api/v1/notifications/unsubscribe/"


@pytest.fixture
def proposal(review_campaign):
    return ProposalFactory(campaign=review_campaign, title="Un banc rue Monge")


def one_click_token(message) -> str:
    url = re.fullmatch(r"<(\S+)>", "".join(str(message["List-Unsubscribe"]).split())).group(1)
    assert urlsplit(url).path == UNSUBSCRIBE
    return parse_qs(urlsplit(url).query)["token"][0]


@pytest.mark.django_db
class TestImmediate:
    def test_one_mail_with_the_unsubscribe_headers(
        self, proposal, smtp_server, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            (notification,) = proposal_notify_followers(
                proposal=proposal, event="rejected", reason="Hors compétence"
            )
        assert len(callbacks) == 1
        assert notification_send_task.apply(args=[notification.pk]).get() is True
        assert notification_send_task.apply(args=[notification.pk]).get() is False  # once
        (message,) = smtp_server.messages
        assert message["To"] == proposal.author.email
        assert "n'est pas recevable" in message["Subject"] and "rejected" in message["Subject"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Message-ID"].startswith(f"<notification-{notification.pk}@")
        body = body_of(message)
        assert "Hors compétence" in body and "Un banc rue Monge" in body
        assert "/desabonnement?token=" in body
        notification.refresh_from_db()
        assert notification.sent_at is not None

    def test_unconfirmed_addresses_get_no_mail(self, review_campaign, smtp_server):
        proposal = ProposalFactory(
            campaign=review_campaign, author=UserFactory(email_verified_at=None)
        )
        (notification,) = proposal_notify_followers(proposal=proposal, event="accepted")
        assert notification_send_task.apply(args=[notification.pk]).get() is False
        assert smtp_server.messages == []
        assert Notification.objects.get().mail == "never"

    def test_a_refused_attempt_is_retried_and_sent_once(self, proposal, smtp_server):
        smtp_server.refuse_next(1)
        (notification,) = proposal_notify_followers(proposal=proposal, event="accepted")
        notification_send_task.apply(args=[notification.pk])  # eager: the retry runs at once
        assert smtp_server.recorder.refused == 1
        assert len(smtp_server.messages) == 1
        assert notification_send_task.apply(args=[notification.pk]).get() is False
        assert len(smtp_server.messages) == 1


@pytest.mark.django_db
class TestDigest:
    def test_daily_groups_a_persons_notifications_in_one_mail(
        self, review_campaign, smtp_server, eager_celery, django_capture_on_commit_callbacks
    ):
        reader = UserFactory()
        preference_set(user=reader, digest="daily")
        proposals = [ProposalFactory(campaign=review_campaign) for _ in range(3)]
        for p in proposals:
            follow_add(user=reader, proposal=p)
        with django_capture_on_commit_callbacks(execute=True):
            for event, p in zip(["accepted", "rejected", "hidden"], proposals, strict=True):
                proposal_notify_followers(proposal=p, event=event, reason=f"Motif {event}")
        authors = {p.author.email for p in proposals}
        assert {m["To"] for m in smtp_server.messages} == authors  # the authors: at once
        smtp_server.clear()
        assert digests_send_task.apply().get() == 1
        (message,) = smtp_server.messages
        assert message["To"] == reader.email
        assert "3 nouvelles notifications" in message["Subject"]
        body = body_of(message)
        assert all(p.title in body for p in proposals)
        assert body.count("• ") == 6  # three in French, three in English
        assert message["List-Unsubscribe"]
        assert not Notification.objects.filter(user=reader, sent_at__isnull=True).exists()
        assert digests_send_task.apply().get() == 0  # nothing twice
        assert len(smtp_server.messages) == 1

    def test_never_sends_nothing_but_keeps_the_notifications(
        self, proposal, smtp_server, eager_celery, django_capture_on_commit_callbacks
    ):
        preference_set(user=proposal.author, digest="never")
        with django_capture_on_commit_callbacks(execute=True):
            proposal_notify_followers(proposal=proposal, event="accepted")
        assert digests_send_task.apply().get() == 0
        assert smtp_server.messages == []
        assert Notification.objects.get().mail == "never"


@pytest.mark.django_db
class TestUnsubscribe:
    def test_the_mailed_link_unsubscribes_without_signing_in(
        self, proposal, smtp_server, api, eager_celery, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            proposal_notify_followers(proposal=proposal, event="accepted")
        (message,) = smtp_server.messages
        token = one_click_token(message)
        page_token = unquote(body_of(message).split("/desabonnement?token=")[1].split()[0])
        assert page_token == token
        shown = api.get(UNSUBSCRIBE, {"token": token})
        assert shown.status_code == 200, shown.content
        assert shown.json()["digest"] == "immediate"
        assert (
            shown.json()["email"].endswith("@example.org")
            and "resident" not in shown.json()["email"]
        )
        # RFC 8058: the mail client posts List-Unsubscribe=One-Click to the header's URL.
        response = api.post(
            f"{UNSUBSCRIBE}?token={token}",
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200, response.content
        assert response.json()["digest"] == "never"
        assert Preference.objects.get(user=proposal.author).digest == "never"
        with django_capture_on_commit_callbacks(execute=True):
            proposal_notify_followers(proposal=proposal, event="hidden")
        assert len(smtp_server.messages) == 1  # no more mails
        assert Notification.objects.filter(event="hidden", user=proposal.author).exists()

    @pytest.mark.parametrize(
        "forge",
        [
            lambda user: unsubscribe_token(user)[:-2] + "xx",  # altered signature
            lambda user: signing.dumps({"u": user.pk}, salt="other.purpose"),
            lambda user: signing.dumps({"u": user.pk + 10**6}, salt="notifications.unsubscribe"),
            lambda user: "",
            lambda user: "not-a-token",
        ],
    )
    def test_a_bad_or_forged_token_is_refused(self, api, resident, forge):
        token = forge(resident)
        for response in (
            api.get(UNSUBSCRIBE, {"token": token}),
            api.post(f"{UNSUBSCRIBE}?token={token}"),
        ):
            body = assert_error(response, 400, "invalid_token")
            assert "token" in body["errors"]
        assert not Preference.objects.exists()


@pytest.mark.django_db
def test_the_sweep_only_queues_immediate_mails_left_unsent(proposal, resident, monkeypatch):
    from datetime import timedelta

    from notifications import tasks

    preference_set(user=resident, digest="daily")
    follow_add(user=resident, proposal=proposal)
    proposal_notify_followers(proposal=proposal, event="accepted")
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))
    queued = []
    monkeypatch.setattr(tasks.notification_send_task, "delay", queued.append)
    assert tasks.notifications_send_pending_task.apply().get() == 1
    assert queued == [Notification.objects.get(user=proposal.author).pk]

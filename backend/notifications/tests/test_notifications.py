import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import proposal_notify_author
from notifications.tasks import notification_send_task
from proposals.tests.factories import ProposalFactory


@pytest.mark.django_db
def test_author_gets_one_email_in_french_and_english(django_capture_on_commit_callbacks):
    proposal = ProposalFactory(title="Un banc rue Monge")
    with django_capture_on_commit_callbacks() as callbacks:
        notification = proposal_notify_author(
            proposal=proposal, event="rejected", reason="Hors compétence"
        )
    assert len(callbacks) == 1
    assert notification_send_task.apply(args=[notification.pk]).get() is True
    assert notification_send_task.apply(args=[notification.pk]).get() is False  # idempotent
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [proposal.author.email]
    assert "n'est pas recevable" in message.subject and "rejected" in message.subject
    assert "Hors compétence" in message.body and "Un banc rue Monge" in message.body
    assert Notification.objects.get().sent_at is not None


@pytest.mark.django_db
def test_no_author_no_notification():
    assert proposal_notify_author(proposal=ProposalFactory(author=None), event="accepted") is None
    assert not Notification.objects.exists()
